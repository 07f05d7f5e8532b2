import fs from "node:fs";
import path from "node:path";

/**
 * The import rules of src/ (docs/internals.md, "Import rules"), as data: for each area, the
 * areas its modules may import. An area is a folder under src/ (store/file, store/rest and util/fs count
 * on their own; store/*.ts is "store", the interface), or a root file.
 */
const LEAVES = ["entities", "errors", "util"];
export const ALLOWED: Record<string, string[]> = {
  entities: ["errors"],
  errors: [],
  util: ["util/fs"],
  "util/fs": ["util"],
  python: ["util"],
  "tracking-context": ["util"],
  validation: [...LEAVES, "python"],
  search: [...LEAVES, "python", "store"],
  artifacts: [...LEAVES, "util/fs", "validation"],
  data: [...LEAVES, "python", "tracking-context", "validation"],
  models: [...LEAVES, "python", "validation"],
  store: [...LEAVES, "artifacts", "search", "store/file", "store/rest"],
  compare: [...LEAVES],
  "store/file": [...LEAVES, "util/fs", "python", "validation", "search", "artifacts", "store"],
  "store/rest": [...LEAVES, "util/fs", "validation", "artifacts", "store"],
  "system-metrics": [...LEAVES, "validation", "store"],
  api: [...LEAVES, "python", "validation", "search", "artifacts", "store", "data", "models", "tracking-context", "system-metrics"],
  competition: [...LEAVES, "api", "data", "python", "validation"],
  tfjs: [...LEAVES, "api", "validation"],
  ui: [...LEAVES, "util/fs", "artifacts", "search", "store", "validation", "python", "compare"],
  report: [...LEAVES, "util/fs", "store", "validation", "ui"],
  sync: [...LEAVES, "util/fs", "artifacts", "store"],
  cli: [...LEAVES, "util/fs", "api", "artifacts", "competition", "compare", "report", "search", "store", "store/file", "sync", "ui", "validation", "python", "index"],
  index: ["*"],
};

/** Folders whose modules compute on values only: no file system, no processes. */
export const PURE = ["python", "validation", "search"];

/** Only this module of store/file may be imported from outside that folder. */
export const STORE_FILE_ENTRY = "store/file/index.ts";

export function areaOf(rel: string): string {
  const parts = rel.split("/");
  if (parts.length === 1) return parts[0]!.replace(/\.ts$/, "");
  if ((parts[0] === "store" && (parts[1] === "file" || parts[1] === "rest")) || (parts[0] === "util" && parts[1] === "fs")) {
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return parts[0]!;
}

/** Every module specifier a file imports or re-exports, statically or with import(). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith(".ts") ? [full] : [];
  });
}

/** Each import in `srcDir` that breaks a rule, as "file: imports target (why)". */
export function importViolations(srcDir: string): string[] {
  const violations: string[] = [];
  for (const file of walk(srcDir)) {
    const rel = path.relative(srcDir, file).split(path.sep).join("/");
    const from = areaOf(rel);
    const allowed = ALLOWED[from];
    if (!allowed) {
      violations.push(`${rel}: folder '${from}' has no import rule (add it to ALLOWED and docs/internals.md)`);
      continue;
    }
    for (const spec of importsOf(fs.readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) {
        if (PURE.includes(from) && /^(node:)?(fs|child_process)(\/|$)/.test(spec)) violations.push(`${rel}: imports ${spec} (${from}/ does no I/O)`);
        continue;
      }
      const target = path.relative(srcDir, path.resolve(path.dirname(file), spec)).split(path.sep).join("/").replace(/\.js$/, ".ts");
      const to = areaOf(target);
      if (to === from) continue;
      if (!allowed.includes("*") && !allowed.includes(to)) violations.push(`${rel}: imports ${target} (${from}/ may not import ${to}/)`);
      else if (to === "store/file" && target !== STORE_FILE_ENTRY) violations.push(`${rel}: imports ${target} (outside store/file, import ${STORE_FILE_ENTRY} only)`);
    }
  }
  return violations;
}

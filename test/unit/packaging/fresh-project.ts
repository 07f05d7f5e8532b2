/**
 * A user's first install, without the network: `npm pack` of this repository, extracted into a
 * fresh `npm init -y` project's node_modules/mlruns, its dependencies linked to this
 * repository's node_modules (which `npm ci` filled) as npm would install them. And
 * TypeScript's verdict on such a project, in process so the compiler loads once.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { REPO_ROOT } from "../competition/build-demo.js";

/** Packs the repository (dist/ as built) into `dest`; returns the tarball's path. */
export function packTarball(dest: string): string {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "index.js"))) {
    throw new Error("dist/index.js is missing: run `npm run build` first (npm test does).");
  }
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return path.join(dest, JSON.parse(out)[0].filename);
}

/** A fresh project at `dir` with the tarball installed; `devLinks` are more packages from this repo (e.g. @types/node). */
export function freshProject(dir: string, tarball: string, devLinks: string[] = []): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("npm", ["init", "-y"], { cwd: dir, stdio: "ignore" });
  const installed = path.join(dir, "node_modules", "mlruns");
  fs.mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
  for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...devLinks]) {
    const link = path.join(dir, "node_modules", dep);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dep), link, "dir");
  }
  return dir;
}

// Parsed lib and @types/node files, shared by every check: parsing them is most of the cost.
const parsed = new Map<string, ts.SourceFile | undefined>();

/**
 * What `tsc --noEmit --strict` reports for `files` under these options, less the checking of
 * TypeScript's libs and @types/node (as skipLibCheck would) but with mlruns's own declarations
 * checked in full, so an import there that does not resolve is reported. "" when clean.
 */
export function typecheck(dir: string, files: string[], compilerOptions: Record<string, unknown>): string {
  const { options, errors } = ts.convertCompilerOptionsFromJson({ strict: true, noEmit: true, types: ["node"], ...compilerOptions }, dir);
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, version, ...rest) => {
    const key = JSON.stringify([file, typeof version === "object" ? [version.languageVersion, version.impliedNodeFormat] : version]);
    if (!parsed.has(key)) parsed.set(key, read(file, version, ...rest));
    return parsed.get(key);
  };
  const program = ts.createProgram({ rootNames: files.map((f) => path.join(dir, f)), options, host });
  const checked = program.getSourceFiles().filter((sf) => !sf.fileName.includes("/node_modules/") || sf.fileName.includes("/node_modules/mlruns/"));
  const diagnostics = [
    ...errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
  ];
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" });
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importViolations, importsOf } from "./helpers/import-rules.js";

const SRC = path.resolve(import.meta.dirname, "../../src");

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-arch-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe("src/ imports follow the rules in docs/internals.md", () => {
  it("no module imports the wrong way", () => {
    expect(importViolations(SRC)).toEqual([]);
  });

  it("reads static, re-export, side-effect and dynamic imports", () => {
    const text = `import a from "./a.js";\nimport type { B } from "../b.js";\nexport { c } from "./c.js";\nimport "./d.js";\nconst e = await import("./e.js");\nimport {\n  f,\n  g,\n} from "./f.js";`;
    expect(importsOf(text)).toEqual(["./a.js", "../b.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
  });

  it("reports util/ importing validation/, a store/file internal from outside, fs in search/", () => {
    const dir = tree({
      "util/py.ts": `import { x } from "../validation/values.js";`,
      "validation/values.ts": `export const x = 1;`,
      "cli/doctor.ts": `import { diagnoseStore } from "../store/file/doctor.js";\nimport { FileStore } from "../store/file/index.js";`,
      "store/file/doctor.ts": `export const diagnoseStore = 1;`,
      "store/file/index.ts": `export { diagnoseStore } from "./doctor.js";`,
      "search/evaluate.ts": `import fs from "node:fs";`,
      "newfolder/thing.ts": `export const y = 2;`,
    });
    try {
      expect(importViolations(dir).sort()).toEqual([
        "cli/doctor.ts: imports store/file/doctor.ts (outside store/file, import store/file/index.ts only)",
        "newfolder/thing.ts: folder 'newfolder' has no import rule (add it to ALLOWED and docs/internals.md)",
        "search/evaluate.ts: imports node:fs (search/ does no I/O)",
        "util/py.ts: imports validation/values.ts (util/ may not import validation/)",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

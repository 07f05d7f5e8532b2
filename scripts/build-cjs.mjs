// Gives CommonJS code an entry into the ES module build: dist/cjs/ is a "commonjs" folder whose
// index.js requires ../index.js (src/cjs/index.cjs), tfjs.js ../tfjs/index.js (src/cjs/tfjs.cjs),
// competition.js ../competition/index.js (src/cjs/competition.cjs), and whose .d.ts files are copies of dist/'s,
// which TypeScript therefore reads as CommonJS. Without them, a CommonJS project under
// `module: node16` (TypeScript's model of a Node without require(esm)) rejects
// `import ... from "mlruns"` with TS1479. Source maps are left out: src/ is not published.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "dist");
const out = path.join(dist, "cjs");
fs.rmSync(out, { recursive: true, force: true });
for (const rel of fs.readdirSync(dist, { recursive: true }).map(String)) {
  if (!rel.endsWith(".d.ts")) continue;
  const text = fs.readFileSync(path.join(dist, rel), "utf8").replace(/\n\/\/# sourceMappingURL=.*$/, "\n");
  fs.mkdirSync(path.join(out, path.dirname(rel)), { recursive: true });
  fs.writeFileSync(path.join(out, rel), text);
}
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
fs.copyFileSync(path.join(root, "src", "cjs", "index.cjs"), path.join(out, "index.js"));
// mlruns/tfjs's entry; its types are dist/cjs/tfjs/index.d.ts, copied above.
fs.copyFileSync(path.join(root, "src", "cjs", "tfjs.cjs"), path.join(out, "tfjs.js"));
// mlruns/competition's entry; its types are dist/cjs/competition/index.d.ts, copied above.
fs.copyFileSync(path.join(root, "src", "cjs", "competition.cjs"), path.join(out, "competition.js"));

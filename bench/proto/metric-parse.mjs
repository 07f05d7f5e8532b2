// Prototype for a proposal to src/store/file/linked-metric-lines.ts (parseRunMetricFile):
// a single-pass scanner for the common 3-field line, falling back to the existing per-line
// parser for anything unusual. Measures both on the W4 file and checks identical output.
//   node bench/proto/metric-parse.mjs <dist> <metric file>
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
const [dist, file] = process.argv.slice(2);
const { scanRunMetricFile: parseRunMetricFile } = await import(pathToFileURL(path.join(path.resolve(dist), "store/file/run-metric-scan.js")).href);

function parseFast(key, text, onDamage) {
  const out = [];
  const n = text.length;
  let i = 0;
  let lineNo = 0;
  while (i < n) {
    const nl = text.indexOf("\n", i);
    if (nl === -1) break; // torn last line: the slow path reports it
    lineNo++;
    const s1 = text.indexOf(" ", i);
    const s2 = s1 === -1 ? -1 : text.indexOf(" ", s1 + 1);
    const s3 = s2 === -1 ? -1 : text.indexOf(" ", s2 + 1);
    if (s1 > i && s2 > s1 + 1 && s2 < nl - 1 && (s3 === -1 || s3 > nl)) {
      const timestamp = +text.slice(i, s1);
      let value = +text.slice(s1 + 1, s2);
      const step = +text.slice(s2 + 1, nl);
      if (Number.isInteger(timestamp) && Number.isInteger(step) && value === value) {
        out.push({ key, value, timestamp, step });
        i = nl + 1;
        continue;
      }
    }
    // Anything else (nan/inf, 2 or 5 fields, blank or damaged lines): the existing parser, line by line.
    for (const m of parseRunMetricFile(key, text.slice(i, nl + 1), onDamage && ((p) => onDamage(p.replace(/line 1\b/, `line ${lineNo}`))))) out.push(m);
    i = nl + 1;
  }
  if (i < n) parseRunMetricFile(key, text.slice(i), onDamage); // reports the torn line
  return out;
}

const text = fs.readFileSync(file, "utf8");
const time = (f) => { const t = performance.now(); const r = f(); return [performance.now() - t, r]; };
const a = [], b = [];
let ra, rb;
for (let k = 0; k < 5; k++) {
  const [ta, x] = time(() => parseRunMetricFile("loss", text)); a.push(ta); ra = x;
  const [tb, y] = time(() => parseFast("loss", text)); b.push(tb); rb = y;
}
const med = (xs) => xs.sort((p, q) => p - q)[xs.length >> 1];
const same = ra.length === rb.length && ra.every((m, i) => Object.is(m.value, rb[i].value) && m.step === rb[i].step && m.timestamp === rb[i].timestamp && m.key === rb[i].key && Object.keys(m).join() === Object.keys(rb[i]).join());
console.log(JSON.stringify({ points: ra.length, currentMs: med(a), fastMs: med(b), speedup: med(a) / med(b), identical: same }));

/**
 * The demo's data: the classic Auto MPG table as shipped offline by the `vega-datasets` npm
 * package (node_modules/vega-datasets/data/cars.json, 406 cars). The task is to predict
 * Miles_per_Gallon; rows without it are dropped, the other missing values (Horsepower) are
 * imputed inside the model pipeline from training rows only.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Car {
  Name: string;
  Miles_per_Gallon: number | null;
  Cylinders: number | null;
  Displacement: number | null;
  Horsepower: number | null;
  Weight_in_lbs: number | null;
  Acceleration: number | null;
  Year: string;
  Origin: string;
}

export interface CarsDataset {
  /** Rows with a known target, each with its row number in the file as `id`. */
  rows: (Car & { id: number })[];
  /** Where the file is, the package version and the file's sha256: enough to find the same bytes again. */
  source: { file: string; package: string; sha256: string };
}

export const TARGET = "Miles_per_Gallon";
export const FEATURES = [
  "Cylinders",
  "Displacement",
  "Horsepower",
  "Weight_in_lbs",
  "Acceleration",
  "model_year",
  "origin_usa",
  "origin_europe",
  "origin_japan",
] as const;

/** The package's folder, found the way Node finds the package (its `exports` only name the CDN loader). */
function vegaDatasetsDir(): string {
  const entry = fileURLToPath(import.meta.resolve("vega-datasets"));
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "data"))) return dir;
  }
  throw new Error(`vega-datasets found at ${entry}, but not its data/ folder`);
}

export function loadCars(): CarsDataset {
  const dir = vegaDatasetsDir();
  const file = path.join(dir, "data", "cars.json");
  const bytes = fs.readFileSync(file);
  const version = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version as string;
  const all = JSON.parse(bytes.toString("utf8")) as Car[];
  const rows = all.map((car, id) => ({ ...car, id })).filter((car) => car.Miles_per_Gallon !== null);
  return { rows, source: { file, package: `vega-datasets@${version}`, sha256: createHash("sha256").update(bytes).digest("hex") } };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Learns the per-column medians used to fill missing numbers: fitted on training rows only. */
export function fitImputer(rows: readonly Car[]): Record<string, number> {
  const cols = ["Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"] as const;
  return Object.fromEntries(
    cols.map((c) => [c, median(rows.map((r) => r[c]).filter((v): v is number => typeof v === "number" && !Number.isNaN(v)))]),
  );
}

/** The feature matrix, in FEATURES order. */
export function featurize(rows: readonly Car[], medians: Record<string, number>): number[][] {
  const num = (r: Car, c: keyof Car & keyof typeof medians): number => {
    const v = r[c];
    return typeof v === "number" && !Number.isNaN(v) ? v : medians[c]!;
  };
  return rows.map((r) => [
    num(r, "Cylinders"),
    num(r, "Displacement"),
    num(r, "Horsepower"),
    num(r, "Weight_in_lbs"),
    num(r, "Acceleration"),
    Number(r.Year.slice(0, 4)),
    r.Origin === "USA" ? 1 : 0,
    r.Origin === "Europe" ? 1 : 0,
    r.Origin === "Japan" ? 1 : 0,
  ]);
}

export function rmse(predicted: readonly number[], actual: readonly number[]): number {
  let sq = 0;
  for (let i = 0; i < actual.length; i++) sq += (predicted[i]! - actual[i]!) ** 2;
  return Math.sqrt(sq / actual.length);
}

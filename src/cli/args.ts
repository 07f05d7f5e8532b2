/** Command specs, argument parsing (node:util parseArgs) and generated --help text. */
import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import { suggest } from "./text.js";

export interface OptionSpec {
  name: string;
  short?: string;
  type: "string" | "boolean";
  multiple?: boolean;
  /** Shown in help: `--max N`. */
  valueName?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Usage lines after "mlruns ". */
  usage: string[];
  description?: string;
  options: OptionSpec[];
  positionals: { min: number; max: number; names: string };
  examples?: string[];
}

export const GLOBAL_OPTIONS: OptionSpec[] = [
  {
    name: "store",
    type: "string",
    valueName: "PATH|URI",
    help: "the mlruns folder (a path or file: URI); default $MLFLOW_TRACKING_URI, else ./mlruns",
  },
  { name: "help", short: "h", type: "boolean", help: "show this help" },
];

type Value = string | boolean | string[] | undefined;

export class Args {
  constructor(
    readonly command: string,
    readonly values: Record<string, Value>,
    readonly positionals: string[],
  ) {}

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === "string" ? v : Array.isArray(v) ? v[v.length - 1] : undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  list(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
  }

  /** A positive integer option, or undefined when absent. */
  positiveInt(name: string): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) {
      throw new UsageError(`--${name} expects a positive integer, got '${raw}'`, this.command);
    }
    return Number(raw);
  }

  /** --json / --csv / neither (a table). */
  format(): "table" | "json" | "csv" {
    const json = this.flag("json");
    const csv = this.flag("csv");
    if (json && csv) throw new UsageError("--json and --csv cannot be used together", this.command);
    return json ? "json" : csv ? "csv" : "table";
  }
}

export const FORMAT_OPTIONS: OptionSpec[] = [
  { name: "json", type: "boolean", help: "print JSON instead of a table (NaN and ±Infinity as strings)" },
  { name: "csv", type: "boolean", help: "print CSV instead of a table" },
];

function allOptions(spec: CommandSpec): OptionSpec[] {
  return [...spec.options, ...GLOBAL_OPTIONS];
}

/** True when --help / -h appears before a `--` separator. */
export function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}

export function parseCommandArgs(spec: CommandSpec, argv: string[]): Args {
  const options = allOptions(spec);
  const config: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = {};
  for (const o of options) config[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed: { values: Record<string, Value>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw translateParseError(err, spec, options);
  }
  const { min, max, names } = spec.positionals;
  const n = parsed.positionals.length;
  if (n < min) {
    throw new UsageError(`'mlruns ${spec.name}' needs ${names}`, spec.name);
  }
  if (n > max) {
    const extra = parsed.positionals.slice(max).map((p) => `'${p}'`).join(", ");
    throw new UsageError(
      max === 0 ? `'mlruns ${spec.name}' takes no arguments (got ${extra})` : `too many arguments for 'mlruns ${spec.name}': ${extra}`,
      spec.name,
    );
  }
  return new Args(spec.name, parsed.values, parsed.positionals);
}

function translateParseError(err: unknown, spec: CommandSpec, options: OptionSpec[]): unknown {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const opt = /'([^']+)'/.exec(message)?.[1] ?? "?";
      const names = options.map((o) => `--${o.name}`);
      const hint = opt.startsWith("--") ? suggest(opt.split("=")[0]!, names) : undefined;
      return new UsageError(`unknown option '${opt}' for 'mlruns ${spec.name}'${hint ? ` (did you mean '${hint}'?)` : ""}`, spec.name);
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const opt = /(--[\w-]+)/.exec(message)?.[1] ?? /'(-\w)/.exec(message)?.[1] ?? "?";
      const o = options.find((x) => `--${x.name}` === opt || `-${x.short}` === opt);
      if (o?.type === "boolean") return new UsageError(`option '${opt}' takes no value`, spec.name);
      return new UsageError(`option '${opt}' needs a value${o?.valueName ? ` (${o.valueName})` : ""}`, spec.name);
    }
    default:
      return err;
  }
}

function optionLabel(o: OptionSpec): string {
  const long = `--${o.name}${o.type === "string" ? ` ${o.valueName ?? "VALUE"}` : ""}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function optionTable(options: OptionSpec[], width = Math.max(...options.map((o) => optionLabel(o).length))): string[] {
  const labels = options.map(optionLabel);
  return options.map((o, i) => `  ${labels[i]!.padEnd(width)}  ${o.help}${o.multiple ? " (repeatable)" : ""}`);
}

export function formatHelp(spec: CommandSpec): string {
  const lines: string[] = [];
  lines.push(`mlruns ${spec.name}: ${spec.summary}`, "");
  lines.push("Usage:");
  for (const u of spec.usage) lines.push(`  mlruns ${u}`);
  if (spec.description) lines.push("", ...spec.description.split("\n"));
  const width = Math.max(...[...spec.options, ...GLOBAL_OPTIONS].map((o) => optionLabel(o).length));
  if (spec.options.length) lines.push("", "Options:", ...optionTable(spec.options, width));
  lines.push("", "Global options:", ...optionTable(GLOBAL_OPTIONS, width));
  if (spec.examples?.length) lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
  return lines.join("\n") + "\n";
}

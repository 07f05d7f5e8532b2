import fs from "node:fs";

let cached: string | undefined;

/** This package's version, from its own package.json ("unknown" if it cannot be read). */
export function mlrunsVersion(): string {
  if (cached === undefined) {
    try {
      // src/<folder>/, dist/<folder>/ and the CLI's bundle in dist/bin/ all sit two levels below the package root.
      const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
      cached = String(pkg.version ?? "unknown");
    } catch {
      cached = "unknown";
    }
  }
  return cached;
}

// The flavors an MLmodel file declares: the keys indented one level under its top-level
// `flavors:` (MLflow writes it with yaml.safe_dump, two-space indents). A preview needs only
// their names, so no YAML parser goes into the bundle; the file itself is shown as text.
export function mlmodelFlavors(text) {
  const flavors = [];
  let inside = false;
  let indent = null;
  for (const line of String(text ?? "").split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const lead = line.length - line.trimStart().length;
    if (lead === 0) {
      inside = /^flavors:\s*$/.test(line);
      indent = null;
      continue;
    }
    if (!inside) continue;
    indent ??= lead;
    const m = lead === indent && /^\s*([^:\s][^:]*):/.exec(line);
    if (m) flavors.push(m[1].trim());
  }
  return flavors;
}

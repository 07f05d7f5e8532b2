// Hash routing: the whole view (experiment, filter, order, page, run, artifact) is in the URL,
// so a link reproduces what was on screen.
import { useEffect, useState } from "preact/hooks";

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, "") || "/";
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params };
}

export function hrefFor(parts, params = {}) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    for (const one of Array.isArray(v) ? v : [v]) search.append(k, one);
  }
  // Commas need no escaping in a query: `runs=a,b` stays readable in a shared link.
  const qs = search.toString().replace(/%2C/gi, ",");
  return `#/${parts.map(encodeURIComponent).join("/")}${qs ? `?${qs}` : ""}`;
}

/** A comma list of the URL (`runs=a,b`), blanks dropped; [] when the parameter is absent. */
export function listParam(params, name) {
  return (params.get(name) ?? "").split(",").filter(Boolean);
}

export function navigate(parts, params) {
  location.hash = hrefFor(parts, params);
}

export function useRoute() {
  const [route, setRoute] = useState(parseHash());
  useEffect(() => {
    const onChange = () => setRoute(parseHash());
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

// Element building for the report: children are nodes or strings, and strings become text nodes.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "title") node.title = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

/** A distinct colour per run, the same in every chart and the table's swatch. */
export function runColor(i) {
  return `hsl(${Math.round((i * 137.508) % 360)}, 70%, 42%)`;
}

// A run's note (mlflow.note.content) as Markdown, made safe by construction: marked only
// tokenises the text, and this module builds preact vnodes from the tokens. No HTML string is
// ever produced or parsed, so raw HTML in the note stays text, and only links whose protocol is
// http, https or mailto become anchors. Images are not loaded (a note could track its reader):
// their alt text is shown. See docs/ui.md, "Markdown notes".
import { Lexer } from "marked";
import { h } from "preact";

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: "\u00a0" };

/** The href if a browser would follow it to a page (parsed as the browser parses it), else null. */
export function safeHref(href) {
  try {
    const url = new URL(String(href));
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null; // relative or malformed: nothing in the app to point at
  }
}

const decode = (text) => String(text).replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e) => ENTITIES[e]);

function inline(tokens = []) {
  return tokens.map((t, i) => inlineToken(t, i));
}

function inlineToken(t, key) {
  switch (t.type) {
    case "strong":
      return h("strong", { key }, inline(t.tokens));
    case "em":
      return h("em", { key }, inline(t.tokens));
    case "del":
      return h("del", { key }, inline(t.tokens));
    case "codespan":
      return h("code", { key }, decode(t.text));
    case "br":
      return h("br", { key });
    case "link": {
      const href = safeHref(t.href);
      if (!href) return h("span", { key, class: "dropped-link", title: "link not followed: only http, https and mailto links are" }, inline(t.tokens));
      return h("a", { key, href, target: "_blank", rel: "noopener noreferrer nofollow", title: t.title ?? undefined }, inline(t.tokens));
    }
    case "image":
      return h("span", { key, class: "dropped-image" }, `[image: ${decode(t.text || t.href)}]`);
    case "text":
      return t.tokens ? h("span", { key }, inline(t.tokens)) : decode(t.text);
    case "escape":
      return decode(t.text);
    case "html":
    default:
      // Raw HTML (and anything marked adds later) is shown as the text it is.
      return t.raw ?? t.text ?? "";
  }
}

function blocks(tokens = []) {
  return tokens.map((t, i) => blockToken(t, i)).filter((n) => n !== null);
}

function blockToken(t, key) {
  switch (t.type) {
    case "space":
    case "def":
      return null;
    case "heading":
      return h(`h${Math.min(6, Math.max(3, t.depth + 2))}`, { key }, inline(t.tokens));
    case "paragraph":
      return h("p", { key }, inline(t.tokens));
    case "text":
      return h("p", { key }, t.tokens ? inline(t.tokens) : decode(t.text));
    case "code":
      return h("pre", { key, class: "code" }, h("code", null, t.text));
    case "blockquote":
      return h("blockquote", { key }, blocks(t.tokens));
    case "hr":
      return h("hr", { key });
    case "list":
      return h(
        t.ordered ? "ol" : "ul",
        { key, start: t.ordered && t.start !== "" && t.start !== 1 ? t.start : undefined },
        t.items.map((item, i) => h("li", { key: i }, listItem(item))),
      );
    case "table":
      return h("table", { key, class: "md-table" }, [
        h("thead", { key: "h" }, h("tr", null, t.header.map((c, i) => h("th", { key: i }, inline(c.tokens))))),
        h("tbody", { key: "b" }, t.rows.map((row, r) => h("tr", { key: r }, row.map((c, i) => h("td", { key: i }, inline(c.tokens)))))),
      ]);
    case "html":
    default:
      return h("p", { key, class: "raw-html" }, t.raw ?? t.text ?? "");
  }
}

// A tight list item's text is inline; a loose one's holds paragraphs.
function listItem(item) {
  return item.tokens.map((t, i) => {
    if (t.type === "checkbox") return h("input", { key: i, type: "checkbox", checked: t.checked, disabled: true });
    if (t.type === "text" && !item.loose) return h("span", { key: i }, t.tokens ? inline(t.tokens) : decode(t.text));
    return blockToken(t, i);
  });
}

/** The note as vnodes (GitHub-flavoured Markdown, as MLflow's UI renders it). */
export function renderMarkdown(text) {
  return blocks(Lexer.lex(String(text ?? ""), { gfm: true }));
}

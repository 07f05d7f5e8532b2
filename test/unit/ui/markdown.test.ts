/**
 * The run page's Markdown note: what it renders, and that a hostile note renders nothing that
 * runs. The app's module is rendered to HTML with preact-render-to-string, which escapes text
 * the way the browser's DOM keeps it as text.
 */
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { renderMarkdown, safeHref } from "../../../src/ui/app/markdown.js";
import { HOSTILE_NOTE } from "./table-store.js";

const render = (md: string) => renderToString(h("div", null, renderMarkdown(md)));
/** Every tag name the output holds. */
const tags = (html: string) => [...new Set([...html.matchAll(/<([a-z0-9]+)[\s>/]/g)].map((m) => m[1]))].sort();
/** Every attribute name=value pair. */
const attributes = (html: string) => [...html.matchAll(/\s([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]);

describe("a note rendered as Markdown", () => {
  it("renders headings, emphasis, code, lists, tables, quotes and safe links", () => {
    const out = render("# Title\n\n**bold** _em_ `x < 1`\n\n- a\n- b\n\n1. one\n\n| k | v |\n|---|---|\n| lr | 0.1 |\n\n> quoted\n\n```\nfit()\n```\n\n[docs](https://mlflow.org/docs) <mail@example.org>");
    expect(tags(out)).toEqual(["a", "blockquote", "code", "div", "em", "h3", "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"]);
    expect(out).toContain("<code>x &lt; 1</code>");
    expect(out).toContain('href="https://mlflow.org/docs"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });

  it("a hostile note: no script, img, iframe or event handler; no javascript: or data: href; the raw HTML shows as text", () => {
    const out = render(HOSTILE_NOTE);
    expect(tags(out)).not.toEqual(expect.arrayContaining(["script"]));
    for (const tag of ["script", "img", "iframe", "object", "embed", "svg"]) expect(tags(out)).not.toContain(tag);
    for (const [name, value] of attributes(out)) {
      expect(name).not.toMatch(/^on/);
      if (name === "href" || name === "src") expect(value).toMatch(/^(https?:|mailto:)/);
    }
    expect(out).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
    // The only anchor is the safe one.
    expect([...out.matchAll(/<a /g)]).toHaveLength(1);
    // What the note says is still there to read, as text.
    expect(out).toContain("&lt;script>alert('script')&lt;/script>");
    expect(out).toContain("&lt;img src=x onerror=alert('img')>");
    expect(out).toContain("&lt;iframe");
    expect(out).toContain("click me");
    expect(out).toContain("[image: pic]");
  });

  it("safeHref keeps http, https and mailto only, parsed as a browser parses them", () => {
    expect(safeHref("https://example.org/a?b=1")).toBe("https://example.org/a?b=1");
    expect(safeHref("mailto:a@b.c")).toBe("mailto:a@b.c");
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "data:text/html,<script>", "vbscript:x", "file:///etc/passwd", "/relative", "#frag", ""]) {
      expect(safeHref(bad), bad).toBeNull();
    }
  });

  it("entities in text are shown as the characters they name, never parsed as markup", () => {
    const out = render("a &lt;b&gt; &amp; c\\*d");
    expect(out).toBe("<div><p>a &lt;b> &amp; c*d</p></div>");
  });
});

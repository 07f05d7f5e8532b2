/** Just enough Markdown reading to test what the README and docs/ say: fences, links, anchors. */

export interface FencedBlock {
  /** The info string's first word (`js`, `bash`, `text`), or "" when the fence has none. */
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith(open[1])) body.push(lines[j++]);
    blocks.push({ lang: open[2], code: body.join("\n") + "\n", line: i + 1 });
    i = j;
  }
  return blocks;
}

/** Link targets outside code fences and code spans: `[text](target)`. */
export function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** The anchors GitHub gives a page's headings (lower case, punctuation dropped, spaces to dashes). */
export function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  const anchors = new Set<string>();
  for (const m of prose.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    anchors.add(
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-"),
    );
  }
  return anchors;
}

// A tiny XML well-formedness checker and element reader for tests (node has no DOM parser and we
// add no dependency). Checks: one root element, tags nest and match, attribute syntax name="v" with
// no duplicates, no raw '<' or stray '&' in text or attribute values (only the five predefined
// entities and numeric references). Returns the elements with their attributes, in document order.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  depth: number;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;

function decode(s: string, where: number): string {
  return s.replace(/&([^;]*);|&/g, (m, ent: string | undefined) => {
    if (ent === undefined) throw new Error(`XML: bare '&' near offset ${where}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (ent in named) return named[ent];
    if (/^#[0-9]+$/.test(ent)) return String.fromCodePoint(Number(ent.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(ent)) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    throw new Error(`XML: unknown entity '&${ent};' near offset ${where}`);
  });
}

/** Parse `text`; throw on the first well-formedness error. */
export function parseXml(text: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: string[] = [];
  let i = 0, roots = 0;
  if (text.startsWith("<?xml")) {
    const e = text.indexOf("?>");
    if (e < 0) throw new Error("XML: unterminated declaration");
    i = e + 2;
  }
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.includes(">")) throw new Error(`XML: stray '>' near offset ${i}`);
    decode(chunk, i);
    if (stack.length === 0 && chunk.trim() !== "") throw new Error(`XML: text outside the root element near offset ${i}`);
    if (lt < 0) break;
    i = lt;
    if (text.startsWith("<!--", i)) {
      const e = text.indexOf("-->", i);
      if (e < 0) throw new Error("XML: unterminated comment");
      i = e + 3;
      continue;
    }
    if (text.startsWith("</", i)) {
      const m = NAME.exec(text.slice(i + 2));
      if (!m) throw new Error(`XML: bad closing tag at ${i}`);
      const j = i + 2 + m[0].length;
      const close = text.indexOf(">", j);
      if (close < 0 || text.slice(j, close).trim() !== "") throw new Error(`XML: bad closing tag at ${i}`);
      const open = stack.pop();
      if (open !== m[0]) throw new Error(`XML: </${m[0]}> closes <${open}> at ${i}`);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (!m) throw new Error(`XML: bad tag at ${i}`);
    if (stack.length === 0) {
      roots++;
      if (roots > 1) throw new Error("XML: more than one root element");
    }
    const el: XmlElement = { name: m[0], attrs: {}, depth: stack.length };
    let j = i + 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(text.slice(j))![0].length;
      j += ws;
      if (text.startsWith("/>", j)) { j += 2; break; }
      if (text[j] === ">") { j += 1; stack.push(el.name); break; }
      if (ws === 0) throw new Error(`XML: expected whitespace before attribute at ${j}`);
      const a = /^([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(j));
      if (!a) throw new Error(`XML: bad attribute at ${j}: ${text.slice(j, j + 30)}`);
      if (a[1] in el.attrs) throw new Error(`XML: duplicate attribute ${a[1]} at ${j}`);
      el.attrs[a[1]] = decode(a[3] ?? a[4], j);
      j += a[0].length;
    }
    out.push(el);
    i = j;
  }
  if (stack.length) throw new Error(`XML: unclosed <${stack[stack.length - 1]}>`);
  if (roots !== 1) throw new Error("XML: no root element");
  return out;
}

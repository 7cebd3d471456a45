// Where is a JSON text broken? JSON.parse does not always say (V8 reports some errors without a
// position), so on failure the text is scanned again by this small recursive-descent checker,
// which returns the 1-based line and what it expected there. It is only used for error messages.

export interface JsonSyntaxError {
  line: number;
  column: number;
  what: string;
}

/** The first syntax error in `text`, or undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (what: string): never => {
    const before = text.slice(0, i);
    const line = before.split("\n").length;
    const column = i - before.lastIndexOf("\n");
    const found = i >= text.length ? "end of text" : `'${text[i]}'`;
    throw { line, column, what: `expected ${what}, found ${found}` } satisfies JsonSyntaxError;
  };
  const ws = () => { while (i < text.length && " \t\n\r".includes(text[i])) i++; };
  const literal = (word: string) => { if (text.startsWith(word, i)) i += word.length; else fail("a JSON value"); };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      else if (text.charCodeAt(i) < 0x20) fail("a closing '\"' (control character inside a string)");
      i++;
    }
    if (i >= text.length) fail("a closing '\"'");
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === "" || m[0] === "-") fail("a JSON value");
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++; ws();
      if (text[i] === "}") { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("a property name in double quotes");
        string(); ws();
        if (text[i] !== ":") fail("':' after a property name");
        i++; value(); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return; }
        fail("',' or '}' after a property value");
      }
    } else if (c === "[") {
      i++; ws();
      if (text[i] === "]") { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return; }
        fail("',' or ']' after an array element");
      }
    } else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail("the end of the text after the top-level value");
    return undefined;
  } catch (e) {
    if (e && typeof e === "object" && "line" in e) return e as JsonSyntaxError;
    throw e;
  }
}

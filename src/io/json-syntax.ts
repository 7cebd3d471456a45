// Every JSON input (model files, checkpoints, configs, study specs, recipes, pymatgen data, points
// specs) is parsed by `parseJson` here, so all of them report errors the same way:
//   - nesting deeper than MAX_JSON_DEPTH levels of [ ] / { } is refused first, naming the line
//     (aemap's files need fewer than 10; deeper input would only exhaust the stack of the
//     recursive checks and messages that follow the parse);
//   - a syntax error names the line and what was expected there. JSON.parse does not always say
//     (V8 reports some errors without a position), so on failure the text is scanned again by a
//     small recursive-descent checker (findJsonSyntaxError), used only for error messages.
import { ParseError } from "./errors.js";

/** Deepest nesting of arrays and objects accepted in a JSON input. */
export const MAX_JSON_DEPTH = 100;

export interface JsonSyntaxError {
  line: number;
  column: number;
  what: string;
}

/** 1-based line and column of character i. */
function position(text: string, i: number): { line: number; column: number } {
  const before = text.slice(0, i);
  return { line: before.split("\n").length, column: i - before.lastIndexOf("\n") };
}

/** The first '[' or '{' nested deeper than `maxDepth`, or undefined. Linear, strings skipped. */
export function findJsonTooDeep(text: string, maxDepth = MAX_JSON_DEPTH): JsonSyntaxError | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // skip a string: up to the next unescaped quote
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return { ...position(text, i), what: `arrays and objects nested more than ${maxDepth} levels deep: expected at most ${maxDepth} (aemap's files need fewer than 10)` };
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/**
 * Parse the JSON text of `file` (a file name, or e.g. an option name for inline JSON). Errors are
 * ParseErrors "<file>:<line>: ..." for too-deep nesting and syntax errors.
 */
export function parseJson(text: string, file: string): unknown {
  const deep = findJsonTooDeep(text);
  if (deep) throw new ParseError({ file, line: deep.line }, `${deep.what} (column ${deep.column})`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const where = findJsonSyntaxError(text);
    if (where) throw new ParseError({ file, line: where.line }, `not valid JSON: ${where.what} (column ${where.column})`);
    throw new ParseError({ file }, `not valid JSON: ${(e as Error).message}`);
  }
}

/** The first syntax error in `text`, or undefined when the text is valid JSON (nesting within MAX_JSON_DEPTH). */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  if (findJsonTooDeep(text)) return findJsonTooDeep(text);
  let i = 0;
  const fail = (what: string): never => {
    const found = i >= text.length ? "end of text" : `'${text[i]}'`;
    throw { ...position(text, i), what: `expected ${what}, found ${found}` } satisfies JsonSyntaxError;
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

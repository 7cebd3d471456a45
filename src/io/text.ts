// Small helpers shared by the line-oriented readers: split text into lines and tokens, parse
// numbers strictly (no silent NaN, no "12abc"), and format numbers so they read back bit-exactly.
import { ParseError, type Location } from "./errors.js";

/** Lines of a text (index i is line i + 1); a trailing newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Whitespace-separated tokens of a line. */
export function tokens(line: string): string[] {
  const t = line.trim();
  return t === "" ? [] : t.split(/\s+/);
}

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;
const INT = /^[+-]?\d+$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Parse one real number. Fortran exponents (1.0D-3) are accepted. NaN and Inf are rejected
 * with their own message; so is anything that is not a complete number.
 */
export function parseReal(token: string | undefined, at: Location, what: string): number {
  if (token === undefined) throw new ParseError(at, `expected ${what}, found end of line`);
  if (NON_FINITE.test(token)) throw new ParseError(at, `${what} is ${token}, expected a finite number`);
  if (!FLOAT.test(token)) throw new ParseError(at, `expected ${what} (a number), found '${token}'`);
  const x = Number(token.replace(/[dD]/, "e"));
  if (!Number.isFinite(x)) throw new ParseError(at, `${what} is ${token}, expected a finite number`);
  return x;
}

/** Parse one integer (no decimal point, no exponent). */
export function parseInteger(token: string | undefined, at: Location, what: string): number {
  if (token === undefined) throw new ParseError(at, `expected ${what}, found end of line`);
  if (!INT.test(token)) throw new ParseError(at, `expected ${what} (an integer), found '${token}'`);
  return Number(token);
}

/** Parse `count` reals from tokens[from..]; the error names how many were found. */
export function parseReals(toks: string[], from: number, count: number, at: Location, what: string): number[] {
  if (toks.length - from < count) {
    throw new ParseError(at, `expected ${count} numbers (${what}), found ${Math.max(0, toks.length - from)}`);
  }
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(parseReal(toks[from + k], at, `${what} value ${k + 1}`));
  return out;
}

/**
 * The shortest decimal that reads back to the same f64 (JavaScript's own number-to-string
 * algorithm), with the sign of −0 kept.
 */
export function fmt(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

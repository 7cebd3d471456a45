// Small checks shared by the JSON input parsers (study specs, teacher recipes): parse the text so
// a syntax error names the file, tell a JSON object from other values, and the rule for names.
import { parseJson } from "../io/json-syntax.js";
import { ParseError } from "../io/errors.js";

export type Json = unknown;

/** A JSON object (not null, not an array). */
export const isJsonObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Names of groups, datasets and experiments (safe in file names and CLI arguments). */
export const NAME = /^[A-Za-z0-9._+-]+$/;
/** What NAME allows, for error messages. */
export const NAME_RULE = "letters, digits and . _ + - only";

/** JSON.parse with the nesting limit; errors are ParseErrors "<file>:<line>: …" (src/io/json-syntax.ts). */
export function parseJsonText(text: string, file: string): Json {
  return parseJson(text, file);
}

/** Short description of a JSON value for "found ..." (never the whole of a large value). */
export function describeJson(v: Json): string {
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (isJsonObject(v)) return "an object";
  const t = JSON.stringify(v);
  return t.length > 40 ? t.slice(0, 37) + "..." : t;
}

/**
 * Checks on a parsed JSON document (model files, checkpoints). Each failure is a ParseError
 * "<file>: at <path>: expected <what>, found <value>".
 */
export class JsonChecker {
  constructor(readonly file: string) {}

  fail(path: string, what: string): never {
    throw new ParseError({ file: this.file, path }, what);
  }
  expected(path: string, what: string, v: Json): never {
    return this.fail(path, `expected ${what}, found ${describeJson(v)}`);
  }
  object(v: Json, path: string): Record<string, Json> {
    return isJsonObject(v) ? v : this.expected(path, "an object", v);
  }
  string(v: Json, path: string, pattern?: RegExp, what = "a string"): string {
    return typeof v === "string" && (!pattern || pattern.test(v)) ? v : this.expected(path, what, v);
  }
  /** A finite number in [min, max] (integer when asked). */
  number(v: Json, path: string, o: { min?: number; max?: number; integer?: boolean } = {}): number {
    const min = o.min ?? -Infinity, max = o.max ?? Infinity;
    const ok = typeof v === "number" && Number.isFinite(v) && v >= min && v <= max && (!o.integer || Number.isInteger(v));
    if (ok) return v;
    const range = min > -Infinity && max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` ≥ ${min}` : max < Infinity ? ` ≤ ${max}` : "";
    return this.expected(path, `${o.integer ? "an integer" : "a finite number"}${range}`, v);
  }
  /** A list (of `length` entries when given). */
  array(v: Json, path: string, length?: number, what = "a list"): Json[] {
    if (!Array.isArray(v)) return this.expected(path, length === undefined ? what : `${what} of ${length}`, v);
    if (length !== undefined && v.length !== length) this.fail(path, `expected ${what} of ${length}, found a list of ${v.length}`);
    return v;
  }
  /** A list of finite numbers (of `length` when given); the first bad entry is named. */
  numbers(v: Json, path: string, length?: number, what = "numbers"): number[] {
    const a = this.array(v, path, length, `a list of ${what}`);
    a.forEach((x, k) => { if (typeof x !== "number" || !Number.isFinite(x)) this.expected(`${path}[${k}]`, "a finite number", x); });
    return a as number[];
  }
  oneOf<T extends string>(v: Json, path: string, allowed: readonly T[]): T {
    return allowed.includes(v as T) ? (v as T) : this.expected(path, allowed.map((a) => JSON.stringify(a)).join(" or "), v);
  }
}

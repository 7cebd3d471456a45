// JSON-lines training log: one JSON object per line, written through a sink the caller supplies
// (a file appender in the CLI, an array or a console in the browser).
//
// Every line is reproducible text: keys are written in sorted order at every depth, numbers in
// JavaScript's shortest round-trip form (parseFloat gives back the same double), typed arrays as
// arrays. JSON has no NaN or ±Infinity, so they are written as the strings "NaN", "Infinity",
// "-Infinity" and -0 as the string "-0"; `parseLogLine` turns those strings back into numbers.
//
// The trainer's lines carry a `units` record naming the unit of their keys (src/util/units-record.ts,
// docs/units.md).
import { findJsonTooDeep } from "../io/json-syntax.js";

export class JsonLinesLog {
  private readonly write: (line: string) => void;

  /** `write` receives each line without its trailing newline. */
  constructor(write: (line: string) => void) {
    this.write = write;
  }

  /** Write one record as one line. */
  record(obj: Record<string, unknown>): void {
    this.write(stringifyLogRecord(obj));
  }
}

/** The text of one log line for `obj` (no newline). */
export function stringifyLogRecord(obj: Record<string, unknown>): string {
  return JSON.stringify(normalise(obj, "$"));
}

/** Parse one log line, turning "NaN", "Infinity", "-Infinity" and "-0" strings back into numbers. */
export function parseLogLine(line: string): Record<string, unknown> {
  const deep = findJsonTooDeep(line);
  if (deep) throw new Error(deep.what);
  return JSON.parse(line, (_key, value) => {
    if (value === "NaN") return NaN;
    if (value === "Infinity") return Infinity;
    if (value === "-Infinity") return -Infinity;
    if (value === "-0") return -0;
    return value;
  });
}

/** Copy with sorted keys, typed arrays as arrays and JSON-less numbers as strings. */
function normalise(v: unknown, path: string): unknown {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (v === Infinity) return "Infinity";
    if (v === -Infinity) return "-Infinity";
    if (Object.is(v, -0)) return "-0";
    return v;
  }
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (v === undefined) return undefined;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => normalise(x, path));
  if (Array.isArray(v)) return v.map((x, i) => normalise(x === undefined ? null : x, `${path}[${i}]`));
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v as object).sort()) {
      const x = normalise((v as Record<string, unknown>)[key], `${path}.${key}`);
      if (x !== undefined) out[key] = x;
    }
    return out;
  }
  throw new Error(`log record: ${path} is a ${typeof v}, which a JSON log line cannot hold`);
}

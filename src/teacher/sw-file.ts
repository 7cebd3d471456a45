// Reader for LAMMPS Stillinger–Weber parameter files (`.sw`, the format of LAMMPS
// `pair_style sw`): text after '#' is a comment; each entry is three element names (centre
// first) and 11 numbers ε σ a λ γ cos θ0 A B p q tol, in LAMMPS "metal" units (eV, Å). An entry
// may continue over several lines (lines are joined until 14 fields are read). Every ordered
// triplet of the file's elements must appear exactly once.
//
// Checks beyond LAMMPS' own (without them LAMMPS' result would depend on neighbour order):
// lines i j k and i k j must agree on λε and cos θ0, and lines i j j and j i i on the two-body
// parameters ε σ a A B p q tol and the neighbour cutoff, to a relative 1e-5 (the rounding of
// published tables, e.g. LAMMPS' CdTeZnSeHgS0.sw; the mean is used, src/teacher/sw-parameters.ts).
// A "UNITS:" tag on the first line must say metal.
import { ParseError } from "../io/errors.js";
import { isElement } from "../structure/elements.js";
import { listCutoff, type SwParameters, type SwPotential } from "./sw-parameters.js";

const FIELDS = ["epsilon", "sigma", "a", "lambda", "gamma", "cosTheta0", "A", "B", "p", "q", "tol"] as const;
const SYMBOLS: Record<(typeof FIELDS)[number], string> = {
  epsilon: "ε", sigma: "σ", a: "a", lambda: "λ", gamma: "γ", cosTheta0: "cos θ0", A: "A", B: "B", p: "p", q: "q", tol: "tol",
};
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Relative agreement asked of the two orders of a triplet or pair. */
export const SW_SYMMETRY_TOLERANCE = 1e-5;

interface Line { params: SwParameters; line: number; names: [string, string, string] }

/** Parse a `.sw` file; `file` names it in errors. */
export function parseSwFile(text: string, file = "<sw>", name = file): SwPotential {
  const lines = text.split(/\r?\n/);
  const units = /UNITS:\s*(\S+)/.exec(lines[0] ?? "");
  if (units && units[1] !== "metal") {
    throw new ParseError({ file, line: 1 }, `the file is in LAMMPS "${units[1]}" units; aemap reads Stillinger–Weber files in "metal" units (eV, Å)`);
  }
  const citation = /CITATION:\s*(.+?)\s*$/.exec(lines[0] ?? "")?.[1];

  // Gather entries of 14 fields, joining continuation lines.
  const parsed: Line[] = [];
  let words: string[] = [], first = 0;
  for (let k = 0; k < lines.length; k++) {
    const w = lines[k].replace(/#.*/, "").trim().split(/\s+/).filter((x) => x !== "");
    if (w.length === 0) continue;
    if (words.length === 0) first = k + 1;
    words.push(...w);
    if (words.length < 14) continue;
    if (words.length > 14) {
      throw new ParseError({ file, line: k + 1 }, `expected 14 fields (3 elements and ε σ a λ γ cos θ0 A B p q tol) in the entry starting at line ${first}, found ${words.length}`);
    }
    parsed.push(entryOf(words, file, first));
    words = [];
  }
  if (words.length > 0) {
    throw new ParseError({ file, line: first }, `incomplete entry: expected 14 fields (3 elements and ε σ a λ γ cos θ0 A B p q tol), found ${words.length} before the end of the file`);
  }
  if (parsed.length === 0) throw new ParseError({ file }, "no parameter entries found (expected lines of 3 elements and 11 numbers)");

  // Elements in order of first appearance; every triplet exactly once.
  const elements: string[] = [];
  for (const e of parsed) for (const s of e.names) if (!elements.includes(s)) elements.push(s);
  const n = elements.length, slot: (Line | undefined)[] = Array(n * n * n);
  const index = (t: string[]) => (elements.indexOf(t[0]) * n + elements.indexOf(t[1])) * n + elements.indexOf(t[2]);
  for (const e of parsed) {
    const prev = slot[index(e.names)];
    if (prev) throw new ParseError({ file, line: e.line }, `duplicate entry ${e.names.join(" ")} (first at line ${prev.line})`);
    slot[index(e.names)] = e;
  }
  const missing: string[] = [];
  for (const i of elements) for (const j of elements) for (const k of elements) if (!slot[index([i, j, k])]) missing.push(`${i} ${j} ${k}`);
  if (missing.length > 0) {
    throw new ParseError({ file }, `missing ${missing.length} of the ${n ** 3} entries for elements ${elements.join(", ")}: ${missing.slice(0, 6).join("; ")}${missing.length > 6 ? "; …" : ""}`);
  }
  const get = (i: string, j: string, k: string) => slot[index([i, j, k])]!;
  for (const i of elements) for (const j of elements) {
    for (const k of elements) {
      if (j >= k) continue;
      const a = get(i, j, k), b = get(i, k, j);
      checkSame(file, a, b, "λε", a.params.lambda * a.params.epsilon, b.params.lambda * b.params.epsilon, "the three-body term");
      checkSame(file, a, b, "cos θ0", a.params.cosTheta0, b.params.cosTheta0, "the three-body term");
    }
    if (i < j) {
      const a = get(i, j, j), b = get(j, i, i);
      for (const f of ["epsilon", "sigma", "a", "A", "B", "p", "q", "tol"] as const) {
        checkSame(file, a, b, SYMBOLS[f], a.params[f] ?? 0, b.params[f] ?? 0, `the two-body term of ${i}–${j}`);
      }
      // With tol > 0 the neighbour cutoff also depends on γ (γ < 1 or not).
      checkSame(file, a, b, "the neighbour cutoff (from tol, σ, γ)", listCutoff(a.params), listCutoff(b.params), `the two-body term of ${i}–${j}`);
    }
  }
  return { name, elements, entries: slot.map((e) => e!.params), ...(citation ? { citation } : {}) };
}

function entryOf(w: string[], file: string, line: number): Line {
  const names = [w[0], w[1], w[2]] as [string, string, string];
  for (const s of names) {
    if (!isElement(s)) throw new ParseError({ file, line }, `expected a chemical element symbol, found "${s}"`);
  }
  const params = {} as SwParameters;
  FIELDS.forEach((f, q) => {
    const t = w[3 + q];
    if (!NUMBER.test(t)) throw new ParseError({ file, line }, `${SYMBOLS[f]} (field ${4 + q}): expected a number, found "${t}"`);
    const x = Number(t);
    if (!Number.isFinite(x)) throw new ParseError({ file, line }, `${SYMBOLS[f]} (field ${4 + q}): expected a finite number, found "${t}"`);
    if (f !== "cosTheta0" && x < 0) throw new ParseError({ file, line }, `${SYMBOLS[f]} (field ${4 + q}): expected a number ≥ 0, found ${t}`);
    params[f] = x;
  });
  return { params, line, names };
}

function checkSame(file: string, a: Line, b: Line, what: string, x: number, y: number, term: string): void {
  if (Math.abs(x - y) <= SW_SYMMETRY_TOLERANCE * Math.max(Math.abs(x), Math.abs(y))) return;
  throw new ParseError({ file, line: b.line },
    `${what} of ${b.names.join(" ")} (${y}) differs from ${a.names.join(" ")} at line ${a.line} (${x}): both enter ${term}, and LAMMPS would use one or the other depending on neighbour order`);
}

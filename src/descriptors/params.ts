// Symmetry-function parameter files (docs/descriptors.md lists every line form).
//
// SIMPLE-NN `params_XX` (one file per centre element XX), one function per line:
//   <type> <nbr1> <nbr2> <Rc> <p1> <p2> <p3>
//   type 2: `2 <nbr> 0 <Rc> <η> <Rs> 0`;  4 and 5 (n2p2 3 and 9): `4|5 <nbr1> <nbr2> <Rc> <η> <ζ> <λ>`
// Neighbour types are 1-based indices into the element list of SIMPLE-NN's input.yaml `params`
// tag (its order, not atomic number); the type-2 third column is ignored; the order of nbr1/nbr2
// does not matter. Blank lines and `#` comments are skipped. SIMPLE-NN knows only these three
// types, with the cosine cutoff and no angular shift.
//
// n2p2 `input.nn`: the `symfunction_short` lines (every type, n2p2SymfunctionLine) and the
// `cutoff_type <T> [<α>]` line, which applies to every function of types 2–13 (T = 0 … 8:
// hard cos tanhu tanh exp poly1 poly2 poly3 poly4). Everything else in the file is left to the
// model importer (src/model/n2p2). Numbers are taken as Å and Å⁻² — an input.nn written for data
// in Bohr must be converted (scaleLengths, sets.ts).
import { atomicNumber } from "../structure/elements.js";
import { COMPACT_SUBTYPES, CUTOFF_TYPES, TYPES, validateFunctions } from "./sets.js";
import type { CompactSubtype, CutoffType, SymmetryFunction, SymmetryFunctionType } from "./types.js";

/** SIMPLE-NN's type number of n2p2 types 2, 3, 9 (SIMPLE-NN has no others). */
export const SIMPLE_NN_TYPE: Readonly<Partial<Record<SymmetryFunctionType, number>>> = { 2: 2, 3: 4, 9: 5 };

/** SIMPLE-NN's type number of `f`; throws when SIMPLE-NN cannot express it. */
export function simpleNNType(f: SymmetryFunction, where = "symmetry function"): number {
  const t = SIMPLE_NN_TYPE[f.type];
  if (t === undefined) throw new Error(`${where}: type ${f.type} has no SIMPLE-NN equivalent (SIMPLE-NN knows n2p2 types 2, 3, 9 only)`);
  if ((f.cutoffType ?? "cos") !== "cos" || (f.cutoffAlpha ?? 0) !== 0) {
    throw new Error(`${where}: cutoff ${f.cutoffType ?? "cos"} with alpha ${f.cutoffAlpha ?? 0} has no SIMPLE-NN equivalent (SIMPLE-NN uses the cosine cutoff)`);
  }
  if (f.type !== 2 && (f.rs ?? 0) !== 0) throw new Error(`${where}: angular rs = ${f.rs} has no SIMPLE-NN equivalent`);
  return t;
}

function fail(filename: string, line: number, what: string): never {
  throw new Error(`${filename}:${line}: ${what}`);
}

function num(tok: string | undefined, filename: string, line: number, field: string): number {
  const x = tok === undefined ? NaN : Number(tok);
  if (tok === undefined || tok.trim() === "" || !Number.isFinite(x)) fail(filename, line, `${field}: expected a number, got ${tok === undefined ? "nothing" : `'${tok}'`}`);
  return x;
}

function element(tok: string | undefined, filename: string, line: number, field: string): string {
  if (tok === undefined || atomicNumber(tok) === undefined) fail(filename, line, `${field}: expected an element symbol, got ${tok === undefined ? "nothing" : `'${tok}'`}`);
  return tok;
}

/** Check one parsed function with the shared validator, reporting the file line. */
function checked(f: SymmetryFunction, filename: string, line: number): SymmetryFunction {
  try {
    validateFunctions([f], "function");
  } catch (e) {
    fail(filename, line, (e as Error).message.replace(/^function\[0\]\./, ""));
  }
  return f;
}

/**
 * Read a SIMPLE-NN `params_XX` file for centre element `centre`. `elements` is the element list of
 * SIMPLE-NN's input.yaml (`params` keys, in order) that the 1-based type indices refer to;
 * default [centre].
 */
export function parseSimpleNNParams(text: string, centre: string, filename = "params", elements: string[] = [centre]): SymmetryFunction[] {
  if (atomicNumber(centre) === undefined) throw new Error(`${filename}: unknown centre element '${centre}'`);
  const out: SymmetryFunction[] = [];
  text.split(/\r?\n/).forEach((raw, q) => {
    const line = q + 1;
    const body = raw.replace(/#.*/, "").trim();
    if (body === "") return;
    const t = body.split(/\s+/);
    if (t.length !== 7) fail(filename, line, `expected 7 columns '<type> <nbr1> <nbr2> <Rc> <p1> <p2> <p3>', got ${t.length}`);
    const st = num(t[0], filename, line, "type");
    const type = (Object.keys(SIMPLE_NN_TYPE).map(Number) as SymmetryFunctionType[]).find((k) => SIMPLE_NN_TYPE[k] === st);
    if (type === undefined) fail(filename, line, `type: expected 2 (radial), 4 or 5 (angular), got '${t[0]}'`);
    const nb = (col: number, field: string): string => {
      const k = num(t[col], filename, line, field);
      if (!Number.isInteger(k) || k < 1 || k > elements.length) fail(filename, line, `${field}: expected an element index 1..${elements.length} (elements: ${elements.join(" ")}), got '${t[col]}'`);
      return elements[k - 1];
    };
    const rc = num(t[3], filename, line, "Rc"), p1 = num(t[4], filename, line, "p1"), p2 = num(t[5], filename, line, "p2"), p3 = num(t[6], filename, line, "p3");
    if (type === 2) out.push(checked({ type, centre, neighbours: [nb(1, "nbr1")], cutoff: rc, eta: p1, rs: p2 }, filename, line));
    else out.push(checked({ type, centre, neighbours: sortPair(nb(1, "nbr1"), nb(2, "nbr2")), cutoff: rc, eta: p1, zeta: p2, lambda: p3 }, filename, line));
  });
  if (out.length === 0) throw new Error(`${filename}: no symmetry functions found`);
  return out;
}

/**
 * Write the functions centred on `centre` as a SIMPLE-NN `params_XX` file. `elements` gives the
 * type-index order (default: the centre first, then the other elements by atomic number).
 * Throws for functions SIMPLE-NN cannot express (simpleNNType).
 */
export function writeSimpleNNParams(functions: SymmetryFunction[], centre: string, elements?: string[]): string {
  const mine = functions.filter((f) => f.centre === centre);
  validateFunctions(mine);
  const els = elements ?? [centre, ...[...new Set(mine.flatMap((f) => f.neighbours))].filter((e) => e !== centre).sort((a, b) => atomicNumber(a)! - atomicNumber(b)!)];
  const index = (e: string) => {
    const k = els.indexOf(e);
    if (k < 0) throw new Error(`writeSimpleNNParams: element ${e} is not in the element list (${els.join(" ")})`);
    return k + 1;
  };
  const g = (x: number) => String(x);
  return mine.map((f, q) => {
    const type = simpleNNType(f, `writeSimpleNNParams: function ${q + 1} of ${centre}`);
    if (f.type === 2) return `${type} ${index(f.neighbours[0])} 0 ${g(f.cutoff)} ${g(f.eta!)} ${g(f.rs ?? 0)} 0`;
    return `${type} ${index(f.neighbours[0])} ${index(f.neighbours[1])} ${g(f.cutoff)} ${g(f.eta!)} ${g(f.zeta!)} ${g(f.lambda!)}`;
  }).join("\n") + "\n";
}

/** Field names of each n2p2 line after `<el> <type>` (docs/descriptors.md). */
const N2P2_FIELDS: Record<SymmetryFunctionType, string[]> = {
  2: ["e1", "eta", "rs", "rc"],
  3: ["e1", "e2", "eta", "lambda", "zeta", "rc", "[rs]"],
  9: ["e1", "e2", "eta", "lambda", "zeta", "rc", "[rs]"],
  12: ["eta", "rs", "rc"],
  13: ["eta", "rs", "lambda", "zeta", "rc"],
  20: ["e1", "rl", "rc", "subtype"],
  21: ["e1", "e2", "rl", "rc", "thetaL", "thetaR", "subtype"],
  22: ["e1", "e2", "rl", "rc", "thetaL", "thetaR", "subtype"],
  23: ["rl", "rc", "subtype"],
  24: ["rl", "rc", "thetaL", "thetaR", "subtype"],
  25: ["rl", "rc", "thetaL", "thetaR", "subtype"],
};
const N2P2_NAMES: Record<string, string> = { e1: "<element1>", e2: "<element2>", eta: "<eta>", rs: "<rshift>", rc: "<rcutoff>", lambda: "<lambda>", zeta: "<zeta>", rl: "<rlow>", thetaL: "<left>", thetaR: "<right>", subtype: "<subtype>", "[rs]": "[<rshift>]" };

/** One `symfunction_short` line (tokens after the keyword) → a function; cutoff applies to types 2–13. */
function parseN2p2Line(t: string[], cutoff: { type: CutoffType; alpha: number }, filename: string, line: number): SymmetryFunction {
  const centre = element(t[0], filename, line, "central element");
  const type = num(t[1], filename, line, "type") as SymmetryFunctionType;
  const fields = N2P2_FIELDS[type];
  if (!fields) fail(filename, line, `type: expected one of ${Object.keys(N2P2_FIELDS).join(", ")}, got '${t[1]}'`);
  const want = fields.filter((x) => !x.startsWith("[")).length;
  if (t.length - 2 < want || t.length - 2 > fields.length) {
    fail(filename, line, `type ${type}: expected '<element> ${type} ${fields.map((x) => N2P2_NAMES[x]).join(" ")}', got ${t.length} fields`);
  }
  const f: SymmetryFunction = { type, centre, neighbours: [], cutoff: 0 };
  const els: string[] = [];
  fields.forEach((name, q) => {
    const tok = t[2 + q];
    if (tok === undefined) return;
    const key = name.replace(/[[\]]/g, "");
    if (key === "e1" || key === "e2") els.push(element(tok, filename, line, `neighbour element ${key === "e1" ? 1 : 2}`));
    else if (key === "subtype") {
      if (!COMPACT_SUBTYPES.includes(tok as CompactSubtype)) fail(filename, line, `subtype: expected one of ${COMPACT_SUBTYPES.join(", ")}, got '${tok}'`);
      f.subtype = tok as CompactSubtype;
    } else if (key === "rc") f.cutoff = num(tok, filename, line, "rcutoff");
    else (f as unknown as Record<string, number>)[key] = num(tok, filename, line, key === "rs" ? "rshift" : key === "rl" ? "rlow" : key);
  });
  f.neighbours = els.length === 2 ? sortPair(els[0], els[1]) : els;
  if (TYPES[type].angular && !TYPES[type].compact && f.rs === 0) delete f.rs;
  if (!TYPES[type].compact) {
    if (cutoff.type !== "cos") f.cutoffType = cutoff.type;
    if (cutoff.alpha !== 0) f.cutoffAlpha = cutoff.alpha;
  }
  return checked(f, filename, line);
}

/**
 * Read the `symfunction_short` lines of an n2p2 input.nn (every type), with the cutoff function of
 * its `cutoff_type` line (default cos, α = 0) on the types that use one (2–13).
 */
export function parseN2p2SymmetryFunctions(text: string, filename = "input.nn"): SymmetryFunction[] {
  const lines = text.split(/\r?\n/).map((raw) => raw.replace(/#.*/, "").trim().split(/\s+/));
  let cutoff: { type: CutoffType; alpha: number } = { type: "cos", alpha: 0 };
  let seen = 0;
  lines.forEach((t, q) => {
    if (t[0] !== "cutoff_type") return;
    if (seen) fail(filename, q + 1, `cutoff_type: given twice (also on line ${seen})`);
    seen = q + 1;
    const ct = num(t[1], filename, q + 1, "cutoff_type");
    const alpha = t[2] === undefined ? 0 : num(t[2], filename, q + 1, "cutoff_type alpha");
    if (!Number.isInteger(ct) || ct < 0 || ct >= CUTOFF_TYPES.length) fail(filename, q + 1, `cutoff_type: expected 0 … 8 (${CUTOFF_TYPES.join(" ")}), got '${t[1]}'`);
    if (!(alpha >= 0 && alpha < 1)) fail(filename, q + 1, `cutoff_type alpha: expected 0 ≤ alpha < 1, got '${t[2]}'`);
    cutoff = { type: CUTOFF_TYPES[ct], alpha };
  });
  const out: SymmetryFunction[] = [];
  lines.forEach((t, q) => { if (t[0] === "symfunction_short") out.push(parseN2p2Line(t.slice(1), cutoff, filename, q + 1)); });
  if (out.length === 0) throw new Error(`${filename}: no symfunction_short lines found`);
  return out;
}

/**
 * The `symfunction_short` line of `f` (n2p2's parameter order; docs/descriptors.md). `fmt` formats
 * the numbers (default String). The cutoff type of types 2–13 goes on the cutoff_type line
 * (n2p2CutoffTypeLine), not here.
 */
export function n2p2SymfunctionLine(f: SymmetryFunction, fmt: (x: number) => string = String): string {
  const els = [...f.neighbours];
  const value = (key: string): string => {
    if (key === "e1") return els[0];
    if (key === "e2") return els[1];
    if (key === "rc") return fmt(f.cutoff);
    if (key === "subtype") return f.subtype!;
    if (key === "[rs]") return f.rs ? fmt(f.rs) : "";
    return fmt((f as unknown as Record<string, number | undefined>)[key] ?? 0);
  };
  return ["symfunction_short", f.centre, String(f.type), ...N2P2_FIELDS[f.type].map(value)].filter((x) => x !== "").join(" ");
}

/**
 * The `cutoff_type <T> <α>` line for a set: n2p2 has one cutoff function for all functions of
 * types 2–13, so these must agree (throws naming two that differ). Sets without such functions
 * get cos (unused by types 20–25).
 */
export function n2p2CutoffTypeLine(functions: SymmetryFunction[], where = "symmetry functions"): string {
  let first: SymmetryFunction | undefined;
  for (const f of functions) {
    if (TYPES[f.type].compact) continue;
    if (!first) { first = f; continue; }
    if ((f.cutoffType ?? "cos") !== (first.cutoffType ?? "cos") || (f.cutoffAlpha ?? 0) !== (first.cutoffAlpha ?? 0)) {
      throw new Error(`${where}: n2p2 uses one cutoff function for all functions, but ${first.centre} type ${first.type} has ${first.cutoffType ?? "cos"} α = ${first.cutoffAlpha ?? 0} and ${f.centre} type ${f.type} has ${f.cutoffType ?? "cos"} α = ${f.cutoffAlpha ?? 0}`);
    }
  }
  return `cutoff_type ${CUTOFF_TYPES.indexOf(first?.cutoffType ?? "cos")} ${first?.cutoffAlpha ?? 0}`;
}

/** Unordered element pair in the canonical order (by atomic number), as types.ts documents. */
function sortPair(a: string, b: string): string[] {
  return atomicNumber(a)! <= atomicNumber(b)! ? [a, b] : [b, a];
}

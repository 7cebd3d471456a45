// Symmetry-function parameter files.
//
// SIMPLE-NN `params_XX` (one file per centre element XX), one function per line:
//   <type> <nbr1> <nbr2> <Rc> <p1> <p2> <p3>
//   G2: `2 <nbr> 0 <Rc> <η> <Rs> 0`;  G4/G5: `4|5 <nbr1> <nbr2> <Rc> <η> <ζ> <λ>`
// Neighbour types are 1-based indices into the element list of SIMPLE-NN's input.yaml `params`
// tag (its order, not atomic number); the G2 third column is ignored; the order of nbr1/nbr2
// does not matter. Blank lines and `#` comments are skipped.
//
// n2p2 `input.nn`: only the `symfunction_short` lines are read (types 2, 3, 9):
//   symfunction_short <el> 2 <nbr> <η> <Rs> <Rc>
//   symfunction_short <el> 3 <n1> <n2> <η> <λ> <ζ> <Rc> [<Rs>]     (our G4; Rs must be 0)
//   symfunction_short <el> 9 <n1> <n2> <η> <λ> <ζ> <Rc> [<Rs>]     (our G5; Rs must be 0)
// plus `cutoff_type`, which must be 1 (n2p2 CT_COS) with α = 0 if present. Numbers are taken as
// Å and Å⁻² — an input.nn written for data in Bohr must be converted first.
// Type numbers differ between the codes; they are converted through TYPE_NUMBERS only.
import { atomicNumber } from "../structure/elements.js";
import { validateFunctions } from "./sets.js";
import type { SymmetryFunction } from "./types.js";

/** Our type ↔ the type numbers of SIMPLE-NN and n2p2. */
export const TYPE_NUMBERS = {
  G2: { simplenn: 2, n2p2: 2 },
  G4: { simplenn: 4, n2p2: 3 },
  G5: { simplenn: 5, n2p2: 9 },
} as const;

type Kind = keyof typeof TYPE_NUMBERS;
const KINDS = Object.keys(TYPE_NUMBERS) as Kind[];
const kindOf = (code: "simplenn" | "n2p2", num: number): Kind | undefined => KINDS.find((k) => TYPE_NUMBERS[k][code] === num);

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
    const kind = kindOf("simplenn", num(t[0], filename, line, "type"));
    if (!kind) fail(filename, line, `type: expected 2 (G2), 4 (G4) or 5 (G5), got '${t[0]}'`);
    const nb = (col: number, field: string): string => {
      const k = num(t[col], filename, line, field);
      if (!Number.isInteger(k) || k < 1 || k > elements.length) fail(filename, line, `${field}: expected an element index 1..${elements.length} (elements: ${elements.join(" ")}), got '${t[col]}'`);
      return elements[k - 1];
    };
    const rc = num(t[3], filename, line, "Rc"), p1 = num(t[4], filename, line, "p1"), p2 = num(t[5], filename, line, "p2"), p3 = num(t[6], filename, line, "p3");
    if (kind === "G2") out.push(checked({ type: "G2", centre, neighbours: [nb(1, "nbr1")], cutoff: rc, eta: p1, rs: p2 }, filename, line));
    else out.push(checked({ type: kind, centre, neighbours: sortPair(nb(1, "nbr1"), nb(2, "nbr2")), cutoff: rc, eta: p1, zeta: p2, lambda: p3 }, filename, line));
  });
  if (out.length === 0) throw new Error(`${filename}: no symmetry functions found`);
  return out;
}

/**
 * Write the functions centred on `centre` as a SIMPLE-NN `params_XX` file. `elements` gives the
 * type-index order (default: the centre first, then the other elements by atomic number).
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
  return mine.map((f) => {
    const type = TYPE_NUMBERS[f.type].simplenn;
    if (f.type === "G2") return `${type} ${index(f.neighbours[0])} 0 ${g(f.cutoff)} ${g(f.eta)} ${g(f.rs ?? 0)} 0`;
    return `${type} ${index(f.neighbours[0])} ${index(f.neighbours[1])} ${g(f.cutoff)} ${g(f.eta)} ${g(f.zeta!)} ${g(f.lambda!)}`;
  }).join("\n") + "\n";
}

/** Read the `symfunction_short` lines (types 2, 3, 9) of an n2p2 input.nn. */
export function parseN2p2SymmetryFunctions(text: string, filename = "input.nn"): SymmetryFunction[] {
  const out: SymmetryFunction[] = [];
  text.split(/\r?\n/).forEach((raw, q) => {
    const line = q + 1;
    const t = raw.replace(/#.*/, "").trim().split(/\s+/);
    if (t[0] === "cutoff_type") {
      const ct = num(t[1], filename, line, "cutoff_type");
      const alpha = t[2] === undefined ? 0 : num(t[2], filename, line, "cutoff_type alpha");
      if (ct !== 1 || alpha !== 0) fail(filename, line, `cutoff_type: only 1 (cosine) with alpha 0 is supported, got '${t.slice(1).join(" ")}'`);
      return;
    }
    if (t[0] !== "symfunction_short") return;
    const centre = element(t[1], filename, line, "central element");
    const kind = kindOf("n2p2", num(t[2], filename, line, "type"));
    if (!kind) fail(filename, line, `type: expected 2, 3 or 9 (our G2, G4, G5), got '${t[2]}'`);
    if (kind === "G2") {
      if (t.length !== 7) fail(filename, line, `type 2: expected '<el> 2 <nbr> <eta> <rshift> <rc>', got ${t.length - 1} fields`);
      out.push(checked({ type: "G2", centre, neighbours: [element(t[3], filename, line, "neighbour element")],
        eta: num(t[4], filename, line, "eta"), rs: num(t[5], filename, line, "rshift"), cutoff: num(t[6], filename, line, "rc") }, filename, line));
      return;
    }
    if (t.length !== 9 && t.length !== 10) fail(filename, line, `type ${t[2]}: expected '<el> ${t[2]} <n1> <n2> <eta> <lambda> <zeta> <rc> [<rshift>]', got ${t.length - 1} fields`);
    if (t.length === 10 && num(t[9], filename, line, "rshift") !== 0) fail(filename, line, `rshift: angular functions with rshift ≠ 0 are not supported, got '${t[9]}'`);
    out.push(checked({
      type: kind, centre,
      neighbours: sortPair(element(t[3], filename, line, "neighbour element 1"), element(t[4], filename, line, "neighbour element 2")),
      eta: num(t[5], filename, line, "eta"), lambda: num(t[6], filename, line, "lambda"), zeta: num(t[7], filename, line, "zeta"), cutoff: num(t[8], filename, line, "rc"),
    }, filename, line));
  });
  if (out.length === 0) throw new Error(`${filename}: no symfunction_short lines found`);
  return out;
}

/** Unordered element pair in the canonical order (by atomic number), as types.ts documents. */
function sortPair(a: string, b: string): string[] {
  return atomicNumber(a)! <= atomicNumber(b)! ? [a, b] : [b, a];
}

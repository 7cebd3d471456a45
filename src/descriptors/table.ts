// Per-atom descriptor tables for people to inspect (`aemap describe`): one row per atom,
// columns in parameter order; and reading a parameter file whose format is recognised by name
// or contents.
import type { Structure } from "../structure/structure.js";
import { computeDescriptors } from "./compute.js";
import { parseN2p2SymmetryFunctions, parseSimpleNNParams } from "./params.js";
import { defaultSiliconSet, functionsOf, isAngular, isCompact, normaliseFunctions, validateFunctions } from "./sets.js";
import type { SymmetryFunction, SymmetryFunctionType } from "./types.js";
import { parseJson } from "../io/json-syntax.js";

/**
 * Symmetry functions from a parameter file, by contents or name:
 * - n2p2 input.nn (contains `symfunction_short` lines);
 * - JSON: an array of SymmetryFunction objects (types.ts; the older type names G2/G4/G5 are read too);
 * - SIMPLE-NN `params_XX`: the centre element is XX from the file name (…params_Si → Si), or
 *   `element`; neighbour indices refer to `elements` (default [centre]).
 */
export function readParamsText(text: string, filename: string, element?: string, elements?: string[]): SymmetryFunction[] {
  if (/^\s*symfunction_short\s/m.test(text)) return parseN2p2SymmetryFunctions(text, filename);
  if (/^\s*\[/.test(text)) {
    let fs = parseJson(text, filename) as SymmetryFunction[];
    if (!Array.isArray(fs)) throw new Error(`${filename}: expected a JSON array of symmetry functions`);
    fs = normaliseFunctions(fs);
    validateFunctions(fs, filename);
    return fs;
  }
  const centre = element ?? /params_([A-Z][a-z]?)$/.exec(filename)?.[1];
  if (!centre) throw new Error(`${filename}: cannot tell the centre element of a SIMPLE-NN params file (name it params_XX or give the element)`);
  return parseSimpleNNParams(text, centre, filename, elements ?? [centre]);
}

/** Column-name prefix of each type: Behler's names for 2, 3, 9 (docs/science.md §3), n2p2's G^T for the others. */
const LABEL: Record<SymmetryFunctionType, string> = { 2: "G2", 3: "G4", 9: "G5", 12: "G12", 13: "G13", 20: "G20", 21: "G21", 22: "G22", 23: "G23", 24: "G24", 25: "G25" };

/**
 * Short column name of a function, e.g. "G2 Si eta=0.003214 rs=0 rc=6", "G4 Si-Si eta=… zeta=1
 * lambda=-1 rc=6", "G22 C-H rl=-8 rc=8 theta=0..120 p2a"; a cutoff other than cos, α ≠ 0 and an
 * angular rs ≠ 0 are appended.
 */
export function functionLabel(f: SymmetryFunction): string {
  const parts = [LABEL[f.type]];
  if (f.neighbours.length) parts.push(f.neighbours.join("-"));
  if (isCompact(f)) {
    parts.push(`rl=${f.rl} rc=${f.cutoff}`);
    if (isAngular(f)) parts.push(`theta=${f.thetaL}..${f.thetaR}`);
    parts.push(f.subtype!);
    return parts.join(" ");
  }
  parts.push(`eta=${f.eta}`);
  if (!isAngular(f)) parts.push(`rs=${f.rs ?? 0}`);
  else {
    parts.push(`zeta=${f.zeta} lambda=${f.lambda}`);
    if (f.rs) parts.push(`rs=${f.rs}`);
  }
  parts.push(`rc=${f.cutoff}`);
  if ((f.cutoffType ?? "cos") !== "cos") parts.push(f.cutoffType!);
  if (f.cutoffAlpha) parts.push(`alpha=${f.cutoffAlpha}`);
  return parts.join(" ");
}

export interface DescribedAtom {
  source: string;
  /** Index of the frame in its file, from 0 (as `file@0`). */
  frame: number;
  /** Index of the atom in its frame, from 0. */
  atom: number;
  element: string;
  values: number[];
}

/** Raw descriptor values of every atom of the frames (structure order), labelled by source and frame. */
export function describeFrames(frames: { source: string; frame: number; structure: Structure }[], functions: SymmetryFunction[]): DescribedAtom[] {
  const rows: DescribedAtom[] = [];
  for (const { source, frame, structure } of frames) {
    const d = computeDescriptors(structure, functions);
    const perAtom: DescribedAtom[] = [];
    for (const b of d.byElement) b.atoms.forEach((i, a) => {
      perAtom[i] = { source, frame, atom: i, element: b.element, values: Array.from(b.values.subarray(a * b.nfeatures, (a + 1) * b.nfeatures)) };
    });
    rows.push(...perAtom);
  }
  return rows;
}

/** The default set for the elements given: the Si set of docs/science.md §3 for a single element. */
export function defaultSetFor(elements: string[]): SymmetryFunction[] {
  if (elements.length !== 1) throw new Error(`no default symmetry functions for several elements (${elements.join(", ")}): give a parameter file`);
  return defaultSiliconSet(elements[0]);
}

/** CSV: source,frame,atom,element, then one column per function of the widest element (blank when absent). */
export function describeCsv(rows: DescribedAtom[], functions: SymmetryFunction[]): string {
  const centres = [...new Set(rows.map((r) => r.element))];
  const width = Math.max(0, ...centres.map((c) => functionsOf(functions, c).length));
  const header = ["source", "frame", "atom", "element"];
  if (centres.length === 1) header.push(...functionsOf(functions, centres[0]).map(functionLabel));
  else for (let f = 0; f < width; f++) header.push(`f${f}`);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [header.map(quote).join(",")];
  for (const r of rows) {
    const v = r.values.map((x) => String(x));
    while (v.length < width) v.push("");
    lines.push([quote(r.source), r.frame, r.atom, r.element, ...v].join(","));
  }
  return lines.join("\n") + "\n";
}

/** JSON: { functions, columns: { element: [labels] }, atoms: [{ source, frame, atom, element, values }] }. */
export function describeJson(rows: DescribedAtom[], functions: SymmetryFunction[]): string {
  const centres = [...new Set(functions.map((f) => f.centre))];
  const columns = Object.fromEntries(centres.map((c) => [c, functionsOf(functions, c).map(functionLabel)]));
  // One line per atom keeps large files readable.
  const head = JSON.stringify({ functions, columns }, null, 1).replace(/\n}$/, "");
  return `${head},\n "atoms": [\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(",\n")}\n ]\n}\n`;
}

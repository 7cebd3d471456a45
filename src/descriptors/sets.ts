// Symmetry-function parameter sets: the default Si set, η grids, validation of every type
// (docs/descriptors.md), and small queries on a set.
import { atomicNumber } from "../structure/elements.js";
import type { CompactSubtype, CutoffType, SymmetryFunction, SymmetryFunctionType } from "./types.js";

/** η of the 8 radial functions of the default Si set (Å⁻², Rs = 0), ascending. */
export const SI_G2_ETA = [0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426];
/** η of the angular functions of the default Si set (Å⁻²), ascending. */
export const SI_G4_ETA = [0.000357, 0.028569, 0.089277];
export const SI_G4_ZETA = [1, 2, 4];
export const SI_G4_LAMBDA = [-1, 1];

/**
 * The 26-function Si set of docs/science.md §3 (SIMPLE-NN / Behler), Rc = 6 Å, cosine cutoff, in
 * this order: 8 radial (type 2, Rs = 0, η ascending), then 18 angular (type 3, Behler's G4) with
 * η as the outer loop (ascending), then ζ = 1, 2, 4, then λ = −1, +1 (column 8 + 6·iη + 2·iζ + iλ).
 */
export function defaultSiliconSet(element = "Si", cutoff = 6.0): SymmetryFunction[] {
  const out: SymmetryFunction[] = [];
  for (const eta of SI_G2_ETA) out.push({ type: 2, centre: element, neighbours: [element], cutoff, eta, rs: 0 });
  for (const eta of SI_G4_ETA)
    for (const zeta of SI_G4_ZETA)
      for (const lambda of SI_G4_LAMBDA)
        out.push({ type: 3, centre: element, neighbours: [element, element], cutoff, eta, zeta, lambda });
  return out;
}

/**
 * The usual η grids for radial functions with Rc, n points (n ≥ 2):
 * - "centred" (Rs = 0; Imbalzano et al. / n2p2 `symfunc_paramgen` "centered"): Gaussian widths
 *   r_m = rLower + (Rc − rLower)·m/(n−1), m = 0 … n−1, and η_m = 1 / (2 r_m²), returned ascending.
 * - "shifted": Rs_m = rLower + (Rc − rLower)·m/(n−1) and one η = 1 / (2 Δ²) with Δ = the spacing of
 *   the Rs grid, so neighbouring Gaussians overlap at one standard deviation.
 * Returns pairs { eta, rs } (η in Å⁻², lengths in Å). rLower defaults to 1.5 Å ("centred") and
 * 0.5 Å ("shifted").
 */
export function etaGrid(mode: "centred" | "shifted", cutoff: number, n: number, rLower?: number): { eta: number; rs: number }[] {
  if (!(n >= 2) || !Number.isInteger(n)) throw new Error(`etaGrid: n must be an integer ≥ 2, got ${n}`);
  if (!(cutoff > 0)) throw new Error(`etaGrid: cutoff must be positive, got ${cutoff}`);
  const lo = rLower ?? (mode === "centred" ? 1.5 : 0.5);
  if (!(lo > 0 && lo < cutoff)) throw new Error(`etaGrid: rLower must lie in (0, cutoff), got ${lo}`);
  const grid = Array.from({ length: n }, (_, m) => lo + ((cutoff - lo) * m) / (n - 1));
  if (mode === "centred") return grid.map((r) => ({ eta: 1 / (2 * r * r), rs: 0 })).reverse();
  const delta = grid[1] - grid[0];
  return grid.map((rs) => ({ eta: 1 / (2 * delta * delta), rs }));
}

/** n2p2's cutoff types in `cutoff_type` order (0 … 8). */
export const CUTOFF_TYPES: readonly CutoffType[] = ["hard", "cos", "tanhu", "tanh", "exp", "poly1", "poly2", "poly3", "poly4"];
/** Subtypes of the compact types 20–25. */
export const COMPACT_SUBTYPES: readonly CompactSubtype[] = ["p1", "p2", "p3", "p4", "p1a", "p2a", "p3a", "p4a", "e"];

/** What each type is made of (docs/descriptors.md): neighbour count, parts, and its parameters. */
interface TypeInfo {
  /** Elements in `neighbours`: 1 (radial), 2 (angular pair), 0 (weighted: every neighbour). */
  neighbours: 0 | 1 | 2;
  angular: boolean;
  /** Angular: Q(r_jk) = R(r_jk) (narrow) or 1 (wide). */
  narrow: boolean;
  /** Compact polynomial parts (types 20–25) rather than Gaussian × cutoff. */
  compact: boolean;
  /** Parameters it must have, and may have. */
  required: (keyof SymmetryFunction)[];
  optional: (keyof SymmetryFunction)[];
}
const GAUSS_OPT: (keyof SymmetryFunction)[] = ["rs", "cutoffType", "cutoffAlpha"];
const info = (neighbours: 0 | 1 | 2, angular: boolean, narrow: boolean, compact: boolean, required: (keyof SymmetryFunction)[]): TypeInfo =>
  ({ neighbours, angular, narrow, compact, required: ["cutoff", ...required], optional: compact ? [] : GAUSS_OPT });
export const TYPES: Readonly<Record<SymmetryFunctionType, TypeInfo>> = {
  2: info(1, false, false, false, ["eta"]),
  3: info(2, true, true, false, ["eta", "zeta", "lambda"]),
  9: info(2, true, false, false, ["eta", "zeta", "lambda"]),
  12: info(0, false, false, false, ["eta"]),
  13: info(0, true, true, false, ["eta", "zeta", "lambda"]),
  20: info(1, false, false, true, ["rl", "subtype"]),
  21: info(2, true, true, true, ["rl", "thetaL", "thetaR", "subtype"]),
  22: info(2, true, false, true, ["rl", "thetaL", "thetaR", "subtype"]),
  23: info(0, false, false, true, ["rl", "subtype"]),
  24: info(0, true, true, true, ["rl", "thetaL", "thetaR", "subtype"]),
  25: info(0, true, false, true, ["rl", "thetaL", "thetaR", "subtype"]),
};
const TYPE_LIST = Object.keys(TYPES).map(Number) as SymmetryFunctionType[];
const PARAMS: (keyof SymmetryFunction)[] = ["eta", "rs", "zeta", "lambda", "cutoffType", "cutoffAlpha", "rl", "subtype", "thetaL", "thetaR"];

/** Angular function (sum over neighbour pairs)? */
export const isAngular = (f: SymmetryFunction): boolean => TYPES[f.type].angular;
/** Element-weighted function (types 12, 13, 23, 24, 25)? */
export const isWeighted = (f: SymmetryFunction): boolean => TYPES[f.type].neighbours === 0;
/** Compact polynomial function (types 20–25)? */
export const isCompact = (f: SymmetryFunction): boolean => TYPES[f.type].compact;

function byZ(a: string, b: string): number {
  return (atomicNumber(a) ?? 0) - (atomicNumber(b) ?? 0);
}

/** Every element a set mentions (centres and neighbours), sorted by atomic number. */
export function elementsOf(functions: SymmetryFunction[]): string[] {
  const s = new Set<string>();
  for (const f of functions) {
    s.add(f.centre);
    for (const e of f.neighbours) s.add(e);
  }
  return [...s].sort(byZ);
}

/** Largest cutoff of a set (Å). */
export function maxCutoff(functions: SymmetryFunction[]): number {
  let rc = 0;
  for (const f of functions) rc = Math.max(rc, f.cutoff);
  return rc;
}

/** Functions of one centre element, in set order (= the column order of its descriptors). */
export function functionsOf(functions: SymmetryFunction[], centre: string): SymmetryFunction[] {
  return functions.filter((f) => f.centre === centre);
}

/** The function with every length in `factor` × its unit (η in 1/factor²): e.g. Bohr → Å. */
export function scaleLengths(f: SymmetryFunction, factor: number): SymmetryFunction {
  const out: SymmetryFunction = { ...f, cutoff: f.cutoff * factor };
  if (f.eta !== undefined) out.eta = f.eta / (factor * factor);
  if (f.rs !== undefined) out.rs = f.rs * factor;
  if (f.rl !== undefined) out.rl = f.rl * factor;
  return out;
}

/** aemap's earlier names of types 2, 3, 9, still read from older model and parameter files. */
const LEGACY_TYPES: Record<string, SymmetryFunctionType> = { G2: 2, G4: 3, G5: 9 };

/** The functions with legacy type names ("G2", "G4", "G5") replaced by n2p2's numbers 2, 3, 9. */
export function normaliseFunctions(functions: SymmetryFunction[]): SymmetryFunction[] {
  return functions.map((f) => {
    const t = LEGACY_TYPES[(f as { type: unknown }).type as string];
    return t === undefined ? f : { ...f, type: t };
  });
}

/** Throws with the function's position and field when a parameter is missing, misplaced or out of range. */
export function validateFunctions(functions: SymmetryFunction[], where = "symmetry functions"): void {
  functions.forEach((f, q) => validateFunction(f, `${where}[${q}]`));
}

function validateFunction(f: SymmetryFunction, at: string): void {
  const t = TYPES[f.type];
  if (!TYPE_LIST.includes(f.type) || !t) throw new Error(`${at}.type: expected one of ${TYPE_LIST.join(", ")} (n2p2's type numbers), got ${JSON.stringify(f.type)}`);
  if (atomicNumber(f.centre) === undefined) throw new Error(`${at}.centre: unknown element '${f.centre}'`);
  if (!Array.isArray(f.neighbours) || f.neighbours.length !== t.neighbours) {
    throw new Error(`${at}.neighbours: type ${f.type} takes ${t.neighbours === 0 ? "none ([]: every neighbour, weighted by its atomic number)" : `${t.neighbours} element(s)`}`);
  }
  for (const e of f.neighbours) if (atomicNumber(e) === undefined) throw new Error(`${at}.neighbours: unknown element '${e}'`);
  for (const k of PARAMS) {
    if (f[k] !== undefined && !t.required.includes(k) && !t.optional.includes(k)) throw new Error(`${at}.${k}: type ${f.type} has no parameter ${k}`);
  }
  for (const k of t.required) if (f[k] === undefined) throw new Error(`${at}.${k}: type ${f.type} needs ${k}`);
  const num = (k: keyof SymmetryFunction, ok: (x: number) => boolean, expected: string) => {
    const x = f[k] as number | undefined;
    if (x !== undefined && !(typeof x === "number" && Number.isFinite(x) && ok(x))) throw new Error(`${at}.${k}: expected ${expected}, got ${JSON.stringify(x)}`);
  };
  num("cutoff", (x) => x > 0, "a positive number");
  num("eta", (x) => x >= 0, "a number ≥ 0");
  num("rs", (x) => x >= 0, "a number ≥ 0");
  num("zeta", (x) => x >= 1, "a number ≥ 1");
  num("lambda", (x) => x === 1 || x === -1, "−1 or +1");
  num("cutoffAlpha", (x) => x >= 0 && x < 1, "0 ≤ alpha < 1");
  if (f.cutoffType !== undefined && !CUTOFF_TYPES.includes(f.cutoffType)) throw new Error(`${at}.cutoffType: expected one of ${CUTOFF_TYPES.join(", ")}, got ${JSON.stringify(f.cutoffType)}`);
  if (!t.compact) return;
  num("rl", (x) => x < f.cutoff, `a number below the cutoff ${f.cutoff}`);
  if (!COMPACT_SUBTYPES.includes(f.subtype!)) throw new Error(`${at}.subtype: expected one of ${COMPACT_SUBTYPES.join(", ")}, got ${JSON.stringify(f.subtype)}`);
  if (!t.angular) return;
  num("thetaL", () => true, "a number (degrees)");
  num("thetaR", (x) => x > f.thetaL!, `a number above thetaL = ${f.thetaL} (degrees)`);
  // As n2p2: the support may leave [0°, 180°] only when it is centred on 0° or 180° (so it is
  // never wider than 360°).
  const mid = (f.thetaL! + f.thetaR!) / 2;
  if ((f.thetaL! < 0 && mid !== 0) || (f.thetaR! > 180 && mid !== 180)) {
    throw new Error(`${at}.thetaL, thetaR: [${f.thetaL}, ${f.thetaR}] leaves [0, 180] degrees but is not centred on 0 or 180`);
  }
}

// Symmetry-function parameter sets: the default Si set, η grids, and small queries on a set.
import { atomicNumber } from "../structure/elements.js";
import type { SymmetryFunction } from "./types.js";

/** η of the 8 radial functions of the default Si set (Å⁻², Rs = 0), ascending. */
export const SI_G2_ETA = [0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426];
/** η of the angular functions of the default Si set (Å⁻²), ascending. */
export const SI_G4_ETA = [0.000357, 0.028569, 0.089277];
export const SI_G4_ZETA = [1, 2, 4];
export const SI_G4_LAMBDA = [-1, 1];

/**
 * The 26-function Si set of docs/science.md §3 (SIMPLE-NN / Behler), Rc = 6 Å, in this order:
 * 8 G2 (Rs = 0, η ascending), then 18 G4 with η as the outer loop (ascending), then ζ = 1, 2, 4,
 * then λ = −1, +1 (column 8 + 6·iη + 2·iζ + iλ).
 */
export function defaultSiliconSet(element = "Si", cutoff = 6.0): SymmetryFunction[] {
  const out: SymmetryFunction[] = [];
  for (const eta of SI_G2_ETA) out.push({ type: "G2", centre: element, neighbours: [element], cutoff, eta, rs: 0 });
  for (const eta of SI_G4_ETA)
    for (const zeta of SI_G4_ZETA)
      for (const lambda of SI_G4_LAMBDA)
        out.push({ type: "G4", centre: element, neighbours: [element, element], cutoff, eta, zeta, lambda });
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

/** Throws with the function's position and field when a parameter is out of range. */
export function validateFunctions(functions: SymmetryFunction[], where = "symmetry functions"): void {
  functions.forEach((f, q) => {
    const at = `${where}[${q}]`;
    const need = f.type === "G2" ? 1 : 2;
    if (f.type !== "G2" && f.type !== "G4" && f.type !== "G5") throw new Error(`${at}.type: expected G2, G4 or G5, got ${String(f.type)}`);
    if (atomicNumber(f.centre) === undefined) throw new Error(`${at}.centre: unknown element '${f.centre}'`);
    if (!Array.isArray(f.neighbours) || f.neighbours.length !== need) throw new Error(`${at}.neighbours: expected ${need} element(s)`);
    for (const e of f.neighbours) if (atomicNumber(e) === undefined) throw new Error(`${at}.neighbours: unknown element '${e}'`);
    if (!(f.cutoff > 0) || !Number.isFinite(f.cutoff)) throw new Error(`${at}.cutoff: expected a positive number, got ${f.cutoff}`);
    if (!(f.eta >= 0) || !Number.isFinite(f.eta)) throw new Error(`${at}.eta: expected a number ≥ 0, got ${f.eta}`);
    if (f.type === "G2") {
      const rs = f.rs ?? 0;
      if (!Number.isFinite(rs) || rs < 0) throw new Error(`${at}.rs: expected a number ≥ 0, got ${rs}`);
    } else {
      if (!(f.zeta !== undefined && f.zeta >= 1 && Number.isFinite(f.zeta))) throw new Error(`${at}.zeta: expected a number ≥ 1, got ${f.zeta}`);
      if (f.lambda !== 1 && f.lambda !== -1) throw new Error(`${at}.lambda: expected −1 or +1, got ${f.lambda}`);
    }
  });
}

// Detect invariant points in any dataset: structures of one element whose atoms all share one
// descriptor vector. Compared in raw descriptor space (no fitted scaling), feature by feature,
// with a relative tolerance:
//     spread_f = max_i G_if − min_i G_if  ≤  tol · max(|mean_i G_if|, floor · max_f' |mean G_f'|)
// The floor keeps features that are nearly zero in this structure (e.g. a G4 with a large η)
// from demanding more digits than the positions carry. An isolated atom (all G = 0) and every
// perfect or homogeneously strained single-site crystal pass; a rattle, vacancy or surface fails.
// Structures with more than one element are never invariant points (E/N is not any atom's energy).
import type { Structure } from "../structure/structure.js";
import type { SymmetryFunction, StructureDescriptors } from "../descriptors/types.js";
import { computeDescriptors, defaultSiliconSet } from "../descriptors/index.js";
import type { InvariantPoint } from "./points.js";

export interface DetectOptions {
  /** Symmetry functions (default: the 26-function set of the structure's element). */
  functions?: SymmetryFunction[];
  /** Relative tolerance on each feature's spread across atoms. Default 1e-4. */
  tolerance?: number;
  /** Relative floor for the denominator, as a fraction of the largest feature. Default 1e-3. */
  floor?: number;
}

/** Largest relative spread of any feature across the atoms (0 = all atoms identical). */
export function descriptorSpread(d: StructureDescriptors, floor = 1e-3): number {
  if (d.byElement.length !== 1) return Infinity;
  const b = d.byElement[0];
  const n = b.atoms.length, F = b.nfeatures;
  if (n <= 1) return 0;
  const lo = new Float64Array(F).fill(Infinity), hi = new Float64Array(F).fill(-Infinity), mean = new Float64Array(F);
  for (let a = 0; a < n; a++) {
    for (let f = 0; f < F; f++) {
      const g = b.values[a * F + f];
      if (g < lo[f]) lo[f] = g;
      if (g > hi[f]) hi[f] = g;
      mean[f] += g / n;
    }
  }
  let big = 0;
  for (let f = 0; f < F; f++) big = Math.max(big, Math.abs(mean[f]));
  let worst = 0;
  for (let f = 0; f < F; f++) {
    const spread = hi[f] - lo[f];
    if (spread === 0) continue;
    const denom = Math.max(Math.abs(mean[f]), floor * big);
    worst = Math.max(worst, denom > 0 ? spread / denom : Infinity);
  }
  return worst;
}

export interface DetectedPoint {
  /** Index in the input list. */
  index: number;
  /** Largest relative feature spread found (≤ tolerance). */
  spread: number;
}

/** Indices of the structures that are invariant points, with their spreads. */
export function detectInvariantPoints(structures: Structure[], options: DetectOptions = {}): DetectedPoint[] {
  const tol = options.tolerance ?? 1e-4;
  const out: DetectedPoint[] = [];
  const sets = new Map<string, SymmetryFunction[]>();
  structures.forEach((s, index) => {
    const els = new Set(s.symbols);
    if (els.size !== 1) return;
    const el = s.symbols[0];
    let fns = options.functions?.filter((f) => f.centre === el);
    if (!fns || fns.length === 0) {
      if (!sets.has(el)) sets.set(el, defaultSiliconSet(el));
      fns = sets.get(el)!;
    }
    const spread = descriptorSpread(computeDescriptors(s, fns), options.floor);
    if (spread <= tol) out.push({ index, spread });
  });
  return out;
}

/**
 * Detected structures as invariant points with the dataset's E/N as reference (when labelled).
 * family = "dataset:<info.group>" (or "dataset"), x = volume per atom (periodic) or 0.
 */
export function pointsFromDataset(structures: Structure[], options: DetectOptions & { source?: string } = {}): InvariantPoint[] {
  return detectInvariantPoints(structures, options).map(({ index }) => {
    const s = structures[index];
    const periodic = s.pbc.every((p) => p);
    const v = periodic ? Math.abs(s.volume()) / s.length : 0;
    const group = typeof s.info.group === "string" ? s.info.group : typeof s.info.family === "string" ? s.info.family : "";
    const family = group ? `dataset:${group}` : "dataset";
    return {
      family, label: `${options.source ? options.source + "#" : "#"}${index} ${group}`.trim(), x: v, xLabel: periodic ? "volume per atom (Å³)" : "",
      element: s.symbols[0], structure: s,
      ...(s.energy !== undefined ? { reference: s.energy / s.length, referenceSource: "dataset" } : {}),
    };
  });
}

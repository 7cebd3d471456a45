// Where the training data are in descriptor space, to say whether a model *extrapolates* at an
// invariant point. An atom is covered when
//   (1) every raw feature lies within the training min/max of its element, and
//   (2) (when the training structures are at hand) its scaled vector lies within `maxDistance`
//       (default 0.1) of the nearest training atom.
// (1) alone is weak: a set with the isolated atom (G = 0) and bulk atoms spans every feature from
// 0 to its bulk value, so dimers and triangles pass it although nothing like them was trained;
// (2) catches them (distances 0.4–7 on the study's remedied sets, against ≤ 0.1 for the perfect
// crystal near the MD data). A model written by `aemap train` carries the min/max itself
// (descriptorRange), so `fromModel` gives test (1) without the training data.
//
// Scaled space: the model's own feature transform when given (so distances are in the units the
// network sees: standard deviations of the training features for the default mean/std scaling),
// otherwise min-max to [−1, 1] fitted on these training atoms. Distance = RMS per feature,
// d(x, y) = sqrt(Σ_f (x_f − y_f)² / F): 0.1 means "a tenth of the training spread per feature".
import type { Structure } from "../structure/structure.js";
import type { FeatureTransformData, SymmetryFunction } from "../descriptors/types.js";
import type { ModelData } from "../model/model-file.js";
import { applyTransform, computeDescriptors, fitFeatureTransform } from "../descriptors/index.js";

interface ElementCoverage {
  nfeatures: number;
  min: Float64Array;
  max: Float64Array;
  transform: FeatureTransformData;
  /** Scaled training vectors, natoms × nOut (duplicates removed); absent for a range-only coverage. */
  scaled?: Float64Array;
  natoms: number;
}

/** Default largest distance to the nearest training atom of a covered atom (scaled units, RMS per feature). */
export const COVERAGE_DISTANCE = 0.1;

export interface CoverageCheck {
  /** True when some feature lies outside the training min/max (beyond a 1e-9 relative margin), or
   *  the nearest training atom is farther than the coverage's maxDistance. */
  outside: boolean;
  /** Number of features outside. */
  outsideFeatures: number;
  /** Largest excess beyond the range, in units of the feature's training width (0 when inside). */
  maxExcess: number;
  /** RMS-per-feature distance to the nearest training atom in scaled space (unknown for a range-only coverage). */
  distance?: number;
}

export class TrainingCoverage {
  private constructor(readonly functions: SymmetryFunction[], private readonly byElement: Map<string, ElementCoverage>,
    /** Largest distance to the nearest training atom of a covered atom. */
    readonly maxDistance = COVERAGE_DISTANCE) {}

  /**
   * Coverage of `training` structures for descriptor set `functions`; `transforms` per element
   * (the model's), or min-max fitted here.
   */
  static fromStructures(training: Structure[], functions: SymmetryFunction[], transforms?: Record<string, FeatureTransformData>,
    options: { maxDistance?: number } = {}): TrainingCoverage {
    const rows = new Map<string, { nf: number; values: number[] }>();
    for (const s of training) {
      for (const b of computeDescriptors(s, functions).byElement) {
        let r = rows.get(b.element);
        if (!r) { r = { nf: b.nfeatures, values: [] }; rows.set(b.element, r); }
        for (const v of b.values) r.values.push(v);
      }
    }
    const by = new Map<string, ElementCoverage>();
    for (const [el, r] of rows) {
      const n = r.values.length / r.nf;
      const raw = Float64Array.from(r.values);
      const min = new Float64Array(r.nf).fill(Infinity), max = new Float64Array(r.nf).fill(-Infinity);
      for (let a = 0; a < n; a++) for (let f = 0; f < r.nf; f++) {
        const g = raw[a * r.nf + f];
        if (g < min[f]) min[f] = g;
        if (g > max[f]) max[f] = g;
      }
      const transform = transforms?.[el] ?? fitFeatureTransform(raw, n, r.nf, el, { method: "minmax" });
      const x = applyTransform(transform, raw, n);
      const { rows: scaled, count } = dedupe(x, n, transform.nOut);
      by.set(el, { nfeatures: r.nf, min, max, transform, scaled, natoms: count });
    }
    const maxDistance = options.maxDistance ?? COVERAGE_DISTANCE;
    if (!(maxDistance > 0)) throw new Error(`coverage: maxDistance must be a positive number, got ${maxDistance}`);
    return new TrainingCoverage(functions, by, maxDistance);
  }

  /** The training range a model file carries (descriptorRange), or undefined when it has none. */
  static fromModel(model: ModelData): TrainingCoverage | undefined {
    const ranges = model.descriptorRange;
    if (!ranges) return undefined;
    const by = new Map<string, ElementCoverage>();
    model.elements.forEach((el, i) => {
      const r = ranges[el];
      by.set(el, { nfeatures: r.min.length, min: Float64Array.from(r.min), max: Float64Array.from(r.max), transform: model.transforms[i], natoms: 0 });
    });
    return new TrainingCoverage(model.descriptors, by);
  }

  elements(): string[] {
    return [...this.byElement.keys()];
  }

  /** Check one atom's raw descriptor vector g (element el). */
  checkVector(el: string, g: ArrayLike<number>): CoverageCheck {
    const c = this.byElement.get(el);
    if (!c) return { outside: true, outsideFeatures: g.length, maxExcess: Infinity, distance: Infinity };
    let outsideFeatures = 0, maxExcess = 0;
    for (let f = 0; f < c.nfeatures; f++) {
      const w = c.max[f] - c.min[f];
      const margin = 1e-9 * Math.max(w, Math.abs(c.max[f]), Math.abs(c.min[f]), 1e-300);
      const below = c.min[f] - g[f], above = g[f] - c.max[f];
      const ex = Math.max(below, above);
      if (ex > margin) {
        outsideFeatures++;
        maxExcess = Math.max(maxExcess, w > 0 ? ex / w : Infinity);
      }
    }
    const scaled = c.scaled;
    if (!scaled) return { outside: outsideFeatures > 0, outsideFeatures, maxExcess };
    const x = applyTransform(c.transform, Float64Array.from(g), 1);
    const F = c.transform.nOut;
    let best = Infinity;
    for (let a = 0; a < c.natoms; a++) {
      let d = 0;
      for (let f = 0; f < F && d < best; f++) { const t = x[f] - scaled[a * F + f]; d += t * t; }
      if (d < best) best = d;
    }
    const distance = Math.sqrt(best / F);
    return { outside: outsideFeatures > 0 || !(distance <= this.maxDistance), outsideFeatures, maxExcess, distance };
  }

  /**
   * Check every atom of a structure; returns the worst atom's result (largest distance; outside
   * if any atom is outside). For an invariant point all atoms give the same answer.
   */
  checkStructure(s: Structure): CoverageCheck {
    let worst: CoverageCheck = { outside: false, outsideFeatures: 0, maxExcess: 0, distance: 0 };
    let known = true;
    for (const b of computeDescriptors(s, this.functions.filter((f) => s.symbols.includes(f.centre))).byElement) {
      for (let a = 0; a < b.atoms.length; a++) {
        const r = this.checkVector(b.element, b.values.subarray(a * b.nfeatures, (a + 1) * b.nfeatures));
        if (r.distance === undefined) known = false;
        worst = {
          outside: worst.outside || r.outside, outsideFeatures: Math.max(worst.outsideFeatures, r.outsideFeatures),
          maxExcess: Math.max(worst.maxExcess, r.maxExcess), distance: Math.max(worst.distance!, r.distance ?? 0),
        };
      }
    }
    if (!known) delete worst.distance;
    return worst;
  }
}

/** Remove exact duplicate rows (perfect crystals contribute one vector per structure). */
function dedupe(x: Float64Array, n: number, d: number): { rows: Float64Array; count: number } {
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let a = 0; a < n; a++) {
    const key = Array.from(x.subarray(a * d, (a + 1) * d), (v) => v.toPrecision(12)).join(",");
    if (!seen.has(key)) { seen.add(key); keep.push(a); }
  }
  const rows = new Float64Array(keep.length * d);
  keep.forEach((a, k) => rows.set(x.subarray(a * d, (a + 1) * d), k * d));
  return { rows, count: keep.length };
}

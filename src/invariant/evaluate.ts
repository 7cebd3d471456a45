// Evaluate a model (any Calculator) at invariant points: its atomic energy against the reference,
// per point and per family, with MAE and max error in meV/atom, and whether each point lies
// outside the training data's descriptor range.
//
// Predicted atomic energy = mean of the model's per-atom energies over the (equivalent) atoms,
// which equals the predicted E/N. The spread (max − min) of the per-atom energies should be ~0 at
// an invariant point; a large spread means the structure is not one, or the model breaks symmetry.
//
// Only points inside the training descriptor range test the atomic-energy mapping: outside it the
// model extrapolates, and its error there says nothing about an ad hoc split (a 63-atom vacancy
// set puts 74 of the 91 default points outside, at errors of ~1.5 eV/atom). So when the range is
// known (a coverage), the errors per family and overall count the points inside only; the points
// outside are listed apart (`outsideRange`) and never averaged in, unless `includeOutside`.
import type { Calculator } from "../model/calculator.js";
import type { InvariantPoint } from "./points.js";
import type { TrainingCoverage } from "./coverage.js";

export interface PointResult {
  family: string;
  label: string;
  x: number;
  xLabel: string;
  element: string;
  natoms: number;
  /** Model atomic energy (eV/atom): mean over the atoms. */
  predicted: number;
  /** Max − min of the model's per-atom energies (eV); sanity value, ≈ 0 expected. */
  spread: number;
  reference?: number;
  referenceSource?: string;
  /** predicted − reference (eV/atom). */
  error?: number;
  /** Descriptor-range check against the training data (when a coverage was given). */
  outside?: boolean;
  outsideFeatures?: number;
  /** RMS-per-feature distance to the nearest training atom in scaled descriptor space. */
  distance?: number;
}

export interface ErrorSummary {
  /** Points in the group. */
  points: number;
  /** Points with a reference counted in MAE/max (inside the training range, when it is known). */
  withReference: number;
  /** Mean absolute error, meV/atom (NaN when no point has a reference). */
  maeMeV: number;
  /** Largest absolute error, meV/atom. */
  maxMeV: number;
  /** Points outside the training descriptor range (not in MAE/max unless includeOutside). */
  outside: number;
}

export interface FamilySummary extends ErrorSummary {
  family: string;
}

export interface InvariantEvaluation {
  model: string;
  points: PointResult[];
  /** Per family: errors over the points that count (see `overall`). */
  families: FamilySummary[];
  /** The headline: errors over the points inside the training range (all points when it is unknown or includeOutside). */
  overall: ErrorSummary;
  /** Errors at the points outside the training range, apart from the headline (when a coverage was given). */
  outsideRange?: ErrorSummary;
  /** True when outside points were averaged in on request. */
  includeOutside?: boolean;
}

export interface EvaluateOptions {
  /** Training descriptor range: points outside it are flagged and left out of the errors. */
  coverage?: TrainingCoverage;
  /** Average the outside points in too (default false). */
  includeOutside?: boolean;
}

/** MAE and max error (meV/atom) of a set of results; points flagged outside count only with `includeOutside`. */
export function summarise(results: PointResult[], includeOutside = false): ErrorSummary {
  const errs = results.filter((r) => r.error !== undefined && (includeOutside || !r.outside)).map((r) => Math.abs(r.error!) * 1000);
  return {
    points: results.length, withReference: errs.length,
    maeMeV: errs.length ? errs.reduce((a, b) => a + b, 0) / errs.length : NaN,
    maxMeV: errs.length ? Math.max(...errs) : NaN,
    outside: results.filter((r) => r.outside).length,
  };
}

/** Model result at one point. */
export function evaluatePoint(calc: Calculator, p: InvariantPoint, coverage?: TrainingCoverage): PointResult {
  const r = calc.calculate(p.structure, { forces: false, stress: false });
  const e = r.energies;
  let lo = Infinity, hi = -Infinity, sum = 0;
  for (const v of e) { sum += v; if (v < lo) lo = v; if (v > hi) hi = v; }
  const predicted = sum / e.length;
  const out: PointResult = {
    family: p.family, label: p.label, x: p.x, xLabel: p.xLabel, element: p.element, natoms: p.structure.length,
    predicted, spread: hi - lo,
  };
  if (p.reference !== undefined) {
    out.reference = p.reference;
    out.referenceSource = p.referenceSource;
    out.error = predicted - p.reference;
  }
  if (coverage) {
    const c = coverage.checkStructure(p.structure);
    out.outside = c.outside;
    out.outsideFeatures = c.outsideFeatures;
    if (c.distance !== undefined) out.distance = c.distance;
  }
  return out;
}

/** Evaluate `calc` at every point; summaries per family (in first-seen order), overall, and outside the range. */
export function evaluateInvariantPoints(calc: Calculator, points: InvariantPoint[], options: EvaluateOptions = {}): InvariantEvaluation {
  const all = options.includeOutside ?? false;
  const results = points.map((p) => evaluatePoint(calc, p, options.coverage));
  const families = [...new Set(results.map((r) => r.family))].map((family) => ({
    family, ...summarise(results.filter((r) => r.family === family), all),
  }));
  const ev: InvariantEvaluation = { model: calc.name, points: results, families, overall: summarise(results, all) };
  if (options.coverage) {
    const out = results.filter((r) => r.outside);
    ev.outsideRange = { ...summarise(out, true), outside: out.length };
    if (all) ev.includeOutside = true;
  }
  return ev;
}

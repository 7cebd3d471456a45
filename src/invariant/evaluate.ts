// Evaluate a model (any Calculator) at invariant points: its atomic energy against the reference,
// per point and per family, with MAE and max error in meV/atom, and whether each point lies
// outside the training data's descriptor range.
//
// Predicted atomic energy = mean of the model's per-atom energies over the (equivalent) atoms,
// which equals the predicted E/N. The spread (max − min) of the per-atom energies should be ~0 at
// an invariant point; a large spread means the structure is not one, or the model breaks symmetry.
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
  /** Points with a reference (the ones in MAE/max). */
  withReference: number;
  /** Mean absolute error, meV/atom (NaN when no point has a reference). */
  maeMeV: number;
  /** Largest absolute error, meV/atom. */
  maxMeV: number;
  /** Points outside the training descriptor range. */
  outside: number;
}

export interface FamilySummary extends ErrorSummary {
  family: string;
}

export interface InvariantEvaluation {
  model: string;
  points: PointResult[];
  families: FamilySummary[];
  overall: ErrorSummary;
}

/** MAE and max error (meV/atom) of a set of results. */
export function summarise(results: PointResult[]): ErrorSummary {
  const errs = results.filter((r) => r.error !== undefined).map((r) => Math.abs(r.error!) * 1000);
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
    out.distance = c.distance;
  }
  return out;
}

/** Evaluate `calc` at every point; summaries per family (in first-seen order) and overall. */
export function evaluateInvariantPoints(calc: Calculator, points: InvariantPoint[], options: { coverage?: TrainingCoverage } = {}): InvariantEvaluation {
  const results = points.map((p) => evaluatePoint(calc, p, options.coverage));
  const families = [...new Set(results.map((r) => r.family))].map((family) => ({
    family, ...summarise(results.filter((r) => r.family === family)),
  }));
  return { model: calc.name, points: results, families, overall: summarise(results) };
}

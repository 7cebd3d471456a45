// Known-truth mode (docs/science.md §2): when the data carry a teacher's per-atom energies (the
// `atomic_energy_vertex` column of the dataset builder), compare the model's atomic energies with
// them, per environment class. Per-atom comparisons are informative, not proof (gauge freedom), so
// the useful numbers are class means: an ad hoc mapping shows up as a systematic shift of one class
// (e.g. vacancy neighbours +0.3 eV) compensated by another (bulk-like atoms −0.02 eV), while the
// per-atom RMSE alone can look modest.
import type { Structure } from "../structure/structure.js";
import type { Calculator } from "../model/calculator.js";
import { classifyByClusters, classifyByCoordination, COORDINATION_RADIUS, type Classification } from "./classes.js";

export interface ClassError {
  id: number;
  label: string;
  atoms: number;
  /** Mean of (model − teacher) over the class's atoms, meV. */
  meanErrorMeV: number;
  /** RMS of (model − teacher), meV. */
  rmseMeV: number;
  /** Mean teacher and model atomic energies, eV. */
  meanTeacher: number;
  meanModel: number;
}

export interface KnownTruthReport {
  key: string;
  method: Classification["method"];
  atoms: number;
  /** Over all atoms, meV. */
  meanErrorMeV: number;
  rmseMeV: number;
  classes: ClassError[];
}

/** Per-atom teacher energies of structure s from array `key` (throws with the frame index if absent). */
export function teacherEnergies(s: Structure, key: string, index: number): Float64Array {
  const a = s.arrays[key];
  if (!a) throw new Error(`structure ${index}: no per-atom array '${key}' (expected teacher atomic energies from 'aemap generate')`);
  if (a.width !== 1) throw new Error(`structure ${index}: array '${key}' has width ${a.width}, expected 1`);
  return Float64Array.from(a.values as ArrayLike<number>, Number);
}

/** Compare model and teacher atomic energies by environment class. */
export function knownTruthByClass(calc: Calculator, structures: Structure[], options: {
  key?: string; classes?: "coordination" | "cluster"; radius?: number; threshold?: number; classification?: Classification;
} = {}): KnownTruthReport {
  const key = options.key ?? "atomic_energy_vertex";
  const teacher = structures.map((s, k) => teacherEnergies(s, key, k));
  const cls = options.classification ?? ((options.classes ?? "coordination") === "cluster"
    ? classifyByClusters(structures, { threshold: options.threshold, radius: options.radius })
    : classifyByCoordination(structures, options.radius ?? COORDINATION_RADIUS));
  const K = cls.classes.length;
  const n = new Float64Array(K), se = new Float64Array(K), se2 = new Float64Array(K), st = new Float64Array(K), sm = new Float64Array(K);
  let N = 0, E = 0, E2 = 0;
  structures.forEach((s, k) => {
    const model = calc.calculate(s, { forces: false, stress: false }).energies;
    for (let i = 0; i < s.length; i++) {
      const c = cls.assignment[k][i], d = model[i] - teacher[k][i];
      n[c]++; se[c] += d; se2[c] += d * d; st[c] += teacher[k][i]; sm[c] += model[i];
      N++; E += d; E2 += d * d;
    }
  });
  return {
    key, method: cls.method, atoms: N, meanErrorMeV: (1000 * E) / N, rmseMeV: 1000 * Math.sqrt(E2 / N),
    classes: cls.classes.map((c, j) => ({
      id: c.id, label: c.label, atoms: n[j],
      meanErrorMeV: (1000 * se[j]) / n[j], rmseMeV: 1000 * Math.sqrt(se2[j] / n[j]),
      meanTeacher: st[j] / n[j], meanModel: sm[j] / n[j],
    })),
  };
}

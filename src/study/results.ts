// The contents of results.json: what every run measured, summaries over seeds, the teacher's
// values and the claims with their verdicts. Deliberately free of timings, dates and paths, so the
// same spec gives the same bytes (timings go to manifest.json). Units: meV/atom for energy errors,
// eV/Å for force errors, eV for derived energies.
import type { DerivedEnergies } from "./derived.js";
import type { ClaimResult } from "./claims.js";

export const RESULTS_FORMAT = "aemap-study-results";
export const RESULTS_VERSION = 1;

export interface ErrorStats {
  structures: number;
  energyRmseMeV: number;
  energyMaeMeV: number;
  /** Force component RMSE, eV/Å (NaN → null when the set has no forces). */
  forceRmse: number | null;
}

export interface PointRecord {
  family: string;
  label: string;
  x: number;
  /** Model atomic energy, eV/atom. */
  predicted: number;
  /** Reference atomic energy, eV/atom (absent when none exists, e.g. DFT isolated atom). */
  reference?: number;
  /** predicted − reference, meV/atom. */
  errorMeV?: number;
}

export interface InvariantRecord {
  /** Over every point with a reference. */
  maeMeV: number | null;
  maxMeV: number | null;
  /** Per family: MAE and max error, meV/atom. */
  families: Record<string, { points: number; maeMeV: number | null; maxMeV: number | null }>;
  points: PointRecord[];
}

export interface ClassRecord {
  label: string;
  atoms: number;
  /** Mean of (model − teacher) over the class's atoms, meV/atom. */
  meanErrorMeV: number;
  rmseMeV: number;
}

export interface KnownTruthRecord {
  /** Which structures were compared ("test" or "train"). */
  on: string;
  atoms: number;
  rmseMeV: number;
  classes: ClassRecord[];
}

export interface SelectionRecord {
  epoch: number;
  validRmseMeV: number;
  /** Invariant error on the monitor's points, meV/atom. */
  monitorMaeMeV: number;
  derived?: DerivedEnergies;
}

export interface MonitorRecordOut {
  every: number;
  /** Alarm ratio: invariant error > ratio × training energy RMSE. */
  ratio: number;
  points: number;
  history: { epoch: number; trainRmseMeV: number; validRmseMeV: number; invariantMaeMeV: number }[];
  alarms: { epoch: number; kind: string; message: string }[];
  /** Epoch of the first alarm, or null. */
  firstAlarm: number | null;
  /** At the last evaluation (end of training): invariant error > ratio × training energy RMSE. */
  flaggedAtEnd: boolean;
  /** Models picked by lowest validation energy RMSE / by lowest invariant error / the final one. */
  selection: { validation: SelectionRecord; invariant: SelectionRecord; final: SelectionRecord };
}

export interface RunRecord {
  seed: number;
  epochs: number;
  reason: string;
  weightHash: string;
  train: ErrorStats;
  valid?: ErrorStats;
  test?: ErrorStats;
  /** Test metrics per group. */
  testGroups?: Record<string, ErrorStats>;
  invariant?: InvariantRecord;
  knownTruth?: KnownTruthRecord;
  derived?: DerivedEnergies;
  monitor?: MonitorRecordOut;
}

export interface Stat {
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export interface ExperimentRecord {
  name: string;
  part: string;
  label: string;
  role?: string;
  defect?: string;
  datasets: { train: DatasetInfo; valid?: DatasetInfo; test?: DatasetInfo };
  /** The resolved training configuration (seed excepted). */
  training: Record<string, unknown>;
  runs: RunRecord[];
  /** Statistics over seeds of the main numbers (keys listed in SUMMARY_KEYS). */
  summary: Record<string, Stat>;
}

export interface DatasetInfo {
  name: string;
  structures: number;
  atoms: number;
  groups: Record<string, number>;
  /** SHA-256 of the structures (src/train/trainer.ts dataHash). */
  hash: string;
}

export interface StudyResults {
  format: typeof RESULTS_FORMAT;
  version: number;
  study: string;
  description: string;
  /** SHA-256 of the canonical spec JSON. */
  specHash: string;
  teacher?: DerivedEnergies;
  experiments: ExperimentRecord[];
  claims: ClaimResult[];
}

/** Mean, standard deviation (n − 1), min and max of the finite values (null when none). */
export function stat(values: (number | null | undefined)[]): Stat | null {
  const v = values.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { n: v.length, mean, std, min: Math.min(...v), max: Math.max(...v) };
}

/** The numbers summarised over seeds, each read from a run (null when the run lacks it). */
export const SUMMARY_KEYS: Record<string, (r: RunRecord, teacher?: DerivedEnergies) => number | null | undefined> = {
  trainRmseMeV: (r) => r.train.energyRmseMeV,
  testRmseMeV: (r) => r.test?.energyRmseMeV,
  testForceRmse: (r) => r.test?.forceRmse,
  invariantMaeMeV: (r) => r.invariant?.maeMeV,
  diamondMaeMeV: (r) => r.invariant?.families.diamond?.maeMeV,
  otherLatticesMaeMeV: (r) => otherLatticesMae(r),
  isolatedErrorMeV: (r) => r.invariant?.points.find((p) => p.family === "isolated")?.errorMeV,
  isolatedPredicted: (r) => r.invariant?.points.find((p) => p.family === "isolated")?.predicted,
  diamondA0ErrorMeV: (r, t) => (r.derived && t ? 1000 * (r.derived.diamondPerAtom - t.diamondPerAtom) : null),
  vacancyFormation: (r) => r.derived?.vacancyFormation,
  surfacePerAtom: (r) => r.derived?.surfacePerAtom,
  bulkClassMeanErrorMeV: (r) => r.knownTruth?.classes.find((c) => c.label.startsWith("bulk"))?.meanErrorMeV,
  defectClassMeanErrorMeV: (r) => r.knownTruth?.classes.find((c) => !c.label.startsWith("bulk"))?.meanErrorMeV,
  perAtomRmseMeV: (r) => r.knownTruth?.rmseMeV,
};

const LATTICE_FAMILIES = ["beta-Sn", "sc", "bcc", "fcc", "hcp", "sh"];

/** MAE over the points of the non-diamond lattices, meV/atom. */
function otherLatticesMae(r: RunRecord): number | null {
  const e = r.invariant?.points.filter((p) => LATTICE_FAMILIES.includes(p.family) && p.errorMeV !== undefined).map((p) => Math.abs(p.errorMeV!));
  return e && e.length ? e.reduce((a, b) => a + b, 0) / e.length : null;
}

/** Summary statistics over the runs of one experiment. */
export function summariseRuns(runs: RunRecord[], teacher?: DerivedEnergies): Record<string, Stat> {
  const out: Record<string, Stat> = {};
  for (const [k, get] of Object.entries(SUMMARY_KEYS)) {
    const s = stat(runs.map((r) => get(r, teacher)));
    if (s) out[k] = s;
  }
  return out;
}

/** JSON with NaN/Infinity as null (JSON.stringify does that already) and a trailing newline. */
export function serialiseResults(r: StudyResults): string {
  return JSON.stringify(r, null, 1) + "\n";
}

// The study runner: spec in, results out. Browser-safe: files come through `StudyIO` (the Node
// side is io-node.ts), the clock and the progress lines through options.
//
// Order of work:
//   1. datasets: every named dataset is built once (teacher recipes generated, seeded, and cached
//      by content inside the run; files read and filtered by group)
//   2. the teacher's derived energies (known-truth experiments)
//   3. for each experiment, for each seed (one "run"):
//        train (src/train/trainer.ts), with the invariant monitor on the trainer's onEpoch hook
//        when the experiment has one; then evaluate the final model: errors per split, invariant
//        points, per-atom errors vs the teacher by class, derived energies; and the models the
//        validation loss and the invariant error would have selected
//   4. summaries over seeds, then the claims' verdicts (claims.ts)
// Everything that goes into results.json is a deterministic function of the spec and the inputs;
// timings are returned separately (for manifest.json).
import type { Structure } from "../structure/structure.js";
import type { Calculator } from "../model/calculator.js";
import { parseRecipe, type Group } from "../teacher/recipe.js";
import { buildDataset } from "../teacher/dataset.js";
import { StillingerWeber } from "../teacher/stillinger-weber.js";
import { train, dataHash, groupOf, type EpochInfo, type SplitMetrics } from "../train/trainer.js";
import { resolveConfig } from "../train/config.js";
import { Potential } from "../model/potential.js";
import type { ModelData } from "../model/model-file.js";
import { generateInvariantPoints, type InvariantPoint } from "../invariant/points.js";
import { assignReferences } from "../invariant/reference.js";
import { pointsFromDataset } from "../invariant/detect.js";
import { evaluateInvariantPoints } from "../invariant/evaluate.js";
import { knownTruthByClass } from "../invariant/known-truth.js";
import { coordinationNumbers, type Classification } from "../invariant/classes.js";
import { InvariantMonitor } from "../invariant/monitor.js";
import { sha256Hex } from "../util/hash.js";
import { formatDuration } from "../train/progress.js";
import { experimentTraining, type DatasetPart, type ExperimentSpec, type MonitorSpec, type StudySpec } from "./spec.js";
import { derivedEnergies, type DerivedEnergies } from "./derived.js";
import {
  RESULTS_FORMAT, RESULTS_VERSION, summariseRuns,
  type DatasetInfo, type ErrorStats, type ExperimentRecord, type InvariantRecord, type KnownTruthRecord, type MonitorRecordOut,
  type RunRecord, type SelectionRecord, type StudyResults,
} from "./results.js";
import { evaluateClaims } from "./claims.js";

/** Where a study gets its files (paths as written in the spec; the implementation resolves them). */
export interface StudyIO {
  readText(path: string): string;
  readStructures(path: string): Structure[];
}

export interface StudyOptions {
  io: StudyIO;
  /** Receives progress lines (with a trailing newline). */
  progress?: (line: string) => void;
  /** Clock in seconds (default performance.now()/1000). */
  now?: () => number;
  /** Code version recorded in the models (not in results.json). */
  codeVersion?: string;
}

export interface StudyTimings {
  totalSeconds: number;
  datasetsSeconds: number;
  /** Worker threads that ran the jobs (1 = in the main thread). */
  workers: number;
  runs: { experiment: string; seed: number; seconds: number; trainSeconds: number; epochs: number }[];
}

export interface StudyOutcome {
  results: StudyResults;
  timings: StudyTimings;
  /** Seeds actually used, per experiment. */
  seeds: Record<string, number[]>;
}

/** The canonical JSON of a spec (its hash identifies the study). */
export function canonicalSpec(spec: StudySpec): string {
  return JSON.stringify(spec);
}

/** One dataset part → structures. */
function buildPart(part: DatasetPart, io: StudyIO, cache: Map<string, Structure[]>): Structure[] {
  if (part.kind === "file") {
    const key = `file:${part.file}`;
    if (!cache.has(key)) cache.set(key, io.readStructures(part.file));
    const all = cache.get(key)!;
    return all.filter((s) => (!part.groups || part.groups.includes(groupOf(s))) && !(part.excludeGroups ?? []).includes(groupOf(s)));
  }
  const text = typeof part.recipe === "string" ? io.readText(part.recipe) : JSON.stringify(part.recipe);
  const recipe = parseRecipe(text, typeof part.recipe === "string" ? part.recipe : "inline recipe");
  if (part.seed !== undefined) recipe.seed = part.seed;
  if (part.groups) {
    for (const g of part.groups) if (!recipe.groups.some((x) => x.name === g)) throw new Error(`recipe ${recipe.description || "(inline)"}: no group "${g}"`);
    recipe.groups = recipe.groups.filter((g) => part.groups!.includes(g.name));
  }
  if (part.frames !== undefined) recipe.groups = recipe.groups.map((g) => withFrames(g, part.frames!));
  const key = `recipe:${sha256Hex(JSON.stringify(recipe))}`;
  if (!cache.has(key)) cache.set(key, buildDataset(recipe));
  return cache.get(key)!;
}

/** Override the frame count of groups that sample (MD, melt-quench, strains, rattled statics). */
function withFrames(g: Group, frames: number): Group {
  const sampled = g.kind === "md" || g.kind === "melt-quench" || g.kind === "strain" || (g.kind === "static" && g.structure.rattle > 0);
  return sampled ? { ...g, frames } : g;
}

function datasetInfo(name: string, list: Structure[]): DatasetInfo {
  const groups: Record<string, number> = {};
  for (const s of list) groups[groupOf(s)] = (groups[groupOf(s)] ?? 0) + 1;
  return { name, structures: list.length, atoms: list.reduce((n, s) => n + s.length, 0), groups, hash: dataHash(list) };
}

const meV = (x: number) => 1000 * x;
const orNull = (x: number) => (Number.isFinite(x) ? x : null);

function errorStats(m: SplitMetrics | undefined): ErrorStats | undefined {
  if (!m) return undefined;
  return { structures: m.structures, energyRmseMeV: meV(m.energyRmse), energyMaeMeV: meV(m.energyMae), forceRmse: orNull(m.forceRmse) };
}

/** Two classes for the known-truth comparison: bulk-like (4 neighbours within 2.8 Å) and the rest. */
function bulkVersusDefect(structures: Structure[]): Classification {
  const assignment = structures.map((s) => Int32Array.from(coordinationNumbers(s), (c) => (c === 4 ? 0 : 1)));
  const count = (id: number) => assignment.reduce((n, a) => n + a.filter((x) => x === id).length, 0);
  const withClass = (id: number) => assignment.filter((a) => a.includes(id)).length;
  const mk = (id: number, label: string, cn: number) => ({ id, element: "Si", label, atoms: count(id), structures: withClass(id), meanCoordination: cn });
  return { method: "coordination", classes: [mk(0, "bulk-like (4-coordinated)", 4), mk(1, "defect/surface (other coordination)", NaN)], assignment };
}

function invariantRecord(calc: Calculator, points: InvariantPoint[]): InvariantRecord {
  const ev = evaluateInvariantPoints(calc, points);
  return {
    maeMeV: orNull(ev.overall.maeMeV), maxMeV: orNull(ev.overall.maxMeV),
    families: Object.fromEntries(ev.families.map((f) => [f.family, { points: f.points, maeMeV: orNull(f.maeMeV), maxMeV: orNull(f.maxMeV) }])),
    points: ev.points.map((p) => ({
      family: p.family, label: p.label, x: p.x, predicted: p.predicted,
      ...(p.reference !== undefined ? { reference: p.reference, errorMeV: meV(p.error!) } : {}),
    })),
  };
}

function knownTruthRecord(calc: Calculator, structures: Structure[], on: string): KnownTruthRecord {
  const k = knownTruthByClass(calc, structures, { classification: bulkVersusDefect(structures) });
  return {
    on, atoms: k.atoms, rmseMeV: k.rmseMeV,
    classes: k.classes.filter((c) => c.atoms > 0).map((c) => ({ label: c.label, atoms: c.atoms, meanErrorMeV: c.meanErrorMeV, rmseMeV: c.rmseMeV })),
  };
}

/** Evaluate `f` on a potential built from `model`, then free it. */
function withPotential<T>(model: ModelData, f: (p: Potential) => T): T {
  const p = new Potential(model, "model");
  try {
    return f(p);
  } finally {
    p.dispose();
  }
}

interface Sets { train: Structure[]; valid?: Structure[]; test?: Structure[] }

/**
 * The invariant monitor on the trainer's onEpoch hook, plus what it needs for the comparison of
 * checkpoint selections: the validation RMSE and the model at the best validation epoch.
 */
function monitorHook(m: MonitorSpec, points: InvariantPoint[], training: Structure[]) {
  const monitor = new InvariantMonitor(points, { every: m.every, ratio: m.ratio, growth: m.growth, minGrowthMeV: m.minGrowthMeV, alarmFrom: m.every, training });
  const history: MonitorRecordOut["history"] = [];
  let bestValid: { epoch: number; rmse: number; model: ModelData } | null = null;
  const onEpoch = (info: EpochInfo) => {
    const r = monitor.onEpoch(info);
    if (info.epoch % m.every === 0 && info.metrics.valid) {
      const v = meV(info.metrics.valid.energyRmse);
      const inv = monitor.history[monitor.history.length - 1].maeMeV;
      history.push({ epoch: info.epoch, trainRmseMeV: meV(info.metrics.train.energyRmse), validRmseMeV: v, invariantMaeMeV: inv });
      if (!bestValid || v < bestValid.rmse) bestValid = { epoch: info.epoch, rmse: v, model: info.model() };
    }
    return r;
  };
  /** The record, once training is over; `assess` evaluates a selected model. */
  const finish = (final: { epoch: number; model: ModelData }, assess: (model: ModelData) => Pick<SelectionRecord, "monitorMaeMeV" | "derived">): MonitorRecordOut | undefined => {
    const bv = bestValid as { epoch: number; model: ModelData } | null;
    if (!bv || !monitor.best) return undefined;
    const select = (epoch: number, model: ModelData): SelectionRecord => ({
      epoch, validRmseMeV: history.find((h) => h.epoch === epoch)?.validRmseMeV ?? NaN, ...assess(model),
    });
    const last = history[history.length - 1];
    return {
      every: m.every, ratio: m.ratio, points: monitor.points.length, history,
      alarms: monitor.alarms.map((a) => ({ epoch: a.epoch, kind: a.kind, message: a.message })),
      firstAlarm: monitor.alarms.length ? monitor.alarms[0].epoch : null,
      flaggedAtEnd: last !== undefined && last.invariantMaeMeV > m.ratio * last.trainRmseMeV,
      selection: {
        validation: select(bv.epoch, bv.model),
        invariant: select(monitor.best.epoch, monitor.best.model),
        final: select(final.epoch, final.model),
      },
    };
  };
  return { onEpoch, finish, points: monitor.points };
}

/** Step 3: one experiment, one seed: train, then evaluate the final (and selected) models. */
function runOne(spec: StudySpec, e: ExperimentSpec, seed: number, sets: Sets, ctx: {
  evalPoints?: InvariantPoint[]; monitorPoints?: InvariantPoint[]; codeVersion?: string;
}): { run: RunRecord; trainSeconds: number } {
  const config = resolveConfig(experimentTraining(spec, e), () => {}, `experiment ${e.name}`);
  config.seed = seed;
  const knownTruth = e.part === "known-truth";
  const hook = e.monitor && ctx.monitorPoints ? monitorHook(e.monitor, ctx.monitorPoints, sets.train) : undefined;
  const res = train(sets, { config, progress: null, onEpoch: hook?.onEpoch, codeVersion: ctx.codeVersion });
  const run: RunRecord = { seed, epochs: res.epochs, reason: res.reason, weightHash: res.weightHash, train: errorStats(res.metrics.train)! };
  if (res.metrics.valid) run.valid = errorStats(res.metrics.valid);
  if (res.metrics.test) {
    run.test = errorStats(res.metrics.test);
    run.testGroups = Object.fromEntries(Object.entries(res.metrics.test.groups).map(([g, m]) => [g, errorStats({ ...m, loss: 0, groups: {} })!]));
  }
  withPotential(res.model, (pot) => {
    if (ctx.evalPoints) run.invariant = invariantRecord(pot, ctx.evalPoints);
    if (knownTruth) {
      const onTest = !!sets.test && sets.test.length > 0;
      run.knownTruth = knownTruthRecord(pot, onTest ? sets.test! : sets.train, onTest ? "test" : "train");
      run.derived = derivedEnergies(pot);
    }
  });
  const monitor = hook?.finish({ epoch: res.epochs, model: res.model }, (model) => withPotential(model, (pot) => ({
    monitorMaeMeV: evaluateInvariantPoints(pot, hook.points).overall.maeMeV,
    ...(knownTruth ? { derived: derivedEnergies(pot) } : {}),
  })));
  if (monitor) run.monitor = monitor;
  return { run, trainSeconds: res.seconds };
}

/** Step 1: the named datasets the given experiments need (all when `only` is absent), added to `data`. */
export function buildDatasets(spec: StudySpec, io: StudyIO, say: (line: string) => void = () => {}, only?: ExperimentSpec[],
  data: Record<string, Structure[]> = {}, cache = new Map<string, Structure[]>()): Record<string, Structure[]> {
  const needed = new Set((only ?? spec.experiments).flatMap((e) => [e.train, e.valid, e.test, ...e.invariantFrom].filter((x): x is string => !!x)));
  for (const name of Object.keys(spec.datasets)) {
    if (!needed.has(name) || name in data) continue;
    say(`study: dataset ${name} …\n`);
    data[name] = spec.datasets[name].flatMap((p) => buildPart(p, io, cache));
    if (data[name].length === 0) throw new Error(`study ${spec.name}: dataset "${name}" is empty (check its groups filters)`);
  }
  return data;
}

/** The teacher's derived energies, when some experiment is a known-truth one. */
export function teacherValues(spec: StudySpec): DerivedEnergies | undefined {
  return spec.experiments.some((e) => e.part === "known-truth") ? derivedEnergies(new StillingerWeber({ split: "vertex" })) : undefined;
}

/** One training run of the study: experiment (by index in the spec) and seed. */
export interface Job {
  experiment: number;
  seed: number;
}

/** Every run of a study, in spec order. */
export function studyJobs(spec: StudySpec): Job[] {
  return spec.experiments.flatMap((e, i) => e.seeds.map((seed) => ({ experiment: i, seed })));
}

export interface JobResult {
  run: RunRecord;
  seconds: number;
  trainSeconds: number;
}

/** Step 3 for one job: invariant points, data sets, training and evaluation. */
export function runJob(spec: StudySpec, job: Job, data: Record<string, Structure[]>, options: { now?: () => number; codeVersion?: string } = {}): JobResult {
  const now = options.now ?? (() => performance.now() / 1000);
  const t1 = now();
  const e = spec.experiments[job.experiment];
  const known = e.part === "known-truth";
  const sw = new StillingerWeber({ split: "vertex" });
  const pointsOf = (name: string | undefined): InvariantPoint[] | undefined =>
    name === undefined ? undefined : assignReferences(generateInvariantPoints(spec.points[name]), { ...(known ? { calculator: sw } : {}), ...(e.isolatedAtom ? { isolated: e.isolatedAtom } : {}) });
  let evalPoints = pointsOf(e.points);
  if (e.invariantFrom.length) {
    const detected = e.invariantFrom.flatMap((d) => pointsFromDataset(data[d], { source: d }));
    evalPoints = [...detected, ...(evalPoints ?? [])];
  }
  const monitorPoints = e.monitor ? pointsOf(e.monitor.points) : undefined;
  const sets: Sets = { train: data[e.train], valid: e.valid ? data[e.valid] : undefined, test: e.test ? data[e.test] : undefined };
  const { run, trainSeconds } = runOne(spec, e, job.seed, sets, { evalPoints, monitorPoints, codeVersion: options.codeVersion });
  return { run, seconds: now() - t1, trainSeconds };
}

/** Step 4: experiment records, summaries and the claims, from the runs in spec order. */
export function assembleResults(spec: StudySpec, data: Record<string, Structure[]>, teacher: DerivedEnergies | undefined, runs: RunRecord[][]): StudyResults {
  const experiments: ExperimentRecord[] = spec.experiments.map((e, i) => {
    const config = resolveConfig(experimentTraining(spec, e), () => {}) as unknown as Record<string, unknown>;
    delete config.seed;
    return {
      name: e.name, part: e.part, label: e.label, ...(e.role ? { role: e.role } : {}), ...(e.defect ? { defect: e.defect } : {}),
      datasets: {
        train: datasetInfo(e.train, data[e.train]),
        ...(e.valid ? { valid: datasetInfo(e.valid, data[e.valid]) } : {}),
        ...(e.test ? { test: datasetInfo(e.test, data[e.test]) } : {}),
      },
      training: config, runs: runs[i], summary: summariseRuns(runs[i], teacher),
    };
  });
  const results: StudyResults = {
    format: RESULTS_FORMAT, version: RESULTS_VERSION, study: spec.name, description: spec.description,
    specHash: sha256Hex(canonicalSpec(spec)), ...(teacher ? { teacher } : {}), experiments, claims: [],
  };
  results.claims = evaluateClaims(results);
  return results;
}

/**
 * Estimated cost of a job: atoms in its training, validation and test sets × epochs. The ETA is
 * the time per cost unit of the finished jobs × the cost still to do.
 */
export function jobCost(spec: StudySpec, data: Record<string, Structure[]>, job: Job): number {
  const e = spec.experiments[job.experiment];
  const atoms = [e.train, e.valid, e.test].reduce((n, d) => n + (d ? data[d].reduce((m, s) => m + s.length, 0) : 0), 0);
  return atoms * resolveConfig(experimentTraining(spec, e), () => {}).optimizer.epochs;
}

/** "study [k/n] name seed s  (elapsed m:ss, ETA m:ss)". */
export function progressLine(job: Job, spec: StudySpec, started: number, total: number, elapsed: number, eta: number): string {
  return `study [${started}/${total}] ${spec.experiments[job.experiment].name} seed ${job.seed}  (elapsed ${formatDuration(1000 * elapsed)}, ETA ${Number.isFinite(eta) ? formatDuration(1000 * eta) : "?"})\n`;
}

/** Run a whole study, one run after the other. */
export function runStudy(spec: StudySpec, options: StudyOptions): StudyOutcome {
  const now = options.now ?? (() => performance.now() / 1000);
  const say = options.progress ?? (() => {});
  const t0 = now();
  const data = buildDatasets(spec, options.io, say);
  const datasetsSeconds = now() - t0;
  const teacher = teacherValues(spec);
  const jobs = studyJobs(spec);
  const runs: RunRecord[][] = spec.experiments.map(() => []);
  const timings: StudyTimings["runs"] = [];
  const tRuns = now();
  const costs = jobs.map((j) => jobCost(spec, data, j));
  const totalCost = costs.reduce((a, b) => a + b, 0);
  let doneCost = 0;
  jobs.forEach((job, k) => {
    const eta = doneCost > 0 ? ((now() - tRuns) * (totalCost - doneCost)) / doneCost : NaN;
    say(progressLine(job, spec, k + 1, jobs.length, now() - t0, eta));
    const r = runJob(spec, job, data, options);
    doneCost += costs[k];
    runs[job.experiment].push(r.run);
    timings.push({ experiment: spec.experiments[job.experiment].name, seed: job.seed, seconds: r.seconds, trainSeconds: r.trainSeconds, epochs: r.run.epochs });
  });
  const results = assembleResults(spec, data, teacher, runs);
  say(`study: done in ${formatDuration(1000 * (now() - t0))}\n`);
  return { results, timings: { totalSeconds: now() - t0, datasetsSeconds, workers: 1, runs: timings }, seeds: studySeeds(spec) };
}

export function studySeeds(spec: StudySpec): Record<string, number[]> {
  return Object.fromEntries(spec.experiments.map((e) => [e.name, e.seeds]));
}

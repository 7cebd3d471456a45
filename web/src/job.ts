// One training job of the web page, as a plain function of (files, settings): the Web Worker
// runs it, and the browser test runs the very same function in Node to check that both give the
// same weight bits. Nothing here touches the DOM or the network; the clock only times the run.
//
//   files ─ readStructuresFromString ─ pickPerGroup ─┐
//   settings ─ jobConfig / jobFunctions ─────────────┼─ train() (src/train/trainer.ts) ─ model
//   dataset invariant points (pointsFromDataset) ─ InvariantMonitor (onEpoch) ─ live plot data
//
// With `onSnapshot`, every epoch also hands over the model as it stands at the end of that epoch
// (what the page keeps when the user presses Stop: `stoppedResult`); it is bit for bit the model a
// job with `epochs` set to that epoch writes.
//
// Everything comes through the library entry (src/index.ts), so the page's Vite build checks that
// the entry is browser-safe; only the trainer's groupOf, elementsOf and dataHash (the grouping of
// metrics, the element order and the data's hash in the model file) come straight from
// src/train/trainer.ts.
import {
  readStructuresFromString, resolveConfig, train, defaultFunctions, parseSimpleNNParams, serialiseModel, pointsFromDataset,
  InvariantMonitor, evaluateInvariantPoints, Potential, DEFAULT_CONFIG, weightHash,
} from "../../src/index.js";
import { dataHash, elementsOf, groupOf } from "../../src/train/trainer.js";
import type {
  Structure, TrainConfig, EpochInfo, SplitMetrics, SymmetryFunction, ModelData, InvariantEvaluation,
} from "../../src/index.js";

/** A structure file as the page holds it: its name (used to detect the format) and text. */
export interface InputFile {
  name: string;
  text: string;
  /** "train": fitted; "test": only reported. */
  role: "train" | "test";
}

/** Everything the page lets a user choose. */
export interface JobSettings {
  seed: number;
  /** "default": docs/science.md §3 set (26 per Si); "radial": its 8 G2 only; "params": SIMPLE-NN params text. */
  descriptors: "default" | "radial" | "params";
  /** SIMPLE-NN `params_XX` text when descriptors = "params" (applied to every element). */
  paramsText?: string;
  hidden: number[];
  activation: "tanh" | "sigmoid" | "softplus";
  optimizer: "lbfgs" | "adam";
  /** L-BFGS iterations or Adam epochs. */
  epochs: number;
  lr: number;
  batchSize: number;
  forceCoeff: number;
  /** Structures kept per group and role (evenly spaced through the group; 0 = all). */
  perGroup: number;
  /** Evaluate the invariant points every k epochs. */
  invariantEvery: number;
}

export const DEFAULT_SETTINGS: Readonly<JobSettings> = Object.freeze({
  seed: 1, descriptors: "default", hidden: [15, 15], activation: "tanh", optimizer: "lbfgs", epochs: 50,
  lr: 0.01, batchSize: 8, forceCoeff: DEFAULT_CONFIG.loss.forceCoeff, perGroup: 4, invariantEvery: 5,
} as JobSettings);

/** One epoch as the page plots it (errors in meV/atom and meV/Å). */
export interface EpochRecord {
  epoch: number;
  loss: number;
  trainEnergyMeV: number;
  trainForceMeV: number;
  testEnergyMeV?: number;
  testForceMeV?: number;
  /** Mean absolute error at the invariant points (meV/atom), on epochs the monitor ran. */
  invariantMaeMeV?: number;
}

export interface JobHooks {
  onEpoch?: (record: EpochRecord) => void;
  /** After each epoch: the model as it stands then (costs a copy of the weights and a hash per epoch). */
  onSnapshot?: (snapshot: JobSnapshot) => void;
  /** After each invariant-point evaluation (every `invariantEvery` epochs). */
  onInvariant?: (epoch: number, evaluation: InvariantEvaluation) => void;
}

export interface JobData {
  train: Structure[];
  test: Structure[];
}

/** What the job trained on: structure counts, atoms and structures per group of the training set. */
export interface JobDataSummary {
  train: number;
  test: number;
  atoms: number;
  groups: Record<string, number>;
  /** Invariant points found in the data (structures whose atoms are all equivalent) with a reference. */
  invariantPoints: number;
}

export interface JobResult {
  model: ModelData;
  modelText: string;
  weightHash: string;
  epochs: number;
  reason: string;
  metrics: { train: SplitMetrics; test?: SplitMetrics };
  history: EpochRecord[];
  /** The model at the invariant points: the final model's, or (stopped job) the last evaluation's. */
  invariant: InvariantEvaluation | null;
  /** Epoch of `invariant` when it is not the final model's (a stopped job). */
  invariantEpoch?: number;
  /** Set when the user stopped the job: the epoch whose model this is, of `config.optimizer.epochs`. */
  stoppedAt?: number;
  config: TrainConfig;
  data: JobDataSummary;
  seconds: number;
}

/** The model at the end of one epoch, with what a result needs besides the history. */
export interface JobSnapshot {
  epoch: number;
  model: ModelData;
  weightHash: string;
  metrics: { train: SplitMetrics; test?: SplitMetrics };
  config: TrainConfig;
  data: JobDataSummary;
  seconds: number;
}

/** Parse every file; errors name the file and line (from src/io). */
export function readFiles(files: InputFile[]): JobData {
  const out: JobData = { train: [], test: [] };
  for (const f of files) out[f.role].push(...readStructuresFromString(f.text, { filename: f.name }));
  return out;
}

/** `k` structures of each group, evenly spaced through the group in file order (k = 0: all). */
export function pickPerGroup(list: Structure[], k: number): Structure[] {
  if (k <= 0) return list;
  const byGroup = new Map<string, number[]>();
  list.forEach((s, i) => {
    const g = groupOf(s);
    if (!byGroup.has(g)) byGroup.set(g, []);
    byGroup.get(g)!.push(i);
  });
  const keep: number[] = [];
  for (const idx of byGroup.values()) {
    const n = Math.min(k, idx.length);
    // Positions ⌊(j + ½)·len/n⌋, j = 0 … n−1: spread over the group, never the same twice.
    for (let j = 0; j < n; j++) keep.push(idx[Math.floor(((j + 0.5) * idx.length) / n)]);
  }
  return keep.sort((a, b) => a - b).map((i) => list[i]);
}

/** The trainer config for the page's settings (checked by resolveConfig, errors name the key). */
export function jobConfig(s: JobSettings): TrainConfig {
  return resolveConfig({
    seed: s.seed,
    network: { hidden: s.hidden, activation: s.activation },
    loss: { forceCoeff: s.forceCoeff },
    optimizer: { type: s.optimizer, epochs: s.epochs, adam: { lr: s.lr, batchSize: s.batchSize } },
  }, undefined, "settings");
}

/** The symmetry functions for the settings and the training elements. */
export function jobFunctions(s: JobSettings, elements: string[]): SymmetryFunction[] {
  if (s.descriptors === "params") {
    if (!s.paramsText?.trim()) throw new Error("descriptors: choose a SIMPLE-NN params file first");
    return elements.flatMap((el) => parseSimpleNNParams(s.paramsText!, el, "params file", elements));
  }
  const all = defaultFunctions(elements);
  return s.descriptors === "radial" ? all.filter((f) => f.type === 2) : all;
}

/** Select the structures the job trains on and reports. */
export function selectData(data: JobData, s: JobSettings): JobData {
  return { train: pickPerGroup(data.train, s.perGroup), test: pickPerGroup(data.test, s.perGroup) };
}

/** Train (see the file header). Deterministic: same files and settings → same weight hash. */
export function runJob(files: InputFile[], settings: JobSettings, hooks: JobHooks = {}, now = () => performance.now() / 1000): JobResult {
  const data = selectData(readFiles(files), settings);
  if (data.train.length === 0) throw new Error("no training structures: load a file or pick a bundled set");
  const config = jobConfig(settings);
  const functions = jobFunctions(settings, elementsOf(data.train));
  const points = pointsFromDataset([...data.train, ...data.test], { functions });
  const monitor = points.some((p) => p.reference !== undefined)
    ? new InvariantMonitor(points, { every: settings.invariantEvery, ratio: 0, growth: 0, includeOutside: true }) // the user's own structures: all count, as in the final evaluation
    : null;
  const summary = summariseData(data, monitor ? points.filter((p) => p.reference !== undefined).length : 0);
  const hashData = hooks.onSnapshot ? dataHash([...data.train, ...data.test]) : "";
  const history: EpochRecord[] = [];
  const onEpoch = (info: EpochInfo) => {
    monitor?.onEpoch(info); // no patience set: it never asks to stop; its log fields are not needed here
    const rec: EpochRecord = {
      epoch: info.epoch, loss: info.loss,
      trainEnergyMeV: 1000 * info.metrics.train.energyRmse, trainForceMeV: 1000 * info.metrics.train.forceRmse,
    };
    if (info.metrics.test) { rec.testEnergyMeV = 1000 * info.metrics.test.energyRmse; rec.testForceMeV = 1000 * info.metrics.test.forceRmse; }
    const ran = monitor?.history[monitor.history.length - 1];
    if (ran && ran.epoch === info.epoch) rec.invariantMaeMeV = ran.maeMeV;
    history.push(rec);
    if (hooks.onSnapshot) {
      // The model file this epoch's weights make, with the training record train() would write.
      const model = info.model();
      const hash = weightHash(model);
      const metrics = { train: info.metrics.train, test: info.metrics.test };
      model.training = { seed: config.seed, dataHash: hashData, weightHash: hash, epochs: info.epoch, config, metrics: info.metrics };
      hooks.onSnapshot({ epoch: info.epoch, model, weightHash: hash, metrics, config, data: summary, seconds: info.elapsed });
    }
    hooks.onEpoch?.(rec);
    if (ran && ran.epoch === info.epoch && monitor!.last) hooks.onInvariant?.(info.epoch, monitor!.last);
  };
  const res = train({ train: data.train, test: data.test }, { config, functions, progress: null, onEpoch, codeVersion: "web", now });
  // The final model at the invariant points (the monitor only saw every k-th epoch).
  let invariant: InvariantEvaluation | null = null;
  if (monitor) {
    const pot = new Potential(res.model, "trained model");
    try { invariant = evaluateInvariantPoints(pot, monitor.points); } finally { pot.dispose(); }
  }
  return {
    model: res.model, modelText: serialiseModel(res.model), weightHash: res.weightHash, epochs: res.epochs, reason: res.reason,
    metrics: { train: res.metrics.train, test: res.metrics.test }, history, invariant, config, data: summary, seconds: res.seconds,
  };
}

function summariseData(data: JobData, invariantPoints: number): JobDataSummary {
  const groups: Record<string, number> = {};
  for (const s of data.train) groups[groupOf(s)] = (groups[groupOf(s)] ?? 0) + 1;
  return { train: data.train.length, test: data.test.length, atoms: data.train.reduce((n, s) => n + s.length, 0), groups, invariantPoints };
}

/**
 * The result of a job stopped by the user after the epoch of `snapshot`: that epoch's model, the
 * history up to it, and the last invariant-point evaluation made by then (with its epoch).
 */
export function stoppedResult(snapshot: JobSnapshot, history: EpochRecord[], invariant: { epoch: number; evaluation: InvariantEvaluation } | null): JobResult {
  const inv = invariant && invariant.epoch <= snapshot.epoch ? invariant : null;
  return {
    model: snapshot.model, modelText: serialiseModel(snapshot.model), weightHash: snapshot.weightHash, epochs: snapshot.epoch,
    reason: `stopped by the user at epoch ${snapshot.epoch} of ${snapshot.config.optimizer.epochs}`, stoppedAt: snapshot.epoch,
    metrics: snapshot.metrics, history: history.filter((h) => h.epoch <= snapshot.epoch),
    invariant: inv?.evaluation ?? null, ...(inv ? { invariantEpoch: inv.epoch } : {}),
    config: snapshot.config, data: snapshot.data, seconds: snapshot.seconds,
  };
}

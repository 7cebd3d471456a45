// Training a neural network potential. The order of work (each step a small function below):
//
//   1. elements and descriptor set          (default: docs/science.md §3 set for every element combination)
//   2. split                                (files given as --valid/--test, else split.valid/test fractions)
//   3. feature transforms                   fitted on the training atoms only
//   4. reference energies                   least squares of E on composition, or given
//   5. packing                              scaled x and ∂x/∂r of every structure into WASM memory, once
//   6. initial weights                      Xavier (or Nguyen–Widrow), seeded; output bias 0 because the
//                                           reference energies already carry the mean per-atom energy
//   7. optimise                             full-batch L-BFGS (default) or Adam over mini-batches
//      every epoch: metrics per split and group → JSON-lines log, progress, onEpoch hook,
//      early stopping on the validation loss, checkpoints every N epochs
//   8. model                                best (early stopping) or final weights, with hashes
//
// Same data + config + seed → the same bits (every random choice is seeded; WASM kernels and
// the optimisers are deterministic). Browser-safe: files, streams and clocks come from the caller.
import type { Structure } from "../structure/structure.js";
import type { SymmetryFunction, FeatureTransformData } from "../descriptors/types.js";
import { computeDescriptors, defaultSiliconSet, fitFeatureTransform, isAngular } from "../descriptors/index.js";
import { atomicNumber } from "../structure/elements.js";
import { NetworkRunner, layerSizes, parameterOffsets, type NetworkSpec } from "../model/network.js";
import { MODEL_FORMAT, MODEL_VERSION, type DescriptorRange, type ModelData } from "../model/model-file.js";
import { sha256Hex } from "../util/hash.js";
import { createRandom, randomFromState } from "../util/random.js";
import { minimizeLbfgs } from "./lbfgs.js";
import { Adam } from "./adam.js";
import { splitStructures } from "./split.js";
import { JsonLinesLog } from "./log.js";
import { withUnits } from "../util/units-record.js";
import { Progress, type ProgressStream } from "./progress.js";
import { freePacked, packedBytes, type PackedStructure } from "./dataset.js";
import { packStructure } from "./pack.js";
import { LossEvaluator, groupOf, metricsByGroup, type Metrics, type LossOptions, type LossValue } from "./loss.js";
import { CHECKPOINT_FORMAT, checkResumable, type Checkpoint } from "./checkpoint.js";
import type { TrainConfig } from "./config.js";

export interface TrainData {
  train: Structure[];
  valid?: Structure[];
  test?: Structure[];
}

/** Metrics of one split: all structures and per group. */
export interface SplitMetrics extends Metrics {
  loss: number;
  groups: Record<string, Metrics>;
}

export interface EpochInfo {
  epoch: number;
  /** Training loss at the end of the epoch. */
  loss: number;
  /** Current weights (a copy). */
  weights: Float64Array;
  /** The model with the current weights. */
  model: () => ModelData;
  metrics: { train: SplitMetrics; valid?: SplitMetrics; test?: SplitMetrics };
  /** Seconds since training started (including time before a resume). */
  elapsed: number;
}

/** Return `{ stop: true }` to end training, `extra` to add fields to this epoch's log line. */
export type EpochCallback = (info: EpochInfo) => void | { stop?: boolean; extra?: Record<string, unknown> };

export interface TrainOptions {
  config: TrainConfig;
  /** Descriptor set (default: the default set for the training elements). */
  functions?: SymmetryFunction[];
  /** Receives each JSON log line (no newline). */
  log?: (line: string) => void;
  /**
   * Progress output: the split sizes, then the progress of the epochs (a library is quiet: none
   * unless given; the CLI passes standard error).
   */
  progress?: ProgressStream | null;
  onEpoch?: EpochCallback;
  /** Receives a checkpoint every config.checkpoint.every epochs (and at the end). */
  checkpoint?: (cp: Checkpoint) => void;
  resume?: Checkpoint;
  /** Name of the resumed checkpoint (its file) in error messages. */
  resumeSource?: string;
  codeVersion?: string;
  /** Clock in seconds (default performance.now()/1000). */
  now?: () => number;
}

export interface TrainResult {
  model: ModelData;
  weightHash: string;
  epochs: number;
  reason: string;
  metrics: { train: SplitMetrics; valid?: SplitMetrics; test?: SplitMetrics };
  /** WASM bytes held by the packed data set. */
  packedBytes: number;
  /** Seconds of training (setup excluded). */
  seconds: number;
  /** Loss + gradient evaluations over the training set (L-BFGS: ≥ 1 per iteration). */
  evaluations: number;
}

/** The default descriptor set for `elements`: §1.3 functions for every neighbour element / pair. */
export function defaultFunctions(elements: string[]): SymmetryFunction[] {
  const out: SymmetryFunction[] = [];
  for (const c of elements) {
    const base = defaultSiliconSet(c);
    for (const f of base.filter((f) => !isAngular(f))) for (const n of elements) out.push({ ...f, centre: c, neighbours: [n] });
    for (const f of base.filter((f) => isAngular(f))) {
      for (let a = 0; a < elements.length; a++) for (let b = a; b < elements.length; b++) {
        out.push({ ...f, centre: c, neighbours: [elements[a], elements[b]] });
      }
    }
  }
  return out;
}

export { groupOf };

/** Elements of a set of structures, sorted by atomic number. */
export function elementsOf(structures: Structure[]): string[] {
  const set = new Set<string>();
  for (const s of structures) for (const e of s.symbols) set.add(e);
  return [...set].sort((a, b) => atomicNumber(a)! - atomicNumber(b)!);
}

/** SHA-256 of the structures' symbols, positions, cells, energies and forces. */
export function dataHash(structures: Structure[]): string {
  const parts: number[] = [];
  for (const s of structures) {
    parts.push(s.length, ...s.symbols.map((e) => atomicNumber(e)!), ...s.positions, ...s.cell, s.energy ?? NaN);
    if (s.forces) parts.push(...s.forces);
    if (s.stress) parts.push(...s.stress);
  }
  return sha256Hex(Float64Array.from(parts));
}

/** Hash of the config parts that must not change on resume (everything but the epoch count). */
export function configHash(config: TrainConfig): string {
  const c = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  delete c.optimizer.epochs;
  return sha256Hex(JSON.stringify(c));
}

/** Step 2: training, validation and test structures. */
export function splitData(data: TrainData, config: TrainConfig): Required<TrainData> {
  const { valid, test, stratify, holdOutGroups } = config.split;
  if (valid === 0 && test === 0 && holdOutGroups.length === 0) {
    return { train: data.train, valid: data.valid ?? [], test: data.test ?? [] };
  }
  const sp = splitStructures(data.train, {
    fractions: { train: 1 - valid - test, valid, test }, seed: config.seed,
    stratifyBy: stratify ? groupOf : undefined, holdOutGroups, groupOf,
  });
  const pick = (idx: number[]) => idx.map((i) => data.train[i]);
  return { train: pick(sp.train), valid: [...(data.valid ?? []), ...pick(sp.valid)], test: [...(data.test ?? []), ...pick(sp.test)] };
}

/** Raw descriptors of the training atoms of each element: natoms × nf values, row-major. */
export interface ElementRows {
  values: Float64Array;
  natoms: number;
  nf: number;
}

/** Step 3a: the raw descriptors of every training atom, per element (in `elements` order). */
export function trainingDescriptors(train: Structure[], functions: SymmetryFunction[], elements: string[]): ElementRows[] {
  const rows = elements.map(() => [] as Float64Array[]);
  const nf = elements.map(() => 0);
  for (const s of train) {
    const d = computeDescriptors(s, functions, { derivatives: false });
    for (const b of d.byElement) {
      const e = elements.indexOf(b.element);
      rows[e].push(b.values); nf[e] = b.nfeatures;
    }
  }
  return elements.map((_, e) => {
    const natoms = rows[e].reduce((n, r) => n + r.length / nf[e], 0);
    const values = new Float64Array(natoms * nf[e]);
    let o = 0;
    for (const r of rows[e]) { values.set(r, o); o += r.length; }
    return { values, natoms, nf: nf[e] };
  });
}

/** Step 3: one feature transform per element, fitted on the training atoms. */
export function fitTransforms(train: Structure[], functions: SymmetryFunction[], elements: string[], config: TrainConfig,
  rows = trainingDescriptors(train, functions, elements)): FeatureTransformData[] {
  return elements.map((el, e) => fitFeatureTransform(rows[e].values, rows[e].natoms, rows[e].nf, el, { method: config.scaling.method, pca: config.scaling.pca }));
}

/** Step 3b: the training range of every raw feature per element (saved in the model: where it interpolates). */
export function descriptorRanges(rows: ElementRows[], elements: string[]): Record<string, DescriptorRange> {
  return Object.fromEntries(elements.map((el, e) => {
    const { values, natoms, nf } = rows[e];
    const min = new Array<number>(nf).fill(Infinity), max = new Array<number>(nf).fill(-Infinity);
    for (let a = 0; a < natoms; a++) for (let f = 0; f < nf; f++) {
      const g = values[a * nf + f];
      if (g < min[f]) min[f] = g;
      if (g > max[f]) max[f] = g;
    }
    return [el, { min, max }];
  }));
}

/**
 * Step 4: per-element reference energies ε⁰ minimising Σ_s ((E_s − Σ_e n_se ε⁰_e) / N_s)²
 * (normal equations, solved by Gaussian elimination); "given" takes them from the config.
 */
export function referenceEnergies(train: Structure[], elements: string[], config: TrainConfig): number[] {
  if (config.reference.method === "given") {
    return elements.map((e) => {
      const v = config.reference.energies[e];
      if (v === undefined) throw new Error(`config: 'reference.energies.${e}' is missing (reference.method is "given")`);
      return v;
    });
  }
  const m = elements.length;
  const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (const s of train) {
    const c = s.composition();
    const x = elements.map((e) => (c[e] ?? 0) / s.length);
    const y = s.energy! / s.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) A[i][j] += x[i] * x[j];
      A[i][m] += x[i] * y;
    }
  }
  // Tiny ridge: a single stoichiometry leaves the split between elements undetermined (docs/science.md §1).
  for (let i = 0; i < m; i++) A[i][i] += 1e-12 * (A[i][i] || 1);
  for (let p = 0; p < m; p++) {
    let best = p;
    for (let r = p + 1; r < m; r++) if (Math.abs(A[r][p]) > Math.abs(A[best][p])) best = r;
    [A[p], A[best]] = [A[best], A[p]];
    for (let r = 0; r < m; r++) {
      if (r === p) continue;
      const f = A[r][p] / A[p][p];
      for (let c = p; c <= m; c++) A[r][c] -= f * A[p][c];
    }
  }
  return A.map((row, i) => row[m] / row[i]);
}

/** Step 6: initial weights, seeded. */
export function initialWeights(specs: NetworkSpec[], config: TrainConfig): Float64Array {
  const { offsets, total } = parameterOffsets(specs);
  const w = new Float64Array(total);
  const rnd = createRandom(config.seed);
  specs.forEach((spec, e) => {
    const sizes = layerSizes(spec);
    let o = offsets[e];
    for (let l = 1; l < sizes.length; l++) {
      const nin = sizes[l - 1], nout = sizes[l];
      const hiddenLayer = l < sizes.length - 1;
      // Xavier/Glorot uniform: U(±√(6/(nin+nout))), ×4 for the logistic function's smaller slope.
      let limit = Math.sqrt(6 / (nin + nout));
      if (spec.activation !== "tanh") limit *= 4;
      const wStart = o;
      for (let k = 0; k < nout * nin; k++) w[o++] = limit * (2 * rnd.uniform() - 1);
      const bStart = o;
      o += nout; // biases start at 0
      if (config.network.init === "nguyen-widrow" && hiddenLayer) {
        // Nguyen–Widrow: rows rescaled to length β = 0.7 nout^(1/nin), biases U(±β).
        const beta = 0.7 * Math.pow(nout, 1 / nin);
        for (let r = 0; r < nout; r++) {
          let norm = 0;
          for (let i = 0; i < nin; i++) norm += w[wStart + r * nin + i] ** 2;
          const f = beta / Math.sqrt(norm);
          for (let i = 0; i < nin; i++) w[wStart + r * nin + i] *= f;
          w[bStart + r] = beta * (2 * rnd.uniform() - 1);
        }
      }
    }
  });
  return w;
}

/** Train a potential (see the file header for the order of work). */
export function train(data: TrainData, options: TrainOptions): TrainResult {
  const config = options.config;
  const now = options.now ?? (() => performance.now() / 1000);
  const sets = splitData(data, config);
  if (sets.train.length === 0) throw new Error("no training structures");
  for (const [name, list] of Object.entries(sets)) list.forEach((s, i) => {
    if (s.energy === undefined) throw new Error(`${name} structure ${i}: no reference energy`);
  });
  const natoms = sets.train.reduce((n, s) => n + s.length, 0);
  options.progress?.write(`train: ${sets.train.length} training structures (${natoms} atoms), ${sets.valid.length} validation, ${sets.test.length} test\n`);
  const elements = elementsOf(sets.train);
  for (const s of [...sets.valid, ...sets.test]) for (const e of s.symbols) {
    if (!elements.includes(e)) throw new Error(`element ${e} appears in validation/test data but not in training data`);
  }
  const functions = options.functions ?? defaultFunctions(elements);
  const rows = trainingDescriptors(sets.train, functions, elements);
  const transforms = fitTransforms(sets.train, functions, elements, config, rows);
  const descriptorRange = descriptorRanges(rows, elements);
  const reference = referenceEnergies(sets.train, elements, config);
  const specs: NetworkSpec[] = elements.map((el, e) => ({
    element: el, nIn: transforms[e].nOut, hidden: config.network.hidden.slice(), activation: config.network.activation,
  }));
  const hashData = dataHash([...sets.train, ...sets.valid, ...sets.test]);
  const hashConfig = configHash(config);

  // Step 5: pack every structure once.
  const withForces = config.loss.forceCoeff > 0 || sets.train.some((s) => s.forces);
  const withStress = config.loss.stressCoeff > 0;
  const groupCount = new Map<string, number>();
  for (const s of sets.train) groupCount.set(groupOf(s), (groupCount.get(groupOf(s)) ?? 0) + 1);
  const balance = (s: Structure) => (config.loss.balanceGroups && groupCount.has(groupOf(s))
    ? sets.train.length / groupCount.size / groupCount.get(groupOf(s))! : 1);
  const groupWeight = (s: Structure) => (config.loss.groupWeights[groupOf(s)] ?? 1) * balance(s);
  const all = [...sets.train, ...sets.valid, ...sets.test];
  const packed: PackedStructure[] = all.map((s, i) => packStructure(s, i, functions, elements, transforms, {
    forces: withForces && s.forces !== undefined, stress: withStress, group: groupOf(s), weight: groupWeight(s),
    f32: config.packing.derivatives === "f32",
  }));
  const nt = sets.train.length, nv = sets.valid.length;
  const idx = {
    train: range(0, nt), valid: range(nt, nt + nv), test: range(nt + nv, all.length),
  };
  const runners = specs.map((s) => new NetworkRunner(s));
  const { offsets, total: nWeights } = parameterOffsets(specs);
  const evaluator = new LossEvaluator(runners, offsets, reference);
  const lossOpts: LossOptions = { forceCoeff: config.loss.forceCoeff, stressCoeff: config.loss.stressCoeff };
  const bytes = packedBytes(packed);

  const modelOf = (w: Float64Array, extra?: Partial<ModelData>): ModelData => {
    const networks = specs.map((s, e) => ({ ...s, hidden: s.hidden.slice(), weights: Array.from(w.subarray(offsets[e], offsets[e] + runners[e].nParams)) }));
    return {
      format: MODEL_FORMAT, version: MODEL_VERSION, codeVersion: options.codeVersion ?? "unknown",
      units: { energy: "eV", length: "Å" }, elements, descriptors: functions, transforms, networks,
      referenceEnergies: Object.fromEntries(elements.map((e, i) => [e, reference[i]])), descriptorRange, ...extra,
    };
  };

  const splitMetrics = (w: Float64Array, which: number[]): SplitMetrics | undefined => {
    if (which.length === 0) return undefined;
    return toSplitMetrics(evaluator.evaluate(w, packed, which, lossOpts));
  };

  const log = options.log ? new JsonLinesLog(options.log) : null;
  const epochs = config.optimizer.epochs;
  const cp0 = options.resume;
  if (cp0) {
    const source = options.resumeSource ?? "checkpoint";
    checkResumable(cp0, hashData, hashConfig, source, nWeights, config.optimizer.epochs);
    if (cp0.optimizer !== config.optimizer.type) throw new Error(`${source}: was written by optimizer "${cp0.optimizer}", config says "${config.optimizer.type}"`);
  }
  const progress = !options.progress ? null
    : new Progress(Math.max(epochs - (cp0?.epoch ?? 0), 0), { label: "train", stream: options.progress, everySeconds: 10 });
  let best = cp0 ? { ...cp0.best, weights: cp0.best.weights ? Float64Array.from(cp0.best.weights) : null }
    : { loss: null as number | null, epoch: 0, weights: null as Float64Array | null, since: 0 };
  const t0 = now() - (cp0?.elapsed ?? 0);
  let lastEpoch = cp0?.epoch ?? 0;
  let stopReason = "";
  let rngState = cp0?.rng ?? createRandom(config.seed ^ 0x5eed).state();
  let lastMetrics: TrainResult["metrics"] | undefined;
  // Train metrics from the last full-batch evaluation, reused when it was at the accepted point.
  let lastEval: { w: Float64Array; train: SplitMetrics } | null = null;
  let evaluations = 0;

  /** End-of-epoch work; returns true to stop. */
  const endEpoch = (epoch: number, w: Float64Array, loss: number, optimizerState: () => Pick<Checkpoint, "lbfgs" | "adam">): boolean => {
    if (!Number.isFinite(loss)) throw nonFiniteLoss(loss, epoch);
    lastEpoch = epoch;
    const trainM = lastEval && sameArray(lastEval.w, w) ? lastEval.train : splitMetrics(w, idx.train)!;
    const metrics = { train: trainM, valid: splitMetrics(w, idx.valid), test: splitMetrics(w, idx.test) };
    lastMetrics = metrics;
    const elapsed = now() - t0;
    let stop = false;
    let extra: Record<string, unknown> | undefined;
    if (options.onEpoch) {
      const r = options.onEpoch({ epoch, loss, weights: w.slice(), model: () => modelOf(w), metrics, elapsed });
      if (r) { stop = !!r.stop; extra = r.extra; }
    }
    if (metrics.valid) {
      if (best.loss === null || metrics.valid.loss < best.loss - config.earlyStopping.minDelta) {
        best = { loss: metrics.valid.loss, epoch, weights: w.slice(), since: 0 };
      } else best.since++;
      if (config.earlyStopping.patience > 0 && best.since >= config.earlyStopping.patience) {
        stop = true; stopReason = `early stopping: validation loss not improved for ${best.since} epochs (best at epoch ${best.epoch})`;
      }
    }
    if (stop && !stopReason) stopReason = "stopped by onEpoch callback";
    log?.record(withUnits({ epoch, time: elapsed, loss, ...metrics, ...(extra ?? {}) }));
    const ef = (m: SplitMetrics) => `E ${fmt(m.energyRmse * 1000)} meV/atom F ${fmt(m.forceRmse * 1000)} meV/Å`;
    progress?.tick(1, `loss ${loss.toExponential(3)}  ${ef(metrics.train)}`
      + (metrics.test ? `  test ${ef(metrics.test)}` : "")
      + (metrics.valid ? `  valid ${ef(metrics.valid)}` : ""));
    const every = config.checkpoint.every;
    if (options.checkpoint && every > 0 && (epoch % every === 0 || stop || epoch === epochs)) {
      options.checkpoint({
        format: CHECKPOINT_FORMAT, version: 1, epoch, optimizer: config.optimizer.type, weights: Array.from(w),
        ...optimizerState(), rng: rngState,
        best: { loss: best.loss, epoch: best.epoch, weights: best.weights ? Array.from(best.weights) : null, since: best.since },
        elapsed, dataHash: hashData, configHash: hashConfig,
      });
    }
    return stop;
  };

  let w = cp0 ? Float64Array.from(cp0.weights) : initialWeights(specs, config);
  const remaining = epochs - lastEpoch;
  try {
    if (remaining > 0 && config.optimizer.type === "lbfgs") {
      const fg = (x: Float64Array, grad: Float64Array): number => {
        const v = evaluator.evaluate(x, packed, idx.train, lossOpts, grad);
        evaluations++;
        lastEval = { w: x.slice(), train: toSplitMetrics(v) };
        return v.loss;
      };
      const res = minimizeLbfgs(fg, w, {
        maxIterations: remaining, memory: config.optimizer.memory, state: cp0?.lbfgs,
        onIteration: (it, f, x, info) => endEpoch(it, x, f, () => ({ lbfgs: info.state() })),
      });
      if (res.reason === "nonFinite") throw nonFiniteLoss(res.f, lastEpoch);
      w = res.w.slice();
      if (!stopReason) stopReason = res.reason;
    } else if (remaining > 0) {
      const adamCfg = config.optimizer.adam;
      const adam = cp0?.adam ? Adam.fromState(cp0.adam) : new Adam(w.length, { lr: adamCfg.lr, decay: adamCfg.decay });
      const grad = new Float64Array(w.length);
      for (let epoch = lastEpoch + 1; epoch <= epochs; epoch++) {
        const rnd = randomFromState(rngState);
        const order = idx.train.slice();
        for (let i = order.length - 1; i > 0; i--) { const j = rnd.int(i + 1); [order[i], order[j]] = [order[j], order[i]]; }
        rngState = rnd.state();
        for (let b = 0; b < order.length; b += adamCfg.batchSize) {
          evaluator.evaluate(w, packed, order.slice(b, b + adamCfg.batchSize), lossOpts, grad);
          evaluations += Math.min(adamCfg.batchSize, order.length - b) / order.length;
          adam.step(w, grad);
        }
        const trainM = splitMetrics(w, idx.train)!;
        lastEval = { w: w.slice(), train: trainM };
        if (endEpoch(epoch, w, trainM.loss, () => ({ adam: adam.state() }))) break;
      }
      if (!stopReason) stopReason = "maxIterations";
    }
    const bestWeights = config.earlyStopping.patience > 0 ? best.weights : null;
    if (bestWeights) w = bestWeights.slice();
    const finalMetrics = lastMetrics && lastEpoch > 0 && !bestWeights
      ? lastMetrics
      : { train: splitMetrics(w, idx.train)!, valid: splitMetrics(w, idx.valid), test: splitMetrics(w, idx.test) };
    if (!Number.isFinite(finalMetrics.train.loss) || w.some((x) => !Number.isFinite(x))) throw nonFiniteLoss(finalMetrics.train.loss, lastEpoch);
    progress?.done(stopReason);
    const model = modelOf(w);
    const hash = sha256Hex(w);
    model.training = { seed: config.seed, dataHash: hashData, weightHash: hash, epochs: lastEpoch, config, metrics: finalMetrics };
    return { model, weightHash: hash, epochs: lastEpoch, reason: stopReason, metrics: finalMetrics, packedBytes: bytes, seconds: now() - t0, evaluations };
  } finally {
    evaluator.release();
    for (const r of runners) r.release();
    freePacked(packed);
  }
}

/** Training never returns a model whose loss or weights are not finite. */
function nonFiniteLoss(loss: number, epoch: number): Error {
  return new Error(`training loss is ${loss} at epoch ${epoch}: the fit overflowed (reference energies or forces far too large, or a learning rate far too high); no model was produced`);
}

function toSplitMetrics(v: LossValue): SplitMetrics {
  const m = metricsByGroup(v.results);
  return { loss: v.loss, ...m.all, groups: m.groups };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

function sameArray(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : "–";
}

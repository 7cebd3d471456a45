// Checkpoints: everything a training run needs to continue to exactly the bits an
// uninterrupted run reaches — weights, optimiser state (L-BFGS history or Adam moments),
// the mini-batch random stream, early-stopping bookkeeping and the epoch counter — plus
// hashes of the data and config so a checkpoint is not resumed on something else.
// Plain JSON; numbers round-trip exactly through JSON.stringify / JSON.parse.
import type { LbfgsState } from "./lbfgs.js";
import type { AdamState } from "./adam.js";
import { parseJson } from "../io/json-syntax.js";
import { JsonChecker } from "../util/json-check.js";

export const CHECKPOINT_FORMAT = "aemap-checkpoint";

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  /** Epochs completed. */
  epoch: number;
  optimizer: "lbfgs" | "adam";
  weights: number[];
  lbfgs?: LbfgsState;
  adam?: AdamState;
  /** State of the mini-batch random stream (Adam). */
  rng: number;
  /** Early stopping: best validation loss so far, its epoch and weights, epochs since. */
  best: { loss: number | null; epoch: number; weights: number[] | null; since: number };
  /** Wall time spent before this checkpoint (s), so resumed logs keep counting. */
  elapsed: number;
  dataHash: string;
  configHash: string;
}

export function serialiseCheckpoint(cp: Checkpoint): string {
  return JSON.stringify(cp) + "\n";
}

const HASH = /^[0-9a-f]{64}$/;
const HEX = "a SHA-256 hash (64 hex digits)";

/**
 * Parse a checkpoint file and check every field (types, finite numbers, consistent lengths and
 * counters); `source` names it in errors, with the JSON path at fault. That the weights fit the
 * network is checked when training resumes (checkResumable).
 */
export function parseCheckpoint(text: string, source = "checkpoint"): Checkpoint {
  const c = new JsonChecker(source);
  const raw = c.object(parseJson(text, source), "");
  if (raw.format !== CHECKPOINT_FORMAT) c.expected("format", `"${CHECKPOINT_FORMAT}"`, raw.format);
  if (raw.version !== 1) c.expected("version", "1", raw.version);
  const optimizer = c.oneOf(raw.optimizer, "optimizer", ["lbfgs", "adam"] as const);
  const epoch = c.number(raw.epoch, "epoch", { min: 0, max: MAX_EPOCH, integer: true });
  const n = c.numbers(raw.weights, "weights", undefined, "weights").length;
  if (n === 0) c.fail("weights", "expected the network's weights, found an empty list");
  if (optimizer === "lbfgs") checkLbfgs(c, raw.lbfgs, n, epoch);
  else checkAdam(c, raw.adam, n, epoch);
  c.number(raw.rng, "rng", { min: 0, max: 2 ** 32 - 1, integer: true });
  const best = c.object(raw.best, "best");
  if (best.loss !== null) c.number(best.loss, "best.loss", { min: 0 });
  c.number(best.epoch, "best.epoch", { min: 0, max: epoch, integer: true });
  if (best.weights !== null) c.numbers(best.weights, "best.weights", n, "weights");
  c.number(best.since, "best.since", { min: 0, max: epoch, integer: true });
  c.number(raw.elapsed, "elapsed", { min: 0 });
  c.string(raw.dataHash, "dataHash", HASH, HEX);
  c.string(raw.configHash, "configHash", HASH, HEX);
  return raw as unknown as Checkpoint;
}

/** Epoch counts beyond this are a corrupt file, not a training run (1e8 epochs of 1 ms each: 28 h). */
export const MAX_EPOCH = 1e8;

function checkLbfgs(c: JsonChecker, v: unknown, n: number, epoch: number): void {
  const l = c.object(v, "lbfgs");
  if (l.version !== 1) c.expected("lbfgs.version", "1", l.version);
  c.number(l.iteration, "lbfgs.iteration", { min: epoch, max: epoch, integer: true });
  c.number(l.evaluations, "lbfgs.evaluations", { min: epoch, integer: true });
  c.numbers(l.w, "lbfgs.w", n);
  c.number(l.f, "lbfgs.f");
  c.numbers(l.g, "lbfgs.g", n);
  const s = c.array(l.s, "lbfgs.s"), y = c.array(l.y, "lbfgs.y", s.length);
  s.forEach((x, k) => c.numbers(x, `lbfgs.s[${k}]`, n));
  y.forEach((x, k) => c.numbers(x, `lbfgs.y[${k}]`, n));
  c.number(l.step, "lbfgs.step", { min: 0 });
}

function checkAdam(c: JsonChecker, v: unknown, n: number, epoch: number): void {
  const a = c.object(v, "adam");
  if (a.version !== 1) c.expected("adam.version", "1", a.version);
  c.number(a.n, "adam.n", { min: n, max: n, integer: true });
  for (const k of ["lr", "beta1", "beta2", "eps", "beta1Power", "beta2Power", "lrFactor"]) c.number(a[k], `adam.${k}`, { min: 0 });
  c.number(a.t, "adam.t", { min: epoch, integer: true }); // at least one step per epoch
  c.object(a.decay, "adam.decay");
  c.numbers(a.m, "adam.m", n);
  c.numbers(a.v, "adam.v", n);
}

/** Check that a checkpoint belongs to this data, config and network (`weights` parameters, `epochs` planned). */
export function checkResumable(cp: Checkpoint, dataHash: string, configHash: string, source = "checkpoint", weights?: number, epochs?: number): void {
  if (cp.dataHash !== dataHash) throw new Error(`${source}: was written for other training data (data hash ${cp.dataHash.slice(0, 12)}…, now ${dataHash.slice(0, 12)}…)`);
  if (cp.configHash !== configHash) throw new Error(`${source}: was written with another config (config hash differs); resume with the same config`);
  if (weights !== undefined && cp.weights.length !== weights) {
    throw new Error(`${source}: at weights: expected ${weights} numbers for this network, found ${cp.weights.length} (written for another network or element set)`);
  }
  if (epochs !== undefined && cp.epoch > epochs) {
    throw new Error(`${source}: at epoch: the checkpoint is at epoch ${cp.epoch}, beyond the ${epochs} epochs of this run (raise --epochs to continue it)`);
  }
}

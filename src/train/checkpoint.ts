// Checkpoints: everything a training run needs to continue to exactly the bits an
// uninterrupted run reaches — weights, optimiser state (L-BFGS history or Adam moments),
// the mini-batch random stream, early-stopping bookkeeping and the epoch counter — plus
// hashes of the data and config so a checkpoint is not resumed on something else.
// Plain JSON; numbers round-trip exactly through JSON.stringify / JSON.parse.
import type { LbfgsState } from "./lbfgs.js";
import type { AdamState } from "./adam.js";

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

/** Parse a checkpoint file; `source` names it in errors. */
export function parseCheckpoint(text: string, source = "checkpoint"): Checkpoint {
  let raw: Record<string, unknown>;
  try { raw = JSON.parse(text); } catch (e) { throw new Error(`${source}: not valid JSON (${(e as Error).message})`); }
  if (raw?.format !== CHECKPOINT_FORMAT) throw new Error(`${source}: 'format' is ${JSON.stringify(raw?.format)}, expected "${CHECKPOINT_FORMAT}"`);
  if (raw.version !== 1) throw new Error(`${source}: 'version' is ${JSON.stringify(raw.version)}, expected 1`);
  if (!Number.isInteger(raw.epoch)) throw new Error(`${source}: 'epoch' expected an integer`);
  if (!Array.isArray(raw.weights)) throw new Error(`${source}: 'weights' expected a list of numbers`);
  if (raw.optimizer === "lbfgs" && !raw.lbfgs) throw new Error(`${source}: 'lbfgs' state missing`);
  if (raw.optimizer === "adam" && !raw.adam) throw new Error(`${source}: 'adam' state missing`);
  return raw as unknown as Checkpoint;
}

/** Check that a checkpoint belongs to this data and config. */
export function checkResumable(cp: Checkpoint, dataHash: string, configHash: string, source = "checkpoint"): void {
  if (cp.dataHash !== dataHash) throw new Error(`${source}: was written for other training data (data hash ${cp.dataHash.slice(0, 12)}…, now ${dataHash.slice(0, 12)}…)`);
  if (cp.configHash !== configHash) throw new Error(`${source}: was written with another config (config hash differs); resume with the same config`);
}

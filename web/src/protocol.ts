// Messages between the page (main.ts) and the training worker (worker.ts). Everything is plain
// data (structured clone): structures cross as their arrays, models as ModelData objects.
import type { InvariantEvaluation } from "../../src/index.js";
import type { EpochRecord, InputFile, JobResult, JobSettings } from "./job.js";

/** A structure as plain arrays (Å, lattice vectors as rows). */
export interface PlainStructure {
  symbols: string[];
  positions: number[];
  cell: number[];
  pbc: [boolean, boolean, boolean];
}

export type ToWorker =
  | { type: "train"; files: InputFile[]; settings: JobSettings }
  /** Atomic energies of a structure with the last trained model. */
  | { type: "energies"; id: number; structure: PlainStructure };

export type FromWorker =
  | { type: "ready" }
  | { type: "epoch"; record: EpochRecord }
  | { type: "invariant"; epoch: number; evaluation: InvariantEvaluation }
  | { type: "done"; result: JobResult }
  | { type: "energies"; id: number; energies: number[]; energy: number }
  | { type: "error"; message: string };

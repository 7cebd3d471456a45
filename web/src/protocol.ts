// Messages between the page (main.ts) and the training worker (worker.ts). Everything is plain
// data (structured clone): structures cross as their arrays, models as ModelData objects.
import type { InvariantEvaluation, ModelData } from "../../src/index.js";
import type { EpochRecord, InputFile, JobResult, JobSettings, JobSnapshot } from "./job.js";

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
  | { type: "energies"; id: number; structure: PlainStructure }
  /** Use this model for "energies" (the model kept from a stopped job, in a fresh worker). */
  | { type: "load"; model: ModelData };

export type FromWorker =
  | { type: "ready" }
  /** One epoch done; `snapshot` is the model at its end (kept if the user stops). */
  | { type: "epoch"; record: EpochRecord; snapshot: JobSnapshot }
  | { type: "invariant"; epoch: number; evaluation: InvariantEvaluation }
  | { type: "done"; result: JobResult }
  | { type: "energies"; id: number; energies: number[]; energy: number }
  | { type: "error"; message: string };

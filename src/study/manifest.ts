// manifest.json: where results.json came from — the spec's hash, every input file with its SHA-256,
// the code version, the seeds, the settings of the machine and the timings. It is the only output
// file that changes between identical runs (timings, date), which keeps results.json byte-identical.
import type { StudyTimings } from "./runner.js";

export const MANIFEST_FORMAT = "aemap-study-manifest";

export interface InputRecord {
  /** Path as written in the spec. */
  path: string;
  /** Resolved absolute path. */
  resolved: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  study: string;
  /** SHA-256 of the canonical spec JSON (same as results.json's specHash). */
  specHash: string;
  /** SHA-256 of results.json as written. */
  resultsSha256: string;
  /** Package version, the git commit when run from a clone (uncommitted changes are not seen), WASM hash. */
  code: { package: string; version: string; gitCommit?: string; wasmSha256?: string };
  inputs: InputRecord[];
  seeds: Record<string, number[]>;
  machine: { cpu: string; cores: number; node: string; platform: string };
  started: string;
  timings: StudyTimings;
}

export function serialiseManifest(m: Manifest): string {
  return JSON.stringify(m, null, 1) + "\n";
}

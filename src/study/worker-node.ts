// Worker thread of a parallel study (parallel-node.ts): builds the datasets it needs (the same
// seeded code as the main thread, so the same structures), then runs the jobs the main thread
// sends, one at a time, and posts each run record back.
//   in:  workerData { spec, baseDir }; messages { job } or null (finish)
//   out: { job, result } | { job, error }
import { parentPort, workerData } from "node:worker_threads";
import { initWasm } from "../node.js";
import type { Structure } from "../structure/structure.js";
import type { StudySpec } from "./spec.js";
import { NodeStudyIO } from "./io-node.js";
import { buildDatasets, runJob, type Job } from "./runner.js";

await initWasm();
const { spec, baseDir } = workerData as { spec: StudySpec; baseDir: string };
const io = new NodeStudyIO(baseDir);
const data: Record<string, Structure[]> = {};
const cache = new Map<string, Structure[]>();
const port = parentPort!;

port.on("message", (job: Job | null) => {
  if (job === null) {
    port.close();
    return;
  }
  try {
    buildDatasets(spec, io, undefined, [spec.experiments[job.experiment]], data, cache);
    port.postMessage({ job, result: runJob(spec, job, data) });
  } catch (e) {
    port.postMessage({ job, error: (e as Error).stack ?? String(e) });
  }
});
port.postMessage({ ready: true });

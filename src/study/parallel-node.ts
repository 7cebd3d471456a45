// Parallel study runner (Node): the jobs of a study (experiment × seed) are spread over worker
// threads (worker-node.ts). Each run is a deterministic function of the spec and its inputs, and
// the main thread puts the records back in spec order, so results.json is byte-identical to the
// sequential runner's whatever the number of workers. Longest jobs (most training atoms ×
// epochs) start first, so both cores stay busy to the end.
import { Worker } from "node:worker_threads";
import {
  assembleResults, buildDatasets, jobCost, progressLine, studyJobs, studySeeds, teacherValues,
  type Job, type JobResult, type StudyOptions, type StudyOutcome, type StudyTimings,
} from "./runner.js";
import type { StudySpec } from "./spec.js";
import { formatDuration } from "../train/progress.js";
import type { RunRecord } from "./results.js";

/** Run a study on `workers` threads (falls back to at most one per job). */
export async function runStudyParallel(spec: StudySpec, options: StudyOptions & {
  baseDir: string; workers: number;
  /** The compiled worker script (default: worker-node.js beside this module). */
  workerUrl?: URL;
}): Promise<StudyOutcome> {
  const now = options.now ?? (() => performance.now() / 1000);
  const say = options.progress ?? (() => {});
  const t0 = now();
  const jobs = studyJobs(spec);
  const nWorkers = Math.max(1, Math.min(options.workers, jobs.length));
  const url = options.workerUrl ?? new URL("./worker-node.js", import.meta.url);
  const workers = Array.from({ length: nWorkers }, () => new Worker(url, { workerData: { spec, baseDir: options.baseDir } }));
  try {
    // The main thread builds every dataset too: for the dataset records and the input hashes.
    const data = buildDatasets(spec, options.io, say);
    const datasetsSeconds = now() - t0;
    const teacher = teacherValues(spec);
    const cost = (j: Job) => jobCost(spec, data, j);
    const queue = jobs.map((j, k) => ({ j, k, c: cost(j) })).sort((a, b) => b.c - a.c || a.k - b.k).map((x) => x.j);
    const totalCost = jobs.reduce((n, j) => n + cost(j), 0);
    let doneCost = 0;
    const results = new Map<string, JobResult>();
    const key = (j: Job) => `${j.experiment}:${j.seed}`;
    const tRuns = now();
    let started = 0;
    await new Promise<void>((resolve, reject) => {
      const next = (w: Worker) => {
        const job = queue.shift();
        if (!job) { w.postMessage(null); if (results.size === jobs.length) resolve(); return; }
        started++;
        // ETA = elapsed × cost left / cost finished (jobs in progress count as left: it errs high).
        const eta = doneCost > 0 ? ((now() - tRuns) * (totalCost - doneCost)) / doneCost : NaN;
        say(progressLine(job, spec, started, jobs.length, now() - t0, eta));
        w.postMessage(job);
      };
      for (const w of workers) {
        w.on("message", (m: { ready?: boolean; job?: Job; result?: JobResult; error?: string }) => {
          if (m.ready) return next(w);
          if (m.error !== undefined) return reject(new Error(`study ${spec.name}, ${spec.experiments[m.job!.experiment].name} seed ${m.job!.seed}: ${m.error}`));
          results.set(key(m.job!), m.result!);
          doneCost += cost(m.job!);
          if (results.size === jobs.length) resolve();
          else next(w);
        });
        w.on("error", reject);
        w.on("exit", (code) => { if (code !== 0 && results.size < jobs.length) reject(new Error(`study worker exited with code ${code}`)); });
      }
    });
    const runs: RunRecord[][] = spec.experiments.map(() => []);
    const timings: StudyTimings["runs"] = [];
    for (const j of jobs) {
      const r = results.get(key(j))!;
      runs[j.experiment].push(r.run);
      timings.push({ experiment: spec.experiments[j.experiment].name, seed: j.seed, seconds: r.seconds, trainSeconds: r.trainSeconds, epochs: r.run.epochs });
    }
    const out = assembleResults(spec, data, teacher, runs);
    say(`study: done in ${formatDuration(1000 * (now() - t0))} on ${nWorkers} worker threads\n`);
    return { results: out, timings: { totalSeconds: now() - t0, datasetsSeconds, workers: nWorkers, runs: timings }, seeds: studySeeds(spec) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

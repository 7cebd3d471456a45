// Reproducible studies (browser-safe part): spec, runner, results, claims, report.
export { parseStudySpec, checkStudySpec, experimentTraining } from "./spec.js";
export type { StudySpec, ExperimentSpec, DatasetPart, MonitorSpec, ExperimentRole } from "./spec.js";
export { runStudy, buildDatasets, runJob, assembleResults, studyJobs, teacherValues, canonicalSpec } from "./runner.js";
export type { StudyIO, StudyOptions, StudyOutcome, StudyTimings, Job, JobResult } from "./runner.js";
export { paperSpec, CLAIMS } from "./paper.js";
export { evaluateClaims } from "./claims.js";
export type { ClaimResult, Verdict } from "./claims.js";
export { derivedEnergies, derivedStructures } from "./derived.js";
export type { DerivedEnergies } from "./derived.js";
export { renderReport } from "./report-html.js";
export { serialiseResults, summariseRuns, RESULTS_FORMAT } from "./results.js";
export type { StudyResults, ExperimentRecord, RunRecord } from "./results.js";
export type { Manifest, InputRecord } from "./manifest.js";

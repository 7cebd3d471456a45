// Study specs: a JSON file that lists the experiments of a reproducible study. Parsed and checked
// once here (every error names the file and the JSON path), so the runner never meets a missing
// field.
//
// {
//   "name": "paper", "description": "…",
//   "seeds": [1, 2, 3],                         default training seeds of every experiment
//   "training": { … },                          TrainConfig overrides (src/train/config.ts) for all
//   "datasets": {                               named datasets, each a list of parts joined in order
//     "vac63": [ { "recipe": "data/recipes/vacancy63-only.json", "seed": 63, "frames": 10 } ],
//     "dft":   [ { "file": "data/si-mlearn/training.json", "excludeGroups": ["Elastic"] } ]
//   },
//   "points": { "eval": { …PointsSpec… } },     named invariant-point sets (src/invariant/points.ts)
//   "experiments": [
//     { "name": "vacancy-fixed", "part": "known-truth", "train": "vac63", "valid": "…", "test": "…",
//       "seeds": [1, 2, 3], "training": { … }, "points": "eval",
//       "monitor": { "points": "a0", "every": 10, "ratio": 3, "growth": 1.5, "minGrowthMeV": 1 },
//       "role": "fixed-ratio", "defect": "vacancy", "label": "63-atom cells only" },
//     { "name": "dft-no-elastic", "part": "dft", "train": "dft", "test": "dft-test",
//       "invariantFrom": ["dft-elastic"], "points": "isolated", "isolatedAtom": { "Si": -0.7 } }
//   ]
// }
//
// Dataset parts:
//   recipe   a teacher recipe (path, or the recipe object inline), generated with the SW teacher;
//            `seed` overrides the recipe's seed, `frames` sets every group's frame count,
//            `groups` keeps only the named groups. Generated once per run (cached by content).
//   file     a structure file (any format aemap reads); `groups` / `excludeGroups` filter by
//            info.group.
// Paths are relative to `baseDir` (the spec file's folder; the package root for built-in specs).
// Parts: "known-truth" (SW teacher: references, per-atom truth and derived energies come from the
// teacher) or "dft" (reference data: invariant points detected in `invariantFrom` datasets).
import { ParseError } from "../io/errors.js";
import { isJsonObject, NAME, NAME_RULE, parseJsonText, type Json } from "../util/json-check.js";
import { resolveConfig } from "../train/config.js";
import { parsePointsSpec, type PointsSpec } from "../invariant/points.js";

export type DatasetPart =
  | { kind: "recipe"; recipe: string | Record<string, unknown>; seed?: number; frames?: number; groups?: string[] }
  | { kind: "file"; file: string; groups?: string[]; excludeGroups?: string[] };

export interface MonitorSpec {
  /** Name of a points set (its points need references: the teacher or a dataset). */
  points: string;
  /** Evaluate every k epochs. */
  every: number;
  /** Alarm when invariant error > ratio × training energy RMSE. */
  ratio: number;
  /** Growth alarm: error > growth × its best so far and > best + minGrowthMeV, while the RMSE falls. */
  growth: number;
  minGrowthMeV: number;
}

export const ROLES = ["fixed-ratio", "remedied", "all-groups", "held-out", "single-group"] as const;
export type ExperimentRole = (typeof ROLES)[number];

export interface ExperimentSpec {
  name: string;
  part: "known-truth" | "dft";
  /** Short description shown in the report. */
  label: string;
  /** What the experiment stands for in the paper's claims (claims.ts picks experiments by it). */
  role?: ExperimentRole;
  /** Known truth: which derived energy the training set is about ("vacancy" → E_f, "surface" → γ). */
  defect?: "vacancy" | "surface";
  train: string;
  valid?: string;
  test?: string;
  seeds: number[];
  /** Raw TrainConfig overrides (study-wide ones merged under these). */
  training: Record<string, unknown>;
  /** Points set evaluated at the end (known truth: teacher references). */
  points?: string;
  /** Datasets whose invariant structures (detected) become points with the data's E/N as reference. */
  invariantFrom: string[];
  /** Isolated-atom energies per element (eV), the reference of the "isolated" points (DFT data carry none). */
  isolatedAtom?: Record<string, number>;
  monitor?: MonitorSpec;
}

export interface StudySpec {
  name: string;
  description: string;
  seeds: number[];
  training: Record<string, unknown>;
  datasets: Record<string, DatasetPart[]>;
  points: Record<string, PointsSpec>;
  experiments: ExperimentSpec[];
}

/** Checks one JSON object; every failure names the file and the JSON path. */
class At {
  constructor(readonly file: string, readonly path: string) {}
  fail(what: string, key?: string): never {
    const p = key === undefined ? this.path : this.path ? `${this.path}.${key}` : key;
    throw new ParseError({ file: this.file, path: p || "(top level)" }, what);
  }
  child(key: string | number): At {
    return new At(this.file, typeof key === "number" ? `${this.path}[${key}]` : this.path ? `${this.path}.${key}` : key);
  }
  object(v: Json, allowed: string[]): Record<string, Json> {
    if (!isJsonObject(v)) this.fail(`expected an object, found ${JSON.stringify(v)}`);
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail(`unknown key "${k}"; expected one of ${allowed.join(", ")}`, k);
    return v;
  }
  str(o: Record<string, Json>, key: string, def?: string): string {
    const v = o[key];
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== "string" || v === "") this.fail(`${v === undefined ? "missing: " : ""}expected a non-empty string, found ${JSON.stringify(v)}`, key);
    return v;
  }
  name(o: Record<string, Json>, key: string): string {
    const v = this.str(o, key);
    if (!NAME.test(v)) this.fail(`expected ${NAME_RULE}, found "${v}"`, key);
    return v;
  }
  int(o: Record<string, Json>, key: string, min: number, def?: number): number {
    const v = o[key];
    if (v === undefined && def !== undefined) return def;
    if (!Number.isInteger(v) || (v as number) < min) this.fail(`${v === undefined ? "missing: " : ""}expected an integer ≥ ${min}, found ${JSON.stringify(v)}`, key);
    return v as number;
  }
  num(o: Record<string, Json>, key: string, min: number, def: number): number {
    const v = o[key];
    if (v === undefined) return def;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min) this.fail(`expected a number ≥ ${min}, found ${JSON.stringify(v)}`, key);
    return v;
  }
  strings(o: Record<string, Json>, key: string): string[] | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) this.fail(`expected a list of strings, found ${JSON.stringify(v)}`, key);
    return v as string[];
  }
  seeds(o: Record<string, Json>, key: string, def?: number[]): number[] {
    const v = o[key];
    if (v === undefined && def) return def;
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => !Number.isInteger(x) || x < 0)) {
      this.fail(`${v === undefined ? "missing: " : ""}expected a non-empty list of integer seeds ≥ 0, found ${JSON.stringify(v)}`, key);
    }
    if (new Set(v).size !== v.length) this.fail(`duplicate seeds in ${JSON.stringify(v)}`, key);
    return v as number[];
  }
}

function parsePart(v: Json, at: At): DatasetPart {
  if (!isJsonObject(v)) at.fail(`expected an object with "recipe" or "file", found ${JSON.stringify(v)}`);
  if ("recipe" in v && "file" in v) at.fail('give either "recipe" or "file", not both');
  if ("recipe" in v) {
    const o = at.object(v, ["recipe", "seed", "frames", "groups"]);
    const r = o.recipe;
    if (!(typeof r === "string" && r !== "") && !isJsonObject(r)) at.fail(`expected a recipe file path or an inline recipe object, found ${JSON.stringify(r)}`, "recipe");
    const part: DatasetPart = { kind: "recipe", recipe: r as string | Record<string, unknown> };
    if (o.seed !== undefined) part.seed = at.int(o, "seed", 0);
    if (o.frames !== undefined) part.frames = at.int(o, "frames", 1);
    const g = at.strings(o, "groups");
    if (g) part.groups = g;
    return part;
  }
  if ("file" in v) {
    const o = at.object(v, ["file", "groups", "excludeGroups"]);
    const part: DatasetPart = { kind: "file", file: at.str(o, "file") };
    const g = at.strings(o, "groups"), x = at.strings(o, "excludeGroups");
    if (g) part.groups = g;
    if (x) part.excludeGroups = x;
    return part;
  }
  return at.fail('expected "recipe" (a teacher recipe) or "file" (a structure file)');
}

function checkTraining(v: Json, at: At): Record<string, unknown> {
  if (v === undefined) return {};
  if (!isJsonObject(v)) at.fail(`expected an object of training settings, found ${JSON.stringify(v)}`);
  const warnings: string[] = [];
  try {
    resolveConfig(v, (m) => warnings.push(m), "training");
  } catch (e) {
    at.fail((e as Error).message.replace(/^training: /, ""));
  }
  // In a study an unknown key is an error, not a warning: results must say what was run.
  if (warnings.length) at.fail(warnings[0].replace(/^training: /, ""));
  return v;
}

function parseExperiment(v: Json, at: At, spec: Omit<StudySpec, "experiments">): ExperimentSpec {
  const o = at.object(v, ["name", "part", "label", "role", "defect", "train", "valid", "test", "seeds", "training", "points", "invariantFrom", "isolatedAtom", "monitor"]);
  const part = o.part;
  if (part !== "known-truth" && part !== "dft") at.fail(`expected "known-truth" or "dft", found ${JSON.stringify(part)}`, "part");
  const dataset = (key: string, optional: boolean): string | undefined => {
    if (o[key] === undefined && optional) return undefined;
    const name = at.str(o, key);
    if (!(name in spec.datasets)) at.fail(`unknown dataset "${name}"; defined: ${Object.keys(spec.datasets).join(", ")}`, key);
    return name;
  };
  const pointsName = (o2: Record<string, Json>, key: string, a: At): string | undefined => {
    if (o2[key] === undefined) return undefined;
    const name = a.str(o2, key);
    if (!(name in spec.points)) a.fail(`unknown points set "${name}"; defined: ${Object.keys(spec.points).join(", ") || "(none)"}`, key);
    return name;
  };
  const e: ExperimentSpec = {
    name: at.name(o, "name"), part, label: o.label === undefined ? "" : at.str(o, "label"),
    train: dataset("train", false)!, valid: dataset("valid", true), test: dataset("test", true),
    seeds: at.seeds(o, "seeds", spec.seeds), training: checkTraining(o.training, at.child("training")),
    points: pointsName(o, "points", at), invariantFrom: at.strings(o, "invariantFrom") ?? [],
  };
  if (o.isolatedAtom !== undefined) {
    const ia: At = at.child("isolatedAtom");
    if (!isJsonObject(o.isolatedAtom)) ia.fail(`expected an object of element → energy (eV), e.g. { "Si": -0.7 }, found ${JSON.stringify(o.isolatedAtom)}`);
    for (const [el, v] of Object.entries(o.isolatedAtom)) {
      if (!/^[A-Z][a-z]?$/.test(el)) ia.fail(`expected an element symbol, found "${el}"`, el);
      if (typeof v !== "number" || !Number.isFinite(v)) ia.fail(`expected an energy in eV, found ${JSON.stringify(v)}`, el);
    }
    e.isolatedAtom = o.isolatedAtom as Record<string, number>;
  }
  if (o.role !== undefined) {
    if (!ROLES.includes(o.role as ExperimentRole)) at.fail(`expected one of ${ROLES.map((r) => `"${r}"`).join(", ")}, found ${JSON.stringify(o.role)}`, "role");
    e.role = o.role as ExperimentRole;
  }
  if (o.defect !== undefined) {
    if (o.defect !== "vacancy" && o.defect !== "surface") at.fail(`expected "vacancy" or "surface", found ${JSON.stringify(o.defect)}`, "defect");
    e.defect = o.defect;
  }
  e.invariantFrom.forEach((d, i) => {
    if (!(d in spec.datasets)) at.child("invariantFrom").child(i).fail(`unknown dataset "${d}"; defined: ${Object.keys(spec.datasets).join(", ")}`);
  });
  if (o.monitor !== undefined) {
    const ma: At = at.child("monitor");
    const m = ma.object(o.monitor, ["points", "every", "ratio", "growth", "minGrowthMeV"]);
    const points = pointsName(m, "points", ma);
    if (!points) ma.fail("missing: expected the name of a points set", "points");
    e.monitor = {
      points, every: ma.int(m, "every", 1, 10), ratio: ma.num(m, "ratio", 0, 3),
      growth: ma.num(m, "growth", 0, 1.5), minGrowthMeV: ma.num(m, "minGrowthMeV", 0, 1),
    };
    if (!e.valid) at.fail('a monitored experiment needs a "valid" dataset (validation-based selection is compared with invariant-based)', "valid");
  }
  if (part === "dft" && e.invariantFrom.length === 0 && !e.points) at.fail('a "dft" experiment needs "invariantFrom" datasets or "points"', "invariantFrom");
  return e;
}

/** Parse and check a study spec (JSON text); `file` names it in errors. */
export function parseStudySpec(text: string, file = "<study>"): StudySpec {
  return checkStudySpec(parseJsonText(text, file), file);
}

/** Check a study spec given as a parsed JSON value. */
export function checkStudySpec(v: Json, file = "<study>"): StudySpec {
  const at: At = new At(file, "");
  const o = at.object(v, ["name", "description", "seeds", "training", "datasets", "points", "experiments"]);
  const name = at.name(o, "name");
  const description = o.description === undefined ? "" : at.str(o, "description");
  const seeds = at.seeds(o, "seeds", [1]);
  const training = checkTraining(o.training, at.child("training"));
  const da: At = at.child("datasets");
  if (!isJsonObject(o.datasets) || Object.keys(o.datasets).length === 0) at.fail("expected an object of named datasets", "datasets");
  const datasets: Record<string, DatasetPart[]> = {};
  for (const [k, parts] of Object.entries(o.datasets as Record<string, Json>)) {
    if (!NAME.test(k)) da.fail(`dataset name "${k}": expected ${NAME_RULE}`, k);
    const pa: At = da.child(k);
    if (!Array.isArray(parts) || parts.length === 0) pa.fail("expected a non-empty list of parts ({ recipe … } or { file … })");
    datasets[k] = parts.map((p, i) => parsePart(p, pa.child(i)));
  }
  const points: Record<string, PointsSpec> = {};
  if (o.points !== undefined) {
    const pa: At = at.child("points");
    if (!isJsonObject(o.points)) pa.fail(`expected an object of named points sets, found ${JSON.stringify(o.points)}`);
    for (const [k, p] of Object.entries(o.points)) {
      if (!isJsonObject(p)) pa.fail(`expected a points spec object (see src/invariant/points.ts), found ${JSON.stringify(p)}`, k);
      try {
        points[k] = parsePointsSpec(JSON.stringify(p), `${file}: at points.${k}`);
      } catch (e) {
        pa.fail((e as Error).message.replace(`${file}: at points.${k}: `, ""), k);
      }
    }
  }
  const head = { name, description, seeds, training, datasets, points };
  if (!Array.isArray(o.experiments) || o.experiments.length === 0) at.fail("expected a non-empty list of experiments", "experiments");
  const experiments = (o.experiments as Json[]).map((x, i) => parseExperiment(x, at.child("experiments").child(i), head));
  const seen = new Set<string>();
  experiments.forEach((x, i) => {
    if (seen.has(x.name)) at.child("experiments").child(i).fail(`duplicate experiment name "${x.name}"`, "name");
    seen.add(x.name);
  });
  return { ...head, experiments };
}

/** The TrainConfig overrides of one experiment: study-wide, then the experiment's own, deep-merged. */
export function experimentTraining(spec: StudySpec, e: ExperimentSpec): Record<string, unknown> {
  return deepMerge(spec.training, e.training);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(a);
  for (const [k, v] of Object.entries(b)) {
    out[k] = isJsonObject(v) && isJsonObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : structuredClone(v);
  }
  return out;
}

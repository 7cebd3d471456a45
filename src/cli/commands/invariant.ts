// `aemap invariant --model M`: a model's atomic energy at invariant points (docs/science.md §1) against
// split-independent references; table on stdout (--json for machines), figures with --out DIR.
//
//   --points SPEC|FILE|none   generated points: "default", names like "diamond+fcc+dimer+isolated",
//                             inline JSON or a JSON file (src/invariant/points.ts); none = only detected
//   --reference X ...         each X is one of: a structure file (its invariant structures are detected
//                             and used with their E/N), LATTICE=FILE (an energy–volume table), or a
//                             calculator such as "sw" (the teacher's E/N for the generated points)
//   --isolated-atom Si=E      isolated-atom energy per element (eV)
//   --train FILES             training data: flag points outside their descriptor range, distance
//                             (default: the range an aemap model file carries). Points outside the
//                             range are listed apart and not averaged (--all-points: averaged too)
//   --log FILE                training log (JSON lines) → training.svg
//   --known-truth FILES       data with teacher per-atom energies → errors by environment class
//                             (--classes coordination | cluster)
import type { CommandModule } from "yargs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readText, writeTextAtomic } from "../../io/files-node.js";
import { loadModel, modelOptions, readModelStructures } from "../model-option.js";
import { Potential } from "../../model/potential.js";
import { defaultSiliconSet } from "../../descriptors/index.js";
import type { FeatureTransformData } from "../../descriptors/types.js";
import { collectInvariantPoints } from "../invariant-points.js";
import { TrainingCoverage } from "../../invariant/coverage.js";
import { evaluateInvariantPoints } from "../../invariant/evaluate.js";
import { evaluationFigures, formatEvaluation, formatKnownTruth, trainingFigure } from "../../invariant/report.js";
import { knownTruthByClass } from "../../invariant/known-truth.js";
import { parseLogLine } from "../../train/log.js";
import { withUnits } from "../../util/units-record.js";

interface InvariantArgs {
  model: string;
  points: string;
  reference?: string[];
  "isolated-atom"?: string[];
  train?: string[];
  log?: string;
  "known-truth"?: string[];
  classes?: "coordination" | "cluster";
  "all-points"?: boolean;
  "max-distance"?: number;
  json?: boolean;
  out?: string;
}

export const invariantCommand: CommandModule<object, InvariantArgs> = {
  command: "invariant",
  describe: "A model's atomic energy at invariant points vs split-independent references",
  builder: (y) => modelOptions(y)
    .option("points", { type: "string", default: "default", describe: "Generated points: default | none | names joined by + | JSON | JSON file" })
    .option("reference", { type: "string", array: true, describe: "Structure files (detected points, E/N), LATTICE=FILE tables, or a calculator (e.g. sw)" })
    .option("isolated-atom", { type: "string", array: true, describe: "Isolated-atom energy per element, e.g. Si=-0.7 (eV)" })
    .option("train", { type: "string", array: true, describe: "Training files: flag points outside their descriptor range (default: the range saved in an aemap model)" })
    .option("max-distance", { type: "number", describe: "With --train: largest distance to the nearest training atom of a covered point (scaled units, RMS per feature; default 0.1)" })
    .option("all-points", { type: "boolean", default: false, describe: "Average the points outside the training descriptor range into the errors too (default: listed apart)" })
    .option("log", { type: "string", describe: "Training log (JSON lines) for the error-vs-epoch figure" })
    .option("known-truth", { type: "string", array: true, describe: "Files with teacher per-atom energies (atomic_energy_vertex): errors by environment class" })
    .option("classes", { choices: ["coordination", "cluster"] as const, default: "coordination" as const, describe: "Environment classes for --known-truth" })
    .option("json", { type: "boolean", default: false, describe: "Print JSON instead of the table" })
    .option("out", { type: "string", describe: "Folder for invariant.json, invariant.txt and the SVG figures" }),
  handler: (argv) => {
    const model = loadModel(argv);
    const points = collectInvariantPoints(argv.points, argv.reference ?? [], argv["isolated-atom"] ?? []);
    if (points.length === 0) throw new Error("no invariant points: give --points or --reference files that contain invariant structures");
    // Without any reference value there is no error to show: say what to add instead of a table of "–".
    const noReference = points.every((p) => p.reference === undefined)
      ? `none of the ${points.length} invariant points has a reference value to compare the model with; add --reference sw `
        + "(the Stillinger–Weber teacher's E/N), --reference FILE (structure files: their invariant structures are detected and "
        + "used with their E/N), --reference LATTICE=FILE (an energy–volume table) or --isolated-atom Si=E (eV)"
      : undefined;
    if (noReference && !argv["known-truth"]?.length) throw new Error(noReference);

    let coverage: TrainingCoverage | undefined;
    if (argv.train?.length) {
      const training = argv.train.flatMap((f) => readModelStructures(argv, f));
      if (model instanceof Potential) {
        const t: Record<string, FeatureTransformData> = Object.fromEntries(model.model.elements.map((e, i) => [e, model.model.transforms[i]]));
        coverage = TrainingCoverage.fromStructures(training, model.model.descriptors, t, { maxDistance: argv["max-distance"] });
      } else {
        const els = [...new Set(training.flatMap((s) => s.symbols))];
        coverage = TrainingCoverage.fromStructures(training, els.flatMap((e) => defaultSiliconSet(e)), undefined, { maxDistance: argv["max-distance"] });
      }
    } else if (model instanceof Potential) coverage = TrainingCoverage.fromModel(model.model);
    const ev = evaluateInvariantPoints(model, points, { coverage, includeOutside: argv["all-points"] });
    const kt = argv["known-truth"]?.length ? knownTruthByClass(model, argv["known-truth"].flatMap((f) => readModelStructures(argv, f)), { classes: argv.classes }) : undefined;
    const text = (noReference ? `Invariant points: ${noReference}.\n` : formatEvaluation(ev)) + (kt ? "\n" + formatKnownTruth(kt) : "");
    const json = JSON.stringify(withUnits({ ...ev, ...(kt ? { knownTruth: kt } : {}) }), (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 1) + "\n";
    process.stdout.write(argv.json ? json : text);

    if (argv.out) {
      mkdirSync(argv.out, { recursive: true });
      const written = ["invariant.json", "invariant.txt"];
      writeTextAtomic(join(argv.out, "invariant.json"), json);
      writeTextAtomic(join(argv.out, "invariant.txt"), text);
      for (const [name, svg] of Object.entries(evaluationFigures(ev))) { writeTextAtomic(join(argv.out, name), svg); written.push(name); }
      if (argv.log) {
        const records = readText(argv.log).split(/\r?\n/).filter((l) => l.trim()).map((l, k) => {
          try { return parseLogLine(l); } catch (e) { throw new Error(`${argv.log}:${k + 1}: not a JSON log line (${(e as Error).message})`); }
        });
        const svg = trainingFigure(records, `Training: ${argv.log}`);
        if (svg) { writeTextAtomic(join(argv.out, "training.svg"), svg); written.push("training.svg"); }
        else process.stderr.write(`aemap invariant: ${argv.log} has no epoch/energy RMSE/invariant fields; no training.svg\n`);
      }
      process.stderr.write(`aemap invariant: wrote ${written.map((w) => join(argv.out!, w)).join(", ")}\n`);
    }
  },
};

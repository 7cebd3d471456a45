// `aemap train`: fit a neural network potential to reference energies and forces.
//   aemap train --train FILES [--valid FILES] [--test FILES] [--config cfg.json] --out model.json
// The command only reads files, calls the library trainer (src/train/trainer.ts) and writes the
// model (atomically), the JSON-lines log and checkpoints.
import type { CommandModule } from "yargs";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readText, writeTextAtomic } from "../../io/files-node.js";
import { resolveConfig, DEFAULT_CONFIG } from "../../train/config.js";
import { train } from "../../train/trainer.js";
import { parseCheckpoint, serialiseCheckpoint } from "../../train/checkpoint.js";
import { serialiseModel } from "../../model/model-file.js";
import { parseSimpleNNParams } from "../../descriptors/index.js";
import type { SymmetryFunction } from "../../descriptors/types.js";
import type { Structure } from "../../structure/structure.js";
import { InvariantMonitor } from "../../invariant/monitor.js";
import { collectInvariantPoints } from "../invariant-points.js";
import { readLabelledStructures } from "../labelled.js";
import { parseJson } from "../../io/json-syntax.js";

interface TrainArgs {
  train: string[];
  valid?: string[];
  test?: string[];
  config?: string;
  out: string;
  log?: string;
  checkpoint?: string;
  resume?: string;
  seed?: number;
  epochs?: number;
  "code-version"?: string;
  "monitor-points"?: string;
  "monitor-reference"?: string[];
  "isolated-atom"?: string[];
  "monitor-every": number;
  "monitor-patience": number;
  "best-invariant"?: string;
  "monitor-all-points"?: boolean;
}

/** Version of the aemap package (recorded in the model file): package.json is two folders up from
 *  src/cli/commands' parent in the source tree, three in dist. */
function packageVersion(): string {
  for (const rel of ["../../../package.json", "../../../../package.json"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version;
  }
  return "unknown";
}

function readAll(files: string[] | undefined): Structure[] {
  return readLabelledStructures(files, "training");
}

/** Parse a JSON config file, naming the file in errors. */
function readConfigFile(path: string): unknown {
  return parseJson(readText(path), path);
}

const fmt = (x: number | undefined, scale = 1000) => (x === undefined || !Number.isFinite(x) ? "–" : (x * scale).toFixed(2));

/** The invariant-point monitor asked for on the command line (docs/science.md §1, remedy b), or undefined. */
function invariantMonitor(argv: TrainArgs, training: Structure[]): InvariantMonitor | undefined {
  const refs = argv["monitor-reference"] ?? [];
  if (argv["monitor-points"] === undefined && refs.length === 0) return undefined;
  const points = collectInvariantPoints(argv["monitor-points"] ?? "none", refs, argv["isolated-atom"] ?? [], "--monitor-reference");
  const withRef = points.filter((p) => p.reference !== undefined);
  if (withRef.length === 0) throw new Error("--monitor-points/--monitor-reference: no invariant point has a reference value (add --monitor-reference sw, a structure file with invariant structures, or --isolated-atom)");
  return new InvariantMonitor(withRef, {
    every: argv["monitor-every"], patience: argv["monitor-patience"], includeOutside: argv["monitor-all-points"], training,
    onCoverage: (inside, outside) => process.stderr.write(outside.length === 0
      ? `aemap train: invariant monitor: the training data cover all ${inside.length} points\n`
      : `aemap train: invariant monitor: ${inside.length} of ${inside.length + outside.length} points covered by the training data; `
        + (argv["monitor-all-points"] ? "all are averaged (--monitor-all-points)\n"
          : inside.length === 0 ? "none tests the atomic-energy mapping, so nothing is monitored (choose points like the training structures; README)\n"
            : `the ${outside.length} outside (extrapolation) are logged apart, not in the error\n`)),
    onAlarm: (a) => process.stderr.write(`aemap train: invariant alarm at epoch ${a.epoch}: ${a.message}\n`),
    onBest: argv["best-invariant"] ? (m) => writeTextAtomic(argv["best-invariant"]!, serialiseModel(m)) : undefined,
  });
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: "train",
  describe: "Train a neural network potential on energies and forces",
  builder: (y) => y
    .option("train", { type: "string", array: true, demandOption: true, describe: "Training structure files" })
    .option("valid", { type: "string", array: true, describe: "Validation structure files (early stopping)" })
    .option("test", { type: "string", array: true, describe: "Test structure files (reported, never fitted)" })
    .option("config", { type: "string", describe: "JSON config merged over the defaults (see src/train/config.ts)" })
    .option("out", { type: "string", demandOption: true, describe: "Model file to write (JSON)" })
    .option("log", { type: "string", describe: "JSON-lines training log (one line per epoch)" })
    .option("checkpoint", { type: "string", describe: "Checkpoint file, rewritten every checkpoint.every epochs (default 10 when given)" })
    .option("resume", { type: "string", describe: "Continue from this checkpoint" })
    .option("seed", { type: "number", describe: `Random seed (config seed, default ${DEFAULT_CONFIG.seed})` })
    .option("epochs", { type: "number", describe: `Epochs / L-BFGS iterations (default ${DEFAULT_CONFIG.optimizer.epochs})` })
    .option("code-version", { type: "string", hidden: true })
    .option("monitor-points", { type: "string", group: "Invariant-point monitor:", describe: "Monitor the atomic energy at these generated invariant points (default | names joined by + | JSON | file | none)" })
    .option("monitor-reference", { type: "string", array: true, group: "Invariant-point monitor:", describe: "References: structure files (detected invariant structures, E/N), LATTICE=FILE tables, or a calculator (e.g. sw)" })
    .option("isolated-atom", { type: "string", array: true, group: "Invariant-point monitor:", describe: "Isolated-atom energy per element, e.g. Si=-0.7 (eV)" })
    .option("monitor-every", { type: "number", default: 10, group: "Invariant-point monitor:", describe: "Evaluate the invariant points every k epochs" })
    .option("monitor-patience", { type: "number", default: 0, group: "Invariant-point monitor:", describe: "Stop when the invariant error has not improved for this many evaluations (0 = never)" })
    .option("best-invariant", { type: "string", group: "Invariant-point monitor:", describe: "Also write the model with the lowest invariant error to this file" })
    .option("monitor-all-points", { type: "boolean", group: "Invariant-point monitor:", describe: "Average points outside the training descriptor range into the error too (default: only the points inside count)" }),
  handler: (argv) => {
    const user = (argv.config ? readConfigFile(argv.config) : {}) as Record<string, unknown>;
    const config = resolveConfig(user, (m) => process.stderr.write(`aemap: warning: ${m}\n`), argv.config ?? "config");
    if (argv.seed !== undefined) config.seed = argv.seed;
    if (argv.epochs !== undefined) config.optimizer.epochs = argv.epochs;
    if (argv.checkpoint && config.checkpoint.every === 0) config.checkpoint.every = 10;
    let functions: SymmetryFunction[] | undefined;
    const params = Object.entries(config.descriptors.params);
    if (params.length) functions = params.flatMap(([el, file]) => parseSimpleNNParams(readText(file), el, file));
    const data = { train: readAll(argv.train), valid: readAll(argv.valid), test: readAll(argv.test) };
    const resume = argv.resume ? parseCheckpoint(readText(argv.resume), argv.resume) : undefined;
    if (argv.log && !resume) writeFileSync(argv.log, "");
    if (argv.log && resume && !existsSync(argv.log)) writeFileSync(argv.log, "");
    const natoms = data.train.reduce((n, s) => n + s.length, 0);
    process.stderr.write(`aemap train: ${data.train.length} training structures (${natoms} atoms), ${data.valid.length} validation, ${data.test.length} test\n`);
    const monitor = invariantMonitor(argv, data.train);
    const res = train(data, {
      config, functions, resume, resumeSource: argv.resume, progress: process.stderr, codeVersion: argv["code-version"] ?? packageVersion(),
      onEpoch: monitor?.onEpoch,
      log: argv.log ? (line) => appendFileSync(argv.log!, line + "\n") : undefined,
      checkpoint: argv.checkpoint ? (cp) => writeTextAtomic(argv.checkpoint!, serialiseCheckpoint(cp)) : undefined,
    });
    writeTextAtomic(argv.out, serialiseModel(res.model));
    const m = res.metrics;
    const line = (name: string, x?: typeof m.train) => x
      ? `  ${name.padEnd(6)} energy RMSE ${fmt(x.energyRmse)} MAE ${fmt(x.energyMae)} meV/atom   force RMSE ${fmt(x.forceRmse)} MAE ${fmt(x.forceMae)} meV/Å\n`
      : "";
    process.stdout.write(
      `trained ${res.epochs} epochs in ${res.seconds.toFixed(1)} s (${res.reason}); packed data ${(res.packedBytes / 2 ** 20).toFixed(0)} MiB\n`
      + line("train", m.train) + line("valid", m.valid) + line("test", m.test)
      + `weight hash ${res.weightHash}\nwrote ${argv.out}\n`);
    if (monitor) {
      const b = monitor.best;
      const counted = monitor.inside && monitor.outside.length && !argv["monitor-all-points"] ? ` (${monitor.inside.length} inside the training range; ${monitor.outside.length} outside, not counted)` : "";
      process.stdout.write(`invariant monitor: ${monitor.points.length} points${counted}; `
        + (b ? `lowest error ${b.errorMeV.toFixed(2)} meV/atom at epoch ${b.epoch}` : "never evaluated")
        + (monitor.alarms.length ? `; ${monitor.alarms.length} alarm(s), first: ${monitor.alarms[0].message}` : "; no alarm") + "\n");
      if (argv["best-invariant"] && b) process.stdout.write(`wrote ${argv["best-invariant"]} (model with the lowest invariant error)\n`);
    }
  },
};

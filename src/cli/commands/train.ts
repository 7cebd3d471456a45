// `aemap train`: fit a neural network potential to reference energies and forces.
//   aemap train --train FILES [--valid FILES] [--test FILES] [--config cfg.json] --out model.json
// The command only reads files, calls the library trainer (src/train/trainer.ts) and writes the
// model (atomically), the JSON-lines log and checkpoints.
//
// Crash safety: the outputs (--out, --log, --checkpoint, --best-invariant) are locked for the run
// (src/io/lock-node.ts: a second run given one of them refuses). The log is opened only when the
// first epoch ends, so a run that fails earlier leaves an existing log untouched; on --resume it
// is cut back to the checkpoint's epoch before the first new line (no epoch appears twice).
import type { CommandModule } from "yargs";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readStructures, readText, writeTextAtomic } from "../../io/files-node.js";
import { lockOutputs } from "../../io/lock-node.js";
import { resolveConfig, DEFAULT_CONFIG, type TrainConfig } from "../../train/config.js";
import { ACTIVATIONS } from "../../model/network.js";
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
  hidden?: string;
  activation?: string;
  "force-weight"?: number;
  optimizer?: string;
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

/** Command-line flags that override a config key: flag → config path. */
const CONFIG_FLAGS: [flag: keyof TrainArgs & string, path: string][] = [
  ["seed", "seed"], ["epochs", "optimizer.epochs"], ["hidden", "network.hidden"],
  ["activation", "network.activation"], ["force-weight", "loss.forceCoeff"], ["optimizer", "optimizer.type"],
];

/** The config file (if any) merged over the defaults, then the flags merged over that. */
export function configFromArgs(argv: TrainArgs, warn: (m: string) => void = () => {}): TrainConfig {
  const user = (argv.config ? readConfigFile(argv.config) : {}) as Record<string, unknown>;
  let config = resolveConfig(user, warn, argv.config ?? "config");
  for (const [flag, path] of CONFIG_FLAGS) {
    let value: unknown = argv[flag];
    if (value === undefined) continue;
    if (flag === "hidden") {
      const text = String(value);
      if (!/^\s*\d+(\s*,\s*\d+)*\s*$/.test(text)) throw new Error(`--hidden ${text}: expected layer widths separated by commas, e.g. --hidden 30,30`);
      value = text.split(",").map(Number);
    }
    // One-key config, e.g. { network: { hidden: [30, 30] } }, merged over the config so far.
    const keys = path.split(".");
    const patch: Record<string, unknown> = {};
    keys.reduce((o, k, i) => (o[k] = i === keys.length - 1 ? value : {}) as Record<string, unknown>, patch);
    config = resolveConfig(patch, warn, `--${flag}`, config);
  }
  return config;
}

/**
 * The --log sink. Nothing is written before the first line: then the file is replaced (atomically)
 * by the lines kept from the old log — on resume those of epochs ≤ the checkpoint's, else none —
 * followed by the first new line; later lines are appended.
 */
export function logSink(path: string, resumeEpoch?: number): (line: string) => void {
  let opened = false;
  return (line) => {
    if (opened) { appendFileSync(path, line + "\n"); return; }
    opened = true;
    const kept = resumeEpoch === undefined || !existsSync(path) ? [] : linesUpTo(readFileSync(path, "utf8"), resumeEpoch);
    writeTextAtomic(path, [...kept, line].join("\n") + "\n");
  };
}

/** Complete JSON lines of a log whose epoch is ≤ `epoch` (a line cut by a kill is dropped). */
function linesUpTo(text: string, epoch: number): string[] {
  const lines = text.split("\n");
  if (!text.endsWith("\n")) lines.pop(); // unfinished last line
  return lines.filter((l) => {
    try {
      const e = (JSON.parse(l) as { epoch?: unknown }).epoch;
      return typeof e === "number" && e <= epoch;
    } catch {
      return false;
    }
  });
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
    .option("config", { type: "string", describe: "JSON config merged over the defaults (every key: docs/config.md); the config-override flags override it" })
    .option("out", { type: "string", demandOption: true, describe: "Model file to write (JSON)" })
    .option("log", { type: "string", describe: "JSON-lines training log (one line per epoch)" })
    .option("checkpoint", { type: "string", describe: "Checkpoint file, rewritten every checkpoint.every epochs (default 10 when given)" })
    .option("resume", { type: "string", describe: "Continue from this checkpoint" })
    .option("hidden", { type: "string", group: "Config overrides:", describe: `Hidden layer widths, e.g. 30,30 (network.hidden, default ${DEFAULT_CONFIG.network.hidden.join(",")})` })
    .option("activation", { type: "string", choices: ACTIVATIONS, group: "Config overrides:", describe: `Activation of the hidden layers (network.activation, default ${DEFAULT_CONFIG.network.activation})` })
    .option("force-weight", { type: "number", group: "Config overrides:", describe: `Weight of the force term in the loss (loss.forceCoeff, default ${DEFAULT_CONFIG.loss.forceCoeff})` })
    .option("epochs", { type: "number", group: "Config overrides:", describe: `Epochs / L-BFGS iterations (optimizer.epochs, default ${DEFAULT_CONFIG.optimizer.epochs})` })
    .option("optimizer", { type: "string", choices: ["lbfgs", "adam"], group: "Config overrides:", describe: `Optimizer (optimizer.type, default ${DEFAULT_CONFIG.optimizer.type})` })
    .option("seed", { type: "number", group: "Config overrides:", describe: `Random seed (seed, default ${DEFAULT_CONFIG.seed})` })
    .option("code-version", { type: "string", hidden: true })
    .option("monitor-points", { type: "string", group: "Invariant-point monitor:", describe: "Monitor the atomic energy at these generated invariant points (default | names joined by + | JSON | file | none)" })
    .option("monitor-reference", { type: "string", array: true, group: "Invariant-point monitor:", describe: "References: structure files (detected invariant structures, E/N), LATTICE=FILE tables, or a calculator (e.g. sw)" })
    .option("isolated-atom", { type: "string", array: true, group: "Invariant-point monitor:", describe: "Isolated-atom energy per element, e.g. Si=-0.7 (eV)" })
    .option("monitor-every", { type: "number", default: 10, group: "Invariant-point monitor:", describe: "Evaluate the invariant points every k epochs" })
    .option("monitor-patience", { type: "number", default: 0, group: "Invariant-point monitor:", describe: "Stop when the invariant error has not improved for this many evaluations (0 = never)" })
    .option("best-invariant", { type: "string", group: "Invariant-point monitor:", describe: "Also write the model with the lowest invariant error to this file" })
    .option("monitor-all-points", { type: "boolean", group: "Invariant-point monitor:", describe: "Average points outside the training descriptor range into the error too (default: only the points inside count)" }),
  handler: (argv) => {
    const release = lockOutputs([argv.out, argv.log, argv.checkpoint, argv["best-invariant"]].filter((p): p is string => !!p));
    try {
      runTrain(argv);
    } finally {
      release();
    }
  },
};

function runTrain(argv: TrainArgs): void {
  const config = configFromArgs(argv, (m) => process.stderr.write(`aemap: warning: ${m}\n`));
  if (argv.checkpoint && config.checkpoint.every === 0) config.checkpoint.every = 10;
  let functions: SymmetryFunction[] | undefined;
  const params = Object.entries(config.descriptors.params);
  if (params.length) functions = params.flatMap(([el, file]) => parseSimpleNNParams(readText(file), el, file));
  const data = { train: readAll(argv.train), valid: readAll(argv.valid), test: readAll(argv.test) };
  const resume = argv.resume ? parseCheckpoint(readText(argv.resume), argv.resume) : undefined;
  const monitor = invariantMonitor(argv, data.train);
  const res = train(data, {
    config, functions, resume, resumeSource: argv.resume, progress: process.stderr, codeVersion: argv["code-version"] ?? packageVersion(),
    onEpoch: monitor?.onEpoch,
    log: argv.log ? logSink(argv.log, resume?.epoch) : undefined,
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
}

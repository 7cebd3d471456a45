// `aemap train`: fit a neural network potential to reference energies and forces.
//   aemap train --train FILES [--valid FILES] [--test FILES] [--config cfg.json] --out model.json
// The command only reads files, calls the library trainer (src/train/trainer.ts) and writes the
// model (atomically), the JSON-lines log and checkpoints.
import type { CommandModule } from "yargs";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readStructures, writeTextAtomic } from "../../io/files.js";
import { resolveConfig, DEFAULT_CONFIG } from "../../train/config.js";
import { train } from "../../train/trainer.js";
import { parseCheckpoint, serialiseCheckpoint } from "../../train/checkpoint.js";
import { serialiseModel } from "../../model/model-file.js";
import * as descriptors from "../../descriptors/index.js";
import type { SymmetryFunction } from "../../descriptors/types.js";
import type { Structure } from "../../structure/structure.js";

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
  return (files ?? []).flatMap((f) => readStructures(f));
}

/** Parse a JSON config file, naming the file in errors. */
function readConfigFile(path: string): unknown {
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (e) { throw new Error(`${path}: cannot read config (${(e as Error).message})`); }
  try { return JSON.parse(text); } catch (e) { throw new Error(`${path}: not valid JSON (${(e as Error).message})`); }
}

const fmt = (x: number | undefined, scale = 1000) => (x === undefined || !Number.isFinite(x) ? "–" : (x * scale).toFixed(2));

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
    .option("code-version", { type: "string", hidden: true }),
  handler: (argv) => {
    const user = (argv.config ? readConfigFile(argv.config) : {}) as Record<string, unknown>;
    const config = resolveConfig(user, (m) => process.stderr.write(`aemap: warning: ${m}\n`), argv.config ?? "config");
    if (argv.seed !== undefined) config.seed = argv.seed;
    if (argv.epochs !== undefined) config.optimizer.epochs = argv.epochs;
    if (argv.checkpoint && config.checkpoint.every === 0) config.checkpoint.every = 10;
    let functions: SymmetryFunction[] | undefined;
    const params = Object.entries(config.descriptors.params);
    if (params.length) {
      // parseSimpleNNParams comes from the descriptor module (looked up so this file builds without it).
      const parse = (descriptors as { parseSimpleNNParams?: (text: string, centre: string, file: string) => SymmetryFunction[] }).parseSimpleNNParams;
      if (!parse) throw new Error("config: 'descriptors.params' needs SIMPLE-NN params support, missing in this build");
      functions = params.flatMap(([el, file]) => parse(readFileSync(file, "utf8"), el, file));
    }
    const data = { train: readAll(argv.train), valid: readAll(argv.valid), test: readAll(argv.test) };
    const resume = argv.resume ? parseCheckpoint(readFileSync(argv.resume, "utf8"), argv.resume) : undefined;
    if (argv.log && !resume) writeFileSync(argv.log, "");
    if (argv.log && resume && !existsSync(argv.log)) writeFileSync(argv.log, "");
    const natoms = data.train.reduce((n, s) => n + s.length, 0);
    process.stderr.write(`aemap train: ${data.train.length} training structures (${natoms} atoms), ${data.valid.length} validation, ${data.test.length} test\n`);
    const res = train(data, {
      config, functions, resume, progress: process.stderr, codeVersion: argv["code-version"] ?? packageVersion(),
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
  },
};

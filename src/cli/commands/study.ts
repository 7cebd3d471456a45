// `aemap study`: run a reproducible study and write DIR/results.json, DIR/manifest.json and
// DIR/report.html.
//   aemap study paper [--quick] [--out DIR]     the built-in study of the paper's claims on Si
//   aemap study SPEC.json [--out DIR]           your own study (format: src/study/spec.ts, docs/study.md)
// The command only reads the spec, calls the library runner (src/study/runner.ts) and writes.
import type { CommandModule } from "yargs";
import { readText } from "../../io/files-node.js";
import { dirname, resolve } from "node:path";
import { checkStudySpec, parseStudySpec, type StudySpec } from "../../study/spec.js";
import { paperSpec } from "../../study/paper.js";
import { availableParallelism } from "node:os";
import { runStudy } from "../../study/runner.js";
import { runStudyParallel } from "../../study/parallel-node.js";
import { NodeStudyIO, checkStudyFolder, packageRoot, recoverStudyOutput, writeStudyOutput } from "../../study/io-node.js";
import { lockOutputs } from "../../io/lock-node.js";

interface StudyArgs {
  spec: string;
  quick?: boolean;
  out?: string;
  workers?: number;
}

function loadSpec(arg: string, quick: boolean): { spec: StudySpec; baseDir: string } {
  if (arg === "paper") return { spec: checkStudySpec(paperSpec(quick), quick ? "built-in paper --quick" : "built-in paper"), baseDir: packageRoot() };
  if (quick) throw new Error("--quick applies to the built-in study only (`aemap study paper --quick`)");
  return { spec: parseStudySpec(readText(arg), arg), baseDir: dirname(resolve(arg)) };
}

export const studyCommand: CommandModule<object, StudyArgs> = {
  command: "study <spec>",
  describe: "Run a reproducible study: `paper` (built in) or a study spec JSON file",
  builder: (y) => y
    .positional("spec", { type: "string", demandOption: true, describe: "\"paper\" or a study spec file (JSON)" })
    .option("quick", { type: "boolean", default: false, describe: "Built-in paper study only: small and fast (smoke test, ≤ 2 min)" })
    .option("out", { type: "string", describe: "Output folder (default study-<name>)" })
    .option("workers", { type: "number", describe: "Worker threads running training runs in parallel (default: the number of cores; 1 = no threads). results.json does not depend on it." }),
  handler: async (argv) => {
    const { spec, baseDir } = loadSpec(argv.spec, !!argv.quick);
    const out = argv.out ?? `study-${spec.name}`;
    // The output folder is locked for the run, checked before the long work and replaced as a set.
    const release = lockOutputs([out], { createFolders: true });
    try {
      for (const m of recoverStudyOutput(out)) process.stderr.write(`aemap study: ${m}\n`);
      checkStudyFolder(out);
      await runAndWrite(argv, spec, baseDir, out);
    } finally {
      release();
    }
  },
};

async function runAndWrite(argv: StudyArgs, spec: StudySpec, baseDir: string, out: string): Promise<void> {
  const runs = spec.experiments.reduce((n, e) => n + e.seeds.length, 0);
  process.stderr.write(`aemap study ${spec.name}: ${spec.experiments.length} experiments, ${runs} training runs → ${out}/\n`);
  const started = new Date();
  const io = new NodeStudyIO(baseDir);
  const workers = argv.workers ?? availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers: expected a positive integer, got ${argv.workers}`);
  const options = { io, progress: (line: string) => process.stderr.write(line), codeVersion: process.env.npm_package_version };
  const outcome = workers > 1 ? await runStudyParallel(spec, { ...options, baseDir, workers }) : runStudy(spec, options);
  const paths = writeStudyOutput(out, outcome, io, started);
  const w = (s: string) => process.stdout.write(s + "\n");
  w(`Claims of the paper (verdicts computed from the measured numbers; details in ${paths.report}):`);
  for (const c of outcome.results.claims) w(`  ${c.verdict.padEnd(12)} ${c.id}: ${c.claim}`);
  w(`Wrote ${paths.results}, ${paths.manifest}, ${paths.report}`);
}

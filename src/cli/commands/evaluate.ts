// `aemap evaluate --model model.json FILES [--json]`: energy, force and stress errors of a model
// against the reference labels in FILES, for all structures and per group (info.group). The JSON
// carries a units record (docs/units.md): energies eV/atom, forces eV/Å, stresses GPa.
import type { CommandModule } from "yargs";
import { readLabelledStructures } from "../labelled.js";
import "../../model/potential.js"; // registers the model-file loader
import { loadModel, modelOptions, readModelStructures } from "../model-option.js";
import { evaluateStructures, type EvaluationReport } from "../../model/evaluate.js";
import { withUnits } from "../../util/units-record.js";

interface EvaluateArgs {
  model: string;
  files: string[];
  json?: boolean;
}

const f2 = (x: number | undefined, scale = 1) => (x === undefined || !Number.isFinite(x) ? "–" : (x * scale).toFixed(2));

/** Human-readable table of an evaluation report. */
export function formatReport(r: EvaluationReport): string {
  const rows: string[] = [];
  rows.push(`${"group".padEnd(12)} ${"n".padStart(5)} ${"E RMSE".padStart(9)} ${"E MAE".padStart(9)} ${"F RMSE".padStart(9)} ${"F MAE".padStart(9)} ${"σ RMSE".padStart(9)} ${"σ MAE".padStart(9)}`);
  rows.push(`${"".padEnd(12)} ${"".padStart(5)} ${"meV/atom".padStart(9)} ${"meV/atom".padStart(9)} ${"meV/Å".padStart(9)} ${"meV/Å".padStart(9)} ${"GPa".padStart(9)} ${"GPa".padStart(9)}`);
  const line = (name: string, m: EvaluationReport["all"]) => rows.push(
    `${name.padEnd(12)} ${String(m.structures).padStart(5)} ${f2(m.energyRmse, 1000).padStart(9)} ${f2(m.energyMae, 1000).padStart(9)} `
    + `${f2(m.forceRmse, 1000).padStart(9)} ${f2(m.forceMae, 1000).padStart(9)} ${f2(m.stressRmse).padStart(9)} ${f2(m.stressMae).padStart(9)}`);
  for (const [g, m] of Object.entries(r.groups)) line(g, m);
  line("all", r.all);
  return rows.join("\n") + "\n";
}

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: "evaluate <files..>",
  describe: "Energy/force/stress RMSE and MAE of a model on labelled structures, per group",
  builder: (y) => modelOptions(y
    .positional("files", { type: "string", array: true, demandOption: true, describe: "Structure files with reference labels" }))
    .option("json", { type: "boolean", default: false, describe: "Print the report as JSON" }),
  handler: (argv) => {
    const pot = loadModel(argv);
    const structures = readLabelledStructures(argv.files, "evaluation", (f) => readModelStructures(argv, f));
    const report = evaluateStructures(pot, structures);
    pot.dispose?.();
    process.stdout.write(argv.json ? JSON.stringify(withUnits(report), null, 1) + "\n" : formatReport(report));
  },
};

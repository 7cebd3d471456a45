// `aemap export --model M --format n2p2 --out DIR`: an n2p2 potential directory (input.nn,
// scaling.data, weights.XXX.data) for nnp-predict and LAMMPS `pair_style hdnnp`.
// `aemap export --model M --format simple-nn --out FILE`: SIMPLE-NN's `pair_style nn` potential file.
// M is an aemap model file (.json) or an n2p2 directory (so n2p2 → SIMPLE-NN works too).
// Files are written atomically; docs/interop.md explains units and the LAMMPS lines.
import type { CommandModule } from "yargs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readText, writeTextAtomic } from "../../io/files-node.js";
import { parseModel, type ModelData } from "../../model/model-file.js";
import { exportN2p2, lammpsHdnnpLines } from "../../model/n2p2/export.js";
import { importN2p2 } from "../../model/n2p2/import.js";
import { isN2p2Spec, parseN2p2Spec } from "../../model/n2p2/loader.js";
import { exportSimpleNN } from "../../model/simple-nn/export.js";
import { unitOptions, type UnitArgs } from "../model-option.js";

interface ExportArgs extends UnitArgs {
  model: string;
  format: string;
  out: string;
}

/** The model behind `spec`: an aemap model file, or an n2p2 directory / input.nn. */
export function readModelSpec(spec: string, units: { lengthUnit?: string; energyUnit?: string } = {}): ModelData {
  if (/\.json$/i.test(spec)) return parseModel(readText(spec), spec);
  if (isN2p2Spec(spec) || /input\.nn$/.test(spec)) {
    const { dir, options } = parseN2p2Spec(spec);
    return importN2p2((name) => readText(join(dir, name)), { ...options, ...units, warn: (m) => process.stderr.write(`aemap: ${m}\n`) }, dir);
  }
  throw new Error(`--model ${spec}: expected an aemap model file (.json) or an n2p2 directory (DIR/ or DIR/input.nn)`);
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: "export",
  describe: "Write a model for LAMMPS: n2p2 (pair_style hdnnp) or SIMPLE-NN (pair_style nn)",
  builder: (y) => unitOptions(y
    .option("model", { type: "string", demandOption: true, describe: "aemap model file (.json) or n2p2 directory" })
    .option("format", { type: "string", choices: ["n2p2", "simple-nn"], demandOption: true, describe: "Target code" })
    .option("out", { type: "string", demandOption: true, describe: "Output directory (n2p2) or file (simple-nn)" })),
  handler: (argv) => {
    const model = readModelSpec(argv.model, { lengthUnit: argv["length-unit"], energyUnit: argv["energy-unit"] });
    if (argv.format === "n2p2") {
      const files = exportN2p2(model, argv.model);
      mkdirSync(argv.out, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeTextAtomic(join(argv.out, name), text);
      process.stderr.write(`aemap export: ${Object.keys(files).join(", ")} → ${argv.out}\n`);
      const [style, coeff] = lammpsHdnnpLines(model, argv.out.replace(/[\\/]+$/, "") || argv.out);
      process.stdout.write(`LAMMPS input (units metal; ML-HDNNP package; pair_coeff maps atom types 1, 2, … to elements):\n${style}\n${coeff}\n`);
    } else {
      writeTextAtomic(argv.out, exportSimpleNN(model, argv.model));
      process.stderr.write(`aemap export: SIMPLE-NN potential → ${argv.out}\n`);
      process.stdout.write(`LAMMPS input (units metal; SIMPLE-NN's pair_style nn; pair_coeff maps atom types 1, 2, … to elements):\npair_style nn\npair_coeff * * ${argv.out} ${model.elements.join(" ")}\n`);
    }
  },
};

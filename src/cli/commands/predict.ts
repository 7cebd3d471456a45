// `aemap predict --model SPEC FILES.. --out out.extxyz`: energy, forces, stress and per-atom
// energies (`atomic_energy` column) of every structure in FILES. The predictions replace the
// labels in the OUTPUT frames only (the input files are not touched); info.model names the spec.
// The input's reference labels are kept beside them as ref_energy (eV), ref_stress (eV/Å³, the
// nine components like `stress`) and the ref_forces column (eV/Å), so one file gives a parity plot.
import type { CommandModule } from "yargs";
import { writeStructures } from "../../io/files-node.js";
import { loadModel, modelOptions, readModelStructures } from "../model-option.js";
import type { InfoValue, PerAtomArray, Structure } from "../../structure/structure.js";
import type { Calculator } from "../../model/calculator.js";
import { detectFormat, getFormat, listFormats } from "../../io/index.js";

interface PredictArgs {
  model: string;
  files: string[];
  out: string;
}

/** One output frame: the input geometry with the calculator's results as labels. */
export function predictFrame(calc: Calculator, s: Structure, spec: string): Structure {
  const bad = s.symbols.find((x) => !calc.elements.includes(x));
  if (bad) throw new Error(`model ${spec} handles ${calc.elements.join(", ")}; structure has '${bad}'`);
  const r = calc.calculate(s);
  return s.copy({
    energy: r.energy, forces: r.forces, stress: r.stress,
    arrays: { ...s.arrays, ...referenceArrays(s), atomic_energy: { type: "R", width: 1, values: r.energies } },
    info: { ...s.info, ...referenceInfo(s), model: spec },
  });
}

/** The structure's own energy and stress as ref_energy / ref_stress (full 3×3, as extxyz writes stress). */
function referenceInfo(s: Structure): Record<string, InfoValue> {
  const info: Record<string, InfoValue> = {};
  if (s.energy !== undefined) info.ref_energy = s.energy;
  if (s.stress) {
    const [xx, yy, zz, yz, xz, xy] = s.stress;
    info.ref_stress = [xx, xy, xz, xy, yy, yz, xz, yz, zz];
  }
  return info;
}

/** The structure's own forces as the ref_forces column. */
function referenceArrays(s: Structure): Record<string, PerAtomArray> {
  return s.forces ? { ref_forces: { type: "R", width: 3, values: s.forces.slice() } } : {};
}

/** The output must keep what predict adds (per-atom energies): extxyz or n2p2, chosen by the name. */
function checkPredictionFormat(out: string): void {
  const f = getFormat(resolveFormatName(out));
  if (!f.write || !f.perAtomEnergies) {
    const can = listFormats().filter((x) => x.write && x.perAtomEnergies).map((x) => `${x.name} (${x.extensions.map((e) => "." + e).join(", ")})`);
    throw new Error(`${out}: format '${f.name}' cannot hold the predicted per-atom energies; write ${can.join(" or ")}`);
  }
}

function resolveFormatName(out: string): string {
  const name = detectFormat(out);
  if (!name) throw new Error(`${out}: cannot tell the output format from the name; use an extension such as .extxyz`);
  return name;
}

export const predictCommand: CommandModule<object, PredictArgs> = {
  command: "predict <files..>",
  describe: "Energy, forces, stress and atomic energies of structures with a model (or the sw teacher)",
  builder: (y) => modelOptions(y
    .positional("files", { type: "string", array: true, demandOption: true, describe: "Structure files (any readable format)" }))
    .option("out", { type: "string", demandOption: true, describe: "Output file (format from its name, e.g. .extxyz)" }),
  handler: async (argv) => {
    checkPredictionFormat(argv.out);
    const calc = loadModel(argv);
    const frames: Structure[] = [];
    for (const file of argv.files) {
      readModelStructures(argv, file).forEach((s, i) => {
        try {
          frames.push(predictFrame(calc, s, argv.model));
        } catch (e) {
          throw new Error(`${file}: frame ${i + 1}: ${(e as Error).message}`);
        }
      });
    }
    writeStructures(argv.out, frames);
    process.stderr.write(`aemap predict: ${frames.length} structures → ${argv.out}\n`);
  },
};

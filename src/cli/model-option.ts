// The --model option shared by every command that evaluates a model (predict, evaluate,
// invariant): an aemap model file, an n2p2 potential (DIR/input.nn or DIR/), or the SW teacher.
// n2p2 files written in Bohr and Hartree (RuNNer convention) load with --length-unit bohr
// --energy-unit hartree; results are always in Å and eV.
import { readText } from "../io/files-node.js";
import type { Argv } from "yargs";
import { resolveCalculator } from "../model/resolve.js";
import { isN2p2Spec, loadN2p2Model } from "../model/n2p2/loader.js";
import type { Calculator } from "../model/calculator.js";

/** --length-unit / --energy-unit: the units of an n2p2 --model's files. */
export interface UnitArgs {
  "length-unit"?: string;
  "energy-unit"?: string;
}

export interface ModelArgs extends UnitArgs {
  model: string;
}

/** Adds --length-unit and --energy-unit to a command (also used by `aemap export`). */
export function unitOptions<T>(y: Argv<T>): Argv<T & UnitArgs> {
  return y
    .option("length-unit", { type: "string", describe: "Length unit of an n2p2 --model's files (angstrom, bohr)" })
    .option("energy-unit", { type: "string", describe: "Energy unit of an n2p2 --model's files (ev, hartree)" }) as Argv<T & UnitArgs>;
}

/** Adds --model, --length-unit and --energy-unit to a command. */
export function modelOptions<T>(y: Argv<T>): Argv<T & ModelArgs> {
  return unitOptions(y
    .option("model", { type: "string", demandOption: true, describe: "Model: an aemap model file (JSON), an n2p2 potential (DIR/input.nn or DIR/), or a Stillinger–Weber teacher: sw, sw:lammps, sw:GaN, sw:CdTe, sw:FILE.sw (optionally :vertex or :lammps)" })) as Argv<T & ModelArgs>;
}

/** The calculator the options name. */
export function loadModel(argv: ModelArgs): Calculator {
  const units = { lengthUnit: argv["length-unit"], energyUnit: argv["energy-unit"] };
  if (units.lengthUnit === undefined && units.energyUnit === undefined) return resolveCalculator(argv.model, readText);
  if (!isN2p2Spec(argv.model)) {
    throw new Error(`--length-unit/--energy-unit apply to n2p2 potentials (DIR/input.nn or DIR/); '${argv.model}' is not one (aemap model files are always in Å and eV)`);
  }
  return loadN2p2Model(argv.model, readText, units);
}

// The --model option shared by every command that evaluates a model (predict, evaluate,
// invariant): an aemap model file, an n2p2 potential (DIR/input.nn or DIR/), or the SW teacher.
// n2p2 files written in Bohr and Hartree (RuNNer convention) load with --length-unit bohr
// --energy-unit hartree; results are always in Å and eV.
// The units of the model and of the structures are separate options: --structure-length-unit /
// --structure-energy-unit give those of n2p2 input.data structure files (every other structure
// format has fixed units, Å and eV). An input.data read with a model in other units than Å and eV
// and no structure unit is an error: the two usually come together, and guessing either way would
// silently give energies off by orders of magnitude (docs/units.md).
import { readText } from "../io/files-node.js";
import { detectFormat, readStructuresFromString } from "../io/index.js";
import type { Structure } from "../structure/structure.js";
import type { Argv } from "yargs";
import { resolveCalculator } from "../model/resolve.js";
import { isN2p2Spec, loadN2p2Model, parseN2p2Spec } from "../model/n2p2/loader.js";
import type { Calculator } from "../model/calculator.js";

/** --length-unit / --energy-unit: the units of an n2p2 --model's files. */
export interface UnitArgs {
  "length-unit"?: string;
  "energy-unit"?: string;
}

/** --structure-length-unit / --structure-energy-unit: the units of n2p2 input.data structure files. */
export interface StructureUnitArgs {
  "structure-length-unit"?: string;
  "structure-energy-unit"?: string;
}

export interface ModelArgs extends UnitArgs, StructureUnitArgs {
  model: string;
}

/** Adds --length-unit and --energy-unit to a command (also used by `aemap export`). */
export function unitOptions<T>(y: Argv<T>): Argv<T & UnitArgs> {
  return y
    .option("length-unit", { type: "string", describe: "Length unit of an n2p2 --model's files (angstrom, bohr)" })
    .option("energy-unit", { type: "string", describe: "Energy unit of an n2p2 --model's files (ev, hartree)" }) as Argv<T & UnitArgs>;
}

/** Adds --model, --length-unit, --energy-unit and the structure units to a command. */
export function modelOptions<T>(y: Argv<T>): Argv<T & ModelArgs> {
  return unitOptions(y
    .option("model", { type: "string", demandOption: true, describe: "Model: an aemap model file (JSON), an n2p2 potential (DIR/input.nn or DIR/), or a Stillinger–Weber teacher: sw, sw:lammps, sw:GaN, sw:CdTe, sw:FILE.sw (optionally :vertex or :lammps)" }))
    .option("structure-length-unit", { type: "string", describe: "Length unit of n2p2 input.data structure files (angstrom, bohr, nm; other formats are in Å)" })
    .option("structure-energy-unit", { type: "string", describe: "Energy unit of n2p2 input.data structure files (ev, hartree, ry, mev; other formats are in eV)" }) as Argv<T & ModelArgs>;
}

/** The model's file units (from the options or the n2p2 spec's ?length-unit=…), lower case. */
function modelUnits(argv: ModelArgs): { length: string; energy: string } {
  const spec = isN2p2Spec(argv.model) ? parseN2p2Spec(argv.model).options : {};
  return {
    length: (argv["length-unit"] ?? spec.lengthUnit ?? "angstrom").toLowerCase(),
    energy: (argv["energy-unit"] ?? spec.energyUnit ?? "ev").toLowerCase(),
  };
}

/** The structures of `file` for a command with a --model, in the units the options give. */
export function readModelStructures(argv: ModelArgs, file: string): Structure[] {
  const text = readText(file);
  const format = detectFormat(file, text.slice(0, 4096));
  const lengthUnit = argv["structure-length-unit"], energyUnit = argv["structure-energy-unit"];
  if (format === "n2p2") {
    const m = modelUnits(argv);
    if (lengthUnit === undefined && energyUnit === undefined && (m.length !== "angstrom" || m.energy !== "ev")) {
      throw new Error(`${file}: an n2p2 input.data read with a model in ${m.length} and ${m.energy}: give the units of the structures too, `
        + `--structure-length-unit and --structure-energy-unit (e.g. ${m.length} and ${m.energy} if the data was written with the model's units, angstrom and ev if not)`);
    }
  } else if (lengthUnit !== undefined || energyUnit !== undefined) {
    throw new Error(`${file}: --structure-length-unit/--structure-energy-unit apply to n2p2 input.data files; this file is ${format ?? "not n2p2"}, whose units are fixed (Å and eV)`);
  }
  return readStructuresFromString(text, { filename: file, lengthUnit, energyUnit });
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

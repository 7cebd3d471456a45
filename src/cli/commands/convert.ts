// aemap convert IN OUT: read every structure of IN and write them to OUT.
import type { CommandModule } from "yargs";
import { readStructures, writeStructures } from "../../io/files-node.js";
import { listFormats } from "../../io/index.js";

interface ConvertArgs {
  input: string;
  output: string;
  from?: string;
  to?: string;
  "length-unit"?: string;
  "energy-unit"?: string;
  "energy-key"?: string;
  symbols?: string[];
}

const formatNames = () => listFormats().map((f) => f.name);

export const convert: CommandModule<object, ConvertArgs> = {
  command: "convert <input> <output>",
  describe: "Convert structures between formats (extxyz, poscar, outcar→, n2p2, pymatgen→); see docs/formats.md",
  builder: (y) =>
    y
      .positional("input", { type: "string", demandOption: true, describe: "file to read" })
      .positional("output", { type: "string", demandOption: true, describe: "file to write (atomically)" })
      .option("from", { type: "string", choices: formatNames(), describe: "input format (default: from the file name, then the contents)" })
      .option("to", { type: "string", choices: listFormats().filter((f) => f.write).map((f) => f.name), describe: "output format (default: from the file name)" })
      .option("length-unit", { type: "string", describe: "length unit of n2p2 files, read and written: angstrom (default), bohr, nm" })
      .option("energy-unit", { type: "string", describe: "energy unit of n2p2 files, read and written: ev (default), hartree, ry, mev" })
      .option("energy-key", { type: "string", describe: "OUTCAR: toten (default) or sigma0; extxyz: the comment-line key holding the energy" })
      .option("symbols", { type: "string", array: true, describe: "element per species for VASP 4 POSCARs without a species line" })
      .example("$0 convert training.json training.xyz", "mlearn JSON → extended XYZ")
      .example("$0 convert OUTCAR input.data --energy-key sigma0", "every ionic step → n2p2, energy(sigma->0)")
      .example("$0 convert input.data out.xyz --length-unit bohr --energy-unit hartree", "n2p2 in atomic units → Å/eV"),
  handler: async (argv) => {
    const units = { lengthUnit: argv["length-unit"], energyUnit: argv["energy-unit"] };
    const frames = readStructures(argv.input, { format: argv.from, ...units, energyKey: argv["energy-key"], symbols: argv.symbols });
    writeStructures(argv.output, frames, { format: argv.to, ...units });
    const atoms = frames.reduce((a, s) => a + s.length, 0);
    process.stdout.write(`converted ${frames.length} structure${frames.length === 1 ? "" : "s"} (${atoms} atoms): ${argv.input} → ${argv.output}\n`);
  },
};

// aemap convert IN[@INDEX] OUT [--index INDEX]: read the structures of IN (all, or the frames
// INDEX selects: ASE's syntax, src/io/select.ts) and write them to OUT.
import type { CommandModule } from "yargs";
import { existsSync } from "node:fs";
import { readStructures, writeStructures } from "../../io/files-node.js";
import { listFormats } from "../../io/index.js";
import { selectFrames, splitFileIndex } from "../../io/select.js";

interface ConvertArgs {
  input: string;
  output: string;
  from?: string;
  to?: string;
  "length-unit"?: string;
  "energy-unit"?: string;
  "energy-key"?: string;
  symbols?: string[];
  index?: string;
}

const formatNames = () => listFormats().map((f) => f.name);

export const convert: CommandModule<object, ConvertArgs> = {
  command: "convert <input> <output>",
  describe: "Convert structures between formats (extxyz, poscar, outcar→, n2p2, pymatgen→); see docs/formats.md",
  builder: (y) =>
    y
      .positional("input", { type: "string", demandOption: true, describe: "file to read; FILE@INDEX selects frames (FILE@0, FILE@-1, FILE@::10, FILE@1:5)" })
      .positional("output", { type: "string", demandOption: true, describe: "file to write (atomically)" })
      .option("from", { type: "string", choices: formatNames(), describe: "input format (default: from the file name, then the contents)" })
      .option("to", { type: "string", choices: listFormats().filter((f) => f.write).map((f) => f.name), describe: "output format (default: from the file name)" })
      .option("length-unit", { type: "string", describe: "length unit of n2p2 files, read and written: angstrom (default), bohr, nm" })
      .option("energy-unit", { type: "string", describe: "energy unit of n2p2 files, read and written: ev (default), hartree, ry, mev" })
      .option("energy-key", { type: "string", describe: "OUTCAR: toten (default) or sigma0; extxyz: the comment-line key holding the energy" })
      .option("index", { type: "string", describe: "frames to convert, numbered from 0: 3, -1 (last), start:stop:step as in Python (::10, 1:5)" })
      .option("symbols", { type: "string", array: true, describe: "element per species for VASP 4 POSCARs without a species line" })
      .example("$0 convert training.json training.xyz", "mlearn JSON → extended XYZ")
      .example("$0 convert OUTCAR@-1 POSCAR", "the last ionic step → POSCAR")
      .example("$0 convert md.xyz every10.xyz --index ::10", "every tenth frame")
      .example("$0 convert OUTCAR input.data --energy-key sigma0", "every ionic step → n2p2, energy(sigma->0)")
      .example("$0 convert input.data out.xyz --length-unit bohr --energy-unit hartree", "n2p2 in atomic units → Å/eV"),
  handler: async (argv) => {
    const units = { lengthUnit: argv["length-unit"], energyUnit: argv["energy-unit"] };
    const { file, index: atIndex } = splitFileIndex(argv.input, existsSync);
    if (atIndex !== undefined && argv.index !== undefined) throw new Error(`${argv.input}: give the frames either as FILE@INDEX or with --index, not both`);
    const index = atIndex ?? argv.index;
    const all = readStructures(file, { format: argv.from, ...units, energyKey: argv["energy-key"], symbols: argv.symbols });
    const frames = index === undefined ? all : selectFrames(index, all.length, atIndex !== undefined ? argv.input : `--index ${index}`).map((k) => all[k]);
    if (frames.length === 0) throw new Error(`${atIndex !== undefined ? argv.input : `--index ${index}`}: selects none of the ${all.length} frames of ${file}`);
    writeStructures(argv.output, frames, { format: argv.to, ...units });
    const atoms = frames.reduce((a, s) => a + s.length, 0);
    process.stdout.write(`converted ${frames.length} structure${frames.length === 1 ? "" : "s"} (${atoms} atoms): ${argv.input}${index !== undefined && atIndex === undefined ? ` (frames ${index})` : ""} → ${argv.output}\n`);
  },
};

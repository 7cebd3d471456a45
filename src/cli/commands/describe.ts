// `aemap describe FILES.. [--params FILE] [--out FILE.json|.csv]`: raw (unscaled) symmetry-function
// values of every atom, one row per atom, columns in parameter order. Without --params the
// default 26-function Si set (docs/science.md §3) is used for the structures' single element.
// Without --out the CSV goes to standard output. Frames and atoms are numbered from 0, as in the
// library and in ASE's file@index selections (docs/units.md, "Numbering").
import type { CommandModule } from "yargs";
import { basename } from "node:path";
import { readStructures, readText, writeTextAtomic } from "../../io/files-node.js";
import { defaultSetFor, describeCsv, describeFrames, describeJson, readParamsText } from "../../descriptors/index.js";
import type { Structure } from "../../structure/structure.js";

interface DescribeArgs {
  files: string[];
  params?: string;
  element?: string;
  elements?: string;
  out?: string;
}

export const describeCommand: CommandModule<object, DescribeArgs> = {
  command: "describe <files..>",
  describe: "Write the raw symmetry-function values of every atom (JSON or CSV, one row per atom)",
  builder: (y) => y
    .positional("files", { type: "string", array: true, demandOption: true, describe: "Structure files (any readable format)" })
    .option("params", { type: "string", describe: "Parameter file: n2p2 input.nn, SIMPLE-NN params_XX or a JSON list (default: the 26-function Si set)" })
    .option("element", { type: "string", describe: "Centre element of a SIMPLE-NN params file not named params_XX" })
    .option("elements", { type: "string", describe: "SIMPLE-NN element order for neighbour indices, e.g. \"Si O\" (default: the centre)" })
    .option("out", { type: "string", describe: "Output file, .json or .csv (default: CSV on standard output)" }),
  handler: async (argv) => {
    const out = argv.out;
    if (out && !/\.(json|csv)$/i.test(out)) throw new Error(`--out ${out}: expected a .json or .csv file name`);
    const frames: { source: string; frame: number; structure: Structure }[] = [];
    for (const file of argv.files) readStructures(file).forEach((structure, i) => frames.push({ source: basename(file), frame: i, structure }));
    const functions = argv.params
      ? readParamsText(readText(argv.params), argv.params, argv.element, argv.elements?.split(/[\s,]+/).filter(Boolean))
      : defaultSetFor([...new Set(frames.flatMap((f) => f.structure.symbols))]);
    const rows = describeFrames(frames, functions);
    const text = out && /\.json$/i.test(out) ? describeJson(rows, functions) : describeCsv(rows, functions);
    if (!out) { process.stdout.write(text); return; }
    writeTextAtomic(out, text);
    process.stderr.write(`aemap describe: ${rows.length} atoms × ${functions.length} functions → ${out}\n`);
  },
};

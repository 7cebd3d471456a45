// `aemap generate RECIPE.json --out data.extxyz [--seed N]`: build a labelled dataset with the
// Stillinger–Weber teacher (src/teacher/dataset.ts; recipe format in src/teacher/recipe.ts).
// Progress: a bar on a terminal, one line per finished group otherwise.
import type { CommandModule } from "yargs";
import { dirname, resolve } from "node:path";
import { readText, writeStructures } from "../../io/files-node.js";
import { buildDataset, type Progress } from "../../teacher/dataset.js";
import { parseRecipe } from "../../teacher/recipe.js";

interface GenerateArgs {
  recipe: string;
  out: string;
  seed?: number;
}

/** Progress reporter: redraws a bar on a TTY, prints a line per completed group otherwise. */
function progressPrinter(stream: NodeJS.WriteStream): (p: Progress) => void {
  const t0 = Date.now();
  return (p) => {
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (stream.isTTY) {
      const width = 30, filled = Math.round((width * p.done) / p.total);
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total} ${p.group} ${p.groupDone}/${p.groupTotal} ${secs}s\x1b[K`);
      if (p.done === p.total) stream.write("\n");
    } else if (p.groupDone === p.groupTotal) {
      stream.write(`${p.group}: ${p.groupTotal} frames (${p.done}/${p.total} total, ${secs}s)\n`);
    }
  };
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: "generate <recipe>",
  describe: "Build a dataset labelled by a Stillinger–Weber teacher (the recipe's, default Si) from a recipe (JSON)",
  builder: (y) => y
    .positional("recipe", { type: "string", demandOption: true, describe: "Recipe file (see data/recipes/)" })
    .option("out", { type: "string", demandOption: true, describe: "Output file, e.g. data.extxyz" })
    .option("seed", { type: "number", describe: "Seed (overrides the recipe's)" }),
  handler: async (argv) => {
    const recipe = parseRecipe(readText(argv.recipe), argv.recipe);
    if (argv.seed !== undefined && !Number.isInteger(argv.seed)) throw new Error(`--seed: expected an integer, got ${argv.seed}`);
    // A teacher file ("teacher": "sw:FILE") is found relative to the recipe.
    const readTeacher = (p: string) => readText(resolve(dirname(argv.recipe), p));
    const frames = buildDataset(recipe, { seed: argv.seed, onProgress: progressPrinter(process.stderr), readText: readTeacher });
    writeStructures(argv.out, frames);
    process.stderr.write(`aemap generate: ${frames.length} structures → ${argv.out}\n`);
  },
};

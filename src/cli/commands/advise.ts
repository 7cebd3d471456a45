// `aemap advise FILES [--json]`: before training, find environment classes (and elements) whose
// counts stay in a fixed ratio across all structures, so that total energies cannot separate
// their atomic energies (docs/science.md §1). Library: src/invariant/advisor.ts.
import type { CommandModule } from "yargs";
import { readStructures } from "../../io/files-node.js";
import { adviseTrainingSet, formatAdvice } from "../../invariant/advisor.js";

interface AdviseArgs {
  files: string[];
  json?: boolean;
  classes: "cluster" | "coordination";
  threshold?: number;
  radius?: number;
  tolerance?: number;
  "min-share"?: number;
}

export const adviseCommand: CommandModule<object, AdviseArgs> = {
  command: "advise <files..>",
  describe: "Check a training set for environments that always occur in a fixed ratio",
  builder: (y) => y
    .positional("files", { type: "string", array: true, demandOption: true, describe: "Structure files (any supported format)" })
    .option("classes", { choices: ["coordination", "cluster"] as const, default: "coordination" as const, describe: "Group environments by coordination number (robust to thermal noise) or by descriptor clustering (finer)" })
    .option("threshold", { type: "number", describe: "Cluster radius: RMS relative change of the descriptors (default 0.1)" })
    .option("radius", { type: "number", describe: "Coordination radius in Å (default 2.8)" })
    .option("min-share", { type: "number", describe: "Merge classes with a smaller share of their element's atoms into one 'rare' class (default 0.005)" })
    .option("tolerance", { type: "number", describe: "Relative tolerance for nearly fixed ratios (default 1e-3)" })
    .option("json", { type: "boolean", default: false, describe: "Print the analysis as JSON" }),
  handler: (argv) => {
    const structures = argv.files.flatMap((f) => readStructures(f));
    const advice = adviseTrainingSet(structures, { classes: argv.classes, threshold: argv.threshold, radius: argv.radius, tolerance: argv.tolerance, minShare: argv["min-share"] });
    process.stdout.write(argv.json ? JSON.stringify({ files: argv.files, ...advice }, null, 1) + "\n" : formatAdvice(advice));
  },
};

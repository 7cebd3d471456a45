// Registry of CLI commands: one import and one list entry per command.
import type { CommandModule } from "yargs";
import { convert } from "./convert.js";
import { info } from "./info.js";
import { generateCommand } from "./generate.js";
import { predictCommand } from "./predict.js";
import { adviseCommand } from "./advise.js";
import { invariantCommand } from "./invariant.js";
import { studyCommand } from "./study.js";
import { trainCommand } from "./train.js";
import { evaluateCommand } from "./evaluate.js";
import { exportCommand } from "./export.js";
import { describeCommand } from "./describe.js";
import { mdCommand } from "./md.js";
import { relaxCommand } from "./relax.js";
import { eosCommand } from "./eos.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  convert,
  info,
  generateCommand,
  predictCommand,
  adviseCommand,
  invariantCommand,
  studyCommand,
  trainCommand,
  evaluateCommand,
  exportCommand,
  describeCommand,
  mdCommand,
  relaxCommand,
  eosCommand,
];

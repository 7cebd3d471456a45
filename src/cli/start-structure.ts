// The START structure of `md`, `relax` and `eos`: one frame of a structure file (FILE@INDEX picks
// it, ASE's syntax, frames from 0; default the last frame, as ASE's `read`), checked against the
// model's elements.
import { existsSync } from "node:fs";
import { selectFrames, splitFileIndex } from "../io/select.js";
import type { Structure } from "../structure/structure.js";
import type { Calculator } from "../model/calculator.js";
import { readModelStructures, type ModelArgs } from "./model-option.js";

/** The frame `arg` (FILE or FILE@INDEX) names; a note on stderr when FILE has several and none is picked. */
export function readStartStructure(argv: ModelArgs, arg: string): Structure {
  const { file, index } = splitFileIndex(arg, existsSync);
  const frames = readModelStructures(argv, file);
  if (frames.length === 0) throw new Error(`${file}: holds no structure`);
  if (index === undefined) {
    if (frames.length > 1) process.stderr.write(`aemap: ${file} has ${frames.length} frames; using the last (frame ${frames.length - 1}); ${file}@INDEX picks another\n`);
    return frames[frames.length - 1];
  }
  const picked = selectFrames(index, frames.length, arg);
  if (picked.length !== 1) throw new Error(`${arg}: selects ${picked.length} frames; give one (e.g. ${file}@0)`);
  return frames[picked[0]];
}

/** Throws naming the first atom whose element the calculator does not handle. */
export function checkElements(calc: Calculator, s: Structure, what: string): void {
  const i = s.symbols.findIndex((x) => !calc.elements.includes(x));
  if (i >= 0) throw new Error(`${what}: atom ${i} is ${s.symbols[i]}, but the model ${calc.name} handles ${calc.elements.join(", ")}`);
}

/** "T T F" for a pbc triple. */
export function pbcText(s: Structure): string {
  return s.pbc.map((p) => (p ? "T" : "F")).join(" ");
}

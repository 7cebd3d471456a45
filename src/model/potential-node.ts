// The neural network potential with file access (Node entry only; src/index.ts stays browser-safe):
//   const pot = Potential.fromFile("model.json");  …  pot.save("copy.json");
import { readText, writeTextAtomic } from "../io/files-node.js";
import { serialiseModel } from "./model-file.js";
import { Potential as BasePotential } from "./potential.js";

export class Potential extends BasePotential {
  /** Load an aemap model file (from `aemap train` or `save`); errors name the file. */
  static fromFile(path: string): Potential {
    let text: string;
    try { text = readText(path); } catch (e) { throw new Error(`${path}: cannot read the model file (${(e as Error).message})`); }
    return Potential.fromJSON(text, path);
  }

  /** Write the model file (atomically: a temporary file renamed over `path`). */
  save(path: string): void {
    writeTextAtomic(path, serialiseModel(this.model));
  }
}

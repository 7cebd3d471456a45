// Structure files whose every frame must carry a reference energy (training, evaluation): a frame
// without one is reported with its file and frame number before any work starts.
import { readStructures } from "../io/files-node.js";
import type { Structure } from "../structure/structure.js";

/** Every frame of every file (read by `read`); `purpose` says what needs the energies ("training", "evaluation"). */
export function readLabelledStructures(files: string[] | undefined, purpose: string, read: (file: string) => Structure[] = (f) => readStructures(f)): Structure[] {
  return (files ?? []).flatMap((file) => {
    const frames = read(file);
    const k = frames.findIndex((s) => s.energy === undefined);
    if (k >= 0) throw new Error(`${file}: frame ${k + 1} has no energy: ${purpose} needs a reference energy for every structure`);
    return frames;
  });
}

// aemap Node entry: the library plus file-system helpers.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { initWasm as initWasmFrom, WASM_URL } from "./wasm/module.js";

export * from "./index.js";
// The Node entry's Potential adds fromFile(path) and save(path) to the library's.
export { Potential } from "./model/potential-node.js";
export { readStructures, writeStructures, writeTextAtomic } from "./io/files-node.js";
export { NodeStudyIO, writeStudyOutput, packageRoot, runStudyParallel } from "./study/index-node.js";

/** Instantiate the WASM module from the file next to the package (Node). */
export async function initWasm(): Promise<void> {
  await initWasmFrom(await readFile(fileURLToPath(WASM_URL)));
}

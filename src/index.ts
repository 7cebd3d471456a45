// aemap library entry: browser-safe (imports nothing Node-only).
export { initWasm, wasmReady, WASM_URL } from "./wasm/module.js";
export { Structure, invert3 } from "./structure/structure.js";
export type { StructureInit, PerAtomArray, InfoValue } from "./structure/structure.js";
export * as units from "./structure/units.js";
export { atomicNumber, elementSymbol, atomicMass } from "./structure/elements.js";
export { buildNeighbourList, shortestDistance } from "./structure/neighbours.js";
export type { NeighbourList } from "./structure/neighbours.js";

// The aemap WASM module: every hot loop of the package. Exports take pointers, counts and
// f64 scalars only (see each file's header for buffer layouts).
export { alloc, free } from "./memory";
export { neighbourList } from "./neighbours";

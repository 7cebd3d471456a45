// The aemap WASM module: every hot loop of the package. Exports take pointers, counts and
// f64 scalars only (see each file's header for buffer layouts).
export { alloc, free } from "./memory";
export { neighbourList } from "./neighbours";
export { swCompute } from "./sw";
export {
  denseForwardScalar, denseForwardSimd, denseBackwardScalar, denseBackwardSimd,
  denseWeightGradScalar, denseWeightGradSimd, hadamard, hadamardAdd3,
  forceContractScalar, forceContractSimd, forceAdjointScalar, forceAdjointSimd,
  forceContractF32Scalar, forceContractF32Simd, forceAdjointF32Scalar, forceAdjointF32Simd,
} from "./dense";
export { activate, activateSimd } from "./activations";
export { symfuncScalar, symfuncSimd } from "./symfunc";

// Descriptor stage: Behler symmetry functions (values, derivatives, strain derivatives),
// parameter sets and files, feature scaling and PCA. Browser-safe.
export type { SymmetryFunction, ElementDescriptors, StructureDescriptors, FeatureTransformData } from "./types.js";
export { defaultSiliconSet, etaGrid, elementsOf, maxCutoff, functionsOf, validateFunctions, SI_G2_ETA, SI_G4_ETA } from "./sets.js";
export { computeDescriptors, descriptorBytes } from "./compute.js";
export type { DescriptorOptions } from "./compute.js";
export { computeDescriptorsTs } from "./reference-ts.js";
export { fitFeatureTransform, applyTransform, applyTransformToDerivatives } from "./scaling.js";
export type { FitOptions } from "./scaling.js";
export { symmetricEigen } from "./eigen.js";
export { parseSimpleNNParams, writeSimpleNNParams, parseN2p2SymmetryFunctions, TYPE_NUMBERS } from "./params.js";
export { readParamsText, functionLabel, describeFrames, describeCsv, describeJson, defaultSetFor } from "./table.js";
export type { DescribedAtom } from "./table.js";

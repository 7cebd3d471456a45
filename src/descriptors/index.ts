// Descriptor stage: symmetry functions of every n2p2 type (values, derivatives, strain derivatives),
// parameter sets and files, feature scaling and PCA. Browser-safe.
export type {
  SymmetryFunction, SymmetryFunctionType, CutoffType, CompactSubtype, ElementDescriptors, StructureDescriptors, FeatureTransformData,
} from "./types.js";
export {
  defaultSiliconSet, etaGrid, elementsOf, maxCutoff, functionsOf, validateFunctions, normaliseFunctions, scaleLengths,
  isAngular, isWeighted, isCompact, CUTOFF_TYPES, COMPACT_SUBTYPES, SI_G2_ETA, SI_G4_ETA,
} from "./sets.js";
export { computeDescriptors, descriptorBytes } from "./compute.js";
export type { DescriptorOptions } from "./compute.js";
export { computeDescriptorsTs } from "./reference-ts.js";
export { fitFeatureTransform, applyTransform, applyTransformToDerivatives } from "./scaling.js";
export type { FitOptions } from "./scaling.js";
export { symmetricEigen } from "./eigen.js";
export {
  parseSimpleNNParams, writeSimpleNNParams, parseN2p2SymmetryFunctions, n2p2SymfunctionLine, n2p2CutoffTypeLine, simpleNNType, SIMPLE_NN_TYPE,
} from "./params.js";
export { readParamsText, functionLabel, describeFrames, describeCsv, describeJson, defaultSetFor } from "./table.js";
export type { DescribedAtom } from "./table.js";

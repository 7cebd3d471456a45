// n2p2 interoperability: export an aemap model as an n2p2 potential directory, import one as an
// aemap model, and the `--model DIR/input.nn` loader (registered on import of this module).
export { exportN2p2, N2P2_ACTIVATION, lammpsHdnnpLines, modelCutoff } from "./export.js";
export type { N2p2Files } from "./export.js";
export { importN2p2 } from "./import.js";
export type { N2p2ImportOptions, ReadPotentialFile } from "./import.js";
export { loadN2p2Model, parseN2p2Spec, isN2p2Spec } from "./loader.js";
export { readInputNn, tokeniseInputNn, TRAINING_ONLY, PREDICTION_KEYWORDS } from "./input-nn.js";
export { parseScalingData, writeScalingData } from "./scaling-data.js";
export { parseWeightsData, writeWeightsData, weightsFileName, n2p2ToAemap, aemapToN2p2 } from "./weights.js";
export { n2p2Order } from "./sf-order.js";

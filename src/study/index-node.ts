// Reproducible studies, Node part: files, output folder, worker threads.
export { NodeStudyIO, writeStudyOutput, packageRoot } from "./io-node.js";
export { runStudyParallel } from "./parallel-node.js";

// n2p2 `weights.XXX.data` (XXX = atomic number, 3 digits): one number per line (first column;
// the others are labels), `#` lines are comments. Order (NeuralNetwork::setConnections): for
// each layer l = 1 .. L+1, first the connections — outer loop over the neurons i of layer l−1,
// inner loop over the neurons k of layer l, value a_{ik} = W_l[k][i] — then the biases b_l[k].
// That is Wᵀ row-major, where aemap stores W (nOut × nIn) row-major (network.ts).
import { layerSizes, type NetworkSpec } from "../network.js";
import { fmt } from "./input-nn.js";

/** Weight file name of an element. */
export function weightsFileName(z: number): string {
  return `weights.${String(z).padStart(3, "0")}.data`;
}

/** The numbers of a weights file, in file order. */
export function parseWeightsData(text: string, filename: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((raw, q) => {
    const body = raw.trim();
    if (body === "" || body.startsWith("#")) return;
    const tok = body.split(/\s+/)[0];
    const x = Number(tok);
    if (!Number.isFinite(x)) throw new Error(`${filename}:${q + 1}: expected a number in the first column, got '${tok}'`);
    out.push(x);
  });
  return out;
}

/**
 * Where each n2p2 number goes: entry j = index in the aemap weight vector of n2p2 value j.
 * `inputPerm[k]` = aemap input column of n2p2 input k (identity when the aemap descriptors are
 * already in n2p2 order).
 */
function aemapIndexOfN2p2(spec: NetworkSpec, inputPerm?: number[]): number[] {
  const s = layerSizes(spec);
  const out: number[] = [];
  let at = 0;
  for (let l = 1; l < s.length; l++) {
    const nIn = s[l - 1], nOut = s[l];
    for (let i = 0; i < nIn; i++) {
      const col = l === 1 && inputPerm ? inputPerm[i] : i;
      for (let k = 0; k < nOut; k++) out.push(at + k * nIn + col);
    }
    at += nOut * nIn;
    for (let k = 0; k < nOut; k++) out.push(at + k);
    at += nOut;
  }
  return out;
}

/** n2p2 order → aemap order (see aemapIndexOfN2p2 for `inputPerm`). */
export function n2p2ToAemap(spec: NetworkSpec, values: number[], inputPerm?: number[]): number[] {
  const index = aemapIndexOfN2p2(spec, inputPerm);
  const out = new Array<number>(index.length);
  index.forEach((a, j) => { out[a] = values[j]; });
  return out;
}

/** aemap order → n2p2 order (inverse of n2p2ToAemap). */
export function aemapToN2p2(spec: NetworkSpec, weights: number[], inputPerm?: number[]): number[] {
  return aemapIndexOfN2p2(spec, inputPerm).map((a) => weights[a]);
}

/** weights.XXX.data text with n2p2's label columns (t = a weight / b bias, index, layers, neurons). */
export function writeWeightsData(spec: NetworkSpec, n2p2Values: number[], header: string[] = []): string {
  const s = layerSizes(spec);
  const out = [...header.map((h) => `# ${h}`), "#              connection t     index   l_s   n_s   l_e   n_e"];
  let count = 0;
  for (let l = 1; l < s.length; l++) {
    for (let i = 0; i < s[l - 1]; i++) for (let k = 0; k < s[l]; k++) {
      const v = n2p2Values[count++];
      out.push(`${fmt(v).padStart(24)} a ${String(count).padStart(9)} ${String(l - 1).padStart(5)} ${String(i + 1).padStart(5)} ${String(l).padStart(5)} ${String(k + 1).padStart(5)}`);
    }
    for (let k = 0; k < s[l]; k++) {
      const v = n2p2Values[count++];
      out.push(`${fmt(v).padStart(24)} b ${String(count).padStart(9)} ${String(l).padStart(5)} ${String(k + 1).padStart(5)}`);
    }
  }
  return out.join("\n") + "\n";
}

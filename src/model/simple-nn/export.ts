// aemap model → SIMPLE-NN's LAMMPS potential file (`potential_saved`, read by `pair_style nn`,
// SIMPLE-NN's pair_nn.cpp). Layout, per element after a first line `ELEM_LIST <el> ...`:
//   POT <el> <largest cutoff>
//   SYM <n>
//   <type> <Rc> <p1> <p2> <p3> <nbr1> [<nbr2>]     type 2: p = η Rs 0;  4, 5: p = η ζ λ  (Å, Å⁻²)
//   scale1 <c_1 ... c_n>                          network input x_f = (G_f − scale1_f) / scale2_f
//   scale2 <s_1 ... s_n>
//   NET <number of layers − 1> <size of each layer after the input ...>
//   LAYER <k> <linear|sigmoid|tanh|relu>  then per neuron j: `w<j> <weights from every input>`, `b<j> <bias>`
// An aemap transform x = M(G − c) maps to scale1 = c and, for diagonal M, scale2 = 1/M. With PCA
// the composite M becomes SIMPLE-NN's extra linear layer (`LAYER 0 linear PCA`, scale2 = 1, bias 0).
// pair_nn has no per-element energy offset: the reference energy ε⁰ is added to the output bias,
// which gives the same ε_i = ε⁰ + NN(x_i). Units: Å and eV (LAMMPS `units metal`).
// Refused: softplus (pair_nn knows linear, sigmoid, tanh, relu; anything else it treats as linear).
import type { ModelData } from "../model-file.js";
import { layerSizes, type ActivationName } from "../network.js";
import { simpleNNType } from "../../descriptors/params.js";
import { functionsOf, maxCutoff } from "../../descriptors/sets.js";
import type { SymmetryFunction } from "../../descriptors/types.js";
import { fmt } from "../n2p2/input-nn.js";

const ACTIVATION: Partial<Record<ActivationName, string>> = { tanh: "tanh", sigmoid: "sigmoid" };

function symLine(f: SymmetryFunction): string {
  const t = simpleNNType(f, `symmetry function of ${f.centre}`);
  if (f.type === 2) return `${t} ${fmt(f.cutoff)} ${fmt(f.eta!)} ${fmt(f.rs ?? 0)} 0 ${f.neighbours[0]}`;
  return `${t} ${fmt(f.cutoff)} ${fmt(f.eta!)} ${fmt(f.zeta!)} ${fmt(f.lambda!)} ${f.neighbours[0]} ${f.neighbours[1]}`;
}

/** Layer `k` (W: nOut × nIn row-major, b) as LAYER/w/b lines. */
function layerLines(k: number, acti: string, w: ArrayLike<number>, b: ArrayLike<number>, nIn: number, nOut: number, tag = ""): string[] {
  const out = [`LAYER ${k} ${acti}${tag}`];
  for (let j = 0; j < nOut; j++) {
    const row: string[] = [];
    for (let i = 0; i < nIn; i++) row.push(fmt(w[j * nIn + i]));
    out.push(`w${j} ${row.join(" ")}`, `b${j} ${fmt(b[j])}`);
  }
  return out;
}

/** The potential_saved text of a model; throws for what pair_style nn cannot evaluate. */
export function exportSimpleNN(model: ModelData, source = "model"): string {
  const lines = [`ELEM_LIST ${model.elements.join(" ")}`, ""];
  model.elements.forEach((e, ei) => {
    const net = model.networks[ei], t = model.transforms[ei];
    const acti = ACTIVATION[net.activation];
    if (!acti) throw new Error(`${source}: network of ${e} uses ${net.activation}; SIMPLE-NN's pair_style nn knows only tanh and sigmoid (of aemap's activations)`);
    const fs = functionsOf(model.descriptors, e);
    lines.push(`POT ${e} ${fmt(maxCutoff(fs))}`, `SYM ${fs.length}`, ...fs.map(symLine));
    const diag = !t.pca;
    lines.push(`scale1 ${t.center.map(fmt).join(" ")}`);
    lines.push(`scale2 ${fs.map((_, f) => fmt(diag ? 1 / t.matrix[f * t.nIn + f] : 1)).join(" ")}`);
    const sizes = layerSizes(net);
    const nodes = t.pca ? [t.nOut, ...sizes.slice(1)] : sizes.slice(1);
    lines.push(`NET ${nodes.length - 1} ${nodes.join(" ")}`);
    let k = 0;
    if (t.pca) lines.push(...layerLines(k++, "linear", t.matrix, new Array<number>(t.nOut).fill(0), t.nIn, t.nOut, " PCA"));
    let at = 0;
    for (let l = 1; l < sizes.length; l++) {
      const nIn = sizes[l - 1], nOut = sizes[l];
      const w = net.weights.slice(at, at + nIn * nOut);
      const b = net.weights.slice(at + nIn * nOut, at + nIn * nOut + nOut);
      at += nIn * nOut + nOut;
      const last = l === sizes.length - 1;
      if (last) b[0] += model.referenceEnergies[e]; // ε⁰ folded into the output bias
      lines.push(...layerLines(k++, last ? "linear" : acti, w, b, nIn, nOut));
    }
    lines.push("");
  });
  return lines.join("\n") + "\n";
}

// aemap model → n2p2 potential directory (input.nn, scaling.data, weights.XXX.data) that
// nnp-predict and LAMMPS `pair_style hdnnp` evaluate to the same energies and forces.
//
// The mapping, exact up to rounding in the last digit:
//   descriptors  → symfunction_short lines (src/descriptors/params.ts), one cutoff_type line for all
//   x = M(G − c) with diagonal M (no PCA) →
//     every element minmax:  scale_symmetry_functions, Smin −1, Smax 1,
//                            Gmin = c − 1/M, Gmax = c + 1/M   (−1 + 2(G − Gmin)/(Gmax − Gmin) = M(G − c))
//     every element meanstd: scale_symmetry_functions_sigma, Smin 0, Smax 1, Gmean = c, Gsigma = 1/M
//     every element none:    no scaling keyword (x = G)
//     a mixture:             the minmax form, which expresses any positive diagonal M exactly
//   networks     → global_* keywords (activation t, s or p for the hidden layers, l for the output)
//                  and weights in n2p2 order (weights.ts), inputs permuted to n2p2's sorted order
//   referenceEnergies ε⁰ → atom_energy: nnp-predict and pair_style hdnnp add Σ_i atom_energy(el_i)
//                  to the network sum (Mode::addEnergyOffset), and LAMMPS adds it to per-atom
//                  energies too, so ε_i = ε⁰_el + NN_el(x_i) as in aemap.
// No normalisation keywords are written: units are Å and eV (pair_style hdnnp … cflength 1.0
// cfenergy 1.0 with LAMMPS `units metal`).
// Refused: PCA (n2p2 has no input rotation), elements whose networks have different depth, width
// or activation (n2p2's global_* keywords are shared; per-element keywords are not written).
import type { ModelData } from "../model-file.js";
import { layerSizes, type ActivationName } from "../network.js";
import { atomicNumber } from "../../structure/elements.js";
import { n2p2CutoffTypeLine, n2p2SymfunctionLine } from "../../descriptors/params.js";
import { functionsOf } from "../../descriptors/sets.js";
import type { SymmetryFunction } from "../../descriptors/types.js";
import { fmt } from "./input-nn.js";
import { n2p2Order } from "./sf-order.js";
import { writeScalingData, type ScalingRow } from "./scaling-data.js";
import { aemapToN2p2, weightsFileName, writeWeightsData } from "./weights.js";

export const N2P2_ACTIVATION: Record<ActivationName, string> = { tanh: "t", sigmoid: "s", softplus: "p" };

/** File name → text of an n2p2 potential directory. */
export type N2p2Files = Record<string, string>;

function symfunctionLine(f: SymmetryFunction): string {
  return n2p2SymfunctionLine(f, fmt);
}

type ScalingKind = "minmax" | "meanstd" | "none";

/** The model's cutoff: the largest symmetry-function cutoff (Å). */
export function modelCutoff(model: ModelData): number {
  return Math.max(...model.descriptors.map((f) => f.cutoff));
}

/**
 * The LAMMPS input lines (units metal) that evaluate an exported directory with `pair_style hdnnp`
 * (ML-HDNNP package): the cutoff is the model's largest symmetry-function cutoff, units are Å and
 * eV (cflength/cfenergy 1), extrapolation warnings are summarised every 100 steps and the run stops
 * after 10000 in one step (showew no showewsum 100 maxew 10000 resetew yes). LAMMPS atom types
 * 1, 2, … are the model's elements in order of atomic number.
 */
export function lammpsHdnnpLines(model: ModelData, dir: string): [pairStyle: string, pairCoeff: string] {
  const elements = [...model.elements].sort((a, b) => atomicNumber(a)! - atomicNumber(b)!);
  const d = /[\s"]/.test(dir) ? `"${dir.replace(/"/g, "")}"` : dir;
  return [
    `pair_style hdnnp ${modelCutoff(model)} dir ${d} showew no showewsum 100 maxew 10000 resetew yes cflength 1.0 cfenergy 1.0`,
    `pair_coeff * * ${elements.join(" ")}`,
  ];
}

/** The n2p2 files of a model; throws (naming the model part) for what n2p2 cannot express. */
export function exportN2p2(model: ModelData, source = "model"): N2p2Files {
  const elements = [...model.elements].sort((a, b) => atomicNumber(a)! - atomicNumber(b)!);
  const netOf = (e: string) => model.networks[model.elements.indexOf(e)];
  const trOf = (e: string) => model.transforms[model.elements.indexOf(e)];
  for (const e of elements) {
    const t = trOf(e);
    if (t.pca) throw new Error(`${source}: transforms of ${e} use PCA; n2p2 cannot express an input rotation (retrain without PCA to export to n2p2)`);
    for (let i = 0; i < t.nOut; i++) for (let j = 0; j < t.nIn; j++) {
      const m = t.matrix[i * t.nIn + j];
      if (i === j ? !(m > 0) : m !== 0) throw new Error(`${source}: transforms of ${e}: matrix[${i}][${j}] = ${m}; n2p2 needs a positive diagonal scaling`);
    }
  }
  const first = netOf(elements[0]);
  for (const e of elements) {
    const n = netOf(e);
    if (n.activation !== first.activation || n.hidden.join("-") !== first.hidden.join("-")) {
      throw new Error(`${source}: networks of ${elements[0]} (${first.hidden.join("-")} ${first.activation}) and ${e} (${n.hidden.join("-")} ${n.activation}) differ; n2p2's global_* network keywords need one architecture`);
    }
  }
  const methods = new Set(elements.map((e) => trOf(e).method));
  const kind: ScalingKind = methods.size === 1 ? [...methods][0] as ScalingKind : "minmax";

  const header = [
    `n2p2 potential written by aemap export from ${source}`,
    `Units: Å and eV (LAMMPS: units metal, pair_style hdnnp ${modelCutoff(model)} dir <this folder> cflength 1.0 cfenergy 1.0)`,
  ];
  const lines: string[] = header.map((h) => `# ${h}`);
  lines.push(`number_of_elements ${elements.length}`, `elements ${elements.join(" ")}`);
  for (const e of elements) lines.push(`atom_energy ${e} ${fmt(model.referenceEnergies[e])}`);
  lines.push(n2p2CutoffTypeLine(model.descriptors, `${source}: descriptors`));
  if (kind === "minmax") lines.push("scale_symmetry_functions", "scale_min_short -1.0", "scale_max_short 1.0");
  if (kind === "meanstd") lines.push("scale_symmetry_functions_sigma", "scale_min_short 0.0", "scale_max_short 1.0");
  lines.push(`global_hidden_layers_short ${first.hidden.length}`,
    `global_nodes_short ${first.hidden.join(" ")}`,
    `global_activation_short ${[...first.hidden.map(() => N2P2_ACTIVATION[first.activation]), "l"].join(" ")}`);

  const files: N2p2Files = {};
  const scaling: ScalingRow[][] = [];
  for (const e of elements) {
    const fs = functionsOf(model.descriptors, e);
    const perm = n2p2Order(fs, `${source}: descriptors`);
    lines.push("", `# ${e}: ${fs.length} functions (in n2p2's input order)`);
    for (const k of perm) lines.push(symfunctionLine(fs[k]));
    const t = trOf(e);
    scaling.push(perm.map((k) => {
      const c = t.center[k], m = t.matrix[k * t.nIn + k];
      // meanstd: the training range is not stored; Gmin/Gmax (used by n2p2 only for its
      // extrapolation warnings) are set to mean ± 10σ.
      return kind === "meanstd" ? { gmin: c - 10 / m, gmax: c + 10 / m, gmean: c, gsigma: 1 / m, line: 0 }
        : kind === "none" ? { gmin: 0, gmax: 1, gmean: 0, gsigma: 1, line: 0 }
        : { gmin: c - 1 / m, gmax: c + 1 / m, gmean: c, gsigma: 1 / m, line: 0 };
    }));
    const net = netOf(e);
    files[weightsFileName(atomicNumber(e)!)] = writeWeightsData(net, aemapToN2p2(net, net.weights, perm),
      [...header, `element ${e}: ${layerSizes(net).join("-")}`]);
  }
  files["input.nn"] = lines.join("\n") + "\n";
  files["scaling.data"] = writeScalingData(scaling, header);
  return files;
}

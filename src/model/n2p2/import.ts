// n2p2 potential directory (input.nn, scaling.data, weights.XXX.data) → aemap ModelData, so every
// aemap command that takes `--model` can evaluate and diagnose a model trained with n2p2.
//
// What n2p2 computes for atom i of element el (Prediction::predict, InterfaceLammps), in the units
// of its training data (U_E, U_L: eV and Å, or Hartree and Bohr for RuNNer-style files):
//   ε_i = NN_el(x_i) / conv_energy + mean_energy + atom_energy(el)      (normalised model)
//   ε_i = NN_el(x_i) + atom_energy(el)                                   (no normalisation)
// with x_i = scaled G_i (scaling-data.ts). Symmetry-function values are dimensionless: input.nn
// gives η, rs, rc in U_L (n2p2 converts them to normalised units together with the positions), so
// conv_length drops out of G and of the forces. Everything is folded into one aemap model in Å/eV:
//   descriptors: rc·U_L, rs·U_L, η/U_L²;  transform: x = M(G − c) from the scaling statistics;
//   output layer W, b × U_E/conv_energy;  referenceEnergies[el] = U_E·(mean_energy + atom_energy(el)).
// Forces follow from the same function (F = −∂E/∂r), so they come out in eV/Å.
// Supported: every symfunction_short type (src/descriptors/params.ts); cutoff_type 1 with alpha 0;
// hidden activations t, s, p (one for all hidden layers), output l. Anything else fails naming
// the file and line.
import type { ModelData, NetworkData } from "../model-file.js";
import { MODEL_FORMAT, MODEL_VERSION } from "../model-file.js";
import { layerSizes, parameterCount, type ActivationName } from "../network.js";
import { atomicNumber } from "../../structure/elements.js";
import { LENGTH_UNITS, ENERGY_UNITS } from "../../structure/units.js";
import { parseN2p2SymmetryFunctions } from "../../descriptors/params.js";
import { scaleLengths } from "../../descriptors/sets.js";
import type { FeatureTransformData, SymmetryFunction } from "../../descriptors/types.js";
import { readInputNn, numberArg, type InputNn, type SettingLine } from "./input-nn.js";
import { n2p2Order } from "./sf-order.js";
import { parseScalingData, type ScalingRow } from "./scaling-data.js";
import { n2p2ToAemap, parseWeightsData, weightsFileName } from "./weights.js";

export interface N2p2ImportOptions {
  /** Length unit of the n2p2 files: "angstrom" (default) or "bohr" (any key of LENGTH_UNITS). */
  lengthUnit?: string;
  /** Energy unit of the n2p2 files: "ev" (default) or "hartree" (any key of ENERGY_UNITS). */
  energyUnit?: string;
  /** Receives warnings (ignored training keywords). Default: dropped. */
  warn?: (message: string) => void;
}

/** Reads a file of the potential directory by its name (input.nn, scaling.data, weights.014.data). */
export type ReadPotentialFile = (name: string) => string;

const ACTIVATION_OF: Record<string, ActivationName> = { t: "tanh", s: "sigmoid", p: "softplus" };

function unitFactor(table: Record<string, number>, name: string | undefined, fallback: string, what: string): number {
  const key = (name ?? fallback).toLowerCase();
  const f = table[key];
  if (f === undefined) throw new Error(`${what}: expected one of ${Object.keys(table).join(", ")}, got '${name}'`);
  return f;
}

type ScalingType = "none" | "scale" | "center" | "scalecenter" | "sigma";

/** Mode::setupSymmetryFunctionScaling's choice, and Smin/Smax. */
function scalingType(s: InputNn): { type: ScalingType; smin: number; smax: number } {
  const scale = !!s.get("scale_symmetry_functions"), center = !!s.get("center_symmetry_functions");
  const sigma = s.get("scale_symmetry_functions_sigma");
  let type: ScalingType = "none";
  if (scale && center) type = "scalecenter";
  else if (scale) type = "scale";
  else if (center) type = "center";
  if (sigma) {
    if (type !== "none") throw new Error(`${s.filename}:${sigma.line}: scale_symmetry_functions_sigma cannot be combined with scale_/center_symmetry_functions`);
    type = "sigma";
  }
  const lmin = s.get("scale_min_short"), lmax = s.get("scale_max_short");
  const smin = lmin ? numberArg(s, lmin, 0, "Smin") : 0, smax = lmax ? numberArg(s, lmax, 0, "Smax") : 0;
  return { type, smin, smax };
}

/**
 * x = M(G − c) of one function from its statistics: with s the scaling factor,
 *   scale: x = Smin + s(G − Gmin)  → c = Gmin − Smin/s, M = s, s = (Smax − Smin)/(Gmax − Gmin)
 *   scalecenter: the same with Gmean for Gmin;  sigma: s = (Smax − Smin)/Gsigma, Gmean for Gmin
 *   center: c = Gmean, M = 1;  none: c = 0, M = 1.
 */
function affine(type: ScalingType, smin: number, smax: number, r: ScalingRow, where: string): { c: number; m: number } {
  if (type === "none") return { c: 0, m: 1 };
  if (type === "center") return { c: r.gmean, m: 1 };
  const width = type === "sigma" ? r.gsigma : r.gmax - r.gmin;
  if (!(Number.isFinite(width) && width !== 0)) {
    throw new Error(`${where}: ${type === "sigma" ? "Gsigma" : "Gmax − Gmin"} is ${width}; n2p2 would divide by it (the function never varied in training)`);
  }
  const m = (smax - smin) / width;
  if (!(m !== 0)) throw new Error(`${where}: scale_max_short equals scale_min_short (${smin}): every scaled value would be the same`);
  const ref = type === "scale" ? r.gmin : r.gmean;
  return { c: ref - smin / m, m };
}

function needLine(s: InputNn, keyword: string): SettingLine {
  const l = s.get(keyword);
  if (!l) throw new Error(`${s.filename}: keyword '${keyword}' is missing`);
  return l;
}

/** The network architecture of the global_* keywords. */
function architecture(s: InputNn): { hidden: number[]; activation: ActivationName } {
  const lh = needLine(s, "global_hidden_layers_short"), ln = needLine(s, "global_nodes_short"), la = needLine(s, "global_activation_short");
  const nh = numberArg(s, lh, 0, "number of hidden layers");
  if (!Number.isInteger(nh) || nh < 1) throw new Error(`${s.filename}:${lh.line}: global_hidden_layers_short: expected an integer ≥ 1, got ${lh.args[0]}`);
  if (ln.args.length !== nh) throw new Error(`${s.filename}:${ln.line}: global_nodes_short: expected ${nh} layer sizes, got ${ln.args.length}`);
  const hidden = ln.args.map((_, i) => {
    const n = numberArg(s, ln, i, `size of hidden layer ${i + 1}`);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${s.filename}:${ln.line}: global_nodes_short: layer ${i + 1}: expected an integer ≥ 1, got ${ln.args[i]}`);
    return n;
  });
  if (la.args.length !== nh + 1) throw new Error(`${s.filename}:${la.line}: global_activation_short: expected ${nh + 1} activations (hidden layers, then the output), got ${la.args.length}`);
  const codes = la.args.slice(0, nh);
  if (la.args[nh] !== "l") throw new Error(`${s.filename}:${la.line}: global_activation_short: the output activation must be 'l' (linear), got '${la.args[nh]}'`);
  const bad = codes.find((c) => !(c in ACTIVATION_OF));
  if (bad !== undefined) throw new Error(`${s.filename}:${la.line}: global_activation_short: activation '${bad}' is not supported (aemap has t = tanh, s = sigmoid, p = softplus)`);
  if (new Set(codes).size > 1) throw new Error(`${s.filename}:${la.line}: global_activation_short: hidden layers mix activations (${codes.join(" ")}); aemap uses one activation for all hidden layers`);
  return { hidden, activation: ACTIVATION_OF[codes[0]] };
}

/** Elements from `elements` / `number_of_elements`, sorted by atomic number as n2p2 does. */
function elementList(s: InputNn): string[] {
  const le = needLine(s, "elements"), ln = needLine(s, "number_of_elements");
  for (const e of le.args) if (atomicNumber(e) === undefined) throw new Error(`${s.filename}:${le.line}: elements: unknown element '${e}'`);
  if (new Set(le.args).size !== le.args.length) throw new Error(`${s.filename}:${le.line}: elements: an element is listed twice`);
  const n = numberArg(s, ln, 0, "number of elements");
  if (n !== le.args.length) throw new Error(`${s.filename}:${ln.line}: number_of_elements is ${n}, but line ${le.line} lists ${le.args.length} elements`);
  return [...le.args].sort((a, b) => atomicNumber(a)! - atomicNumber(b)!);
}

function checkCutoffAndType(s: InputNn): void {
  const nt = s.get("nnp_type");
  // "2G-HDNNP", or its enum number: 2 (current n2p2), 0 (older versions' SHORT_ONLY).
  if (nt && !["2G-HDNNP", "2", "0"].includes(nt.args[0])) {
    throw new Error(`${s.filename}:${nt.line}: nnp_type ${nt.args.join(" ")} is not supported (aemap imports short-range 2G-HDNNP models only)`);
  }
  const ct = needLine(s, "cutoff_type");
  const type = numberArg(s, ct, 0, "cutoff type");
  const alpha = ct.args.length > 1 ? numberArg(s, ct, 1, "alpha") : 0;
  if (type !== 1 || alpha !== 0) {
    throw new Error(`${s.filename}:${ct.line}: cutoff_type ${ct.args.join(" ")} is not supported: aemap's symmetry-function kernels implement only the cosine cutoff (cutoff_type 1, alpha 0)`);
  }
}

/** Normalisation: ε = NN/convEnergy + meanEnergy (+ atom_energy). */
function normalisation(s: InputNn): { meanEnergy: number; convEnergy: number } {
  const keys = ["mean_energy", "conv_energy", "conv_length"];
  const present = keys.filter((k) => s.get(k));
  if (present.length === 0) return { meanEnergy: 0, convEnergy: 1 };
  if (present.length !== keys.length) {
    throw new Error(`${s.filename}:${s.get(present[0])!.line}: normalisation needs all of ${keys.join(", ")}; found only ${present.join(", ")}`);
  }
  const convEnergy = numberArg(s, s.get("conv_energy")!, 0, "conv_energy");
  const convLength = numberArg(s, s.get("conv_length")!, 0, "conv_length");
  if (!(convEnergy > 0)) throw new Error(`${s.filename}:${s.get("conv_energy")!.line}: conv_energy must be positive, got ${convEnergy}`);
  if (!(convLength > 0)) throw new Error(`${s.filename}:${s.get("conv_length")!.line}: conv_length must be positive, got ${convLength}`);
  return { meanEnergy: numberArg(s, s.get("mean_energy")!, 0, "mean_energy"), convEnergy };
}

/** Symmetry functions per element in n2p2's input order, parameters still in file units. */
function symmetryFunctions(s: InputNn, text: string, elements: string[]): Map<string, SymmetryFunction[]> {
  // Hand only the symfunction_short lines (comments stripped) to the shared parser, at their
  // original line numbers, so its errors point at the right line.
  const keep = new Set(s.all("symfunction_short").map((l) => l.line));
  const only = text.split(/\r?\n/).map((raw, q) => (keep.has(q + 1) ? raw.replace(/[#!].*/, "") : "")).join("\n");
  const all = parseN2p2SymmetryFunctions(only, s.filename);
  const byElement = new Map<string, SymmetryFunction[]>();
  for (const e of elements) byElement.set(e, []);
  for (const f of all) {
    for (const e of [f.centre, ...f.neighbours]) {
      if (!byElement.has(e)) throw new Error(`${s.filename}: symfunction_short uses element ${e}, which is not in 'elements' (${elements.join(" ")})`);
    }
    byElement.get(f.centre)!.push(f);
  }
  for (const [e, fs] of byElement) {
    if (fs.length === 0) throw new Error(`${s.filename}: element ${e} has no symfunction_short lines`);
    const perm = n2p2Order(fs, s.filename);
    byElement.set(e, perm.map((k) => fs[k]));
  }
  return byElement;
}

/** An aemap model from the files of an n2p2 potential directory. `source` names it in errors. */
export function importN2p2(read: ReadPotentialFile, options: N2p2ImportOptions = {}, source = "."): ModelData {
  const uL = unitFactor(LENGTH_UNITS, options.lengthUnit, "angstrom", "length unit");
  const uE = unitFactor(ENERGY_UNITS, options.energyUnit, "ev", "energy unit");
  const path = (name: string) => (source === "." || source === "" ? name : `${source.replace(/[\\/]+$/, "")}/${name}`);
  const text = read("input.nn");
  const s = readInputNn(text, path("input.nn"));
  for (const w of s.warnings) options.warn?.(w);
  const elements = elementList(s);
  checkCutoffAndType(s);
  const { type, smin, smax } = scalingType(s);
  const { hidden, activation } = architecture(s);
  const { meanEnergy, convEnergy } = normalisation(s);
  const atomEnergy: Record<string, number> = Object.fromEntries(elements.map((e) => [e, 0]));
  for (const l of s.all("atom_energy")) {
    const e = l.args[0];
    if (!elements.includes(e)) throw new Error(`${s.filename}:${l.line}: atom_energy: element '${e}' is not in 'elements' (${elements.join(" ")})`);
    atomEnergy[e] = numberArg(s, l, 1, "energy");
  }
  const functions = symmetryFunctions(s, text, elements);

  const scalingName = path("scaling.data");
  const table = type === "none" ? [] : parseScalingData(read("scaling.data"), scalingName);
  const descriptors: SymmetryFunction[] = [];
  const transforms: FeatureTransformData[] = [];
  const networks: NetworkData[] = [];
  const referenceEnergies: Record<string, number> = {};
  elements.forEach((e, ei) => {
    const fs = functions.get(e)!;
    // Lengths to Å: rc, rs scale with U_L, η with 1/U_L² (G itself is unchanged).
    for (const f of fs) descriptors.push(scaleLengths(f, uL));
    const center: number[] = [], matrix = new Array<number>(fs.length * fs.length).fill(0);
    fs.forEach((_, k) => {
      let row: ScalingRow = { gmin: 0, gmax: 1, gmean: 0, gsigma: 1, line: 0 };
      if (type !== "none") {
        const r = table[ei]?.[k];
        if (!r) throw new Error(`${scalingName}: no line for element ${ei + 1} (${e}) function ${k + 1}`);
        row = r;
      }
      const { c, m } = affine(type, smin, smax, row, `${scalingName}:${row.line}`);
      center.push(c);
      matrix[k * fs.length + k] = m;
    });
    if (type !== "none" && (table[ei]?.length ?? 0) !== fs.length) {
      throw new Error(`${scalingName}: element ${ei + 1} (${e}) has ${table[ei]?.length ?? 0} lines, input.nn has ${fs.length} functions`);
    }
    transforms.push({ element: e, method: type === "none" ? "none" : type === "scale" ? "minmax" : "meanstd", pca: false, nIn: fs.length, nOut: fs.length, center, matrix });

    const spec = { element: e, nIn: fs.length, hidden, activation };
    const wFile = weightsFileName(atomicNumber(e)!), wName = path(wFile);
    let raw: number[];
    try { raw = parseWeightsData(read(wFile), wName); } catch (err) {
      throw new Error(`${wName}: cannot read the weights of ${e}: ${(err as Error).message}`);
    }
    const want = parameterCount(spec);
    if (raw.length !== want) throw new Error(`${wName}: expected ${want} weights for a ${layerSizes(spec).join("-")} network, found ${raw.length}`);
    const weights = n2p2ToAemap(spec, raw);
    // Output layer (last W row and b): NN/convEnergy in file units → × U_E/convEnergy to eV.
    const scale = uE / convEnergy, nLast = hidden[hidden.length - 1];
    for (let i = weights.length - nLast - 1; i < weights.length; i++) weights[i] *= scale;
    networks.push({ ...spec, weights });
    referenceEnergies[e] = uE * (meanEnergy + atomEnergy[e]);
  });
  return {
    format: MODEL_FORMAT, version: MODEL_VERSION, codeVersion: "n2p2-import",
    units: { energy: "eV", length: "Å" }, elements, descriptors, transforms, networks, referenceEnergies,
  };
}

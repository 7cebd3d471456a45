// The saved model: one self-contained, versioned JSON document (one value per line) that prediction, resumed
// training and exporters read. Weights are written in JavaScript's shortest round-trip form,
// so parse(serialise(m)) gives back the same bits.
//
// {
//   "format": "aemap-model", "version": 1, "codeVersion": "0.1.0",
//   "units": { "energy": "eV", "length": "Å" },
//   "elements": ["Si"],
//   "descriptors": [SymmetryFunction...],            (src/descriptors/types.ts)
//   "transforms": [FeatureTransformData...],         one per element, x = M·(G − c)
//   "networks": [{ "element", "nIn", "hidden", "activation", "weights": [...] }],
//                 weights per layer: W (nOut × nIn, row-major) then b (src/model/network.ts)
//   "referenceEnergies": { "Si": -5.42 },            eV per atom, added to every ε
//   "descriptorRange": { "Si": { "min": [...], "max": [...] } }   raw G range of the training atoms,
//                 per element and function (optional): where the model interpolates (src/invariant/coverage.ts)
//   "training": { "seed", "dataHash", "weightHash", "epochs", "config", "metrics" }   (optional)
// }
import type { SymmetryFunction, FeatureTransformData } from "../descriptors/types.js";
import { normaliseFunctions } from "../descriptors/sets.js";
import { parameterCount, ACTIVATIONS, type ActivationName, type NetworkSpec } from "./network.js";
import { sha256Hex } from "../util/hash.js";
import { parseJson } from "../io/json-syntax.js";
import { JsonChecker } from "../util/json-check.js";
import { atomicNumber } from "../structure/elements.js";
import { validateFunctions } from "../descriptors/sets.js";

export const MODEL_FORMAT = "aemap-model";
export const MODEL_VERSION = 1;

export interface NetworkData extends NetworkSpec {
  weights: number[];
}

export interface TrainingRecord {
  seed: number;
  dataHash: string;
  weightHash: string;
  epochs: number;
  config?: unknown;
  metrics?: unknown;
}

/** Smallest and largest raw value of each of an element's functions over the training atoms. */
export interface DescriptorRange {
  min: number[];
  max: number[];
}

export interface ModelData {
  format: typeof MODEL_FORMAT;
  version: number;
  codeVersion: string;
  units: { energy: "eV"; length: "Å" };
  elements: string[];
  descriptors: SymmetryFunction[];
  transforms: FeatureTransformData[];
  networks: NetworkData[];
  referenceEnergies: Record<string, number>;
  /** Training range of the raw descriptors per element (written by `train`; absent in imported models). */
  descriptorRange?: Record<string, DescriptorRange>;
  training?: TrainingRecord;
}

/** SHA-256 (hex) of the weights' f64 bytes, networks in element order. */
export function weightHash(model: Pick<ModelData, "networks">): string {
  const all = model.networks.flatMap((n) => n.weights);
  return sha256Hex(Float64Array.from(all));
}

/** The model as JSON text. */
export function serialiseModel(model: ModelData): string {
  return JSON.stringify(model, null, 1) + "\n";
}

/**
 * Parse and check a model file: every field, so a corrupt or hand-edited file is reported here,
 * as the model file's error, and not later as a strange result or an error about a structure.
 * Errors name `source` and the JSON path at fault: "<file>: at <path>: expected ..., found ...".
 */
export function parseModel(text: string, source = "model"): ModelData {
  const c = new JsonChecker(source);
  const m = c.object(parseJson(text, source), "");
  if (m.format !== MODEL_FORMAT) c.expected("format", `"${MODEL_FORMAT}"`, m.format);
  c.number(m.version, "version", { min: 1, max: MODEL_VERSION, integer: true });
  if (m.codeVersion !== undefined) c.string(m.codeVersion, "codeVersion");
  if (m.units !== undefined) {
    const u = c.object(m.units, "units");
    if (u.energy !== "eV") c.expected("units.energy", '"eV"', u.energy);
    if (u.length !== "Å") c.expected("units.length", '"Å"', u.length);
  }
  const elements = c.array(m.elements, "elements", undefined, "a list of element symbols")
    .map((e, i) => c.string(e, `elements[${i}]`, undefined, "an element symbol"));
  if (elements.length === 0) c.fail("elements", "expected at least one element, found an empty list");
  elements.forEach((e, i) => {
    if (atomicNumber(e) === undefined) c.expected(`elements[${i}]`, "an element symbol", e);
    if (elements.indexOf(e) !== i) c.fail(`elements[${i}]`, `element "${e}" listed twice`);
  });
  const listed = c.array(m.descriptors, "descriptors", undefined, "a list of symmetry functions") as unknown as SymmetryFunction[];
  listed.forEach((f, q) => c.object(f, `descriptors[${q}]`));
  const descriptors = normaliseFunctions(listed); // older files name types 2, 3, 9 G2, G4, G5
  m.descriptors = descriptors;
  try { validateFunctions(descriptors, "descriptors"); } catch (e) {
    const msg = (e as Error).message, at = /^(\S+?):\s*(.*)$/.exec(msg);
    c.fail(at ? at[1] : "descriptors", at ? at[2] : msg);
  }
  descriptors.forEach((f, q) => {
    for (const e of [f.centre, ...f.neighbours]) if (!elements.includes(e)) c.fail(`descriptors[${q}]`, `element "${e}" is not among the model's elements (${elements.join(", ")})`);
  });
  const transforms = c.array(m.transforms, "transforms", elements.length, "one transform per element: a list") as unknown as FeatureTransformData[];
  transforms.forEach((t, i) => checkTransform(c, t, `transforms[${i}]`, elements[i], descriptors.filter((f) => f.centre === elements[i]).length));
  const nets = c.array(m.networks, "networks", elements.length, "one network per element: a list") as unknown as NetworkData[];
  nets.forEach((n, i) => {
    const p = `networks[${i}]`;
    c.object(n, p);
    if (n.element !== elements[i]) c.expected(`${p}.element`, `"${elements[i]}"`, n.element);
    c.oneOf(n.activation, `${p}.activation`, ACTIVATIONS);
    c.number(n.nIn, `${p}.nIn`, { min: transforms[i].nOut, max: transforms[i].nOut, integer: true });
    c.array(n.hidden, `${p}.hidden`, undefined, "a list of layer sizes").forEach((h, k) => c.number(h, `${p}.hidden[${k}]`, { min: 1, integer: true }));
    c.numbers(n.weights, `${p}.weights`, parameterCount(n), "weights");
  });
  const ref = c.object(m.referenceEnergies, "referenceEnergies");
  for (const e of elements) c.number(ref[e], `referenceEnergies.${e}`);
  if (m.descriptorRange !== undefined) {
    const r = c.object(m.descriptorRange, "descriptorRange");
    elements.forEach((e, i) => {
      const p = `descriptorRange.${e}`, range = c.object(r[e], p);
      const lo = c.numbers(range.min, `${p}.min`, transforms[i].nIn), hi = c.numbers(range.max, `${p}.max`, transforms[i].nIn);
      lo.forEach((x, f) => { if (!(x <= hi[f])) c.fail(`${p}.min[${f}]`, `expected at most max[${f}] = ${hi[f]}, found ${x}`); });
    });
  }
  if (m.training !== undefined) {
    const t = c.object(m.training, "training");
    c.number(t.seed, "training.seed");
    c.string(t.dataHash, "training.dataHash");
    c.string(t.weightHash, "training.weightHash");
    c.number(t.epochs, "training.epochs", { min: 0, integer: true });
  }
  return m as unknown as ModelData;
}

/** One element's feature transform: nIn = its descriptor count, nOut ≥ 1, finite centre (nIn) and matrix (nOut × nIn). */
function checkTransform(c: JsonChecker, t: FeatureTransformData, p: string, element: string, nIn: number): void {
  c.object(t, p);
  if (t.element !== element) c.expected(`${p}.element`, `"${element}"`, t.element);
  c.oneOf(t.method, `${p}.method`, ["minmax", "meanstd", "none"] as const);
  if (typeof t.pca !== "boolean") c.expected(`${p}.pca`, "true or false", t.pca);
  c.number(t.nIn, `${p}.nIn`, { min: nIn, max: nIn, integer: true });
  const nOut = c.number(t.nOut, `${p}.nOut`, { min: 1, integer: true });
  c.numbers(t.center, `${p}.center`, nIn);
  c.numbers(t.matrix, `${p}.matrix`, nOut * nIn);
}

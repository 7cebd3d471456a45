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
//   "training": { "seed", "dataHash", "weightHash", "epochs", "config", "metrics" }   (optional)
// }
import type { SymmetryFunction, FeatureTransformData } from "../descriptors/types.js";
import { normaliseFunctions } from "../descriptors/sets.js";
import { parameterCount, ACTIVATIONS, type ActivationName, type NetworkSpec } from "./network.js";
import { sha256Hex } from "../util/hash.js";

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

/** Parse and check a model file; errors name `source` and the JSON path at fault. */
export function parseModel(text: string, source = "model"): ModelData {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) { throw new Error(`${source}: not valid JSON (${(e as Error).message})`); }
  const m = raw as Record<string, unknown>;
  const fail = (path: string, expected: string): never => { throw new Error(`${source}: '${path}' ${expected}`); };
  if (!m || typeof m !== "object") fail("$", "expected a JSON object");
  if (m.format !== MODEL_FORMAT) fail("format", `is ${JSON.stringify(m.format)}, expected "${MODEL_FORMAT}"`);
  if (typeof m.version !== "number" || m.version > MODEL_VERSION) fail("version", `is ${JSON.stringify(m.version)}, this aemap reads version ≤ ${MODEL_VERSION}`);
  if (!Array.isArray(m.elements) || m.elements.some((e) => typeof e !== "string")) fail("elements", "expected a list of element symbols");
  const elements = m.elements as string[];
  if (!Array.isArray(m.descriptors)) fail("descriptors", "expected a list of symmetry functions");
  m.descriptors = normaliseFunctions(m.descriptors as SymmetryFunction[]); // older files name types 2, 3, 9 G2, G4, G5
  if (!Array.isArray(m.transforms) || m.transforms.length !== elements.length) fail("transforms", `expected one transform per element (${elements.length})`);
  if (!Array.isArray(m.networks) || m.networks.length !== elements.length) fail("networks", `expected one network per element (${elements.length})`);
  const nets = m.networks as NetworkData[];
  nets.forEach((n, i) => {
    const p = `networks[${i}]`;
    if (n.element !== elements[i]) fail(`${p}.element`, `is ${JSON.stringify(n.element)}, expected "${elements[i]}"`);
    if (!ACTIVATIONS.includes(n.activation as ActivationName)) fail(`${p}.activation`, `is ${JSON.stringify(n.activation)}, expected one of ${ACTIVATIONS.join(", ")}`);
    if (!Number.isInteger(n.nIn) || !Array.isArray(n.hidden)) fail(p, "needs integer nIn and a hidden-layer list");
    const t = (m.transforms as FeatureTransformData[])[i];
    if (t.nOut !== n.nIn) fail(`${p}.nIn`, `is ${n.nIn}, but transforms[${i}].nOut is ${t.nOut}`);
    const want = parameterCount(n);
    if (!Array.isArray(n.weights) || n.weights.length !== want) fail(`${p}.weights`, `expected ${want} numbers`);
    if (n.weights.some((x) => typeof x !== "number" || !Number.isFinite(x))) fail(`${p}.weights`, "contains a non-finite value");
  });
  const ref = m.referenceEnergies as Record<string, number>;
  for (const e of elements) if (typeof ref?.[e] !== "number") fail(`referenceEnergies.${e}`, "expected a number (eV)");
  return m as unknown as ModelData;
}

// Training configuration: every default in one frozen nested object, and `resolveConfig`, which
// merges a user's (JSON) config over it, warns about unknown keys with their path, rejects bad
// values naming the key, and returns a fully typed config. Keys are camelCase, e.g.
//   { "loss": { "forceCoeff": 0.05 }, "optimizer": { "type": "adam", "epochs": 200 } }

import { ACTIVATIONS, type ActivationName } from "../model/network.js";

export interface TrainConfig {
  /** Seed of every random choice (initial weights, splits, mini-batches). */
  seed: number;
  descriptors: {
    /** "default": docs/science.md §3 Si set (26 functions, Rc 6 Å) for every element and neighbour combination. */
    preset: "default";
    /** Optional SIMPLE-NN params files per element (read by the CLI), e.g. { "Si": "params_Si" }. */
    params: Record<string, string>;
  };
  scaling: { method: "minmax" | "meanstd" | "none"; pca: boolean };
  network: { hidden: number[]; activation: ActivationName; init: "xavier" | "nguyen-widrow" };
  reference: {
    /** "fit": least squares of total energy on composition over training structures; "given": `energies`. */
    method: "fit" | "given";
    /** eV per isolated atom, used when method = "given". */
    energies: Record<string, number>;
  };
  loss: {
    /** Weight of the force-component MSE ((eV/Å)²) against the per-atom energy MSE ((eV/atom)²). */
    forceCoeff: number;
    /** Weight of the stress-component MSE (GPa²); 0 = stress not trained. */
    stressCoeff: number;
    /** Loss weight per group (structures of unlisted groups weigh 1). */
    groupWeights: Record<string, number>;
    /**
     * Balance groups: multiply each training structure's weight by (structures / groups) /
     * (structures in its group), so every group counts alike however many structures it has.
     */
    balanceGroups: boolean;
  };
  optimizer: {
    type: "lbfgs" | "adam";
    /** L-BFGS: iterations; Adam: passes over the training set. */
    epochs: number;
    /** L-BFGS history length. */
    memory: number;
    adam: { lr: number; batchSize: number; decay: { type: "exponential" | "step" | "none"; rate: number; every: number } };
  };
  split: {
    /** Fractions of the training files split off as validation / test when no such files are given. */
    valid: number;
    test: number;
    /** Stratify the split by group. */
    stratify: boolean;
    /** Groups moved entirely to the test split. */
    holdOutGroups: string[];
  };
  /** Stop when the validation loss has not improved for `patience` epochs (0 = off); keep the best weights. */
  earlyStopping: { patience: number; minDelta: number };
  /** Write a checkpoint every `every` epochs (0 = never). */
  checkpoint: { every: number };
  /**
   * Storage of the packed ∂x/∂r in WASM memory: "f64", or "f32" (half the memory, faster force
   * passes; all arithmetic stays f64, see assembly/dense.ts).
   */
  packing: { derivatives: "f64" | "f32" };
}

/**
 * The defaults (chosen on si-mlearn, issue 4: train on training.json, report test.json).
 * Measured there with 30-30 tanh and L-BFGS: mean/std scaling converges much faster than min-max
 * (test force RMSE 124 vs 133 meV/Å after 750 iterations), PCA whitening much slower; a long
 * L-BFGS memory helps (train force RMSE after 1000 iterations: 112 with memory 10, 107 with 30;
 * after 4000: test 4.48 / 108.7 with 30, 4.22 / 108.8 with 100). forceCoeff: with the loss
 * per-atom energy MSE + forceCoeff · force MSE, 0.1 leaves the energy term ~60× smaller than the
 * force term; test energy / force RMSE (meV/atom, meV/Å) over seeds 1, 2, 3 after 4000 iterations:
 * 0.1 → 4.47 / 111.3, 4.27 / 109.3, 4.41 / 106.2; 0.05 → 3.97 / 109.0, 3.88 / 109.7, 4.61 / 110.1
 * (seed 3: the two unseen surface facets of test.json at 7.9 meV/atom); 0.03 (seed 1) → 3.87 /
 * 109.1, but one earlier run put an unseen surface 22 meV/atom off; 0.3 gives no better forces
 * and worse energies. Stress and group balancing did not help there.
 * f32 storage of ∂x/∂r halves the packed set (350 → 175 MiB) at no measurable cost.
 */
export const DEFAULT_CONFIG: Readonly<TrainConfig> = deepFreeze({
  seed: 1,
  descriptors: { preset: "default", params: {} },
  scaling: { method: "meanstd", pca: false },
  network: { hidden: [30, 30], activation: "tanh", init: "xavier" },
  reference: { method: "fit", energies: {} },
  loss: { forceCoeff: 0.05, stressCoeff: 0, groupWeights: {}, balanceGroups: false },
  optimizer: {
    type: "lbfgs", epochs: 4000, memory: 100,
    adam: { lr: 0.001, batchSize: 8, decay: { type: "exponential", rate: 0.5, every: 2000 } },
  },
  split: { valid: 0, test: 0, stratify: true, holdOutGroups: [] },
  earlyStopping: { patience: 0, minDelta: 0 },
  checkpoint: { every: 0 },
  packing: { derivatives: "f32" },
} satisfies TrainConfig);

type Check = (v: unknown, path: string) => void;
const ENUMS: Record<string, readonly string[]> = {
  "descriptors.preset": ["default"],
  "scaling.method": ["minmax", "meanstd", "none"],
  "network.activation": ACTIVATIONS,
  "network.init": ["xavier", "nguyen-widrow"],
  "reference.method": ["fit", "given"],
  "optimizer.type": ["lbfgs", "adam"],
  "optimizer.adam.decay.type": ["exponential", "step", "none"],
  "packing.derivatives": ["f64", "f32"],
};
/** Extra value checks by path (beyond "same type as the default"). */
const CHECKS: Record<string, Check> = {
  seed: int(0),
  "network.hidden": (v, p) => {
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => !Number.isInteger(x) || x < 1)) throw bad(p, v, "a non-empty list of positive integers");
  },
  "loss.forceCoeff": num(0), "loss.stressCoeff": num(0),
  "optimizer.epochs": int(0), "optimizer.memory": int(1),
  "optimizer.adam.lr": num(0, false), "optimizer.adam.batchSize": int(1),
  "optimizer.adam.decay.rate": (v, p) => { if (typeof v !== "number" || !(v > 0 && v <= 1)) throw bad(p, v, "a number in (0, 1]"); },
  "optimizer.adam.decay.every": int(1),
  "split.valid": frac, "split.test": frac,
  "earlyStopping.patience": int(0), "earlyStopping.minDelta": num(0),
  "checkpoint.every": int(0),
};
/** Keys whose value is a free-form map (any key) of numbers or strings. */
const MAPS: Record<string, "number" | "string"> = {
  "descriptors.params": "string", "reference.energies": "number", "loss.groupWeights": "number",
};

/**
 * A user config merged over the defaults (or over `base`, e.g. a config file's result when
 * command-line flags are merged over it). Unknown keys are reported through `warn`.
 */
export function resolveConfig(user: unknown = {}, warn: (message: string) => void = () => {}, source = "config", base: Readonly<TrainConfig> = DEFAULT_CONFIG): TrainConfig {
  if (user === null || typeof user !== "object" || Array.isArray(user)) throw new Error(`${source}: expected a JSON object at the top level`);
  return merge(base, user as Record<string, unknown>, "", warn, source) as unknown as TrainConfig;
}

function merge(def: unknown, user: Record<string, unknown>, prefix: string, warn: (m: string) => void, source: string): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(def) as Record<string, unknown>;
  for (const [key, value] of Object.entries(user)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(key in out)) { warn(`${source}: unknown key '${path}' ignored`); continue; }
    const d = out[key];
    if (path in MAPS) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw bad(path, value, `an object of ${MAPS[path]}s`, source);
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== MAPS[path] || (typeof v === "number" && !Number.isFinite(v))) throw bad(`${path}.${k}`, v, `a ${MAPS[path]}`, source);
      }
      out[key] = { ...(value as object) };
    } else if (d !== null && typeof d === "object" && !Array.isArray(d)) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw bad(path, value, "an object", source);
      out[key] = merge(d, value as Record<string, unknown>, path, warn, source);
    } else {
      if (Array.isArray(d) ? !Array.isArray(value) : typeof value !== typeof d) throw bad(path, value, Array.isArray(d) ? "a list" : `a ${typeof d}`, source);
      if (typeof value === "number" && !Number.isFinite(value)) throw bad(path, value, "a finite number", source);
      if (ENUMS[path] && !ENUMS[path].includes(value as string)) throw bad(path, value, `one of ${ENUMS[path].map((s) => `"${s}"`).join(", ")}`, source);
      try { CHECKS[path]?.(value, path); } catch (e) { throw new Error(`${source}: ${(e as Error).message}`); }
      out[key] = Array.isArray(value) ? value.slice() : value;
    }
  }
  return out;
}

function bad(path: string, value: unknown, expected: string, source?: string): Error {
  return new Error(`${source ? `${source}: ` : ""}'${path}' is ${JSON.stringify(value)}, expected ${expected}`);
}
function int(min: number): Check {
  return (v, p) => { if (!Number.isInteger(v) || (v as number) < min) throw bad(p, v, `an integer ≥ ${min}`); };
}
function num(min: number, inclusive = true): Check {
  return (v, p) => {
    if (typeof v !== "number" || (inclusive ? v < min : v <= min)) throw bad(p, v, `a number ${inclusive ? "≥" : ">"} ${min}`);
  };
}
function frac(v: unknown, p: string): void {
  if (typeof v !== "number" || v < 0 || v >= 1) throw bad(p, v, "a fraction in [0, 1)");
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

// The calculator interface every energy model implements (ASE-like): the NNP, the
// Stillinger–Weber teacher, stored reference results. One call computes what is asked;
// results belong to the caller (fresh arrays), and never overwrite the structure's labels.
import type { Structure } from "../structure/structure.js";

export interface CalculateOptions {
  /** Compute forces (default true). */
  forces?: boolean;
  /** Compute stress (default: true when all three axes are periodic). */
  stress?: boolean;
}

export interface Results {
  /** Total energy, eV. */
  energy: number;
  /** Per-atom energies, eV (sum = energy). */
  energies: Float64Array;
  /** Forces, eV/Å, flat [fx0 fy0 fz0 ...] (present when asked). */
  forces?: Float64Array;
  /** Stress, eV/Å³, Voigt [xx yy zz yz xz xy], σ = (1/V) ∂E/∂ε (present when asked and 3-D periodic). */
  stress?: Float64Array;
}

export interface Calculator {
  /** Short name, e.g. "sw:vertex" or a model file name. */
  readonly name: string;
  /** Elements this calculator can handle. */
  readonly elements: string[];
  calculate(s: Structure, options?: CalculateOptions): Results;
  /** Release WASM memory held between calls (optional). */
  dispose?(): void;
}

// The Stillinger–Weber teacher as a Calculator (src/model/calculator.ts), for any parameter set
// (original Si by default; src/teacher/sw-parameters.ts). Its atomic energies are exact by
// construction, in either of two splits of the same total (docs/science.md §2, formulas in
// assembly/sw.ts):
//   "vertex": ε_i = ½ Σ_j φ2(r_ij) + Σ_{j<k} φ3 centred on i — range aσ (3.77 Å for Si), so a
//             6 Å NNP can represent it exactly; the default for comparisons;
//   "lammps": ½ of each pair and ⅓ of each three-body term to each atom involved (LAMMPS
//             `compute pe/atom`) — range 2aσ.
// Stress: σ = (1/V) ∂E/∂ε, eV/Å³, Voigt xx yy zz yz xz xy (negative when compressed).
import type { Calculator, CalculateOptions, Results } from "../model/calculator.js";
import type { Structure } from "../structure/structure.js";
import { SwEngine, type SwEvaluation } from "./sw-engine.js";
import { SW_SI_POTENTIAL, singleElementPotential, type SwParameters, type SwPotential } from "./sw-parameters.js";

export type SwSplit = "vertex" | "lammps";

export interface StillingerWeberOptions {
  /** Which per-atom split `calculate` returns as `energies` (default "vertex"). */
  split?: SwSplit;
  /** Parameter set, any number of elements (default: original Si). */
  potential?: SwPotential;
  /** One-element Si parameters (instead of `potential`). */
  params?: SwParameters;
}

/** Results with both per-atom splits (what the dataset builder stores). */
export interface SwResults extends Results {
  energiesVertex: Float64Array;
  energiesLammps: Float64Array;
}

/** Voigt stress [xx yy zz yz xz xy] = sym(W)/V from a 3×3 virial. */
export function virialToStress(w: ArrayLike<number>, volume: number): Float64Array {
  const v = Math.abs(volume);
  return new Float64Array([
    w[0] / v, w[4] / v, w[8] / v,
    0.5 * (w[5] + w[7]) / v, 0.5 * (w[2] + w[6]) / v, 0.5 * (w[1] + w[3]) / v,
  ]);
}

export class StillingerWeber implements Calculator {
  /** "sw:vertex" / "sw:lammps" for Si, "sw:<potential>:<split>" otherwise. */
  readonly name: string;
  readonly elements: string[];
  readonly split: SwSplit;
  readonly potential: SwPotential;

  constructor(options: StillingerWeberOptions = {}) {
    const split = options.split ?? "vertex";
    if (split !== "vertex" && split !== "lammps") throw new Error(`Stillinger–Weber split must be "vertex" or "lammps", got "${String(split)}"`);
    if (options.potential && options.params) throw new Error("Stillinger–Weber: give either a potential or Si params, not both");
    this.split = split;
    this.potential = options.potential ?? (options.params ? singleElementPotential("Si", options.params) : SW_SI_POTENTIAL);
    this.elements = this.potential.elements.slice();
    this.name = this.potential.name === "Si" ? `sw:${split}` : `sw:${this.potential.name}:${split}`;
  }

  calculate(s: Structure, options: CalculateOptions = {}): SwResults {
    const ev = evaluate(s, this.potential);
    const periodic3 = s.pbc[0] && s.pbc[1] && s.pbc[2];
    const out: SwResults = {
      energy: ev.energy,
      energies: this.split === "vertex" ? ev.vertex : ev.lammps,
      energiesVertex: ev.vertex,
      energiesLammps: ev.lammps.slice(),
    };
    if (options.forces ?? true) out.forces = ev.forces;
    if ((options.stress ?? periodic3) && periodic3) out.stress = virialToStress(ev.virial, s.volume());
    return out;
  }
}

/** One evaluation with a fresh engine (no skin). */
function evaluate(s: Structure, potential: SwPotential): SwEvaluation {
  const engine = new SwEngine(s, 0, potential);
  try {
    return engine.evaluate(s.positions);
  } finally {
    engine.free();
  }
}

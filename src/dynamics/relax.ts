// Relaxation by FIRE (Bitzek et al., PRL 97, 170201 (2006)), as in ASE's `FIRE`: positions,
// optionally the cell (strain degrees of freedom as in ASE's UnitCellFilter), with any Calculator.
//
// Per step: v ← (1 − α) v + α |v| F̂ when P = F·v > 0 (and after N_min such steps dt grows by
// f_inc up to dt_max and α shrinks by f_α); when P ≤ 0: v ← 0, dt ← dt·f_dec, α ← α_start.
// Then v ← v + dt F, step = dt v, capped so no coordinate moves more than `maxStep` Å.
// "Masses" are 1 (FIRE only needs a consistent dynamics); converged when max |F| < fmax.
//
// Cell: generalised coordinates are the strain ε (3×3, r = (I + ε) r_ref) and the reference
// positions. Forces on them: f_ref = (I + ε)ᵀ F and f_ε = −W (I + ε)^−T / N (W the virial
// ∂E/∂δ at the current cell, W = V σ; the 1/N scale as ASE's cell_factor); converged also
// needs max |σ|·V/N < fmax.
import type { Structure } from "../structure/structure.js";
import { invert3 } from "../structure/structure.js";
import { virialToStress } from "../teacher/stillinger-weber.js";
import type { Calculator } from "../model/calculator.js";
import { SwEngine } from "../teacher/sw-engine.js";
import type { SwPotential } from "../teacher/sw-parameters.js";

/** One evaluation for relaxation: energy (eV), forces (eV/Å), virial W = V σ (eV, 3×3), per-atom energies if known. */
export interface RelaxEvaluation {
  energy: number;
  forces: Float64Array;
  virial: Float64Array;
  energies?: Float64Array;
}

/** What relaxation needs from a potential. */
export interface RelaxEngine {
  evaluate(positions: Float64Array, cell?: ArrayLike<number>): RelaxEvaluation;
}

/** The state after each FIRE step, for a trajectory or a progress line. */
export interface RelaxStep {
  step: number;
  energy: number;
  /** max |F| (and, with the cell, max |W|/N), eV/Å: the convergence measure. */
  fmax: number;
  /** The current structure labelled with energy, forces, stress (cell relaxation) and atomic_energy (when known). */
  frame(): Structure;
}

export interface RelaxOptions {
  /** Force convergence threshold (eV/Å), default 1e-4. */
  fmax?: number;
  /** Maximum number of steps, default 5000. */
  maxSteps?: number;
  /** Relax the cell too (needs all three axes periodic), default false. */
  cell?: boolean;
  /** Largest move of one coordinate per step (Å), default 0.1. */
  maxStep?: number;
  /** Initial FIRE time step, default 0.1; dt_max = 10× that. */
  dt?: number;
  /** Any Calculator (a trained Potential, an n2p2 model, StillingerWeber, …). */
  calculator?: Calculator;
  /** Or a low-level engine; default (neither given): Stillinger–Weber (`potential`) with a 1 Å skin. */
  engine?: RelaxEngine;
  /** Parameters of the default engine (default: original Si). */
  potential?: SwPotential;
  /** Called after the first evaluation (step 0) and after every FIRE step. */
  onStep?: (state: RelaxStep) => void;
}

/**
 * Any Calculator as a RelaxEngine, evaluating a copy of `template` at the given positions and
 * cell. The virial is W = |V| σ (σ the calculator's stress, eV/Å³, Voigt xx yy zz yz xz xy).
 */
export function relaxEngineFromCalculator(calc: Calculator, template: Structure, withCell: boolean): RelaxEngine {
  return {
    evaluate(positions, cell) {
      const s = template.copy({ positions, cell: cell ?? template.cell, energy: undefined, forces: undefined, stress: undefined, arrays: {} });
      const r = calc.calculate(s, { forces: true, stress: withCell });
      const virial = new Float64Array(9);
      if (withCell) {
        if (!r.stress) throw new Error(`${calc.name}: gives no stress, which cell relaxation needs`);
        const v = Math.abs(s.volume()), [xx, yy, zz, yz, xz, xy] = r.stress;
        virial.set([xx, xy, xz, xy, yy, yz, xz, yz, zz].map((x) => x * v));
      }
      return { energy: r.energy, forces: r.forces!, virial, energies: r.energies };
    },
  };
}

/** The SW engine as a RelaxEngine (vertex-split atomic energies). */
function swRelaxEngine(e: SwEngine): RelaxEngine {
  return {
    evaluate(positions, cell) {
      const r = e.evaluate(positions, cell);
      return { energy: r.energy, forces: r.forces, virial: r.virial, energies: r.vertex };
    },
  };
}

export interface RelaxResult {
  structure: Structure;
  energy: number;
  steps: number;
  converged: boolean;
  /** The convergence measure at the end: max |F| (eV/Å), and with the cell also max |W|/N. */
  fmax: number;
  /** Forces at the end (eV/Å). */
  forces: Float64Array;
  /** Stress at the end (eV/Å³, Voigt xx yy zz yz xz xy), when the cell was relaxed. */
  stress?: Float64Array;
}

const N_MIN = 5, F_INC = 1.1, F_DEC = 0.5, ALPHA0 = 0.1, F_ALPHA = 0.99;

export function relax(s: Structure, options: RelaxOptions = {}): RelaxResult {
  const fmax = options.fmax ?? 1e-4, maxSteps = options.maxSteps ?? 5000, maxStep = options.maxStep ?? 0.1;
  const withCell = options.cell ?? false;
  if (withCell && !s.pbc.every((p) => p)) throw new Error("cell relaxation needs a structure periodic along all three axes");
  if (options.engine && options.calculator) throw new Error("relax: give a calculator or an engine, not both");
  const own = options.engine || options.calculator ? null : new SwEngine(s, 1.0, options.potential);
  const engine: RelaxEngine = options.engine ?? (options.calculator ? relaxEngineFromCalculator(options.calculator, s, withCell) : swRelaxEngine(own!));
  const n = s.length, nq = 3 * n + (withCell ? 9 : 0);
  const ref = s.positions.slice(), cell0 = s.cell.slice();
  const q = new Float64Array(nq); // reference positions, then ε
  q.set(ref);
  const v = new Float64Array(nq), f = new Float64Array(nq);
  let dt = options.dt ?? 0.1;
  const dtMax = 10 * dt;
  let alpha = ALPHA0, positive = 0, energy = 0, fnow = Infinity, step = 0;
  let last: RelaxEvaluation | undefined, lastCell: { x: Float64Array; cell: ArrayLike<number> } | undefined;

  // Map generalised coordinates to (positions, cell) and evaluate generalised forces into f.
  const current = () => {
    if (!withCell) return { x: q.subarray(0, 3 * n) as Float64Array, cell: cell0 };
    const F = [0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => (a === b ? 1 : 0) + q[3 * n + 3 * a + b]));
    const apply = (src: ArrayLike<number>, m: number) => {
      const out = new Float64Array(3 * m);
      for (let i = 0; i < m; i++) for (let a = 0; a < 3; a++) out[3 * i + a] = F[3 * a] * src[3 * i] + F[3 * a + 1] * src[3 * i + 1] + F[3 * a + 2] * src[3 * i + 2];
      return out;
    };
    return { x: apply(q.subarray(0, 3 * n), n), cell: apply(cell0, 3), F };
  };
  const evaluate = () => {
    const c = current();
    const r = engine.evaluate(c.x as Float64Array, c.cell);
    last = r; lastCell = { x: c.x, cell: c.cell };
    energy = r.energy;
    let m = 0;
    if (!withCell) {
      f.set(r.forces);
      for (let k = 0; k < 3 * n; k++) m = Math.max(m, Math.abs(f[k]));
    } else {
      const F = (c as { F: number[] }).F;
      // f_ref = Fᵀ F_atoms
      for (let i = 0; i < n; i++) for (let b = 0; b < 3; b++) {
        f[3 * i + b] = F[b] * r.forces[3 * i] + F[3 + b] * r.forces[3 * i + 1] + F[6 + b] * r.forces[3 * i + 2];
        m = Math.max(m, Math.abs(r.forces[3 * i + b]));
      }
      // f_ε = −W F^−T / N, W symmetrised.
      const Finv = invert3(F); // rows of F⁻¹; F^−T_cb = Finv[b][c]
      const W = r.virial;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
        let x = 0;
        for (let c2 = 0; c2 < 3; c2++) x += 0.5 * (W[3 * a + c2] + W[3 * c2 + a]) * Finv[3 * b + c2];
        f[3 * n + 3 * a + b] = -x / n;
        m = Math.max(m, Math.abs(0.5 * (W[3 * a + b] + W[3 * b + a])) / n);
      }
    }
    fnow = m;
  };

  // The current structure with the last evaluation's results as labels.
  const frame = (): Structure => {
    const r = last!, c = lastCell!;
    const t = s.copy({ positions: c.x, cell: c.cell, energy: undefined, forces: undefined, stress: undefined, arrays: {} });
    return t.copy({
      energy: r.energy, forces: r.forces, stress: withCell ? virialToStress(r.virial, t.volume()) : undefined,
      arrays: r.energies ? { atomic_energy: { type: "R", width: 1, values: r.energies } } : {},
      info: { ...s.info, relax_step: step, relax_fmax: fnow },
    });
  };
  const report = () => options.onStep?.({ step, energy, fmax: fnow, frame });

  try {
    evaluate();
    report();
    while (fnow >= fmax && step < maxSteps) {
      let P = 0, vv = 0, ff = 0;
      for (let k = 0; k < nq; k++) { P += f[k] * v[k]; vv += v[k] * v[k]; ff += f[k] * f[k]; }
      if (P > 0) {
        const mix = alpha * Math.sqrt(vv / ff);
        for (let k = 0; k < nq; k++) v[k] = (1 - alpha) * v[k] + mix * f[k];
        if (++positive > N_MIN) { dt = Math.min(dt * F_INC, dtMax); alpha *= F_ALPHA; }
      } else {
        v.fill(0); dt *= F_DEC; alpha = ALPHA0; positive = 0;
      }
      let big = 0;
      for (let k = 0; k < nq; k++) { v[k] += dt * f[k]; big = Math.max(big, Math.abs(dt * v[k])); }
      const scale = big > maxStep ? maxStep / big : 1;
      for (let k = 0; k < nq; k++) q[k] += scale * dt * v[k];
      step++;
      evaluate();
      report();
    }
    const c = current();
    const structure = s.copy({ positions: c.x, cell: c.cell, energy: undefined, forces: undefined, stress: undefined, arrays: {}, info: { ...s.info, relaxed: true } });
    const result: RelaxResult = { structure, energy, steps: step, converged: fnow < fmax, fmax: fnow, forces: last!.forces.slice() };
    if (withCell) result.stress = virialToStress(last!.virial, structure.volume());
    return result;
  } finally {
    own?.free();
  }
}

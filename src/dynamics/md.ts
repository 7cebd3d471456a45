// Molecular dynamics with any Calculator, seeded: NVE (velocity Verlet), NVT (Langevin, BAOAB
// splitting) and NPT (the same Langevin thermostat with an isotropic barostat: stochastic cell
// rescaling or Berendsen).
//
// Units: Å, fs, eV, amu. Acceleration a = F / (m·AMU) in Å/fs² (AMU = 1 amu in eV·fs²/Å²);
// kinetic energy K = ½ Σ m AMU v²; temperature T = 2K / (n_dof k_B), n_dof = 3N − 3 for NVE
// (total momentum is conserved and set to zero) and 3N with a thermostat.
//
// BAOAB (Leimkuhler & Matthews, Appl. Math. Res. Express 2013, 34), per step of length Δt:
//   B: v += ½Δt F/m    A: x += ½Δt v    O: v = c1 v + √((1 − c1²) k_B T/m) ξ,  c1 = exp(−γΔt)
//   A: x += ½Δt v      [barostat]       F = F(x)          B: v += ½Δt F/m
// The forces kept in the state (and any label taken from a snapshot) are the potential's own
// forces only: the thermostat's friction and noise act on the velocities in step O.
//
// Pressure: P = (2K − tr W) / (3V), W = V σ the virial (σ = (1/V) ∂E/∂ε, negative when
// compressed, so −tr W/3V is the potential's pressure, positive when compressed).
// Barostat, isotropic, once per step just before the force evaluation, with P of the step's start
// (β: compressibility, τ_P: time constant; only β/τ_P matters, and with β = 1/B the volume
// relaxes in about τ_P):
//   "c-rescale" (stochastic cell rescaling; Bernetti & Bussi, J. Chem. Phys. 153, 114107 (2020)):
//       ln μ³ = −(β Δt/τ_P)(P0 − P) + √(2 k_B T β Δt / (V τ_P)) ξ;  x, cell → μ x;  v → v/μ.
//     The noise makes the volume fluctuate as in the isothermal–isobaric ensemble
//     (⟨δV²⟩ = k_B T V / B); without it this is Berendsen's scaling.
//   "berendsen" (Berendsen et al., J. Chem. Phys. 81, 3684 (1984)): μ³ = 1 − (β Δt/τ_P)(P0 − P);
//     x, cell → μ x. Relaxes the volume to P0 fast but suppresses its fluctuations.
import { Structure } from "../structure/structure.js";
import { atomicMass } from "../structure/elements.js";
import { AMU, GPA, KB } from "../structure/units.js";
import { createRandom, type Random } from "../util/random.js";
import { SwEngine } from "../teacher/sw-engine.js";
import { virialToStress } from "../teacher/stillinger-weber.js";
import type { SwPotential } from "../teacher/sw-parameters.js";
import type { Calculator } from "../model/calculator.js";

/** What MD needs from a potential: energy and forces at given positions (and cell, for NPT). */
export interface ForceEngine {
  /**
   * Writes the forces (eV/Å) at `positions` into `forces` and returns the potential energy (eV).
   * `cell` (rows, Å) is the current cell (it changes under NPT); when `virial` is given, the
   * virial W = ∂E/∂ε = V σ (eV, 3×3 row-major) is written into it too.
   */
  energyAndForces(positions: Float64Array, forces: Float64Array, cell?: Float64Array, virial?: Float64Array): number;
  /** Per-atom energies (eV) of the last evaluation, when the engine has them (trajectories). */
  energies?(): Float64Array;
}

/**
 * Adapter: any Calculator (e.g. a trained NNP) as a ForceEngine for MD, evaluating a copy of
 * `template` at each step's positions and cell. A caching calculator makes it fast; the SW
 * default of MolecularDynamics uses a Verlet skin directly.
 */
export function engineFromCalculator(calc: Calculator, template: Structure): ForceEngine {
  let last: Float64Array | undefined;
  return {
    energyAndForces(positions, forces, cell, virial) {
      const s = template.copy({ positions, cell: cell ?? template.cell, energy: undefined, forces: undefined, stress: undefined, arrays: {} });
      const r = calc.calculate(s, { forces: true, stress: virial !== undefined });
      forces.set(r.forces!);
      if (virial) {
        if (!r.stress) throw new Error(`${calc.name}: gives no stress, which the pressure needs`);
        const v = Math.abs(s.volume()), [xx, yy, zz, yz, xz, xy] = r.stress;
        virial.set([xx, xy, xz, xy, yy, yz, xz, yz, zz].map((x) => x * v));
      }
      last = r.energies;
      return r.energy;
    },
    energies() {
      if (!last) throw new Error(`${calc.name}: no evaluation yet`);
      return last.slice();
    },
  };
}

export type Ensemble = "nve" | "langevin" | "npt";
export type Barostat = "c-rescale" | "berendsen";

export interface MdOptions {
  /** Time step (fs), default 1. */
  dt?: number;
  /** "nve" (velocity Verlet, default), "langevin" (NVT, BAOAB) or "npt" (BAOAB + barostat). */
  ensemble?: Ensemble;
  /** Thermostat target temperature (K), needed by "langevin" and "npt". */
  temperature?: number;
  /** Langevin friction γ (1/fs), default 0.01 (damping time 100 fs). */
  friction?: number;
  /** NPT: target pressure (eV/Å³), default 0. */
  pressure?: number;
  /** NPT: barostat, default "c-rescale". */
  barostat?: Barostat;
  /** NPT: barostat time constant τ_P (fs), default 1000. */
  pressureDamping?: number;
  /** NPT: compressibility β (Å³/eV), default 1/(100 GPa) ≈ 160 Å³/eV (about that of Si). */
  compressibility?: number;
  /** Compute the virial at every step, so that `pressure()` is known (default: NPT only). */
  virial?: boolean;
  /** Seed of the thermostat and barostat noise. */
  seed?: number;
  /** Any Calculator (a trained Potential, an n2p2 model, StillingerWeber, …). */
  calculator?: Calculator;
  /** Or a low-level force engine; default (neither given): Stillinger–Weber (`potential`) with a 1 Å Verlet skin. */
  engine?: ForceEngine;
  /** Parameters of the default engine (default: original Si). */
  potential?: SwPotential;
}

export class MolecularDynamics {
  readonly n: number;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly forces: Float64Array;
  readonly masses: Float64Array;
  /** Current cell (rows, Å); changes under NPT. */
  readonly cell: Float64Array;
  /** Virial W = V σ (eV, 3×3) at the current positions, when computed (NPT or option `virial`). */
  readonly virial: Float64Array | null;
  /** Potential energy at the current positions (eV). */
  potentialEnergy = 0;
  /** Elapsed time (fs) and step count. */
  time = 0;
  step = 0;
  dt: number;
  ensemble: Ensemble;
  temperatureTarget: number;
  friction: number;
  pressureTarget: number;
  readonly barostat: Barostat;
  pressureDamping: number;
  compressibility: number;
  private readonly engine: ForceEngine;
  private readonly ownEngine: SwEngine | null;
  private readonly noise: Random;
  private readonly template: Structure;

  constructor(s: Structure, options: MdOptions = {}) {
    this.template = s;
    this.n = s.length;
    this.positions = s.positions.slice();
    this.velocities = new Float64Array(3 * this.n);
    this.forces = new Float64Array(3 * this.n);
    this.masses = Float64Array.from(s.symbols, atomicMass);
    this.cell = s.cell.slice();
    this.dt = options.dt ?? 1;
    this.ensemble = options.ensemble ?? "nve";
    this.temperatureTarget = options.temperature ?? 0;
    this.friction = options.friction ?? 0.01;
    this.pressureTarget = options.pressure ?? 0;
    this.barostat = options.barostat ?? "c-rescale";
    this.pressureDamping = options.pressureDamping ?? 1000;
    this.compressibility = options.compressibility ?? 1 / (100 * GPA);
    checkOptions(this, s, options);
    this.noise = createRandom(options.seed ?? 0);
    if (options.engine && options.calculator) throw new Error("MolecularDynamics: give a calculator or an engine, not both");
    this.ownEngine = options.engine || options.calculator ? null : new SwEngine(s, 1.0, options.potential);
    this.engine = options.engine ?? (options.calculator ? engineFromCalculator(options.calculator, s) : this.ownEngine!);
    this.virial = this.ensemble === "npt" || options.virial ? new Float64Array(9) : null;
    this.evaluate();
  }

  /** Degrees of freedom used for the temperature. */
  get dof(): number {
    return this.ensemble === "nve" ? Math.max(1, 3 * this.n - 3) : 3 * this.n;
  }

  /** Kinetic energy (eV). */
  kineticEnergy(): number {
    let k = 0;
    for (let i = 0; i < this.n; i++) {
      const v = this.velocities;
      k += this.masses[i] * (v[3 * i] ** 2 + v[3 * i + 1] ** 2 + v[3 * i + 2] ** 2);
    }
    return 0.5 * AMU * k;
  }

  /** Instantaneous temperature (K). */
  temperature(): number {
    return (2 * this.kineticEnergy()) / (this.dof * KB);
  }

  /** Total energy (eV): potential + kinetic. */
  totalEnergy(): number {
    return this.potentialEnergy + this.kineticEnergy();
  }

  /** Cell volume (Å³). */
  volume(): number {
    const c = this.cell;
    return Math.abs(c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6]));
  }

  /** Instantaneous pressure (eV/Å³), kinetic + virial: P = (2K − tr W)/(3V); undefined without the virial. */
  pressure(): number | undefined {
    const w = this.virial;
    if (!w) return undefined;
    return (2 * this.kineticEnergy() - (w[0] + w[4] + w[8])) / (3 * this.volume());
  }

  /** Per-atom energies (eV) at the current positions, when the engine gives them. */
  energies(): Float64Array | undefined {
    return this.engine.energies?.();
  }

  /**
   * Maxwell–Boltzmann velocities at temperature T (K), seeded; the total momentum is removed
   * and the velocities rescaled so the instantaneous temperature is exactly T.
   */
  setTemperature(T: number, seed: number): void {
    if (!(T >= 0)) throw new Error(`temperature must be ≥ 0 K, got ${T}`);
    const r = createRandom(seed), v = this.velocities;
    for (let i = 0; i < this.n; i++) {
      const sd = Math.sqrt((KB * T) / (this.masses[i] * AMU)); // Å/fs
      for (let d = 0; d < 3; d++) v[3 * i + d] = sd * r.normal();
    }
    this.removeMomentum();
    const now = this.temperature();
    const f = now > 0 ? Math.sqrt(T / now) : 0;
    for (let q = 0; q < v.length; q++) v[q] *= f;
  }

  /** Subtract the centre-of-mass velocity. */
  removeMomentum(): void {
    const p = [0, 0, 0];
    let m = 0;
    for (let i = 0; i < this.n; i++) {
      for (let d = 0; d < 3; d++) p[d] += this.masses[i] * this.velocities[3 * i + d];
      m += this.masses[i];
    }
    for (let i = 0; i < this.n; i++) for (let d = 0; d < 3; d++) this.velocities[3 * i + d] -= p[d] / m;
  }

  /** Advance `steps` steps; `onStep` (optional) runs after each step. */
  run(steps: number, onStep?: (md: MolecularDynamics) => void): void {
    for (let q = 0; q < steps; q++) {
      if (this.ensemble === "nve") this.verletStep(); else this.baoabStep();
      this.step++;
      this.time += this.dt;
      onStep?.(this);
    }
  }

  /** The current configuration as a Structure (no labels; info gets time and temperature). */
  snapshot(info: Record<string, string | number | boolean> = {}): Structure {
    const t = this.template.info;
    // Under NPT the crystal's size recorded by a generator follows the cell.
    const size: Record<string, number> = {};
    if (this.ensemble === "npt") {
      const f = Math.cbrt(this.volume() / Math.abs(this.template.volume()));
      if (typeof t.a === "number") size.a = t.a * f;
      if (typeof t.volume_per_atom === "number") size.volume_per_atom = this.volume() / this.n;
    }
    return this.template.copy({
      positions: this.positions, cell: this.cell, energy: undefined, forces: undefined, stress: undefined, arrays: {},
      info: {
        ...t, ...size, invariant: false, ...("element_equivalent" in t ? { element_equivalent: false } : {}),
        md_time_fs: this.time, md_temperature_K: this.temperature(), ...info,
      },
    });
  }

  /**
   * The current configuration labelled with the potential's results, as a trajectory frame:
   * energy (potential), forces, stress (σ = W/V, when the virial is computed), the per-atom
   * energies as `atomic_energy` (when the engine gives them); info adds md_step, md_time_fs,
   * md_temperature_K, md_kinetic_energy_eV and md_pressure_GPa (when known).
   */
  frame(): Structure {
    const s = this.snapshot({ md_step: this.step, md_kinetic_energy_eV: this.kineticEnergy() });
    const p = this.pressure();
    if (p !== undefined) s.info.md_pressure_GPa = p / GPA;
    const e = this.energies();
    return s.copy({
      energy: this.potentialEnergy, forces: this.forces,
      stress: this.virial ? virialToStress(this.virial, this.volume()) : undefined,
      arrays: e ? { atomic_energy: { type: "R", width: 1, values: e } } : {},
    });
  }

  /** Release the default engine's WASM buffers. */
  free(): void {
    this.ownEngine?.free();
  }

  private evaluate(): void {
    this.potentialEnergy = this.engine.energyAndForces(this.positions, this.forces, this.cell, this.virial ?? undefined);
  }

  private kick(half: number): void {
    const v = this.velocities, f = this.forces;
    for (let i = 0; i < this.n; i++) {
      const c = half / (this.masses[i] * AMU);
      v[3 * i] += c * f[3 * i]; v[3 * i + 1] += c * f[3 * i + 1]; v[3 * i + 2] += c * f[3 * i + 2];
    }
  }

  private drift(t: number): void {
    const x = this.positions, v = this.velocities;
    for (let q = 0; q < x.length; q++) x[q] += t * v[q];
  }

  private verletStep(): void {
    this.kick(0.5 * this.dt);
    this.drift(this.dt);
    this.evaluate();
    this.kick(0.5 * this.dt);
  }

  private baoabStep(): void {
    const dt = this.dt;
    const mu = this.ensemble === "npt" ? this.barostatScale() : 1;
    this.kick(0.5 * dt);
    this.drift(0.5 * dt);
    // O: exact Ornstein–Uhlenbeck step of the velocities.
    const c1 = Math.exp(-this.friction * dt), c2 = Math.sqrt(1 - c1 * c1);
    const v = this.velocities;
    for (let i = 0; i < this.n; i++) {
      const sd = c2 * Math.sqrt((KB * this.temperatureTarget) / (this.masses[i] * AMU));
      for (let d = 0; d < 3; d++) v[3 * i + d] = c1 * v[3 * i + d] + sd * this.noise.normal();
    }
    this.drift(0.5 * dt);
    if (mu !== 1) this.scale(mu);
    this.evaluate();
    this.kick(0.5 * dt);
  }

  /** The barostat's length scale factor μ for this step, from the pressure at its start. */
  private barostatScale(): number {
    const rate = (this.compressibility * this.dt) / this.pressureDamping;
    const drive = -rate * (this.pressureTarget - this.pressure()!);
    if (this.barostat === "berendsen") {
      if (!(1 + drive > 0)) throw new Error(`Berendsen barostat: step ${this.step} would shrink the cell to nothing (pressure ${this.pressure()} eV/Å³); use a longer pressure damping time or a smaller compressibility`);
      return Math.cbrt(1 + drive);
    }
    const noise = Math.sqrt((2 * KB * this.temperatureTarget * rate) / this.volume()) * this.noise.normal();
    return Math.exp((drive + noise) / 3);
  }

  /** x, cell → μ x; stochastic cell rescaling also v → v/μ. */
  private scale(mu: number): void {
    for (let q = 0; q < this.positions.length; q++) this.positions[q] *= mu;
    for (let q = 0; q < 9; q++) this.cell[q] *= mu;
    if (this.barostat === "c-rescale") for (let q = 0; q < this.velocities.length; q++) this.velocities[q] /= mu;
  }
}

/** Clear errors for options that cannot work, before any evaluation. */
function checkOptions(md: MolecularDynamics, s: Structure, options: MdOptions): void {
  if (!(md.dt > 0)) throw new Error(`MD time step must be positive (fs), got ${md.dt}`);
  if (!["nve", "langevin", "npt"].includes(md.ensemble)) throw new Error(`MD ensemble must be "nve", "langevin" or "npt", got "${String(md.ensemble)}"`);
  if (md.ensemble !== "nve" && !(md.temperatureTarget >= 0 && options.temperature !== undefined)) {
    throw new Error(`${md.ensemble === "npt" ? "NPT" : "Langevin"} MD needs a temperature ≥ 0 K, got ${options.temperature}`);
  }
  if (!(md.friction >= 0)) throw new Error(`Langevin friction must be ≥ 0 (1/fs), got ${md.friction}`);
  if (md.ensemble !== "npt") return;
  if (!s.pbc.every((p) => p)) throw new Error(`NPT needs a structure periodic along all three axes; this one has pbc ${s.pbc.map((p) => (p ? "T" : "F")).join(" ")}`);
  if (md.barostat !== "c-rescale" && md.barostat !== "berendsen") throw new Error(`barostat must be "c-rescale" or "berendsen", got "${String(md.barostat)}"`);
  if (!(md.pressureDamping > 0)) throw new Error(`barostat time constant must be positive (fs), got ${md.pressureDamping}`);
  if (!(md.compressibility > 0)) throw new Error(`compressibility must be positive (Å³/eV), got ${md.compressibility}`);
  if (!Number.isFinite(md.pressureTarget)) throw new Error(`target pressure must be a finite number (eV/Å³), got ${md.pressureTarget}`);
}

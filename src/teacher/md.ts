// Molecular dynamics: velocity Verlet (NVE) and Langevin NVT (BAOAB splitting), seeded.
//
// Units: Å, fs, eV, amu. Acceleration a = F / (m·AMU) in Å/fs² (AMU = 1 amu in eV·fs²/Å²);
// kinetic energy K = ½ Σ m AMU v²; temperature T = 2K / (n_dof k_B), n_dof = 3N − 3 for NVE
// (total momentum is conserved and set to zero) and 3N for Langevin.
//
// BAOAB (Leimkuhler & Matthews 2013), per step of length Δt:
//   B: v += ½Δt F/m    A: x += ½Δt v    O: v = c1 v + √((1 − c1²) k_B T/m) ξ,  c1 = exp(−γΔt)
//   A: x += ½Δt v      F = F(x)          B: v += ½Δt F/m
// The forces kept in the state (and any label taken from a snapshot) are the potential's own
// forces only: the thermostat's friction and noise act on the velocities in step O.
import { Structure } from "../structure/structure.js";
import { atomicMass } from "../structure/elements.js";
import { AMU, KB } from "../structure/units.js";
import { createRandom, type Random } from "../util/random.js";
import { SwEngine } from "./sw-engine.js";
import type { SwPotential } from "./sw-parameters.js";
import type { Calculator } from "../model/calculator.js";

/** What MD needs from a potential: energy and forces at given positions (cell fixed). */
export interface ForceEngine {
  /** Writes forces (eV/Å) into `forces`, returns the potential energy (eV). */
  energyAndForces(positions: Float64Array, forces: Float64Array): number;
}

/**
 * Adapter: any Calculator (e.g. a trained NNP) as a ForceEngine for MD, evaluating a copy of
 * `template` at each step's positions. Slower than SwEngine (no Verlet skin), but general.
 */
export function engineFromCalculator(calc: Calculator, template: Structure): ForceEngine {
  return {
    energyAndForces(positions, forces) {
      const s = template.copy({ positions, energy: undefined, forces: undefined, stress: undefined, arrays: {} });
      const r = calc.calculate(s, { forces: true, stress: false });
      forces.set(r.forces!);
      return r.energy;
    },
  };
}

export interface MdOptions {
  /** Time step (fs), default 1. */
  dt?: number;
  /** "nve" (velocity Verlet, default) or "langevin". */
  ensemble?: "nve" | "langevin";
  /** Langevin target temperature (K). */
  temperature?: number;
  /** Langevin friction γ (1/fs), default 0.01 (damping time 100 fs). */
  friction?: number;
  /** Seed of the thermostat noise. */
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
  /** Potential energy at the current positions (eV). */
  potentialEnergy: number;
  /** Elapsed time (fs) and step count. */
  time = 0;
  step = 0;
  dt: number;
  ensemble: "nve" | "langevin";
  temperatureTarget: number;
  friction: number;
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
    this.dt = options.dt ?? 1;
    this.ensemble = options.ensemble ?? "nve";
    this.temperatureTarget = options.temperature ?? 0;
    this.friction = options.friction ?? 0.01;
    if (!(this.dt > 0)) throw new Error(`MD time step must be positive (fs), got ${this.dt}`);
    if (this.ensemble === "langevin" && !(this.temperatureTarget >= 0)) throw new Error(`Langevin MD needs a temperature ≥ 0 K, got ${options.temperature}`);
    this.noise = createRandom(options.seed ?? 0);
    if (options.engine && options.calculator) throw new Error("MolecularDynamics: give a calculator or an engine, not both");
    this.ownEngine = options.engine || options.calculator ? null : new SwEngine(s, 1.0, options.potential);
    this.engine = options.engine ?? (options.calculator ? engineFromCalculator(options.calculator, s) : this.ownEngine!);
    this.potentialEnergy = this.engine.energyAndForces(this.positions, this.forces);
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
    return this.template.copy({
      positions: this.positions, energy: undefined, forces: undefined, stress: undefined, arrays: {},
      info: {
        ...this.template.info, invariant: false, ...("element_equivalent" in this.template.info ? { element_equivalent: false } : {}),
        md_time_fs: this.time, md_temperature_K: this.temperature(), ...info,
      },
    });
  }

  /** Release the default engine's WASM buffers. */
  free(): void {
    this.ownEngine?.free();
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
    this.potentialEnergy = this.engine.energyAndForces(this.positions, this.forces);
    this.kick(0.5 * this.dt);
  }

  private baoabStep(): void {
    const dt = this.dt;
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
    this.potentialEnergy = this.engine.energyAndForces(this.positions, this.forces);
    this.kick(0.5 * dt);
  }
}

// Repeated Stillinger–Weber evaluations of one system whose atoms move (MD, relaxation), for a
// potential of any number of elements (src/teacher/sw-parameters.ts):
// WASM buffers are kept between calls and the neighbour list is built with a Verlet skin,
// rebuilt only when some atom has moved more than half the skin since the last build (a changing
// cell, under NPT, counts the homogeneous deformation against the skin: `needsRebuild`). The
// kernel itself is assembly/sw.ts.
import { Structure, invert3 } from "../structure/structure.js";
import { buildNeighbourList } from "../structure/neighbours.js";
import { WasmBuffer, wasm } from "../wasm/module.js";
import { SW_SI_POTENTIAL, kernelTables, potentialCutoff, type SwPotential } from "./sw-parameters.js";

/** Everything one evaluation gives. Arrays are fresh copies owned by the caller. */
export interface SwEvaluation {
  /** Total energy, eV. */
  energy: number;
  /** Per-atom energies, vertex split (eV). */
  vertex: Float64Array;
  /** Per-atom energies, LAMMPS split (eV). */
  lammps: Float64Array;
  /** Forces, eV/Å, flat. */
  forces: Float64Array;
  /** Virial W_ab = ∂E/∂ε_ab (eV), 3×3 row-major; stress = W/V. */
  virial: Float64Array;
}

/** Counters, for benchmarks: how often the list was rebuilt and the time spent there. */
export interface SwEngineStats {
  evaluations: number;
  rebuilds: number;
  rebuildMs: number;
  kernelMs: number;
}

export class SwEngine {
  readonly n: number;
  readonly cutoff: number;
  readonly stats: SwEngineStats = { evaluations: 0, rebuilds: 0, rebuildMs: 0, kernelMs: 0 };
  private template: Structure;
  private cell: Float64Array;
  private lastBuild: Float64Array | null = null;
  /** The cell of the last list build, and the one the image offsets were computed for. */
  private buildCell: Float64Array | null = null;
  private offsetCell: Float64Array | null = null;
  /** Integer image shifts of the listed pairs. */
  private shifts: Int32Array | null = null;
  private pair: WasmBuffer;
  private triplet: WasmBuffer;
  private type: WasmBuffer;
  private pos: WasmBuffer;
  private eV: WasmBuffer;
  private eL: WasmBuffer;
  private force: WasmBuffer;
  private vir: WasmBuffer;
  private start: WasmBuffer;
  private idx: WasmBuffer | null = null;
  private off: WasmBuffer | null = null;
  private capacity = 0;

  /**
   * @param s     the system (symbols, cell, pbc; positions are only a starting point)
   * @param skin  Verlet skin (Å): the list holds pairs within the potential's cutoff + skin;
   *              0 rebuilds every call
   * @param potential  the parameters (default: original Si)
   */
  constructor(s: Structure, readonly skin = 0, readonly potential: SwPotential = SW_SI_POTENTIAL) {
    const types = new Int32Array(s.length);
    for (let i = 0; i < s.length; i++) {
      types[i] = potential.elements.indexOf(s.symbols[i]);
      if (types[i] < 0) {
        throw new Error(`the Stillinger–Weber potential ${potential.name} covers ${potential.elements.join(", ")}; atom ${i} is '${s.symbols[i]}'`);
      }
    }
    if (!(skin >= 0)) throw new Error(`skin must be ≥ 0 Å, got ${skin}`);
    this.n = s.length;
    this.cutoff = potentialCutoff(potential);
    this.template = s;
    this.cell = s.cell.slice();
    const t = kernelTables(potential);
    this.pair = WasmBuffer.f64(t.pair);
    this.triplet = WasmBuffer.f64(t.triplet);
    this.type = WasmBuffer.i32(types);
    this.pos = WasmBuffer.f64(3 * this.n);
    this.eV = WasmBuffer.f64(this.n);
    this.eL = WasmBuffer.f64(this.n);
    this.force = WasmBuffer.f64(3 * this.n);
    this.vir = WasmBuffer.f64(9);
    this.start = WasmBuffer.i32(this.n + 1);
  }

  /** Energy, per-atom energies, forces and virial at `positions` (and optionally a new cell). */
  evaluate(positions: Float64Array, cell?: ArrayLike<number>): SwEvaluation {
    this.compute(positions, cell);
    const n = this.n;
    return {
      energy: this.lastEnergy,
      vertex: this.eV.f64(n).slice(),
      lammps: this.eL.f64(n).slice(),
      forces: this.force.f64(3 * n).slice(),
      virial: this.vir.f64(9).slice(),
    };
  }

  /**
   * Energy and forces written into `forcesOut` (no per-call allocation): the MD path. A `cell`
   * replaces the current one (NPT); `virialOut` receives the virial (eV, 3×3).
   */
  energyAndForces(positions: Float64Array, forcesOut: Float64Array, cell?: ArrayLike<number>, virialOut?: Float64Array): number {
    this.compute(positions, cell);
    forcesOut.set(this.force.f64(3 * this.n));
    virialOut?.set(this.vir.f64(9));
    return this.lastEnergy;
  }

  /** Per-atom energies (vertex split, eV) of the last evaluation. */
  energies(): Float64Array {
    return this.eV.f64(this.n).slice();
  }

  /** Release the WASM buffers. The engine cannot be used afterwards. */
  free(): void {
    for (const b of [this.pair, this.triplet, this.type, this.pos, this.eV, this.eL, this.force, this.vir, this.start, this.idx, this.off]) b?.free();
    this.idx = this.off = null;
  }

  private lastEnergy = 0;

  private compute(positions: Float64Array, cell?: ArrayLike<number>): void {
    if (positions.length !== 3 * this.n) throw new Error(`expected ${3 * this.n} coordinates, got ${positions.length}`);
    if (cell && !sameCell(cell, this.cell)) this.cell = Float64Array.from(cell);
    const deformed = this.buildCell !== null && !sameCell(this.cell, this.buildCell);
    if (this.needsRebuild(positions, deformed)) this.rebuild(positions);
    else if (!sameCell(this.cell, this.offsetCell!)) this.writeOffsets();
    const t0 = performance.now();
    this.pos.f64(3 * this.n).set(positions);
    const k = wasm();
    this.lastEnergy = k.swCompute(this.pair.ptr, this.triplet.ptr, this.potential.elements.length, this.type.ptr, this.pos.ptr, this.n, this.start.ptr, this.idx!.ptr, this.off!.ptr,
      this.eV.ptr, this.eL.ptr, this.force.ptr, this.vir.ptr);
    this.stats.kernelMs += performance.now() - t0;
    this.stats.evaluations++;
  }

  /**
   * True when the list is missing, the skin is 0, or a pair beyond the list's range may have come
   * within the cutoff. Same cell: some atom moved more than skin/2. Deformed cell (NPT), with
   * M = A_build⁻¹ A the homogeneous deformation since the build (rows: r → r M) and
   * d_i = x_i − x_i,build M the atoms' own moves: |r_ij| ≥ |r_ij,build| (1 − ‖M − I‖) − 2 max|d|,
   * so the list stays complete while 2 max|d| + ‖M − I‖ (cutoff + skin) ≤ skin.
   */
  private needsRebuild(x: Float64Array, deformed: boolean): boolean {
    const last = this.lastBuild;
    if (!last || this.skin === 0) return true;
    if (!deformed) {
      const lim2 = (0.5 * this.skin) ** 2;
      for (let i = 0; i < x.length; i += 3) {
        const dx = x[i] - last[i], dy = x[i + 1] - last[i + 1], dz = x[i + 2] - last[i + 2];
        if (dx * dx + dy * dy + dz * dz > lim2) return true;
      }
      return false;
    }
    const inv = invert3(this.buildCell!), c = this.cell, M = new Float64Array(9);
    let norm2 = 0;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      M[3 * a + b] = inv[3 * a] * c[b] + inv[3 * a + 1] * c[3 + b] + inv[3 * a + 2] * c[6 + b];
      norm2 += (M[3 * a + b] - (a === b ? 1 : 0)) ** 2; // Frobenius ≥ spectral norm
    }
    const budget = this.skin - Math.sqrt(norm2) * (this.cutoff + this.skin);
    if (!(budget > 0)) return true;
    const lim2 = (0.5 * budget) ** 2;
    for (let i = 0; i < x.length; i += 3) {
      const p = last[i], q = last[i + 1], r = last[i + 2];
      const dx = x[i] - (p * M[0] + q * M[3] + r * M[6]);
      const dy = x[i + 1] - (p * M[1] + q * M[4] + r * M[7]);
      const dz = x[i + 2] - (p * M[2] + q * M[5] + r * M[8]);
      if (dx * dx + dy * dy + dz * dz > lim2) return true;
    }
    return false;
  }

  /** Cartesian image offsets s = S·A of the listed pairs for the current cell (A rows = lattice vectors). */
  private writeOffsets(): void {
    const S = this.shifts!, m = S.length / 3, c = this.cell;
    const off = this.off!.f64(3 * m);
    for (let e = 0; e < m; e++) {
      const a = S[3 * e], b = S[3 * e + 1], g = S[3 * e + 2];
      off[3 * e] = a * c[0] + b * c[3] + g * c[6];
      off[3 * e + 1] = a * c[1] + b * c[4] + g * c[7];
      off[3 * e + 2] = a * c[2] + b * c[5] + g * c[8];
    }
    this.offsetCell = this.cell.slice();
  }

  private rebuild(positions: Float64Array): void {
    const t0 = performance.now();
    const s = this.template.copy({ positions, cell: this.cell, energy: undefined, forces: undefined, stress: undefined, arrays: {} });
    const nl = buildNeighbourList(s, this.cutoff + this.skin);
    const m = nl.index.length;
    if (m > this.capacity || !this.idx) {
      this.idx?.free(); this.off?.free();
      this.capacity = Math.max(16, Math.ceil(m * 1.2));
      this.idx = WasmBuffer.i32(this.capacity);
      this.off = WasmBuffer.f64(3 * this.capacity);
    }
    this.start.i32(this.n + 1).set(nl.start);
    this.idx.i32(m).set(nl.index);
    this.shifts = nl.shift;
    this.writeOffsets();
    this.lastBuild = positions.slice();
    this.buildCell = this.cell.slice();
    this.stats.rebuilds++;
    this.stats.rebuildMs += performance.now() - t0;
  }
}

function sameCell(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let k = 0; k < 9; k++) if (a[k] !== b[k]) return false;
  return true;
}

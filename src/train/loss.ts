// Training loss, its weight gradient, and error metrics, over packed structures.
//
//   L = Σ_s w_s (ΔE_s/N_s)² / Σ_s w_s                                  per-atom energy MSE
//     + c_F · Σ_s w_s Σ_{j,k} (F_jk − F⁰_jk)² / Σ_s w_s 3N_s           force-component MSE
//     + c_σ · Σ_s w_s Σ_v (σ_v − σ⁰_v)² / Σ_s w_s 6                    stress MSE (GPa²)
// (sums over the structures of the batch that carry the label; w_s = group weight).
//
// Gradient, per structure (assembly/dense.ts derives the network part):
//   a_i = ∂L/∂ε_i = 2 w_s (ΔE_s/N_s) / (N_s Σw)               same for every atom of s
//   δF_j = ∂L/∂F_j = 2 c_F w_s (F_j − F⁰_j) / Σ w 3N
//   ∂L/∂(−∂E/∂ε_v) = −2 c_σ w_s (σ_v − σ⁰_v) / (V · GPa · Σ w 6)   (pseudo-atom "forces")
//   u_i = ∂L/∂g_i = −Σ_j (∂x_i/∂r_j) δF_j                      (forceAdjoint kernel)
//   ∂L/∂w = Σ_i ∂(a_i ε_i + g_i·u_i)/∂w                        (NetworkRunner.backward)
import { wasm, WasmBuffer } from "../wasm/module.js";
import { NetworkRunner, denseOps } from "../model/network.js";
import type { PackedStructure } from "./dataset.js";
import type { Structure } from "../structure/structure.js";
import { GPA } from "../structure/units.js";

export interface LossOptions {
  /** c_F: weight of the force MSE ((eV/Å)² against (eV/atom)²). */
  forceCoeff: number;
  /** c_σ: weight of the stress MSE (GPa²). */
  stressCoeff: number;
}

/** Residuals of one structure (for metrics). */
export interface StructureResult {
  index: number;
  group: string;
  natoms: number;
  /** Predicted total energy (eV). */
  energy: number;
  /** Predicted − reference energy per atom (eV/atom). */
  energyError: number;
  /** Σ (ΔF)² and Σ |ΔF| over force components, and their count (0 without force labels). */
  forceSq: number;
  forceAbs: number;
  forceCount: number;
  /** Same for stress components (GPa). */
  stressSq: number;
  stressAbs: number;
  stressCount: number;
}

export interface LossValue {
  loss: number;
  energyLoss: number;
  forceLoss: number;
  stressLoss: number;
  results: StructureResult[];
}

/**
 * Runs the networks of a model over packed structures. Holds WASM copies of the weight
 * vector and gradient and scratch sized to the largest structure seen.
 */
export class LossEvaluator {
  readonly nParams: number;
  private wBuf: WasmBuffer;
  private gBuf: WasmBuffer;
  private scratchAtoms = 0;
  private scratchRows = 0;
  private fBuf!: WasmBuffer; // predicted forces (+ 2 pseudo-atoms)
  private dfBuf!: WasmBuffer; // ∂L/∂F
  private gradX!: WasmBuffer; // g = ∂ε/∂x (rows × nIn)
  private uBuf!: WasmBuffer; // u = ∂L/∂g
  private aBuf!: WasmBuffer; // a = ∂L/∂ε per row

  /**
   * runners[e], offsets[e]: network of element e and its block in the weight vector;
   * reference[e]: per-element reference energy added to every atom's ε (eV).
   */
  constructor(readonly runners: NetworkRunner[], readonly offsets: number[], readonly reference: number[]) {
    this.nParams = runners.reduce((n, r) => n + r.nParams, 0);
    this.wBuf = WasmBuffer.f64(this.nParams);
    this.gBuf = WasmBuffer.f64(this.nParams);
  }

  private ensure(natoms: number, rows: number, nIn: number): void {
    if (natoms > this.scratchAtoms) {
      if (this.scratchAtoms) { this.fBuf.free(); this.dfBuf.free(); }
      this.scratchAtoms = natoms;
      this.fBuf = WasmBuffer.f64(3 * (natoms + 2));
      this.dfBuf = WasmBuffer.f64(3 * (natoms + 2));
    }
    if (rows * nIn > this.scratchRows) {
      if (this.scratchRows) { this.gradX.free(); this.uBuf.free(); this.aBuf.free(); }
      this.scratchRows = rows * nIn;
      this.gradX = WasmBuffer.f64(rows * nIn);
      this.uBuf = WasmBuffer.f64(rows * nIn);
      this.aBuf = WasmBuffer.f64(rows * nIn);
    }
  }

  /**
   * Loss over `data[idx]` for idx in `indices`; when `grad` is given, writes ∂L/∂w into it.
   * Forces are predicted whenever a structure has force labels and derivative entries.
   */
  evaluate(w: Float64Array, data: PackedStructure[], indices: number[], opts: LossOptions, grad?: Float64Array): LossValue {
    if (w.length !== this.nParams) throw new Error(`weight vector has ${w.length} values, the networks need ${this.nParams}`);
    const ops = denseOps(), k = wasm();
    this.wBuf.f64().set(w);
    if (grad) this.gBuf.f64().fill(0);
    const wPtr = this.wBuf.ptr, gPtr = this.gBuf.ptr;
    // Normalisers.
    let sumE = 0, sumF = 0, sumS = 0;
    for (const i of indices) {
      const s = data[i];
      sumE += s.weight;
      if (s.forces && hasDerivs(s)) sumF += s.weight * 3 * s.natoms;
      if (s.stress && s.strainEntries) sumS += s.weight * 6;
    }
    const useF = opts.forceCoeff > 0 && sumF > 0;
    const useS = opts.stressCoeff > 0 && sumS > 0;
    let eLoss = 0, fLoss = 0, sLoss = 0;
    const results: StructureResult[] = [];
    for (const i of indices) {
      const s = data[i];
      let maxRows = 0, maxIn = 0;
      for (const b of s.blocks) { maxRows = Math.max(maxRows, b.rows); maxIn = Math.max(maxIn, this.runners[b.element].sizes[0]); }
      this.ensure(s.natoms, maxRows, maxIn);
      const derivs = hasDerivs(s);
      const second = !!grad && (useF || useS) && derivs;
      // Forward: energies.
      let energy = 0;
      for (let e = 0; e < s.counts.length; e++) energy += s.counts[e] * this.reference[e];
      for (const b of s.blocks) {
        const r = this.runners[b.element];
        const eps = r.forward(wPtr + 8 * this.offsets[b.element], b.x.ptr, b.rows, second);
        const v = new Float64Array(k.memory.buffer, eps, b.rows);
        for (let a = 0; a < b.rows; a++) energy += v[a];
      }
      const res: StructureResult = {
        index: s.index, group: s.group, natoms: s.natoms, energy, energyError: (energy - s.energy) / s.natoms,
        forceSq: 0, forceAbs: 0, forceCount: 0, stressSq: 0, stressAbs: 0, stressCount: 0,
      };
      // Forces (and virial on the pseudo-atoms).
      const nf = 3 * (s.natoms + 2);
      if (derivs) {
        this.fBuf.f64(nf).fill(0);
        for (const b of s.blocks) {
          const r = this.runners[b.element];
          r.inputGradient(wPtr + 8 * this.offsets[b.element], b.rows, this.gradX.ptr);
          (b.f32 ? ops.contract32 : ops.contract)(this.gradX.ptr, b.d!.ptr, b.dstart!.ptr, b.datom!.ptr, this.fBuf.ptr, b.rows, r.sizes[0]);
        }
      }
      // Residuals and ∂L/∂F.
      const rE = res.energyError;
      eLoss += s.weight * rE * rE;
      const aVal = (2 * s.weight * rE) / (s.natoms * sumE);
      let anyDF = false;
      if (derivs) {
        const f = this.fBuf.f64(nf);
        const df = this.dfBuf.f64(nf);
        df.fill(0);
        if (s.forces) {
          for (let c = 0; c < 3 * s.natoms; c++) {
            const d = f[c] - s.forces[c];
            res.forceSq += d * d; res.forceAbs += Math.abs(d);
            if (useF) df[c] = (2 * opts.forceCoeff * s.weight * d) / sumF;
          }
          res.forceCount = 3 * s.natoms;
          fLoss += s.weight * res.forceSq;
          anyDF = useF;
        }
        if (s.stress && s.strainEntries) {
          for (let v = 0; v < 6; v++) {
            const sigma = -f[3 * s.natoms + v] / s.volume; // eV/Å³
            const d = (sigma - s.stress[v]) / GPA;
            res.stressSq += d * d; res.stressAbs += Math.abs(d);
            if (useS) df[3 * s.natoms + v] = (-2 * opts.stressCoeff * s.weight * d) / (s.volume * GPA * sumS);
          }
          res.stressCount = 6;
          sLoss += s.weight * res.stressSq;
          anyDF = anyDF || useS;
        }
      }
      results.push(res);
      if (!grad) continue;
      // Backward: energy term, plus the directional pass when forces/stress enter the loss.
      for (const b of s.blocks) {
        const r = this.runners[b.element];
        const wOff = wPtr + 8 * this.offsets[b.element], gOff = gPtr + 8 * this.offsets[b.element];
        this.aBuf.f64(b.rows).fill(aVal);
        if (anyDF) {
          (b.f32 ? ops.adjoint32 : ops.adjoint)(this.dfBuf.ptr, b.d!.ptr, b.dstart!.ptr, b.datom!.ptr, this.uBuf.ptr, b.rows, r.sizes[0]);
          r.directional(wOff, this.uBuf.ptr, b.rows);
          r.backward(wOff, gOff, b.x.ptr, this.uBuf.ptr, this.aBuf.ptr, b.rows);
        } else {
          r.backward(wOff, gOff, b.x.ptr, 0, this.aBuf.ptr, b.rows);
        }
      }
    }
    if (grad) grad.set(this.gBuf.f64());
    const energyLoss = sumE > 0 ? eLoss / sumE : 0;
    const forceLoss = useF ? (opts.forceCoeff * fLoss) / sumF : 0;
    const stressLoss = useS ? (opts.stressCoeff * sLoss) / sumS : 0;
    return { loss: energyLoss + forceLoss + stressLoss, energyLoss, forceLoss, stressLoss, results };
  }

  /** Free WASM buffers. */
  release(): void {
    this.wBuf.free(); this.gBuf.free();
    if (this.scratchAtoms) { this.fBuf.free(); this.dfBuf.free(); }
    if (this.scratchRows) { this.gradX.free(); this.uBuf.free(); this.aBuf.free(); }
    this.scratchAtoms = 0; this.scratchRows = 0;
  }
}

function hasDerivs(s: PackedStructure): boolean {
  return s.blocks.length > 0 && s.blocks.every((b) => b.d !== undefined);
}

/** The group a structure's metrics are reported under (Structure.info.group, default "all"). */
export function groupOf(s: Structure): string {
  return String(s.info.group ?? "all");
}

/** Error statistics of a set of structures (eV/atom, eV/Å, GPa). */
export interface Metrics {
  structures: number;
  energyRmse: number;
  energyMae: number;
  forceRmse: number;
  forceMae: number;
  stressRmse?: number;
  stressMae?: number;
}

/** RMSE and MAE of energy per atom, force components and stress components. */
export function metricsOf(results: StructureResult[]): Metrics {
  let e2 = 0, e1 = 0, f2 = 0, f1 = 0, nf = 0, s2 = 0, s1 = 0, ns = 0;
  for (const r of results) {
    e2 += r.energyError * r.energyError; e1 += Math.abs(r.energyError);
    f2 += r.forceSq; f1 += r.forceAbs; nf += r.forceCount;
    s2 += r.stressSq; s1 += r.stressAbs; ns += r.stressCount;
  }
  const n = results.length;
  const m: Metrics = {
    structures: n,
    energyRmse: n ? Math.sqrt(e2 / n) : NaN, energyMae: n ? e1 / n : NaN,
    forceRmse: nf ? Math.sqrt(f2 / nf) : NaN, forceMae: nf ? f1 / nf : NaN,
  };
  if (ns) { m.stressRmse = Math.sqrt(s2 / ns); m.stressMae = s1 / ns; }
  return m;
}

/** Metrics of all results and of each group (groups sorted by name). */
export function metricsByGroup(results: StructureResult[]): { all: Metrics; groups: Record<string, Metrics> } {
  const byGroup = new Map<string, StructureResult[]>();
  for (const r of results) {
    if (!byGroup.has(r.group)) byGroup.set(r.group, []);
    byGroup.get(r.group)!.push(r);
  }
  const groups: Record<string, Metrics> = {};
  for (const g of [...byGroup.keys()].sort()) groups[g] = metricsOf(byGroup.get(g)!);
  return { all: metricsOf(results), groups };
}

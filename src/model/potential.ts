// The neural network potential: descriptors → feature transform → per-element networks →
// atomic energies, plus per-element reference energies.
//
//   ε_i = ε⁰_el(i) + NN_el(i)(x_i),   x_i = M_el (G_i − c_el),   E = Σ_i ε_i
//   F_j = −Σ_i (∂ε_i/∂x_i) · M ∂G_i/∂r_j
//   σ_v = (1/V) ∂E/∂ε_v = (1/V) Σ_i (∂ε_i/∂x_i) · M ∂G_i/∂ε_v     (eV/Å³, Voigt xx yy zz yz xz xy, ASE sign)
// Implements `Calculator` (src/model/calculator.ts). It holds WASM buffers: call `dispose()`
// when done with a potential in a long-running program. Files: `Potential.fromJSON(text)` and
// `toJSON()` here; `Potential.fromFile(path)` and `save(path)` in the Node entry (potential-node.ts).
import type { Structure } from "../structure/structure.js";
import type { Calculator, CalculateOptions, Results } from "./calculator.js";
import { computeDescriptors, applyTransform, applyTransformToDerivatives } from "../descriptors/index.js";
import { NetworkRunner, denseOps, parameterOffsets } from "./network.js";
import { parseModel, type ModelData } from "./model-file.js";
import { wasm, WasmBuffer } from "../wasm/module.js";
import { registerModelLoader } from "./resolve.js";

export class Potential implements Calculator {
  readonly name: string;
  readonly elements: string[];
  private readonly runners: NetworkRunner[];
  private readonly offsets: number[];
  private weights: WasmBuffer | null;

  constructor(readonly model: ModelData, name = "nnp") {
    this.name = name;
    this.elements = model.elements.slice();
    this.runners = model.networks.map((n) => new NetworkRunner(n));
    this.offsets = parameterOffsets(model.networks).offsets;
    this.weights = WasmBuffer.f64(model.networks.flatMap((n) => n.weights));
  }

  /** A potential from the text of a model file (`source` names it in errors). */
  static fromJSON<T extends Potential>(this: new (model: ModelData, name?: string) => T, text: string, source = "model"): T {
    return new this(parseModel(text, source), source);
  }

  /** The model data (what a model file holds): `JSON.stringify(potential)` gives a model file. */
  toJSON(): ModelData {
    return this.model;
  }

  calculate(s: Structure, options: CalculateOptions = {}): Results {
    if (!this.weights) throw new Error(`${this.name}: potential was disposed`);
    const periodic = s.pbc.every((p) => p);
    const wantF = options.forces ?? true;
    const wantS = (options.stress ?? periodic) && periodic;
    for (const e of s.elements()) {
      if (!this.elements.includes(e)) throw new Error(`${this.name}: element ${e} is not in the model (${this.elements.join(", ")})`);
    }
    const desc = computeDescriptors(s, this.model.descriptors, { derivatives: wantF || wantS, strain: wantS });
    const n = s.length;
    const energies = new Float64Array(n);
    for (let i = 0; i < n; i++) energies[i] = this.model.referenceEnergies[s.symbols[i]];
    const forces = wantF ? new Float64Array(3 * n) : undefined;
    const virial = new Float64Array(6);
    const fBuf = wantF ? WasmBuffer.f64(new Float64Array(3 * n)) : null; // zeroed: the kernel accumulates
    const ops = denseOps();
    for (const b of desc.byElement) {
      const el = this.elements.indexOf(b.element);
      const net = this.runners[el], t = this.model.transforms[el];
      const rows = b.atoms.length, nIn = t.nOut;
      if (rows === 0) continue;
      const w = this.weights.ptr + 8 * this.offsets[el];
      const x = WasmBuffer.f64(applyTransform(t, b.values, rows));
      const eps = net.forward(w, x.ptr, rows, false);
      const ev = new Float64Array(wasm().memory.buffer, eps, rows);
      for (let a = 0; a < rows; a++) energies[b.atoms[a]] += ev[a];
      x.free();
      if (!wantF && !wantS) continue;
      const g = WasmBuffer.f64(rows * nIn);
      net.inputGradient(w, rows, g.ptr);
      if (wantF && fBuf && b.deriv && b.derivStart && b.derivAtom) {
        const entries = b.derivAtom.length;
        const d = WasmBuffer.f64(applyTransformToDerivatives(t, b.deriv, entries * 3));
        const st = WasmBuffer.i32(b.derivStart), at = WasmBuffer.i32(b.derivAtom);
        ops.contract(g.ptr, d.ptr, st.ptr, at.ptr, fBuf.ptr, rows, nIn);
        d.free(); st.free(); at.free();
      }
      if (wantS && b.strainDeriv) {
        const sx = applyTransformToDerivatives(t, b.strainDeriv, rows * 6);
        const gv = g.f64();
        for (let a = 0; a < rows; a++) for (let v = 0; v < 6; v++) {
          let dot = 0;
          const o = (a * 6 + v) * nIn;
          for (let f = 0; f < nIn; f++) dot += gv[a * nIn + f] * sx[o + f];
          virial[v] += dot;
        }
      }
      g.free();
    }
    if (forces && fBuf) { forces.set(fBuf.f64(3 * n)); fBuf.free(); }
    let energy = 0;
    for (let i = 0; i < n; i++) energy += energies[i];
    const res: Results = { energy, energies };
    if (forces) res.forces = forces;
    if (wantS) {
      const vol = Math.abs(s.volume());
      res.stress = virial.map((x) => x / vol);
    }
    return res;
  }

  /** Free the WASM buffers (the potential cannot be used afterwards). */
  dispose(): void {
    this.weights?.free();
    this.weights = null;
    for (const r of this.runners) r.release();
  }
}

// `--model model.json` (and any other calculator spec ending in .json) loads a trained model file.
registerModelLoader("FILE.json (aemap model file from `aemap train`)", (spec) => /\.json$/i.test(spec),
  (spec, readText) => Potential.fromJSON(readText(spec), spec));

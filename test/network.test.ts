// Atomic networks and the training loss on random inputs: kernels SIMD vs scalar, the input
// gradient and the loss weight gradients (energy, forces, stress) against central differences,
// for every activation and two elements.
import { describe, it, expect, afterEach } from "vitest";
import { wasm, WasmBuffer } from "../src/wasm/module.js";
import { NetworkRunner, parameterOffsets, setDenseKernels, ACTIVATIONS, type NetworkSpec, type ActivationName } from "../src/model/network.js";
import { packBlock, freePacked, mergeEntries, type PackedStructure } from "../src/train/dataset.js";
import { LossEvaluator } from "../src/train/loss.js";
import { rng } from "./helpers/lattice.js";

afterEach(() => setDenseKernels("simd"));

function randomArray(n: number, r: () => number, scale = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * (2 * r() - 1);
  return a;
}

/** A random structure of two elements with random features, sparse derivatives and labels. */
function randomStructure(index: number, natoms: number, nIn: number[], r: () => number, stress: boolean, f32 = false): PackedStructure {
  const elementOf = Array.from({ length: natoms }, (_, i) => (i % 3 === 2 ? 1 : 0));
  const blocks = [0, 1].map((el) => {
    const atoms = Int32Array.from(elementOf.flatMap((e, i) => (e === el ? [i] : [])));
    const rows = atoms.length, n = nIn[el];
    const start = new Int32Array(rows + 1), atom: number[] = [];
    for (let a = 0; a < rows; a++) {
      atom.push(atoms[a]);
      for (let j = 0; j < natoms; j++) if (j !== atoms[a] && r() < 0.6) atom.push(j);
      start[a + 1] = atom.length;
    }
    const deriv = randomArray(atom.length * 3 * n, r, 0.5);
    const strain = stress ? randomArray(rows * 6 * n, r, 0.5) : undefined;
    return packBlock(el, atoms, randomArray(rows * n, r), n, { start, atom: Int32Array.from(atom), deriv }, strain, natoms, f32);
  });
  return {
    index, natoms, group: index % 2 ? "odd" : "even", weight: 1 + index * 0.5,
    energy: 3 * (2 * r() - 1), forces: randomArray(3 * natoms, r), stress: stress ? randomArray(6, r, 0.01) : undefined,
    volume: 50 + 10 * r(), counts: [blocks[0].rows, blocks[1].rows], blocks, strainEntries: stress,
  };
}

function setup(activation: ActivationName, stress: boolean, seed = 7, f32 = false) {
  const r = rng(seed);
  const specs: NetworkSpec[] = [
    { element: "Si", nIn: 5, hidden: [4, 3], activation },
    { element: "C", nIn: 3, hidden: [4], activation },
  ];
  const runners = specs.map((s) => new NetworkRunner(s));
  const { offsets, total } = parameterOffsets(specs);
  const w = randomArray(total, r, 0.8);
  const data = [randomStructure(0, 5, [5, 3], r, stress, f32), randomStructure(1, 4, [5, 3], r, stress, f32), randomStructure(2, 6, [5, 3], r, stress, f32)];
  const ev = new LossEvaluator(runners, offsets, [-0.3, 0.2]);
  return { runners, offsets, w, data, ev };
}

/** Central-difference gradient of f at w. */
function fdGradient(f: (w: Float64Array) => number, w: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const wp = w.slice(), wm = w.slice();
    wp[i] += h; wm[i] -= h;
    g[i] = (f(wp) - f(wm)) / (2 * h);
  }
  return g;
}

function maxRelError(a: Float64Array, b: Float64Array): number {
  let scale = 0, err = 0;
  for (let i = 0; i < a.length; i++) { scale = Math.max(scale, Math.abs(b[i])); err = Math.max(err, Math.abs(a[i] - b[i])); }
  return err / scale;
}

describe("dense kernels", () => {
  it("SIMD and scalar kernels agree to rounding (odd and even widths)", () => {
    const r = rng(3), k = wasm();
    for (const [n, nin, nout] of [[7, 5, 3], [4, 26, 30], [3, 1, 1]]) {
      const x = WasmBuffer.f64(randomArray(n * nin, r)), w = WasmBuffer.f64(randomArray(nout * nin, r));
      const b = WasmBuffer.f64(randomArray(nout, r)), dz = WasmBuffer.f64(randomArray(n * nout, r));
      const z1 = WasmBuffer.f64(n * nout), z2 = WasmBuffer.f64(n * nout);
      k.denseForwardScalar(x.ptr, w.ptr, b.ptr, z1.ptr, n, nin, nout);
      k.denseForwardSimd(x.ptr, w.ptr, b.ptr, z2.ptr, n, nin, nout);
      expect(maxRelError(z2.f64(), z1.f64())).toBeLessThan(1e-14);
      // By hand for one entry.
      const xv = x.f64(), wv = w.f64();
      let s = b.f64()[nout - 1];
      for (let i = 0; i < nin; i++) s += wv[(nout - 1) * nin + i] * xv[(n - 1) * nin + i];
      expect(z1.f64()[n * nout - 1]).toBeCloseTo(s, 13);
      const dx1 = WasmBuffer.f64(n * nin), dx2 = WasmBuffer.f64(n * nin);
      k.denseBackwardScalar(dz.ptr, w.ptr, dx1.ptr, n, nin, nout);
      k.denseBackwardSimd(dz.ptr, w.ptr, dx2.ptr, n, nin, nout);
      expect(maxRelError(dx2.f64(), dx1.f64())).toBeLessThan(1e-14);
      const g1 = WasmBuffer.f64(nout * nin), g2 = WasmBuffer.f64(nout * nin), gb1 = WasmBuffer.f64(nout), gb2 = WasmBuffer.f64(nout);
      k.denseWeightGradScalar(dz.ptr, x.ptr, g1.ptr, gb1.ptr, n, nin, nout);
      k.denseWeightGradSimd(dz.ptr, x.ptr, g2.ptr, gb2.ptr, n, nin, nout);
      expect(maxRelError(g2.f64(), g1.f64())).toBeLessThan(1e-14);
      expect(maxRelError(gb2.f64(), gb1.f64())).toBeLessThan(1e-14);
      for (const buf of [x, w, b, dz, z1, z2, dx1, dx2, g1, g2, gb1, gb2]) buf.free();
    }
  });

  it("activations match their formulas and derivatives match finite differences", () => {
    const k = wasm();
    const zs = [-30, -3.2, -0.7, -1e-9, 0, 2e-8, 0.4, 1.9, 25];
    const ref: Record<ActivationName, (z: number) => number> = {
      tanh: Math.tanh, sigmoid: (z) => 1 / (1 + Math.exp(-z)), softplus: (z) => Math.log1p(Math.exp(z)),
    };
    for (const [kind, name] of ACTIVATIONS.entries()) {
      const z = WasmBuffer.f64(zs), h = WasmBuffer.f64(zs.length), d1 = WasmBuffer.f64(zs.length), d2 = WasmBuffer.f64(zs.length);
      expect(k.activate(kind, z.ptr, h.ptr, d1.ptr, d2.ptr, zs.length)).toBe(0);
      const hv = h.f64(), d1v = d1.f64(), d2v = d2.f64();
      for (let i = 0; i < zs.length; i++) {
        const want = ref[name](zs[i]);
        expect(Math.abs(hv[i] - want)).toBeLessThanOrEqual(4e-16 * Math.max(Math.abs(want), 1e-300) + 1e-300);
        const e = 1e-5;
        const fd1 = (ref[name](zs[i] + e) - ref[name](zs[i] - e)) / (2 * e);
        expect(d1v[i]).toBeCloseTo(fd1, 9);
        // σ'' against a central difference of the analytic σ'.
        const p = WasmBuffer.f64([zs[i] + e, zs[i] - e]), ph = WasmBuffer.f64(2), pd = WasmBuffer.f64(2);
        k.activate(kind, p.ptr, ph.ptr, pd.ptr, 0, 2);
        const pdv = pd.f64();
        expect(d2v[i]).toBeCloseTo((pdv[0] - pdv[1]) / (2 * e), 8);
        p.free(); ph.free(); pd.free();
      }
      for (const b of [z, h, d1, d2]) b.free();
    }
    const z = WasmBuffer.f64(1);
    expect(k.activate(9, z.ptr, z.ptr, 0, 0, 1)).toBe(1);
    expect(k.activateSimd(9, z.ptr, z.ptr, 0, 0, 1)).toBe(1);
    z.free();
  });

  it("SIMD activations agree with the scalar ones (documented error bound)", () => {
    const k = wasm(), r = rng(5);
    const n = 2001; // odd: exercises the scalar tail
    const zs = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1e-6 : 40) * (2 * r() - 1));
    for (const kind of [0, 1, 2]) {
      const z = WasmBuffer.f64(zs);
      const out = [0, 1].map(() => [WasmBuffer.f64(n), WasmBuffer.f64(n), WasmBuffer.f64(n)]);
      k.activate(kind, z.ptr, out[0][0].ptr, out[0][1].ptr, out[0][2].ptr, n);
      k.activateSimd(kind, z.ptr, out[1][0].ptr, out[1][1].ptr, out[1][2].ptr, n);
      for (let q = 0; q < 3; q++) {
        const a = out[0][q].f64(), b = out[1][q].f64();
        let err = 0;
        for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
        expect(err).toBeLessThan(1e-15);
      }
      z.free();
      for (const o of out) for (const b of o) b.free();
    }
  });
});

describe("network input gradient", () => {
  for (const activation of ACTIVATIONS) {
    it(`∂ε/∂x matches finite differences (${activation})`, () => {
      const r = rng(11);
      const spec: NetworkSpec = { element: "Si", nIn: 6, hidden: [5, 4], activation };
      const net = new NetworkRunner(spec);
      const w = WasmBuffer.f64(randomArray(net.nParams, r));
      const rows = 3;
      const x0 = randomArray(rows * 6, r);
      const xb = WasmBuffer.f64(x0), g = WasmBuffer.f64(rows * 6);
      net.forward(w.ptr, xb.ptr, rows, false);
      net.inputGradient(w.ptr, rows, g.ptr);
      const gv = g.f64().slice();
      const energy = (x: Float64Array): Float64Array => {
        xb.f64().set(x);
        const p = net.forward(w.ptr, xb.ptr, rows, false);
        return new Float64Array(wasm().memory.buffer, p, rows).slice();
      };
      for (let i = 0; i < rows * 6; i++) {
        const xp = x0.slice(), xm = x0.slice();
        xp[i] += 1e-6; xm[i] -= 1e-6;
        const fd = (energy(xp)[Math.floor(i / 6)] - energy(xm)[Math.floor(i / 6)]) / 2e-6;
        expect(gv[i]).toBeCloseTo(fd, 8);
      }
      net.release(); w.free(); xb.free(); g.free();
    });
  }
});

describe("loss weight gradient", () => {
  for (const activation of ACTIVATIONS) {
    for (const [label, forceCoeff, stressCoeff] of [["energy", 0, 0], ["energy+forces", 0.7, 0], ["energy+forces+stress", 0.3, 0.02]] as const) {
      it(`${label} gradient matches finite differences (${activation}, two elements)`, () => {
        const stress = stressCoeff > 0;
        const { w, data, ev } = setup(activation, stress);
        const idx = [0, 1, 2];
        const opts = { forceCoeff, stressCoeff };
        const grad = new Float64Array(w.length);
        const val = ev.evaluate(w, data, idx, opts, grad);
        expect(val.loss).toBeGreaterThan(0);
        if (forceCoeff > 0) expect(val.forceLoss).toBeGreaterThan(0.05 * val.loss);
        if (stress) expect(val.stressLoss).toBeGreaterThan(0);
        const fd = fdGradient((ww) => ev.evaluate(ww, data, idx, opts).loss, w);
        expect(maxRelError(grad, fd)).toBeLessThan(1e-7);
        // The scalar kernels give the same gradient.
        setDenseKernels("scalar");
        const grad2 = new Float64Array(w.length);
        ev.evaluate(w, data, idx, opts, grad2);
        expect(maxRelError(grad2, grad)).toBeLessThan(1e-13);
        ev.release(); freePacked(data);
      });
    }
  }

  it("f32 derivative storage: gradient still exact for its loss, and within storage rounding of f64", () => {
    const a = setup("tanh", true, 7, false), b = setup("tanh", true, 7, true);
    const opts = { forceCoeff: 0.5, stressCoeff: 0.01 };
    const ga = new Float64Array(a.w.length), gb = new Float64Array(b.w.length);
    const va = a.ev.evaluate(a.w, a.data, [0, 1, 2], opts, ga);
    const vb = b.ev.evaluate(b.w, b.data, [0, 1, 2], opts, gb);
    expect(Math.abs(vb.loss - va.loss) / va.loss).toBeLessThan(1e-6);
    expect(vb.loss).not.toBe(va.loss);
    expect(maxRelError(gb, ga)).toBeLessThan(1e-5);
    const fd = fdGradient((ww) => b.ev.evaluate(ww, b.data, [0, 1, 2], opts).loss, b.w);
    expect(maxRelError(gb, fd)).toBeLessThan(1e-7);
    setDenseKernels("scalar");
    const gs = new Float64Array(b.w.length);
    b.ev.evaluate(b.w, b.data, [0, 1, 2], opts, gs);
    expect(maxRelError(gs, gb)).toBeLessThan(1e-13);
    for (const x of [a, b]) { x.ev.release(); freePacked(x.data); }
  });

  it("predicted forces are minus the gradient of the energy along the derivative entries", () => {
    // F_j = −Σ_i g_i·D_ij: check one structure against a direct TypeScript contraction.
    const { w, data, ev, runners, offsets } = setup("tanh", false);
    const s = data[1];
    const val = ev.evaluate(w, data, [1], { forceCoeff: 1, stressCoeff: 0 });
    const wb = WasmBuffer.f64(w);
    const f = new Float64Array(3 * s.natoms);
    for (const b of s.blocks) {
      const net = runners[b.element], n = net.sizes[0];
      net.forward(wb.ptr + 8 * offsets[b.element], b.x.ptr, b.rows, false);
      const g = WasmBuffer.f64(b.rows * n);
      net.inputGradient(wb.ptr + 8 * offsets[b.element], b.rows, g.ptr);
      const gv = g.f64(), st = b.dstart!.i32(), at = b.datom!.i32(), d = b.d!.f64();
      for (let rr = 0; rr < b.rows; rr++) for (let e = st[rr]; e < st[rr + 1]; e++) for (let c = 0; c < 3; c++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += d[(e * 3 + c) * n + i] * gv[rr * n + i];
        f[3 * at[e] + c] -= dot;
      }
      g.free();
    }
    let sq = 0;
    for (let c = 0; c < f.length; c++) sq += (f[c] - s.forces![c]) ** 2;
    expect(val.results[0].forceSq).toBeCloseTo(sq, 10);
    wb.free(); ev.release(); freePacked(data);
  });
});

describe("packing", () => {
  it("merges periodic-image entries of the same neighbour by summing them", () => {
    const start = Int32Array.from([0, 3, 5]);
    const atom = Int32Array.from([0, 1, 1, 1, 0]);
    const deriv = Float64Array.from([1, 2, 10, 20, 100, 200, 5, 6, 7, 8]);
    const m = mergeEntries(start, atom, deriv, 2, 2);
    expect(Array.from(m.start)).toEqual([0, 2, 4]);
    expect(Array.from(m.atom)).toEqual([0, 1, 1, 0]);
    expect(Array.from(m.deriv)).toEqual([1, 2, 110, 220, 5, 6, 7, 8]);
  });
});

// Feature scaling and PCA: min-max and mean/std maps, zero-spread guard, whitened covariance,
// the isolated atom (G = 0 → −M·c), derivatives through M, and the Jacobi eigen-solver.
import { describe, expect, it } from "vitest";
import { applyTransform, applyTransformToDerivatives, computeDescriptors, defaultSiliconSet, fitFeatureTransform, symmetricEigen } from "../src/descriptors/index.js";
import { Structure } from "../src/structure/structure.js";
import { diamond, rng } from "./helpers/lattice.js";

/** Training features: rattled diamond cells at three lattice constants (raw G of every atom). */
function training(): { values: Float64Array; natoms: number } {
  const r = rng(2);
  const parts: Float64Array[] = [];
  for (const a of [5.3, 5.431, 5.6]) {
    const s = diamond(a, 1);
    const t = s.copy({ positions: Array.from(s.positions, (x) => x + 0.25 * (2 * r() - 1)) });
    parts.push(computeDescriptors(t, defaultSiliconSet()).byElement[0].values);
  }
  const values = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { values.set(p, o); o += p.length; }
  return { values, natoms: values.length / 26 };
}

describe("feature scaling", () => {
  const { values, natoms } = training();
  it("min-max: training min → −1 and max → +1 for every feature", () => {
    const t = fitFeatureTransform(values, natoms, 26, "Si", { method: "minmax" });
    const x = applyTransform(t, values, natoms);
    for (let f = 0; f < 26; f++) {
      let lo = Infinity, hi = -Infinity;
      for (let a = 0; a < natoms; a++) { lo = Math.min(lo, x[a * 26 + f]); hi = Math.max(hi, x[a * 26 + f]); }
      expect(lo).toBeCloseTo(-1, 12);
      expect(hi).toBeCloseTo(1, 12);
    }
  });
  it("mean/std: training mean 0 and population std 1", () => {
    const t = fitFeatureTransform(values, natoms, 26, "Si", { method: "meanstd" });
    const x = applyTransform(t, values, natoms);
    for (const f of [0, 7, 13, 25]) {
      let m = 0, v = 0;
      for (let a = 0; a < natoms; a++) m += x[a * 26 + f] / natoms;
      for (let a = 0; a < natoms; a++) v += (x[a * 26 + f] - m) ** 2 / natoms;
      expect(m).toBeCloseTo(0, 12);
      expect(v).toBeCloseTo(1, 12);
    }
  });
  it("zero-spread feature stays finite: training atoms → 0, other values → G − c", () => {
    const v = new Float64Array([1, 3, 1, 5, 1, 4]); // feature 0 constant 1
    for (const method of ["minmax", "meanstd"] as const) {
      const t = fitFeatureTransform(v, 3, 2, "Si", { method });
      expect(t.matrix[0]).toBe(1);
      const x = applyTransform(t, v, 3);
      expect([x[0], x[2], x[4]]).toEqual([0, 0, 0]);
      const y = applyTransform(t, [0, 0], 1);
      expect(y[0]).toBe(-1);
      expect(Number.isFinite(y[1])).toBe(true);
    }
    const p = fitFeatureTransform(v, 3, 2, "Si", { method: "minmax", pca: true });
    expect(Array.from(applyTransform(p, [0, 0, 7, 9], 2)).every(Number.isFinite)).toBe(true);
  });
  it("isolated atom (G = 0) maps to −M·c (min-max: −(min+max)/(max−min))", () => {
    const t = fitFeatureTransform(values, natoms, 26, "Si", { method: "minmax" });
    const zero = applyTransform(t, new Float64Array(26), 1);
    for (let f = 0; f < 26; f++) {
      let lo = Infinity, hi = -Infinity;
      for (let a = 0; a < natoms; a++) { lo = Math.min(lo, values[a * 26 + f]); hi = Math.max(hi, values[a * 26 + f]); }
      expect(zero[f]).toBeCloseTo(-(lo + hi) / (hi - lo), 10);
      expect(zero[f]).toBeLessThan(-1); // all Si features are positive in the bulk
    }
    // The lone atom from the descriptor stage itself goes through the same map.
    const lone = computeDescriptors(new Structure({ symbols: ["Si"], positions: [0, 0, 0] }), defaultSiliconSet()).byElement[0].values;
    expect(Array.from(applyTransform(t, lone, 1))).toEqual(Array.from(zero));
  });
  it("PCA whitening: covariance of transformed training data = identity where λ ≥ floor, < 1 below; deterministic", () => {
    const t = fitFeatureTransform(values, natoms, 26, "Si", { method: "minmax", pca: true });
    expect(t.pca).toBe(true);
    const x = applyTransform(t, values, natoms);
    const n = 26, mean = new Float64Array(n), cov = new Float64Array(n * n);
    for (let a = 0; a < natoms; a++) for (let f = 0; f < n; f++) mean[f] += x[a * n + f] / natoms;
    for (let a = 0; a < natoms; a++) for (let f = 0; f < n; f++) for (let g = 0; g < n; g++)
      cov[f * n + g] += (x[a * n + f] - mean[f]) * (x[a * n + g] - mean[g]) / natoms;
    // Independent count of the directions with variance ≥ floor: eigenvalues of the min-max-scaled covariance.
    const y = applyTransform(fitFeatureTransform(values, natoms, 26, "Si", { method: "minmax" }), values, natoms);
    const ym = new Float64Array(n), yc = new Float64Array(n * n);
    for (let a = 0; a < natoms; a++) for (let f = 0; f < n; f++) ym[f] += y[a * n + f] / natoms;
    for (let a = 0; a < natoms; a++) for (let f = 0; f < n; f++) for (let g = 0; g < n; g++)
      yc[f * n + g] += (y[a * n + f] - ym[f]) * (y[a * n + g] - ym[g]) / natoms;
    const lam = symmetricEigen(yc, n).values;
    const k = lam.filter((l) => l >= 1e-6).length; // clearly above the 1e−8 floor
    expect(k).toBeGreaterThan(8);
    for (let f = 0; f < k; f++) for (let g = 0; g < k; g++) expect(Math.abs(cov[f * n + g] - (f === g ? 1 : 0))).toBeLessThan(1e-8);
    for (let f = k; f < n; f++) expect(cov[f * n + f]).toBeLessThan(1 + 1e-6);
    const again = fitFeatureTransform(values, natoms, 26, "Si", { method: "minmax", pca: true });
    expect(again.matrix).toEqual(t.matrix);
  });
  it("PCA on a full-rank sample: covariance exactly identity; derivatives transform with M", () => {
    const r = rng(9), n = 5, N = 400;
    const v = new Float64Array(N * n);
    for (let a = 0; a < N; a++) { const z = [r(), r(), r(), r(), r()]; for (let f = 0; f < n; f++) v[a * n + f] = z[f] + 0.5 * z[(f + 1) % n] + 3 * f; }
    const t = fitFeatureTransform(v, N, n, "Si", { method: "meanstd", pca: true });
    const x = applyTransform(t, v, N);
    for (let f = 0; f < n; f++) for (let g = 0; g < n; g++) {
      let c = 0;
      for (let a = 0; a < N; a++) c += x[a * n + f] * x[a * n + g] / N; // meanstd: already centred
      expect(c).toBeCloseTo(f === g ? 1 : 0, 10);
    }
    // ∂x/∂r = M ∂G/∂r: compare with the difference of transformed values.
    const g0 = v.slice(0, n), dG = Float64Array.from([0.3, -1, 2, 0.1, 0.7]);
    const g1 = g0.map((y, f) => y + 1e-3 * dG[f]);
    const dx = applyTransformToDerivatives(t, dG, 1);
    const x0 = applyTransform(t, g0, 1), x1 = applyTransform(t, g1, 1);
    for (let o = 0; o < n; o++) expect(dx[o]).toBeCloseTo((x1[o] - x0[o]) / 1e-3, 9);
  });
});

describe("Jacobi eigen-solver", () => {
  it("3×3 with known eigenvalues 1, 2, 4 and eigenvectors; A v = λ v; sign: largest component positive", () => {
    // A = Q diag(4, 2, 1) Qᵀ with Q the rotation by 30° about z.
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    const A = [4 * c * c + 2 * s * s, (4 - 2) * c * s, 0, (4 - 2) * c * s, 4 * s * s + 2 * c * c, 0, 0, 0, 1];
    const { values, vectors } = symmetricEigen(A, 3);
    expect(Array.from(values).map((x) => +x.toFixed(12))).toEqual([4, 2, 1]);
    expect(vectors[0]).toBeCloseTo(c, 12); expect(vectors[1]).toBeCloseTo(s, 12);
    expect(vectors[3]).toBeCloseTo(-s, 12); expect(vectors[4]).toBeCloseTo(c, 12);
    expect(vectors[8]).toBeCloseTo(1, 12);
    for (let k = 0; k < 3; k++) for (let i = 0; i < 3; i++) {
      let av = 0;
      for (let j = 0; j < 3; j++) av += A[i * 3 + j] * vectors[k * 3 + j];
      expect(av).toBeCloseTo(values[k] * vectors[k * 3 + i], 12);
    }
  });
});

// The third-order Birch–Murnaghan fit (src/properties/eos.ts): exact recovery of synthetic BM
// data, and the SW teacher's diamond V0 and B0 against the pair-potential minimum (a hand
// formula), a finite-difference second derivative of the teacher's energy, and the literature.
import { describe, expect, it } from "vitest";
import {
  birchMurnaghanEnergy, energiesPerAtom, fitBirchMurnaghan, scaleToVolume, volumeGrid,
} from "../src/properties/eos.js";
import { crystal, compound } from "../src/structure/generators.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { GPA } from "../src/structure/units.js";

const sw = new StillingerWeber();
// SW diamond: the three-body term vanishes at the tetrahedral angle for any isotropic scaling and
// second neighbours (a/√2 = 3.84 Å) lie beyond aσ = 3.77 Å, so E/N = 2 φ2(r) with r = √3 a/4;
// the minimum is that of φ2, at r = 2^(1/6) σ (σ = 2.0951 Å): a0 = 4·2^(1/6)σ/√3.
const SIGMA = 2.0951;
const A0 = (4 * 2 ** (1 / 6) * SIGMA) / Math.sqrt(3); // 5.430950 Å
const V0 = A0 ** 3 / 8; // 20.02338 Å³/atom
const primitive = crystal("diamond", { a: A0, primitive: true });
const swEnergy = (v: number) => energiesPerAtom(sw, [scaleToVolume(primitive, v)])[0];

describe("Birch–Murnaghan fit", () => {
  it("recovers the parameters of synthetic BM data to rounding", () => {
    for (const p of [
      { e0: -5.4, v0: 20.45, b0: 0.55, b0Prime: 4.2 },
      { e0: 1.25, v0: 11.8, b0: 1.9, b0Prime: 5.6 },
      { e0: -3.1, v0: 40.2, b0: 0.08, b0Prime: 3.0 },
    ]) {
      const vs = volumeGrid(p.v0 * 1.01, 0.08, 9); // minimum off the grid's centre
      const f = fitBirchMurnaghan(vs, vs.map((v) => birchMurnaghanEnergy(p, v)));
      expect(Math.abs(f.e0 - p.e0)).toBeLessThan(1e-12 * Math.max(1, Math.abs(p.e0)));
      expect(Math.abs(f.v0 / p.v0 - 1)).toBeLessThan(1e-12);
      expect(Math.abs(f.b0 / p.b0 - 1)).toBeLessThan(1e-9);
      expect(Math.abs(f.b0Prime - p.b0Prime)).toBeLessThan(1e-8);
      expect(f.residualRms).toBeLessThan(1e-13);
      expect(f.extrapolated).toBe(false);
    }
  });

  it("B0 is V E″ at V0 and B0′ is dB/dP: finite differences of the BM formula itself", () => {
    const p = { e0: -4, v0: 20, b0: 0.6, b0Prime: 4.5 };
    const E = (v: number) => birchMurnaghanEnergy(p, v), h = 2e-4;
    const d2 = (v: number) => (E(v * (1 + h)) - 2 * E(v) + E(v * (1 - h))) / (v * h) ** 2;
    expect(p.v0 * d2(p.v0)).toBeCloseTo(p.b0, 6);
    // B(V) = V E″(V), P(V) = −E′(V): dB/dP = (dB/dV)/(dP/dV) at V0.
    const B = (v: number) => v * d2(v), P = (v: number) => -(E(v * (1 + h)) - E(v * (1 - h))) / (2 * v * h);
    const k = 1e-2;
    const dBdP = (B(p.v0 * (1 + k)) - B(p.v0 * (1 - k))) / (P(p.v0 * (1 + k)) - P(p.v0 * (1 - k)));
    expect(dBdP).toBeCloseTo(p.b0Prime, 2);
  });

  it("least squares with noise: the fit's residuals are orthogonal to the four basis functions", () => {
    const p = { e0: -5, v0: 16, b0: 0.7, b0Prime: 4 };
    const vs = volumeGrid(16, 0.1, 15);
    const noise = vs.map((_, k) => 1e-4 * Math.sin(7 * k));
    const f = fitBirchMurnaghan(vs, vs.map((v, k) => birchMurnaghanEnergy(p, v) + noise[k]));
    for (let j = 0; j < 4; j++) {
      const dot = vs.reduce((a, v, k) => a + f.residuals[k] * v ** ((-2 / 3) * j), 0);
      expect(Math.abs(dot)).toBeLessThan(1e-12);
    }
    expect(Math.abs(f.v0 / 16 - 1)).toBeLessThan(2e-3);
  });

  it("says what is wrong: too few points, no minimum, minimum outside the scan", () => {
    expect(() => fitBirchMurnaghan([1, 2, 3], [1, 2, 3])).toThrow(/at least 4 points/);
    expect(() => fitBirchMurnaghan([10, 10, 11, 11], [1, 1, 2, 2])).toThrow(/4 different volumes/);
    expect(() => fitBirchMurnaghan([10, 11, 12, 13, 14], [5, 4, 3, 2, 1])).toThrow(/no minimum/);
    const p = { e0: -4, v0: 20, b0: 0.6, b0Prime: 4.5 };
    const vs = volumeGrid(23, 0.05, 7);
    const f = fitBirchMurnaghan(vs, vs.map((v) => birchMurnaghanEnergy(p, v)));
    expect(f.extrapolated).toBe(true);
    expect(f.v0).toBeCloseTo(20, 8);
    expect(() => volumeGrid(20, 1.2, 11)).toThrow(/between 0 and 1/);
    expect(() => volumeGrid(20, 0.05, 3)).toThrow(/≥ 4/);
  });
});

describe("SW teacher, diamond Si", () => {
  it("fit gives the pair-minimum V0, and B0 equal to V d²E/dV² by finite differences and to the literature 101.4 GPa", () => {
    const vs = volumeGrid(V0, 0.02, 11);
    const f = fitBirchMurnaghan(vs, vs.map(swEnergy));
    expect(f.e0).toBeCloseTo(-4.3366, 6); // 4 bonds × ½ φ2(2^(1/6)σ) = −2ε, ε = 2.1683 eV
    expect(Math.abs(f.v0 - V0)).toBeLessThan(1e-5); // 20.02338 Å³/atom
    expect(Math.abs(Math.cbrt(8 * f.v0) - A0)).toBeLessThan(1e-6);
    // Independent B0: central second difference of the teacher's own energy at V0.
    const h = 1e-3;
    const bFd = (V0 * (swEnergy(V0 * (1 + h)) - 2 * swEnergy(V0) + swEnergy(V0 * (1 - h)))) / (V0 * h) ** 2 / GPA;
    expect(bFd).toBeCloseTo(101.423, 2);
    expect(Math.abs(f.b0 / GPA / bFd - 1)).toBeLessThan(1e-4); // 101.430 vs 101.423 GPa (±2 % scan)
    expect(Math.abs(f.b0 / GPA - 101.4)).toBeLessThan(0.1); // Stillinger & Weber 1985; Balamane et al. 1992
    expect(f.residualRms).toBeLessThan(1e-7);
    // A wider scan: BM3 is only a model of SW's curve; B0 moves by < 0.1 %.
    const wide = volumeGrid(V0, 0.05, 11);
    const g = fitBirchMurnaghan(wide, wide.map(swEnergy));
    expect(Math.abs(g.b0 / GPA / bFd - 1)).toBeLessThan(1e-3);
  });

  it("a START structure scaled uniformly gives the same curve as the lattice (conventional cell, supercell)", () => {
    const conv = crystal("diamond", { a: 5.3 });
    const vs = volumeGrid(V0, 0.03, 7);
    const a = vs.map(swEnergy), b = energiesPerAtom(sw, vs.map((v) => scaleToVolume(conv, v)));
    for (let k = 0; k < vs.length; k++) expect(b[k]).toBeCloseTo(a[k], 12);
    expect(() => scaleToVolume(conv.copy({ pbc: [true, true, false] }), 20)).toThrow(/periodic along all three axes/);
  });

  it("compound lattices scan per atom: zincblende GaN with the GaN teacher has its minimum inside the scan", async () => {
    const { builtinSwPotential } = await import("../src/teacher/sw-builtin.js");
    const gan = new StillingerWeber({ potential: builtinSwPotential("GaN") });
    const zb = compound("zincblende", { a: 4.5, primitive: true }, ["Ga", "N"]);
    const v = Math.abs(zb.volume()) / 2;
    const vs = volumeGrid(v, 0.1, 11);
    const f = fitBirchMurnaghan(vs, energiesPerAtom(gan, vs.map((x) => scaleToVolume(zb, x))));
    expect(f.extrapolated).toBe(false);
    expect(f.b0).toBeGreaterThan(0);
  });
});

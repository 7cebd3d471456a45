// Stillinger–Weber teacher: docs/science.md §2 check values, hand-computed clusters, finite
// differences (forces, strain stress) and the per-atom splits.
import { describe, expect, it } from "vitest";
import { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { SW_SI } from "../src/teacher/sw-parameters.js";
import { diamond, rng } from "./helpers/lattice.js";

const vertex = new StillingerWeber({ split: "vertex" });
const lammps = new StillingerWeber({ split: "lammps" });
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);

/** φ2 and the three-body radial factor written out independently of the kernel. */
function phi2(r: number): number {
  const { epsilon: e, sigma: s, a, A, B } = SW_SI;
  return r < a * s ? A * e * (B * (s / r) ** 4 - 1) * Math.exp(s / (r - a * s)) : 0;
}
function g3(r: number): number {
  const { sigma: s, a, gamma } = SW_SI;
  return r < a * s ? Math.exp(gamma * s / (r - a * s)) : 0;
}

function vacancy64(): { s: Structure } {
  const d = diamond(5.431, 2);
  const keep = [...Array(64).keys()].filter((i) => i !== 0);
  const pos = keep.flatMap((i) => Array.from(d.positions.subarray(3 * i, 3 * i + 3)));
  return { s: new Structure({ symbols: Array(63).fill("Si"), positions: pos, cell: d.cell, pbc: true }) };
}

/** Indices of atoms within `r` of point p (minimum image, cubic cell of edge L). */
function near(s: Structure, p: number[], r: number, L: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let d2 = 0;
    for (let k = 0; k < 3; k++) { let d = s.positions[3 * i + k] - p[k]; d -= L * Math.round(d / L); d2 += d * d; }
    if (Math.sqrt(d2) < r) out.push(i);
  }
  return out;
}

/** A rattled, sheared 16-atom cell (triclinic, all axes periodic). */
function rattledTriclinic(seed: number): Structure {
  const d = diamond(5.431, 1);
  const cell = [5.431, 0, 0, 0.6, 5.3, 0, -0.4, 0.5, 5.6];
  const frac = d.fractional();
  const u = rng(seed);
  const pos: number[] = [];
  for (let rep = 0; rep < 2; rep++) {
    for (let i = 0; i < 8; i++) {
      const f = [frac[3 * i] / 2 + rep * 0.5, frac[3 * i + 1], frac[3 * i + 2]];
      for (let k = 0; k < 3; k++) pos.push(f[0] * 2 * cell[k] + f[1] * cell[3 + k] + f[2] * cell[6 + k] + 0.15 * (2 * u() - 1));
    }
  }
  return new Structure({ symbols: Array(16).fill("Si"), positions: pos, cell: [2 * cell[0], 2 * cell[1], 2 * cell[2], ...cell.slice(3)], pbc: true });
}

describe("Stillinger–Weber check values (docs/science.md §2)", () => {
  it("Diamond_a5431_Minus2EpsilonPerAtomAndZeroForces", () => {
    const s = diamond(5.431, 2);
    for (const calc of [vertex, lammps]) {
      const r = calc.calculate(s);
      expect(r.energy / s.length).toBeCloseTo(-4.336600, 6);
      for (const e of r.energies) expect(e).toBeCloseTo(-4.3366, 6);
      for (const f of r.forces!) expect(Math.abs(f)).toBeLessThan(1e-10);
    }
  });

  it("Vacancy64_Unrelaxed_TotalNeighboursAndFormationEnergy", () => {
    const { s } = vacancy64();
    const rv = vertex.calculate(s), rl = lammps.calculate(s);
    expect(rv.energy).toBeCloseTo(-268.8691997, 6);
    expect(rl.energy).toBeCloseTo(-268.8691997, 6);
    const nn = near(s, [0, 0, 0], 2.5, 10.862);
    expect(nn.length).toBe(4);
    for (const i of nn) {
      expect(rv.energies[i]).toBeCloseTo(-3.252450, 6);
      expect(rl.energies[i]).toBeCloseTo(-3.252450, 6);
    }
    const eBulk = vertex.calculate(diamond(5.431, 2)).energy / 64;
    expect(rv.energy - 63 * eBulk).toBeCloseTo(4.3366, 4);
    // The symmetric vacancy is a stationary point (to the accuracy of a = 5.431 Å being the
    // minimum of φ2 at the bond length: the missing bond's force is φ2'(a√3/4) ≈ 1e-4 eV/Å).
    for (const f of rv.forces!) expect(Math.abs(f)).toBeLessThan(1e-3);
  });
});

describe("Stillinger–Weber clusters against hand-computed sums", () => {
  it("IsolatedAtom_ZeroEnergy", () => {
    const s = new Structure({ symbols: ["Si"], positions: [0, 0, 0] });
    const r = vertex.calculate(s);
    expect(r.energy).toBe(0);
    expect(r.stress).toBeUndefined();
  });

  it("Dimer_EnergyIsPhi2_ForceIsMinusDerivative", () => {
    const d = 2.4;
    const s = new Structure({ symbols: ["Si", "Si"], positions: [0, 0, 0, d, 0, 0] });
    const r = vertex.calculate(s);
    expect(r.energy).toBeCloseTo(phi2(d), 12);
    const h = 1e-5, dphi = (phi2(d + h) - phi2(d - h)) / (2 * h);
    expect(r.forces![0]).toBeCloseTo(dphi, 7); // F_0 = +φ2'(d) x̂ (pulls toward the partner when attractive)
    expect(r.forces![3]).toBeCloseTo(-dphi, 7);
    for (const e of r.energies) expect(e).toBeCloseTo(phi2(d) / 2, 12);
  });

  it("EquilateralTriangle_PairsPlusThreeBodyTerms_SplitsAgree", () => {
    const d = 2.35;
    const s = new Structure({ symbols: ["Si", "Si", "Si"], positions: [0, 0, 0, d, 0, 0, d / 2, d * Math.sqrt(3) / 2, 0] });
    // Three pairs; each vertex angle is 60°: h = λε (1/2 + 1/3)² g(d)².
    const h = SW_SI.lambda * SW_SI.epsilon * (0.5 + 1 / 3) ** 2 * g3(d) ** 2;
    const e = 3 * phi2(d) + 3 * h;
    expect(vertex.calculate(s).energy).toBeCloseTo(e, 11);
    for (const x of vertex.calculate(s).energies) expect(x).toBeCloseTo(e / 3, 11);
    for (const x of lammps.calculate(s).energies) expect(x).toBeCloseTo(e / 3, 11);
  });

  it("BentTrimer_VertexGivesThreeBodyTermToCentre_LammpsSharesIt", () => {
    // j–i–k with |ij| = |ik| = 2.3 Å at 120°, |jk| beyond the cutoff: one three-body term centred on i.
    const r = 2.3, t = (120 * Math.PI) / 180;
    const s = new Structure({ symbols: ["Si", "Si", "Si"], positions: [0, 0, 0, r, 0, 0, r * Math.cos(t), r * Math.sin(t), 0] });
    const jk = 2 * r * Math.sin(t / 2);
    expect(jk).toBeGreaterThan(3.77118);
    const h = SW_SI.lambda * SW_SI.epsilon * (Math.cos(t) + 1 / 3) ** 2 * g3(r) ** 2;
    const rv = vertex.calculate(s), rl = lammps.calculate(s);
    expect(rv.energies[0]).toBeCloseTo(phi2(r) + h, 12);
    expect(rv.energies[1]).toBeCloseTo(phi2(r) / 2, 12);
    expect(rl.energies[0]).toBeCloseTo(phi2(r) + h / 3, 12);
    expect(rl.energies[2]).toBeCloseTo(phi2(r) / 2 + h / 3, 12);
  });
});

describe("Stillinger–Weber derivatives", () => {
  const structures: [string, Structure][] = [
    ["rattled triclinic 16", rattledTriclinic(7)],
    ["rattled cluster 5", new Structure({
      symbols: Array(5).fill("Si"),
      positions: [0, 0, 0, 2.3, 0.1, 0.05, -0.3, 2.25, 0.2, 0.4, 0.3, 2.4, 1.5, 1.6, 1.4],
    })],
  ];

  for (const [name, s] of structures) {
    it(`Forces_MatchCentralDifferences_${name}`, () => {
      const r = vertex.calculate(s);
      const h = 1e-5;
      let worst = 0;
      for (let q = 0; q < 3 * s.length; q++) {
        const p = s.positions.slice(); p[q] += h;
        const ep = vertex.calculate(s.copy({ positions: p }), { forces: false }).energy;
        p[q] -= 2 * h;
        const em = vertex.calculate(s.copy({ positions: p }), { forces: false }).energy;
        worst = Math.max(worst, Math.abs(-(ep - em) / (2 * h) - r.forces![q]));
      }
      expect(worst).toBeLessThan(1e-6);
    });

    it(`PerAtomEnergies_SumToTotal_BothSplits_${name}`, () => {
      const rv = vertex.calculate(s), rl = lammps.calculate(s);
      expect(sum(rv.energies)).toBeCloseTo(rv.energy, 10);
      expect(sum(rl.energies)).toBeCloseTo(rl.energy, 10);
      expect(rl.energy).toBe(rv.energy);
      // The splits differ atom by atom in a disordered structure.
      let diff = 0;
      for (let i = 0; i < s.length; i++) diff = Math.max(diff, Math.abs(rv.energies[i] - rl.energies[i]));
      expect(diff).toBeGreaterThan(1e-3);
    });
  }

  it("Stress_MatchesStrainDerivative", () => {
    const s = rattledTriclinic(11);
    const r = vertex.calculate(s);
    const V = s.volume();
    const h = 1e-6;
    // Voigt component → symmetric strain ε; σ_v = (1/V) ∂E/∂ε_v (off-diagonal: ε_ab = ε_ba = h/2 each).
    const pairs = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
    const strained = (v: number, x: number) => {
      const e = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      const [a, b] = pairs[v];
      if (a === b) e[3 * a + a] += x; else { e[3 * a + b] += x / 2; e[3 * b + a] += x / 2; }
      const mul = (m: ArrayLike<number>, n: number) => {
        const out = new Float64Array(3 * n);
        for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) out[3 * i + k] = m[3 * i] * e[k] + m[3 * i + 1] * e[3 + k] + m[3 * i + 2] * e[6 + k];
        return out;
      };
      return s.copy({ positions: mul(s.positions, s.length), cell: mul(s.cell, 3) });
    };
    for (let v = 0; v < 6; v++) {
      const ep = vertex.calculate(strained(v, h)).energy, em = vertex.calculate(strained(v, -h)).energy;
      expect(r.stress![v]).toBeCloseTo((ep - em) / (2 * h) / V, 7);
    }
    // Compressed diamond: negative stress.
    const c = vertex.calculate(diamond(5.3, 1));
    expect(c.stress![0]).toBeLessThan(0);
  });
});

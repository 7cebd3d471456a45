// Symmetry functions: values against formulas computed here, analytic derivatives against central
// finite differences (positions h = 1e−5 Å; strain h = 1e−6), invariances, equivalent atoms.
import { describe, expect, it } from "vitest";
import { Structure } from "../src/structure/structure.js";
import { computeDescriptors, defaultSiliconSet, descriptorBytes, type StructureDescriptors, type SymmetryFunction } from "../src/descriptors/index.js";
import { diamond, rng } from "./helpers/lattice.js";

const KERNELS = ["simd", "scalar", "ts"] as const;

/** A set exercising every type and branch: G2 with Rs ≠ 0, G4/G5, integer and non-integer ζ, λ = ±1. */
function mixedSet(el = "Si", rc = 4.2): SymmetryFunction[] {
  return [
    { type: 2, centre: el, neighbours: [el], cutoff: rc, eta: 0.05, rs: 0 },
    { type: 2, centre: el, neighbours: [el], cutoff: rc, eta: 1.2, rs: 2.4 },
    { type: 3, centre: el, neighbours: [el, el], cutoff: rc, eta: 0.01, zeta: 1, lambda: -1 },
    { type: 3, centre: el, neighbours: [el, el], cutoff: rc, eta: 0.01, zeta: 4, lambda: 1 },
    { type: 3, centre: el, neighbours: [el, el], cutoff: rc - 0.7, eta: 0.08, zeta: 2.5, lambda: 1 },
    { type: 9, centre: el, neighbours: [el, el], cutoff: rc, eta: 0.02, zeta: 2, lambda: -1 },
    { type: 9, centre: el, neighbours: [el, el], cutoff: rc, eta: 0.2, zeta: 1.5, lambda: 1 },
  ];
}

/** values[i][f] of every atom (structure order). */
function valuesOf(d: StructureDescriptors): number[][] {
  const out: number[][] = [];
  for (const b of d.byElement) b.atoms.forEach((i, a) => { out[i] = Array.from(b.values.subarray(a * b.nfeatures, (a + 1) * b.nfeatures)); });
  return out;
}

/** Dense ∂G_f(i)/∂r_{j,x} as [i][j][x][f] from the sparse entries (images of j summed). */
function denseDeriv(d: StructureDescriptors): number[][][][] {
  const n = d.natoms;
  const out: number[][][][] = [];
  for (const b of d.byElement) {
    const nf = b.nfeatures;
    b.atoms.forEach((i, a) => {
      out[i] = Array.from({ length: n }, () => [0, 1, 2].map(() => new Array<number>(nf).fill(0)));
      for (let e = b.derivStart![a]; e < b.derivStart![a + 1]; e++) {
        const j = b.derivAtom![e];
        for (let x = 0; x < 3; x++) for (let f = 0; f < nf; f++) out[i][j][x][f] += b.deriv![(e * 3 + x) * nf + f];
      }
    });
  }
  return out;
}

function moved(s: Structure, j: number, x: number, h: number): Structure {
  const p = Float64Array.from(s.positions);
  p[3 * j + x] += h;
  return s.copy({ positions: p });
}

/** Deformation x → (I + h E_αβ) x of positions and cell rows. */
function strained(s: Structure, al: number, be: number, h: number): Structure {
  const map = (v: Float64Array) => { const o = Float64Array.from(v); for (let r = 0; r < v.length / 3; r++) o[3 * r + al] += h * v[3 * r + be]; return o; };
  return s.copy({ positions: map(s.positions), cell: map(s.cell) });
}

/** max over entries of |analytic − FD| / max(|FD|, 1e−3·max|FD|) — relative error with a floor for near-zero entries. */
function relErr(analytic: number[], fd: number[]): number {
  const scale = Math.max(...fd.map(Math.abs));
  let worst = 0;
  analytic.forEach((a, q) => { worst = Math.max(worst, Math.abs(a - fd[q]) / Math.max(Math.abs(fd[q]), 1e-3 * scale)); });
  return worst;
}

function checkPositionFD(s: Structure, fs: SymmetryFunction[], kernel: (typeof KERNELS)[number]): number {
  const d = computeDescriptors(s, fs, { derivatives: true, kernel });
  const D = denseDeriv(d);
  const h = 1e-5;
  const an: number[] = [], fd: number[] = [];
  for (let j = 0; j < s.length; j++) for (let x = 0; x < 3; x++) {
    const vp = valuesOf(computeDescriptors(moved(s, j, x, h), fs, { kernel }));
    const vm = valuesOf(computeDescriptors(moved(s, j, x, -h), fs, { kernel }));
    for (let i = 0; i < s.length; i++) for (let f = 0; f < vp[i].length; f++) {
      an.push(D[i][j][x][f]);
      fd.push((vp[i][f] - vm[i][f]) / (2 * h));
    }
  }
  return relErr(an, fd);
}

function checkStrainFD(s: Structure, fs: SymmetryFunction[], kernel: (typeof KERNELS)[number]): number {
  const d = computeDescriptors(s, fs, { strain: true, kernel });
  const voigt = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
  const h = 1e-6;
  const an: number[] = [], fd: number[] = [];
  voigt.forEach(([al, be], v) => {
    const vp = valuesOf(computeDescriptors(strained(s, al, be, h), fs, { kernel }));
    const vm = valuesOf(computeDescriptors(strained(s, al, be, -h), fs, { kernel }));
    for (const b of d.byElement) b.atoms.forEach((i, a) => {
      for (let f = 0; f < b.nfeatures; f++) {
        an.push(b.strainDeriv![(a * 6 + v) * b.nfeatures + f]);
        fd.push((vp[i][f] - vm[i][f]) / (2 * h));
      }
    });
  });
  return relErr(an, fd);
}

function rattledDiamond(seed: number, amp = 0.15): Structure {
  const r = rng(seed);
  const s = diamond(5.431, 1);
  return s.copy({ positions: Array.from(s.positions, (x) => x + amp * (2 * r() - 1)) });
}

/** 2-atom triclinic cell, much smaller than the cutoff (many images), rattled. */
function strainedTriclinic(): Structure {
  const a = 5.431 / 2;
  const cell = [0, a, a, a, 0, a, a, a, 0].map((x, q) => x + [0.11, -0.05, 0.07, 0.02, 0.13, -0.09, -0.04, 0.06, 0.1][q]);
  return new Structure({
    symbols: ["Si", "Si"], pbc: true, cell,
    positions: [0.03, -0.02, 0.01, 0.25 * (cell[0] + cell[3] + cell[6]) + 0.05, 0.25 * (cell[1] + cell[4] + cell[7]) - 0.04, 0.25 * (cell[2] + cell[5] + cell[8]) + 0.02],
  });
}

const cluster3 = () => new Structure({ symbols: ["Si", "Si", "Si"], positions: [0, 0, 0, 2.31, 0.12, -0.05, 0.7, 2.05, 0.4] });

describe("finite differences", () => {
  for (const kernel of KERNELS) {
    it(`${kernel}: ∂G/∂r vs central FD (h = 1e−5 Å), rel. error ≤ 1e−6, every type, 3 structures`, () => {
      expect(checkPositionFD(rattledDiamond(3), mixedSet(), kernel)).toBeLessThan(1e-6);
      expect(checkPositionFD(strainedTriclinic(), mixedSet(), kernel)).toBeLessThan(1e-6);
      expect(checkPositionFD(cluster3(), mixedSet(), kernel)).toBeLessThan(1e-6);
    });
  }
  it("simd: default Si set (Rc = 6) on a rattled 8-atom cell, ∂G/∂r vs FD ≤ 1e−6", () => {
    expect(checkPositionFD(rattledDiamond(5, 0.1), defaultSiliconSet(), "simd")).toBeLessThan(1e-6);
  });
  for (const kernel of KERNELS) {
    it(`${kernel}: strain derivative vs finite strain (h = 1e−6), rel. error ≤ 1e−6`, () => {
      expect(checkStrainFD(rattledDiamond(7), mixedSet(), kernel)).toBeLessThan(1e-6);
      expect(checkStrainFD(strainedTriclinic(), mixedSet(), kernel)).toBeLessThan(1e-6);
    });
  }
  it("two elements (Si + C): G2 by neighbour element, G4/G5 by unordered pair, both centres, FD ≤ 1e−6", () => {
    const fs: SymmetryFunction[] = [];
    for (const c of ["Si", "C"]) {
      for (const nb of ["C", "Si"]) fs.push({ type: 2, centre: c, neighbours: [nb], cutoff: 4.5, eta: 0.3, rs: 1.0 });
      for (const pair of [["Si", "Si"], ["Si", "C"], ["C", "Si"], ["C", "C"]]) {
        fs.push({ type: 3, centre: c, neighbours: pair, cutoff: 4.5, eta: 0.02, zeta: 2, lambda: -1 });
        fs.push({ type: 9, centre: c, neighbours: pair, cutoff: 4.0, eta: 0.05, zeta: 1, lambda: 1 });
      }
    }
    const r = rng(11);
    const s0 = diamond(4.9, 1);
    const s = new Structure({
      symbols: ["Si", "C", "Si", "C", "C", "Si", "Si", "Si"], cell: s0.cell, pbc: true,
      positions: Array.from(s0.positions, (x) => x + 0.2 * (2 * r() - 1)),
    });
    for (const kernel of KERNELS) {
      expect(checkPositionFD(s, fs, kernel)).toBeLessThan(1e-6);
      expect(checkStrainFD(s, fs, kernel)).toBeLessThan(1e-6);
    }
    // The (Si, C) and (C, Si) functions are the same function: identical columns.
    const v = valuesOf(computeDescriptors(s, fs));
    for (const row of v) {
      expect(row[4]).toBeCloseTo(row[6], 14);
      expect(row[5]).toBeCloseTo(row[7], 14);
      expect(row[4]).toBeGreaterThan(0);
    }
  });
});

describe("values from the formulas", () => {
  const fc = (r: number, rc: number) => (r < rc ? 0.5 * (Math.cos((Math.PI * r) / rc) + 1) : 0);
  it("lone atom: every value and derivative is 0", () => {
    const s = new Structure({ symbols: ["Si"], positions: [1, 2, 3] });
    for (const kernel of KERNELS) {
      const b = computeDescriptors(s, defaultSiliconSet(), { derivatives: true, strain: true, kernel }).byElement[0];
      expect(b.values.length).toBe(26);
      expect(Array.from(b.values).every((x) => x === 0)).toBe(true);
      expect(Array.from(b.deriv!)).toEqual(new Array(78).fill(0));
      expect(Array.from(b.derivAtom!)).toEqual([0]);
    }
  });
  it("dimer (d = 2.35 Å): G2 = exp(−η d²) fc(d), G4 = G5 = 0", () => {
    const d = 2.35, fs = defaultSiliconSet();
    const s = new Structure({ symbols: ["Si", "Si"], positions: [0, 0, 0, d * 0.6, d * 0.8, 0] });
    for (const kernel of KERNELS) {
      const v = valuesOf(computeDescriptors(s, fs, { kernel }));
      fs.forEach((f, q) => {
        const want = f.type === 2 ? Math.exp(-f.eta! * d * d) * fc(d, 6) : 0;
        for (const row of v) expect(Math.abs(row[q] - want)).toBeLessThanOrEqual(1e-14 * Math.max(1, want));
      });
    }
  });
  it("equilateral triangle (side 2.5 Å): G2 = 2 e^(−ηd²) fc, G4 = 2^(1−ζ)(1 + λ/2)^ζ e^(−3ηd²) fc³, G5 with e^(−2ηd²) fc²", () => {
    const d = 2.5, rc = 6;
    const fs: SymmetryFunction[] = [...defaultSiliconSet(), ...defaultSiliconSet().filter((f) => f.type === 3).map((f) => ({ ...f, type: 9 as const }))];
    const s = new Structure({ symbols: ["Si", "Si", "Si"], positions: [0, 0, 0, d, 0, 0, d / 2, (d * Math.sqrt(3)) / 2, 0] });
    for (const kernel of KERNELS) {
      const v = valuesOf(computeDescriptors(s, fs, { kernel }));
      fs.forEach((f, q) => {
        const shape = f.type === 2 ? 0 : 2 ** (1 - f.zeta!) * (1 + f.lambda! / 2) ** f.zeta!;
        const want = f.type === 2 ? 2 * Math.exp(-f.eta! * d * d) * fc(d, rc)
          : f.type === 3 ? shape * Math.exp(-3 * f.eta! * d * d) * fc(d, rc) ** 3
          : shape * Math.exp(-2 * f.eta! * d * d) * fc(d, rc) ** 2;
        for (const row of v) expect(Math.abs(row[q] - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want));
      });
    }
  });
  it("derivative memory: descriptorBytes = 8·entries·3·nf + 4·(entries + atoms + 1) (+ strain)", () => {
    const s = diamond(5.431, 1);
    const d = computeDescriptors(s, defaultSiliconSet(), { derivatives: true });
    // 8 atoms × (1 + 46 neighbours) entries in diamond at Rc = 6 Å.
    expect(descriptorBytes(d)).toBe(8 * 8 * 47 * 3 * 26 + 4 * 8 * 47 + 4 * 9);
    const d2 = computeDescriptors(s, defaultSiliconSet(), { derivatives: true, strain: true });
    expect(descriptorBytes(d2)).toBe(descriptorBytes(d) + 8 * 8 * 6 * 26);
  });
});

describe("invariances", () => {
  const s = rattledDiamond(21);
  const fs = mixedSet("Si", 5.0);
  const ref = valuesOf(computeDescriptors(s, fs));
  const close = (a: number[][], b: number[][]) => {
    let worst = 0;
    a.forEach((row, i) => row.forEach((x, f) => { worst = Math.max(worst, Math.abs(x - b[i][f]) / Math.max(1e-3, Math.abs(b[i][f]))); }));
    return worst;
  };
  it("rotation of positions and cell: same values (≤ 1e−12 relative)", () => {
    const r = rng(4);
    // Random rotation from a unit quaternion.
    let q = [r() - 0.5, r() - 0.5, r() - 0.5, r() - 0.5];
    const nq = Math.hypot(...q); q = q.map((x) => x / nq);
    const [w, x, y, z] = q;
    const R = [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), 2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), 2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)];
    const rot = (v: Float64Array) => { const o = new Float64Array(v.length); for (let k = 0; k < v.length / 3; k++) for (let a = 0; a < 3; a++) o[3 * k + a] = R[3 * a] * v[3 * k] + R[3 * a + 1] * v[3 * k + 1] + R[3 * a + 2] * v[3 * k + 2]; return o; };
    expect(close(valuesOf(computeDescriptors(s.copy({ positions: rot(s.positions), cell: rot(s.cell) }), fs)), ref)).toBeLessThan(1e-12);
  });
  it("translation (also by a lattice vector): same values", () => {
    const t = Float64Array.from(s.positions, (v, q) => v + [1.7, -0.3, 12.1][q % 3]);
    expect(close(valuesOf(computeDescriptors(s.copy({ positions: t }), fs)), ref)).toBeLessThan(1e-12);
    const t2 = Float64Array.from(s.positions, (v, q) => (q < 3 ? v + s.cell[q] : v));
    expect(close(valuesOf(computeDescriptors(s.copy({ positions: t2 }), fs)), ref)).toBeLessThan(1e-12);
  });
  it("permutation of atoms: values permute along", () => {
    const perm = [5, 2, 7, 0, 1, 6, 3, 4];
    const p = new Float64Array(24);
    perm.forEach((old, nw) => { for (let a = 0; a < 3; a++) p[3 * nw + a] = s.positions[3 * old + a]; });
    const v = valuesOf(computeDescriptors(s.copy({ positions: p }), fs));
    expect(close(perm.map((old, nw) => v[nw]), perm.map((old) => ref[old]))).toBeLessThan(1e-12);
  });
  it("equivalent atoms: perfect diamond, fcc, bcc (and strained diamond) give identical G (≤ 1e−12)", () => {
    const fsd = defaultSiliconSet();
    const cubic = (a: number, basis: number[][]) => new Structure({
      symbols: basis.map(() => "Si"), pbc: true, cell: [a, 0, 0, 0, a, 0, 0, 0, a], positions: basis.flatMap((b) => b.map((x) => x * a)),
    });
    const fcc = cubic(3.9, [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]]);
    const bcc = cubic(3.1, [[0, 0, 0], [0.5, 0.5, 0.5]]);
    const dia = diamond(5.431, 2);
    const sd = strained(strained(diamond(5.431, 1), 0, 1, 0.03), 2, 2, -0.02);
    for (const st of [dia, fcc, bcc, sd]) {
      const v = valuesOf(computeDescriptors(st, fsd));
      for (const row of v) row.forEach((x, f) => expect(Math.abs(x - v[0][f])).toBeLessThanOrEqual(1e-12 * Math.abs(v[0][f])));
      expect(v[0][0]).toBeGreaterThan(1);
    }
  });
});

describe("kernels agree on three elements", () => {
  it("Si/C/O random cell (element blocks of odd sizes, G4 only, so pairs beyond Rc are skipped): SIMD = scalar = TS ≤ 1e−12", () => {
    const els = ["Si", "C", "O"];
    const fs: SymmetryFunction[] = [];
    for (const c of els) {
      for (const nb of els) fs.push({ type: 2, centre: c, neighbours: [nb], cutoff: 5.5, eta: 0.2, rs: 0.5 });
      for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++)
        for (const lambda of [-1, 1]) fs.push({ type: 3, centre: c, neighbours: [els[a], els[b]], cutoff: a === b ? 5.5 : 4.8, eta: 0.01, zeta: 2, lambda });
    }
    const r = rng(31);
    const n = 23;
    const s = new Structure({
      symbols: Array.from({ length: n }, (_, i) => els[i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 2]).map((e, i) => (i === 5 ? "Si" : e)),
      cell: [7.1, 0, 0, 0.8, 6.6, 0, -0.5, 0.4, 7.4], pbc: true,
      positions: Array.from({ length: 3 * n }, () => 7 * r()),
    });
    const res = KERNELS.map((kernel) => computeDescriptors(s, fs, { derivatives: true, strain: true, kernel }));
    for (const key of ["values", "deriv", "strainDeriv"] as const) {
      for (let e = 0; e < 3; e++) {
        const ref = res[1].byElement[e][key]!;
        const scale = Math.max(...Array.from(ref, Math.abs));
        expect(scale).toBeGreaterThan(0);
        for (const other of [res[0], res[2]]) {
          const x = other.byElement[e][key]!;
          let worst = 0;
          for (let q = 0; q < ref.length; q++) worst = Math.max(worst, Math.abs(x[q] - ref[q]));
          expect(worst / scale).toBeLessThan(1e-12);
        }
      }
    }
    expect(res[0].byElement.map((b) => b.element)).toEqual(["C", "O", "Si"]);
  });
});

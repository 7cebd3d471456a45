// Every symmetry-function type (n2p2's 2, 3, 9, 12, 13, 20–25) with varied cutoff functions:
// analytic derivatives by positions and strain against central finite differences, rotation,
// translation and permutation invariance, periodic images (a cell and its supercell), the three
// kernels against each other, and values worked out from the formulas on small clusters.
import { describe, expect, it } from "vitest";
import { Structure } from "../src/structure/structure.js";
import { supercell } from "../src/structure/generators.js";
import { computeDescriptors, type StructureDescriptors, type SymmetryFunction } from "../src/descriptors/index.js";
import { diamond, rng } from "./helpers/lattice.js";

const KERNELS = ["simd", "scalar", "ts"] as const;
type Kernel = (typeof KERNELS)[number];

/** Two centre elements, every type, several cutoff functions and compact subtypes; cutoffs ≤ rc. */
function typeSet(rc = 4.2, els = ["S", "Cu"]): SymmetryFunction[] {
  const [a, b] = els;
  const out: SymmetryFunction[] = [];
  for (const c of els) {
    out.push(
      { type: 2, centre: c, neighbours: [b], cutoff: rc, eta: 0.3, rs: 1.0, cutoffType: "poly2", cutoffAlpha: 0.2 },
      { type: 2, centre: c, neighbours: [a], cutoff: rc - 0.3, eta: 0.05, rs: 0, cutoffType: "tanhu" },
      { type: 3, centre: c, neighbours: [a, b], cutoff: rc, eta: 0.02, zeta: 2, lambda: -1, rs: 0.5, cutoffType: "exp" },
      { type: 3, centre: c, neighbours: [b, b], cutoff: rc, eta: 0.01, zeta: 1.5, lambda: 1, cutoffAlpha: 0.3 },
      { type: 9, centre: c, neighbours: [a, a], cutoff: rc, eta: 0.03, zeta: 4, lambda: 1, cutoffType: "poly4" },
      { type: 9, centre: c, neighbours: [a, b], cutoff: rc - 0.2, eta: 0.02, zeta: 1, lambda: -1, rs: 0.8, cutoffType: "tanh" },
      { type: 12, centre: c, neighbours: [], cutoff: rc, eta: 0.1, rs: 0.5, cutoffType: "poly1" },
      { type: 13, centre: c, neighbours: [], cutoff: rc, eta: 0.01, rs: 0.3, zeta: 2, lambda: -1, cutoffType: "poly3", cutoffAlpha: 0.25 },
      { type: 20, centre: c, neighbours: [a], rl: -rc, cutoff: rc, subtype: "p2a" },
      { type: 20, centre: c, neighbours: [b], rl: 1.0, cutoff: rc, subtype: "e" },
      { type: 21, centre: c, neighbours: [a, b], rl: 0.5, cutoff: rc, thetaL: 0, thetaR: 120, subtype: "p3" },
      { type: 22, centre: c, neighbours: [b, b], rl: -rc, cutoff: rc, thetaL: 90, thetaR: 270, subtype: "p2a" },
      { type: 22, centre: c, neighbours: [a, a], rl: 0.4 - rc, cutoff: rc - 0.4, thetaL: -90, thetaR: 90, subtype: "p4" },
      { type: 23, centre: c, neighbours: [], rl: 1.2, cutoff: rc, subtype: "p1a" },
      { type: 24, centre: c, neighbours: [], rl: -rc, cutoff: rc, thetaL: 45, thetaR: 180, subtype: "e" },
      { type: 25, centre: c, neighbours: [], rl: 0.3, cutoff: rc, thetaL: 30, thetaR: 150, subtype: "p2" },
    );
  }
  return out;
}

function valuesOf(d: StructureDescriptors): number[][] {
  const out: number[][] = [];
  for (const b of d.byElement) b.atoms.forEach((i, a) => { out[i] = Array.from(b.values.subarray(a * b.nfeatures, (a + 1) * b.nfeatures)); });
  return out;
}

/** Dense ∂G_f(i)/∂r_{j,x} as [i][j][x][f] (images of j summed). */
function denseDeriv(d: StructureDescriptors): number[][][][] {
  const out: number[][][][] = [];
  for (const b of d.byElement) {
    const nf = b.nfeatures;
    b.atoms.forEach((i, a) => {
      out[i] = Array.from({ length: d.natoms }, () => [0, 1, 2].map(() => new Array<number>(nf).fill(0)));
      for (let e = b.derivStart![a]; e < b.derivStart![a + 1]; e++) {
        const j = b.derivAtom![e];
        for (let x = 0; x < 3; x++) for (let f = 0; f < nf; f++) out[i][j][x][f] += b.deriv![(e * 3 + x) * nf + f];
      }
    });
  }
  return out;
}

const moved = (s: Structure, j: number, x: number, h: number) => {
  const p = Float64Array.from(s.positions);
  p[3 * j + x] += h;
  return s.copy({ positions: p });
};
const strained = (s: Structure, al: number, be: number, h: number) => {
  const map = (v: Float64Array) => { const o = Float64Array.from(v); for (let r = 0; r < v.length / 3; r++) o[3 * r + al] += h * v[3 * r + be]; return o; };
  return s.copy({ positions: map(s.positions), cell: map(s.cell) });
};

/**
 * Per function (column): max |analytic − FD| / max |FD| over all entries of that column, with the
 * column scale floored at 1e−3 × the largest |FD| of all columns (columns that are ~0 on a
 * structure, e.g. S–S functions where the only S neighbours are the atom's own images, carry
 * only finite-difference noise).
 */
function worstByColumn(an: number[][], fd: number[][]): number {
  const all = Math.max(...fd.map((c) => Math.max(...c.map(Math.abs))));
  let worst = 0;
  an.forEach((col, f) => {
    const scale = Math.max(...fd[f].map(Math.abs), 1e-3 * all);
    col.forEach((a, q) => { worst = Math.max(worst, Math.abs(a - fd[f][q]) / scale); });
  });
  return worst;
}

/** Columns of every centre element side by side: index `el:f`. */
function positionFD(s: Structure, fs: SymmetryFunction[], kernel: Kernel): number {
  const D = denseDeriv(computeDescriptors(s, fs, { derivatives: true, kernel }));
  const h = 1e-5;
  const an = new Map<string, number[]>(), fd = new Map<string, number[]>();
  for (let j = 0; j < s.length; j++) for (let x = 0; x < 3; x++) {
    const vp = valuesOf(computeDescriptors(moved(s, j, x, h), fs, { kernel }));
    const vm = valuesOf(computeDescriptors(moved(s, j, x, -h), fs, { kernel }));
    for (let i = 0; i < s.length; i++) for (let f = 0; f < vp[i].length; f++) {
      const k = `${s.symbols[i]}:${f}`;
      if (!an.has(k)) { an.set(k, []); fd.set(k, []); }
      an.get(k)!.push(D[i][j][x][f]);
      fd.get(k)!.push((vp[i][f] - vm[i][f]) / (2 * h));
    }
  }
  return worstByColumn([...an.values()], [...fd.values()]);
}

function strainFD(s: Structure, fs: SymmetryFunction[], kernel: Kernel): number {
  const d = computeDescriptors(s, fs, { strain: true, kernel });
  const h = 1e-6;
  const an = new Map<string, number[]>(), fd = new Map<string, number[]>();
  [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]].forEach(([al, be], v) => {
    const vp = valuesOf(computeDescriptors(strained(s, al, be, h), fs, { kernel }));
    const vm = valuesOf(computeDescriptors(strained(s, al, be, -h), fs, { kernel }));
    for (const b of d.byElement) b.atoms.forEach((i, a) => {
      for (let f = 0; f < b.nfeatures; f++) {
        const k = `${b.element}:${f}`;
        if (!an.has(k)) { an.set(k, []); fd.set(k, []); }
        an.get(k)!.push(b.strainDeriv![(a * 6 + v) * b.nfeatures + f]);
        fd.get(k)!.push((vp[i][f] - vm[i][f]) / (2 * h));
      }
    });
  });
  return worstByColumn([...an.values()], [...fd.values()]);
}

/** Rattled 8-atom zinc-blende-like S4Cu4 cell (a = 5.2 Å). */
function rattledCell(seed: number, amp = 0.25): Structure {
  const r = rng(seed);
  const d = diamond(5.2, 1);
  return new Structure({
    symbols: d.symbols.map((_, i) => (i < 4 ? "S" : "Cu")), cell: Array.from(d.cell), pbc: true,
    positions: Array.from(d.positions, (x) => x + amp * (2 * r() - 1)),
  });
}

/** 3-atom triclinic cell, much smaller than the cutoff (many images). */
function smallCell(): Structure {
  const cell = [2.9, 0.1, 0.2, 0.3, 3.1, -0.1, -0.2, 0.25, 3.3];
  return new Structure({ symbols: ["S", "Cu", "Cu"], pbc: true, cell, positions: [0.1, 0.05, -0.1, 1.4, 1.6, 1.2, 2.2, 0.4, 2.0] });
}

/** 5-atom cluster, no cell. */
const cluster = () => new Structure({
  symbols: ["Cu", "S", "S", "Cu", "S"],
  positions: [0, 0, 0, 2.2, 0.1, -0.2, -0.4, 2.3, 0.3, 1.1, 1.0, 1.9, -1.7, -1.2, 1.0],
});

describe("every type: finite differences", () => {
  const fs = typeSet();
  for (const kernel of KERNELS) {
    const structures = kernel === "ts" ? [cluster(), smallCell()] : [cluster(), smallCell(), rattledCell(3)];
    it(`${kernel}: ∂G/∂r vs central FD (h = 1e−5 Å) ≤ 1e−6 per function, ${structures.length} structures`, () => {
      for (const s of structures) expect(positionFD(s, fs, kernel)).toBeLessThan(1e-6);
    }, 60_000);
    it(`${kernel}: strain derivative vs finite strain (h = 1e−6) ≤ 1e−6 per function`, () => {
      for (const s of kernel === "ts" ? [smallCell()] : [smallCell(), rattledCell(5)]) expect(strainFD(s, fs, kernel)).toBeLessThan(1e-6);
    }, 60_000);
  }
  it("every function is non-zero somewhere (so the checks above test something)", () => {
    const v = [cluster(), smallCell(), rattledCell(3)].flatMap((s) => valuesOf(computeDescriptors(s, fs)));
    const nf = v[0].length;
    for (let f = 0; f < nf; f++) expect(v.some((row) => Math.abs(row[f]) > 1e-6), `function ${f}`).toBe(true);
  });
});

describe("every type: invariances and periodic images", () => {
  const fs = typeSet();
  const s = rattledCell(21);
  const ref = valuesOf(computeDescriptors(s, fs));
  const close = (a: number[][], b: number[][]) => {
    let worst = 0;
    a.forEach((row, i) => row.forEach((x, f) => { worst = Math.max(worst, Math.abs(x - b[i][f]) / Math.max(1e-3, Math.abs(b[i][f]))); }));
    return worst;
  };
  it("rotation of positions and cell: same values (≤ 1e−12 relative)", () => {
    const r = rng(4);
    let q = [r() - 0.5, r() - 0.5, r() - 0.5, r() - 0.5];
    const nq = Math.hypot(...q); q = q.map((x) => x / nq);
    const [w, x, y, z] = q;
    const R = [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), 2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), 2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)];
    const rot = (v: Float64Array) => { const o = new Float64Array(v.length); for (let k = 0; k < v.length / 3; k++) for (let a = 0; a < 3; a++) o[3 * k + a] = R[3 * a] * v[3 * k] + R[3 * a + 1] * v[3 * k + 1] + R[3 * a + 2] * v[3 * k + 2]; return o; };
    for (const kernel of KERNELS) expect(close(valuesOf(computeDescriptors(s.copy({ positions: rot(s.positions), cell: rot(s.cell) }), fs, { kernel })), ref)).toBeLessThan(1e-12);
  });
  it("translation (also by a lattice vector): same values", () => {
    const t = Float64Array.from(s.positions, (v, q) => v + [1.7, -0.3, 12.1][q % 3]);
    expect(close(valuesOf(computeDescriptors(s.copy({ positions: t }), fs)), ref)).toBeLessThan(1e-12);
    const t2 = Float64Array.from(s.positions, (v, q) => (q < 3 ? v + s.cell[q] : v));
    expect(close(valuesOf(computeDescriptors(s.copy({ positions: t2 }), fs)), ref)).toBeLessThan(1e-12);
  });
  it("permutation of atoms (mixing the elements' order): values permute along", () => {
    const perm = [5, 2, 7, 0, 1, 6, 3, 4];
    const p = new Float64Array(24), sym: string[] = [];
    perm.forEach((old, nw) => { sym.push(s.symbols[old]); for (let a = 0; a < 3; a++) p[3 * nw + a] = s.positions[3 * old + a]; });
    for (const kernel of KERNELS) {
      const v = valuesOf(computeDescriptors(new Structure({ symbols: sym, positions: p, cell: s.cell, pbc: true }), fs, { kernel }));
      expect(close(perm.map((_, nw) => v[nw]), perm.map((old) => ref[old]))).toBeLessThan(1e-12);
    }
  });
  it("periodic images: every atom of the 2×1×1 and 1×2×2 supercells has its atom's G (≤ 1e−12), 3-atom cell below the cutoff", () => {
    const small = smallCell();
    const base = valuesOf(computeDescriptors(small, fs));
    for (const [n1, n2, n3] of [[2, 1, 1], [1, 2, 2]]) {
      for (const kernel of KERNELS) {
        const v = valuesOf(computeDescriptors(supercell(small, n1, n2, n3), fs, { kernel }));
        expect(close(v, v.map((_, i) => base[i % small.length]))).toBeLessThan(1e-12);
      }
    }
  });
});

describe("compact angular parts at collinear triples", () => {
  // Supports centred on 180° (90…270) or 0° (−60…60) have C = 1 at θ = 180° or 0°. n2p2 drops
  // triples with |cos θ| ≥ 1, so its G jumps there and depends on rounding; aemap takes the limit.
  const fs: SymmetryFunction[] = [
    { type: 22, centre: "Cu", neighbours: ["S", "S"], rl: -4, cutoff: 4, thetaL: 90, thetaR: 270, subtype: "p2" },
    { type: 24, centre: "Cu", neighbours: [], rl: -4, cutoff: 4, thetaL: -60, thetaR: 60, subtype: "p3a" },
    { type: 2, centre: "S", neighbours: ["Cu"], cutoff: 4, eta: 0.1 },
  ];
  const C = (r: number, h: number) => { const y = Math.abs(r) / h; return ((15 - 6 * y) * y - 10) * y ** 3 + 1; };
  const trimer = (phi: number) => new Structure({ symbols: ["Cu", "S", "S"], positions: [0, 0, 0, 2.1, 0, 0, 2.4 * Math.cos(phi), 2.4 * Math.sin(phi), 0] });
  for (const kernel of KERNELS) {
    it(`${kernel}: S–Cu–S at exactly 180° gives C(r_ij) C(r_ik) · C(180°) = C C · 1, the limit of 180° − δ`, () => {
      const at = (phi: number) => valuesOf(computeDescriptors(trimer(phi), fs, { kernel }))[0];
      const exact = at(Math.PI), bent = at(Math.PI - 1e-7);
      expect(Math.abs(exact[0] - C(2.1, 4) * C(2.4, 4)) / exact[0]).toBeLessThan(1e-14);
      expect(Math.abs(exact[0] - bent[0]) / exact[0]).toBeLessThan(1e-12);
      // Same side (θ = 0°): S at 1.2 and 2.0 Å along x, weighted 16·16.
      const line = new Structure({ symbols: ["Cu", "S", "S"], positions: [0, 0, 0, 1.2, 0, 0, 2.0, 0, 0] });
      const v = valuesOf(computeDescriptors(line, fs, { kernel, derivatives: true }))[0];
      expect(v[1]).toBeGreaterThan(1);
      const d = computeDescriptors(line, fs, { kernel, derivatives: true }).byElement.find((b) => b.element === "Cu")!;
      expect(Array.from(d.deriv!).every(Number.isFinite)).toBe(true);
    });
  }
  it("fcc Cu with supports centred on 0° and 180°: every atom has the same G (≤ 1e−12), collinear images included", () => {
    const a = 3.6;
    const s = supercell(new Structure({
      symbols: ["Cu", "Cu", "Cu", "Cu"], pbc: true, cell: [a, 0, 0, 0, a, 0, 0, 0, a],
      positions: [0, 0, 0, 0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0],
    }), 2, 1, 1);
    const set: SymmetryFunction[] = [
      { type: 22, centre: "Cu", neighbours: ["Cu", "Cu"], rl: -5, cutoff: 5, thetaL: 90, thetaR: 270, subtype: "p2a" },
      { type: 21, centre: "Cu", neighbours: ["Cu", "Cu"], rl: -5, cutoff: 5, thetaL: -90, thetaR: 90, subtype: "p4" },
      { type: 25, centre: "Cu", neighbours: [], rl: 0.5, cutoff: 5, thetaL: 120, thetaR: 240, subtype: "e" },
    ];
    for (const kernel of KERNELS) {
      const v = valuesOf(computeDescriptors(s, set, { kernel }));
      for (const row of v) row.forEach((x, f) => expect(Math.abs(x - v[0][f])).toBeLessThanOrEqual(1e-12 * Math.abs(v[0][f])));
      expect(Math.min(...v[0])).toBeGreaterThan(0.1);
    }
  });
});

describe("every type: the kernels agree", () => {
  it("Si/C/O random cell (weights Z = 14, 6, 8; element blocks of odd sizes): SIMD = scalar = TS ≤ 1e−12 relative", () => {
    const els = ["Si", "C", "O"];
    const fs = [...typeSet(4.6, ["C", "O"]), ...typeSet(4.6, ["Si", "C"]).filter((f) => f.centre === "Si")];
    const r = rng(31);
    const n = 17;
    const s = new Structure({
      symbols: Array.from({ length: n }, (_, i) => els[i % 3]), cell: [7.1, 0, 0, 0.8, 6.6, 0, -0.5, 0.4, 7.4], pbc: true,
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
  });
});

describe("every type: values from the formulas on small clusters", () => {
  // Expanded polynomial cores (as n2p2 writes them) and the cosine, for hand evaluation.
  const poly = (n: number, x: number) => [0, (2 * x - 3) * x * x + 1, ((15 - 6 * x) * x - 10) * x ** 3 + 1,
    (x * (x * (20 * x - 70) + 84) - 35) * x ** 4 + 1, (x * (x * ((315 - 70 * x) * x - 540) + 420) - 126) * x ** 5 + 1][n];
  const fcCos = (r: number, rc: number) => (r < rc ? 0.5 * (Math.cos((Math.PI * r) / rc) + 1) : 0);
  const fcPoly2 = (r: number, rc: number, a: number) => (r >= rc ? 0 : r < a * rc ? 1 : poly(2, (r - a * rc) / (rc - a * rc)));
  /** Compact C(x) on (lo, hi), core poly n, "a" variant when asym. */
  const C = (n: number, lo: number, hi: number, x: number, asym = false) => {
    if (!(x > lo && x < hi)) return 0;
    const y = Math.abs(x - (lo + hi) / 2) / ((hi - lo) / 2);
    return poly(n, asym ? y * (2 - y) : y);
  };
  const deg = Math.PI / 180;

  // Triangle: centre Cu at the origin, S at distance a on x, Cu at distance b at angle φ.
  const a = 2.3, b = 2.7, phi = 100 * deg;
  const rjk = Math.sqrt(a * a + b * b - 2 * a * b * Math.cos(phi));
  const tri = new Structure({ symbols: ["Cu", "S", "Cu"], positions: [0, 0, 0, a, 0, 0, b * Math.cos(phi), b * Math.sin(phi), 0] });
  const cases: [SymmetryFunction, number][] = [
    [{ type: 2, centre: "Cu", neighbours: ["S"], cutoff: 5, eta: 0.4, rs: 1.5 }, Math.exp(-0.4 * (a - 1.5) ** 2) * fcCos(a, 5)],
    [{ type: 3, centre: "Cu", neighbours: ["S", "Cu"], cutoff: 5, eta: 0.05, zeta: 2, lambda: -1, rs: 0.5, cutoffType: "poly2", cutoffAlpha: 0.1 },
      2 ** -1 * (1 - Math.cos(phi)) ** 2 * Math.exp(-0.05 * ((a - 0.5) ** 2 + (b - 0.5) ** 2 + (rjk - 0.5) ** 2)) * fcPoly2(a, 5, 0.1) * fcPoly2(b, 5, 0.1) * fcPoly2(rjk, 5, 0.1)],
    [{ type: 9, centre: "Cu", neighbours: ["S", "Cu"], cutoff: 3, eta: 0.05, zeta: 1, lambda: 1 },
      (1 + Math.cos(phi)) * Math.exp(-0.05 * (a * a + b * b)) * fcCos(a, 3) * fcCos(b, 3)], // r_jk = 3.88 > Rc: still counts
    [{ type: 12, centre: "Cu", neighbours: [], cutoff: 5, eta: 0.2, rs: 0 }, 16 * Math.exp(-0.2 * a * a) * fcCos(a, 5) + 29 * Math.exp(-0.2 * b * b) * fcCos(b, 5)],
    [{ type: 13, centre: "Cu", neighbours: [], cutoff: 5, eta: 0.01, zeta: 4, lambda: 1, rs: 0 },
      16 * 29 * 2 ** -3 * (1 + Math.cos(phi)) ** 4 * Math.exp(-0.01 * (a * a + b * b + rjk * rjk)) * fcCos(a, 5) * fcCos(b, 5) * fcCos(rjk, 5)],
    [{ type: 20, centre: "Cu", neighbours: ["Cu"], rl: 1, cutoff: 4, subtype: "p3" }, C(3, 1, 4, b)],
    [{ type: 21, centre: "Cu", neighbours: ["S", "Cu"], rl: -5, cutoff: 5, thetaL: 60, thetaR: 180, subtype: "p2a" },
      C(2, -5, 5, a, true) * C(2, -5, 5, b, true) * C(2, -5, 5, rjk, true) * C(2, 60 * deg, 180 * deg, phi)],
    [{ type: 22, centre: "Cu", neighbours: ["S", "Cu"], rl: 0.5, cutoff: 4, thetaL: 0, thetaR: 120, subtype: "p1" },
      C(1, 0.5, 4, a) * C(1, 0.5, 4, b) * C(1, 0, 120 * deg, phi)],
    [{ type: 23, centre: "Cu", neighbours: [], rl: -4, cutoff: 4, subtype: "p4" }, 16 * C(4, -4, 4, a) + 29 * C(4, -4, 4, b)],
    [{ type: 24, centre: "Cu", neighbours: [], rl: -5, cutoff: 5, thetaL: 90, thetaR: 270, subtype: "p2" },
      16 * 29 * C(2, -5, 5, a) * C(2, -5, 5, b) * C(2, -5, 5, rjk) * C(2, 90 * deg, 270 * deg, phi)],
    [{ type: 25, centre: "Cu", neighbours: [], rl: 2.5, cutoff: 4, thetaL: 30, thetaR: 150, subtype: "p3" },
      16 * 29 * C(3, 2.5, 4, a) * C(3, 2.5, 4, b) * C(3, 30 * deg, 150 * deg, phi)], // r_ij = 2.3 < r_l: 0
  ];
  for (const kernel of KERNELS) {
    it(`${kernel}: Cu–S–Cu triangle (100°), centre Cu: each type equals its formula (1e−13), Z weights 16 and 29`, () => {
      const fs = [...cases.map(([f]) => f), { type: 2, centre: "S", neighbours: ["Cu"], cutoff: 5, eta: 0.1 } as SymmetryFunction];
      const v = valuesOf(computeDescriptors(tri, fs, { kernel }))[0];
      cases.forEach(([f, want], q) => expect(Math.abs(v[q] - want), `type ${f.type}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want))));
      expect(v[cases.length - 1]).toBe(0);
      expect(v.slice(0, cases.length - 1).every((x) => x > 1e-8)).toBe(true);
    });
  }

  it("O–H–H–C cluster: weighted radial and angular sums over every neighbour and pair (Z = 1, 1, 6)", () => {
    const pos = [0, 0, 0, 0.97, 0, 0, -0.3, 0.92, 0, 0.2, -0.5, 1.35];
    const s = new Structure({ symbols: ["O", "H", "H", "C"], positions: pos });
    const r = [1, 2, 3].map((j) => Math.hypot(pos[3 * j], pos[3 * j + 1], pos[3 * j + 2]));
    const Z = [1, 1, 6];
    const cos = (j: number, k: number) => (pos[3 * j] * pos[3 * k] + pos[3 * j + 1] * pos[3 * k + 1] + pos[3 * j + 2] * pos[3 * k + 2]) / (r[j - 1] * r[k - 1]);
    const fs: SymmetryFunction[] = [
      { type: 12, centre: "O", neighbours: [], cutoff: 3, eta: 0.5, rs: 0.2 },
      { type: 25, centre: "O", neighbours: [], rl: -3, cutoff: 3, thetaL: 0, thetaR: 180, subtype: "p2" },
      { type: 2, centre: "H", neighbours: ["O"], cutoff: 3, eta: 0.1 },
      { type: 2, centre: "C", neighbours: ["O"], cutoff: 3, eta: 0.1 },
    ];
    let g12 = 0, g25 = 0;
    for (let j = 1; j <= 3; j++) {
      g12 += Z[j - 1] * Math.exp(-0.5 * (r[j - 1] - 0.2) ** 2) * fcCos(r[j - 1], 3);
      for (let k = j + 1; k <= 3; k++) g25 += Z[j - 1] * Z[k - 1] * C(2, -3, 3, r[j - 1]) * C(2, -3, 3, r[k - 1]) * C(2, 0, Math.PI, Math.acos(cos(j, k)));
    }
    for (const kernel of KERNELS) {
      const v = valuesOf(computeDescriptors(s, fs, { kernel }))[0];
      expect(Math.abs(v[0] - g12) / g12).toBeLessThan(1e-13);
      expect(Math.abs(v[1] - g25) / g25).toBeLessThan(1e-13);
    }
  });
});

// Structure generators: geometry against hand-computed distances and volumes; invariance
// checked through the SW vertex energies (equivalent atoms must get equal energies); slabs
// against bond counting (each unrelaxed broken bond costs exactly ε = 2.1683 eV in SW, since
// the three-body terms vanish at tetrahedral angles and φ2(r0) ≈ −ε).
import { describe, expect, it } from "vitest";
import {
  crystal, diamond, dimer, isolatedAtom, LATTICE_NAMES, rattle, strain, supercell, tetrahedron, triangle, vacancy, volumeScan,
  type LatticeName,
} from "../src/structure/generators.js";
import { slab } from "../src/structure/slab.js";
import { buildNeighbourList } from "../src/structure/neighbours.js";
import type { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { createRandom, deriveSeed } from "../src/util/random.js";

const sw = new StillingerWeber();
const spread = (a: ArrayLike<number>) => Math.max(...Array.from(a)) - Math.min(...Array.from(a));

/** Sorted distances from atom i to its neighbours within rc. */
function shells(s: Structure, i: number, rc: number): number[] {
  const nl = buildNeighbourList(s, rc);
  return Array.from(nl.distance.subarray(nl.start[i], nl.start[i + 1])).sort((a, b) => a - b);
}
function coordination(s: Structure, rc: number): number[] {
  const nl = buildNeighbourList(s, rc);
  return [...Array(s.length).keys()].map((i) => nl.start[i + 1] - nl.start[i]);
}

describe("crystals", () => {
  const a = 5.0;
  // [lattice, atoms in conventional cell, nearest-neighbour distance, coordination]
  const c = 0.552 * a;
  const table: [LatticeName, number, number, number][] = [
    ["diamond", 8, (a * Math.sqrt(3)) / 4, 4],
    ["fcc", 4, a / Math.SQRT2, 12],
    ["bcc", 2, (a * Math.sqrt(3)) / 2, 8],
    ["sc", 1, a, 6],
    ["hcp", 2, a, 12],
    ["sh", 1, 0.94 * a, 2],
    ["beta-Sn", 4, Math.sqrt(a * a / 4 + c * c / 16), 4],
  ];
  for (const [name, natoms, d1, z] of table) {
    it(`${name}_AtomsNearestNeighboursAndEquivalentAtoms`, () => {
      const s = crystal(name, { a });
      expect(s.length).toBe(natoms);
      expect(s.info.family).toBe(name);
      expect(s.info.volume_per_atom as number).toBeCloseTo(Math.abs(s.volume()) / natoms, 10);
      const d = shells(supercell(s, 2, 2, 2), 0, d1 + 0.01);
      expect(d.length).toBe(z);
      for (const x of d) expect(x).toBeCloseTo(d1, 10);
      // Scale so the nearest neighbours sit at 2.4 Å (inside the SW range): all atoms equal.
      const t = crystal(name, { a: (a * 2.4) / d1 });
      expect(spread(sw.calculate(supercell(t, 2, 2, 2)).energies)).toBeLessThan(1e-10);
    });
  }

  it("ByVolumePerAtom_GivesThatVolume_AllLattices", () => {
    for (const name of LATTICE_NAMES) {
      for (const primitive of [false, true]) {
        const s = crystal(name, { volumePerAtom: 20.0, primitive });
        expect(Math.abs(s.volume()) / s.length).toBeCloseTo(20.0, 10);
      }
    }
  });

  it("PrimitiveAndConventional_SameEnergyPerAtom", () => {
    for (const name of ["diamond", "fcc", "bcc", "beta-Sn"] as LatticeName[]) {
      const conv = crystal(name, { volumePerAtom: 17 }), prim = crystal(name, { volumePerAtom: 17, primitive: true });
      expect(prim.length).toBeLessThan(conv.length);
      expect(sw.calculate(prim).energy / prim.length).toBeCloseTo(sw.calculate(conv).energy / conv.length, 10);
    }
  });

  it("VolumeScan_EvenlySpacedVolumes_DiamondMinimumNear20Point02", () => {
    const scan = volumeScan("diamond", { min: 18, max: 22, count: 9 });
    expect(scan.map((s) => s.info.volume_per_atom as number)).toEqual([18, 18.5, 19, 19.5, 20, 20.5, 21, 21.5, 22].map((v) => expect.closeTo(v, 10)));
    // SW diamond minimum: a = 5.431 Å → 5.431³/8 = 20.02 Å³/atom.
    const e = scan.map((s) => sw.calculate(s).energy / s.length);
    expect(e.indexOf(Math.min(...e))).toBe(4);
  });

  it("Strain_MovesCellAndPositions_KeepsAtomsEquivalent", () => {
    const eps = [[0.02, 0.01, -0.005], [0.01, -0.015, 0.004], [-0.005, 0.004, 0.01]];
    for (const name of ["diamond", "hcp", "beta-Sn"] as LatticeName[]) {
      const s = supercell(crystal(name, { volumePerAtom: 20 }), 2, 2, 2);
      const t = strain(s, eps);
      // Exact volume ratio det(I + ε).
      const F = eps.map((r, i) => r.map((x, j) => x + (i === j ? 1 : 0)));
      const det = F[0][0] * (F[1][1] * F[2][2] - F[1][2] * F[2][1]) - F[0][1] * (F[1][0] * F[2][2] - F[1][2] * F[2][0]) + F[0][2] * (F[1][0] * F[2][1] - F[1][1] * F[2][0]);
      expect(t.volume() / s.volume()).toBeCloseTo(det, 12);
      expect(spread(sw.calculate(t).energies)).toBeLessThan(1e-10);
      expect(t.info.invariant).toBe(true);
    }
  });

  it("SupercellAndVacancy_CountsAndCheckEnergy", () => {
    const s = supercell(diamond({ a: 5.431 }), 2, 2, 2);
    expect(s.length).toBe(64);
    expect(s.info.supercell).toEqual([2, 2, 2]);
    const v = vacancy(s, 0);
    expect(v.length).toBe(63);
    expect(v.info.invariant).toBe(false);
    expect(sw.calculate(v).energy).toBeCloseTo(-268.8691997, 6);
  });
});

describe("slabs", () => {
  const bulk = diamond({ a: 5.431 });
  const eps = 2.1683;
  for (const [hkl, layers, perLayer] of [[[1, 0, 0], 8, 2], [[1, 1, 0], 6, 4], [[1, 1, 1], 6, 4], [[2, 1, 1], 6, 4]] as [[number, number, number], number, number][]) {
    it(`Slab${hkl.join("")}_LayersSurfaceAndBrokenBondEnergy`, () => {
      const s = slab(bulk, hkl, { layers, vacuum: 8 });
      const z = [...new Set(Array.from({ length: s.length }, (_, i) => s.positions[3 * i + 2].toFixed(6)))];
      expect(z.length).toBe(layers);
      // Surface normal along z, cell c ⟂ surface, vacuum gap = c − thickness.
      expect(s.cell[8] - (s.info.thickness as number)).toBeCloseTo(8, 10);
      // Atoms per layer in the surface cell built on the conventional cubic cell; the area is
      // V·|n| = a²·|hkl|.
      expect(s.length / layers).toBe(perLayer);
      expect(s.info.surface_area as number).toBeCloseTo(5.431 ** 2 * Math.hypot(...hkl), 8);
      const coord = coordination(s, 2.5);
      const broken = coord.reduce((acc, c) => acc + (4 - c), 0) / 2;
      expect(broken).toBeGreaterThan(0);
      const eBulk = -2 * eps;
      expect(sw.calculate(s).energy - s.length * eBulk).toBeCloseTo(broken * eps, 2);
    });
  }

  it("Slab100_NoVacuumWholePeriods_IsBulk", () => {
    const s = slab(bulk, [1, 0, 0], { layers: 8, vacuum: 0 });
    const r = sw.calculate(s);
    expect(r.energy / s.length).toBeCloseTo(-4.3366, 6);
    expect(spread(r.energies)).toBeLessThan(1e-6);
  });

  it("Slab_NonPeriodicOption_SameEnergyAsPaddedCell", () => {
    const p = slab(bulk, [1, 1, 1], { layers: 6, vacuum: 10 });
    const q = slab(bulk, [1, 1, 1], { layers: 6, vacuum: 10, periodic: false });
    expect(q.pbc).toEqual([true, true, false]);
    expect(sw.calculate(q).energy).toBeCloseTo(sw.calculate(p).energy, 10);
  });

  it("Slab_BadMiller_Throws", () => {
    expect(() => slab(bulk, [2, 0, 0], { layers: 4 })).toThrow(/common factor/);
    expect(() => slab(bulk, [0, 0, 0], { layers: 4 })).toThrow(/not all zero/);
  });
});

describe("clusters and rattles", () => {
  it("Clusters_AllPairDistancesEqualD", () => {
    const d = 2.3;
    for (const [s, n] of [[dimer(d), 2], [triangle(d), 3], [tetrahedron(d), 4]] as [Structure, number][]) {
      expect(s.length).toBe(n);
      expect(s.pbc).toEqual([false, false, false]);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        expect(Math.hypot(...[0, 1, 2].map((k) => s.positions[3 * i + k] - s.positions[3 * j + k]))).toBeCloseTo(d, 12);
      }
      expect(spread(sw.calculate(s).energies)).toBeLessThan(1e-12);
    }
    const a = isolatedAtom();
    expect(a.length).toBe(1);
    expect(sw.calculate(a).energy).toBe(0);
  });

  it("Rattle_SeededReproducible_StdevIsAmplitude", () => {
    const s = supercell(diamond({ a: 5.431 }), 4, 4, 4);
    const r1 = rattle(s, 0.1, 42), r2 = rattle(s, 0.1, 42), r3 = rattle(s, 0.1, 43);
    expect(Array.from(r1.positions)).toEqual(Array.from(r2.positions));
    expect(Array.from(r1.positions)).not.toEqual(Array.from(r3.positions));
    let m = 0, m2 = 0;
    for (let q = 0; q < s.positions.length; q++) { const d = r1.positions[q] - s.positions[q]; m += d; m2 += d * d; }
    const n = s.positions.length;
    expect(Math.abs(m / n)).toBeLessThan(0.01);
    expect(Math.sqrt(m2 / n)).toBeCloseTo(0.1, 2);
    expect(r1.info.invariant).toBe(false);
  });

  it("Random_NormalHasUnitVariance_DerivedSeedsDiffer", () => {
    const r = createRandom(1);
    let m = 0, m2 = 0;
    const n = 100000;
    for (let q = 0; q < n; q++) { const z = r.normal(); m += z; m2 += z * z; }
    expect(Math.abs(m / n)).toBeLessThan(0.015);
    expect(m2 / n).toBeCloseTo(1, 1);
    expect(deriveSeed(1, "a", 0)).not.toBe(deriveSeed(1, "a", 1));
    expect(deriveSeed(1, "a", 0)).toBe(deriveSeed(1, "a", 0));
  });
});

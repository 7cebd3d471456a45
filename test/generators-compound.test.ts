// Compound generators (zincblende, wurtzite, rocksalt), element vacancies and stoichiometric
// slabs: hand-computed neighbour shells and coordination, compositions, and the
// element_equivalent flag checked through the GaN teacher's vertex energies (atoms of one
// element that are equivalent must get equal energies; where the flag says "no", they differ).
import { describe, expect, it } from "vitest";
import {
  anyCrystal, COMPOUND_LATTICE_NAMES, compound, crystal, elementVacancy, isElementEquivalent, LATTICE_NAMES, rattle, strain,
  supercell, vacancy, volumeScan,
} from "../src/structure/generators.js";
import { slab } from "../src/structure/slab.js";
import { buildNeighbourList } from "../src/structure/neighbours.js";
import type { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { builtinSwPotential } from "../src/teacher/sw-builtin.js";

const gan = new StillingerWeber({ potential: builtinSwPotential("GaN")! });
const spread = (a: number[]) => Math.max(...a) - Math.min(...a);

/** Neighbours of atom i within rc as [distance, element], sorted by distance. */
function shell(s: Structure, i: number, rc: number): [number, string][] {
  const nl = buildNeighbourList(s, rc);
  const out: [number, string][] = [];
  for (let p = nl.start[i]; p < nl.start[i + 1]; p++) out.push([nl.distance[p], s.symbols[nl.index[p]]]);
  return out.sort((x, y) => x[0] - y[0]);
}
/** Vertex energies of the atoms of one element. */
function energiesOf(s: Structure, el: string): number[] {
  const e = gan.calculate(s).energies;
  return s.symbols.flatMap((x, i) => (x === el ? [e[i]] : []));
}

describe("compound crystals", () => {
  it("Zincblende_FourUnlikeNeighboursAtA√3/4_TwelveLikeAtA/√2", () => {
    const a = 4.52;
    for (const primitive of [false, true]) {
      const s = compound("zincblende", { a, primitive }, ["Ga", "N"]);
      expect(s.length).toBe(primitive ? 2 : 8);
      expect(s.composition()).toEqual(primitive ? { Ga: 1, N: 1 } : { Ga: 4, N: 4 });
      expect(s.info.volume_per_atom).toBeCloseTo(a ** 3 / 8, 12);
      for (let i = 0; i < s.length; i++) {
        const sh = shell(s, i, 1.01 * a / Math.SQRT2);
        expect(sh.length).toBe(16);
        for (const [d, el] of sh.slice(0, 4)) { expect(d).toBeCloseTo((a * Math.sqrt(3)) / 4, 12); expect(el).not.toBe(s.symbols[i]); }
        for (const [d, el] of sh.slice(4)) { expect(d).toBeCloseTo(a / Math.SQRT2, 12); expect(el).toBe(s.symbols[i]); }
      }
    }
  });

  it("Rocksalt_SixUnlikeNeighboursAtA/2_TwelveLikeAtA/√2", () => {
    const a = 4.2;
    for (const primitive of [false, true]) {
      const s = compound("rocksalt", { a, primitive }, ["Ga", "N"]);
      expect(s.composition()).toEqual(primitive ? { Ga: 1, N: 1 } : { Ga: 4, N: 4 });
      for (let i = 0; i < s.length; i++) {
        const sh = shell(s, i, 1.01 * a / Math.SQRT2);
        expect(sh.length).toBe(18);
        for (const [d, el] of sh.slice(0, 6)) { expect(d).toBeCloseTo(a / 2, 12); expect(el).not.toBe(s.symbols[i]); }
        for (const [d, el] of sh.slice(6)) { expect(d).toBeCloseTo(a / Math.SQRT2, 12); expect(el).toBe(s.symbols[i]); }
      }
    }
  });

  it("IdealWurtzite_FourUnlikeAtA√(3/8)_TwelveLikeAtA", () => {
    const a = 3.19, s = compound("wurtzite", { a }, ["Ga", "N"]);
    expect(s.length).toBe(4);
    expect(s.info).toMatchObject({ c_over_a: Math.sqrt(8 / 3), u: 0.375 });
    expect(s.info.volume_per_atom).toBeCloseTo((Math.sqrt(3) / 2) * a * a * a * Math.sqrt(8 / 3) / 4, 12);
    for (let i = 0; i < 4; i++) {
      const sh = shell(s, i, 1.01 * a);
      expect(sh.length).toBe(16);
      for (const [d, el] of sh.slice(0, 4)) { expect(d).toBeCloseTo(a * Math.sqrt(3 / 8), 12); expect(el).not.toBe(s.symbols[i]); }
      for (const [d, el] of sh.slice(4)) { expect(d).toBeCloseTo(a, 12); expect(el).toBe(s.symbols[i]); }
    }
  });

  it("NonIdealWurtzite_AxialBondUc_ThreeBasalBonds", () => {
    const a = 3.19, c = 5.189, u = 0.377, s = compound("wurtzite", { a, cOverA: c / a, u }, ["Ga", "N"]);
    const basal = Math.hypot(a / Math.sqrt(3), (0.5 - u) * c);
    for (let i = 0; i < 4; i++) {
      const d = shell(s, i, 2.2).map((x) => x[0]);
      expect(d.length).toBe(4);
      // u c = 1.956 Å > basal 1.949 Å: three basal bonds first, then the axial one.
      for (const x of d.slice(0, 3)) expect(x).toBeCloseTo(basal, 12);
      expect(d[3]).toBeCloseTo(u * c, 12);
    }
    expect(() => compound("wurtzite", { a, u: 0.6 }, ["Ga", "N"])).toThrow("wurtzite u must be in (0, 0.5), got 0.6");
  });

  it("Flags_CompoundsElementEquivalentNotInvariant_OneElementCrystalsUnchanged", () => {
    for (const lat of COMPOUND_LATTICE_NAMES) {
      const s = compound(lat, { a: 4.5 }, ["Ga", "N"]);
      expect(s.info).toMatchObject({ family: lat, lattice: lat, invariant: false, element_equivalent: true, elements: "Ga N" });
      expect(isElementEquivalent(s)).toBe(true);
    }
    const d = crystal("diamond", { a: 5.431 });
    expect("element_equivalent" in d.info).toBe(false);
    expect(isElementEquivalent(d)).toBe(true);
    expect(LATTICE_NAMES).not.toContain("zincblende");
    expect(() => compound("zincblende", { a: 4.5 }, ["Ga", "Ga"])).toThrow(/two different elements/);
    expect(() => anyCrystal("fcc", { a: 4 }, ["Ga", "N"])).toThrow("lattice 'fcc' holds one element, got Ga, N");
  });

  it("ElementalLatticesOfEachElement_ReuseOneElementGenerators", () => {
    for (const el of ["Ga", "N"]) {
      const s = anyCrystal("fcc", { a: 4.1, primitive: true }, el);
      expect(s.symbols).toEqual([el]);
      expect(s.info.invariant).toBe(true);
    }
  });

  it("EveryAtomOfAnElementGetsOneEnergy_InPerfectAndSymmetryKeepingStrainedCells", () => {
    const general = [[0.02, 0.01, -0.015], [0.01, -0.01, 0.012], [-0.015, 0.012, 0.03]];
    const cells: Structure[] = [
      supercell(compound("zincblende", { a: 4.52 }, ["Ga", "N"]), 2, 1, 1),
      strain(compound("zincblende", { a: 4.52 }, ["Ga", "N"]), general),
      strain(compound("rocksalt", { a: 4.2 }, ["Ga", "N"]), general),
      supercell(compound("wurtzite", { a: 3.19, cOverA: 1.626, u: 0.377 }, ["Ga", "N"]), 2, 2, 1),
      strain(compound("wurtzite", { a: 3.19, cOverA: 1.626, u: 0.377 }, ["Ga", "N"]), [[0.03, 0.01, 0], [0.01, -0.02, 0], [0, 0, 0.02]]),
    ];
    for (const s of cells) {
      expect(s.info.element_equivalent).toBe(true);
      for (const el of ["Ga", "N"]) expect(spread(energiesOf(s, el))).toBeLessThan(1e-12);
    }
  });

  it("WurtziteUnderShearBreakingScrewAndGlides_NotElementEquivalent_AndIndeedTheTwoGaDiffer", () => {
    const s = strain(compound("wurtzite", { a: 3.19, cOverA: 1.626, u: 0.377 }, ["Ga", "N"]), [[0, 0, 0.03], [0, 0, 0.02], [0.03, 0.02, 0]]);
    expect(s.info.element_equivalent).toBe(false);
    expect(isElementEquivalent(s)).toBe(false);
    expect(spread(energiesOf(s, "Ga"))).toBeGreaterThan(1e-4);
  });

  it("WurtziteUnderXzShear_KeepsTheCGlideNormalToY_StillElementEquivalent", () => {
    // ε_xz breaks the 2₁ axis but commutes with the glide plane y = const (normal at 90° from a).
    const w = compound("wurtzite", { a: 3.19, cOverA: 1.626, u: 0.377 }, ["Ga", "N"]);
    const s = strain(w, [[0, 0, 0.03], [0, 0, 0], [0.03, 0, 0]]);
    expect(s.info.element_equivalent).toBe(true);
    for (const el of ["Ga", "N"]) expect(spread(energiesOf(s, el))).toBeLessThan(1e-12);
    // Then a yz shear: the accumulated deformation keeps no relating operation.
    const t = strain(s, [[0, 0, 0], [0, 0, 0.02], [0, 0.02, 0]]);
    expect(t.info.element_equivalent).toBe(false);
    expect(spread(energiesOf(t, "Ga"))).toBeGreaterThan(1e-5);
  });

  it("VolumeScan_CompoundFramesAtTheAskedVolumes", () => {
    const scan = volumeScan("wurtzite", { min: 10, max: 12, count: 3 }, { cOverA: 1.63, u: 0.377 }, ["Ga", "N"]);
    expect(scan.map((s) => Math.abs(s.volume()) / s.length)).toEqual([expect.closeTo(10, 12), expect.closeTo(11, 12), expect.closeTo(12, 12)]);
    expect(scan.every((s) => s.info.element_equivalent === true && s.info.c_over_a === 1.63)).toBe(true);
  });

  it("RattleAndVacancy_ClearTheFlag", () => {
    const s = supercell(compound("zincblende", { a: 4.52 }, ["Ga", "N"]), 2, 2, 2);
    expect(rattle(s, 0.01, 1).info.element_equivalent).toBe(false);
    expect(rattle(s, 0, 1).info.element_equivalent).toBe(true);
    expect(vacancy(s, 3).info.element_equivalent).toBe(false);
  });
});

describe("element vacancies", () => {
  it("GaAndNVacancies_OneAtomOfThatElementRemoved_NonStoichiometric", () => {
    const s = supercell(compound("wurtzite", { a: 3.19, cOverA: 1.626, u: 0.377 }, ["Ga", "N"]), 3, 3, 2);
    const vGa = elementVacancy(s, "Ga"), vN = elementVacancy(s, "N", 5);
    expect(vGa.composition()).toEqual({ Ga: 35, N: 36 });
    expect(vN.composition()).toEqual({ Ga: 36, N: 35 });
    expect(vGa.info).toMatchObject({ family: "vacancy", host: "wurtzite", vacancy_element: "Ga", invariant: false, element_equivalent: false });
    // The removed N is the 6th N of the host: its site is recorded.
    const n5 = [...s.symbols.keys()].filter((i) => s.symbols[i] === "N")[5];
    expect(vN.info.vacancy_site).toEqual(Array.from(s.positions.subarray(3 * n5, 3 * n5 + 3)));
    // Its four Ga neighbours lose one bond each: coordination 3 within 2.2 Å.
    const nl = buildNeighbourList(vN, 2.2);
    const cn = [...Array(vN.length).keys()].map((i) => nl.start[i + 1] - nl.start[i]);
    expect(cn.filter((c) => c === 3).length).toBe(4);
    expect(cn.filter((c) => c === 4).length).toBe(67);
    expect(() => elementVacancy(s, "Si")).toThrow("vacancy: no Si atom in the structure (elements N, Ga)");
    expect(() => elementVacancy(s, "N", 36)).toThrow("vacancy: N atom number 36 out of range 0..35");
  });
});

describe("stoichiometric slabs", () => {
  /** Atoms per layer (distinct heights) and their compositions, bottom to top. */
  function layers(s: Structure): { z: number; comp: Record<string, number> }[] {
    const out = new Map<number, Record<string, number>>();
    for (let i = 0; i < s.length; i++) {
      const z = Math.round(s.positions[3 * i + 2] * 1e6) / 1e6;
      const c = out.get(z) ?? {};
      c[s.symbols[i]] = (c[s.symbols[i]] ?? 0) + 1;
      out.set(z, c);
    }
    return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([z, comp]) => ({ z, comp }));
  }
  function coordination(s: Structure, rc: number): number[] {
    const nl = buildNeighbourList(s, rc);
    return [...Array(s.length).keys()].map((i) => nl.start[i + 1] - nl.start[i]);
  }

  it("Wurtzite10m10_EvenLayers_EveryLayerGaNOneToOne_SurfaceAtomsLoseOneBond", () => {
    const a = 3.19, bulk = compound("wurtzite", { a, cOverA: 1.626, u: 0.377 }, ["Ga", "N"]);
    const s = slab(bulk, [1, 0, 0], { layers: 4, vacuum: 10, repeat: [2, 1], stoichiometric: true });
    expect(s.info).toMatchObject({ family: "slab", host: "wurtzite", stoichiometric: true, element_equivalent: false, invariant: false });
    const ls = layers(s);
    expect(ls.length).toBe(4);
    for (const l of ls) expect(l.comp).toEqual({ Ga: 2, N: 2 });
    // (10-10) planes come in pairs d/3 apart, pairs 2d/3 apart (d = a√3/2).
    const d = (a * Math.sqrt(3)) / 2;
    expect(ls.map((l) => l.z - ls[0].z)).toEqual([0, d / 3, d, (4 * d) / 3].map((x) => expect.closeTo(x, 5)));
    const cn = coordination(s, 2.2), z = (i: number) => Math.round(s.positions[3 * i + 2] * 1e6) / 1e6;
    for (let i = 0; i < s.length; i++) expect(cn[i]).toBe(z(i) === ls[0].z || z(i) === ls[3].z ? 3 : 4);
  });

  it("Zincblende110_EveryLayerOneToOne_SurfaceAtomsLoseOneBond", () => {
    const a = 4.52, s = slab(compound("zincblende", { a }, ["Ga", "N"]), [1, 1, 0], { layers: 6, vacuum: 10, stoichiometric: true });
    const ls = layers(s);
    expect(ls.length).toBe(6);
    // The surface cell of the conventional cube's (110) plane, a × a√2: two formula units a layer.
    for (const l of ls) expect(l.comp).toEqual({ Ga: 2, N: 2 });
    // (110) spacing a/(2√2).
    for (let q = 1; q < 6; q++) expect(ls[q].z - ls[q - 1].z).toBeCloseTo(a / (2 * Math.SQRT2), 5);
    const cn = coordination(s, 2.2), z = (i: number) => Math.round(s.positions[3 * i + 2] * 1e6) / 1e6;
    for (let i = 0; i < s.length; i++) expect(cn[i]).toBe(z(i) === ls[0].z || z(i) === ls[5].z ? 3 : 4);
  });

  it("PolarCut_Refused", () => {
    const bulk = compound("wurtzite", { a: 3.19 }, ["Ga", "N"]);
    expect(() => slab(bulk, [0, 0, 1], { layers: 4, stoichiometric: true }))
      .toThrow("slab (0 0 1): layer 1 holds Ga1 N0, not the bulk's Ga:N = 1:1: this surface is not stoichiometric layer by layer (a polar cut?)");
    // Without the check the polar slab is built (whole-slab stoichiometric, polar).
    expect(slab(bulk, [0, 0, 1], { layers: 4 }).composition()).toEqual({ Ga: 2, N: 2 });
  });
});

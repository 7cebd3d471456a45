// Stillinger–Weber teacher against LAMMPS 29 Sep 2021 (pair_style sw, compute pe/atom): the
// fixtures in test/fixtures/lammps/ (regenerate with its run.sh) hold a relaxed vacancy, a
// rattled triclinic cell and a rattled 215-atom vacancy cell, in LAMMPS' own frame.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";

interface Fixture {
  source: string; natoms: number; cell: number[]; positions: number[]; energy: number;
  energies_lammps: number[]; forces: number[]; stress: number[];
}
const load = (name: string): Fixture => JSON.parse(readFileSync(new URL(`./fixtures/lammps/${name}.json`, import.meta.url), "utf8"));
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe("Stillinger–Weber vs LAMMPS", () => {
  const lammps = new StillingerWeber({ split: "lammps" });
  for (const name of ["vacancy63-relaxed", "rattled-triclinic64", "rattled-vacancy215"]) {
    it(`EnergyPerAtomEnergiesForcesStress_MatchLammps_${name}`, () => {
      const f = load(name);
      const s = new Structure({ symbols: Array(f.natoms).fill("Si"), positions: f.positions, cell: f.cell, pbc: true });
      const r = lammps.calculate(s);
      // LAMMPS' Si.sw has cos θ0 = −0.333333333333 (12 digits): a 1e-12-level difference.
      expect(Math.abs(r.energy - f.energy)).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.energies, f.energies_lammps)).toBeLessThan(1e-11);
      expect(maxAbsDiff(r.forces!, f.forces)).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.stress!, f.stress)).toBeLessThan(1e-12);
      // The vertex split has the same total but different atoms' shares where disordered.
      const v = new StillingerWeber({ split: "vertex" }).calculate(s);
      expect(Math.abs(v.energy - f.energy)).toBeLessThan(1e-10);
      if (name !== "vacancy63-relaxed") expect(maxAbsDiff(v.energies, f.energies_lammps)).toBeGreaterThan(1e-3);
    });
  }

  it("RelaxedVacancy_FormationEnergy2836_NeighboursAt179", () => {
    const f = load("vacancy63-relaxed");
    expect(f.energy + 63 * 4.3366).toBeCloseTo(2.836, 3);
    // Distances of atoms to the empty site (the origin), minimum image in the cubic cell.
    const L = f.cell[0];
    const d = [...Array(f.natoms).keys()].map((i) => Math.hypot(...[0, 1, 2].map((k) => {
      const x = f.positions[3 * i + k];
      return x - L * Math.round(x / L);
    }))).sort((a, b) => a - b);
    for (let q = 0; q < 4; q++) expect(d[q]).toBeCloseTo(1.79, 2);
    expect(d[4]).toBeGreaterThan(3);
  });
});

// Symmetry functions on every si-mlearn structure: SIMD kernel vs scalar kernel (values,
// derivatives, strain derivatives) to 1e−12 relative, plain TypeScript on a sample, and the
// equivalent atoms of every Elastic structure.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Structure } from "../src/structure/structure.js";
import { computeDescriptors, defaultSiliconSet, type ElementDescriptors } from "../src/descriptors/index.js";

interface Entry { group: string; structure: { lattice: { matrix: number[][] }; sites: { species: { element: string }[]; xyz: number[] }[] } }

/** Minimal pymatgen-JSON loader (independent of src/io). */
function load(file: string): { s: Structure; group: string }[] {
  const data = JSON.parse(readFileSync(new URL(`../data/si-mlearn/${file}`, import.meta.url), "utf8")) as Entry[];
  return data.map((e) => ({
    group: e.group,
    s: new Structure({
      symbols: e.structure.sites.map((x) => x.species[0].element), pbc: true,
      cell: e.structure.lattice.matrix.flat(), positions: e.structure.sites.flatMap((x) => x.xyz),
    }),
  }));
}

const all = [...load("training.json"), ...load("test.json")];
const fs = defaultSiliconSet();

/** max |a − b| / max |b| over an array. */
function relDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let d = 0, m = 0;
  for (let q = 0; q < a.length; q++) { d = Math.max(d, Math.abs(a[q] - b[q])); m = Math.max(m, Math.abs(b[q])); }
  return m === 0 ? d : d / m;
}

function compare(x: ElementDescriptors, y: ElementDescriptors): number {
  expect(Array.from(x.atoms)).toEqual(Array.from(y.atoms));
  expect(Array.from(x.derivAtom!)).toEqual(Array.from(y.derivAtom!));
  return Math.max(relDiff(x.values, y.values), relDiff(x.deriv!, y.deriv!), relDiff(x.strainDeriv!, y.strainDeriv!));
}

describe("si-mlearn", () => {
  it(`SIMD vs scalar kernel on all ${all.length} structures: values, derivatives, strain ≤ 1e−12 relative`, () => {
    expect(all.length).toBe(239);
    let worst = 0, atoms = 0;
    for (const { s } of all) {
      const a = computeDescriptors(s, fs, { derivatives: true, strain: true, kernel: "simd" }).byElement[0];
      const b = computeDescriptors(s, fs, { derivatives: true, strain: true, kernel: "scalar" }).byElement[0];
      worst = Math.max(worst, compare(a, b));
      atoms += s.length;
    }
    expect(atoms).toBeGreaterThan(13233);
    expect(worst).toBeLessThan(1e-12);
  }, 120_000);

  it("plain TypeScript vs scalar kernel on one structure of each group ≤ 1e−12 relative", () => {
    for (const g of ["Elastic", "Surface", "Vacancy", "AIMD-NVT"]) {
      const { s } = all.find((x) => x.group === g && x.s.length <= 70)!;
      const a = computeDescriptors(s, fs, { derivatives: true, strain: true, kernel: "ts" }).byElement[0];
      const b = computeDescriptors(s, fs, { derivatives: true, strain: true, kernel: "scalar" }).byElement[0];
      expect(compare(a, b)).toBeLessThan(1e-12);
    }
  }, 60_000);

  it("every atom of every Elastic structure has the same G (≤ 1e−12 relative)", () => {
    const elastic = all.filter((x) => x.group === "Elastic");
    expect(elastic.length).toBeGreaterThan(50);
    for (const { s } of elastic) {
      const b = computeDescriptors(s, fs).byElement[0];
      for (let a = 1; a < s.length; a++)
        for (let f = 0; f < 26; f++) expect(Math.abs(b.values[a * 26 + f] - b.values[f])).toBeLessThanOrEqual(1e-12 * Math.abs(b.values[f]));
    }
  });
});

// Recipes with a multi-element teacher: the GaN example recipe (data/recipes/gan-example.json)
// builds labelled frames of every kind — compositions, element equivalence, labels that are
// the GaN teacher's own — and recipe errors name the file and JSON path.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCommand } from "../src/cli/commands/generate.js";
import { readStructures } from "../src/io/files-node.js";
import { buildDataset } from "../src/teacher/dataset.js";
import { parseRecipe } from "../src/teacher/recipe.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { builtinSwPotential } from "../src/teacher/sw-builtin.js";

const path = new URL("../data/recipes/gan-example.json", import.meta.url);
const recipe = parseRecipe(readFileSync(path, "utf8"), "gan-example.json");
const gan = new StillingerWeber({ potential: builtinSwPotential("GaN")! });
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
const tmp = mkdtempSync(join(tmpdir(), "aemap-i16-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("GaN example recipe", () => {
  const frames = buildDataset(recipe);
  const group = (g: string) => frames.filter((f) => f.info.group === g);

  it("Groups_FrameCountsAndCompositions", () => {
    expect(recipe.teacher).toBe("sw:GaN");
    const count: Record<string, number> = {};
    for (const f of frames) count[f.info.group as string] = (count[f.info.group as string] ?? 0) + 1;
    expect(count).toEqual({
      "isolated-Ga": 1, "isolated-N": 1, "gan-dimers": 3, "wurtzite-md-900K": 3, "wurtzite-strain": 2, "zincblende-scan": 3,
      "vacancy-Ga": 2, "vacancy-N-relaxed": 1, "slab-10-10": 2, "ga-diamond-scan": 3, "n-diamond-scan": 3,
    });
    expect(group("isolated-N")[0].symbols).toEqual(["N"]);
    expect(group("gan-dimers")[0].symbols).toEqual(["Ga", "N"]);
    expect(group("wurtzite-md-900K")[0].composition()).toEqual({ Ga: 36, N: 36 });
    expect(group("vacancy-Ga")[0].composition()).toEqual({ Ga: 35, N: 36 });
    expect(group("vacancy-N-relaxed")[0].composition()).toEqual({ Ga: 32, N: 31 });
    expect(group("slab-10-10")[0].composition()).toEqual({ Ga: 24, N: 24 });
    expect(group("slab-10-10")[0].info.stoichiometric).toBe(true);
    expect(group("ga-diamond-scan").every((f) => f.symbols.every((x) => x === "Ga"))).toBe(true);
  });

  it("EveryFrame_LabelsAreTheGaNTeachers_BothSplitsSumToEnergy", () => {
    for (const f of frames) {
      expect(f.info.teacher).toBe("sw:GaN");
      const r = gan.calculate(f);
      expect(f.energy).toBe(r.energy);
      expect(Array.from(f.forces!)).toEqual(Array.from(r.forces!));
      expect(sum(f.arrays.atomic_energy_vertex.values as Float64Array)).toBeCloseTo(f.energy!, 9);
      expect(sum(f.arrays.atomic_energy_lammps.values as Float64Array)).toBeCloseTo(f.energy!, 9);
    }
    expect(group("isolated-Ga")[0].energy).toBe(0);
  });

  it("EquivalenceFlags_ScanAndDimersYes_MdVacancySlabNo", () => {
    expect(group("zincblende-scan").every((f) => f.info.element_equivalent === true && f.info.invariant === false)).toBe(true);
    expect(group("gan-dimers").every((f) => f.info.element_equivalent === true && f.info.invariant === false)).toBe(true);
    expect(group("n-diamond-scan").every((f) => f.info.invariant === true)).toBe(true);
    for (const g of ["wurtzite-md-900K", "vacancy-Ga", "slab-10-10", "wurtzite-strain"]) {
      expect(group(g).every((f) => f.info.element_equivalent === false), g).toBe(true);
    }
  });

  it("RelaxedNVacancy_ForcesBelowTolerance", () => {
    const f = group("vacancy-N-relaxed")[0];
    expect(Math.max(...Array.from(f.forces!).map(Math.abs))).toBeLessThan(1e-4);
  });

  it("Deterministic_SameSeedSameBits", () => {
    const again = buildDataset(recipe);
    expect(again.map((f) => f.energy)).toEqual(frames.map((f) => f.energy));
  });
});

describe("binary recipe errors", () => {
  const bad = (structure: string, teacher = "sw:GaN") => () =>
    parseRecipe(`{"teacher":"${teacher}","groups":[{"name":"a","kind":"static","structure":${structure}}]}`, "r.json");
  it("Errors_NameFileAndJsonPath", () => {
    expect(bad(`{"lattice":"wurtzite","a":3.19}`)).toThrow("r.json: at groups[0].structure.elements: missing: the wurtzite lattice needs elements: [cation, anion]");
    expect(bad(`{"lattice":"zincblende","a":4.5,"elements":["Ga"]}`)).toThrow('at groups[0].structure.elements: the zincblende lattice needs two different elements [cation, anion], found ["Ga"]');
    expect(bad(`{"lattice":"fcc","a":4,"elements":["Ga","N"]}`)).toThrow('at groups[0].structure.elements: the fcc lattice holds one element, found ["Ga","N"]');
    expect(bad(`{"lattice":"fcc","a":4,"element":"Xx"}`)).toThrow('at groups[0].structure.element: expected an element symbol, found "Xx"');
    expect(bad(`{"cluster":"triangle","elements":["Ga","N"]}`)).toThrow('at groups[0].structure.elements: a triangle takes one element or 3 (one per atom), found ["Ga","N"]');
    expect(bad(`{"lattice":"zincblende","a":4.5,"u":0.38,"elements":["Ga","N"]}`)).toThrow("at groups[0].structure.u: u applies to the wurtzite lattice only");
    expect(bad(`{"lattice":"zincblende","a":4.5,"elements":["Ga","N"],"vacancy":["Q"]}`)).toThrow('at groups[0].structure.vacancy: expected an atom index, an element symbol or a list of them, found ["Q"]');
    expect(bad(`{"lattice":"zincblende","a":4.5,"elements":["Ga","As"]}`)).toThrow("r.json: at groups[0].structure: element As is not covered by the teacher sw:GaN (elements Ga, N)");
    expect(bad(`{"lattice":"diamond","a":5.43}`)).toThrow("element Si is not covered by the teacher sw:GaN (elements Ga, N); give element or elements");
    expect(bad(`{"cluster":"atom"}`, "sw:GaN:vertex")).toThrow('at teacher: the dataset stores both splits of the atomic energies; give "sw:GaN"');
    expect(bad(`{"cluster":"atom"}`, "lj")).toThrow('at teacher: expected "sw" or "sw:NAME" (Si, GaN, CdTe, or a LAMMPS .sw file), found "lj"');
  });

  it("TeacherFile_ReadRelativeToTheRecipe_ByGenerate", async () => {
    writeFileSync(join(tmp, "cdte.sw"), readFileSync(new URL("../data/potentials/CdTe.sw", import.meta.url), "utf8"));
    const r = join(tmp, "r.json");
    writeFileSync(r, JSON.stringify({ teacher: "sw:cdte.sw", groups: [{ name: "zb", kind: "static", structure: { lattice: "zincblende", elements: ["Cd", "Te"], a: 6.5064 } }] }));
    const out = join(tmp, "cdte.extxyz");
    await generateCommand.handler!({ recipe: r, out, _: [], $0: "aemap" } as never);
    const [f] = readStructures(out);
    // The relaxed zincblende of this potential: −2.06006 eV/atom.
    expect(f.energy! / f.length).toBeCloseTo(-2.06006, 5);
    expect(f.info.teacher).toBe("sw:cdte.sw");
    expect(() => buildDataset(parseRecipe(readFileSync(r, "utf8"), "r.json"))).toThrow("sw:cdte.sw: not a built-in parameter set (Si, GaN, CdTe), and the file cdte.sw cannot be read (no file reader was given: BuildOptions.readText)");
  });
});

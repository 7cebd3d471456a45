// Dataset builder, recipes, model resolution and the generate / predict commands.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readStructures } from "../src/io/files-node.js";
import { registerModelLoader, resolveCalculator } from "../src/model/resolve.js";
import { buildDataset } from "../src/teacher/dataset.js";
import { parseRecipe } from "../src/teacher/recipe.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { generateCommand } from "../src/cli/commands/generate.js";
import { predictCommand } from "../src/cli/commands/predict.js";

const quickPath = new URL("../data/recipes/quick.json", import.meta.url);
const quick = parseRecipe(readFileSync(quickPath, "utf8"), "quick.json");
const vertex = new StillingerWeber({ split: "vertex" }), lammps = new StillingerWeber({ split: "lammps" });
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
const tmp = mkdtempSync(join(tmpdir(), "aemap-h3-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("recipes", () => {
  const bad = (text: string) => () => parseRecipe(text, "r.json");
  it("Errors_NameFileAndJsonPath", () => {
    expect(bad("{")).toThrow(/^r\.json:1: not valid JSON/);
    expect(bad(`{"groups":[{"name":"a","kind":"md","temperature":600,"structure":{"lattice":"diamond","a":5.431},"frams":3}]}`))
      .toThrow(/r\.json: at groups\[0\]\.frams: unknown key "frams"; expected one of name, kind, structure, frames, temperature/);
    expect(bad(`{"groups":[{"name":"a","kind":"md","frames":2,"temperature":-5,"structure":{"lattice":"diamond","a":5.431}}]}`))
      .toThrow(/at groups\[0\]\.temperature: expected a temperature ≥ 0 \(K\), found -5/);
    expect(bad(`{"groups":[{"name":"a","kind":"static","structure":{"lattice":"diamant","a":5}}]}`))
      .toThrow(/at groups\[0\]\.structure\.lattice: expected "diamond" \| "beta-Sn"/);
    expect(bad(`{"groups":[{"name":"a","kind":"static","structure":{"lattice":"fcc"}}]}`))
      .toThrow(/groups\[0\]\.structure\.a: expected exactly one of a and volumePerAtom/);
    expect(bad(`{"groups":[{"name":"a","kind":"static","structure":{"cluster":"atom"}},{"name":"a","kind":"static","structure":{"cluster":"atom"}}]}`))
      .toThrow(/groups\[1\]\.name: duplicate group name "a"/);
    expect(bad(`{"groups":[{"name":"a","kind":"scan","structure":{"lattice":"fcc"},"volumes":{"min":20,"max":10,"count":3}}]}`))
      .toThrow(/groups\[0\]\.volumes\.max: expected max ≥ min/);
  });

  it("ShippedRecipes_AllParse", () => {
    for (const name of ["quick", "paper-diverse", "vacancy63-only", "slab100-8L-only", "lattice-scans"]) {
      const r = parseRecipe(readFileSync(new URL(`../data/recipes/${name}.json`, import.meta.url), "utf8"), name);
      expect(r.groups.length).toBeGreaterThan(0);
    }
  });
});

describe("dataset builder", () => {
  const frames = buildDataset(quick);

  it("QuickRecipe_FrameCountsPerGroup", () => {
    const count: Record<string, number> = {};
    for (const f of frames) count[f.info.group as string] = (count[f.info.group as string] ?? 0) + 1;
    expect(count).toEqual({
      "isolated-atom": 1, dimers: 3, "diamond-rattled": 2, "lattice-scan-fcc": 3, "strain-diamond": 2,
      "slab-100-4L": 1, "vacancy-63-600K": 2, amorphous: 2,
    });
    expect(frames.find((f) => f.info.group === "vacancy-63-600K")!.length).toBe(63);
  });

  it("EveryFrame_LabelsAreTheTeachersOwn_BothSplitsSumToEnergy", () => {
    for (const f of frames) {
      const v = vertex.calculate(f), l = lammps.calculate(f);
      expect(f.energy).toBeCloseTo(v.energy, 10);
      for (let q = 0; q < f.forces!.length; q++) expect(f.forces![q]).toBeCloseTo(v.forces![q], 10);
      const av = f.arrays.atomic_energy_vertex.values as Float64Array, al = f.arrays.atomic_energy_lammps.values as Float64Array;
      expect(Array.from(av)).toEqual(Array.from(v.energies));
      expect(Array.from(al)).toEqual(Array.from(l.energies));
      expect(sum(av)).toBeCloseTo(f.energy!, 9);
      expect(sum(al)).toBeCloseTo(f.energy!, 9);
      expect(f.stress !== undefined).toBe(f.pbc.every((p) => p));
    }
  });

  it("Seeded_SameSeedSameBits_OtherSeedChangesOnlyRandomGroups", () => {
    const again = buildDataset(quick);
    expect(again.map((f) => f.energy)).toEqual(frames.map((f) => f.energy));
    const other = buildDataset(quick, { seed: 99 });
    const e = (fs: typeof frames, g: string) => fs.filter((f) => f.info.group === g).map((f) => f.energy);
    expect(e(other, "lattice-scan-fcc")).toEqual(e(frames, "lattice-scan-fcc"));
    expect(e(other, "vacancy-63-600K")).not.toEqual(e(frames, "vacancy-63-600K"));
    expect(e(other, "diamond-rattled")).not.toEqual(e(frames, "diamond-rattled"));
  });
});

describe("model specs and commands", () => {
  it("ResolveCalculator_SwSpecs_UnknownListsAccepted", () => {
    expect(resolveCalculator("sw", () => "").name).toBe("sw:vertex");
    expect(resolveCalculator("sw:vertex", () => "").name).toBe("sw:vertex");
    expect(resolveCalculator("sw:lammps", () => "").name).toBe("sw:lammps");
    expect(() => resolveCalculator("lj", () => "")).toThrow(/unknown model "lj"; accepted: sw \| sw:vertex \| sw:lammps/);
    registerModelLoader("test-h3 (*.h3)", (s) => s.endsWith(".h3"), (s, read) => {
      expect(read(s)).toBe("content");
      return new StillingerWeber({ split: "lammps" });
    });
    expect(resolveCalculator("m.h3", () => "content").name).toBe("sw:lammps");
    expect(() => registerModelLoader("test-h3 (*.h3)", () => false, () => vertex)).toThrow(/already registered/);
  });

  it("GenerateThenPredict_WritesLabelsAndAtomicEnergyColumn", async () => {
    const out = join(tmp, "quick.extxyz");
    await generateCommand.handler!({ recipe: quickPath.pathname, out, seed: 5, _: [], $0: "aemap" } as never);
    const data = readStructures(out);
    expect(data.length).toBe(16);
    expect(data.every((f) => f.arrays.atomic_energy_lammps !== undefined && f.info.group !== undefined)).toBe(true);
    // Same seed through the library gives the same frames.
    expect(data.map((f) => f.energy)).toEqual(buildDataset(quick, { seed: 5 }).map((f) => expect.closeTo(f.energy!, 9)));
    const pred = join(tmp, "pred.extxyz");
    await predictCommand.handler!({ model: "sw:lammps", files: [out], out: pred, _: [], $0: "aemap" } as never);
    const p = readStructures(pred);
    expect(p.length).toBe(data.length);
    for (let i = 0; i < p.length; i++) {
      expect(p[i].info.model).toBe("sw:lammps");
      expect(p[i].energy).toBeCloseTo(data[i].energy!, 8);
      const a = p[i].arrays.atomic_energy.values as Float64Array, b = data[i].arrays.atomic_energy_lammps.values as Float64Array;
      for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k], 8);
    }
  });

  it("Predict_NonSiStructure_ErrorNamesFileAndFrame", async () => {
    const f = join(tmp, "cu.extxyz");
    writeFileSync(f, `1\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3 pbc="T T T"\nCu 0 0 0\n`);
    await expect(async () => predictCommand.handler!({ model: "sw", files: [f], out: join(tmp, "x.extxyz"), _: [], $0: "aemap" } as never))
      .rejects.toThrow(/cu\.extxyz: frame 1: model sw handles Si; structure has 'Cu'/);
  });
});

// The library as a user meets it (issue 13, item 6): relax() and MD take any Calculator, the Node
// entry's Potential reads and writes model files, train() is quiet unless given a progress sink.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as node from "../src/node.js";
import * as lib from "../src/index.js";
import type { Calculator } from "../src/model/calculator.js";
import type { Structure } from "../src/structure/structure.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { diamond } from "./helpers/lattice.js";
import { randomModel, siGeFunctions, rattledSiGe } from "./helpers/n2p2-models.js";

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "aemap-lib-")); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Stillinger–Weber with every energy doubled: a Calculator that is not the default engine. */
function doubledSW(): Calculator {
  const sw = new lib.StillingerWeber();
  return {
    name: "2×sw", elements: ["Si"],
    calculate(s: Structure, o) {
      const r = sw.calculate(s, o);
      return { energy: 2 * r.energy, energies: r.energies.map((e) => 2 * e), forces: r.forces?.map((f) => 2 * f), stress: r.stress?.map((x) => 2 * x) };
    },
  };
}

describe("relax() and MD with any Calculator", () => {
  const start = rattle(vacancy(diamond(5.431, 2), 0), 0.1, 3);

  it("relax: a calculator's minimum (2 × SW: same geometry as SW, twice the energy), positions and cell", () => {
    for (const cell of [false, true]) {
      const sw = lib.relax(start, { cell, fmax: 1e-4 });
      const twice = lib.relax(start, { cell, fmax: 1e-4, calculator: doubledSW() });
      expect(sw.converged && twice.converged).toBe(true);
      expect(twice.energy).toBeCloseTo(2 * sw.energy, 5);
      // converged means zero force on the calculator's own surface: check with the calculator
      const f = doubledSW().calculate(twice.structure).forces!;
      expect(Math.max(...Array.from(f, Math.abs))).toBeLessThan(1e-4);
      // the same relaxed volume as SW (to the force tolerance: 1e-5 relative)
      expect(Math.abs(twice.structure.volume() / sw.structure.volume() - 1)).toBeLessThan(1e-5);
    }
  });

  it("MD: a calculator drives the dynamics and its total energy is conserved", () => {
    const s = rattle(diamond(5.431, 2), 0.05, 4);
    const md = new lib.MolecularDynamics(s, { calculator: doubledSW(), dt: 0.5 });
    md.setTemperature(300, 1);
    expect(md.potentialEnergy).toBeCloseTo(2 * new lib.StillingerWeber().calculate(s).energy, 9);
    const e0 = md.totalEnergy();
    md.run(100);
    expect(Math.abs(md.totalEnergy() - e0) / s.length).toBeLessThan(2e-4);
    expect(md.potentialEnergy).toBeCloseTo(2 * new lib.StillingerWeber().calculate(md.snapshot()).energy, 9);
    expect(() => new lib.MolecularDynamics(s, { calculator: doubledSW(), engine: lib.engineFromCalculator(doubledSW(), s) })).toThrow(/not both/);
  });
});

describe("Potential files", () => {
  it("Node entry: Potential.fromFile and save round-trip the model; toJSON gives the model file", () => {
    const model = randomModel(siGeFunctions(), ["Si", "Ge"], [rattledSiGe(1)], { seed: 5 });
    const pot = new node.Potential(model, "m");
    const path = join(dir, "m.json");
    pot.save(path);
    const back = node.Potential.fromFile(path);
    expect(back).toBeInstanceOf(lib.Potential);
    const s = rattledSiGe(9);
    expect(back.calculate(s).energy).toBe(new lib.Potential(model).calculate(s).energy);
    expect(lib.parseModel(JSON.stringify(pot), "json")).toEqual(lib.parseModel(readFileSync(path, "utf8"), path));
    expect(() => node.Potential.fromFile(join(dir, "missing.json"))).toThrow(/missing\.json: cannot read the model file/);
    // the browser entry has no file access
    expect("fromFile" in lib.Potential).toBe(false);
  });
});

describe("train() is quiet by default", () => {
  it("writes nothing unless given a progress sink; with one, the split sizes and the epochs", () => {
    const data = [1, 2].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 2), 0), 0.05, k), "vacancy-63"));
    const config = lib.resolveConfig({ network: { hidden: [3] }, optimizer: { epochs: 2 } });
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      lib.train({ train: data }, { config });
      expect(err).not.toHaveBeenCalled();
      expect(out).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally { err.mockRestore(); out.mockRestore(); log.mockRestore(); }
    let text = "";
    lib.train({ train: data }, { config, progress: { write: (s: string) => { text += s; } } });
    expect(text).toMatch(/^train: 2 training structures \(126 atoms\), 0 validation, 0 test\n/);
    expect(text).toMatch(/train 2\/2 .*E [\d.]+ meV\/atom F [\d.]+ meV\/Å/);
  });
});

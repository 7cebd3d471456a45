import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { predictCommand } from "../src/cli/commands/predict.js";
import { evaluateCommand } from "../src/cli/commands/evaluate.js";
import { readStructures, writeStructures } from "../src/io/files-node.js";
import { Potential } from "../src/model/potential.js";
import { exportN2p2 } from "../src/model/n2p2/index.js";
import { randomModel, siGeFunctions, rattledSiGe, toBohrHartree } from "./helpers/n2p2-models.js";

// `--length-unit bohr --energy-unit hartree` on the commands that take a --model: an aemap model is
// exported to n2p2 files, rewritten by hand in Bohr and Hartree (η·BOHR², lengths / BOHR, energies /
// HARTREE, conv_energy = HARTREE), and must predict what the original model predicts, in Å and eV.
let dir: string;
const model = randomModel(siGeFunctions(), ["Si", "Ge"], [rattledSiGe(1), rattledSiGe(2)], { seed: 4 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aemap-units-"));
  const files = exportN2p2(model);
  mkdirSync(join(dir, "pot"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "pot", name), name === "input.nn" ? toBohrHartree(text) : text);
  const s = rattledSiGe(31);
  const r = new Potential(model).calculate(s);
  writeStructures(join(dir, "in.extxyz"), [s.copy({ energy: r.energy + 0.05, forces: r.forces })]);
  // the same structure as an n2p2 input.data in Bohr and Hartree (RuNNer units, like the model)
  writeStructures(join(dir, "in.data"), [s.copy({ energy: r.energy + 0.05, forces: r.forces })], { format: "n2p2", lengthUnit: "bohr", energyUnit: "hartree" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quiet = async (f: () => unknown) => {
  let out = "";
  const so = vi.spyOn(process.stdout, "write").mockImplementation((x: string | Uint8Array) => { out += String(x); return true; });
  const se = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try { await f(); } finally { so.mockRestore(); se.mockRestore(); }
  return out;
};

describe("--length-unit / --energy-unit for n2p2 models", () => {
  it("predict gives the original model's energy and forces in Å and eV", async () => {
    await quiet(() => (predictCommand.handler as (a: unknown) => unknown)({
      files: [join(dir, "in.extxyz")], model: join(dir, "pot", "input.nn"), out: join(dir, "out.extxyz"),
      "length-unit": "bohr", "energy-unit": "hartree",
    }));
    const [p] = readStructures(join(dir, "out.extxyz"));
    const ref = new Potential(model).calculate(readStructures(join(dir, "in.extxyz"))[0]);
    expect(Math.abs(p.energy! - ref.energy)).toBeLessThan(1e-9);
    for (let k = 0; k < ref.forces!.length; k++) expect(Math.abs(p.forces![k] - ref.forces![k])).toBeLessThan(1e-9);
  });

  it("evaluate reports the 50 meV offset written into the labels", async () => {
    const out = await quiet(() => (evaluateCommand.handler as (a: unknown) => unknown)({
      files: [join(dir, "in.extxyz")], model: join(dir, "pot/"), json: true, "length-unit": "bohr", "energy-unit": "hartree",
    }));
    const natoms = readStructures(join(dir, "in.extxyz"))[0].length;
    const report = JSON.parse(out);
    // labels = model energy + 0.05 eV, so the error is −0.05/N eV/atom; forces are the model's own
    expect(report.all.energyMae).toBeCloseTo(0.05 / natoms, 9);
    expect(report.all.forceRmse).toBeLessThan(1e-9);
  });

  it("refuses the unit options for a model that is not an n2p2 potential", async () => {
    await expect(quiet(() => (predictCommand.handler as (a: unknown) => unknown)({
      files: [join(dir, "in.extxyz")], model: "sw", out: join(dir, "x.extxyz"), "length-unit": "bohr",
    }))).rejects.toThrow(/apply to n2p2 potentials/);
  });

  it("reads input.data structures in their own units (--structure-*-unit), and refuses to guess them", async () => {
    const args = { model: join(dir, "pot", "input.nn"), "length-unit": "bohr", "energy-unit": "hartree" };
    // A Bohr model and an input.data without a structure unit: an error naming what to add.
    await expect(quiet(() => (predictCommand.handler as (a: unknown) => unknown)({ ...args, files: [join(dir, "in.data")], out: join(dir, "p0.extxyz") })))
      .rejects.toThrow(/in\.data: an n2p2 input\.data read with a model in bohr and hartree: give the units of the structures too, --structure-length-unit and --structure-energy-unit/);
    await quiet(() => (predictCommand.handler as (a: unknown) => unknown)({
      ...args, files: [join(dir, "in.data")], out: join(dir, "p1.extxyz"), "structure-length-unit": "bohr", "structure-energy-unit": "hartree",
    }));
    const [p] = readStructures(join(dir, "p1.extxyz"));
    const ref = new Potential(model).calculate(readStructures(join(dir, "in.extxyz"))[0]);
    expect(Math.abs(p.energy! - ref.energy)).toBeLessThan(1e-6);
    expect(Math.abs((p.info.ref_energy as number) - (ref.energy + 0.05))).toBeLessThan(1e-6);
    // The same structure read as Å would be a different, compressed structure: a different energy.
    const { readStructures: read } = await import("../src/io/files-node.js");
    const asAngstrom = new Potential(model).calculate(read(join(dir, "in.data"))[0]);
    expect(Math.abs(asAngstrom.energy - ref.energy)).toBeGreaterThan(1);
    // Structure units for a format with fixed units: an error.
    await expect(quiet(() => (evaluateCommand.handler as (a: unknown) => unknown)({ ...args, files: [join(dir, "in.extxyz")], json: true, "structure-length-unit": "bohr" })))
      .rejects.toThrow(/in\.extxyz: --structure-length-unit\/--structure-energy-unit apply to n2p2 input\.data files; this file is extxyz/);
  });
});

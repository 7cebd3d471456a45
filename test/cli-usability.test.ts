// What a new user tripped over (issue 13, item 6): each behaviour checked through the command's
// handler, against values computed here independently (the teacher, the input labels, the model).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trainCommand } from "../src/cli/commands/train.js";
import { evaluateCommand } from "../src/cli/commands/evaluate.js";
import { describeCommand } from "../src/cli/commands/describe.js";
import { predictCommand } from "../src/cli/commands/predict.js";
import { convert } from "../src/cli/commands/convert.js";
import { invariantCommand } from "../src/cli/commands/invariant.js";
import { exportCommand } from "../src/cli/commands/export.js";
import { readStructures, writeStructures } from "../src/io/files-node.js";
import { serialiseModel, parseModel } from "../src/model/model-file.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { mergeRareClasses, type Classification } from "../src/invariant/classes.js";
import { diamond } from "./helpers/lattice.js";
import { randomModel, siGeFunctions, rattledSiGe } from "./helpers/n2p2-models.js";

let dir: string;
let labelled: string; // 3 rattled 63-atom cells labelled by the SW teacher, energies + 0.05 eV
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aemap-usability-"));
  labelled = join(dir, "labelled.extxyz");
  writeStructures(labelled, [1, 2, 3].map((k) => {
    const s = labelWithTeacher(rattle(vacancy(diamond(5.431, 2), 0), 0.05, k), "vacancy-63");
    return s.copy({ energy: s.energy! + 0.05 });
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a handler; what it wrote to stdout and stderr. */
async function run(handler: unknown, argv: Record<string, unknown>): Promise<{ out: string; err: string }> {
  let out = "", err = "";
  const so = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const se = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  try {
    await (handler as (a: Record<string, unknown>) => unknown)({ _: [], $0: "aemap", ...argv });
  } finally { so.mockRestore(); se.mockRestore(); }
  return { out, err };
}
const trainDefaults = { "monitor-every": 10, "monitor-patience": 0 };

describe("aemap train", () => {
  it("prints the split sizes after the split, progress with units, a units record in every log line", async () => {
    const file = join(dir, "ten.extxyz");
    writeStructures(file, Array.from({ length: 10 }, (_, k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 2), 0), 0.05, 20 + k), "vacancy-63")));
    const cfg = join(dir, "split.json");
    writeFileSync(cfg, JSON.stringify({ network: { hidden: [4] }, optimizer: { epochs: 3 }, split: { valid: 0.2 } }));
    const log = join(dir, "split.log.jsonl");
    const { err } = await run(trainCommand.handler, { ...trainDefaults, train: [file], config: cfg, out: join(dir, "split.json.model"), log });
    expect(err).toMatch(/8 training structures \(504 atoms\), 2 validation, 0 test/);
    expect(err).not.toMatch(/0 validation/);
    expect(err).toMatch(/loss [\d.e+-]+ {2}E [\d.]+ meV\/atom F [\d.]+ meV\/Å {2}valid E [\d.]+ meV\/atom F [\d.]+ meV\/Å/);
    const lines = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l.units).toMatchObject({ energyRmse: "eV/atom", energyMae: "eV/atom", forceRmse: "eV/Å", forceMae: "eV/Å", loss: "(eV/atom)²", time: "s" });
      expect(l.valid.structures).toBe(2);
    }
  });

  it("takes --hidden, --activation, --force-weight, --epochs, --optimizer, --seed over the config file", async () => {
    const cfg = join(dir, "flags.json");
    writeFileSync(cfg, JSON.stringify({ seed: 1, network: { hidden: [6], activation: "tanh" }, loss: { forceCoeff: 0.05 }, optimizer: { epochs: 50 } }));
    const out = join(dir, "flags.model.json");
    await run(trainCommand.handler, {
      ...trainDefaults, train: [labelled], config: cfg, out,
      hidden: "7,5", activation: "sigmoid", "force-weight": 0.2, epochs: 2, optimizer: "adam", seed: 9,
    });
    const m = parseModel(readFileSync(out, "utf8"), out);
    expect(m.networks[0].hidden).toEqual([7, 5]);
    expect(m.networks[0].activation).toBe("sigmoid");
    expect(m.training!.config.loss.forceCoeff).toBe(0.2);
    expect(m.training!.config.optimizer.type).toBe("adam");
    expect(m.training!.config.seed).toBe(9);
    expect(m.training!.epochs).toBe(2);
    // the untouched keys keep the file's values
    expect(m.training!.config.optimizer.memory).toBe(100);
    await expect(run(trainCommand.handler, { ...trainDefaults, train: [labelled], out, hidden: "30,x" })).rejects.toThrow(/^--hidden 30,x: expected layer widths separated by commas, e\.g\. --hidden 30,30/);
    await expect(run(trainCommand.handler, { ...trainDefaults, train: [labelled], out, "force-weight": -1 })).rejects.toThrow(/^--force-weight: 'loss\.forceCoeff' is -1, expected a number ≥ 0/);
  });
});

describe("units and numbering in machine-readable output", () => {
  it("evaluate --json carries a units record beside the numbers", async () => {
    const { out } = await run(evaluateCommand.handler, { model: "sw", files: [labelled], json: true });
    const r = JSON.parse(out);
    expect(r.units).toEqual({ energyMae: "eV/atom", energyRmse: "eV/atom", forceMae: "eV/Å", forceRmse: "eV/Å", stressMae: "GPa", stressRmse: "GPa" });
    // labels = SW + 0.05 eV on 63 atoms: the energy error is 0.05/63 eV/atom, the force error 0
    expect(r.all.energyMae).toBeCloseTo(0.05 / 63, 10);
    expect(r.all.forceRmse).toBeLessThan(1e-9);
  });

  it("describe numbers frames and atoms from 0", async () => {
    const out = join(dir, "g.json");
    await run(describeCommand.handler, { files: [labelled], out });
    const atoms = JSON.parse(readFileSync(out, "utf8")).atoms as { frame: number; atom: number }[];
    expect(atoms).toHaveLength(3 * 63);
    expect([atoms[0].frame, atoms[0].atom]).toEqual([0, 0]);
    expect([atoms[63].frame, atoms[63].atom]).toEqual([1, 0]);
    expect([atoms.at(-1)!.frame, atoms.at(-1)!.atom]).toEqual([2, 62]);
  });
});

describe("aemap predict", () => {
  it("keeps the reference energy, forces and stress beside the predictions", async () => {
    const out = join(dir, "pred.extxyz");
    await run(predictCommand.handler, { model: "sw", files: [labelled], out });
    const inp = readStructures(labelled), pred = readStructures(out);
    const sw = new StillingerWeber({ split: "vertex" });
    pred.forEach((p, i) => {
      const r = sw.calculate(inp[i]);
      expect(p.energy).toBeCloseTo(r.energy, 9);
      expect(p.info.ref_energy).toBe(inp[i].energy);
      expect(Array.from(p.arrays.ref_forces.values as ArrayLike<number>)).toEqual(Array.from(inp[i].forces!));
      const [xx, yy, zz, yz, xz, xy] = inp[i].stress!;
      expect(p.info.ref_stress).toEqual([xx, xy, xz, xy, yy, yz, xz, yz, zz]);
    });
    // the file gives a parity plot: prediction − reference = −0.05 eV in every frame
    for (const p of pred) expect(p.energy! - (p.info.ref_energy as number)).toBeCloseTo(-0.05, 9);
  });
});

describe("aemap convert: frame selection", () => {
  const energies = [-1, -2, -3, -4, -5];
  let five: string;
  beforeAll(() => {
    five = join(dir, "five.extxyz");
    const s = readStructures(labelled)[0];
    writeStructures(five, energies.map((e) => s.copy({ energy: e })));
  });
  const pick = async (input: string, index?: string) => {
    const out = join(dir, `sel-${Math.random().toString(36).slice(2)}.extxyz`);
    await run(convert.handler, { input, output: out, ...(index !== undefined ? { index } : {}) });
    return readStructures(out).map((s) => s.energy);
  };
  it("accepts ASE's FILE@INDEX and --index (integers from 0, negative from the end, Python slices)", async () => {
    expect(await pick(`${five}@0`)).toEqual([-1]);
    expect(await pick(`${five}@-1`)).toEqual([-5]);
    expect(await pick(`${five}@::2`)).toEqual([-1, -3, -5]);
    expect(await pick(`${five}@1:3`)).toEqual([-2, -3]);
    expect(await pick(`${five}@-2:`)).toEqual([-4, -5]);
    expect(await pick(five, "::-1")).toEqual([-5, -4, -3, -2, -1]);
    expect(await pick(five, "3")).toEqual([-4]);
  });
  it("names the argument of a bad index", async () => {
    await expect(pick(`${five}@7`)).rejects.toThrow(new RegExp(`^${five.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}@7: frame 7 does not exist \\(5 frames: 0 to 4`));
    await expect(pick(five, "x")).rejects.toThrow(/^--index x: 'x' is not a frame index/);
    await expect(pick(five, "::0")).rejects.toThrow(/^--index ::0: slice '::0': step must not be 0/);
    await expect(pick(five, "1:2:3:4")).rejects.toThrow(/^--index 1:2:3:4: '1:2:3:4' has 3 colons/);
    await expect(pick(`${five}@9:`)).rejects.toThrow(/@9:: selects none of the 5 frames/);
    await expect(pick(`${five}@0`, "1")).rejects.toThrow(/either as FILE@INDEX or with --index, not both/);
  });
});

describe("aemap invariant without a reference", () => {
  it("says what to add instead of printing a table of dashes", async () => {
    await expect(run(invariantCommand.handler, { model: "sw", points: "default" }))
      .rejects.toThrow(/none of the \d+ invariant points has a reference value.*add --reference sw.*--isolated-atom Si=E/);
  });
});

describe("advisor labels", () => {
  it("labels merged rare classes by what they hold, not by a mean coordination of unlike atoms", () => {
    // 5 structures of 200 atoms: 990 four-coordinated atoms; one structure also has one 1-, one 2-
    // and eight 3-coordinated atoms (each seen in one structure only: rare, merged).
    const ids = [0, 1, 2, 3];
    const assignment = Array.from({ length: 5 }, (_, s) => Int32Array.from({ length: 200 }, (_, i) => (s > 0 || i >= 10 ? 0 : i < 3 ? 1 + i : 3)));
    const c: Classification = {
      method: "coordination",
      classes: ids.map((id) => ({ id, element: "Si", label: `Si ${[4, 1, 2, 3][id]}-coordinated`, atoms: assignment.reduce((n, a) => n + a.filter((k) => k === id).length, 0), structures: assignment.filter((a) => a.includes(id)).length, meanCoordination: [4, 1, 2, 3][id] })),
      assignment,
    };
    const merged = mergeRareClasses(c);
    expect(merged.classes.map((k) => k.label)).toEqual(["Si 4-coordinated", "Si, 3 uncommon environments merged (1- to 3-coordinated)"]);
    expect(merged.classes[1].atoms).toBe(1 + 1 + 8);
  });
});

describe("aemap export --format n2p2", () => {
  it("prints the model's cutoff in complete pair_style hdnnp / pair_coeff lines", async () => {
    const model = randomModel(siGeFunctions(), ["Ge", "Si"], [rattledSiGe(1)], { seed: 2 });
    const file = join(dir, "sige.json");
    writeFileSync(file, serialiseModel(model));
    const out = join(dir, "sige-n2p2");
    const { out: printed } = await run(exportCommand.handler, { model: file, format: "n2p2", out });
    const rc = Math.max(...model.descriptors.map((f) => f.cutoff));
    expect(rc).toBeGreaterThan(0);
    expect(printed).toContain(`pair_style hdnnp ${rc} dir ${out} showew no showewsum 100 maxew 10000 resetew yes cflength 1.0 cfenergy 1.0\n`);
    expect(printed).toContain("pair_coeff * * Si Ge\n"); // LAMMPS types 1, 2 = elements in n2p2's order (by Z)
    expect(readFileSync(join(out, "input.nn"), "utf8")).not.toContain("<rc>");
    expect(existsSync(join(out, "weights.014.data"))).toBe(true);
  });
});

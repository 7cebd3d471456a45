import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trainCommand } from "../src/cli/commands/train.js";
import { writeStructures } from "../src/io/files-node.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { parseModel } from "../src/model/model-file.js";
import { Potential } from "../src/model/potential.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { diamond } from "./helpers/lattice.js";
import { generateInvariantPoints, parsePointsSpec } from "../src/invariant/points.js";

// `aemap train` with the invariant-point monitor: fixed-ratio data (63-atom vacancy cells only),
// perfect diamond as the invariant point with the SW teacher as reference (−4.3366 eV/atom).
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aemap-trainmon-"));
  const data = [1, 2, 3, 4].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 2), 0), 0.05, k), "vacancy-63"));
  writeStructures(join(dir, "train.extxyz"), data);
  writeFileSync(join(dir, "cfg.json"), JSON.stringify({ seed: 3, network: { hidden: [6] }, optimizer: { epochs: 30 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("aemap train --monitor-*", () => {
  it("logs the invariant error every k epochs and writes the best-invariant model", async () => {
    let out = "";
    const so = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
    const se = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await (trainCommand.handler as (a: unknown) => unknown)({
        train: [join(dir, "train.extxyz")], config: join(dir, "cfg.json"), out: join(dir, "model.json"), log: join(dir, "log.jsonl"),
        "monitor-points": "diamond", "monitor-reference": ["sw"], "monitor-every": 5, "monitor-patience": 0,
        "best-invariant": join(dir, "best.json"),
      });
    } finally { so.mockRestore(); se.mockRestore(); }
    const lines = readFileSync(join(dir, "log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const evaluated = lines.filter((l) => l.invariant);
    // every 5th of 30 epochs
    expect(evaluated.map((l) => l.epoch)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(out).toMatch(/invariant monitor: 7 points; lowest error [\d.]+ meV\/atom at epoch \d+/);
    expect(existsSync(join(dir, "best.json"))).toBe(true);
    // The best model's diamond error, recomputed independently with the SW teacher, equals the lowest logged MAE.
    const best = new Potential(parseModel(readFileSync(join(dir, "best.json"), "utf8"), "best.json"));
    const sw = new StillingerWeber({ split: "vertex" });
    const lowest = Math.min(...evaluated.map((l) => l.invariant.maeMeV));
    const m = /lowest error ([\d.]+) meV\/atom at epoch (\d+)/.exec(out)!;
    expect(Number(m[1])).toBeCloseTo(lowest, 2);
    // Independent recomputation: the best model's mean |ε_model − E_SW/N| over the same seven diamond
    // points (volume scan ±15 %), from the model file alone, equals the lowest logged MAE.
    const pts = generateInvariantPoints(parsePointsSpec("diamond"));
    expect(pts.length).toBe(7);
    const errs = pts.map((p) => Math.abs(best.calculate(p.structure).energy - sw.calculate(p.structure).energy) / p.structure.length * 1000);
    expect(errs.reduce((x, y) => x + y, 0) / errs.length).toBeCloseTo(lowest, 6);
  });

  it("refuses monitor points without any reference", async () => {
    await expect(Promise.resolve().then(() => (trainCommand.handler as (a: unknown) => unknown)({
      train: [join(dir, "train.extxyz")], config: join(dir, "cfg.json"), out: join(dir, "m2.json"),
      "monitor-points": "diamond", "monitor-every": 5, "monitor-patience": 0,
    }))).rejects.toThrow(/no invariant point has a reference value/);
    expect(existsSync(join(dir, "m2.json"))).toBe(false);
  });
});

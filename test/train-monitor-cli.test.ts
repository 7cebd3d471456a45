import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trainCommand } from "../src/cli/commands/train.js";
import { readStructures, writeStructures } from "../src/io/files-node.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { parseModel } from "../src/model/model-file.js";
import { Potential } from "../src/model/potential.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { diamond } from "./helpers/lattice.js";
import { generateInvariantPoints, parsePointsSpec } from "../src/invariant/points.js";
import { computeDescriptors } from "../src/descriptors/index.js";

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
    // 7 diamond points (volume scan ±15 %); of these only the ones inside the training
    // descriptor range count (the rattled 63-atom cells cover a narrow band of volumes).
    const m = /invariant monitor: 7 points \((\d) inside the training range; (\d) outside, not counted\); lowest error ([\d.]+) meV\/atom at epoch (\d+)/.exec(out)!;
    expect(m).not.toBeNull();
    expect(Number(m[1]) + Number(m[2])).toBe(7);
    expect(Number(m[1])).toBeGreaterThan(0);
    expect(existsSync(join(dir, "best.json"))).toBe(true);
    // Every logged evaluation says how many points counted and summarises the others apart.
    for (const l of evaluated) {
      expect(l.invariant.points).toBe(Number(m[1]));
      expect(l.invariant.outside.points).toBe(Number(m[2]));
    }
    const lowest = Math.min(...evaluated.map((l) => l.invariant.maeMeV));
    expect(Number(m[3])).toBeCloseTo(lowest, 2);
    // Independent recomputation: the training range of every raw descriptor and the training
    // atoms' scaled vectors x = M (G − c) (model transform), both from the training file; the
    // points whose descriptors all lie in the range and within 0.1 (RMS per feature) of some
    // training atom; the best model's mean |ε_model − E_SW/N| over those = the lowest logged MAE.
    const best = new Potential(parseModel(readFileSync(join(dir, "best.json"), "utf8"), "best.json"));
    const sw = new StillingerWeber({ split: "vertex" });
    const fns = best.model.descriptors, F = fns.length, t = best.model.transforms[0];
    const scale = (g: ArrayLike<number>) => Array.from({ length: t.nOut }, (_, r) => {
      let v = 0;
      for (let f = 0; f < F; f++) v += t.matrix[r * F + f] * (g[f] - t.center[f]);
      return v;
    });
    const lo = new Array(F).fill(Infinity), hi = new Array(F).fill(-Infinity), trainX: number[][] = [];
    for (const s of readStructures(join(dir, "train.extxyz"))) {
      const d = computeDescriptors(s, fns).byElement[0];
      for (let a = 0; a < d.atoms.length; a++) {
        const g = d.values.subarray(a * F, (a + 1) * F);
        g.forEach((x, f) => { lo[f] = Math.min(lo[f], x); hi[f] = Math.max(hi[f], x); });
        trainX.push(scale(g));
      }
    }
    const covered = (g: Float64Array) => {
      if (!Array.from(g).every((x, f) => x >= lo[f] - 1e-9 && x <= hi[f] + 1e-9)) return false;
      const x = scale(g);
      return Math.min(...trainX.map((y) => Math.sqrt(y.reduce((s, v, k) => s + (v - x[k]) ** 2, 0) / t.nOut))) <= 0.1;
    };
    const pts = generateInvariantPoints(parsePointsSpec("diamond"));
    const inside = pts.filter((p) => {
      const d = computeDescriptors(p.structure, fns).byElement[0];
      return [0, 1].every((a) => covered(d.values.subarray(a * F, (a + 1) * F)));
    });
    expect(inside.length).toBe(Number(m[1]));
    const errs = inside.map((p) => Math.abs(best.calculate(p.structure).energy - sw.calculate(p.structure).energy) / p.structure.length * 1000);
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

// The web page's training job (web/src/job.ts) in Node, no browser: it selects the structures it
// says it selects, builds the descriptor sets the page offers, and trains exactly what the library
// trainer trains for the equivalent config (same weight hash), for both optimisers.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { Structure } from "../../src/structure/structure.js";
import { resolveConfig } from "../../src/train/config.js";
import { train } from "../../src/train/trainer.js";
import { StillingerWeber } from "../../src/teacher/stillinger-weber.js";
import { writeStructuresToString } from "../../src/io/index.js";
import { DEFAULT_SETTINGS, jobFunctions, pickPerGroup, runJob, stoppedResult, type EpochRecord, type JobSettings, type JobSnapshot } from "../../web/src/job.js";
import { reportHtml } from "../../web/src/report.js";
import { readPlotData } from "../../src/report/svg.js";
import { parseModel, weightHash } from "../../src/model/model-file.js";
import type { InvariantEvaluation } from "../../src/invariant/evaluate.js";
import { errorFigure, lossFigure } from "../../web/src/plots.js";
import { parseXml } from "../svg-xml.js";
import { checkFigure } from "../svg-figure-check.js";
import { diamond, rng } from "../helpers/lattice.js";

const tagged = (group: string, k: number) => new Structure({ symbols: ["Si"], positions: [[0, 0, 0]], info: { group, k } });

describe("pickPerGroup", () => {
  it("keeps k structures per group at positions ⌊(j + ½)·n/k⌋, in file order", () => {
    // Group A at file indices 0..9 (n = 10), group B at 10..12 (n = 3), interleaved C at the end.
    const list = [...Array.from({ length: 10 }, (_, i) => tagged("A", i)), ...[0, 1, 2].map((i) => tagged("B", i)), tagged("C", 0)];
    const picked = pickPerGroup(list, 2);
    // A: ⌊0.5·10/2⌋ = 2, ⌊1.5·10/2⌋ = 7; B: ⌊0.5·3/2⌋ = 0, ⌊1.5·3/2⌋ = 2; C: only one.
    expect(picked.map((s) => `${s.info.group}${s.info.k}`)).toEqual(["A2", "A7", "B0", "B2", "C0"]);
    expect(pickPerGroup(list, 0)).toBe(list);
    expect(pickPerGroup(list, 50)).toHaveLength(list.length);
  });
});

describe("descriptor choices", () => {
  it("default = 26 functions per Si (8 G2 + 18 G4), radial = the 8 G2, params = the file's lines", () => {
    expect(jobFunctions(DEFAULT_SETTINGS, ["Si"]).map((f) => f.type).join("")).toBe("2".repeat(8) + "3".repeat(18));
    const radial = jobFunctions({ ...DEFAULT_SETTINGS, descriptors: "radial" }, ["Si"]);
    expect(radial.map((f) => f.eta)).toEqual([0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426]);
    const params = "2 1 0 6.0 0.003214 0.0 0.0\n4 1 1 6.0 0.000357 1.0 -1.0\n";
    const p = jobFunctions({ ...DEFAULT_SETTINGS, descriptors: "params", paramsText: params }, ["Si"]);
    expect(p).toHaveLength(2);
    expect(p[1]).toMatchObject({ type: 3, eta: 0.000357, zeta: 1, lambda: -1, cutoff: 6 });
    expect(() => jobFunctions({ ...DEFAULT_SETTINGS, descriptors: "params" }, ["Si"])).toThrow(/params file/);
  });
});

describe("runJob", () => {
  // Eight rattled diamond cells labelled by Stillinger–Weber, written as extxyz text (what a user drops).
  const sw = new StillingerWeber();
  const r = rng(3);
  const frames = Array.from({ length: 6 }, (_, k) => {
    const base = diamond(5.431 * (0.98 + 0.01 * k));
    const s = base.copy({ positions: Float64Array.from(base.positions, (x) => x + 0.08 * (2 * r() - 1)), info: { group: k < 3 ? "a" : "b" } });
    const res = sw.calculate(s);
    return s.copy({ energy: res.energy, forces: res.forces });
  });
  frames.push(diamond(5.431).copy({ energy: -4.3366 * 8, forces: new Float64Array(24), info: { group: "crystal" } }));
  const text = writeStructuresToString(frames, { filename: "sw.extxyz" });
  const files = [{ name: "sw.extxyz", text, role: "train" as const }];

  for (const optimizer of ["lbfgs", "adam"] as const) {
    it(`trains what the library trainer trains for the same config (${optimizer})`, () => {
      const settings: JobSettings = { ...DEFAULT_SETTINGS, optimizer, hidden: [6], epochs: 6, perGroup: 0, batchSize: 3, lr: 0.005, invariantEvery: 2 };
      const epochs: number[] = [];
      const job = runJob(files, settings, { onEpoch: (e) => epochs.push(e.epoch) });
      const config = resolveConfig({
        seed: 1, network: { hidden: [6] }, optimizer: { type: optimizer, epochs: 6, adam: { lr: 0.005, batchSize: 3 } },
      });
      const direct = train({ train: frames, test: [] }, { config, progress: null });
      expect(job.weightHash).toBe(direct.weightHash);
      expect(epochs).toEqual([1, 2, 3, 4, 5, 6]);
      expect(job.history[5].loss).toBeLessThan(job.history[0].loss);
      // The perfect crystal is the one invariant point (every atom equivalent); its reference is E/N.
      expect(job.invariant!.points).toHaveLength(1);
      expect(job.invariant!.points[0].reference).toBe(-4.3366);
      expect(job.history.filter((h) => h.invariantMaeMeV !== undefined).map((h) => h.epoch)).toEqual([2, 4, 6]);
      // The report carries the hash, the metrics per group and the three figures; the loss figure the exact losses.
      const html = reportHtml(job, settings, ["sw.extxyz (train)"], "today");
      expect(html).toContain(job.weightHash);
      expect(html).toMatch(/<td>train<\/td><td>crystal<\/td><td>1<\/td>/);
      expect(html.match(/<svg /g)).toHaveLength(3);
      expect(readPlotData(lossFigure(job.history)).series[0].y).toEqual(job.history.map((h) => h.loss));
    });
  }

  for (const optimizer of ["lbfgs", "adam"] as const) {
    it(`Stop after epoch 3 of 6 keeps the model a 3-epoch job writes, bit for bit (${optimizer})`, () => {
      const settings: JobSettings = { ...DEFAULT_SETTINGS, optimizer, hidden: [6], epochs: 6, perGroup: 0, batchSize: 3, lr: 0.005, invariantEvery: 2 };
      const snaps: JobSnapshot[] = [], history: EpochRecord[] = [];
      let inv: { epoch: number; evaluation: InvariantEvaluation } | null = null;
      runJob(files, settings, {
        onSnapshot: (s) => snaps.push(s), onEpoch: (r) => history.push(r),
        onInvariant: (epoch, evaluation) => { if (epoch <= 3) inv = { epoch, evaluation }; },
      });
      expect(snaps.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
      const stopped = stoppedResult(snaps[2], history, inv);
      let threeAt2: InvariantEvaluation | undefined;
      const three = runJob(files, { ...settings, epochs: 3 }, { onInvariant: (epoch, evaluation) => { if (epoch === 2) threeAt2 = evaluation; } });
      expect(stopped.weightHash).toBe(three.weightHash);
      expect(stopped.model.networks).toEqual(three.model.networks);
      expect(stopped.model.training).toMatchObject({ epochs: 3, weightHash: three.weightHash, dataHash: three.model.training!.dataHash, seed: 1 });
      expect(weightHash(parseModel(stopped.modelText, "kept model"))).toBe(three.weightHash);
      expect(stopped.metrics).toEqual(three.metrics);
      expect(stopped.history).toEqual(three.history);
      expect([stopped.epochs, stopped.stoppedAt, stopped.invariantEpoch]).toEqual([3, 3, 2]);
      // The invariant points as evaluated at epoch 2 (the last evaluation before the stop).
      expect(stopped.invariant!.points.map((p) => p.predicted)).toEqual(threeAt2!.points.map((p) => p.predicted));
      // The report says so, with the kept model's hash.
      const html = reportHtml(stopped, settings, ["sw.extxyz (train)"], "today");
      expect(html).toContain("<strong>Stopped at epoch 3</strong> of 6");
      expect(html).toContain(three.weightHash);
      expect(html).toContain("Last evaluation before the stop, at epoch 2.");
    });
  }

  it("Errors figure: the test RMSE stays visible where the invariant MAE lies on it; the legend covers no data", () => {
    // 50 epochs (line-only curves); the invariant MAE every 5 epochs, equal to the test RMSE there.
    const history: EpochRecord[] = Array.from({ length: 50 }, (_, k) => ({
      epoch: k + 1, loss: 1 / (k + 1), trainEnergyMeV: 400 / (k + 1), trainForceMeV: 0, testEnergyMeV: 500 / (k + 1),
      ...((k + 1) % 5 === 0 ? { invariantMaeMeV: 500 / (k + 1) } : {}),
    }));
    const svg = errorFigure(history);
    const c = checkFigure(svg);
    expect(c.legendOverlaps).toEqual([]);
    expect(c.lookAlike).toEqual([]);
    const d = readPlotData(svg);
    expect(d.series.map((s) => s.name)).toEqual(["train energy RMSE", "test energy RMSE", "invariant-point MAE"]);
    const markersAt = (k: number) => new Set(parseXml(svg).filter((e) => e.attrs.class === "marker" && e.attrs["data-series"] === String(k)).map((e) => e.attrs["data-x"]));
    const test = markersAt(1), invariant = markersAt(2);
    expect(invariant.size).toBe(10);
    expect([...test].filter((x) => !invariant.has(x)).length).toBeGreaterThanOrEqual(5);
  });

  it("reads the bundled Si set and names the file in parse errors", () => {
    const si = readFileSync("data/si-mlearn/test.json", "utf8");
    const job = runJob([{ name: "test.json", text: si, role: "train" }], { ...DEFAULT_SETTINGS, hidden: [4], epochs: 1, perGroup: 1 });
    expect(job.data.groups).toEqual({ "AIMD-NVT": 1, Elastic: 1, Surface: 1, Vacancy: 1 });
    expect(() => runJob([{ name: "broken.extxyz", text: "2\nLattice=\"1 0 0\"\nSi 0 0 0\n", role: "train" }], DEFAULT_SETTINGS)).toThrow(/broken\.extxyz/);
    expect(() => runJob([], DEFAULT_SETTINGS)).toThrow(/no training structures/);
  });
});

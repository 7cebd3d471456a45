import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { invariantCommand } from "../src/cli/commands/invariant.js";
import { adviseCommand } from "../src/cli/commands/advise.js";
import { train } from "../src/train/trainer.js";
import { resolveConfig } from "../src/train/config.js";
import { serialiseModel } from "../src/model/model-file.js";
import { writeStructures } from "../src/io/files-node.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { readPlotData } from "../src/report/svg.js";
import { parseXml } from "./svg-xml.js";
import { diamond } from "./helpers/lattice.js";

// End to end: train a tiny model on SW-labelled 63-atom vacancy cells, then run
// `aemap invariant` with the teacher as reference, the training data for the range check,
// the training log and the known-truth comparison; check the table, JSON and SVG figures.
let dir: string;
const data = [1, 2, 3, 4].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 2), 0), 0.05, k), "vacancy-63"));

function capture(fn: () => void): string {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try { fn(); } finally { spy.mockRestore(); err.mockRestore(); }
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aemap-inv-"));
  const lines: string[] = [];
  const res = train({ train: data }, {
    config: resolveConfig({ seed: 1, network: { hidden: [6] }, optimizer: { epochs: 15 } }), progress: null,
    log: (l) => lines.push(l),
    onEpoch: (info) => ({ extra: { invariant: { maeMeV: 10 + info.epoch, maxMeV: 20 + info.epoch } } }),
  });
  writeFileSync(join(dir, "model.json"), serialiseModel(res.model));
  writeFileSync(join(dir, "train.log"), lines.join("\n") + "\n");
  writeStructures(join(dir, "train.extxyz"), data);
  writeFileSync(join(dir, "fcc.dat"), "# lattice: fcc\n# volume energy\n14.0 -2.5\n15.0 -2.9\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("aemap invariant", () => {
  it("prints the table and writes JSON and figures that carry the plotted values", () => {
    const out = join(dir, "out");
    const text = capture(() => (invariantCommand.handler as (a: unknown) => void)({
      model: join(dir, "model.json"), points: "diamond+dimer+isolated", reference: ["sw", `fcc=${join(dir, "fcc.dat")}`],
      "isolated-atom": ["Si=-0.5"], train: [join(dir, "train.extxyz")], log: join(dir, "train.log"),
      "known-truth": [join(dir, "train.extxyz")], out, json: false,
    }));
    expect(text).toMatch(/Invariant points of model/);
    expect(text).toMatch(/isolated Si .* -0\.500000 +user/);
    expect(text).toMatch(/by environment class \(coordination\)/);
    const ev = JSON.parse(readFileSync(join(out, "invariant.json"), "utf8"));
    // 7 diamond + 9 dimer + 1 isolated + 2 table points.
    expect(ev.points.length).toBe(19);

    for (const p of ev.points.filter((q: { family: string }) => q.family === "diamond" || q.family === "dimer")) {
      expect(p.referenceSource).toBe("sw:vertex");
      expect(p.error).toBeCloseTo(p.predicted - p.reference, 12);
    }
    const fcc = ev.points.filter((q: { family: string }) => q.family === "fcc");
    expect(fcc.map((q: { reference: number }) => q.reference)).toEqual([-2.5, -2.9]);
    // Isolated atom: all G = 0, far outside the training range of bulk-like atoms.
    const iso = ev.points.find((q: { family: string }) => q.family === "isolated");
    expect(iso.outside).toBe(true);
    expect(iso.reference).toBe(-0.5);
    // MAE per family, overall and outside the range from the per-point errors: only the points
    // inside the training range count; the outside ones are summarised apart.
    type P = { family: string; error?: number; outside: boolean; x: number; predicted: number };
    const mean = (ps: P[]) => ps.reduce((s, q) => s + Math.abs(q.error!), 0) / ps.length * 1000;
    const dia: P[] = ev.points.filter((q: P) => q.family === "diamond");
    const diaIn = dia.filter((q) => !q.outside);
    expect(diaIn.length).toBeGreaterThan(0);
    expect(diaIn.length).toBeLessThan(dia.length);
    expect(ev.families.find((f: { family: string }) => f.family === "diamond").maeMeV).toBeCloseTo(mean(diaIn), 9);
    const withRef: P[] = ev.points.filter((q: P) => q.error !== undefined);
    expect(ev.overall.maeMeV).toBeCloseTo(mean(withRef.filter((q) => !q.outside)), 9);
    expect(ev.overall.withReference).toBe(withRef.filter((q) => !q.outside).length);
    expect(ev.outsideRange.maeMeV).toBeCloseTo(mean(withRef.filter((q) => q.outside)), 9);
    expect(text).toMatch(/Not covered by the training data \(\d+ points; the model extrapolates there, so these errors are not averaged below\):/);
    // Without --train the range saved in the model file gives the per-feature verdict: the same
    // points beyond the training min/max; with --train, points within it but far from every
    // training atom are not covered either ("far").
    const own = JSON.parse(capture(() => (invariantCommand.handler as (a: unknown) => void)({
      model: join(dir, "model.json"), points: "diamond+dimer+isolated", reference: ["sw"], json: true,
    })));
    type Q = P & { outsideFeatures: number; distance: number };
    expect(own.points.map((q: Q) => q.outsideFeatures)).toEqual(ev.points.slice(0, 17).map((q: Q) => q.outsideFeatures));
    expect(own.points.map((q: Q) => q.outside)).toEqual(ev.points.slice(0, 17).map((q: Q) => q.outsideFeatures > 0));
    for (const q of ev.points as Q[]) expect(q.outside).toBe(q.outsideFeatures > 0 || q.distance > 0.1);
    // --all-points averages every point again.
    const all = JSON.parse(capture(() => (invariantCommand.handler as (a: unknown) => void)({
      model: join(dir, "model.json"), points: "diamond", reference: ["sw"], json: true, "all-points": true,
    })));
    expect(all.overall.maeMeV).toBeCloseTo(mean(dia), 9);
    // Known truth: two coordination classes, 4 : 59 per structure.
    expect(ev.knownTruth.classes.map((c: { label: string; atoms: number }) => [c.label, c.atoms])).toEqual([["Si 4-coordinated", 4 * 59], ["Si 3-coordinated", 16]]);

    const files = readdirSync(out).sort();
    expect(files).toEqual(["clusters.svg", "energy-volume.svg", "invariant.json", "invariant.txt", "parity.svg", "training.svg"]);
    for (const f of files.filter((x) => x.endsWith(".svg"))) {
      const svg = readFileSync(join(out, f), "utf8");
      expect(parseXml(svg)[0].name).toBe("svg");
    }
    // energy-volume.svg: model series of diamond carries exactly the predicted values.
    const evd = readPlotData(readFileSync(join(out, "energy-volume.svg"), "utf8"));
    const model = evd.series.find((s) => s.name === "diamond model")!;
    expect(model.x).toEqual(dia.map((q: { x: number }) => q.x));
    expect(model.y).toEqual(dia.map((q: { predicted: number }) => q.predicted));
    expect(evd.series.find((s) => s.name === "fcc reference")!.y).toEqual([-2.5, -2.9]);
    const par = readPlotData(readFileSync(join(out, "parity.svg"), "utf8"));
    expect(par.series.find((s) => s.name === "isolated")!.x).toEqual([-0.5]);
    // training.svg: invariant MAE from the log (10 + epoch) and the train RMSE in meV.
    const tr = readPlotData(readFileSync(join(out, "training.svg"), "utf8"));
    const inv = tr.series.find((s) => s.name === "invariant MAE")!;
    expect(inv.x).toEqual([...Array(15).keys()].map((k) => k + 1));
    expect(inv.y).toEqual(inv.x.map((e) => 10 + e));
    const log = readFileSync(join(dir, "train.log"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(tr.series.find((s) => s.name === "train energy RMSE")!.y).toEqual(log.map((r) => r.train.energyRmse * 1000));
  });

  it("JSON output and clear errors", () => {
    const json = capture(() => (invariantCommand.handler as (a: unknown) => void)({ model: "sw", points: "isolated", reference: ["sw"], json: true }));
    const ev = JSON.parse(json);
    expect(ev.points[0].predicted).toBe(0);
    expect(ev.overall.maeMeV).toBe(0);
    expect(() => (invariantCommand.handler as (a: unknown) => void)({ model: "sw", points: "diamond+fcx" })).toThrow(/unknown point family 'fcx'/);
    writeFileSync(join(dir, "bad.dat"), "# lattice: fcc\n14.0 -2.5\n15.0 abc\n");
    expect(() => (invariantCommand.handler as (a: unknown) => void)({ model: "sw", points: "none", reference: [`fcc=${join(dir, "bad.dat")}`] }))
      .toThrow(/bad\.dat:3: expected two numbers/);
    expect(() => (invariantCommand.handler as (a: unknown) => void)({ model: "sw", points: "none", reference: ["fcc=/nonexistent/ev.dat"] }))
      .toThrow(/--reference fcc=\/nonexistent\/ev\.dat: energy–volume table file '\/nonexistent\/ev\.dat' not found/);
    expect(() => (invariantCommand.handler as (a: unknown) => void)({ model: "sw", points: "diamond", "isolated-atom": ["Si:-0.5"] }))
      .toThrow(/--isolated-atom: 'Si:-0.5': expected ELEMENT=ENERGY/);
  });
});

describe("aemap advise", () => {
  it("prints the fixed-ratio warning, and JSON with --json", () => {
    const file = join(dir, "train.extxyz");
    const text = capture(() => (adviseCommand.handler as (a: unknown) => void)({ files: [file], classes: "coordination", json: false }));
    expect(text).toMatch(/WARNING: Class 0 \(Si 4-coordinated\) and class 1 \(Si 3-coordinated\) occur 59 : 4 in every structure/);
    const j = JSON.parse(capture(() => (adviseCommand.handler as (a: unknown) => void)({ files: [file], classes: "coordination", json: true })));
    expect(j.counts).toEqual([[59, 4], [59, 4], [59, 4], [59, 4]]);
    expect(j.findings[0].severity).toBe("warning");
  });
});

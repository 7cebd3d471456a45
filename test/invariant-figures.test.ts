// The figures `aemap invariant` writes (src/invariant/report.ts), read as a reader sees them:
// at the default 91 points, no legend covers a data mark, no two series look alike, and the
// energy–volume figure is a grid of panels (one lattice each) instead of 14 curves in one frame.
import { describe, expect, it } from "vitest";
import type { Calculator } from "../src/model/calculator.js";
import type { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { evaluateInvariantPoints } from "../src/invariant/evaluate.js";
import { generateInvariantPoints } from "../src/invariant/points.js";
import { assignReferences } from "../src/invariant/reference.js";
import { evaluationFigures, trainingFigure } from "../src/invariant/report.js";
import { readPlotData } from "../src/report/svg.js";
import { checkFigure } from "./svg-figure-check.js";

const sw = new StillingerWeber();

/** A "model" that has learnt the bulk and flattens everything else: e_i → −4 + 0.3 (e_i(SW) + 4). */
const flattened: Calculator = {
  name: "flattened SW", elements: ["Si"],
  calculate(s: Structure) {
    const energies = sw.calculate(s, { forces: false, stress: false }).energies.map((e) => -4 + 0.3 * (e + 4));
    return { energy: energies.reduce((a, b) => a + b, 0), energies };
  },
};

describe("invariant-point figures at the default points", () => {
  const points = assignReferences(generateInvariantPoints(), { calculator: sw });
  const ev = evaluateInvariantPoints(flattened, points);
  const figs = evaluationFigures({ ...ev, model: "flattened" });

  it("writes the four figures; every legend is clear of the data, every series has a look of its own", () => {
    expect(Object.keys(figs).sort()).toEqual(["clusters.svg", "energy-volume.svg", "parity.svg", "strain.svg"]);
    for (const [name, svg] of Object.entries(figs)) {
      const c = checkFigure(svg);
      expect(c.legends, name).toBeGreaterThan(0);
      expect(c.legendOverlaps, name).toEqual([]);
      expect(c.lookAlike, name).toEqual([]);
    }
    // The parity plot has one series per family (7 lattices, 2 strains, 3 clusters, isolated atom):
    // more than the six colours, told apart by colour and marker together.
    expect(readPlotData(figs["parity.svg"]).series).toHaveLength(13);
  });

  it("energy–volume: one panel per lattice, model and reference, each panel at most 2 series", () => {
    const c = checkFigure(figs["energy-volume.svg"]);
    expect(c.seriesPerPanel).toEqual([2, 2, 2, 2, 2, 2, 2]);
    const d = readPlotData(figs["energy-volume.svg"]);
    expect(d.panels!.map((p) => p.title)).toEqual(["diamond", "beta-Sn", "sc", "bcc", "fcc", "hcp", "sh"]);
    // Each panel holds its lattice's model (predicted) and reference (teacher) values.
    const fcc = ev.points.filter((p) => p.family === "fcc").sort((a, b) => a.x - b.x);
    const panel = d.panels!.findIndex((p) => p.title === "fcc");
    const inPanel = d.series.filter((s) => s.panel === panel);
    expect(inPanel.map((s) => s.name)).toEqual(["fcc model", "fcc reference"]);
    expect(inPanel[0].y).toEqual(fcc.map((p) => p.predicted));
    expect(inPanel[1].y).toEqual(fcc.map((p) => p.reference));
  });

  it("the training figure: dense and sparse series alike have markers and a clear legend", () => {
    const log = Array.from({ length: 120 }, (_, k) => ({
      epoch: k + 1, train: { energyRmse: 0.05 / (k + 1) }, test: { energyRmse: 0.06 / (k + 1) },
      ...((k + 1) % 10 === 0 ? { invariant: { maeMeV: 60 / (k + 1), maxMeV: 200 / (k + 1) } } : {}),
    }));
    const c = checkFigure(trainingFigure(log)!);
    expect(c.legendOverlaps).toEqual([]);
    expect(c.lookAlike).toEqual([]);
  });
});

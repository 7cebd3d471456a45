import { describe, expect, it } from "vitest";
import { train } from "../src/train/trainer.js";
import { resolveConfig } from "../src/train/config.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import type { Structure } from "../src/structure/structure.js";
import { generateInvariantPoints, parsePointsSpec } from "../src/invariant/points.js";
import { assignReferences } from "../src/invariant/reference.js";
import { InvariantMonitor, type MonitorOptions } from "../src/invariant/monitor.js";
import { evaluateInvariantPoints } from "../src/invariant/evaluate.js";
import { Potential } from "../src/model/potential.js";
import { parseLogLine } from "../src/train/log.js";
import { diamond } from "./helpers/lattice.js";

// Small SW problem (docs/science.md §2): 63-atom vacancy cells only (fixed 4 : 59 ratio) versus a mixed
// set (vacancy cells, rattled 64-atom bulk, the perfect crystal). Tiny network, 80 L-BFGS epochs.
const sw = new StillingerWeber();
function label(s: Structure): Structure {
  const r = sw.calculate(s, { forces: true, stress: false });
  return s.copy({ energy: r.energy, forces: r.forces });
}
const fixed = [1, 2, 3, 4, 5, 6].map((k) => label(rattle(vacancy(diamond(5.431, 2), 0), 0.05, k)));
const mixed = [
  ...[1, 2, 3].map((k) => label(rattle(vacancy(diamond(5.431, 2), 0), 0.05, k))),
  ...[4, 5].map((k) => label(rattle(diamond(5.431, 2), 0.05, k))),
  label(diamond(5.431, 1)),
];
// The invariant point: perfect diamond at a = 5.431 Å (V = 20.0195 Å³/atom), SW reference −4.3366 eV/atom.
const points = assignReferences(generateInvariantPoints(parsePointsSpec(
  '{"lattices":["diamond"],"volumes":{"diamond":20.0195},"volumeRange":0,"volumeSteps":1,"strainSteps":0,"clusters":[],"isolated":false}')), { calculator: sw });

function run(data: Structure[], options: MonitorOptions = {}) {
  const config = resolveConfig({ seed: 2, network: { hidden: [8] }, optimizer: { epochs: 80 }, loss: { forceCoeff: 0.01 } });
  const started: string[] = [];
  const monitor = new InvariantMonitor(points, { every: 10, ratio: 3, alarmFrom: 20, onAlarm: (a) => started.push(a.kind), ...options });
  const lines: string[] = [];
  const res = train({ train: data }, { config, onEpoch: monitor.onEpoch, progress: null, log: (l) => lines.push(l) });
  return { monitor, res, started, log: lines.map(parseLogLine) };
}

describe("invariant monitor on a small SW problem", () => {
  it("references: SW diamond at a = 5.431 Å is −4.336600 eV/atom (docs/science.md)", () => {
    expect(points.length).toBe(1);
    expect(points[0].reference).toBeCloseTo(-4.3366, 5);
  });

  it("alarms for the fixed-ratio training set; log lines carry the trajectory", () => {
    const { monitor, res, log, started } = run(fixed);
    const last = monitor.history[monitor.history.length - 1];
    expect(monitor.history.map((h) => h.epoch)).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    // Total energies fit (train RMSE of a few meV/atom at most) while diamond is off by far more.
    expect(last.trainRmseMeV).toBeLessThan(3);
    expect(last.maeMeV).toBeGreaterThan(10 * last.trainRmseMeV);
    expect(monitor.alarms.length).toBeGreaterThan(0);
    expect(started.length).toBeGreaterThan(0);
    expect(monitor.alarms.some((a) => a.kind === "ratio" && /exceeds 3 × the training energy RMSE/.test(a.message))).toBe(true);
    // Log: invariant fields on every 10th epoch, equal to the monitor's own numbers.
    const withInv = log.filter((r) => r.invariant);
    expect(withInv.map((r) => r.epoch)).toEqual(monitor.history.map((h) => h.epoch));
    expect((withInv[7].invariant as { maeMeV: number }).maeMeV).toBe(last.maeMeV);
    expect(res.epochs).toBe(80);
  });

  it("stays quiet for mixed sizes plus the perfect crystal", () => {
    const { monitor } = run(mixed);
    const last = monitor.history[monitor.history.length - 1];
    expect(last.maeMeV).toBeLessThan(3 * last.trainRmseMeV + 1);
    expect(monitor.alarms).toEqual([]);
  });

  it("keeps the best model and stops on patience", () => {
    const bests: number[] = [];
    const { monitor, res } = run(fixed, { patience: 3, onBest: (_m, epoch) => bests.push(epoch) });
    const best = monitor.best!;
    expect(bests[bests.length - 1]).toBe(best.epoch);
    expect(bests[0]).toBe(10);
    const errs = monitor.history.map((h) => h.maeMeV);
    expect(best.errorMeV).toBe(Math.min(...errs));
    // Stopped 3 evaluations after the best one.
    expect(res.epochs).toBe(best.epoch + 30);
    expect(res.reason).toMatch(/onEpoch/);
    // The kept model reproduces the recorded error when evaluated afresh.
    const pot = new Potential(best.model);
    const ev = evaluateInvariantPoints(pot, points);
    pot.dispose();
    expect(ev.overall.maeMeV).toBeCloseTo(best.errorMeV, 9);
  });
});

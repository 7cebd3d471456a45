// Training end to end on tiny Stillinger–Weber-labelled Si sets: fitting to near-zero loss,
// determinism (weight hash), bitwise resume, early stopping, config errors, the model file,
// and the trained potential's forces and stress against finite differences of its energy.
import { describe, it, expect } from "vitest";
import { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { resolveConfig, DEFAULT_CONFIG, type TrainConfig } from "../src/train/config.js";
import { train, referenceEnergies, type TrainData } from "../src/train/trainer.js";
import { parseCheckpoint, serialiseCheckpoint, type Checkpoint } from "../src/train/checkpoint.js";
import { Potential } from "../src/model/potential.js";
import { parseModel, serialiseModel, weightHash } from "../src/model/model-file.js";
import { evaluateStructures } from "../src/model/evaluate.js";
import { resolveCalculator } from "../src/model/resolve.js";
import { diamond, rng } from "./helpers/lattice.js";

const sw = new StillingerWeber();

/** Rattled (and optionally strained) 8-atom diamond cells labelled by SW. */
function swSet(n: number, seed: number, amplitude = 0.12, group = "rattle"): Structure[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const base = diamond(5.431 * (0.97 + 0.06 * r()));
    const pos = Float64Array.from(base.positions, (x) => x + amplitude * (2 * r() - 1));
    const s = base.copy({ positions: pos, info: { group } });
    const res = sw.calculate(s);
    return s.copy({ energy: res.energy, forces: res.forces, stress: res.stress });
  });
}

function config(over: Record<string, unknown>): TrainConfig {
  return resolveConfig(over);
}

const small = { network: { hidden: [10, 10] } };

describe("config", () => {
  it("rejects bad values naming the key and what was expected", () => {
    expect(() => resolveConfig({ loss: { forceCoeff: -1 } }, undefined, "cfg.json")).toThrow(/cfg\.json: 'loss\.forceCoeff' is -1, expected a number ≥ 0/);
    expect(() => resolveConfig({ network: { activation: "relu" } })).toThrow(/'network\.activation' is "relu", expected one of "tanh", "sigmoid", "softplus"/);
    expect(() => resolveConfig({ network: { hidden: [30, 0] } })).toThrow(/'network\.hidden'.*positive integers/);
    expect(() => resolveConfig({ optimizer: "adam" })).toThrow(/'optimizer' is "adam", expected an object/);
    expect(() => resolveConfig({ loss: { groupWeights: { Surface: "2" } } })).toThrow(/'loss\.groupWeights\.Surface'/);
    expect(() => resolveConfig([])).toThrow(/top level/);
  });

  it("warns about unknown keys with their path and keeps the defaults", () => {
    const warnings: string[] = [];
    const c = resolveConfig({ network: { hiden: [3] }, lr: 1, optimizer: { adam: { lr: 0.01 } } }, (m) => warnings.push(m));
    expect(warnings).toEqual(["config: unknown key 'network.hiden' ignored", "config: unknown key 'lr' ignored"]);
    expect(c.network.hidden).toEqual([30, 30]);
    expect(c.optimizer.adam.lr).toBe(0.01);
    expect(c.optimizer.adam.batchSize).toBe(DEFAULT_CONFIG.optimizer.adam.batchSize);
    // The defaults are frozen and never aliased.
    c.network.hidden.push(5);
    expect(DEFAULT_CONFIG.network.hidden).toEqual([30, 30]);
  });
});

describe("reference energies", () => {
  it("least squares on composition recovers per-element energies of exact data", () => {
    const mk = (symbols: string[], e: number) => new Structure({ symbols, positions: symbols.map((_, i) => [3 * i, 0, 0]), energy: e });
    // E = 3·(−2) + 1·(−7) etc., exactly linear in composition.
    const data = [mk(["C", "Si", "Si", "Si"], -13), mk(["C", "C", "Si"], -16), mk(["Si", "Si"], -4)];
    const ref = referenceEnergies(data, ["C", "Si"], config({}));
    expect(ref[0]).toBeCloseTo(-7, 9);
    expect(ref[1]).toBeCloseTo(-2, 9);
  });
});

describe("training", () => {
  const data: TrainData = { train: swSet(5, 1), valid: swSet(2, 2), test: swSet(2, 3) };

  it("fits a tiny data set to near-zero loss (energy + forces, L-BFGS)", () => {
    const lines: string[] = [];
    const c = config({ optimizer: { epochs: 1500 }, loss: { forceCoeff: 0.1 }, packing: { derivatives: "f64" } });
    const res = train({ train: data.train }, { config: c, progress: null, log: (l) => lines.push(l) });
    const first = JSON.parse(lines[0]), last = JSON.parse(lines[lines.length - 1]);
    expect(lines.length).toBe(res.epochs);
    expect(last.loss).toBeLessThan(1e-4 * first.loss);
    expect(res.metrics.train.energyRmse).toBeLessThan(0.3e-3); // eV/atom
    expect(res.metrics.train.forceRmse).toBeLessThan(0.015); // eV/Å (the SW forces here are ~1 eV/Å)
    // The log line carries per-group metrics.
    expect(last.train.groups.rattle.structures).toBe(5);
    // The potential built from the model reproduces the training metrics (independent code path:
    // unmerged derivative entries, no packing).
    const pot = new Potential(res.model);
    const rep = evaluateStructures(pot, data.train);
    expect(rep.all.energyRmse).toBeCloseTo(res.metrics.train.energyRmse, 10);
    expect(rep.all.forceRmse).toBeCloseTo(res.metrics.train.forceRmse, 10);
    pot.dispose();
  });

  it("stress training: packed virial (pseudo-atom entries) agrees with the potential's stress", () => {
    const c = config({ ...small, optimizer: { epochs: 15 }, loss: { stressCoeff: 1e-3 }, packing: { derivatives: "f64" } });
    const res = train({ train: data.train }, { config: c, progress: null });
    const m = res.metrics.train;
    expect(m.stressRmse).toBeGreaterThan(0);
    const pot = new Potential(res.model);
    const rep = evaluateStructures(pot, data.train);
    expect(rep.all.stressRmse!).toBeCloseTo(m.stressRmse!, 9); // GPa
    expect(rep.all.forceRmse).toBeCloseTo(m.forceRmse, 10);
    pot.dispose();
  });

  it("f32 derivative storage trains to nearly the same model", () => {
    const c = config({ ...small, optimizer: { epochs: 10 }, packing: { derivatives: "f64" } });
    const a = train(data, { config: c, progress: null });
    const b = train(data, { config: { ...c, packing: { derivatives: "f32" } }, progress: null });
    expect(b.packedBytes).toBeLessThan(0.6 * a.packedBytes);
    expect(b.weightHash).not.toBe(a.weightHash);
    expect(Math.abs(b.metrics.test!.forceRmse - a.metrics.test!.forceRmse)).toBeLessThan(1e-4 * a.metrics.test!.forceRmse);
    // The f32 model's own forces through the (f64) potential differ from its training-path
    // forces only by the storage rounding: ~1e-8 eV/Å here.
    const pot = new Potential(b.model);
    const rep = evaluateStructures(pot, data.test!);
    expect(Math.abs(rep.all.forceRmse - b.metrics.test!.forceRmse)).toBeLessThan(1e-6);
    pot.dispose();
  });

  it("same seed gives the same weight hash; another seed another", () => {
    const c = config({ ...small, optimizer: { epochs: 8 } });
    const a = train(data, { config: c, progress: null });
    const b = train(data, { config: c, progress: null });
    const d = train(data, { config: { ...c, seed: 2 }, progress: null });
    expect(a.weightHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.weightHash).toBe(a.weightHash);
    expect(d.weightHash).not.toBe(a.weightHash);
    expect(weightHash(a.model)).toBe(a.weightHash);
  });

  for (const type of ["lbfgs", "adam"] as const) {
    it(`resume from a checkpoint reaches the same bits (${type})`, () => {
      const c = config({ ...small, optimizer: { type, epochs: 9, adam: { batchSize: 2, lr: 0.01 } }, checkpoint: { every: 4 } });
      const cps: Checkpoint[] = [];
      const full = train(data, { config: c, progress: null, checkpoint: (cp) => cps.push(parseCheckpoint(serialiseCheckpoint(cp))) });
      expect(cps.map((x) => x.epoch)).toEqual([4, 8, 9]);
      const resumed = train(data, { config: c, progress: null, resume: cps[0] });
      expect(resumed.epochs).toBe(9);
      expect(resumed.weightHash).toBe(full.weightHash);
      // A checkpoint for other data is refused.
      expect(() => train({ ...data, train: data.train.slice(1) }, { config: c, progress: null, resume: cps[0] })).toThrow(/other training data/);
    });
  }

  it("early stopping keeps the best validation weights", () => {
    const c = config({ ...small, optimizer: { type: "adam", epochs: 60, adam: { lr: 0.05, batchSize: 1 } }, earlyStopping: { patience: 3 } });
    const lines: Record<string, { loss: number }>[] = [];
    const res = train(data, { config: c, progress: null, log: (l) => lines.push(JSON.parse(l)) });
    expect(res.reason).toMatch(/early stopping/);
    expect(res.epochs).toBeLessThan(60);
    const best = Math.min(...lines.map((l) => l.valid.loss));
    expect(res.metrics.valid!.loss).toBe(best);
  });

  it("the onEpoch hook can stop training and add fields to the log line", () => {
    const lines: Record<string, unknown>[] = [];
    const res = train(data, {
      config: config({ ...small, optimizer: { epochs: 50 } }), progress: null, log: (l) => lines.push(JSON.parse(l)),
      onEpoch: (info) => ({ stop: info.epoch === 3, extra: { diamondEnergy: info.model().networks.length } }),
    });
    expect(res.epochs).toBe(3);
    expect(lines.map((l) => l.diamondEnergy)).toEqual([1, 1, 1]);
    expect(res.reason).toMatch(/callback/);
  });
});

describe("trained potential", () => {
  const res = train({ train: swSet(4, 5) }, { config: config({ ...small, optimizer: { epochs: 30 } }), progress: null });

  it("model file round trip gives identical energies; loads through --model FILE.json", () => {
    const text = serialiseModel(res.model);
    const back = parseModel(text, "m.json");
    const s = swSet(1, 9)[0];
    const p1 = new Potential(res.model), p2 = new Potential(back);
    expect(p2.calculate(s).energy).toBe(p1.calculate(s).energy);
    const p3 = resolveCalculator("m.json", () => text);
    expect(p3.calculate(s).energy).toBe(p1.calculate(s).energy);
    expect(() => parseModel(text.replace('"tanh"', '"relu"'), "m.json")).toThrow(/m\.json: at networks\[0\]\.activation: expected "tanh"/);
    p1.dispose(); p2.dispose();
  });

  it("forces are minus the finite-difference gradient of the energy; energies sum to the total", () => {
    const pot = new Potential(res.model);
    const base = swSet(1, 11, 0.2)[0];
    // A triclinic, strained cell.
    const cell = Float64Array.from(base.cell);
    cell[1] += 0.4; cell[5] -= 0.3;
    const s = base.copy({ cell });
    const r = pot.calculate(s);
    expect(r.energies.reduce((a, b) => a + b, 0)).toBeCloseTo(r.energy, 10);
    const h = 1e-5;
    let maxErr = 0, maxF = 0;
    for (let c = 0; c < 3 * s.length; c++) {
      const p = Float64Array.from(s.positions), m = Float64Array.from(s.positions);
      p[c] += h; m[c] -= h;
      const fd = -(pot.calculate(s.copy({ positions: p }), { forces: false, stress: false }).energy
        - pot.calculate(s.copy({ positions: m }), { forces: false, stress: false }).energy) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - r.forces![c])); maxF = Math.max(maxF, Math.abs(fd));
    }
    expect(maxF).toBeGreaterThan(0.05);
    expect(maxErr).toBeLessThan(1e-6 * Math.max(1, maxF));
    pot.dispose();
  });

  it("stress is (1/V) ∂E/∂ε by finite strain", () => {
    const pot = new Potential(res.model);
    const s = swSet(1, 12, 0.2)[0];
    const r = pot.calculate(s);
    const pairs: [number, number][] = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
    const strained = (v: number, d: number): number => {
      const [a, b] = pairs[v];
      const e = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      if (a === b) e[3 * a + a] += d; else { e[3 * a + b] += d / 2; e[3 * b + a] += d / 2; }
      const tr = (x: ArrayLike<number>) => {
        const out = new Float64Array(x.length);
        for (let i = 0; i < x.length; i += 3) for (let k = 0; k < 3; k++) out[i + k] = x[i] * e[k] + x[i + 1] * e[3 + k] + x[i + 2] * e[6 + k];
        return out;
      };
      return pot.calculate(s.copy({ positions: tr(s.positions), cell: tr(s.cell) }), { forces: false, stress: false }).energy;
    };
    const vol = Math.abs(s.volume());
    for (let v = 0; v < 6; v++) {
      const fd = (strained(v, 1e-5) - strained(v, -1e-5)) / (2e-5) / vol;
      expect(Math.abs(r.stress![v] - fd)).toBeLessThan(1e-7 + 1e-6 * Math.abs(fd));
    }
    pot.dispose();
  });
});

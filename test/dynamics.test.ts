// MD ensembles and cell relaxation with any Calculator (src/dynamics/): NVE energy conservation
// with the SW teacher and with a trained aemap model (bounds stated in each test), the dt² law of
// velocity Verlet, the Langevin thermostat's mean temperature, NPT (stochastic cell rescaling and
// Berendsen) bringing an expanded diamond back to the SW V0 and the c-rescale volume
// fluctuations ⟨δV²⟩ = k_B T V / B, seeded bit-identical runs, trajectory frames against the
// calculator, FIRE cell relaxation of a strained diamond to the SW a0 at zero stress.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MolecularDynamics, engineFromCalculator } from "../src/dynamics/md.js";
import { relax } from "../src/dynamics/relax.js";
import { energyDrift, linearFit, meanStd } from "../src/dynamics/stats.js";
import { Potential } from "../src/model/potential.js";
import { diamond, strain, supercell } from "../src/structure/generators.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { SwEngine } from "../src/teacher/sw-engine.js";
import { GPA, KB } from "../src/structure/units.js";

const sw = new StillingerWeber();
const A0 = (4 * 2 ** (1 / 6) * 2.0951) / Math.sqrt(3); // SW diamond minimum (test/eos.test.ts), 5.430950 Å
const V0 = A0 ** 3 / 8; // 20.02338 Å³/atom
const B0 = 101.423 * GPA; // SW bulk modulus, V d²E/dV² (test/eos.test.ts)
const bulk64 = (a = 5.431) => supercell(diamond({ a }), 2, 2, 2);

/** Run NVE; the drift (linear fit) and the largest deviation of the total energy, per atom. */
function nve(md: MolecularDynamics, steps: number) {
  const t = [md.time], e = [md.totalEnergy()];
  md.run(steps, (m) => { t.push(m.time); e.push(m.totalEnergy()); });
  return energyDrift(t, e, md.n);
}

describe("run summaries", () => {
  it("linear fit and drift: hand-computed line", () => {
    expect(linearFit([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1 });
    // E(t) = −10 + 2e-3 t (eV, t in fs) for 4 atoms: 2e-3 eV/fs = 2 eV/ps, 0.5 eV/atom/ps.
    const d = energyDrift([0, 10, 20], [-10, -9.98, -9.96], 4);
    expect(d.perAtomPerPs).toBeCloseTo(0.5, 10);
    expect(d.maxDeviationPerAtom).toBeCloseTo(0.01, 12);
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25) });
  });
});

describe("NVE", () => {
  it("SW teacher, 64 atoms from 1000 K, 1000 steps of 1 fs: drift < 1e-5 eV/atom/ps, max |ΔE| < 5e-4 eV/atom", () => {
    const md = new MolecularDynamics(bulk64(), { calculator: sw, dt: 1 });
    md.setTemperature(1000, 1);
    const d = nve(md, 1000);
    expect(Math.abs(d.perAtomPerPs)).toBeLessThan(1e-5); // observed −1.1e-6
    expect(d.maxDeviationPerAtom).toBeLessThan(5e-4); // observed 1.6e-4
  });

  it("velocity Verlet: the energy fluctuation shrinks as dt² (1 fs → 0.5 fs: 4×)", () => {
    const worst = (dt: number) => {
      const md = new MolecularDynamics(bulk64(), { dt });
      md.setTemperature(1000, 2);
      const d = nve(md, Math.round(500 / dt));
      md.free();
      return d.maxDeviationPerAtom;
    };
    const ratio = worst(1) / worst(0.5);
    expect(ratio).toBeGreaterThan(3.2);
    expect(ratio).toBeLessThan(4.8);
  });

  it("trained aemap model (test/fixtures/lammps-hdnnp), 8 atoms from 600 K, 1000 steps of 1 fs: drift < 1e-5 eV/atom/ps, max |ΔE| < 2e-4 eV/atom", () => {
    const pot = Potential.fromJSON(readFileSync(new URL("./fixtures/lammps-hdnnp/model.json", import.meta.url), "utf8"));
    const md = new MolecularDynamics(diamond({ a: 5.46 }), { calculator: pot, dt: 1 });
    md.setTemperature(600, 7);
    const d = nve(md, 1000);
    expect(Math.abs(d.perAtomPerPs)).toBeLessThan(1e-5); // observed −2.1e-7
    expect(d.maxDeviationPerAtom).toBeLessThan(2e-4); // observed 6.3e-5
    expect(md.temperature()).toBeGreaterThan(150); // it moved: half the kinetic energy went into the potential
    pot.dispose();
  });
});

describe("NVT (Langevin, BAOAB)", () => {
  it("reaches the target: 64 atoms, 600 K, mean T over 3000 steps after 500 within 3 % of 600 K", () => {
    const md = new MolecularDynamics(bulk64(), { ensemble: "langevin", temperature: 600, friction: 0.02, seed: 11, dt: 2 });
    md.run(500); // from rest: the thermostat alone heats it
    const T: number[] = [];
    md.run(3000, (m) => T.push(m.temperature()));
    expect(Math.abs(meanStd(T).mean / 600 - 1)).toBeLessThan(0.03);
    md.free();
  });
});

describe("NPT", () => {
  for (const barostat of ["c-rescale", "berendsen"] as const) {
    it(`${barostat}: an expanded SW diamond (V0 + 6.8 %) returns to V0 at 300 K, 0 GPa within 1 %`, () => {
      const md = new MolecularDynamics(bulk64(5.55), { ensemble: "npt", barostat, temperature: 300, pressure: 0, pressureDamping: 200, seed: 3 });
      md.setTemperature(300, 3);
      expect(md.volume() / 64 / V0 - 1).toBeGreaterThan(0.06);
      md.run(1500);
      const V: number[] = [];
      md.run(1500, (m) => V.push(m.volume() / 64));
      // Thermal expansion of SW at 300 K is +0.36 % in volume (long runs: 20.096 Å³/atom).
      expect(Math.abs(meanStd(V).mean / V0 - 1)).toBeLessThan(0.01);
      md.free();
    });
  }

  it("c-rescale samples the volume fluctuations k_B T V / B; Berendsen suppresses them", () => {
    const run = (barostat: "c-rescale" | "berendsen") => {
      const md = new MolecularDynamics(diamond({ a: 5.45 }), { ensemble: "npt", barostat, temperature: 300, pressureDamping: 50, seed: 5 });
      md.setTemperature(300, 5);
      md.run(1000);
      const V: number[] = [];
      md.run(12000, (m) => V.push(m.volume()));
      md.free();
      const { mean, std } = meanStd(V);
      return (std * std) / ((KB * 300 * mean) / B0);
    };
    const ratio = run("c-rescale");
    expect(ratio).toBeGreaterThan(0.75); // long runs: 0.95–1.08
    expect(ratio).toBeLessThan(1.3);
    expect(run("berendsen")).toBeLessThan(0.1);
  });

  it("the pressure is kinetic + virial: P = N k_B T / V at zero force, and −tr σ/3 of the calculator", () => {
    const s = bulk64(5.5); // expanded: under tension
    const md = new MolecularDynamics(s, { ensemble: "npt", temperature: 0, seed: 1 });
    const stress = sw.calculate(s).stress!;
    expect(md.pressure()).toBeCloseTo(-(stress[0] + stress[1] + stress[2]) / 3, 12);
    md.setTemperature(500, 1);
    expect(md.pressure()! - -(stress[0] + stress[1] + stress[2]) / 3).toBeCloseTo((2 * md.kineticEnergy()) / (3 * md.volume()), 12);
    md.free();
  });

  it("the SW engine keeps its Verlet list through cell changes, and its forces equal a fresh list's at every step", () => {
    const engine = new SwEngine(bulk64(5.65), 1.0);
    const md = new MolecularDynamics(bulk64(5.65), { ensemble: "npt", temperature: 600, pressureDamping: 100, seed: 9, engine });
    md.setTemperature(600, 9);
    let worst = 0;
    md.run(300, (m) => {
      const r = sw.calculate(m.snapshot());
      expect(m.potentialEnergy).toBeCloseTo(r.energy, 9);
      for (let q = 0; q < r.forces!.length; q++) worst = Math.max(worst, Math.abs(m.forces[q] - r.forces![q]));
    });
    expect(worst).toBeLessThan(1e-10);
    expect(1 - md.volume() / bulk64(5.65).volume()).toBeGreaterThan(0.05); // the cell shrank by > 5 %
    expect(engine.stats.rebuilds).toBeGreaterThan(1); // the deformation forced new lists (observed 3) …
    expect(engine.stats.rebuilds).toBeLessThan(30); // … but far from one per step
    engine.free();
  });

  it("refuses what cannot work, before any step", () => {
    const slab = bulk64().copy({ pbc: [true, true, false] });
    expect(() => new MolecularDynamics(slab, { ensemble: "npt", temperature: 300 })).toThrow(/periodic along all three axes/);
    expect(() => new MolecularDynamics(bulk64(), { ensemble: "npt" })).toThrow(/NPT MD needs a temperature/);
    expect(() => new MolecularDynamics(bulk64(), { ensemble: "langevin" })).toThrow(/Langevin MD needs a temperature/);
    expect(() => new MolecularDynamics(bulk64(), { ensemble: "npt", temperature: 300, barostat: "mtk" as never })).toThrow(/barostat must be/);
  });
});

describe("seeded runs", () => {
  it("same seed → bit-identical NVT and NPT trajectories (SW engine and calculator path alike); another seed differs", () => {
    const run = (seed: number, ensemble: "langevin" | "npt", calculator?: StillingerWeber) => {
      const md = new MolecularDynamics(bulk64(), { ensemble, temperature: 500, seed, calculator, pressureDamping: 200 });
      md.setTemperature(500, seed);
      md.run(200);
      const out = { x: Array.from(md.positions), cell: Array.from(md.cell), v: Array.from(md.velocities) };
      md.free();
      return out;
    };
    for (const ens of ["langevin", "npt"] as const) {
      expect(run(4, ens)).toEqual(run(4, ens));
      expect(run(4, ens, sw)).toEqual(run(4, ens, sw));
      expect(run(5, ens).x).not.toEqual(run(4, ens).x);
    }
  });
});

describe("trajectory frames", () => {
  it("label the frame with the calculator's energy, forces, stress and per-atom energies at that step", () => {
    const md = new MolecularDynamics(bulk64(), { ensemble: "npt", temperature: 400, seed: 2, calculator: new StillingerWeber({ split: "lammps" }) });
    md.setTemperature(400, 2);
    md.run(30);
    const f = md.frame();
    const r = new StillingerWeber({ split: "lammps" }).calculate(f);
    expect(f.energy).toBeCloseTo(r.energy, 10);
    for (let q = 0; q < r.forces!.length; q++) expect(f.forces![q]).toBeCloseTo(r.forces![q], 10);
    for (let k = 0; k < 6; k++) expect(f.stress![k]).toBeCloseTo(r.stress![k], 12);
    const e = f.arrays.atomic_energy.values as Float64Array;
    for (let i = 0; i < 64; i++) expect(e[i]).toBeCloseTo(r.energies[i], 10);
    expect(f.info.md_step).toBe(30);
    expect(f.info.md_pressure_GPa).toBeCloseTo(md.pressure()! / GPA, 12);
    expect(f.info.volume_per_atom).toBeCloseTo(md.volume() / 64, 12); // follows the cell under NPT
    expect(Array.from(f.cell)).toEqual(Array.from(md.cell));
  });

  it("engineFromCalculator passes the cell: NPT with the SW calculator follows the SW engine", () => {
    const opts = { ensemble: "npt" as const, temperature: 300, pressureDamping: 100, seed: 8 };
    const a = new MolecularDynamics(bulk64(5.5), opts);
    const b = new MolecularDynamics(bulk64(5.5), { ...opts, engine: engineFromCalculator(sw, bulk64(5.5)) });
    a.setTemperature(300, 8); b.setTemperature(300, 8);
    a.run(300); b.run(300);
    expect(Math.abs(a.volume() / bulk64(5.5).volume() - 1)).toBeGreaterThan(1e-3); // the cell moved
    for (let q = 0; q < a.positions.length; q++) expect(b.positions[q]).toBeCloseTo(a.positions[q], 8);
    a.free();
  });
});

describe("FIRE cell relaxation", () => {
  it("a strained diamond (normal and shear strain) relaxes to the SW a0 within 1e-4 Å and zero stress", () => {
    const eps = [[0.02, 0.01, 0], [0.01, -0.015, 0.005], [0, 0.005, 0.03]];
    const start = supercell(strain(diamond({ a: 5.431 }), eps), 1, 1, 1);
    const steps: number[] = [];
    const r = relax(start, { calculator: sw, cell: true, fmax: 1e-6, maxSteps: 3000, onStep: (st) => steps.push(st.step) });
    expect(r.converged).toBe(true);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(r.steps);
    // The metric C = cell·cellᵀ is a0² I whatever rotation the cell took.
    const c = r.structure.cell;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      const cij = c[3 * i] * c[3 * j] + c[3 * i + 1] * c[3 * j + 1] + c[3 * i + 2] * c[3 * j + 2];
      if (i === j) expect(Math.abs(Math.sqrt(cij) - A0)).toBeLessThan(1e-4);
      else expect(Math.abs(cij) / A0 ** 2).toBeLessThan(1e-5);
    }
    // Stress from a fresh evaluation (not the relaxation's own numbers): zero to 1e-4 GPa.
    const stress = sw.calculate(r.structure).stress!;
    for (const x of stress) expect(Math.abs(x / GPA)).toBeLessThan(1e-4);
    for (const x of r.stress!) expect(Math.abs(x / GPA)).toBeLessThan(1e-4);
    expect(r.energy / 8).toBeCloseTo(-4.3366, 8);
  });

  it("reports each step's frame with labels; a non-periodic structure cannot relax its cell", () => {
    const frames: number[] = [];
    const r = relax(strain(diamond({ a: 5.431 }), [[0.01, 0, 0], [0, 0, 0], [0, 0, 0]]), {
      calculator: sw, cell: true, fmax: 1e-3, onStep: (st) => {
        const f = st.frame();
        frames.push(st.step);
        const ref = sw.calculate(f);
        expect(f.energy).toBeCloseTo(ref.energy, 10);
        expect(f.stress![0]).toBeCloseTo(ref.stress![0], 12);
        expect((f.arrays.atomic_energy.values as Float64Array)[3]).toBeCloseTo(ref.energies[3], 10);
      },
    });
    expect(frames.length).toBe(r.steps + 1);
    expect(() => relax(diamond({ a: 5.431 }).copy({ pbc: [true, true, false] }), { cell: true })).toThrow(/periodic along all three axes/);
  });
});

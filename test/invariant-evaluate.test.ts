import { describe, expect, it } from "vitest";
import type { Calculator, Results } from "../src/model/calculator.js";
import type { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { defaultSiliconSet } from "../src/descriptors/index.js";
import { TrainingCoverage } from "../src/invariant/coverage.js";
import { evaluateInvariantPoints, summarise } from "../src/invariant/evaluate.js";
import { generateInvariantPoints, parsePointsSpec } from "../src/invariant/points.js";
import { assignReferences, parseEnergyVolumeTable, parseIsolatedAtom, pointsFromTable } from "../src/invariant/reference.js";
import { knownTruthByClass } from "../src/invariant/known-truth.js";
import { coordinationNumbers } from "../src/invariant/classes.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { diamond } from "./helpers/lattice.js";

const sw = new StillingerWeber();

/** A calculator that adds a fixed energy to atoms chosen by a rule (known per-atom offsets). */
function shifted(base: Calculator, shift: (s: Structure, i: number) => number): Calculator {
  return {
    name: "shifted", elements: ["Si"],
    calculate(s: Structure): Results {
      const r = base.calculate(s, { forces: false, stress: false });
      const energies = r.energies.map((e, i) => e + shift(s, i));
      return { energy: energies.reduce((a, b) => a + b, 0), energies };
    },
  };
}

describe("evaluate at invariant points", () => {
  const spec = parsePointsSpec('{"lattices":["diamond","fcc"],"volumeSteps":3,"strainSteps":0,"clusters":["dimer"],"bondSteps":2,"isolated":true}');
  const points = assignReferences(generateInvariantPoints(spec), { calculator: sw, isolated: { Si: -0.25 } });

  it("the teacher against itself: zero error, except the user's isolated-atom value", () => {
    const ev = evaluateInvariantPoints(sw, points);
    for (const p of ev.points) {
      if (p.family === "isolated") expect(p.error).toBeCloseTo(0.25, 15); // SW isolated atom = 0 eV
      else expect(Math.abs(p.error!)).toBeLessThan(1e-12);
      expect(p.spread).toBeLessThan(1e-12);
    }
    expect(ev.families.map((f) => f.family)).toEqual(["diamond", "fcc", "dimer", "isolated"]);
    expect(ev.overall.maxMeV).toBeCloseTo(250, 9);
    expect(ev.overall.maeMeV).toBeCloseTo(250 / points.length, 9);
  });

  it("a constant shift per atom shows as that error; a per-atom ramp shows as spread", () => {
    const ev = evaluateInvariantPoints(shifted(sw, (_s, i) => 0.002 + 0.001 * i), points);
    const fcc = ev.points.filter((p) => p.family === "fcc"); // 1-atom primitive cells
    for (const p of fcc) { expect(p.error).toBeCloseTo(0.002, 12); expect(p.spread).toBe(0); }
    const dimer = ev.points.filter((p) => p.family === "dimer"); // 2 atoms: mean shift 0.0025, spread 0.001
    for (const p of dimer) { expect(p.error).toBeCloseTo(0.0025, 12); expect(p.spread).toBeCloseTo(0.001, 12); }
    expect(summarise([]).maeMeV).toBeNaN();
  });

  it("references: user tables and isolated atoms parse; precedence user > existing > calculator", () => {
    const t = parseEnergyVolumeTable("# lattice: bcc\n# element: Si\n\n14.0  -3.1\n15.0, -3.3 # comment ok\n", "ev.dat");
    expect(t).toMatchObject({ lattice: "bcc", element: "Si", volume: [14, 15], energy: [-3.1, -3.3] });
    const pts = pointsFromTable(t);
    expect(Math.abs(pts[1].structure.volume()) / pts[1].structure.length).toBeCloseTo(15, 12);
    const again = assignReferences(pts, { calculator: sw });
    expect(again.map((p) => p.referenceSource)).toEqual(["ev.dat", "ev.dat"]);
    expect(() => parseEnergyVolumeTable("14 -3\n", "x.dat")).toThrow(/x\.dat: which lattice/);
    expect(() => parseEnergyVolumeTable("14 -3\n", "x.dat", "fcx")).toThrow(/unknown lattice 'fcx'/);
    expect(() => parseEnergyVolumeTable("# lattice: fcc\n-1 2\n", "y.dat")).toThrow(/y\.dat:2: expected two numbers/);
    expect(parseIsolatedAtom(["Si=-0.7,C=-1.5", "O=0"])).toEqual({ Si: -0.7, C: -1.5, O: 0 });
  });
});

describe("training coverage", () => {
  // Every descriptor of perfect diamond falls monotonically with the lattice constant (all
  // distances grow, angles stay), so a = 5.431 and 5.6 bound the range of a = 5.5.
  const training = [diamond(5.431, 1), diamond(5.6, 1)];
  const cov = TrainingCoverage.fromStructures(training, defaultSiliconSet());

  it("inside, on the training points (distance 0) and outside", () => {
    const on = cov.checkStructure(diamond(5.431, 1));
    expect(on).toMatchObject({ outside: false, outsideFeatures: 0, maxExcess: 0 });
    expect(on.distance).toBeLessThan(1e-12); // equivalent atoms agree to round-off
    // a = 5.5 lies within the training min/max of every feature, but between the two training
    // crystals, about 1 away from each (scaled units): not covered at the default distance 0.1,
    // covered when the limit is 2.
    const mid = cov.checkStructure(diamond(5.5, 1));
    expect(mid.outsideFeatures).toBe(0);
    expect(mid.distance).toBeGreaterThan(0.5);
    expect(mid.outside).toBe(true);
    expect(TrainingCoverage.fromStructures(training, defaultSiliconSet(), undefined, { maxDistance: 2 }).checkStructure(diamond(5.5, 1)).outside).toBe(false);
    const near = cov.checkStructure(diamond(5.435, 1));
    expect(near.outsideFeatures).toBe(0);
    expect(near.distance).toBeLessThan(0.1);
    expect(near.outside).toBe(false);
    const small = cov.checkStructure(diamond(5.3, 1));
    expect(small.outside).toBe(true);
    expect(small.outsideFeatures).toBe(26);
    // Min-max scaling maps a = 5.431 to +1 and 5.6 to −1 in every feature; the midpoint is closer to both than 2.
    expect(mid.distance).toBeLessThan(2);
    // Isolated atom: G = 0 → scaled −M·c; outside every feature with a positive training minimum.
    const iso = cov.checkVector("Si", new Float64Array(26));
    expect(iso.outside).toBe(true);
    expect(iso.outsideFeatures).toBe(26);
  });
});

describe("known truth by environment class", () => {
  const data = [1, 2].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 2), 0), 0.03, k)));

  it("zero error for the teacher itself; a per-class shift shows up in that class's mean only", () => {
    const self = knownTruthByClass(sw, data);
    expect(self.classes.map((c) => c.label)).toEqual(["Si 4-coordinated", "Si 3-coordinated"]);
    for (const c of self.classes) expect(Math.abs(c.meanErrorMeV)).toBeLessThan(1e-9);
    // +30 meV on the vacancy neighbours (3-coordinated), −2 meV on every other atom.
    const cn = data.map((s) => coordinationNumbers(s));
    const model = shifted(sw, (s, i) => (cn[data.indexOf(s)][i] === 3 ? 0.03 : -0.002));
    const r = knownTruthByClass(model, data);
    expect(r.classes[0].meanErrorMeV).toBeCloseTo(-2, 9);
    expect(r.classes[1].meanErrorMeV).toBeCloseTo(30, 9);
    expect(r.classes[1].atoms).toBe(8);
    expect(r.meanErrorMeV).toBeCloseTo((8 * 30 - 118 * 2) / 126, 9);
    expect(r.rmseMeV).toBeCloseTo(Math.sqrt((8 * 900 + 118 * 4) / 126), 9);
  });

  it("names the missing per-atom array", () => {
    expect(() => knownTruthByClass(sw, [diamond(5.431, 1)])).toThrow(/structure 0: no per-atom array 'atomic_energy_vertex'/);
  });
});

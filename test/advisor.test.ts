import { describe, expect, it } from "vitest";
import { adviseTrainingSet, formatAdvice } from "../src/invariant/advisor.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { Structure } from "../src/structure/structure.js";
import { diamond } from "./helpers/lattice.js";

// 63-atom vacancy cells (2×2×2 diamond minus one atom), rattled by 0.03 Å with different seeds.
const vac63 = (seed: number) => rattle(vacancy(diamond(5.431, 2), 0), 0.03, seed);
const vac215 = (seed: number) => rattle(vacancy(diamond(5.431, 3), 0), 0.03, seed);
const bulk64 = (seed: number) => rattle(diamond(5.431, 2), 0.03, seed);

const fixedRatio = [1, 2, 3, 4, 5, 6].map(vac63);
const mixed = [vac63(1), vac63(2), vac215(3), vac215(4), bulk64(5), bulk64(6)];

describe("advisor: coordination classes", () => {
  it("flags the fixed 4 : 59 ratio of 63-atom vacancy cells", () => {
    const a = adviseTrainingSet(fixedRatio, { classes: "coordination" });
    expect(a.classes.map((c) => [c.label, c.atoms])).toEqual([["Si 4-coordinated", 6 * 59], ["Si 3-coordinated", 6 * 4]]);
    const w = a.findings.filter((f) => f.severity === "warning");
    expect(w.length).toBe(1);
    expect(w[0].relation!.kind).toBe("proportional");
    expect(w[0].relation!.ratio).toEqual([59, 4]);
    expect(w[0].message).toMatch(/^Class 0 \(Si 4-coordinated\) and class 1 \(Si 3-coordinated\) occur 59 : 4 in every structure/);
    expect(w[0].message).toMatch(/not separately determined.*other supercell sizes or slab thicknesses, the perfect crystal/);
    expect(formatAdvice(a)).toMatch(/WARNING: Class 0/);
  });

  it("does not flag mixed sizes plus the perfect crystal", () => {
    const a = adviseTrainingSet(mixed, { classes: "coordination" });
    expect(a.findings).toEqual([]);
    expect(formatAdvice(a)).toMatch(/No fixed ratios found/);
  });
});

describe("advisor: descriptor clusters", () => {
  it("flags the fixed ratio between defect environments and bulk-like atoms", () => {
    const a = adviseTrainingSet(fixedRatio, { classes: "cluster" });
    const w = a.findings.filter((f) => f.severity === "warning");
    expect(w.length).toBeGreaterThanOrEqual(1);
    // The relation involves the bulk-like class (0) and the 3-coordinated vacancy neighbours.
    const r = w[0].relation!;
    expect(r.classes).toContain(0);
    const labels = r.classes.map((c) => a.classes[c].label);
    expect(labels.some((l) => /3/.test(l))).toBe(true);
    expect(w[0].message).toMatch(/in every structure/);
  });

  it("finer clusters split the bulk-like atoms; the relation is still found, as 4 : 59 against their sum", () => {
    const a = adviseTrainingSet(fixedRatio, { classes: "cluster", threshold: 0.06 });
    expect(a.classes.length).toBeGreaterThan(2);
    const w = a.findings.filter((f) => f.severity === "warning");
    expect(w.length).toBe(1);
    const r = w[0].relation!;
    expect(r.kind).toBe("linear");
    const [p, n] = r.sideCounts!;
    expect([p, n].sort((x, y) => x - y)).toEqual([4, 59]);
    // Check the relation on the raw counts: Σ_P n − (p/n)·Σ_N n = 0 in every structure.
    for (const row of a.counts) {
      const sp = r.positive!.reduce((s, e) => s + row[e.cls], 0), sn = r.negative!.reduce((s, e) => s + row[e.cls], 0);
      expect(sp * n).toBe(sn * p);
    }
    expect(w[0].message).toMatch(/together \(Si 4-coordinated\) occur|together \(Si 4-coordinated\) and/);
  });

  it("gives no warning for mixed sizes plus the perfect crystal", () => {
    const a = adviseTrainingSet(mixed, { classes: "cluster" });
    expect(a.findings.filter((f) => f.severity === "warning")).toEqual([]);
  });
});

describe("advisor: thermal noise (one system, wobbling counts)", () => {
  // Strong rattles (0.2 Å) make some coordination numbers flip, so per-structure counts are no
  // longer in an exact ratio; the comparison of system means (same cell, same atoms) still sees it.
  const hot63 = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => rattle(vacancy(diamond(5.431, 2), 0), 0.2, k));
  const hotMixed = [
    ...[1, 2, 3].map((k) => rattle(vacancy(diamond(5.431, 2), 0), 0.2, k)),
    ...[4, 5].map((k) => rattle(vacancy(diamond(5.431, 3), 0), 0.2, k)),
    ...[6, 7, 8].map((k) => rattle(diamond(5.431, 2), 0.2, k)),
  ];

  it("flags the single 63-atom system even though its counts vary", () => {
    const a = adviseTrainingSet(hot63);
    const per = a.counts.map((row) => row.join(":"));
    expect(new Set(per).size).toBeGreaterThan(1); // the exact ratio is broken by the noise
    const w = a.findings.filter((f) => f.severity === "warning");
    expect(w.length).toBe(1);
    expect(w[0].message).toMatch(/up to thermal noise \(all 8 structures are one system: Si63, cell 10\.86 × 10\.86 × 10\.86 Å\)/);
    // The ratio printed is the mean count per structure of each class.
    const r = w[0].relation!;
    r.classes.forEach((c, k) => expect(r.ratio![k]).toBeCloseTo(a.counts.reduce((s, row) => s + row[c], 0) / 8, 12));
  });

  it("no warning when the systems differ in size and include the perfect crystal", () => {
    const a = adviseTrainingSet(hotMixed);
    expect(a.findings.filter((f) => f.severity === "warning")).toEqual([]);
  });
});

describe("advisor on si-mlearn", () => {
  it("finds no fixed ratio in the training set (sizes, surfaces, MD and perfect crystals mixed)", async () => {
    const { readStructures } = await import("../src/io/files-node.js");
    const ss = readStructures("data/si-mlearn/training.json");
    const a = adviseTrainingSet(ss);
    expect(adviseTrainingSet(ss, { classes: "cluster" }).findings.filter((f) => f.severity === "warning")).toEqual([]);
    expect(a.structures).toBe(214);
    expect(a.atoms).toBe(13233);
    expect(a.findings.filter((f) => f.severity === "warning")).toEqual([]);
  });
});

describe("advisor: composition", () => {
  it("single stoichiometry: per-element offsets undetermined; two stoichiometries: fine", () => {
    const rs = (a: number, seed: number) => {
      const s = diamond(a, 1);
      return rattle(new Structure({ symbols: s.symbols.map((_, i) => (i < 4 ? "Si" : "C")), positions: s.positions, cell: s.cell, pbc: true }), 0.02, seed);
    };
    const one = adviseTrainingSet([rs(4.36, 1), rs(4.40, 2), rs(4.32, 3)], { classes: "coordination", radius: 2.0 });
    const comp = one.findings.filter((f) => f.kind === "composition");
    expect(comp.length).toBe(1);
    expect(comp[0].message).toMatch(/C : Si = 1 : 1, so per-element energy offsets are not determined/);
    const pure = new Structure({ symbols: ["Si", "Si"], positions: [0, 0, 0, 1.36, 1.36, 1.36], cell: [0, 2.72, 2.72, 2.72, 0, 2.72, 2.72, 2.72, 0], pbc: true });
    const two = adviseTrainingSet([rs(4.36, 1), rs(4.40, 2), pure], { classes: "coordination", radius: 2.0 });
    expect(two.findings.filter((f) => f.kind === "composition")).toEqual([]);
  });
});

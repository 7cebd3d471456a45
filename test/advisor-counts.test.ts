import { describe, expect, it } from "vitest";
import { analyseCounts, jacobiEigen } from "../src/invariant/counts.js";
import { leaderCluster, relativeScale } from "../src/invariant/classes.js";
import { groupSystems } from "../src/invariant/systems.js";
import { diamond } from "./helpers/lattice.js";

describe("leaderCluster / relativeScale / groupSystems", () => {
  it("groups 1-D points by the threshold, deterministically, leaders in order of appearance", () => {
    const x = Float64Array.from([0, 0.05, 5, 0.02, 5.1, 10, 4.95]);
    expect(Array.from(leaderCluster(x, 7, 1, 0.5))).toEqual([0, 0, 1, 0, 1, 2, 1]);
    // Threshold below every gap: every point its own cluster.
    expect(new Set(leaderCluster(x, 7, 1, 0.001)).size).toBe(7);
    // RMS per feature: in 4-D a uniform offset of 0.3 per feature is at distance 0.3.
    const y = Float64Array.from([0, 0, 0, 0, 0.3, 0.3, 0.3, 0.3]);
    expect(Array.from(leaderCluster(y, 2, 4, 0.31))).toEqual([0, 0]);
    expect(Array.from(leaderCluster(y, 2, 4, 0.29))).toEqual([0, 1]);
  });

  it("relativeScale divides each feature by its mean magnitude", () => {
    const x = relativeScale(Float64Array.from([1, 10, 3, 30]), 2, 2);
    expect(Array.from(x)).toEqual([0.5, 0.5, 1.5, 1.5]);
  });

  it("systems: same atoms in the same cell; another size or strain is another system", () => {
    const a = diamond(5.431, 2), b = diamond(5.431, 2).copy({ positions: diamond(5.431, 2).positions.map((p) => p + 0.01) });
    const g = groupSystems([a, diamond(5.431, 1), b, diamond(5.6, 2)]);
    expect(g.map((x) => x.members)).toEqual([[0, 2], [1], [3]]);
    expect(g[0].label).toBe("Si64, cell 10.86 × 10.86 × 10.86 Å");
  });
});

describe("jacobiEigen", () => {
  it("diagonalises a symmetric matrix (A v = λ v, hand-checked 2×2)", () => {
    // [[2,1],[1,2]] has eigenvalues 1 and 3.
    const { values } = jacobiEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    const a = [4, 1, 0.5, 1, 3, -1, 0.5, -1, 2];
    const r = jacobiEigen(new Float64Array(a), 3);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += a[3 * i + j] * r.vectors[3 * j + k];
        expect(av).toBeCloseTo(r.values[k] * r.vectors[3 * i + k], 12);
      }
    }
    expect(r.values.reduce((s, x) => s + x, 0)).toBeCloseTo(9, 12); // trace
  });
});

describe("analyseCounts", () => {
  it("flags two classes in a fixed 4 : 59 ratio (one vacancy supercell size)", () => {
    const counts = [[4, 59], [4, 59], [4, 59]];
    const r = analyseCounts(counts);
    expect(r.length).toBe(1);
    expect(r[0].kind).toBe("proportional");
    expect(r[0].classes).toEqual([0, 1]);
    expect(r[0].ratio).toEqual([4, 59]);
  });

  it("does not flag when the perfect crystal and another size break the ratio", () => {
    expect(analyseCounts([[4, 59], [4, 211], [0, 64], [4, 59]])).toEqual([]);
  });

  it("finds a relation hidden behind a split class: n_A = 4, n_B1 + n_B2 = 59", () => {
    const counts = [[4, 30, 29], [4, 20, 39], [4, 45, 14], [4, 33, 26]];
    const r = analyseCounts(counts);
    expect(r.length).toBe(1);
    expect(r[0].kind).toBe("linear");
    expect(r[0].sideCounts!.slice().sort((a, b) => a - b)).toEqual([expect.closeTo(4, 9), expect.closeTo(59, 9)]);
    const sideOfA = r[0].positive!.some((e) => e.cls === 0) ? r[0].positive! : r[0].negative!;
    expect(sideOfA.map((e) => e.cls)).toEqual([0]);
    // Check the relation itself: 59·n_A − 4·(n_B1 + n_B2) = 0 ⇒ weights ratio 59/4 up to the side normalisation.
    const other = sideOfA === r[0].positive ? r[0].negative! : r[0].positive!;
    expect(sideOfA[0].weight / other[0].weight).toBeCloseTo(59 / 4, 9);
  });

  it("leaves out classes seen in a single structure, and sees near-proportionality through the tolerance", () => {
    // Class 2 and 3 appear only in structure 0 (1 : 1 there) — not reported.
    expect(analyseCounts([[4, 59, 1, 1], [4, 211, 0, 0], [0, 64, 0, 0]])).toEqual([]);
    // 4 : 59 everywhere except a tiny deviation: found with a loose tolerance, not with a tight one.
    const near = [[400, 5900], [400, 5901], [400, 5900]];
    expect(analyseCounts(near, { tolerance: 1e-6 })).toEqual([]);
    expect(analyseCounts(near, { tolerance: 1e-3 }).length).toBe(1);
  });

  it("single stoichiometry: element counts proportional", () => {
    const r = analyseCounts([[32, 32], [16, 16], [4, 4]]);
    expect(r[0].kind).toBe("proportional");
    expect(r[0].ratio).toEqual([(32 + 16 + 4) / 3, (32 + 16 + 4) / 3]);
  });
});

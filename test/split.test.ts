// Train/valid/test splits by structure: sizes, disjointness, determinism, strata, held-out groups.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { splitStructures, largestRemainder, type Split } from "../src/train/split.js";

const items = (counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([group, n]) => Array.from({ length: n }, (_, k) => ({ group, k })));

/** Every index 0 … n−1 exactly once over the three parts; each part sorted ascending. */
function expectPartition(s: Split, n: number): void {
  const all = [...s.train, ...s.valid, ...s.test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
  for (const part of [s.train, s.valid, s.test]) expect(part).toEqual([...part].sort((a, b) => a - b));
}

const count = <T>(list: number[], xs: T[], pred: (x: T) => boolean) => list.filter((i) => pred(xs[i])).length;

describe("largestRemainder", () => {
  it("countsAddUpAndFollowRemainders", () => {
    // 239 × (0.8, 0.1, 0.1) = 191.2, 23.9, 23.9 → floors 191, 23, 23; two left go to .9 and .9.
    expect(largestRemainder(239, [0.8, 0.1, 0.1])).toEqual([191, 24, 24]);
    // 10 × (1/3 each) = 3.33… → 3, 3, 3; one left, tie goes to train.
    expect(largestRemainder(10, [1 / 3, 1 / 3, 1 / 3])).toEqual([4, 3, 3]);
    expect(largestRemainder(1, [0, 0, 1])).toEqual([0, 0, 1]);
    expect(largestRemainder(0, [0.8, 0.1, 0.1])).toEqual([0, 0, 0]);
  });
});

describe("splitStructures", () => {
  it("sizes_DisjointCover_Sorted", () => {
    const xs = items({ a: 239 });
    const s = splitStructures(xs, { fractions: { train: 0.8, valid: 0.1, test: 0.1 }, seed: 1 });
    expect([s.train.length, s.valid.length, s.test.length]).toEqual([191, 24, 24]);
    expectPartition(s, 239);
  });

  it("fractionsAreNormalised_AndZeroPartsStayEmpty", () => {
    const xs = items({ a: 50 });
    const s = splitStructures(xs, { fractions: { train: 3, valid: 1, test: 0 }, seed: 5 });
    expect([s.train.length, s.valid.length, s.test.length]).toEqual([38, 12, 0]); // 37.5 → 38 (tie: train), 12.5 → 12
    expectPartition(s, 50);
  });

  it("sameSeed_SameSplit_OtherSeed_OtherSplit", () => {
    const xs = items({ a: 100 });
    const opts = { fractions: { train: 0.7, valid: 0.15, test: 0.15 }, seed: 42 };
    expect(splitStructures(xs, opts)).toEqual(splitStructures(xs, opts));
    const other = splitStructures(xs, { ...opts, seed: 43 });
    expect(other.train).not.toEqual(splitStructures(xs, opts).train);
    // shuffled, not a prefix: the training part is not simply 0 … 69
    expect(splitStructures(xs, opts).train).not.toEqual(Array.from({ length: 70 }, (_, i) => i));
  });

  it("stratified_EveryGroupKeepsTheProportions", () => {
    const xs = items({ A: 100, B: 50, C: 10 });
    const s = splitStructures(xs, { fractions: { train: 0.6, valid: 0.2, test: 0.2 }, seed: 3, stratifyBy: (x) => x.group });
    expectPartition(s, 160);
    for (const [g, n] of [["A", 100], ["B", 50], ["C", 10]] as const) {
      const isG = (x: { group: string }) => x.group === g;
      expect([count(s.train, xs, isG), count(s.valid, xs, isG), count(s.test, xs, isG)]).toEqual([0.6 * n, 0.2 * n, 0.2 * n]);
    }
  });

  it("stratified_SiMlearnGroups_HandComputedCounts", () => {
    // AIMD-NVT 90, Vacancy 57, Elastic 55, Surface 12 (README of the data set); 0.8/0.1/0.1 per group:
    // AIMD 72/9/9; Vacancy 45.6/5.7/5.7 → 45/6/6; Elastic 44/5.5/5.5 → 44/6/5 (tie: valid first);
    // Surface 9.6/1.2/1.2 → 10/1/1.
    const data = JSON.parse(readFileSync(new URL("../data/si-mlearn/training.json", import.meta.url), "utf8")) as { group: string }[];
    const s = splitStructures(data, { fractions: { train: 0.8, valid: 0.1, test: 0.1 }, seed: 2024, stratifyBy: (x) => x.group });
    expectPartition(s, 214);
    const expected: Record<string, number[]> = { "AIMD-NVT": [72, 9, 9], Vacancy: [45, 6, 6], Elastic: [44, 6, 5], Surface: [10, 1, 1] };
    for (const [g, counts] of Object.entries(expected)) {
      const isG = (x: { group: string }) => x.group === g;
      expect([count(s.train, data, isG), count(s.valid, data, isG), count(s.test, data, isG)]).toEqual(counts);
    }
  });

  it("heldOutGroups_GoEntirelyToTest_RestSplitByFractions", () => {
    const xs = items({ Elastic: 30, Vacancy: 20, Surface: 10 });
    const s = splitStructures(xs, {
      fractions: { train: 0.8, valid: 0.2, test: 0 }, seed: 9, holdOutGroups: ["Vacancy"], groupOf: (x) => x.group,
    });
    expectPartition(s, 60);
    const isVac = (x: { group: string }) => x.group === "Vacancy";
    expect(count(s.test, xs, isVac)).toBe(20);
    expect(s.test.length).toBe(20);
    expect(count(s.train, xs, isVac) + count(s.valid, xs, isVac)).toBe(0);
    expect([s.train.length, s.valid.length]).toEqual([32, 8]); // 40 left: 32 / 8
  });

  it("badOptions_NameTheProblem", () => {
    const xs = items({ a: 5 });
    expect(() => splitStructures(xs, { fractions: { train: -1, valid: 0, test: 1 }, seed: 1 })).toThrow(/fractions\.train/);
    expect(() => splitStructures(xs, { fractions: { train: 0, valid: 0, test: 0 }, seed: 1 })).toThrow(/must be > 0/);
    expect(() => splitStructures(xs, { fractions: { train: 1, valid: 0, test: 0 }, seed: 1, holdOutGroups: ["a"] }))
      .toThrow(/holdOutGroups needs groupOf/);
  });
});

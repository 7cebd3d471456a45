// The `reuse` option of computeDescriptors: overwriting a previous result's arrays gives exactly
// the numbers of a fresh call (reference: a call without reuse), whether or not the sizes match.
import { describe, expect, it } from "vitest";
import { computeDescriptors, defaultSiliconSet, type StructureDescriptors } from "../src/descriptors/index.js";
import { Structure } from "../src/structure/structure.js";
import { diamond, rng } from "./helpers/lattice.js";

const fs = defaultSiliconSet();
const opts = { derivatives: true, strain: true } as const;

/** A copy of s with every coordinate moved by up to ±amp Å (seeded). */
function rattled(s: Structure, amp: number, seed: number): Structure {
  const r = rng(seed);
  return new Structure({ symbols: s.symbols, positions: s.positions.map((x) => x + amp * (2 * r() - 1)), cell: s.cell, pbc: s.pbc });
}

/** Every array of a and b equal element by element. */
function expectSame(a: StructureDescriptors, b: StructureDescriptors): void {
  expect(a.byElement.length).toBe(b.byElement.length);
  a.byElement.forEach((e, k) => {
    const f = b.byElement[k];
    expect(e.element).toBe(f.element);
    for (const key of ["atoms", "values", "derivStart", "derivAtom", "deriv", "strainDeriv"] as const) {
      expect(Array.from(e[key] ?? [])).toEqual(Array.from(f[key] ?? []));
    }
  });
}

describe("computeDescriptors reuse option", () => {
  const s0 = diamond(5.431, 1);
  const s1 = rattled(s0, 0.01, 7); // moves < 0.035 Å: no neighbour crosses Rc (shells at 5.92, 6.65 Å)

  it("overwrites arrays of matching length in place and gives the fresh numbers", () => {
    const old = computeDescriptors(s0, fs, opts);
    const oldDeriv = old.byElement[0].deriv, oldValues = old.byElement[0].values;
    const fresh = computeDescriptors(s1, fs, opts);
    const reused = computeDescriptors(s1, fs, { ...opts, reuse: old });
    expect(reused.byElement[0].deriv).toBe(oldDeriv);
    expect(reused.byElement[0].values).toBe(oldValues);
    expectSame(reused, fresh);
    // The rattled structure really differs from the one whose arrays were reused.
    expect(fresh.byElement[0].values[0]).not.toBe(computeDescriptors(s0, fs).byElement[0].values[0]);
  });

  it("allocates new arrays when the sizes differ", () => {
    const small = computeDescriptors(diamond(5.431, 1), fs, opts);
    const big = rattled(diamond(5.431, 2), 0.05, 3);
    const reused = computeDescriptors(big, fs, { ...opts, reuse: small });
    expect(reused.byElement[0].values).not.toBe(small.byElement[0].values);
    expectSame(reused, computeDescriptors(big, fs, opts));
  });
});

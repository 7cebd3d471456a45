// Cutoff functions (n2p2 cutoff_type 0–8 with inner cutoff α) and the compact functions of types
// 20–25, through all three kernels: f and df/dr at chosen r against values worked out by hand from
// the formulas of docs/descriptors.md §1, df against a central difference of f, f = 0 from Rc on,
// continuity at α·Rc and at the ends of the compact support, and bad parameters refused.
// Each window is read off a dimer: a radial function with η = 0 (type 2) or a type-20 function is
// G = w(r) for the two atoms at distance r, and its derivative by the neighbour's x is dw/dr.
import { describe, expect, it } from "vitest";
import { Structure } from "../src/structure/structure.js";
import { computeDescriptors, validateFunctions, CUTOFF_TYPES, COMPACT_SUBTYPES, type CutoffType, type CompactSubtype, type SymmetryFunction } from "../src/descriptors/index.js";

const KERNELS = ["simd", "scalar", "ts"] as const;
type Kernel = (typeof KERNELS)[number];

const cutoffFn = (cutoffType: CutoffType, cutoff: number, cutoffAlpha = 0): SymmetryFunction =>
  ({ type: 2, centre: "Si", neighbours: ["Si"], cutoff, eta: 0, rs: 0, cutoffType, cutoffAlpha });
const compactFn = (subtype: CompactSubtype, rl: number, cutoff: number): SymmetryFunction =>
  ({ type: 20, centre: "Si", neighbours: ["Si"], rl, cutoff, subtype });

/**
 * w(r) and dw/dr of function `fn` at each r: one dimer per r along x, the dimers on a 15 Å grid
 * (small coordinates keep r exact to ~1e−14 Å); a second, longer-ranged function keeps neighbours
 * beyond fn's cutoff in the list, so that 0 there is fn's.
 */
function windowAt(fn: SymmetryFunction, rs: number[], kernel: Kernel): { f: number[]; df: number[] } {
  const positions = rs.flatMap((r, k) => {
    const o = [15 * (k % 5), 15 * (Math.floor(k / 5) % 5), 15 * Math.floor(k / 25)];
    return [o[0], o[1], o[2], o[0] + r, o[1], o[2]];
  });
  const s = new Structure({ symbols: positions.map(() => "Si").slice(0, 2 * rs.length), positions });
  const set = [fn, cutoffFn("cos", fn.cutoff + 2)];
  const b = computeDescriptors(s, set, { derivatives: true, kernel }).byElement[0];
  const f: number[] = [], df: number[] = [];
  rs.forEach((_, k) => {
    const a = 2 * k;
    f.push(b.values[a * 2]);
    let d = 0;
    for (let e = b.derivStart![a]; e < b.derivStart![a + 1]; e++) if (b.derivAtom![e] === a + 1) d += b.deriv![e * 3 * 2];
    df.push(d);
  });
  return { f, df };
}

// [function, r, f, df/dr], worked out by hand (exact fractions where the numbers allow).
const t5 = Math.tanh(0.5), t1 = Math.tanh(1);
const TABLE: [string, SymmetryFunction, number, number, number][] = [
  ["cos α = 0.5, x = 1/2", cutoffFn("cos", 6, 0.5), 4.5, 0.5, -Math.PI / 6],
  ["cos α = 0.5, inner plateau", cutoffFn("cos", 6, 0.5), 2, 1, 0],
  ["cos α = 0, Behler's ½[cos(πr/Rc) + 1]", cutoffFn("cos", 6), 2, 0.75, -(Math.PI / 12) * Math.sin(Math.PI / 3)],
  ["poly1 α = 0.2, x = 1/2", cutoffFn("poly1", 5, 0.2), 3, 0.5, -3 / 8],
  ["poly2 α = 0, x = 1/4", cutoffFn("poly2", 6), 1.5, 459 / 512, -45 / 256],
  ["poly3 α = 0, x = 1/2", cutoffFn("poly3", 4), 2, 0.5, -35 / 64],
  ["poly4 α = 0.5, x = 3/4", cutoffFn("poly4", 8, 0.5), 7, 6413 / 131072, -25515 / 131072],
  ["exp α = 0, x = 1/2: e·e^(−4/3)", cutoffFn("exp", 5), 2.5, Math.exp(-1 / 3), (-16 / 45) * Math.exp(-1 / 3)],
  ["exp α = 0.4, x = 1/2", cutoffFn("exp", 5, 0.4), 3.5, Math.exp(-1 / 3), (-16 / 27) * Math.exp(-1 / 3)],
  ["tanhu: tanh³(1/2)", cutoffFn("tanhu", 6), 3, t5 ** 3, (t5 * t5 * (t5 * t5 - 1)) / 2],
  ["tanhu ignores α", cutoffFn("tanhu", 6, 0.7), 3, t5 ** 3, (t5 * t5 * (t5 * t5 - 1)) / 2],
  ["tanh: coth³(1) tanh³(1/2)", cutoffFn("tanh", 6), 3, (t5 / t1) ** 3, (t5 * t5 * (t5 * t5 - 1)) / (2 * t1 ** 3)],
  ["hard", cutoffFn("hard", 3, 0.5), 2.9, 1, 0],
  ["compact p2 on (1, 5), y = 1/2", compactFn("p2", 1, 5), 2, 0.5, 15 / 16],
  ["compact p2a on (1, 5): y(2 − y) = 3/4", compactFn("p2a", 1, 5), 2, 53 / 512, 135 / 256],
  ["compact p1 on (0.5, 4.5), right half", compactFn("p1", 0.5, 4.5), 3.5, 0.5, -3 / 4],
  ["compact p3a on (−3, 3)", compactFn("p3a", -3, 3), 1.5, 289 / 4096, -315 / 1024],
  ["compact p4 on (−2, 6)", compactFn("p4", -2, 6), 4, 0.5, -315 / 512],
  ["compact e on (−4, 4): e·e^(−4/3)", compactFn("e", -4, 4), 2, Math.exp(-1 / 3), (-4 / 9) * Math.exp(-1 / 3)],
];

/** Every window: each cutoff type with α = 0 and 0.4 (Rc = 5), each compact subtype on (−5, 5) and (1.2, 5). */
const ALL: [string, SymmetryFunction][] = [
  ...CUTOFF_TYPES.flatMap((t) => [0, 0.4].map((a) => [`${t} α=${a}`, cutoffFn(t, 5, a)] as [string, SymmetryFunction])),
  ...COMPACT_SUBTYPES.flatMap((t) => [-5, 1.2].map((rl) => [`${t} (${rl}, 5)`, compactFn(t, rl, 5)] as [string, SymmetryFunction])),
];

describe("cutoff and compact functions", () => {
  for (const kernel of KERNELS) {
    it(`${kernel}: f and df/dr at chosen r equal the hand-computed values (1e−14)`, () => {
      for (const [name, fn, r, f, df] of TABLE) {
        const got = windowAt(fn, [r], kernel);
        expect(Math.abs(got.f[0] - f), `${name} f`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(f)));
        expect(Math.abs(got.df[0] - df), `${name} df`).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(df)));
      }
    });

    it(`${kernel}: df/dr equals a central difference of f (h = 1e−5 Å) on a grid through (0, Rc) (hard: df = 0)`, () => {
      const h = 1e-5;
      const grid = Array.from({ length: 60 }, (_, k) => 0.05 + (4.9 * k) / 59).filter((r) => Math.abs(r - 5) > 2 * h);
      for (const [name, fn] of ALL.filter(([, f]) => f.cutoffType !== "hard")) {
        const at = windowAt(fn, grid, kernel), up = windowAt(fn, grid.map((r) => r + h), kernel), dn = windowAt(fn, grid.map((r) => r - h), kernel);
        const scale = Math.max(...at.df.map(Math.abs));
        expect(scale, name).toBeGreaterThan(0.05);
        grid.forEach((r, k) => {
          const fd = (up.f[k] - dn.f[k]) / (2 * h);
          expect(Math.abs(at.df[k] - fd), `${name} at r = ${r}`).toBeLessThan(1e-8 * scale);
        });
      }
      for (const a of [0, 0.4]) expect(windowAt(cutoffFn("hard", 5, a), grid, kernel).df.every((x) => x === 0)).toBe(true);
    });

    it(`${kernel}: f = df = 0 from Rc on (and below r_l), f ≥ 0 inside`, () => {
      for (const [name, fn] of ALL) {
        const beyond = windowAt(fn, [5, 5 + 1e-12, 5.3, 6.9], kernel);
        expect(beyond.f, name).toEqual([0, 0, 0, 0]);
        expect(beyond.df.map(Math.abs), name).toEqual([0, 0, 0, 0]);
        const inside = windowAt(fn, [0.3, 2, 4, 5 - 1e-9], kernel);
        for (const x of inside.f) expect(x, name).toBeGreaterThanOrEqual(0);
        if (fn.type === 20 && fn.rl! > 0) {
          const below = windowAt(fn, [0.5, 1.19], kernel);
          expect(below.f, name).toEqual([0, 0]);
        }
      }
    });

    it(`${kernel}: continuous at α·Rc (f → 1, df → 0 from both sides) and at the ends of the compact support`, () => {
      for (const t of ["cos", "exp", "poly1", "poly2", "poly3", "poly4"] as CutoffType[]) {
        const ri = 0.4 * 5, d = 1e-7;
        const w = windowAt(cutoffFn(t, 5, 0.4), [ri - d, ri + d], kernel);
        expect(w.f[0], t).toBe(1);
        expect(w.df[0], t).toBe(0);
        expect(1 - w.f[1], t).toBeLessThan(1e-6);
        expect(Math.abs(w.df[1]), t).toBeLessThan(1e-5);
      }
      for (const t of ["hard", "tanhu", "tanh"] as CutoffType[]) {
        // No inner cutoff: α changes nothing (as in n2p2).
        const rs = [0.5, 1.9, 2.1, 4.2];
        expect(windowAt(cutoffFn(t, 5, 0.4), rs, kernel)).toEqual(windowAt(cutoffFn(t, 5), rs, kernel));
      }
      expect(1 - windowAt(cutoffFn("tanh", 5), [1e-6], kernel).f[0]).toBeLessThan(1e-5);
      for (const t of COMPACT_SUBTYPES) {
        const w = windowAt(compactFn(t, 1.2, 5), [1.2 + 1e-7, 5 - 1e-7], kernel);
        for (const x of [...w.f, ...w.df]) expect(Math.abs(x), t).toBeLessThan(1e-5);
      }
    });
  }

  it("bad parameters are refused, naming the function and the field", () => {
    const bad = (f: Partial<SymmetryFunction>, msg: string) =>
      expect(() => validateFunctions([{ ...cutoffFn("poly2", 5), ...f } as SymmetryFunction], "set")).toThrow(msg);
    bad({ cutoffAlpha: 1 }, "set[0].cutoffAlpha: expected 0 ≤ alpha < 1, got 1");
    bad({ cutoffAlpha: -0.1 }, "set[0].cutoffAlpha: expected 0 ≤ alpha < 1, got -0.1");
    bad({ cutoffType: "poly5" as CutoffType }, 'set[0].cutoffType: expected one of hard, cos, tanhu, tanh, exp, poly1, poly2, poly3, poly4, got "poly5"');
    bad({ cutoff: 0 }, "set[0].cutoff: expected a positive number, got 0");
    bad({ eta: -1 }, "set[0].eta: expected a number ≥ 0, got -1");
    bad({ zeta: 2 }, "set[0].zeta: type 2 has no parameter zeta");
    bad({ type: 3, neighbours: ["Si", "Si"] }, "set[0].zeta: type 3 needs zeta");
    const badC = (f: Partial<SymmetryFunction>, msg: string) =>
      expect(() => validateFunctions([{ ...compactFn("p2", -5, 5), ...f } as SymmetryFunction], "set")).toThrow(msg);
    badC({ rl: 5 }, "set[0].rl: expected a number below the cutoff 5, got 5");
    badC({ subtype: "p5" as CompactSubtype }, 'set[0].subtype: expected one of p1, p2, p3, p4, p1a, p2a, p3a, p4a, e, got "p5"');
    badC({ cutoffType: "cos" }, "set[0].cutoffType: type 20 has no parameter cutoffType");
    badC({ eta: 0.1 }, "set[0].eta: type 20 has no parameter eta");
    const ang = { type: 22 as const, neighbours: ["Si", "Si"], thetaL: 0, thetaR: 120 };
    badC({ ...ang, thetaR: 0 }, "set[0].thetaR: expected a number above thetaL = 0 (degrees), got 0");
    badC({ ...ang, thetaL: -30, thetaR: 90 }, "set[0].thetaL, thetaR: [-30, 90] leaves [0, 180] degrees but is not centred on 0 or 180");
    badC({ ...ang, thetaL: 100, thetaR: 200 }, "set[0].thetaL, thetaR: [100, 200] leaves [0, 180] degrees but is not centred on 0 or 180");
    badC({ type: 23, neighbours: ["Si"] }, "set[0].neighbours: type 23 takes none ([]: every neighbour, weighted by its atomic number)");
    expect(() => validateFunctions([{ ...compactFn("p2", -5, 5), type: 25, neighbours: [], thetaL: -90, thetaR: 90 }])).not.toThrow();
  });
});

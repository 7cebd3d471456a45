// Stillinger–Weber parameter files and the multi-element teacher: the `.sw` reader (format,
// errors with file:line), the built-in sets (identical to data/potentials/, Si identical to the
// original constants), `--model sw:…` specs, a brute-force sum of docs/science.md §2's formula
// over all pairs and triplets (both splits), and finite differences of forces and stress.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveCalculator } from "../src/model/resolve.js";
import { Structure } from "../src/structure/structure.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { BUILTIN_SW_FILES, BUILTIN_SW_NAMES, builtinSwPotential } from "../src/teacher/sw-builtin.js";
import { parseSwFile } from "../src/teacher/sw-file.js";
import { SW_SI, entry, listCutoff, type SwPotential } from "../src/teacher/sw-parameters.js";
import { compound } from "../src/structure/generators.js";
import { rng } from "./helpers/lattice.js";

const fixtures = new URL("./fixtures/lammps/", import.meta.url);
const ternary = parseSwFile(readFileSync(new URL("ternary-test.sw", fixtures), "utf8"), "ternary-test.sw");
const GaN = builtinSwPotential("GaN")!, CdTe = builtinSwPotential("CdTe")!;
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** A line with 3 names and 11 numbers. */
const line = (names: string, nums = "1 2 1.8 21 1.2 -0.33 7 0.6 4 0 0") => `${names} ${nums}`;
/** The 8 lines of a valid two-element file (A, B), two-body and three-body symmetric. */
function binary(a = "Ga", b = "N"): string[] {
  const out: string[] = [];
  for (const i of [a, b]) for (const j of [a, b]) for (const k of [a, b]) out.push(line(`${i} ${j} ${k}`));
  return out;
}
const parseErr = (text: string) => { try { parseSwFile(text, "x.sw"); } catch (e) { return (e as Error).message; } return "no error"; };

describe(".sw reader", () => {
  it("LammpsSiFile_ContinuationLineAndComments_OriginalParameters", () => {
    const p = parseSwFile(readFileSync(new URL("Si.sw", fixtures), "utf8"), "Si.sw");
    expect(p.elements).toEqual(["Si"]);
    expect(p.entries[0]).toEqual({ ...SW_SI, cosTheta0: -0.333333333333, tol: 0 });
    expect(p.citation).toMatch(/Stillinger and Weber/);
  });

  it("TernaryFile_27EntriesInFileOrder_ContinuationInsideEntries", () => {
    expect(ternary.elements).toEqual(["Si", "Ge", "C"]);
    expect(ternary.entries.length).toBe(27);
    // C C Ge spans two lines in the file; its λ = 30, cos θ0 = −0.29 (hand-read).
    expect(entry(ternary, 2, 2, 1)).toMatchObject({ lambda: 30, cosTheta0: -0.29, tol: 0.5 });
    // Leg γ differs by centre: Si Ge Ge 1.2, Ge Si Si 1.1.
    expect(entry(ternary, 0, 1, 1).gamma).toBe(1.2);
    expect(entry(ternary, 1, 0, 0).gamma).toBe(1.1);
  });

  it("NeighbourCutoff_ShortenedByTol_AsLammps", () => {
    // Ge–Ge: aσ = 1.8·2.181, tol 0.005, γ = 0.9 < 1 → aσ + γσ/ln(tol).
    expect(listCutoff(entry(ternary, 1, 1, 1))).toBeCloseTo(1.8 * 2.181 + (0.9 * 2.181) / Math.log(0.005), 12);
    // Si–C: tol 0.001, γ ≥ 1 → aσ + σ/ln(tol); tol above 0.01 is capped at 0.01.
    expect(listCutoff(entry(ternary, 0, 2, 2))).toBeCloseTo(1.85 * 1.75 + 1.75 / Math.log(0.001), 12);
    expect(listCutoff({ ...SW_SI, tol: 0.5 })).toBeCloseTo(1.8 * 2.0951 + 2.0951 / Math.log(0.01), 12);
    expect(listCutoff(SW_SI)).toBe(1.8 * 2.0951);
  });

  it("Errors_NameFileLineAndWhatWasExpected", () => {
    const ok = binary();
    expect(parseErr(ok.join("\n"))).toBe("no error");
    expect(parseErr(ok.slice(1).join("\n"))).toMatch(/^x\.sw: missing 1 of the 8 entries for elements Ga, N: Ga Ga Ga$/);
    expect(parseErr([...ok, "# comment", ok[3]].join("\n"))).toBe("x.sw:10: duplicate entry Ga N N (first at line 4)");
    expect(parseErr(["# c", line("Ga Ga Ga", "1 2 x 21 1.2 -0.33 7 0.6 4 0 0"), ...ok.slice(1)].join("\n"))).toBe('x.sw:2: a (field 6): expected a number, found "x"');
    expect(parseErr([line("Ga Ga Ga", "1 -2 1.8 21 1.2 -0.33 7 0.6 4 0 0"), ...ok.slice(1)].join("\n"))).toBe("x.sw:1: σ (field 5): expected a number ≥ 0, found -2");
    expect(parseErr([ok[0] + " 7", ...ok.slice(1)].join("\n"))).toMatch(/^x\.sw:1: expected 14 fields .* found 15$/);
    expect(parseErr([...ok, "Ga Ga Ga 1 2"].join("\n"))).toMatch(/^x\.sw:9: incomplete entry: expected 14 fields .* found 5 before the end of the file$/);
    expect(parseErr(line("Xx Xx Xx"))).toBe('x.sw:1: expected a chemical element symbol, found "Xx"');
    expect(parseErr("# UNITS: real\n" + line("Si Si Si"))).toMatch(/^x\.sw:1: the file is in LAMMPS "real" units/);
    expect(parseErr("# nothing\n\n")).toBe("x.sw: no parameter entries found (expected lines of 3 elements and 11 numbers)");
  });

  it("Asymmetric_IjkVsIkjOrIjjVsJii_RejectedNamingBothLines", () => {
    const three = binary();
    three[2] = line("Ga N Ga", "1 2 1.8 21 1.2 -0.30 7 0.6 4 0 0"); // i j k = Ga N Ga vs Ga Ga N (line 2)
    expect(parseErr(three.join("\n"))).toBe("x.sw:3: cos θ0 of Ga N Ga (-0.3) differs from Ga Ga N at line 2 (-0.33): both enter the three-body term, and LAMMPS would use one or the other depending on neighbour order");
    const two = binary();
    two[4] = line("N Ga Ga", "1 2 1.8 21 1.2 -0.33 7 0.65 4 0 0"); // B of N Ga Ga vs Ga N N (line 4)
    expect(parseErr(two.join("\n"))).toMatch(/^x\.sw:5: B of N Ga Ga \(0\.65\) differs from Ga N N at line 4 \(0\.6\): both enter the two-body term of Ga–N/);
    const cut = binary();
    cut[3] = line("Ga N N", "1 2 1.8 21 0.9 -0.33 7 0.6 4 0 0.01");
    cut[4] = line("N Ga Ga", "1 2 1.8 21 1.2 -0.33 7 0.6 4 0 0.01"); // same tol, γ on either side of 1
    expect(parseErr(cut.join("\n"))).toMatch(/^x\.sw:5: the neighbour cutoff \(from tol, σ, γ\) of N Ga Ga/);
    // Within 1e-5 (rounded tables): accepted, and the mean is used.
    const near = binary();
    near[2] = line("Ga N Ga", "1 2 1.8 21.0000021 1.2 -0.33 7 0.6 4 0 0");
    expect(parseErr(near.join("\n"))).toBe("no error");
  });
});

describe("built-in parameter sets", () => {
  it("BuiltinTexts_IdenticalToDataPotentials", () => {
    expect(BUILTIN_SW_NAMES).toEqual(["Si", "GaN", "CdTe"]);
    for (const name of BUILTIN_SW_NAMES) {
      expect(BUILTIN_SW_FILES[name]).toBe(readFileSync(new URL(`../data/potentials/${name}.sw`, import.meta.url), "utf8"));
    }
  });

  it("BuiltinSi_IsTheOriginalParameterSet_SameBitsAsDefault", () => {
    const si = builtinSwPotential("Si")!;
    expect(si.entries).toEqual([{ ...SW_SI, tol: 0 }]);
    const r = rng(5), pos = Array.from({ length: 24 }, () => 4 * r());
    const s = new Structure({ symbols: Array(8).fill("Si"), positions: pos, cell: [4, 0, 0, 0, 4, 0, 0, 0, 4], pbc: true });
    const a = new StillingerWeber().calculate(s), b = resolveCalculator("sw:Si", () => "").calculate(s);
    expect(b.energy).toBe(a.energy);
    expect(Array.from(b.forces!)).toEqual(Array.from(a.forces!));
    expect(Array.from(b.energies)).toEqual(Array.from(a.energies));
  });

  it("GaNAndCdTe_ElementsAndCitations_AsLammpsShipsThem", () => {
    expect(GaN.elements).toEqual(["Ga", "N"]);
    expect(GaN.citation).toMatch(/Bere and Serra, Phil\. Mag\. 86, 2159 \(2006\)/);
    expect(entry(GaN, 0, 0, 1)).toMatchObject({ epsilon: 1.6136914, lambda: 32.5 });
    expect(CdTe.elements).toEqual(["Cd", "Te"]);
    expect(CdTe.citation).toMatch(/Wang, Stroud and Markworth, Phys\. Rev\. B 40, 3129 \(1989\)/);
  });
});

describe("check values (docs/science.md §2)", () => {
  it("ZincblendeGaNAndCdTe_AtTheirEquilibria_ZeroStress", () => {
    for (const [pot, els, a, e] of [[GaN, ["Ga", "N"], 4.5122, -4.34090], [CdTe, ["Cd", "Te"], 6.5064, -2.06006]] as const) {
      const calc = new StillingerWeber({ potential: pot }), at = (x: number) => calc.calculate(compound("zincblende", { a: x }, [...els] as [string, string]));
      expect(at(a).energy / 8).toBeCloseTo(e, 5);
      // The equilibrium lattice constant to ±0.0001 Å: the stress changes sign across it.
      expect(at(a - 1e-4).stress![0]).toBeLessThan(0);
      expect(at(a + 1e-4).stress![0]).toBeGreaterThan(0);
    }
  });
});

describe("--model sw:…", () => {
  it("Specs_BuiltinsFilesAndSplits", () => {
    const gan = resolveCalculator("sw:GaN", () => "");
    expect(gan.name).toBe("sw:GaN:vertex");
    expect(gan.elements).toEqual(["Ga", "N"]);
    expect(resolveCalculator("sw:CdTe:lammps", () => "").name).toBe("sw:CdTe:lammps");
    expect(resolveCalculator("sw:lammps", () => "").name).toBe("sw:lammps");
    expect(resolveCalculator("sw:Si:lammps", () => "").name).toBe("sw:lammps");
    const read: string[] = [];
    const f = resolveCalculator("sw:pots/my.sw:lammps", (p) => { read.push(p); return binary("Cd", "Te").join("\n"); });
    expect(read).toEqual(["pots/my.sw"]);
    expect(f.name).toBe("sw:pots/my.sw:lammps");
    expect(f.elements).toEqual(["Cd", "Te"]);
    expect(() => resolveCalculator("sw:bad.sw", () => "Si Si Si 1 2")).toThrow(/^bad\.sw:1: incomplete entry/);
  });

  it("AtomOfAnotherElement_NamesPotentialAtomAndElement", () => {
    const s = new Structure({ symbols: ["Ga", "Si"], positions: [0, 0, 0, 2, 0, 0] });
    expect(() => new StillingerWeber({ potential: GaN }).calculate(s)).toThrow("the Stillinger–Weber potential GaN covers Ga, N; atom 1 is 'Si'");
  });
});

/**
 * docs/science.md §2 summed directly: every ordered pair and every triplet (i; j < k), no
 * neighbour list, parameters read with `entry` (LAMMPS' rule: pair i–j from i j j, three-body
 * λε and cos θ0 from i j k, legs from i j j and i k k). Non-periodic structures only.
 */
function bruteForce(pot: SwPotential, s: Structure): { energy: number; vertex: number[]; lammps: number[] } {
  const n = s.length, t = s.symbols.map((x) => pot.elements.indexOf(x));
  const vec = (i: number, j: number) => [0, 1, 2].map((d) => s.positions[3 * j + d] - s.positions[3 * i + d]);
  const vertex = Array(n).fill(0), lammps = Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    const nbrs: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const p = entry(pot, t[i], t[j], t[j]), r = Math.hypot(...vec(i, j));
      if (r >= listCutoff(p)) continue;
      nbrs.push(j);
      const phi = p.A * p.epsilon * (p.B * (p.sigma / r) ** p.p - (p.sigma / r) ** p.q) * Math.exp(p.sigma / (r - p.a * p.sigma));
      vertex[i] += phi / 2; lammps[i] += phi / 2;
    }
    for (let u = 0; u < nbrs.length; u++) for (let v = u + 1; v < nbrs.length; v++) {
      const j = nbrs[u], k = nbrs[v], a = vec(i, j), b = vec(i, k), rj = Math.hypot(...a), rk = Math.hypot(...b);
      const pj = entry(pot, t[i], t[j], t[j]), pk = entry(pot, t[i], t[k], t[k]), pjk = entry(pot, t[i], t[j], t[k]);
      const cos = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (rj * rk);
      const h = pjk.lambda * pjk.epsilon * (cos - pjk.cosTheta0) ** 2
        * Math.exp((pj.gamma * pj.sigma) / (rj - pj.a * pj.sigma)) * Math.exp((pk.gamma * pk.sigma) / (rk - pk.a * pk.sigma));
      vertex[i] += h;
      for (const q of [i, j, k]) lammps[q] += h / 3;
    }
  }
  return { energy: sum(vertex), vertex, lammps };
}

/** n atoms of `elements` (cycled) at seeded random points in a sphere of radius R, no two closer than dmin. */
function randomCluster(elements: string[], n: number, R: number, dmin: number, seed: number): Structure {
  const u = rng(seed), pos: number[][] = [];
  while (pos.length < n) {
    const p = [0, 1, 2].map(() => R * (2 * u() - 1));
    if (Math.hypot(...p) > R || pos.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]) < dmin)) continue;
    pos.push(p);
  }
  return new Structure({ symbols: pos.map((_, q) => elements[q % elements.length]), positions: pos });
}

describe("multi-element teacher against hand sums", () => {
  it("GaNDimer_IsPhi2WithTheGaNLine", () => {
    // Ga N N: ε 2.17, σ 1.695, a 1.8, A 7.917, B 0.72, p 4, q 0 (typed from the file).
    const r = 2.1, s = 1.695;
    const phi = 7.917 * 2.17 * (0.72 * (s / r) ** 4 - 1) * Math.exp(s / (r - 1.8 * s));
    const res = new StillingerWeber({ potential: GaN }).calculate(new Structure({ symbols: ["N", "Ga"], positions: [0, 0, 0, r, 0, 0] }));
    expect(res.energy).toBeCloseTo(phi, 12);
    expect(Array.from(res.energies)).toEqual([expect.closeTo(phi / 2, 12), expect.closeTo(phi / 2, 12)]);
  });

  it("GaNGaTrimer_ThreeBodyUsesNGaGaAndLegsFromNGaGa", () => {
    // Ga–N–Ga at 100°, |NGa| = 1.95 Å, Ga–Ga 2.99 Å (within the Ga–Ga range 3.36 Å).
    const r = 1.95, th = (100 * Math.PI) / 180;
    const s = new Structure({ symbols: ["Ga", "N", "Ga"], positions: [r, 0, 0, 0, 0, 0, r * Math.cos(th), r * Math.sin(th), 0] });
    const gg = 2 * r * Math.sin(th / 2);
    const phiGaN = 7.917 * 2.17 * (0.72 * (1.695 / r) ** 4 - 1) * Math.exp(1.695 / (r - 1.8 * 1.695));
    const phiGaGa = 7.917 * 1.2 * (0.72 * (2.1 / gg) ** 4 - 1) * Math.exp(2.1 / (gg - 1.6 * 2.1));
    // Centre N, neighbours Ga, Ga: λε of N Ga Ga = 32.5·2.17, legs γσ = 1.2·1.695, aσ = 1.8·1.695.
    const leg = Math.exp((1.2 * 1.695) / (r - 1.8 * 1.695));
    const hN = 32.5 * 2.17 * (Math.cos(th) + 0.333333333333) ** 2 * leg * leg;
    // Centre Ga, neighbours N (Ga N N leg) and Ga (Ga Ga Ga leg): λε of Ga N Ga = 32.5·1.6136914.
    const cosGa = Math.cos((Math.PI - th) / 2);
    const hGa = 32.5 * 1.6136914 * (cosGa + 0.333333333333) ** 2 * leg * Math.exp((1.2 * 2.1) / (gg - 1.6 * 2.1));
    const v = new StillingerWeber({ potential: GaN }).calculate(s);
    expect(v.energy).toBeCloseTo(2 * phiGaN + phiGaGa + hN + 2 * hGa, 11);
    expect(v.energies[1]).toBeCloseTo(phiGaN + hN, 11);
    expect(v.energies[0]).toBeCloseTo(phiGaN / 2 + phiGaGa / 2 + hGa, 11);
  });

  for (const [name, pot, elements] of [["GaN", GaN, ["Ga", "N"]], ["CdTe", CdTe, ["Te", "Cd"]], ["ternary", ternary, ["C", "Si", "Ge", "Ge"]]] as const) {
    it(`RandomCluster_BothSplitsMatchBruteForce_${name}`, () => {
      const s = randomCluster([...elements], 14, 3.4, 1.3, 9);
      const ref = bruteForce(pot, s);
      const v = new StillingerWeber({ potential: pot, split: "vertex" }).calculate(s);
      const l = new StillingerWeber({ potential: pot, split: "lammps" }).calculate(s);
      expect(Math.abs(ref.energy)).toBeGreaterThan(1);
      expect(v.energy).toBeCloseTo(ref.energy, 10);
      expect(maxAbsDiff(v.energies, ref.vertex)).toBeLessThan(1e-11);
      expect(maxAbsDiff(l.energies, ref.lammps)).toBeLessThan(1e-11);
      expect(sum(v.energies)).toBeCloseTo(v.energy, 11);
    });
  }
});

/** A rattled, sheared periodic cell with random species on diamond sites (8 sites × 2). */
function rattledCell(elements: string[], a: number, seed: number): Structure {
  const u = rng(seed);
  const basis = [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0], [.25, .25, .25], [.25, .75, .75], [.75, .25, .75], [.75, .75, .25]];
  const cell = [2 * a, 0, 0, 0.4, a, 0, -0.3, 0.5, 1.05 * a];
  const pos: number[] = [], sym: string[] = [];
  for (let rep = 0; rep < 2; rep++) for (const b of basis) {
    const f = [(b[0] + rep) / 2, b[1], b[2]];
    for (let k = 0; k < 3; k++) pos.push(f[0] * cell[k] + f[1] * cell[3 + k] + f[2] * cell[6 + k] + 0.15 * (2 * u() - 1));
    sym.push(elements[Math.floor(u() * elements.length)]);
  }
  return new Structure({ symbols: sym, positions: pos, cell, pbc: true });
}

describe("multi-element teacher derivatives", () => {
  for (const [name, pot, s] of [
    ["GaN", GaN, rattledCell(["Ga", "N"], 4.4, 3)],
    ["ternary", ternary, rattledCell(["Si", "Ge", "C"], 5.0, 4)],
  ] as const) {
    const calc = new StillingerWeber({ potential: pot });
    it(`Forces_MatchCentralDifferences_${name}`, () => {
      const r = calc.calculate(s), h = 1e-5;
      let worst = 0;
      for (let q = 0; q < 3 * s.length; q++) {
        const p = s.positions.slice(); p[q] += h;
        const ep = calc.calculate(s.copy({ positions: p }), { forces: false }).energy;
        p[q] -= 2 * h;
        const em = calc.calculate(s.copy({ positions: p }), { forces: false }).energy;
        worst = Math.max(worst, Math.abs(-(ep - em) / (2 * h) - r.forces![q]));
      }
      expect(worst).toBeLessThan(1e-6);
    });

    it(`Stress_MatchesStrainDerivative_${name}`, () => {
      const r = calc.calculate(s), V = s.volume(), h = 1e-6;
      const pairs = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
      const strained = (v: number, x: number) => {
        const e = [1, 0, 0, 0, 1, 0, 0, 0, 1], [a, b] = pairs[v];
        if (a === b) e[4 * a] += x; else { e[3 * a + b] += x / 2; e[3 * b + a] += x / 2; }
        const mul = (m: ArrayLike<number>, n: number) => {
          const out = new Float64Array(3 * n);
          for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) out[3 * i + k] = m[3 * i] * e[k] + m[3 * i + 1] * e[3 + k] + m[3 * i + 2] * e[6 + k];
          return out;
        };
        return s.copy({ positions: mul(s.positions, s.length), cell: mul(s.cell, 3) });
      };
      for (let v = 0; v < 6; v++) {
        const d = (calc.calculate(strained(v, h)).energy - calc.calculate(strained(v, -h)).energy) / (2 * h) / V;
        expect(Math.abs(r.stress![v] - d)).toBeLessThan(1e-7);
      }
    });
  }
});

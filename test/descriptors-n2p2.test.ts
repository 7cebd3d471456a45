// Symmetry functions against n2p2 itself: values and derivatives by every atom that n2p2 computed
// for every type (2, 3, 9, 12, 13, 20–25, every compact subtype) and every cutoff type (0–8, with
// α = 0 and 0.4), on a periodic S4Cu6 cell and a CH3OH cluster (test/fixtures/n2p2-symfunc/README.md
// says how they were made). All three kernels, to 1e−12 relative per function.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Structure } from "../src/structure/structure.js";
import { computeDescriptors, functionsOf, parseN2p2SymmetryFunctions, type StructureDescriptors } from "../src/descriptors/index.js";

interface Run {
  name: string;
  cutoff_type: string;
  symfunction_short: string[];
  functions: Record<string, { index: number; line: string }[]>;
  atoms: { index: number; element: string; G: number[]; dGdr: number[][][] }[];
}
interface Fixture {
  structure: { periodic: boolean; cell: number[][] | null; symbols: string[]; positions: number[][] };
  runs: Run[];
}

const load = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/n2p2-symfunc/${name}`, import.meta.url), "utf8")) as Fixture;
const FILES = ["periodic-CuS.types.json", "periodic-CuS.cutoffs.json", "cluster-CHO.types.json", "cluster-CHO.cutoffs.json"];
const KERNELS = ["simd", "scalar", "ts"] as const;

function structureOf(f: Fixture): Structure {
  const s = f.structure;
  return new Structure({
    symbols: s.symbols, positions: s.positions.flat(), pbc: s.periodic,
    ...(s.cell ? { cell: s.cell.flat() } : {}),
  });
}

/** Our values [i][q] and dense derivatives [i][j][x][q] (images of j summed), columns in set order. */
function ours(d: StructureDescriptors): { G: number[][]; D: number[][][][] } {
  const G: number[][] = [], D: number[][][][] = [];
  for (const b of d.byElement) {
    const nf = b.nfeatures;
    b.atoms.forEach((i, a) => {
      G[i] = Array.from(b.values.subarray(a * nf, (a + 1) * nf));
      D[i] = Array.from({ length: d.natoms }, () => [0, 1, 2].map(() => new Array<number>(nf).fill(0)));
      for (let e = b.derivStart![a]; e < b.derivStart![a + 1]; e++) {
        const j = b.derivAtom![e];
        for (let x = 0; x < 3; x++) for (let q = 0; q < nf; q++) D[i][j][x][q] += b.deriv![(e * 3 + x) * nf + q];
      }
    });
  }
  return { G, D };
}

/**
 * n2p2 evaluates the polynomial cores of its cutoff and compact functions in expanded form,
 * 1 + x^(n+1) p(x), whose coefficients reach 540: near x = 1 each term carries ~1e−14 absolute
 * rounding (aemap uses the factored form u^(n+1) q(x), u = 1 − x). For the fixtures' worst case
 * (the test below) n2p2 is 1.1e−14 from a 40-digit evaluation and aemap 7e−20. Differences are
 * therefore measured against 1e−12 × the function's scale plus this absolute floor.
 */
const N2P2_FLOOR = 5e-14;

/**
 * Largest relative difference over the functions of a run: per function (and element), max over
 * atoms (and atoms j, directions) of max(0, |ours − n2p2| − N2P2_FLOOR) divided by the largest
 * |n2p2| of that function; functions that n2p2 gives as exactly 0 everywhere must be 0 here too.
 */
function compareRun(run: Run, s: Structure, kernel: (typeof KERNELS)[number]): { values: number; derivs: number; functions: number } {
  const set = parseN2p2SymmetryFunctions([run.cutoff_type, ...run.symfunction_short].join("\n"), `${run.name}.input.nn`);
  const { G, D } = ours(computeDescriptors(s, set, { derivatives: true, kernel }));
  let worstV = 0, worstD = 0, functions = 0;
  for (const el of Object.keys(run.functions)) {
    // Our column of each function = its position among this centre's lines (input order).
    const lines = run.symfunction_short.filter((l) => l.split(/\s+/)[1] === el);
    expect(functionsOf(set, el).length).toBe(lines.length);
    for (const { index, line } of run.functions[el]) {
      const q = lines.indexOf(line);
      expect(q).toBeGreaterThanOrEqual(0);
      functions++;
      let sv = 0, dv = 0, sd = 0, dd = 0;
      for (const at of run.atoms.filter((a) => a.element === el)) {
        sv = Math.max(sv, Math.abs(at.G[index]));
        dv = Math.max(dv, Math.abs(G[at.index][q] - at.G[index]) - N2P2_FLOOR);
        at.dGdr.forEach((byJ, j) => byJ.forEach((row, x) => {
          sd = Math.max(sd, Math.abs(row[index]));
          dd = Math.max(dd, Math.abs(D[at.index][j][x][q] - row[index]) - N2P2_FLOOR);
        }));
      }
      worstV = Math.max(worstV, dv <= 0 ? 0 : sv === 0 ? Infinity : dv / sv);
      worstD = Math.max(worstD, dd <= 0 ? 0 : sd === 0 ? Infinity : dd / sd);
    }
  }
  return { values: worstV, derivs: worstD, functions };
}

describe("n2p2's own symmetry-function values and derivatives", () => {
  for (const file of FILES) {
    const fx = load(file);
    const s = structureOf(fx);
    for (const kernel of KERNELS) {
      it(`${file}, ${kernel}: ${fx.runs.length} run(s), values and ∂G/∂r by every atom within 1e−12 relative per function`, () => {
        let functions = 0;
        for (const run of fx.runs) {
          const r = compareRun(run, s, kernel);
          functions += r.functions;
          expect(r.values, `${run.name} values`).toBeLessThan(1e-12);
          expect(r.derivs, `${run.name} derivatives`).toBeLessThan(1e-12);
        }
        expect(functions).toBeGreaterThan(50);
      }, 60_000);
    }
  }

  it("the worst case of the floor: aemap's value equals a 40-digit evaluation to 1e−14, n2p2's is 2.3e−10 from it", () => {
    // Type 22 (S; S–Cu pairs), r in (−5, 5) Å with p4a, θ in [100°, 180°] with p4, on S atom 0 of the
    // periodic cell: Σ over pairs of C(r_ij) C(r_ik) C(θ), summed with mpmath at 40 digits over
    // every image within 5 Å: 4.8857374355238213634e−5.
    const exact = 4.8857374355238213634e-5;
    const fx = load("periodic-CuS.types.json"), run = fx.runs[0];
    const line = "symfunction_short S 22 S Cu -5 5 100 180 p4a";
    const n2p2 = run.atoms[0].G[run.functions.S.find((f) => f.line === line)!.index];
    expect(Math.abs(n2p2 - exact) / exact).toBeGreaterThan(1e-10);
    const set = parseN2p2SymmetryFunctions([line, "symfunction_short Cu 2 S 0.1 0 5"].join("\n"));
    for (const kernel of KERNELS) {
      const b = computeDescriptors(structureOf(fx), set, { kernel }).byElement.find((x) => x.element === "S")!;
      expect(b.atoms[0]).toBe(0);
      expect(Math.abs(b.values[0] - exact) / exact).toBeLessThan(1e-14);
    }
  });

  it("the fixtures cover every type and every cutoff type, with α = 0 and 0.4", () => {
    const types = new Set<number>(), cutoffs = new Set<string>();
    for (const file of FILES) for (const run of load(file).runs) {
      cutoffs.add(run.cutoff_type);
      for (const l of run.symfunction_short) types.add(Number(l.split(/\s+/)[2]));
    }
    expect([...types].sort((a, b) => a - b)).toEqual([2, 3, 9, 12, 13, 20, 21, 22, 23, 24, 25]);
    for (let t = 0; t <= 8; t++) for (const a of ["0.0", "0.4"]) expect(cutoffs.has(`cutoff_type ${t} ${a}`)).toBe(true);
  });
});

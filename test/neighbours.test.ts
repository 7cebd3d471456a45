import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Structure } from "../src/structure/structure.js";
import { buildNeighbourList, type NeighbourList } from "../src/structure/neighbours.js";
import { diamond, rng } from "./helpers/lattice.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";

/** O(N²·images) reference: loop over all atom pairs and all shifts in a generous box. */
function bruteForce(s: Structure, rc: number): string[] {
  const out: string[] = [];
  const n = s.length, c = s.cell, p = s.positions;
  const range = [0, 1, 2].map((k) => {
    if (!s.pbc[k]) return 0;
    // plane spacing along k: V / |a_{k+1} × a_{k+2}|
    const u = c.subarray(3 * ((k + 1) % 3), 3 * ((k + 1) % 3) + 3), v = c.subarray(3 * ((k + 2) % 3), 3 * ((k + 2) % 3) + 3);
    const cr = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const d = Math.abs(s.volume()) / Math.hypot(cr[0], cr[1], cr[2]);
    // positions may lie outside the cell by up to one cell: add spare images
    return Math.ceil(rc / d) + 1;
  });
  const rc2 = rc * rc;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++)
    for (let a = -range[0]; a <= range[0]; a++) for (let b = -range[1]; b <= range[1]; b++) for (let g = -range[2]; g <= range[2]; g++) {
      if (i === j && a === 0 && b === 0 && g === 0) continue;
      const dx = p[3 * j] + a * c[0] + b * c[3] + g * c[6] - p[3 * i];
      const dy = p[3 * j + 1] + a * c[1] + b * c[4] + g * c[7] - p[3 * i + 1];
      const dz = p[3 * j + 2] + a * c[2] + b * c[5] + g * c[8] - p[3 * i + 2];
      if (dx * dx + dy * dy + dz * dz < rc2) out.push(`${i} ${j} ${a} ${b} ${g}`);
    }
  return out.sort();
}

function keys(nl: NeighbourList): string[] {
  const out: string[] = [];
  for (let i = 0; i < nl.natoms; i++)
    for (let q = nl.start[i]; q < nl.start[i + 1]; q++)
      out.push(`${i} ${nl.index[q]} ${nl.shift[3 * q]} ${nl.shift[3 * q + 1]} ${nl.shift[3 * q + 2]}`);
  return out.sort();
}

function checkVectors(s: Structure, nl: NeighbourList): void {
  for (let i = 0; i < nl.natoms; i++)
    for (let q = nl.start[i]; q < nl.start[i + 1]; q++) {
      const j = nl.index[q];
      for (let x = 0; x < 3; x++) {
        const expected = s.positions[3 * j + x] + nl.shift[3 * q] * s.cell[x] + nl.shift[3 * q + 1] * s.cell[3 + x] + nl.shift[3 * q + 2] * s.cell[6 + x] - s.positions[3 * i + x];
        expect(nl.vector[3 * q + x]).toBeCloseTo(expected, 10);
      }
      expect(nl.distance[q]).toBeCloseTo(Math.hypot(nl.vector[3 * q], nl.vector[3 * q + 1], nl.vector[3 * q + 2]), 12);
    }
}

/** Random triclinic cell with angles between 60° and 120°, atoms anywhere (also outside the cell). */
function randomCell(seed: number, natoms: number, pbc: [boolean, boolean, boolean]): Structure {
  const r = rng(seed);
  const len = [3 + 5 * r(), 3 + 5 * r(), 3 + 5 * r()];
  const deg = Math.PI / 180;
  const al = (60 + 60 * r()) * deg, be = (60 + 60 * r()) * deg, ga = (60 + 60 * r()) * deg;
  const a = [len[0], 0, 0];
  const b = [len[1] * Math.cos(ga), len[1] * Math.sin(ga), 0];
  const cx = Math.cos(be), cy = (Math.cos(al) - Math.cos(be) * Math.cos(ga)) / Math.sin(ga);
  const cz2 = 1 - cx * cx - cy * cy;
  const c = [len[2] * cx, len[2] * cy, len[2] * Math.sqrt(Math.max(cz2, 0.05))];
  const cell = [...a, ...b, ...c];
  const pos: number[] = [];
  for (let i = 0; i < natoms; i++) {
    const f = [r() * 1.6 - 0.3, r() * 1.6 - 0.3, r() * 1.6 - 0.3];
    for (let x = 0; x < 3; x++) pos.push(f[0] * cell[x] + f[1] * cell[3 + x] + f[2] * cell[6 + x]);
  }
  return new Structure({ symbols: Array(natoms).fill("Si"), positions: pos, cell, pbc });
}

describe("neighbour list", () => {
  it("diamond a = 5.431 Å: shells 4, 12, 12, 6, 12 = 46 neighbours within 6 Å", () => {
    const a = 5.431;
    for (const s of [diamond(a, 1), diamond(a, 2)]) {
      const nl = buildNeighbourList(s, 6.0);
      for (let i = 0; i < s.length; i++) {
        expect(nl.start[i + 1] - nl.start[i]).toBe(46);
        const d = Array.from(nl.distance.subarray(nl.start[i], nl.start[i + 1])).sort((x, y) => x - y);
        // shell radii: a√3/4, a/√2, a√11/4, a, a√19/4
        const shells = [a * Math.sqrt(3) / 4, a / Math.SQRT2, a * Math.sqrt(11) / 4, a, a * Math.sqrt(19) / 4];
        const counts = shells.map((r) => d.filter((x) => Math.abs(x - r) < 1e-9).length);
        expect(counts).toEqual([4, 12, 12, 6, 12]);
      }
    }
  });

  it("2-atom primitive diamond cell at 6 Å needs many images and still gives 46", () => {
    const a = 5.431;
    const s = new Structure({
      symbols: ["Si", "Si"], positions: [0, 0, 0, a / 4, a / 4, a / 4],
      cell: [0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0], pbc: true,
    });
    const nl = buildNeighbourList(s, 6.0);
    expect(nl.start[1] - nl.start[0]).toBe(46);
    expect(nl.start[2] - nl.start[1]).toBe(46);
    expect(keys(nl)).toEqual(bruteForce(s, 6.0));
  });

  it("matches brute force on random triclinic cells, mixed periodicity", () => {
    const flags: [boolean, boolean, boolean][] = [[true, true, true], [true, true, false], [false, true, false], [true, false, true], [false, false, false]];
    let seed = 1;
    for (const pbc of flags) for (let t = 0; t < 4; t++) {
      const s = randomCell(seed++, 3 + (seed % 9), pbc);
      for (const rc of [2.5, 6.0]) {
        const nl = buildNeighbourList(s, rc);
        expect(keys(nl)).toEqual(bruteForce(s, rc));
        checkVectors(s, nl);
      }
    }
  });

  it("a lone atom has no neighbours; in a small periodic box it sees its images", () => {
    const lone = new Structure({ symbols: ["Si"], positions: [1, 2, 3] });
    expect(buildNeighbourList(lone, 6).index.length).toBe(0);
    const boxed = new Structure({ symbols: ["Si"], positions: [1, 2, 3], cell: [4, 0, 0, 0, 4, 0, 0, 0, 4], pbc: true });
    const nl = buildNeighbourList(boxed, 6);
    // images at 4 (6), 4√2 (12); 4√3 = 6.93 > 6
    expect(nl.index.length).toBe(18);
    expect(keys(nl)).toEqual(bruteForce(boxed, 6));
  });

  it("is unchanged (up to order) under translation and permutation", () => {
    const s = randomCell(42, 12, [true, true, true]);
    const ref = keys(buildNeighbourList(s, 5)).map((k) => k.split(" ").slice(0, 2).join(" ") + " " + 0);
    const moved = s.copy({ positions: s.positions.map((x, i) => x + [3.3, -7.1, 12.9][i % 3]) });
    const nlm = buildNeighbourList(moved, 5);
    const nl0 = buildNeighbourList(s, 5);
    const sortedD = (nl: NeighbourList) => Array.from(nl.distance).sort((x, y) => x - y);
    expect(sortedD(nlm).length).toBe(sortedD(nl0).length);
    sortedD(nlm).forEach((d, q) => expect(d).toBeCloseTo(sortedD(nl0)[q], 10));
    // permutation: reverse the atoms; pair multiset (i, j, distance) maps with the permutation
    const n = s.length;
    const perm = Array.from({ length: n }, (_, i) => n - 1 - i);
    const pp: number[] = [];
    for (const i of perm) pp.push(s.positions[3 * i], s.positions[3 * i + 1], s.positions[3 * i + 2]);
    const permuted = s.copy({ positions: pp });
    const nlp = buildNeighbourList(permuted, 5);
    const sig = (nl: NeighbourList, map: (i: number) => number) => {
      const out: string[] = [];
      for (let i = 0; i < nl.natoms; i++) for (let q = nl.start[i]; q < nl.start[i + 1]; q++) out.push(`${map(i)} ${map(nl.index[q])} ${nl.distance[q].toFixed(9)}`);
      return out.sort();
    };
    expect(sig(nlp, (i) => perm[i])).toEqual(sig(nl0, (i) => i));
    expect(ref.length).toBe(nl0.index.length);
  });

  it("matches brute force on every si-mlearn structure (training and test)", () => {
    for (const file of ["training.json", "test.json"]) {
      const entries = JSON.parse(readFileSync(new URL(`../data/si-mlearn/${file}`, import.meta.url), "utf8"));
      for (const e of entries) {
        const s = new Structure({
          symbols: e.structure.sites.map((x: { species: { element: string }[] }) => x.species[0].element),
          positions: e.structure.sites.map((x: { xyz: number[] }) => x.xyz),
          cell: e.structure.lattice.matrix, pbc: true,
        });
        expect(keys(buildNeighbourList(s, 6.0))).toEqual(bruteForce(s, 6.0));
      }
    }
  });

  describe("atoms very far apart along a non-periodic axis (sparse bins)", () => {
    // A bonded Si3 triangle (2.35 Å bonds) plus one atom far along x: the bounding box spans up to
    // 1e11 Å, 1e13 bins of 6 Å (once an i32 overflow that lost every neighbour).
    const si3 = [0, 0, 0, 2.35, 0, 0, 1.175, 2.035, 0];
    const cluster = (far: number[]) => new Structure({ symbols: Array(3 + far.length / 3).fill("Si"), positions: [...si3, ...far], pbc: false });

    for (const x of [1e10, 1e11, -3e12, 1e300]) {
      it(`Si3 + an atom at x = ${x} Å: the brute-force list at 6 Å and at 0.1 Å`, () => {
        const s = cluster([x, 0, 0]);
        const nl = buildNeighbourList(s, 6);
        expect(keys(nl)).toEqual(bruteForce(s, 6));
        expect(Array.from(nl.start)).toEqual([0, 2, 4, 6, 6]);
        checkVectors(s, nl);
        expect(keys(buildNeighbourList(s, 0.1))).toEqual([]);
      });
    }

    it("random 30-atom cluster plus far atoms and a far pair, mixed periodicity", () => {
      const r = rng(11);
      for (const pbc of [[false, false, false], [false, true, true], [true, false, true]] as [boolean, boolean, boolean][]) {
        const base = randomCell(5, 30, pbc);
        // Far along every non-periodic direction (normal to the periodic lattice vectors, so the
        // atoms stay within a few cells along the periodic ones); a bonded pair far away keeps its bond.
        const c = base.cell, vec = (k: number) => [c[3 * k], c[3 * k + 1], c[3 * k + 2]];
        const cross = (u: number[], v: number[]) => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
        const far: number[] = [];
        pbc.forEach((p, k) => {
          if (p) return;
          const per = [0, 1, 2].filter((q) => pbc[q]);
          const d = per.length === 2 ? cross(vec(per[0]), vec(per[1])) : [0, 0, 0].map((_, q) => (q === k ? 1 : 0));
          const len = Math.hypot(d[0], d[1], d[2]), t = 4e10 * (1 + r());
          far.push(...d.map((x) => 1 + (t * x) / len), ...d.map((x) => 1 + ((t + 2.2) * x) / len));
        });
        const s = new Structure({ symbols: Array(30 + far.length / 3).fill("Si"), positions: [...base.positions, ...far], cell: base.cell, pbc });
        const nl = buildNeighbourList(s, 4.5);
        expect(keys(nl)).toEqual(bruteForce(s, 4.5));
        checkVectors(s, nl);
      }
    });

    it("an atom 1e10 cells away along a periodic axis is a clear error (image shifts are 32-bit)", () => {
      const s = new Structure({ symbols: ["Si", "Si"], positions: [0, 0, 0, 5.431e10, 1, 1], cell: [5.431, 0, 0, 0, 5.431, 0, 0, 0, 5.431], pbc: true });
      expect(() => buildNeighbourList(s, 6)).toThrow(/atom 2 lies 1\.00e\+10 cells away along periodic lattice vector a: expected positions within 2\^30 cells/);
    });

    it("the Stillinger–Weber energy of Si3 is unchanged by a far atom (which has energy 0)", () => {
      const sw = new StillingerWeber();
      const e3 = sw.calculate(cluster([]), { forces: true });
      expect(e3.energy).toBeLessThan(-2); // bonded: two-body terms of three 2.35 Å bonds
      for (const x of [1e10, 1e11]) {
        const r = sw.calculate(cluster([x, 0, 0]), { forces: true });
        expect(r.energy).toBeCloseTo(e3.energy, 12);
        expect(Array.from(r.energies.subarray(0, 3))).toEqual(Array.from(e3.energies));
        expect(r.energies[3]).toBe(0);
        expect(Array.from(r.forces!.subarray(9))).toEqual([0, 0, 0]);
      }
    });
  });
});


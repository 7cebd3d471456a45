// Symmetry-function sets and structures for bench/descriptors.ts beside the default Si set,
// generated here by rule (no files read):
// - "Cu2S-like": 2 elements, n2p2 types 2/3/9, poly2 cutoff, Rc 6 Å, 138 functions — the make-up of
//   n2p2's example potential examples/potentials/Cu2S_PBE (Singraber et al., J. Chem. Theory
//   Comput. 15, 3075 (2019)): per centre 9 shifted radial functions (η = 2 Å⁻²), and angular
//   types 3 and 9 with η = 0.2222, 0.04082, 0.01653 Å⁻², λ = ±1, ζ = 1, 6; on a rattled
//   antifluorite Cu2S supercell (96 atoms).
// - "molecular": 3 elements (H, C, O), compact types 20 and 22, 1071 functions — the make-up of
//   n2p2's examples/potentials/Anisole_SCAN (polynomial symmetry functions of Bircher, Singraber,
//   Dellago, arXiv:2010.14414): per centre 11 radial windows per neighbour element and, per element
//   pair, 9 radial windows × 6 angular windows; windows in Bohr converted to Å; on a box of 8
//   anisole-like molecules (C7H8O, 128 atoms) at the liquid's density (0.995 g/cm³).
import { Structure } from "../src/structure/structure.js";
import { rattle, supercell } from "../src/structure/generators.js";
import { createRandom } from "../src/util/random.js";
import type { CompactSubtype, SymmetryFunction } from "../src/descriptors/types.js";

export function cu2sSet(): SymmetryFunction[] {
  const out: SymmetryFunction[] = [];
  const cut = { cutoff: 6, cutoffType: "poly2" as const };
  const radial: [string, number][] = [...[1.5, 2, 2.5, 3, 4, 5].map((rs): [string, number] => ["S", rs]), ...[2, 2.5, 3].map((rs): [string, number] => ["Cu", rs])];
  for (const c of ["S", "Cu"]) {
    for (const [e, rs] of radial) out.push({ type: 2, centre: c, neighbours: [e], eta: 2, rs, ...cut });
    for (const type of [3, 9] as const)
      for (const pair of [["S", "S"], ["S", "Cu"], ["Cu", "Cu"]])
        for (const eta of [0.2222, 0.04082, 0.01653])
          for (const zeta of eta === 0.2222 ? [1] : [1, 6])
            for (const lambda of [-1, 1]) out.push({ type, centre: c, neighbours: pair, eta, zeta, lambda, ...cut });
  }
  return out;
}

/** Antifluorite Cu2S (S on fcc sites, Cu in the tetrahedral holes), a = 5.56 Å, 2×2×2, rattled 0.15 Å. */
export function cu2sCell(): Structure {
  const a = 5.56, fcc = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
  const tet = [0.25, 0.75].flatMap((x) => [0.25, 0.75].flatMap((y) => [0.25, 0.75].map((z) => [x, y, z])));
  const unit = new Structure({
    symbols: [...fcc.map(() => "S"), ...tet.map(() => "Cu")], pbc: true, cell: [a, 0, 0, 0, a, 0, 0, 0, a],
    positions: [...fcc, ...tet].flatMap((f) => f.map((x) => x * a)),
  });
  return rattle(supercell(unit, 2, 2, 2), 0.15, 11);
}

const BOHR = 0.529177210903;

export function molecularSet(): SymmetryFunction[] {
  const els = ["H", "C", "O"];
  const win = (rl: number, rc: number, subtype: CompactSubtype) => ({ rl: rl * BOHR, cutoff: rc * BOHR, subtype });
  const radial = [win(-15, 15, "p2"), ...[14, 12, 10, 8, 6, 5].map((r) => win(-r, r, "p2a")), win(-2.5, 7.5, "p2a"), win(0, 10, "p2a"), win(2.5, 12.5, "p2a"), win(5, 15, "p2a")];
  const angularRadial = [win(-15, 15, "p2"), ...[14, 12, 10, 8, 6].map((r) => win(-r, r, "p2a")), win(0, 10, "p2a"), win(2.5, 12.5, "p2a"), win(5, 15, "p2a")];
  const angles = [[-90, 90], [90, 270], [0, 180], [0, 120], [60, 180], [49.1, 169.1]];
  const out: SymmetryFunction[] = [];
  for (const c of els) {
    for (const w of radial) for (const e of els) out.push({ type: 20, centre: c, neighbours: [e], ...w });
    for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++)
      for (const w of angularRadial) for (const [thetaL, thetaR] of angles)
        out.push({ type: 22, centre: c, neighbours: [els[a], els[b]], ...w, thetaL, thetaR });
  }
  return out;
}

/** One anisole-like molecule (C6H5–O–CH3), planar ring in the xy plane, centred near the origin (Å). */
function anisole(): { symbols: string[]; xyz: number[][] } {
  const symbols: string[] = [], xyz: number[][] = [];
  for (let k = 0; k < 6; k++) {
    const t = (Math.PI / 3) * k;
    symbols.push("C"); xyz.push([1.39 * Math.cos(t), 1.39 * Math.sin(t), 0]);
    if (k > 0) { symbols.push("H"); xyz.push([2.47 * Math.cos(t), 2.47 * Math.sin(t), 0]); }
  }
  symbols.push("O", "C", "H", "H", "H");
  xyz.push([2.75, 0, 0], [3.45, 1.2, 0], [4.5, 0.95, 0], [3.2, 1.8, 0.89], [3.2, 1.8, -0.89]);
  return { symbols, xyz };
}

/** 8 molecules in a periodic cube at 0.0886 atoms/Å³, random orientations, no intermolecular contact below 1.6 Å (seeded). */
export function molecularBox(): Structure {
  const mol = anisole(), n = 2, atoms = n ** 3 * mol.symbols.length;
  const L = Math.cbrt(atoms / 0.0886), r = createRandom(5);
  const symbols: string[] = [], pos: number[] = [];
  const minDist = (x: number[]) => {
    let d = Infinity;
    for (let q = 0; q < pos.length / 3; q++) {
      const v = [0, 1, 2].map((a) => { const t = x[a] - pos[3 * q + a]; return t - L * Math.round(t / L); });
      d = Math.min(d, Math.hypot(v[0], v[1], v[2]));
    }
    return d;
  };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) {
    for (let attempt = 0; ; attempt++) {
      // Random rotation (unit quaternion) and a small random shift of the grid site.
      const q = [r.normal(), r.normal(), r.normal(), r.normal()], nq = Math.hypot(...q);
      const [w, x, y, z] = q.map((v) => v / nq);
      const R = [[1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)], [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)], [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)]];
      const o = [i, j, k].map((g) => (g + 0.5) * (L / n) + 0.5 * (r.uniform() - 0.5));
      const placed = mol.xyz.map((p) => [0, 1, 2].map((a) => o[a] + R[a][0] * (p[0] - 1.4) + R[a][1] * p[1] + R[a][2] * p[2]));
      if (attempt < 2000 && placed.some((p) => minDist(p) < 1.6)) continue;
      for (const p of placed) pos.push(...p);
      symbols.push(...mol.symbols);
      break;
    }
  }
  return new Structure({ symbols, positions: pos, cell: [L, 0, 0, 0, L, 0, 0, 0, L], pbc: true });
}

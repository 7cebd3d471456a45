// Slabs by Miller index (any hkl) from a bulk crystal.
//
// Method: the Miller indices refer to the given cell (conventional cubic for the generators'
// default cells). The plane normal is n = h b1 + k b2 + l b3 (b = reciprocal rows). Two
// shortest lattice vectors v1, v2 in the plane spanning its primitive 2-D cell (area V·|n|),
// and a third lattice vector v3 with h u1 + k u2 + l u3 = 1 make a new basis of the same
// lattice. Stacking v3 gives the atomic layers (distinct heights along n̂); the lowest
// `layers` of them are kept. The result is rotated to a standard frame: v1 along x, v2 in the
// xy plane, the surface normal along z (LAMMPS' restricted triclinic form).
//
// Vacuum (document of the two forms):
//   periodic: true  (default) — pbc [T T T], c = (0, 0, thickness + vacuum): slab plus vacuum
//                     padding, periodic images of the slab `vacuum` Å apart along z. Use
//                     vacuum > the model cutoff so the two surfaces do not interact.
//   periodic: false — pbc [T T F], the same c kept only as a box for viewers.
// The slab's lowest layer sits at z = vacuum/2.
//
// Compounds: `stoichiometric: true` checks that every layer has the bulk's composition (e.g.
// the non-polar wurtzite (10-10) and zincblende (110) surfaces: each atomic plane holds cations
// and anions 1:1) and records info.stoichiometric; a polar cut (alternating cation and anion
// planes) is refused. For wurtzite (10-10) (Miller (1 0 0) of the hexagonal cell) the planes come
// in close pairs; an even number of layers cuts between pairs on both sides (one broken bond
// per surface atom).
import { Structure, invert3 } from "./structure.js";

export interface SlabOptions {
  /** Number of atomic layers (distinct heights along the normal). */
  layers: number;
  /** Vacuum thickness (Å), default 10. */
  vacuum?: number;
  /** Vacuum-padded periodic cell (default) or non-periodic along z. */
  periodic?: boolean;
  /** In-plane repeats of the surface cell (default 1 × 1). */
  repeat?: [number, number];
  /** Require every layer to have the bulk's composition (compounds; default false). */
  stoichiometric?: boolean;
}

type V3 = [number, number, number];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: V3) => Math.hypot(a[0], a[1], a[2]);
const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

/** Lattice vector u·A for integer u and cell rows A. */
function latticeVector(u: V3, cell: Float64Array): V3 {
  return [0, 1, 2].map((k) => u[0] * cell[k] + u[1] * cell[3 + k] + u[2] * cell[6 + k]) as V3;
}

/** Slab of `bulk` with surface (hkl) relative to bulk's cell. */
export function slab(bulk: Structure, miller: [number, number, number], options: SlabOptions): Structure {
  const [h, k, l] = miller;
  if (![h, k, l].every(Number.isInteger) || (h === 0 && k === 0 && l === 0)) throw new Error(`slab: Miller indices must be integers, not all zero; got (${miller.join(" ")})`);
  if (gcd(gcd(h, k), l) !== 1) throw new Error(`slab: Miller indices (${miller.join(" ")}) have a common factor; use the reduced form`);
  if (!bulk.pbc.every((p) => p)) throw new Error("slab: the bulk structure must be periodic along all three axes");
  const layers = options.layers;
  if (!(Number.isInteger(layers) && layers >= 1)) throw new Error(`slab: layers must be a positive integer, got ${layers}`);
  const vacuum = options.vacuum ?? 10;
  if (!(vacuum >= 0)) throw new Error(`slab: vacuum must be ≥ 0 Å, got ${vacuum}`);
  const cell = bulk.cell;
  const recipT = invert3(cell); // columns are the reciprocal rows b_k
  const b = [0, 1, 2].map((q) => [recipT[q], recipT[3 + q], recipT[6 + q]] as V3);
  const n: V3 = [0, 1, 2].map((d) => h * b[0][d] + k * b[1][d] + l * b[2][d]) as V3;
  const nhat = n.map((x) => x / norm(n)) as V3;
  const area = Math.abs(bulk.volume()) * norm(n);

  // Candidate in-plane lattice vectors, shortest first.
  const R = 6;
  const inPlane: { u: V3; v: V3; len: number }[] = [];
  let v3: { u: V3; v: V3; score: number } | null = null;
  for (let a = -R; a <= R; a++) for (let c = -R; c <= R; c++) for (let e = -R; e <= R; e++) {
    const u: V3 = [a, c, e];
    const m = h * a + k * c + l * e;
    const v = latticeVector(u, cell);
    if (m === 0 && (a || c || e)) inPlane.push({ u, v, len: norm(v) });
    if (m === 1) {
      const lateral = norm(v.map((x, d) => x - dot(v, nhat) * nhat[d]) as V3);
      if (!v3 || lateral < v3.score - 1e-9) v3 = { u, v, score: lateral };
    }
  }
  inPlane.sort((p, q) => p.len - q.len);
  const v1 = inPlane[0].v;
  const second = inPlane.find((p) => Math.abs(norm(cross(v1, p.v)) - area) < 1e-6 * area);
  if (!second || !v3) throw new Error(`slab: no surface cell found for (${miller.join(" ")}) within ±${R} lattice steps`);
  let a1 = v1, a2 = second.v;
  if (dot(cross(a1, a2), nhat) < 0) [a1, a2] = [a2, a1];

  // Atoms of the new basis (fractional in a1, a2, v3 reduced to [0, 1)), then heights along n̂.
  const basis = [a1[0], a1[1], a1[2], a2[0], a2[1], a2[2], v3.v[0], v3.v[1], v3.v[2]];
  const inv = invert3(basis);
  const frac: { s: V3; sym: string }[] = [];
  for (let i = 0; i < bulk.length; i++) {
    const x = Array.from(bulk.positions.subarray(3 * i, 3 * i + 3));
    const s = [0, 1, 2].map((q) => {
      const f = x[0] * inv[q] + x[1] * inv[3 + q] + x[2] * inv[6 + q];
      return f - Math.floor(f + 1e-9);
    }) as V3;
    frac.push({ s, sym: bulk.symbols[i] });
  }
  const perRepeat = new Set(frac.map((f) => Math.round(f.s[2] * 1e6))).size;
  const repeats = Math.ceil(layers / perRepeat) + 1;
  const atoms: { x: V3; z: number; sym: string }[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const f of frac) {
      const s2 = f.s[2] + r;
      const x = [0, 1, 2].map((q) => f.s[0] * a1[q] + f.s[1] * a2[q] + s2 * v3.v[q]) as V3;
      atoms.push({ x, z: dot(x, nhat), sym: f.sym });
    }
  }
  const heights = [...new Set(atoms.map((p) => Math.round(p.z * 1e6)))].sort((p, q) => p - q);
  const top = heights[layers - 1], bottom = heights[0];
  const kept = atoms.filter((p) => Math.round(p.z * 1e6) <= top);
  const thickness = (top - bottom) / 1e6;
  if (options.stoichiometric) checkLayers(kept, heights.slice(0, layers), bulk, miller);

  // Standard frame: x̂ = a1/|a1|, ẑ = n̂, ŷ = ẑ × x̂.
  const ex = a1.map((x) => x / norm(a1)) as V3, ez = nhat, ey = cross(ez, ex);
  const rot = (v: V3): V3 => [dot(v, ex), dot(v, ey), dot(v, ez)];
  const A1 = rot(a1), A2 = rot(a2);
  const [n1, n2] = options.repeat ?? [1, 1];
  // Without vacuum, continue the bulk stacking: c = thickness + spacing to the next layer.
  const gap = (heights[layers] - top) / 1e6;
  const cz = thickness + (vacuum > 0 ? vacuum : gap);
  const symbols: string[] = [], positions: number[] = [];
  const z0 = bottom / 1e6;
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) {
    for (const p of kept) {
      const r = rot(p.x);
      symbols.push(p.sym);
      positions.push(r[0] + i * A1[0] + j * A2[0], r[1] + i * A1[1] + j * A2[1], r[2] - z0 + vacuum / 2);
    }
  }
  const periodic = options.periodic ?? true;
  return new Structure({
    symbols, positions,
    cell: [n1 * A1[0], n1 * A1[1], 0, n2 * A2[0], n2 * A2[1], 0, 0, 0, cz],
    pbc: [true, true, periodic],
    info: {
      ...bulk.info, family: "slab", host: String(bulk.info.family ?? "unknown"), invariant: false,
      ...("element_equivalent" in bulk.info ? { element_equivalent: false } : {}),
      ...(options.stoichiometric ? { stoichiometric: true } : {}),
      miller: [h, k, l], layers, vacuum, thickness, surface_area: n1 * n2 * norm(cross(A1, A2)),
    },
  });
}

/** Throws unless every layer (atoms at one height) has the bulk's element ratios. */
function checkLayers(atoms: { z: number; sym: string }[], heights: number[], bulk: Structure, miller: number[]): void {
  const want = bulk.composition(), total = bulk.length, els = Object.keys(want);
  const counts = (c: Record<string, number>) => els.map((e) => `${e}${c[e] ?? 0}`).join(" ");
  const d = els.reduce((x, e) => gcd(x, want[e]), 0);
  const ratio = `${els.join(":")} = ${els.map((e) => want[e] / d).join(":")}`;
  heights.forEach((hgt, q) => {
    const c: Record<string, number> = {};
    let n = 0;
    for (const p of atoms) if (Math.round(p.z * 1e6) === hgt) { c[p.sym] = (c[p.sym] ?? 0) + 1; n++; }
    // n_el / n = N_el / N for every element of the bulk.
    if (Object.keys(want).some((e) => (c[e] ?? 0) * total !== want[e] * n)) {
      throw new Error(`slab (${miller.join(" ")}): layer ${q + 1} holds ${counts(c)}, not the bulk's ${ratio}: this surface is not stoichiometric layer by layer (a polar cut?)`);
    }
  });
}

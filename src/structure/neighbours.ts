// Neighbour lists (the search itself runs in WASM: assembly/neighbours.ts).
import { Structure } from "./structure.js";
import { WasmBuffer, wasm } from "../wasm/module.js";

/**
 * Full neighbour list: every pair within the cutoff appears under both atoms.
 * For atom i, entries p = start[i] .. start[i+1]−1 give neighbour j = index[p], the integer
 * image shift S = shift[3p..3p+2] and r_ij = x_j + S·A − x_i = vector[3p..3p+2] (Å),
 * with |r_ij| = distance[p].
 */
export interface NeighbourList {
  natoms: number;
  cutoff: number;
  start: Int32Array;
  index: Int32Array;
  shift: Int32Array;
  vector: Float64Array;
  distance: Float64Array;
}

/**
 * The cell the search uses: periodic lattice vectors as given; each non-periodic axis replaced by
 * a unit vector orthogonal to the periodic ones (images are never made along it, so its length
 * does not matter, and the reciprocal rows are always defined). Returns [cell, reciprocal rows].
 */
export function searchCell(s: Structure): { cell: Float64Array; recip: Float64Array; mask: number } {
  const a = [0, 1, 2].map((k) => Array.from(s.cell.subarray(3 * k, 3 * k + 3)));
  const per = [0, 1, 2].filter((k) => s.pbc[k]);
  const cross = (u: number[], v: number[]) => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const norm = (u: number[]) => { const l = Math.hypot(u[0], u[1], u[2]); return u.map((x) => x / l); };
  if (per.length === 0) {
    a[0] = [1, 0, 0]; a[1] = [0, 1, 0]; a[2] = [0, 0, 1];
  } else if (per.length === 1) {
    const p = norm(a[per[0]]);
    const trial = Math.abs(p[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
    const u = norm(cross(p, trial));
    const v = cross(p, u);
    const others = [0, 1, 2].filter((k) => k !== per[0]);
    // keep a right-handed order: a_k × a_{k+1} · a_{k+2} > 0
    a[others[0]] = per[0] === 1 ? v : u;
    a[others[1]] = per[0] === 1 ? u : v;
  } else if (per.length === 2) {
    const k = [0, 1, 2].find((q) => !s.pbc[q])!;
    const [p, q] = [(k + 1) % 3, (k + 2) % 3];
    a[k] = norm(cross(a[p], a[q]));
  }
  const cell = new Float64Array(a.flat());
  const c = cell;
  const det = c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6]);
  if (Math.abs(det) < 1e-12) throw new Error("cell: periodic lattice vectors are linearly dependent (zero volume)");
  // Reciprocal rows b_k = (a_{k+1} × a_{k+2}) / det, so that b_k·a_l = δ_kl.
  const recip = new Float64Array(9);
  for (let k = 0; k < 3; k++) {
    const b = cross(a[(k + 1) % 3], a[(k + 2) % 3]);
    for (let d = 0; d < 3; d++) recip[3 * k + d] = b[d] / det;
  }
  const mask = (s.pbc[0] ? 1 : 0) | (s.pbc[1] ? 2 : 0) | (s.pbc[2] ? 4 : 0);
  // Image shifts are 32-bit integers: an atom more than 2^30 cells away along a periodic axis
  // (a broken file, or unwrapped coordinates gone astray) cannot be wrapped back exactly.
  for (const k of per) {
    for (let i = 0; i < s.length; i++) {
      const f = recip[3 * k] * s.positions[3 * i] + recip[3 * k + 1] * s.positions[3 * i + 1] + recip[3 * k + 2] * s.positions[3 * i + 2];
      if (!(Math.abs(f) < 2 ** 30)) {
        throw new Error(`atom ${i + 1} lies ${Math.abs(f).toPrecision(3)} cells away along periodic lattice vector ${"abc"[k]}: expected positions within 2^30 cells of the cell (wrap them into it)`);
      }
    }
  }
  return { cell, recip, mask };
}

/** Estimate of the number of pairs, used to size the first attempt. */
function estimatePairs(s: Structure, cutoff: number): number {
  return Math.ceil(s.length * (4.19 * cutoff ** 3 * 0.08 + 16)) + 64;
}

/** Build the full neighbour list of `s` within `cutoff` (Å). */
export function buildNeighbourList(s: Structure, cutoff: number): NeighbourList {
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new Error(`cutoff must be a positive number, got ${cutoff}`);
  const n = s.length;
  const { cell, recip, mask } = searchCell(s);
  const k = wasm();
  const pos = WasmBuffer.f64(s.positions);
  const cellB = WasmBuffer.f64(cell);
  const recipB = WasmBuffer.f64(recip);
  const start = WasmBuffer.i32(n + 1);
  let cap = estimatePairs(s, cutoff);
  try {
    for (;;) {
      const idx = WasmBuffer.i32(cap), sh = WasmBuffer.i32(3 * cap), vec = WasmBuffer.f64(3 * cap), dist = WasmBuffer.f64(cap);
      try {
        const m = k.neighbourList(pos.ptr, n, cellB.ptr, recipB.ptr, mask, cutoff, cap, start.ptr, idx.ptr, sh.ptr, vec.ptr, dist.ptr);
        if (m < 0) throw new Error(`cutoff ${cutoff} Å needs too many periodic images for this cell (> 5e7 image atoms)`);
        if (m > cap) { cap = m; continue; }
        return {
          natoms: n, cutoff,
          start: start.i32(n + 1).slice(),
          index: idx.i32(m).slice(),
          shift: sh.i32(3 * m).slice(),
          vector: vec.f64(3 * m).slice(),
          distance: dist.f64(m).slice(),
        };
      } finally {
        idx.free(); sh.free(); vec.free(); dist.free();
      }
    }
  } finally {
    pos.free(); cellB.free(); recipB.free(); start.free();
  }
}

/** Shortest interatomic distance (Å) in the structure, or Infinity for a lone atom without images. */
export function shortestDistance(s: Structure, searchRadius = 3): number {
  const nl = buildNeighbourList(s, searchRadius);
  let d = Infinity;
  for (const x of nl.distance) if (x < d) d = x;
  return d;
}

// Periodic neighbour list by linked cells, for any triclinic cell (also cells much smaller
// than the cutoff) with periodicity chosen per axis.
//
// Method: atoms are wrapped into the cell along periodic axes; every image whose fractional
// coordinate lies within rc/d_k of the cell (d_k = spacing of the lattice planes normal to
// axis k, d_k = 1/|b_k| with b_k the reciprocal row) is generated explicitly; originals and
// images are binned in Cartesian cubes of edge h >= rc; each original atom searches its own and
// the 26 adjacent bins. A pair (i, j, shift) is reported when |x_j + shift·A − x_i| < rc,
// except j = i with shift 0. The list is full: a pair appears under i and under j.
//
// Bins: a dense grid over the bounding box when it has at most 8·images + 64 bins (every
// ordinary structure); otherwise (atoms far apart along a non-periodic axis, e.g. one atom at
// 1e10 Å) only the occupied bins are kept, in a hash table keyed by the integer bin
// coordinates, so the search is correct and O(images) for any finite coordinates. Both give the
// same neighbour order: bins visited in the same order, each listing its images in creation order.
//
// Lengths in Å. The host passes an effective cell: non-periodic axes replaced by unit vectors
// orthogonal to the periodic ones (so the reciprocal rows are always defined).

import { Scratch } from "./memory";

const imageScratch = new Scratch(); // per image: x, y, z (f64), atom (i32), sa, sb, sc (i32)
const binScratch = new Scratch(); // bin heads (i32) then per-image next (i32)
const hashScratch = new Scratch(); // sparse bins: HASH_SLOT bytes per slot

// Image record layout (48 bytes): f64 x, y, z; i32 atom, s0, s1, s2; 8 bytes pad.
const IMG: usize = 48;

/**
 * Build the neighbour list.
 *  pos      n×3 f64, Cartesian positions (unwrapped, as the user gave them)
 *  cell     3×3 f64, lattice vectors as rows (effective cell, see above)
 *  recip    3×3 f64, rows b_k with b_k·a_l = δ_kl (inverse transpose of cell)
 *  pbcMask  bit k set when axis k is periodic
 *  rc       cutoff (Å)
 *  cap      capacity of the output arrays, in pairs
 *  start    (n+1) i32: neighbours of atom i are entries start[i] .. start[i+1]-1
 *  idx      cap i32: neighbour atom index j
 *  shift    cap×3 i32: integer image shift S, so that r_ij = x_j + S·A − x_i
 *  vec      cap×3 f64: r_ij (Å)
 *  dist     cap f64: |r_ij| (Å)
 * Returns the number of pairs. If it exceeds `cap`, nothing past `cap` was written and the
 * host must call again with larger buffers. Returns −1 when an image count would overflow.
 */
export function neighbourList(
  pos: usize, n: i32, cell: usize, recip: usize, pbcMask: i32, rc: f64, cap: i32,
  start: usize, idx: usize, shift: usize, vec: usize, dist: usize,
): i32 {
  // Number of images needed along each axis: ceil(rc / d_k) = ceil(rc |b_k|).
  let nimg0 = 0, nimg1 = 0, nimg2 = 0;
  let margin0 = 0.0, margin1 = 0.0, margin2 = 0.0;
  for (let k = 0; k < 3; k++) {
    if (!(pbcMask & (1 << k))) continue;
    const bx = load<f64>(recip + ((k * 3) << 3));
    const by = load<f64>(recip + ((k * 3 + 1) << 3));
    const bz = load<f64>(recip + ((k * 3 + 2) << 3));
    const m = rc * Math.sqrt(bx * bx + by * by + bz * bz);
    const c = <i32>Math.ceil(m);
    if (k == 0) { nimg0 = c; margin0 = m; } else if (k == 1) { nimg1 = c; margin1 = m; } else { nimg2 = c; margin2 = m; }
  }
  const perAtom: i64 = <i64>(2 * nimg0 + 1) * <i64>(2 * nimg1 + 1) * <i64>(2 * nimg2 + 1);
  if (perAtom * <i64>n > 50_000_000) return -1;

  // Generate originals and needed images.
  const maxImg = <usize>(perAtom * <i64>n);
  const img = imageScratch.ensure(maxImg * IMG);
  let count: i32 = 0;
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(pos + ((i * 3) << 3));
    const y = load<f64>(pos + ((i * 3 + 1) << 3));
    const z = load<f64>(pos + ((i * 3 + 2) << 3));
    // Fractional coordinates; wrap along periodic axes: w = x − m·A with m = floor(s).
    let s0 = x * load<f64>(recip) + y * load<f64>(recip + 8) + z * load<f64>(recip + 16);
    let s1 = x * load<f64>(recip + 24) + y * load<f64>(recip + 32) + z * load<f64>(recip + 40);
    let s2 = x * load<f64>(recip + 48) + y * load<f64>(recip + 56) + z * load<f64>(recip + 64);
    const m0 = (pbcMask & 1) ? <i32>Math.floor(s0) : 0;
    const m1 = (pbcMask & 2) ? <i32>Math.floor(s1) : 0;
    const m2 = (pbcMask & 4) ? <i32>Math.floor(s2) : 0;
    s0 -= m0; s1 -= m1; s2 -= m2;
    for (let t0 = -nimg0; t0 <= nimg0; t0++) {
      const f0 = s0 + t0;
      if ((pbcMask & 1) && (f0 < -margin0 || f0 > 1.0 + margin0)) continue;
      for (let t1 = -nimg1; t1 <= nimg1; t1++) {
        const f1 = s1 + t1;
        if ((pbcMask & 2) && (f1 < -margin1 || f1 > 1.0 + margin1)) continue;
        for (let t2 = -nimg2; t2 <= nimg2; t2++) {
          const f2 = s2 + t2;
          if ((pbcMask & 4) && (f2 < -margin2 || f2 > 1.0 + margin2)) continue;
          // Image position x + (t − m)·A; its shift relative to the unwrapped atom is t − m.
          const S0 = t0 - m0, S1 = t1 - m1, S2 = t2 - m2;
          const px = x + <f64>S0 * load<f64>(cell) + <f64>S1 * load<f64>(cell + 24) + <f64>S2 * load<f64>(cell + 48);
          const py = y + <f64>S0 * load<f64>(cell + 8) + <f64>S1 * load<f64>(cell + 32) + <f64>S2 * load<f64>(cell + 56);
          const pz = z + <f64>S0 * load<f64>(cell + 16) + <f64>S1 * load<f64>(cell + 40) + <f64>S2 * load<f64>(cell + 64);
          const r = img + <usize>count * IMG;
          store<f64>(r, px); store<f64>(r + 8, py); store<f64>(r + 16, pz);
          store<i32>(r + 24, i); store<i32>(r + 28, S0); store<i32>(r + 32, S1); store<i32>(r + 36, S2);
          // The wrapped copy (t = 0) is the one that searches; remember it in the pad word.
          store<i32>(r + 40, (t0 == 0 && t1 == 0 && t2 == 0) ? 1 : 0);
          if (px < minX) minX = px; if (px > maxX) maxX = px;
          if (py < minY) minY = py; if (py > maxY) maxY = py;
          if (pz < minZ) minZ = pz; if (pz > maxZ) maxZ = pz;
          count++;
        }
      }
    }
  }

  // Bins: cubes of edge h >= rc over the bounding box, dense when the grid is small enough.
  let h = rc > 1e-3 ? rc : 1e-3;
  const g0 = Math.floor((maxX - minX) / h) + 1, g1 = Math.floor((maxY - minY) / h) + 1, g2 = Math.floor((maxZ - minZ) / h) + 1;
  const sparse = !(g0 * g1 * g2 <= <f64>(8 * count + 64));
  let nb0 = 1, nb1 = 1, nb2 = 1;
  let slots: i32 = 0;
  let heads: usize = 0;
  if (sparse) {
    // Bin coordinates below 2^48 (exact in f64 and i64): h grows only for extents beyond ~1e14·rc.
    const half = Math.max(0.5 * maxX - 0.5 * minX, Math.max(0.5 * maxY - 0.5 * minY, 0.5 * maxZ - 0.5 * minZ));
    if (half * 7.105427357601002e-15 > h) h = half * 7.105427357601002e-15; // 2^-47
    slots = 16;
    while (slots < 2 * count) slots <<= 1;
    heads = hashScratch.ensure(<usize>slots * HASH_SLOT);
    memory.fill(heads, 0, <usize>slots * HASH_SLOT);
  } else {
    nb0 = <i32>g0; nb1 = <i32>g1; nb2 = <i32>g2;
  }
  const nbins = sparse ? 0 : nb0 * nb1 * nb2;
  const bins = binScratch.ensure(<usize>(nbins + count) << 2);
  const next = bins + (<usize>nbins << 2);
  memory.fill(bins, 0xff, <usize>nbins << 2); // −1 = empty
  for (let q = count - 1; q >= 0; q--) { // push in reverse so each bin lists images in creation order
    const r = img + <usize>q * IMG;
    const x = load<f64>(r), y = load<f64>(r + 8), z = load<f64>(r + 16);
    const head = sparse
      ? hashSlot(heads, slots, sparseBin(x, minX, h), sparseBin(y, minY, h), sparseBin(z, minZ, h), true) + 24
      : bins + (<usize>binOf(x, y, z, minX, minY, minZ, h, nb0, nb1, nb2) << 2);
    store<i32>(next + (<usize>q << 2), load<i32>(head));
    store<i32>(head, q);
  }

  // Search: for each original atom (its own copy), visit the 27 bins around it.
  const rc2 = rc * rc;
  let m: i32 = 0;
  // Originals are visited in atom order: find each atom's wrapped copy first.
  const own = binScratchOwn.ensure(<usize>n << 2);
  for (let q = 0; q < count; q++) {
    const r = img + <usize>q * IMG;
    if (load<i32>(r + 40)) store<i32>(own + (<usize>load<i32>(r + 24) << 2), q);
  }
  for (let i = 0; i < n; i++) {
    store<i32>(start + (<usize>i << 2), m);
    const ri = img + <usize>load<i32>(own + (<usize>i << 2)) * IMG;
    const xi = load<f64>(ri), yi = load<f64>(ri + 8), zi = load<f64>(ri + 16);
    const c0 = sparse ? 0 : clampBin(<i32>Math.floor((xi - minX) / h), nb0);
    const c1 = sparse ? 0 : clampBin(<i32>Math.floor((yi - minY) / h), nb1);
    const c2 = sparse ? 0 : clampBin(<i32>Math.floor((zi - minZ) / h), nb2);
    const k0 = sparse ? sparseBin(xi, minX, h) : 0, k1 = sparse ? sparseBin(yi, minY, h) : 0, k2 = sparse ? sparseBin(zi, minZ, h) : 0;
    // The wrapped copy sits at x_i − m_i·A and carries shift −m_i, so the shift of neighbour image
    // (shift S_j) relative to the unwrapped atom i is S_j − S_i.
    const si0 = load<i32>(ri + 28), si1 = load<i32>(ri + 32), si2 = load<i32>(ri + 36);
    for (let d0 = -1; d0 <= 1; d0++) {
      const b0 = c0 + d0; if (!sparse && (b0 < 0 || b0 >= nb0)) continue;
      for (let d1 = -1; d1 <= 1; d1++) {
        const b1 = c1 + d1; if (!sparse && (b1 < 0 || b1 >= nb1)) continue;
        for (let d2 = -1; d2 <= 1; d2++) {
          const b2 = c2 + d2; if (!sparse && (b2 < 0 || b2 >= nb2)) continue;
          let q: i32 = -1;
          if (!sparse) q = load<i32>(bins + (<usize>((b0 * nb1 + b1) * nb2 + b2) << 2));
          else {
            const slot = hashSlot(heads, slots, k0 + d0, k1 + d1, k2 + d2, false);
            if (slot) q = load<i32>(slot + 24);
          }
          while (q >= 0) {
            const rj = img + <usize>q * IMG;
            const dx = load<f64>(rj) - xi, dy = load<f64>(rj + 8) - yi, dz = load<f64>(rj + 16) - zi;
            const d2v = dx * dx + dy * dy + dz * dz;
            const j = load<i32>(rj + 24);
            if (d2v < rc2 && rj != ri) {
              if (m < cap) {
                store<i32>(idx + (<usize>m << 2), j);
                const sp = shift + (<usize>(m * 3) << 2);
                store<i32>(sp, load<i32>(rj + 28) - si0); store<i32>(sp + 4, load<i32>(rj + 32) - si1); store<i32>(sp + 8, load<i32>(rj + 36) - si2);
                const vp = vec + (<usize>(m * 3) << 3);
                store<f64>(vp, dx); store<f64>(vp + 8, dy); store<f64>(vp + 16, dz);
                store<f64>(dist + (<usize>m << 3), Math.sqrt(d2v));
              }
              m++;
            }
            q = load<i32>(next + (<usize>q << 2));
          }
        }
      }
    }
  }
  store<i32>(start + (<usize>n << 2), m);
  return m;
}

const binScratchOwn = new Scratch();

// Sparse bins: open addressing, linear probing. Slot: i64 k0, k1, k2; i32 head (first image);
// i32 used flag.
const HASH_SLOT: usize = 32;

/** Integer bin coordinate along one axis (halved operands: no overflow for any finite x). */
@inline function sparseBin(x: f64, min: f64, h: f64): i64 {
  return <i64>Math.floor((0.5 * x - 0.5 * min) / (0.5 * h));
}

/** Address of the slot of bin (k0, k1, k2), created (head −1) when `create`; 0 when absent. */
function hashSlot(table: usize, slots: i32, k0: i64, k1: i64, k2: i64, create: bool): usize {
  let hh = <u64>k0 * 0x9E3779B97F4A7C15 ^ <u64>k1 * 0xC2B2AE3D27D4EB4F ^ <u64>k2 * 0x165667B19E3779F9;
  hh ^= hh >> 29;
  let s = <i32>(hh & <u64>(slots - 1));
  while (true) {
    const p = table + <usize>s * HASH_SLOT;
    if (!load<i32>(p + 28)) {
      if (!create) return 0;
      store<i64>(p, k0); store<i64>(p + 8, k1); store<i64>(p + 16, k2);
      store<i32>(p + 24, -1); store<i32>(p + 28, 1);
      return p;
    }
    if (load<i64>(p) == k0 && load<i64>(p + 8) == k1 && load<i64>(p + 16) == k2) return p;
    s = (s + 1) & (slots - 1);
  }
}

@inline function clampBin(c: i32, nb: i32): i32 {
  return c < 0 ? 0 : (c >= nb ? nb - 1 : c);
}

@inline function binOf(x: f64, y: f64, z: f64, minX: f64, minY: f64, minZ: f64, h: f64, nb0: i32, nb1: i32, nb2: i32): i32 {
  const c0 = clampBin(<i32>Math.floor((x - minX) / h), nb0);
  const c1 = clampBin(<i32>Math.floor((y - minY) / h), nb1);
  const c2 = clampBin(<i32>Math.floor((z - minZ) / h), nb2);
  return (c0 * nb1 + c1) * nb2 + c2;
}

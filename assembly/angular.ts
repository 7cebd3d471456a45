// The part G4 and G5 share: the angular shape and the per-pair derivative coefficients.
//
// A pair (j, k) of neighbours of centre i, with a = r_ij, b = r_ik (vectors, Å), c = cos θ_ijk,
// contributes T = A(c) · P to the function, where
//   A(c) = 2^(1−ζ) (1 + λc)^ζ,   A'(c) = 2^(1−ζ) ζ λ (1 + λc)^(ζ−1),
//   P    = R(r_ij) R(r_ik) Q(r_jk)         (R: g2.ts with Rs = 0; Q: g4.ts, or 1 for G5).
// With Pa = (∂P/∂r_ij)/r_ij, Pb = (∂P/∂r_ik)/r_ik, Pc = (∂P/∂r_jk)/r_jk and
// ∂c/∂a = b/(r_ij r_ik) − c a/r_ij², ∂r_jk/∂a = (a − b)/r_jk (r_jk = |b − a|), the gradients are
//   ∂T/∂a = ca·a + cx·b,   ∂T/∂b = cb·b + cx·a,   and ∂T/∂r_i = −(∂T/∂a + ∂T/∂b), with
//   ca = A·Pa − A'P·c/r_ij² + A·Pc,   cb = A·Pb − A'P·c/r_ik² + A·Pc,   cx = A'P/(r_ij r_ik) − A·Pc.
// ∂T/∂a is the derivative by the position of neighbour j (entry j), ∂T/∂b by that of k.
// The SIMD kernel uses the same gradients written with d = b − a (the vector r_jk):
//   ∂T/∂a = (ca + cx)·a + cx·d,   ∂T/∂b = (cb + cx)·b − cx·d,   where
//   ca + cx = A·Pa + A'·(V3 − V1),   cb + cx = A·Pb + A'·(V3 − V2),   −cx = A·Pc − A'·V3,
//   V1 = P c/r_ij²,  V2 = P c/r_ik²,  V3 = P/(r_ij r_ik),
// so that both sides share the one vector cx·d (three multiplications fewer per function).
//
// ζ: integer values use repeated multiplication; other values (ζ ≥ 1) use pow on max(1 + λc, 0).

import { kv, K_ONE, K_ZERO } from "./vmath";

/**
 * A and A' (scalar); writes A to out, A' to out + 8. `izeta` = ζ when ζ is an integer ≥ 1, else 0.
 * pref = 2^(1−ζ).
 */
@inline export function shapeScalar(c: f64, zeta: f64, izeta: i32, lambda: f64, pref: f64, out: usize): void {
  const base = 1.0 + lambda * c;
  let p: f64; // base^(ζ−1)
  if (izeta > 0) {
    p = 1.0;
    for (let m = 1; m < izeta; m++) p *= base;
  } else {
    p = Math.pow(Math.max(base, 0.0), zeta - 1.0);
  }
  store<f64>(out, pref * p * (izeta > 0 ? base : Math.max(base, 0.0)));
  store<f64>(out, pref * zeta * lambda * p, 8);
}

/** base^(ζ−1) for both lanes, for non-integer ζ: pow per lane on max(base, 0). */
@inline function powLanes(base: v128, zeta: f64): v128 {
  const b0 = Math.max(f64x2.extract_lane(base, 0), 0.0), b1 = Math.max(f64x2.extract_lane(base, 1), 0.0);
  return f64x2.replace_lane(f64x2.splat(Math.pow(b0, zeta - 1.0)), 1, Math.pow(b1, zeta - 1.0));
}

// Shape records of the SIMD kernel (SHAPE_BYTES each), sorted by λ, then integer ζ ascending,
// non-integer ζ last, so that the powers (1 + λc)^m of one λ are built up once for all its ζ:
//   f64 ζ @0, λ @8, 2^(1−ζ) @16, 2^(1−ζ) ζ λ @24; i32 integer ζ or 0 @32; i32 new base (first of
//   its λ) @36; i32 multiplications since the previous shape of this λ (−1: pow path) @40.
export const SHAPE_BYTES: i32 = 48;
@inline export function shapeZeta(shp: usize, s: i32): f64 { return load<f64>(shp + <usize>(s * SHAPE_BYTES)); }
@inline export function shapeLambda(shp: usize, s: i32): f64 { return load<f64>(shp + <usize>(s * SHAPE_BYTES), 8); }

/** Write shape record s (sortShapes fills in the fields at 36 and 40). */
export function setShape(shp: usize, s: i32, zeta: f64, lambda: f64, pref: f64, izeta: i32): void {
  const r = shp + <usize>(s * SHAPE_BYTES);
  store<f64>(r, zeta); store<f64>(r, lambda, 8); store<f64>(r, pref, 16); store<f64>(r, pref * zeta * lambda, 24);
  store<i32>(r, izeta, 32);
}

/** Sort key: λ, then integer ζ, non-integer ζ after all integers. */
function shapeBefore(shp: usize, a: i32, b: i32): bool {
  const la = shapeLambda(shp, a), lb = shapeLambda(shp, b);
  if (la != lb) return la < lb;
  const ia = load<i32>(shp + <usize>(a * SHAPE_BYTES), 32), ib = load<i32>(shp + <usize>(b * SHAPE_BYTES), 32);
  if ((ia > 0) != (ib > 0)) return ia > 0;
  return ia > 0 ? ia < ib : shapeZeta(shp, a) < shapeZeta(shp, b);
}

/** Sort the nsh shape records (insertion sort) and set the power-sharing fields. */
export function sortShapes(shp: usize, nsh: i32): void {
  const tmp = memory.data(48, 16);
  for (let s = 1; s < nsh; s++) {
    let t = s;
    while (t > 0 && shapeBefore(shp, t, t - 1)) {
      const x = shp + <usize>(t * SHAPE_BYTES), y = x - <usize>SHAPE_BYTES;
      memory.copy(tmp, x, 48); memory.copy(x, y, 48); memory.copy(y, tmp, 48);
      t--;
    }
  }
  for (let s = 0; s < nsh; s++) {
    const r = shp + <usize>(s * SHAPE_BYTES), iz = load<i32>(r, 32);
    const first = s == 0 || shapeLambda(shp, s - 1) != shapeLambda(shp, s) || load<i32>(r - <usize>SHAPE_BYTES, 32) <= 0;
    store<i32>(r, first ? 1 : 0, 36);
    store<i32>(r, iz <= 0 ? -1 : first ? iz - 1 : iz - load<i32>(r - <usize>SHAPE_BYTES, 32), 40);
  }
}

/** A and A' of a shape with non-integer ζ (pow per lane on max(1 + λc, 0)); out: A, A'. */
function shapePow(c: v128, r: usize, o: usize): void {
  const base = f64x2.add(kv(K_ONE), f64x2.mul(f64x2.splat(load<f64>(r, 8)), c));
  const pw = powLanes(base, load<f64>(r));
  v128.store(o, f64x2.mul(f64x2.splat(load<f64>(r, 16)), f64x2.mul(pw, f64x2.max(base, kv(K_ZERO)))));
  v128.store(o, f64x2.mul(f64x2.splat(load<f64>(r, 24)), pw), 16);
}

/** p · base^mul (mul ≥ 0): repeated multiplication, the short counts unrolled. */
@inline function mulPow(p: v128, base: v128, mul: i32): v128 {
  if (mul == 0) return p;
  if (mul == 1) return f64x2.mul(p, base);
  if (mul == 2) return f64x2.mul(f64x2.mul(p, base), base);
  for (let m = 0; m < mul; m++) p = f64x2.mul(p, base);
  return p;
}

/**
 * A = 2^(1−ζ) b^ζ and A' = 2^(1−ζ) ζ λ b^(ζ−1), b = 1 + λc, of every shape for `nsteps` pair
 * steps: c of step t (cos θ_jik of its two pairs) at c0 + t·cStride; out: per step nsh records
 * of 2 v128 (A, A') at out + t·outStride; work: 32 bytes per step (b and the running power).
 * Shape by shape (outer loop), so that each shape's constants are loaded once. Integer ζ:
 * b^(ζ−1) by repeated multiplication (the same sequence as the scalar kernel), continued from
 * the previous shape of the same λ; other ζ: pow (shapePow).
 */
export function shapesSimd(c0: usize, cStride: usize, nsteps: i32, shp: usize, nsh: i32, out: usize, outStride: usize, work: usize): void {
  for (let s = 0; s < nsh; s++) {
    const r = shp + <usize>(s * SHAPE_BYTES), so = <usize>s << 5;
    const mul = load<i32>(r, 40);
    if (mul < 0) {
      for (let t = 0; t < nsteps; t++) shapePow(v128.load(c0 + <usize>t * cStride), r, out + <usize>t * outStride + so);
      continue;
    }
    if (load<i32>(r, 36)) {
      const lambda = f64x2.splat(load<f64>(r, 8));
      for (let t = 0; t < nsteps; t++) {
        const w = work + (<usize>t << 5);
        v128.store(w, f64x2.add(kv(K_ONE), f64x2.mul(lambda, v128.load(c0 + <usize>t * cStride))));
        v128.store(w, kv(K_ONE), 16);
      }
    }
    const pref = f64x2.splat(load<f64>(r, 16)), prefD = f64x2.splat(load<f64>(r, 24));
    for (let t = 0; t < nsteps; t++) {
      const w = work + (<usize>t << 5), o = out + <usize>t * outStride + so;
      const base = v128.load(w), pw = mulPow(v128.load(w, 16), base, mul);
      v128.store(w, pw, 16);
      v128.store(o, f64x2.mul(pref, f64x2.mul(pw, base)));
      v128.store(o, f64x2.mul(prefD, pw), 16);
    }
  }
}

/**
 * Adds the k side of one function for the two pairs of a step: cb·b (coefficient `cb`) and
 * cx·a (vectors u, v, w = cx·a_x, cx·a_y, cx·a_z) to the records r0 (lane 0, neighbour k0) and
 * r1 (lane 1, k1), each 4 f64: S, Cx, Cy, Cz (∂G/∂r_k = S·r_ik + C). The lanes are transposed
 * so that each record takes two v128 additions.
 */
@inline export function addKSide(cb: v128, u: v128, v: v128, w: v128, r0: usize, r1: usize): void {
  v128.store(r0, f64x2.add(v128.load(r0), f64x2.shuffle(cb, u, 0, 2)));
  v128.store(r0, f64x2.add(v128.load(r0, 16), f64x2.shuffle(v, w, 0, 2)), 16);
  v128.store(r1, f64x2.add(v128.load(r1), f64x2.shuffle(cb, u, 1, 3)));
  v128.store(r1, f64x2.add(v128.load(r1, 16), f64x2.shuffle(v, w, 1, 3)), 16);
}

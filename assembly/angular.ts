// Angular parts A(θ) of the angular symmetry functions and the per-pair derivative coefficients
// (docs/descriptors.md §3). Two kinds of angular part, both written as functions of c = cos θ_jik:
//   Behler (types 3, 9, 13):   A(c) = 2^(1−ζ) (1 + λc)^ζ,   A'(c) = 2^(1−ζ) ζ λ (1 + λc)^(ζ−1)
//   compact (types 21, 22, 24, 25): A = C(θ; θ_l, θ_r), θ = acos c, the compact function of
//     cutoff.ts with the subtype's core (no "a" variant), 0 outside [θ_l, θ_r] (1 − |θ − mid|/h
//     computed as min(θ_r − θ, θ − θ_l)/h, as there); A'(c) = dC/dθ · (−1/sin θ),
//     sin θ = √((1 − c)(1 + c)). At |c| ≥ 1 (collinear triples; rounding can give |c| > 1) θ is
//     0 or π and A' = 0 (∂c/∂r vanishes there, so A'·∂c/∂r does too). n2p2 drops such triples
//     instead, which for supports centred on 0° or 180° (where C = 1) makes G jump at collinear
//     triples and depend on rounding (docs/descriptors.md §3); aemap keeps G continuous.
//
// A pair (j, k) of neighbours of centre i, with a = r_ij, b = r_ik (vectors, Å), c = cos θ_ijk,
// contributes T = A(c) · P to the function, where
//   P = R(r_ij) R(r_ik) Q(r_jk)         (R: radial.ts; Q: pair.ts, 1 for the wide types).
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
import { coreScalar, coreSimd, W_EXP, W_POLY1, W_POLY2, W_POLY3, W_POLY4 } from "./cutoff";

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

/**
 * A and A' (by c) of a compact angular part (scalar); writes A to out, A' to out + 8. theta = acos c,
 * msin = −1/sin θ (0 at |c| ≥ 1: compactAngle); tl, tr = θ_l, θ_r, mid = (θ_l + θ_r)/2,
 * ih = 2/(θ_r − θ_l) (radians); core: cutoff.ts code of the subtype's core function.
 */
@inline export function compactShapeScalar(theta: f64, msin: f64, tl: f64, tr: f64, mid: f64, ih: f64, core: i32, out: usize): void {
  if (!(theta >= tl && theta <= tr)) { store<f64>(out, 0.0); store<f64>(out, 0.0, 8); return; }
  const a = (theta - mid) * ih;
  coreScalar(core, Math.abs(a), Math.min(tr - theta, theta - tl) * ih, out);
  store<f64>(out, load<f64>(out, 8) * (a < 0.0 ? -ih : ih) * msin, 8);
}

/** θ = acos c (c clamped to [−1, 1]) and −1/sin θ (0 at |c| ≥ 1) of one pair; writes θ to out, −1/sin θ to out + 8. */
@inline export function compactAngle(c: f64, out: usize): void {
  store<f64>(out, Math.acos(Math.max(-1.0, Math.min(1.0, c))));
  store<f64>(out, Math.abs(c) < 1.0 ? -1.0 / Math.sqrt((1.0 - c) * (1.0 + c)) : 0.0, 8);
}

/** base^(ζ−1) for both lanes, for non-integer ζ: pow per lane on max(base, 0). */
@inline function powLanes(base: v128, zeta: f64): v128 {
  const b0 = Math.max(f64x2.extract_lane(base, 0), 0.0), b1 = Math.max(f64x2.extract_lane(base, 1), 0.0);
  return f64x2.replace_lane(f64x2.splat(Math.pow(b0, zeta - 1.0)), 1, Math.pow(b1, zeta - 1.0));
}

// Shape records of the SIMD kernel (SHAPE_BYTES each). Behler shapes first, sorted by λ, then
// integer ζ ascending, non-integer ζ last, so that the powers (1 + λc)^m of one λ are built up
// once for all its ζ; compact shapes after them:
//   Behler:  f64 ζ @0, λ @8, 2^(1−ζ) @16, 2^(1−ζ) ζ λ @24; i32 integer ζ or 0 @32; i32 new base
//            (first of its λ) @36; i32 multiplications since the previous shape of this λ
//            (−1: pow path) @40; i32 kind 0 @44.
//   compact: f64 θ_l @0, θ_r @8, mid @16, 2/(θ_r − θ_l) @24 (radians); i32 core @32; 0 @36;
//            −2 @40; kind 1 @44.
export const SHAPE_BYTES: i32 = 48;
export const SHAPE_BEHLER = 0, SHAPE_COMPACT = 1;
@inline function shapeRec(shp: usize, s: i32): usize { return shp + <usize>(s * SHAPE_BYTES); }
@inline export function shapeKind(shp: usize, s: i32): i32 { return load<i32>(shapeRec(shp, s), 44); }

/**
 * Index of the shape (kind, p1, p2, p3) among the nsh records at shp, or nsh when absent.
 * Behler: p1 = ζ, p2 = λ; compact: p1 = θ_l, p2 = θ_r (radians), p3 = core.
 */
export function findShape(shp: usize, nsh: i32, kind: i32, p1: f64, p2: f64, p3: f64): i32 {
  let s = 0;
  for (; s < nsh; s++) {
    const r = shapeRec(shp, s);
    if (load<i32>(r, 44) != kind || load<f64>(r) != p1 || load<f64>(r, 8) != p2) continue;
    if (kind == SHAPE_BEHLER || load<i32>(r, 32) == <i32>p3) break;
  }
  return s;
}

/** Write shape record s (sortShapes fills in the fields at 36 and 40). p3: 2^(1−ζ), or the core. */
export function setShape(shp: usize, s: i32, kind: i32, p1: f64, p2: f64, p3: f64, izeta: i32): void {
  const r = shapeRec(shp, s);
  store<f64>(r, p1); store<f64>(r, p2, 8); store<i32>(r, kind, 44);
  if (kind == SHAPE_BEHLER) {
    store<f64>(r, p3, 16); store<f64>(r, p3 * p1 * p2, 24); store<i32>(r, izeta, 32);
  } else {
    store<f64>(r, 0.5 * (p1 + p2), 16); store<f64>(r, 2.0 / (p2 - p1), 24); store<i32>(r, <i32>p3, 32);
  }
}

/** Sort key: Behler before compact; Behler by λ, then integer ζ, non-integer ζ after all integers. */
function shapeBefore(shp: usize, a: i32, b: i32): bool {
  const ka = shapeKind(shp, a), kb = shapeKind(shp, b);
  if (ka != kb) return ka < kb;
  if (ka == SHAPE_COMPACT) return false;
  const la = load<f64>(shapeRec(shp, a), 8), lb = load<f64>(shapeRec(shp, b), 8);
  if (la != lb) return la < lb;
  const ia = load<i32>(shapeRec(shp, a), 32), ib = load<i32>(shapeRec(shp, b), 32);
  if ((ia > 0) != (ib > 0)) return ia > 0;
  return ia > 0 ? ia < ib : load<f64>(shapeRec(shp, a)) < load<f64>(shapeRec(shp, b));
}

/** Sort the nsh shape records (insertion sort, stable) and set the power-sharing fields. */
export function sortShapes(shp: usize, nsh: i32): void {
  const tmp = memory.data(48, 16);
  for (let s = 1; s < nsh; s++) {
    let t = s;
    while (t > 0 && shapeBefore(shp, t, t - 1)) {
      const x = shapeRec(shp, t), y = x - <usize>SHAPE_BYTES;
      memory.copy(tmp, x, 48); memory.copy(x, y, 48); memory.copy(y, tmp, 48);
      t--;
    }
  }
  for (let s = 0; s < nsh; s++) {
    const r = shapeRec(shp, s), iz = load<i32>(r, 32);
    if (load<i32>(r, 44) == SHAPE_COMPACT) { store<i32>(r, 0, 36); store<i32>(r, -2, 40); continue; }
    const q = r - <usize>SHAPE_BYTES;
    const first = s == 0 || load<f64>(q, 8) != load<f64>(r, 8) || load<i32>(q, 32) <= 0;
    store<i32>(r, first ? 1 : 0, 36);
    store<i32>(r, iz <= 0 ? -1 : first ? iz - 1 : iz - load<i32>(q, 32), 40);
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
 * A and A' of compact shape record r for nsteps steps (core constant here): θ and −1/sin θ of
 * step t at theta + 32t (compactThetas).
 */
@inline function compactShapeLoop(core: i32, theta: usize, nsteps: i32, r: usize, out: usize, outStride: usize, tmp: usize): void {
  const tl = f64x2.splat(load<f64>(r)), tr = f64x2.splat(load<f64>(r, 8));
  const mid = f64x2.splat(load<f64>(r, 16)), ih = f64x2.splat(load<f64>(r, 24));
  for (let t = 0; t < nsteps; t++) {
    const th = v128.load(theta + (<usize>t << 5)), msin = v128.load(theta + (<usize>t << 5), 16);
    const inside = v128.and(f64x2.ge(th, tl), f64x2.le(th, tr));
    const a = f64x2.mul(f64x2.sub(th, mid), ih);
    coreSimd(core, f64x2.abs(a), f64x2.mul(f64x2.pmin(f64x2.sub(tr, th), f64x2.sub(th, tl)), ih), tmp);
    // dA/dc = f'(|a|) · sign(a)/h · (−1/sin θ): the sign bit of a copied onto 1/h.
    const g = f64x2.mul(v128.or(v128.and(a, f64x2.splat(-0.0)), ih), msin);
    const o = out + <usize>t * outStride;
    v128.store(o, v128.and(v128.load(tmp), inside));
    v128.store(o, v128.and(f64x2.mul(v128.load(tmp, 16), g), inside), 16);
  }
}

/**
 * A and A' of every shape for `nsteps` pair steps: c of step t (cos θ_jik of its two pairs) at
 * c0 + t·cStride; out: per step nsh records of 2 v128 (A, A') at out + t·outStride; work: 32 bytes
 * per step (b and the running power); theta: θ, −1/sin θ per step (compactThetas; read only when
 * there are compact shapes). Shape by shape (outer loop), so that each shape's constants are
 * loaded once. Behler shapes: A = 2^(1−ζ) b^ζ, A' = 2^(1−ζ) ζ λ b^(ζ−1), b = 1 + λc; integer ζ:
 * b^(ζ−1) by repeated multiplication (the same sequence as the scalar kernel), continued from
 * the previous shape of the same λ; other ζ: pow (shapePow). Compact shapes: compactShapeLoop.
 */
export function shapesSimd(c0: usize, cStride: usize, nsteps: i32, shp: usize, nsh: i32, out: usize, outStride: usize, work: usize, theta: usize): void {
  for (let s = 0; s < nsh; s++) {
    const r = shapeRec(shp, s), so = <usize>s << 5;
    const mul = load<i32>(r, 40);
    if (mul == -2) {
      const core = load<i32>(r, 32), o = out + so;
      if (core == W_POLY2) compactShapeLoop(W_POLY2, theta, nsteps, r, o, outStride, work);
      else if (core == W_POLY1) compactShapeLoop(W_POLY1, theta, nsteps, r, o, outStride, work);
      else if (core == W_POLY3) compactShapeLoop(W_POLY3, theta, nsteps, r, o, outStride, work);
      else if (core == W_EXP) compactShapeLoop(W_EXP, theta, nsteps, r, o, outStride, work);
      else compactShapeLoop(W_POLY4, theta, nsteps, r, o, outStride, work);
      continue;
    }
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
 * θ = acos c and −1/sin θ of every pair step (c at c0 + t·cStride), for the compact shapes, as
 * compactAngle does for one pair (θ = 0 or π and 0 at |c| ≥ 1). Math.acos per lane: WebAssembly
 * has no vector acos, and the scalar kernel calls the same function.
 */
export function compactThetas(c0: usize, cStride: usize, nsteps: i32, theta: usize): void {
  for (let t = 0; t < nsteps; t++) {
    const c = f64x2.pmax(f64x2.pmin(v128.load(c0 + <usize>t * cStride), kv(K_ONE)), f64x2.splat(-1.0)), o = theta + (<usize>t << 5);
    const ok = f64x2.lt(f64x2.abs(c), kv(K_ONE));
    v128.store(o, f64x2.replace_lane(f64x2.splat(Math.acos(f64x2.extract_lane(c, 0))), 1, Math.acos(f64x2.extract_lane(c, 1))));
    const s = f64x2.sqrt(f64x2.mul(f64x2.sub(kv(K_ONE), c), f64x2.add(kv(K_ONE), c)));
    v128.store(o, v128.and(f64x2.div(f64x2.splat(-1.0), s), ok), 16);
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

// Two-lane (f64x2) exp, expm1, tanh, cos and sin for the SIMD symmetry-function kernel, and the lane sum
// hsum (also used by dense.ts). WebAssembly has no vector transcendental instructions, so these
// are range reduction plus Taylor polynomials, accurate to a few ulp on the ranges the kernel
// uses (checked against Math.exp/cos/sin in test/descriptors-mlearn.test.ts and
// test/descriptors.test.ts through the scalar kernel).
//
// Speed note: every polynomial coefficient is read from a table of lane-duplicated constants in
// linear memory (`kv(i)`): V8 would otherwise rebuild each f64x2.splat(constant) with three
// instructions at every use inside the loops. Likewise pmax/pmin (one instruction) replace
// max/min, whose NaN/−0 rules cost eight; no NaN reaches them here.

/** 1.5·2^52: adding it rounds a double to an integer held in the low mantissa bits. */
const MAGIC: f64 = 6755399441055744.0;

/** Lane-duplicated constants (16 bytes each), indexed by the K_* names below. */
const KTAB = memory.data<f64>([
  // exp: 1/ln 2, MAGIC, ln 2 high bits (exact product with small n), ln 2 − high bits, −700
  1.4426950408889634, 1.4426950408889634, 6755399441055744.0, 6755399441055744.0,
  0.6931471803691238, 0.6931471803691238, 1.9082149292705877e-10, 1.9082149292705877e-10,
  -700.0, -700.0,
  // exp Taylor coefficients 1/k!, k = 0 … 13 (index 5 …)
  1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.16666666666666666, 0.16666666666666666,
  0.041666666666666664, 0.041666666666666664, 0.008333333333333333, 0.008333333333333333,
  0.001388888888888889, 0.001388888888888889, 0.0001984126984126984, 0.0001984126984126984,
  2.48015873015873e-05, 2.48015873015873e-05, 2.7557319223985893e-06, 2.7557319223985893e-06,
  2.755731922398589e-07, 2.755731922398589e-07, 2.505210838544172e-08, 2.505210838544172e-08,
  2.08767569878681e-09, 2.08767569878681e-09, 1.6059043836821613e-10, 1.6059043836821613e-10,
  // sin y = y Σ_k (−1)^k y^2k/(2k+1)!, k = 0 … 10 (index 19 …)
  1.0, 1.0, -0.16666666666666666, -0.16666666666666666, 0.008333333333333333, 0.008333333333333333,
  -0.0001984126984126984, -0.0001984126984126984, 2.7557319223985893e-06, 2.7557319223985893e-06,
  -2.505210838544172e-08, -2.505210838544172e-08, 1.6059043836821613e-10, 1.6059043836821613e-10,
  -7.647163731819816e-13, -7.647163731819816e-13, 2.8114572543455206e-15, 2.8114572543455206e-15,
  -8.22063524662433e-18, -8.22063524662433e-18, 1.9572941063391263e-20, 1.9572941063391263e-20,
  // cos y = Σ_k (−1)^k y^2k/(2k)!, k = 0 … 11 (index 30 …)
  1.0, 1.0, -0.5, -0.5, 0.041666666666666664, 0.041666666666666664, -0.001388888888888889, -0.001388888888888889,
  2.48015873015873e-05, 2.48015873015873e-05, -2.755731922398589e-07, -2.755731922398589e-07,
  2.08767569878681e-09, 2.08767569878681e-09, -1.1470745597729725e-11, -1.1470745597729725e-11,
  4.779477332387385e-14, 4.779477332387385e-14, -1.5619206968586225e-16, -1.5619206968586225e-16,
  4.110317623312165e-19, 4.110317623312165e-19, -8.896791392450574e-22, -8.896791392450574e-22,
  // π/2 (index 42), 0.5 (43), 1 (44), 0 (45), π (46), 0.35 (47: vexpm1's series range), 2 (48)
  1.5707963267948966, 1.5707963267948966, 0.5, 0.5, 1.0, 1.0, 0.0, 0.0, 3.141592653589793, 3.141592653589793,
  0.35, 0.35, 2.0, 2.0,
], 16);
const K_INVLN2 = 0, K_MAGIC = 1, K_LN2HI = 2, K_LN2LO = 3, K_XMIN = 4, K_EXP = 5, K_SIN = 19, K_COS = 30;
export const K_HALFPI = 42, K_HALF = 43, K_ONE = 44, K_ZERO = 45, K_PI = 46, K_TWO = 48;
const K_EXPM1CUT = 47;

/** The lane-duplicated constant number i of the table. */
@inline export function kv(i: i32): v128 {
  return v128.load(KTAB + (<usize>i << 4));
}

/** Sum of the two lanes (lane 0 + lane 1). */
@inline export function hsum(x: v128): f64 {
  return f64x2.extract_lane(x, 0) + f64x2.extract_lane(x, 1);
}

/** c0 + c1 x with the coefficients at table indices i, i + 1. */
@inline function lin(i: i32, x: v128): v128 {
  return f64x2.add(kv(i), f64x2.mul(kv(i + 1), x));
}

/**
 * exp(x) for both lanes, x ≤ 700 (the kernel only needs x ≤ 0); x is clamped below at −700 (e^−700 is
 * ~1e−304, and every such term is multiplied by a zero cutoff).
 * Method: x = n ln2 + r with n = round(x / ln2), |r| ≤ ln2/2; e^r by its Taylor series to r^13
 * (error < 1e−17); 2^n assembled in the exponent bits.
 */
@inline export function vexp(x0: v128): v128 {
  const x = f64x2.pmax(x0, kv(K_XMIN));
  const t = f64x2.add(f64x2.mul(x, kv(K_INVLN2)), kv(K_MAGIC));
  const n = f64x2.sub(t, kv(K_MAGIC));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, kv(K_LN2HI))), f64x2.mul(n, kv(K_LN2LO)));
  // Taylor coefficients 1/k!, k = 0 … 13, evaluated by Estrin's scheme (short dependency chains).
  const r2 = f64x2.mul(r, r), r4 = f64x2.mul(r2, r2), r8 = f64x2.mul(r4, r4);
  const p1_0 = f64x2.add(lin(K_EXP, r), f64x2.mul(lin(K_EXP + 2, r), r2));
  const p1_1 = f64x2.add(lin(K_EXP + 4, r), f64x2.mul(lin(K_EXP + 6, r), r2));
  const p1_2 = f64x2.add(lin(K_EXP + 8, r), f64x2.mul(lin(K_EXP + 10, r), r2));
  const p1_3 = lin(K_EXP + 12, r);
  const p2_0 = f64x2.add(p1_0, f64x2.mul(p1_1, r4));
  const p2_1 = f64x2.add(p1_2, f64x2.mul(p1_3, r4));
  const p = f64x2.add(p2_0, f64x2.mul(p2_1, r8));
  // n as a 64-bit integer: bits(t) − bits(MAGIC); 2^n = bits((n + 1023) << 52).
  const ni = i64x2.sub(t, i64x2.splat(reinterpret<i64>(MAGIC)));
  const scale = i64x2.shl(i64x2.add(ni, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/**
 * cos θ and sin θ for θ in [0, π] (both lanes); writes cos to `out`, sin to `out + 16`.
 * With y = θ − π/2 in [−π/2, π/2]: cos θ = −sin y, sin θ = cos y, each a Taylor series to
 * y^21 / y^22 (truncation error < 1e−17).
 */
@inline export function vcosSinHalfPi(theta: v128, out: usize): void {
  const y = f64x2.sub(theta, kv(K_HALFPI));
  const y2 = f64x2.mul(y, y), y4 = f64x2.mul(y2, y2), y8 = f64x2.mul(y4, y4), y16 = f64x2.mul(y8, y8);
  // Estrin's scheme in y².
  const s1_0 = f64x2.add(lin(K_SIN, y2), f64x2.mul(lin(K_SIN + 2, y2), y4));
  const s1_1 = f64x2.add(lin(K_SIN + 4, y2), f64x2.mul(lin(K_SIN + 6, y2), y4));
  const s1_2 = f64x2.add(lin(K_SIN + 8, y2), f64x2.mul(kv(K_SIN + 10), y4));
  const sp = f64x2.add(f64x2.add(s1_0, f64x2.mul(s1_1, y8)), f64x2.mul(s1_2, y16));
  const c1_0 = f64x2.add(lin(K_COS, y2), f64x2.mul(lin(K_COS + 2, y2), y4));
  const c1_1 = f64x2.add(lin(K_COS + 4, y2), f64x2.mul(lin(K_COS + 6, y2), y4));
  const c1_2 = f64x2.add(lin(K_COS + 8, y2), f64x2.mul(lin(K_COS + 10, y2), y4));
  const c = f64x2.add(f64x2.add(c1_0, f64x2.mul(c1_1, y8)), f64x2.mul(c1_2, y16));
  v128.store(out, f64x2.neg(f64x2.mul(y, sp)));
  v128.store(out, c, 16);
}

/**
 * exp(x) for |x| ≤ 1/32 (both lanes) by its Taylor series to x^8, no range reduction
 * (truncation error < (1/32)^9/9! ≈ 8e−20). Used for the pair factor exp(−η r_jk²) of angular
 * groups with η Rc² ≤ 1/32 (e.g. η = 0.000357 Å⁻², Rc = 6 Å); outside that range the result is
 * only finite, and the caller multiplies it by a zero cutoff.
 */
@inline export function vexpSmall(x: v128): v128 {
  const x2 = f64x2.mul(x, x), x4 = f64x2.mul(x2, x2);
  const lo = f64x2.add(lin(K_EXP, x), f64x2.mul(lin(K_EXP + 2, x), x2));
  const hi = f64x2.add(lin(K_EXP + 4, x), f64x2.mul(lin(K_EXP + 6, x), x2));
  return f64x2.add(f64x2.add(lo, f64x2.mul(hi, x4)), f64x2.mul(kv(K_EXP + 8), f64x2.mul(x4, x4)));
}

/**
 * e^x − 1 for both lanes, x ≤ 700, without the cancellation of vexp(x) − 1 near 0: for |x| ≤ 0.35
 * the series x Σ_{k=0}^{12} x^k/(k+1)! (truncation error < 0.35^13/14! relative), else vexp(x) − 1
 * (|e^x − 1| ≥ 0.29 there, so the subtraction loses nothing).
 */
@inline export function vexpm1(x: v128): v128 {
  const x2 = f64x2.mul(x, x), x4 = f64x2.mul(x2, x2), x8 = f64x2.mul(x4, x4);
  const q0 = f64x2.add(lin(K_EXP + 1, x), f64x2.mul(lin(K_EXP + 3, x), x2));
  const q1 = f64x2.add(lin(K_EXP + 5, x), f64x2.mul(lin(K_EXP + 7, x), x2));
  const q2 = f64x2.add(lin(K_EXP + 9, x), f64x2.mul(lin(K_EXP + 11, x), x2));
  const p = f64x2.add(f64x2.add(q0, f64x2.mul(q1, x4)), f64x2.mul(f64x2.add(q2, f64x2.mul(kv(K_EXP + 13), x4)), x8));
  const small = f64x2.le(f64x2.abs(x), kv(K_EXPM1CUT));
  return v128.bitselect(f64x2.mul(x, p), f64x2.sub(vexp(x), kv(K_ONE)), small);
}

/** tanh(y) for both lanes, y ≥ −350: with m = e^(−2y) − 1 (vexpm1), tanh y = −m / (2 + m). */
@inline export function vtanh(y: v128): v128 {
  const m = vexpm1(f64x2.mul(kv(K_TWO), f64x2.neg(y)));
  return f64x2.div(f64x2.neg(m), f64x2.add(kv(K_TWO), m));
}

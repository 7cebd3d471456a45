// Two-lane (f64x2) exp, cos and sin for the SIMD symmetry-function kernel. WebAssembly has no
// vector transcendental instructions, so these are range reduction plus Taylor polynomials,
// accurate to a few ulp on the ranges the kernel uses (checked against Math.exp/cos/sin in
// test/descriptors-mlearn.test.ts and test/descriptors.test.ts through the scalar kernel).

/** 1.5·2^52: adding it rounds a double to an integer held in the low mantissa bits. */
const MAGIC: f64 = 6755399441055744.0;
const LN2_HI: f64 = 0.6931471803691238;   // high bits of ln 2 (exact product with small n)
const LN2_LO: f64 = 1.9082149292705877e-10; // ln 2 − LN2_HI

/**
 * exp(x) for both lanes, x ≤ 700 (the kernel only needs x ≤ 0); x is clamped below at −700 (e^−700 is
 * ~1e−304, and every such term is multiplied by a zero cutoff).
 * Method: x = n ln2 + r with n = round(x / ln2), |r| ≤ ln2/2; e^r by its Taylor series to r^13
 * (error < 1e−17); 2^n assembled in the exponent bits.
 */
@inline export function vexp(x0: v128): v128 {
  const x = f64x2.max(x0, f64x2.splat(-700.0));
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(1.4426950408889634)), f64x2.splat(MAGIC));
  const n = f64x2.sub(t, f64x2.splat(MAGIC));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  // Taylor coefficients 1/k!, k = 0 … 13, evaluated by Estrin's scheme (short dependency chains).
  const p0_0 = f64x2.add(f64x2.splat(1.0), f64x2.mul(f64x2.splat(1.0), r));
  const p0_1 = f64x2.add(f64x2.splat(0.5), f64x2.mul(f64x2.splat(0.16666666666666666), r));
  const p0_2 = f64x2.add(f64x2.splat(0.041666666666666664), f64x2.mul(f64x2.splat(0.008333333333333333), r));
  const p0_3 = f64x2.add(f64x2.splat(0.001388888888888889), f64x2.mul(f64x2.splat(0.0001984126984126984), r));
  const p0_4 = f64x2.add(f64x2.splat(2.48015873015873e-05), f64x2.mul(f64x2.splat(2.7557319223985893e-06), r));
  const p0_5 = f64x2.add(f64x2.splat(2.755731922398589e-07), f64x2.mul(f64x2.splat(2.505210838544172e-08), r));
  const p0_6 = f64x2.add(f64x2.splat(2.08767569878681e-09), f64x2.mul(f64x2.splat(1.6059043836821613e-10), r));
  const pP1 = f64x2.mul(r, r);
  const p1_0 = f64x2.add(p0_0, f64x2.mul(p0_1, pP1));
  const p1_1 = f64x2.add(p0_2, f64x2.mul(p0_3, pP1));
  const p1_2 = f64x2.add(p0_4, f64x2.mul(p0_5, pP1));
  const p1_3 = p0_6;
  const pP2 = f64x2.mul(pP1, pP1);
  const p2_0 = f64x2.add(p1_0, f64x2.mul(p1_1, pP2));
  const p2_1 = f64x2.add(p1_2, f64x2.mul(p1_3, pP2));
  const pP3 = f64x2.mul(pP2, pP2);
  const p3_0 = f64x2.add(p2_0, f64x2.mul(p2_1, pP3));
  const p = p3_0;
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
  const y = f64x2.sub(theta, f64x2.splat(Math.PI / 2));
  const y2 = f64x2.mul(y, y);
  // sin y = y Σ_k (−1)^k y^2k/(2k+1)!, k ≤ 10;  cos y = Σ_k (−1)^k y^2k/(2k)!, k ≤ 11 (Estrin in y²).
  const sp0_0 = f64x2.add(f64x2.splat(1.0), f64x2.mul(f64x2.splat(-0.16666666666666666), y2));
  const sp0_1 = f64x2.add(f64x2.splat(0.008333333333333333), f64x2.mul(f64x2.splat(-0.0001984126984126984), y2));
  const sp0_2 = f64x2.add(f64x2.splat(2.7557319223985893e-06), f64x2.mul(f64x2.splat(-2.505210838544172e-08), y2));
  const sp0_3 = f64x2.add(f64x2.splat(1.6059043836821613e-10), f64x2.mul(f64x2.splat(-7.647163731819816e-13), y2));
  const sp0_4 = f64x2.add(f64x2.splat(2.8114572543455206e-15), f64x2.mul(f64x2.splat(-8.22063524662433e-18), y2));
  const spP1 = f64x2.mul(y2, y2);
  const sp1_0 = f64x2.add(sp0_0, f64x2.mul(sp0_1, spP1));
  const sp1_1 = f64x2.add(sp0_2, f64x2.mul(sp0_3, spP1));
  const sp1_2 = f64x2.add(sp0_4, f64x2.mul(f64x2.splat(1.9572941063391263e-20), spP1));
  const spP2 = f64x2.mul(spP1, spP1);
  const sp2_0 = f64x2.add(sp1_0, f64x2.mul(sp1_1, spP2));
  const sp2_1 = sp1_2;
  const spP3 = f64x2.mul(spP2, spP2);
  const sp3_0 = f64x2.add(sp2_0, f64x2.mul(sp2_1, spP3));
  const sp = sp3_0;
  const s = f64x2.mul(y, sp);
  const c0_0 = f64x2.add(f64x2.splat(1.0), f64x2.mul(f64x2.splat(-0.5), y2));
  const c0_1 = f64x2.add(f64x2.splat(0.041666666666666664), f64x2.mul(f64x2.splat(-0.001388888888888889), y2));
  const c0_2 = f64x2.add(f64x2.splat(2.48015873015873e-05), f64x2.mul(f64x2.splat(-2.755731922398589e-07), y2));
  const c0_3 = f64x2.add(f64x2.splat(2.08767569878681e-09), f64x2.mul(f64x2.splat(-1.1470745597729725e-11), y2));
  const c0_4 = f64x2.add(f64x2.splat(4.779477332387385e-14), f64x2.mul(f64x2.splat(-1.5619206968586225e-16), y2));
  const c0_5 = f64x2.add(f64x2.splat(4.110317623312165e-19), f64x2.mul(f64x2.splat(-8.896791392450574e-22), y2));
  const cP1 = f64x2.mul(y2, y2);
  const c1_0 = f64x2.add(c0_0, f64x2.mul(c0_1, cP1));
  const c1_1 = f64x2.add(c0_2, f64x2.mul(c0_3, cP1));
  const c1_2 = f64x2.add(c0_4, f64x2.mul(c0_5, cP1));
  const cP2 = f64x2.mul(cP1, cP1);
  const c2_0 = f64x2.add(c1_0, f64x2.mul(c1_1, cP2));
  const c2_1 = c1_2;
  const cP3 = f64x2.mul(cP2, cP2);
  const c3_0 = f64x2.add(c2_0, f64x2.mul(c2_1, cP3));
  const c = c3_0;
  v128.store(out, f64x2.neg(s));
  v128.store(out, c, 16);
}

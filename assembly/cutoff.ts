// Cosine cutoff of the Behler symmetry functions (docs/science.md §3; n2p2 cutoff type "cos").
//
//   fc(r)  = ½ [cos(π r / Rc) + 1]        for r < Rc, else 0
//   dfc/dr = −½ (π / Rc) sin(π r / Rc)     for r < Rc, else 0
//
// Lengths in Å. The scalar pair uses Math.cos/Math.sin; the SIMD pair (two distances in the two
// f64 lanes) uses the polynomial cosine/sine of vmath.ts, so the two agree to ~1e-16.

import { vcosSinHalfPi, kv, K_PI, K_HALF, K_ONE } from "./vmath";

/** fc(r) for one distance. */
@inline export function fcScalar(r: f64, rc: f64): f64 {
  return r < rc ? 0.5 * (Math.cos(Math.PI * r / rc) + 1.0) : 0.0;
}

/** dfc/dr for one distance. */
@inline export function dfcScalar(r: f64, rc: f64): f64 {
  return r < rc ? -0.5 * (Math.PI / rc) * Math.sin(Math.PI * r / rc) : 0.0;
}

/**
 * fc and dfc/dr for the two distances in `r`; writes fc to `out` and dfc/dr to `out + 16`
 * (two v128 slots: AssemblyScript has no multiple return values). piRc = π / Rc, passed in so
 * that callers compute the division once per cutoff.
 */
@inline export function fcSimd(r: v128, rc: f64, piRc: f64, out: usize): void {
  const inside = f64x2.lt(r, f64x2.splat(rc));
  // θ = π r / Rc, clamped to [0, π] so that the polynomial stays in range.
  const theta = f64x2.pmin(f64x2.mul(r, f64x2.splat(piRc)), kv(K_PI));
  vcosSinHalfPi(theta, out);
  const cosT = v128.load(out), sinT = v128.load(out, 16);
  const fc = f64x2.mul(kv(K_HALF), f64x2.add(cosT, kv(K_ONE)));
  const dfc = f64x2.mul(f64x2.splat(-0.5 * piRc), sinT);
  v128.store(out, v128.and(fc, inside));
  v128.store(out, v128.and(dfc, inside), 16);
}

// Radial terms and radial symmetry functions (docs/descriptors.md §2).
//
// A radial term is R(r) = g(r) · w(r) of one neighbour distance:
//   Gaussian terms (types 2, 3, 9, 12, 13):  g(r) = exp(−η (r − rs)²),  w = the cutoff fc (cutoff.ts)
//   compact terms (types 20–25):             g(r) = 1,                  w = the compact C(r; r_l, r_c)
// Radial functions sum them over neighbours, with an element weight (1, or Z_j for types 12, 23):
//   G_i = Σ_j weight(j) · R(r_ij)        (j of the function's neighbour element, or every j)
// Angular functions multiply two or three of them (pair.ts, angular.ts).
// Each term comes with Rd = (dR/dr)/r, so that the gradient by the neighbour's position is Rd · r_ij
// (vector) without a further division:
//   dR/dr = g(r) [ −2η (r − rs) w(r) + dw/dr ]      (compact: dR/dr = dw/dr).
// η in Å⁻², lengths in Å.

import { windowScalar, windowRc, W_COMPACT } from "./cutoff";
import { hsum, vexp } from "./vmath";

/** R and Rd of one distance (scalar reference) for window record `win`; writes R to out, Rd to out + 8. */
@inline export function radialScalar(r: f64, eta: f64, rs: f64, win: usize, out: usize): void {
  if (r >= windowRc(win)) { store<f64>(out, 0.0); store<f64>(out, 0.0, 8); return; }
  windowScalar(r, win, out);
  const fc = load<f64>(out), dfc = load<f64>(out, 8);
  if (load<i32>(win) >= W_COMPACT) { store<f64>(out, dfc / r, 8); return; }
  const d = r - rs;
  const g = Math.exp(-eta * d * d);
  store<f64>(out, g * fc);
  store<f64>(out, g * (-2.0 * eta * d * fc + dfc) / r, 8);
}

/**
 * Gaussian terms: R and Rd for `count` distances (count even, 16-byte aligned arrays), two at a time.
 *  dist  count f64, r (Å);  fc, dfc  the window and its derivative at these distances for this
 *  term's window (cutoff.ts windowLoop);  rad, radD  count f64 outputs R and Rd.
 */
export function radialSimd(dist: usize, count: i32, eta: f64, rs: f64, fcA: usize, dfcA: usize, rad: usize, radD: usize): void {
  const vEta = f64x2.splat(-eta), vRs = f64x2.splat(rs), two = f64x2.splat(-2.0 * eta);
  for (let k = 0; k < count; k += 2) {
    const o = <usize>k << 3;
    const r = v128.load(dist + o);
    const d = f64x2.sub(r, vRs);
    const g = vexp(f64x2.mul(vEta, f64x2.mul(d, d)));
    const fc = v128.load(fcA + o), dfc = v128.load(dfcA + o);
    v128.store(rad + o, f64x2.mul(g, fc));
    const dr = f64x2.mul(g, f64x2.add(f64x2.mul(two, f64x2.mul(d, fc)), dfc));
    v128.store(radD + o, f64x2.div(dr, r));
  }
}

/** Compact terms: R = C(r), Rd = (dC/dr)/r for `count` distances (as radialSimd, without the Gaussian). */
export function compactRadialSimd(dist: usize, count: i32, fcA: usize, dfcA: usize, rad: usize, radD: usize): void {
  for (let k = 0; k < count; k += 2) {
    const o = <usize>k << 3;
    v128.store(rad + o, v128.load(fcA + o));
    v128.store(radD + o, f64x2.div(v128.load(dfcA + o), v128.load(dist + o)));
  }
}

/**
 * One radial function over one block of neighbour slots [k0, k1) (even bounds), SIMD. Returns
 * weight · Σ R; when `rec` ≠ 0 adds weight · Rd[k] to the first field (S, the coefficient of r_ik
 * in ∂G/∂r_k) of the record of slot k, at rec + k·recB.
 */
export function radialBlockSimd(rad: usize, radD: usize, k0: i32, k1: i32, weight: f64, rec: usize, recB: usize): f64 {
  let acc = f64x2.splat(0.0);
  for (let k = k0; k < k1; k += 2) acc = f64x2.add(acc, v128.load(rad + (<usize>k << 3)));
  if (rec) {
    for (let k = k0; k < k1; k++) {
      const r = rec + <usize>k * recB;
      store<f64>(r, load<f64>(r) + weight * load<f64>(radD + (<usize>k << 3)));
    }
  }
  return weight * hsum(acc);
}

// The pair factor Q(r_jk) of the angular symmetry functions (docs/descriptors.md §3) and
// Qd = (dQ/dr_jk)/r_jk:
//   narrow types 3, 13, 21, 24:  Q = R(r_jk), the function's radial term (radial.ts) at r_jk:
//                                Gaussian exp(−η (r_jk − rs)²) fc(r_jk), or compact C(r_jk)
//   wide types 9, 22, 25:        Q = 1, Qd = 0 (pairs with r_jk beyond the cutoff still count)
// The weighted types (13, 24, 25) multiply Q and Qd by Z_j Z_k (the kernels do, symfunc.ts).
// With the radial terms R(r_ij), R(r_ik) the angular summand is A(θ) · R(r_ij) R(r_ik) Q(r_jk)
// (angular.ts). Gaussian Qd, written so that rs = 0 gives g (−2η fc + (dfc/dr)/r_jk):
//   Qd = g [ −2η ((r_jk − rs)/r_jk) fc + (dfc/dr)/r_jk ],   g = exp(−η (r_jk − rs)²).

import { windowScalar, windowRc, W_COMPACT } from "./cutoff";
import { vexp, vexpSmall } from "./vmath";

/** Q and Qd of one pair for a narrow function (scalar reference); writes Q to out, Qd to out + 8. Needs r_jk > 0. */
@inline export function pairFactorScalar(rjk: f64, eta: f64, rs: f64, win: usize, out: usize): void {
  if (rjk >= windowRc(win)) { store<f64>(out, 0.0); store<f64>(out, 0.0, 8); return; }
  windowScalar(rjk, win, out);
  const fc = load<f64>(out), dfc = load<f64>(out, 8);
  if (load<i32>(win) >= W_COMPACT) { store<f64>(out, dfc / rjk, 8); return; }
  const d = rjk - rs;
  const g = Math.exp(-eta * d * d);
  store<f64>(out, g * fc);
  store<f64>(out, g * (-2.0 * eta * (d / rjk) * fc + dfc / rjk), 8);
}

/**
 * exp(−η r_jk²) for two pairs (lanes), `rjk2` = r_jk² (rs = 0). small: η Rc² ≤ 1/32, so that the
 * short series vexpSmall (vmath.ts) is exact enough; beyond Rc the result is only finite, and the
 * caller multiplies it by a zero cutoff.
 */
@inline export function pairGaussSimd(rjk2: v128, eta: f64, small: bool): v128 {
  const x = f64x2.mul(f64x2.splat(-eta), rjk2);
  return small ? vexpSmall(x) : vexp(x);
}

/** exp(−η (r_jk − rs)²) for two pairs (rs ≠ 0). */
@inline export function pairGaussShiftedSimd(rjk: v128, eta: f64, rs: f64): v128 {
  const d = f64x2.sub(rjk, f64x2.splat(rs));
  return vexp(f64x2.mul(f64x2.splat(-eta), f64x2.mul(d, d)));
}

/**
 * Qd = g [−2η fc + (dfc/dr)/r_jk] for two pairs (rs = 0), with g = exp(−η r_jk²), fc and dfc/dr
 * at r_jk, invRjk = 1/r_jk. Needs r_jk > 0 in both lanes (the kernel pads with a dummy 1000 Å away).
 */
@inline export function pairFactorDerivSimd(g: v128, fc: v128, dfc: v128, invRjk: v128, eta: f64): v128 {
  return f64x2.mul(g, f64x2.add(f64x2.mul(f64x2.splat(-2.0 * eta), fc), f64x2.mul(dfc, invRjk)));
}

/** Qd = g [−2η (r_jk − rs) fc + dfc/dr] / r_jk for two pairs (rs ≠ 0). */
@inline export function pairFactorShiftedDerivSimd(g: v128, fc: v128, dfc: v128, rjk: v128, invRjk: v128, eta: f64, rs: f64): v128 {
  const d = f64x2.sub(rjk, f64x2.splat(rs));
  return f64x2.mul(f64x2.mul(g, f64x2.add(f64x2.mul(f64x2.splat(-2.0 * eta), f64x2.mul(d, fc)), dfc)), invRjk);
}

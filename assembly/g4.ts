// Angular symmetry function G4 (SIMPLE-NN type 4, n2p2 type 3), with the r_jk term:
//
//   G4_i = 2^(1−ζ) Σ_{j<k} (1 + λ cos θ_ijk)^ζ exp(−η (r_ij² + r_ik² + r_jk²)) fc(r_ij) fc(r_ik) fc(r_jk)
//
// SIMPLE-NN params line: `4 <nbr1> <nbr2> <Rc> <η> <ζ> <λ>`; n2p2: `<el> 3 <n1> <n2> <η> <λ> <ζ> <Rc>`.
// η in Å⁻², Rc in Å, λ = ±1, ζ ≥ 1. Each unordered neighbour pair counts once.
//
// Factorisation used by the kernels (angular.ts): the summand is A(cos θ) · P with
//   P = R(r_ij) R(r_ik) Q(r_jk),  R(r) = exp(−η r²) fc(r) (g2.ts, Rs = 0),
//   Q(r_jk) = exp(−η r_jk²) fc(r_jk)          ← the only difference from G5 (g5.ts: Q = 1).
// This file computes the pair factor Q and Qd = (dQ/dr_jk) / r_jk.

import { fcScalar, dfcScalar, fcSimd } from "./cutoff";
import { vexp, vexpSmall } from "./vmath";

/** Q and Qd of one pair (scalar reference); writes Q to out, Qd to out + 8. Needs r_jk > 0. */
@inline export function pairFactorScalar(rjk: f64, eta: f64, rc: f64, out: usize): void {
  if (rjk >= rc) { store<f64>(out, 0.0); store<f64>(out, 0.0, 8); return; }
  const g = Math.exp(-eta * rjk * rjk);
  const fc = fcScalar(rjk, rc);
  store<f64>(out, g * fc);
  store<f64>(out, g * (-2.0 * eta * fc + dfcScalar(rjk, rc) / rjk), 8);
}

/**
 * exp(−η r_jk²) for two pairs (lanes), `rjk2` = r_jk². small: η Rc² ≤ 1/32, so that the short
 * series vexpSmall (vmath.ts) is exact enough. The pair factor is then Q = exp(−η r_jk²) fc(r_jk)
 * (multiplied by the caller, with fc of cutoff.ts fcSimd computed once per cutoff).
 */
@inline export function pairGaussSimd(rjk2: v128, eta: f64, small: bool): v128 {
  const x = f64x2.mul(f64x2.splat(-eta), rjk2);
  return small ? vexpSmall(x) : vexp(x);
}

/**
 * Qd = (dQ/dr_jk)/r_jk = g [−2η fc + (dfc/dr)/r_jk] for two pairs, with g = exp(−η r_jk²)
 * (pairGaussSimd), fc and dfc/dr at r_jk, invRjk = 1/r_jk. Needs r_jk > 0 in both lanes (the
 * kernel pads with a dummy 1000 Å away).
 */
@inline export function pairFactorDerivSimd(g: v128, fc: v128, dfc: v128, invRjk: v128, eta: f64): v128 {
  return f64x2.mul(g, f64x2.add(f64x2.mul(f64x2.splat(-2.0 * eta), fc), f64x2.mul(dfc, invRjk)));
}

// Angular symmetry function G5 (SIMPLE-NN type 5, n2p2 type 9), without the r_jk term:
//
//   G5_i = 2^(1−ζ) Σ_{j<k} (1 + λ cos θ_ijk)^ζ exp(−η (r_ij² + r_ik²)) fc(r_ij) fc(r_ik)
//
// SIMPLE-NN params line: `5 <nbr1> <nbr2> <Rc> <η> <ζ> <λ>`; n2p2: `<el> 9 <n1> <n2> <η> <λ> <ζ> <Rc>`.
// η in Å⁻², Rc in Å, λ = ±1, ζ ≥ 1. Each unordered neighbour pair counts once.
//
// In the factorisation of g4.ts the pair factor of G5 is Q = 1, Qd = 0: pairs with r_jk ≥ Rc
// still count, and the derivative has no r_jk part. The shared loops are in angular.ts.

/** The G5 pair factor: Q = 1, Qd = 0 (writes Q to out, Qd to out + 8). */
@inline export function pairFactorG5Scalar(out: usize): void {
  store<f64>(out, 1.0);
  store<f64>(out, 0.0, 8);
}

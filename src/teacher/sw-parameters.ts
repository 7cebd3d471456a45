// Stillinger–Weber parameters (the symbols of assembly/sw.ts and docs/science.md §2).

export interface SwParameters {
  /** Energy scale ε (eV). */
  epsilon: number;
  /** Length scale σ (Å). */
  sigma: number;
  /** Cutoff in units of σ: the potential vanishes beyond aσ. */
  a: number;
  /** Three-body strength λ. */
  lambda: number;
  /** Three-body decay γ. */
  gamma: number;
  /** cos θ0 of the ideal bond angle (−1/3: tetrahedral). */
  cosTheta0: number;
  /** Two-body prefactor A. */
  A: number;
  /** Two-body repulsion B. */
  B: number;
  /** Exponent p of the repulsive term (σ/r)^p. */
  p: number;
  /** Exponent q of the attractive term (σ/r)^q. */
  q: number;
}

/** Original 1985 Si parameters, identical to LAMMPS `potentials/Si.sw`. */
export const SW_SI: Readonly<SwParameters> = Object.freeze({
  epsilon: 2.1683, sigma: 2.0951, a: 1.80, lambda: 21.0, gamma: 1.20, cosTheta0: -1 / 3,
  A: 7.049556277, B: 0.6022245584, p: 4.0, q: 0.0,
});

/** Cutoff radius aσ (Å); 3.77118 Å for Si. */
export function swCutoff(p: SwParameters = SW_SI): number {
  return p.a * p.sigma;
}

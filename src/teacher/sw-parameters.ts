// Stillinger–Weber parameters (the symbols of assembly/sw.ts and docs/science.md §2): one
// parameter line (`SwParameters`) and a potential for several elements (`SwPotential`: one line
// per ordered element triplet i j k, as a LAMMPS `.sw` file), and the kernel's tables built
// from it.
//
// Which line applies where (LAMMPS `pair_style sw`; i is the centre atom):
//   two-body φ2 of the pair i–j            ε, σ, a, A, B, p, q, tol of line i j j
//   three-body φ3 of i with neighbours j, k  λ, ε (as λε) and cos θ0 of line i j k;
//                                         γ, σ, a of leg i–j from line i j j, of leg i–k from i k k
// LAMMPS takes i j k with j the earlier of the two neighbours in its list, and the pair i–j
// under whichever atom its tag rule picks, so a file is only well defined when i j k and i k j
// agree on λε and cos θ0, and i j j and j i i on the two-body parameters (src/teacher/sw-file.ts
// checks this). aemap gives each atom half of every pair with its own line i j j and takes the
// mean of i j k and i k j for the three-body term: exactly LAMMPS' numbers for such files.

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
  /** LAMMPS' neighbour tolerance (0: the cutoff is aσ; see `listCutoff`). Default 0. */
  tol?: number;
}

/** Original 1985 Si parameters, identical to LAMMPS `potentials/Si.sw` (with cos θ0 = −1/3 exactly). */
export const SW_SI: Readonly<SwParameters> = Object.freeze({
  epsilon: 2.1683, sigma: 2.0951, a: 1.80, lambda: 21.0, gamma: 1.20, cosTheta0: -1 / 3,
  A: 7.049556277, B: 0.6022245584, p: 4.0, q: 0.0,
});

/** Cutoff radius aσ (Å); 3.77118 Å for Si. */
export function swCutoff(p: SwParameters = SW_SI): number {
  return p.a * p.sigma;
}

/**
 * LAMMPS' neighbour cutoff of a line (Å): aσ, or with tol > 0 (capped at 0.01) the shorter
 * distance where the screening factor falls to tol, aσ + σ/ln(tol) (γσ/ln(tol) when γ < 1).
 * Pairs beyond it are dropped from both the two-body and the three-body terms.
 */
export function listCutoff(p: SwParameters): number {
  const cut = p.a * p.sigma;
  const tol = Math.min(p.tol ?? 0, 0.01);
  if (!(tol > 0)) return cut;
  return cut + (p.gamma < 1 ? p.gamma * p.sigma : p.sigma) / Math.log(tol);
}

/** A Stillinger–Weber potential for one or more elements. */
export interface SwPotential {
  /** Short name: "Si", "GaN", or the file it was read from. */
  name: string;
  /** Elements in file order; element types are indices into this list. */
  elements: string[];
  /** Line of triplet (i, j, k) at index (i·n + j)·n + k, n = elements.length. */
  entries: SwParameters[];
  /** The literature reference the parameter file gives, if any. */
  citation?: string;
}

/** A one-element potential from one parameter line. */
export function singleElementPotential(element: string, p: SwParameters, name = element): SwPotential {
  return { name, elements: [element], entries: [p] };
}

/** The original Si potential. */
export const SW_SI_POTENTIAL: Readonly<SwPotential> = Object.freeze(singleElementPotential("Si", SW_SI));

/** The line of triplet (i; j, k) by element index. */
export function entry(pot: SwPotential, i: number, j: number, k: number): SwParameters {
  const n = pot.elements.length;
  return pot.entries[(i * n + j) * n + k];
}

/** Largest neighbour cutoff over all pairs (Å): the range a neighbour list needs. */
export function potentialCutoff(pot: SwPotential): number {
  let m = 0;
  const n = pot.elements.length;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m = Math.max(m, listCutoff(entry(pot, i, j, j)));
  return m;
}

/** The kernel's tables (layout in assembly/sw.ts). */
export function kernelTables(pot: SwPotential): { pair: Float64Array; triplet: Float64Array } {
  const n = pot.elements.length;
  const pair = new Float64Array(8 * n * n), triplet = new Float64Array(2 * n * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const p = entry(pot, i, j, j), rl = listCutoff(p);
      pair.set([p.A * p.epsilon, p.B, p.p, p.q, p.sigma, p.a * p.sigma, rl * rl, p.gamma * p.sigma], 8 * (i * n + j));
      for (let k = 0; k < n; k++) {
        // Mean of the two orders (equal, so exact, for files that pass sw-file.ts's check).
        const a = entry(pot, i, j, k), b = entry(pot, i, k, j);
        triplet[2 * ((i * n + j) * n + k)] = 0.5 * (a.lambda * a.epsilon + b.lambda * b.epsilon);
        triplet[2 * ((i * n + j) * n + k) + 1] = 0.5 * (a.cosTheta0 + b.cosTheta0);
      }
    }
  }
  return { pair, triplet };
}

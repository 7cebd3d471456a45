// Data contract between the descriptor stage and everything after it (scaling, networks,
// training, invariant points). Raw (unscaled) symmetry-function values and derivatives,
// grouped by the element of the centre atom, in plain typed arrays owned by the caller.

/**
 * n2p2's symmetry-function types (docs/descriptors.md §2–§3):
 *   2 radial, 3 angular narrow, 9 angular wide (Behler's G2, G4, G5);
 *   12, 13 their element-weighted forms (radial, narrow);
 *   20 radial, 21 angular narrow, 22 angular wide with compact polynomial radial and angular parts;
 *   23, 24, 25 their element-weighted forms.
 */
export type SymmetryFunctionType = 2 | 3 | 9 | 12 | 13 | 20 | 21 | 22 | 23 | 24 | 25;

/** n2p2's cutoff functions, `cutoff_type` 0–8 in that order (docs/descriptors.md §1). */
export type CutoffType = "hard" | "cos" | "tanhu" | "tanh" | "exp" | "poly1" | "poly2" | "poly3" | "poly4";

/**
 * Core function of the compact types 20–25 (n2p2's subtype): polynomial p1–p4 or exponential e;
 * "a" applies y → y(2 − y) to the radial parts (not to the angular part).
 */
export type CompactSubtype = "p1" | "p2" | "p3" | "p4" | "p1a" | "p2a" | "p3a" | "p4a" | "e";

/**
 * One symmetry function (docs/descriptors.md has each type's formula and its n2p2 line).
 * Parameters are named after the literature symbols; η in Å⁻², lengths in Å, angles in degrees.
 */
export interface SymmetryFunction {
  type: SymmetryFunctionType;
  /** Element of the centre atom. */
  centre: string;
  /**
   * Types 2, 20: [neighbour element]; 3, 9, 21, 22: unordered pair [e1, e2] (sorted by atomic
   * number); weighted types 12, 13, 23, 24, 25: [] (every neighbour, weighted by its Z).
   */
  neighbours: string[];
  /** r_c (Å): the cutoff radius (types 2–13), the upper end of the compact support (20–25). */
  cutoff: number;
  /** Types 2–13: η (Å⁻²). */
  eta?: number;
  /** Types 2–13: Gaussian centre r_s (Å), default 0. */
  rs?: number;
  /** Types 3, 9, 13: ζ ≥ 1. */
  zeta?: number;
  /** Types 3, 9, 13: λ = ±1. */
  lambda?: number;
  /** Types 2–13: the cutoff function fc, default "cos". */
  cutoffType?: CutoffType;
  /** Types 2–13: inner cutoff α (fc = 1 below α·r_c), 0 ≤ α < 1, default 0. */
  cutoffAlpha?: number;
  /** Types 20–25: lower end r_l of the radial support (Å, may be negative). */
  rl?: number;
  /** Types 20–25: the core function. */
  subtype?: CompactSubtype;
  /** Types 21, 22, 24, 25: the angular support [θ_l, θ_r] in degrees. */
  thetaL?: number;
  thetaR?: number;
}

/** Descriptors of the atoms of one element in one structure. */
export interface ElementDescriptors {
  element: string;
  nfeatures: number;
  /** Indices (in the structure) of this element's atoms, ascending. */
  atoms: Int32Array;
  /** atoms.length × nfeatures, row-major: values[a*nfeatures + f] = G_f of atom atoms[a]. */
  values: Float64Array;
  /**
   * Derivative entries of local atom a are derivStart[a] .. derivStart[a+1]−1 (when requested).
   * derivAtom[e] is the structure index j that entry e differentiates by. The first entry of
   * each centre is the centre itself (j = i); the others follow the neighbour list, so the same
   * j may appear more than once (periodic images): the derivative by r_j is their sum.
   */
  derivStart?: Int32Array;
  derivAtom?: Int32Array;
  /** entries × 3 × nfeatures, layout [entry][x|y|z][f]: ∂G_f(i)/∂r_{j,x}. */
  deriv?: Float64Array;
  /**
   * atoms.length × 6 × nfeatures, layout [a][v][f]: ∂G_f(i)/∂ε_v for a homogeneous strain ε of
   * positions and cell, Voigt v = xx yy zz yz xz xy (= Σ_neighbour entries r_ij,α ∂G/∂r_j,β).
   * The deformation is x → (I + ε) x with the single component ε_αβ (not the symmetrised
   * tensor); W_αβ is symmetric because G is rotation invariant. With E = Σ_i ε(G_i) the ASE stress
   * is σ_v = (1/V) Σ_i Σ_f ∂ε/∂G_f(i) · strainDeriv[i][v][f].
   */
  strainDeriv?: Float64Array;
}

export interface StructureDescriptors {
  natoms: number;
  /** One block per element present in the structure, in the descriptor set's element order. */
  byElement: ElementDescriptors[];
}

/**
 * Feature scaling (and optional PCA) of one element, always an affine map
 *   x = M · (G − c),   M: nOut × nIn (row-major), c: nIn.
 * min-max to [−1, 1]: c = (min+max)/2, M = diag(2/(max−min)); mean/std: c = mean, M = diag(1/std);
 * PCA with whitening composes M = diag(1/√λ_k) · Vᵀ · M_scale (λ floored). Derivatives transform
 * with M alone: ∂x/∂r = M · ∂G/∂r. A raw G of all zeros (isolated atom) maps to −M·c, not 0.
 */
export interface FeatureTransformData {
  element: string;
  method: "minmax" | "meanstd" | "none";
  pca: boolean;
  nIn: number;
  nOut: number;
  center: number[];
  /** nOut × nIn, row-major. */
  matrix: number[];
}

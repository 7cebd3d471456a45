// Data contract between the descriptor stage and everything after it (scaling, networks,
// training, invariant points). Raw (unscaled) symmetry-function values and derivatives,
// grouped by the element of the centre atom, in plain typed arrays owned by the caller.

/** One Behler symmetry function (docs/science.md §3). η in Å⁻², lengths in Å. */
export interface SymmetryFunction {
  type: "G2" | "G4" | "G5";
  /** Element of the centre atom. */
  centre: string;
  /** G2: [neighbour element]; G4/G5: unordered pair [e1, e2] (sorted by atomic number). */
  neighbours: string[];
  cutoff: number;
  eta: number;
  /** G2 only: Gaussian centre Rs (Å). */
  rs?: number;
  /** G4/G5 only. */
  zeta?: number;
  /** G4/G5 only: ±1. */
  lambda?: number;
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

// Feature scaling and optional PCA whitening, fitted on training atoms only and stored as one
// affine map x = M·(G − c) (FeatureTransformData, types.ts). Any later atom — including an
// isolated atom with G = 0, which maps to −M·c — goes through exactly the same map.
//
//   minmax : c = (min + max)/2, M = diag(2/(max − min))  → training range maps to [−1, 1]
//   meanstd: c = mean,          M = diag(1/std)          (population std, 1/N)
//   none   : c = 0,             M = I
// A feature whose spread is below 1e−12·max(1, |c|) ("zero spread") gets M_ff = 1, so training
// atoms map to 0 and other atoms stay finite.
// PCA (optional) on the scaled training features y = M_s (G − c): population covariance
// C = (1/N) Σ (y − ȳ)(y − ȳ)ᵀ = V Λ Vᵀ (eigen.ts, λ descending, deterministic signs);
// whitening M = diag(1/√max(λ_k, floor)) · Vᵀ · M_s, all components kept (nOut = nIn), so the
// whitened training covariance is the identity wherever λ_k ≥ floor (default 1e−8).
import { symmetricEigen } from "./eigen.js";
import type { FeatureTransformData } from "./types.js";

export interface FitOptions {
  method: "minmax" | "meanstd" | "none";
  pca?: boolean;
  /** Variance floor for whitening (default 1e−8). */
  pcaFloor?: number;
}

/** Fit the transform of one element from its training values (natoms × nfeatures, row-major). */
export function fitFeatureTransform(values: Float64Array, natoms: number, nfeatures: number, element: string, options: FitOptions): FeatureTransformData {
  const { method } = options;
  if (method !== "minmax" && method !== "meanstd" && method !== "none") throw new Error(`scaling method: expected minmax, meanstd or none, got ${String(method)}`);
  if (!(natoms >= 1)) throw new Error(`scaling for ${element}: no training atoms to fit on`);
  if (values.length !== natoms * nfeatures) throw new Error(`scaling for ${element}: expected ${natoms}×${nfeatures} values, got ${values.length}`);
  const nf = nfeatures;
  const center = new Array<number>(nf).fill(0), scale = new Array<number>(nf).fill(1);
  for (let f = 0; f < nf; f++) {
    let lo = Infinity, hi = -Infinity, sum = 0;
    for (let a = 0; a < natoms; a++) {
      const x = values[a * nf + f];
      if (!Number.isFinite(x)) throw new Error(`scaling for ${element}: feature ${f} of training atom ${a} is ${x}`);
      lo = Math.min(lo, x); hi = Math.max(hi, x); sum += x;
    }
    const mean = sum / natoms;
    if (method === "minmax") {
      center[f] = (lo + hi) / 2;
      const w = hi - lo;
      scale[f] = w > 1e-12 * Math.max(1, Math.abs(center[f])) ? 2 / w : 1;
    } else if (method === "meanstd") {
      let ss = 0;
      for (let a = 0; a < natoms; a++) ss += (values[a * nf + f] - mean) ** 2;
      const sd = Math.sqrt(ss / natoms);
      center[f] = mean;
      scale[f] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / sd : 1;
    }
  }
  const matrix = new Array<number>(nf * nf).fill(0);
  for (let f = 0; f < nf; f++) matrix[f * nf + f] = scale[f];
  const t: FeatureTransformData = { element, method, pca: false, nIn: nf, nOut: nf, center, matrix };
  if (!options.pca) return t;
  return { ...t, pca: true, matrix: whiten(values, natoms, nf, center, scale, options.pcaFloor ?? 1e-8) };
}

/** M = diag(1/√λ) Vᵀ diag(scale) from the covariance of the scaled training features. */
function whiten(values: Float64Array, natoms: number, nf: number, center: number[], scale: number[], floor: number): number[] {
  if (!(floor > 0)) throw new Error(`pcaFloor must be positive, got ${floor}`);
  const y = new Float64Array(natoms * nf);
  const mean = new Float64Array(nf);
  for (let a = 0; a < natoms; a++) for (let f = 0; f < nf; f++) {
    y[a * nf + f] = scale[f] * (values[a * nf + f] - center[f]);
    mean[f] += y[a * nf + f] / natoms;
  }
  const cov = new Float64Array(nf * nf);
  for (let a = 0; a < natoms; a++) for (let f = 0; f < nf; f++) {
    const df = y[a * nf + f] - mean[f];
    for (let g = f; g < nf; g++) cov[f * nf + g] += df * (y[a * nf + g] - mean[g]);
  }
  for (let f = 0; f < nf; f++) for (let g = f; g < nf; g++) { cov[f * nf + g] /= natoms; cov[g * nf + f] = cov[f * nf + g]; }
  const { values: lam, vectors } = symmetricEigen(cov, nf);
  const m = new Array<number>(nf * nf);
  for (let k = 0; k < nf; k++) {
    const w = 1 / Math.sqrt(Math.max(lam[k], floor));
    for (let f = 0; f < nf; f++) m[k * nf + f] = w * vectors[k * nf + f] * scale[f];
  }
  return m;
}

/** x = M (G − c) for `natoms` rows of nIn raw values; returns natoms × nOut. */
export function applyTransform(t: FeatureTransformData, values: ArrayLike<number>, natoms: number): Float64Array {
  const { nIn, nOut, center, matrix } = t;
  if (values.length < natoms * nIn) throw new Error(`applyTransform (${t.element}): expected ${natoms}×${nIn} values, got ${values.length}`);
  const out = new Float64Array(natoms * nOut);
  const d = new Float64Array(nIn);
  for (let a = 0; a < natoms; a++) {
    for (let i = 0; i < nIn; i++) d[i] = values[a * nIn + i] - center[i];
    if (!t.pca) { for (let o = 0; o < nOut; o++) out[a * nOut + o] = matrix[o * nIn + o] * d[o]; continue; }
    for (let o = 0; o < nOut; o++) {
      let s = 0;
      for (let i = 0; i < nIn; i++) s += matrix[o * nIn + i] * d[i];
      out[a * nOut + o] = s;
    }
  }
  return out;
}

/** ∂x/∂r = M ∂G/∂r for `nrows` rows of nIn derivatives (e.g. entries × 3); returns nrows × nOut. */
export function applyTransformToDerivatives(t: FeatureTransformData, deriv: ArrayLike<number>, nrows: number): Float64Array {
  const { nIn, nOut, matrix } = t;
  if (deriv.length < nrows * nIn) throw new Error(`applyTransformToDerivatives (${t.element}): expected ${nrows}×${nIn} values, got ${deriv.length}`);
  const out = new Float64Array(nrows * nOut);
  if (!t.pca) {
    for (let r = 0; r < nrows; r++) for (let o = 0; o < nOut; o++) out[r * nOut + o] = matrix[o * nIn + o] * deriv[r * nIn + o];
    return out;
  }
  for (let r = 0; r < nrows; r++) for (let o = 0; o < nOut; o++) {
    let s = 0;
    const mo = o * nIn, ro = r * nIn;
    for (let i = 0; i < nIn; i++) s += matrix[mo + i] * deriv[ro + i];
    out[r * nOut + o] = s;
  }
  return out;
}

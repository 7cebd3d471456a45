// Symmetric eigen-decomposition by the cyclic Jacobi method (fine for the ~26×26 covariance
// matrices of PCA; accurate to machine precision, no dependencies).

/**
 * Eigenvalues and eigenvectors of the symmetric n×n matrix `a` (row-major, not modified).
 * Returns values sorted descending and vectors as the ROWS of `vectors` (vectors[k*n + i] is
 * component i of eigenvector k). Sign convention (deterministic): the component of largest
 * magnitude of each eigenvector is positive (the first one wins a tie within 1e-12).
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += m[i * n + j] ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      const apq = m[p * n + q];
      if (apq === 0) continue;
      // Rotation angle that zeroes m[p][q]: tan 2φ = 2 a_pq / (a_qq − a_pp).
      const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) { // columns p, q
        const mkp = m[k * n + p], mkq = m[k * n + q];
        m[k * n + p] = c * mkp - s * mkq;
        m[k * n + q] = s * mkp + c * mkq;
      }
      for (let k = 0; k < n; k++) { // rows p, q
        const mpk = m[p * n + k], mqk = m[q * n + k];
        m[p * n + k] = c * mpk - s * mqk;
        m[q * n + k] = s * mpk + c * mqk;
      }
      for (let k = 0; k < n; k++) { // accumulate V (columns are eigenvectors)
        const vkp = v[k * n + p], vkq = v[k * n + q];
        v[k * n + p] = c * vkp - s * vkq;
        v[k * n + q] = s * vkp + c * vkq;
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[y * n + y] - m[x * n + x] || x - y);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((col, k) => {
    values[k] = m[col * n + col];
    let big = 0, sign = 1;
    for (let i = 0; i < n; i++) {
      const x = v[i * n + col];
      if (Math.abs(x) > big + 1e-12) { big = Math.abs(x); sign = x < 0 ? -1 : 1; }
    }
    for (let i = 0; i < n; i++) vectors[k * n + i] = sign * v[i * n + col];
  });
  return { values, vectors };
}

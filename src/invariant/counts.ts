// Fixed count ratios: when are atomic energies of environment classes (or elements) not
// determined by total energies? (docs/science.md §1, "ad hoc mapping".)
//
// Model: each structure s has n_c(s) atoms of class c; if every atom of class c had energy ε_c,
// the totals would be E(s) = Σ_c n_c(s) ε_c, i.e. E = C ε with the count matrix C (S × K).
// Totals fix ε only up to the null space of C: any v with C v = 0 can be added to ε without
// changing a single total. Two classes that occur in a fixed ratio n_A : n_B in every structure
// give v = (n_B, −n_A) — "ε_A + c·n_B, ε_B − c·n_A fits every total". Near-null directions
// (small singular values) are nearly free: the data fix them only weakly.
//
// The analysis has two steps, chosen so the findings read as sentences:
//  1. proportional columns (pairwise ratio constancy) are grouped: "A and B occur 4 : 59";
//  2. after merging each group into one column, the remaining null space (Jacobi eigen-
//     decomposition of the Gram matrix of unit-normalised columns) gives relations among
//     several groups, e.g. "A occurs 4 : 59 against B and C together".

/** One fixed-ratio relation among classes: Σ_c coefficient_c · n_c(s) ≈ 0 for every structure. */
export interface CountRelation {
  /** "proportional": every class listed is proportional to the others (ratio in `ratio`);
   *  "linear": the classes obey a linear relation (sides in `positive`/`negative`). */
  kind: "proportional" | "linear";
  /** Class indices involved. */
  classes: number[];
  /** proportional: mean count per structure of each class in `classes` (where present), giving the ratio. */
  ratio?: number[];
  /** linear: classes on each side of Σ_P w n = Σ_N w n, with their weights (all > 0). */
  positive?: { cls: number; weight: number }[];
  negative?: { cls: number; weight: number }[];
  /** linear with uniform weights per side: mean counts of the two sides (e.g. [4, 59]). */
  sideCounts?: [number, number];
  /** Relative singular value σ/σ_max of this direction (0 = exactly free). */
  strength: number;
  /** Number of structures in which these classes occur. */
  structures: number;
}

export interface CountAnalysisOptions {
  /** Relative tolerance: σ/σ_max (and tan of half the angle between proportional columns) below it = (nearly) free. Default 1e-3. */
  tolerance?: number;
  /** Classes present in fewer structures than this are left out (a class seen once is trivially undetermined). Default 2. */
  minStructures?: number;
}

/**
 * Symmetric eigen-decomposition by cyclic Jacobi rotations (Golub & Van Loan §8.5).
 * a: n × n row-major (symmetric), overwritten. Returns eigenvalues and eigenvectors (columns of v).
 */
export function jacobiEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p] ** 2;
      for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // Rotation angle that zeroes a_pq: tan 2θ = 2 a_pq / (a_qq − a_pp).
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/** Column j of the S × K count matrix. */
function column(counts: number[][], j: number): number[] {
  return counts.map((row) => row[j]);
}

function norm(x: number[]): number {
  return Math.sqrt(x.reduce((s, v) => s + v * v, 0));
}

/** Mean of the nonzero entries (the typical count of a class in the structures that have it). */
function meanPresent(x: number[]): number {
  const nz = x.filter((v) => v !== 0);
  return nz.length ? nz.reduce((a, b) => a + b, 0) / nz.length : 0;
}

/**
 * tan(θ/2) for the angle θ between two nonnegative count columns: 0 when proportional.
 * For unit columns u, w: σ_min/σ_max of [u w] = sqrt((1−cosθ)/(1+cosθ)) = tan(θ/2).
 */
function halfAngleTan(u: number[], w: number[]): number {
  const nu = norm(u), nw = norm(w);
  let cos = 0;
  for (let i = 0; i < u.length; i++) cos += (u[i] / nu) * (w[i] / nw);
  cos = Math.min(1, Math.max(-1, cos));
  return Math.sqrt(Math.max(0, 1 - cos) / (1 + cos));
}

/**
 * Find fixed-ratio relations in a count matrix: counts[s][c] = atoms of class c in structure s.
 * Returns proportional groups first, then linear relations among the merged groups.
 */
export function analyseCounts(counts: number[][], options: CountAnalysisOptions = {}): CountRelation[] {
  const tol = options.tolerance ?? 1e-3;
  const minS = options.minStructures ?? 2;
  const S = counts.length;
  if (S === 0) return [];
  const K = counts[0].length;
  for (let s = 0; s < S; s++) {
    if (counts[s].length !== K) throw new Error(`count matrix: row ${s} has ${counts[s].length} entries, expected ${K}`);
  }
  const present = (j: number) => column(counts, j).filter((v) => v !== 0).length;
  const kept = [...Array(K).keys()].filter((j) => present(j) >= minS);

  // 1. Proportional groups (union of pairwise-proportional columns; proportionality is transitive
  //    up to the tolerance, so grouping against the group's first member is enough).
  const groups: number[][] = [];
  for (const j of kept) {
    const g = groups.find((grp) => halfAngleTan(column(counts, grp[0]), column(counts, j)) <= tol);
    if (g) g.push(j);
    else groups.push([j]);
  }
  const relations: CountRelation[] = [];
  for (const g of groups) {
    if (g.length < 2) continue;
    relations.push({
      kind: "proportional", classes: g, ratio: g.map((j) => meanPresent(column(counts, j))),
      strength: Math.max(...g.slice(1).map((j) => halfAngleTan(column(counts, g[0]), column(counts, j)))),
      structures: present(g[0]),
    });
  }

  // 2. Null space of the merged, unit-normalised columns.
  const G = groups.length;
  if (G < 2) return relations;
  const merged = groups.map((g) => counts.map((row) => g.reduce((a, j) => a + row[j], 0)));
  const scale = merged.map(norm);
  const gram = new Float64Array(G * G);
  for (let p = 0; p < G; p++) {
    for (let q = 0; q < G; q++) {
      let d = 0;
      for (let s = 0; s < S; s++) d += (merged[p][s] / scale[p]) * (merged[q][s] / scale[q]);
      gram[p * G + q] = d;
    }
  }
  const { values, vectors } = jacobiEigen(gram, G);
  const lmax = Math.max(...values);
  const nullDirs: { v: number[]; strength: number }[] = [];
  for (let k = 0; k < G; k++) {
    const strength = Math.sqrt(Math.max(0, values[k]) / lmax);
    if (strength <= tol) nullDirs.push({ v: [...Array(G).keys()].map((p) => vectors[p * G + k]), strength });
  }
  for (const { v, strength } of sparsify(nullDirs)) {
    // Back from unit-normalised columns to counts: Σ_g v_g n_g/‖n_g‖ = 0 → weights w_g = v_g/‖n_g‖.
    const w = v.map((x, g) => x / scale[g]);
    const big = Math.max(...w.map(Math.abs));
    const pos: { cls: number; weight: number }[] = [], neg: { cls: number; weight: number }[] = [];
    w.forEach((x, g) => {
      if (Math.abs(x) <= 1e-6 * big) return;
      for (const j of groups[g]) (x > 0 ? pos : neg).push({ cls: j, weight: Math.abs(x) / big });
    });
    if (pos.length === 0 || neg.length === 0) continue;
    const uniform = (side: { weight: number }[]) => side.every((e) => Math.abs(e.weight - side[0].weight) <= 1e-2 * side[0].weight);
    const sideCount = (side: { cls: number }[]) => meanPresent(counts.map((row) => side.reduce((a, e) => a + row[e.cls], 0)));
    const classes = [...pos, ...neg].map((e) => e.cls);
    relations.push({
      kind: "linear", classes, positive: pos, negative: neg,
      ...(uniform(pos) && uniform(neg) ? { sideCounts: [sideCount(pos), sideCount(neg)] as [number, number] } : {}),
      strength, structures: counts.filter((row) => classes.some((j) => row[j] !== 0)).length,
    });
  }
  return relations;
}

/**
 * Make a basis of null directions sparse and readable: reduced row echelon form of the stacked
 * vectors (any basis of the same space is equally valid; this one has a pivot entry 1 per vector
 * and zeros at the other vectors' pivots).
 */
function sparsify(dirs: { v: number[]; strength: number }[]): { v: number[]; strength: number }[] {
  if (dirs.length < 2) return dirs;
  const m = dirs.map((d) => d.v.slice());
  const n = m[0].length;
  let row = 0;
  for (let col = 0; col < n && row < m.length; col++) {
    let piv = row;
    for (let r = row + 1; r < m.length; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    if (Math.abs(m[piv][col]) < 1e-9) continue;
    [m[row], m[piv]] = [m[piv], m[row]];
    const p = m[row][col];
    for (let k = 0; k < n; k++) m[row][k] /= p;
    for (let r = 0; r < m.length; r++) {
      if (r === row) continue;
      const f = m[r][col];
      if (f !== 0) for (let k = 0; k < n; k++) m[r][k] -= f * m[row][k];
    }
    row++;
  }
  for (const x of m) for (let k = 0; k < n; k++) if (Math.abs(x[k]) < 1e-12) x[k] = 0;
  const strength = Math.max(...dirs.map((d) => d.strength));
  return m.slice(0, row).map((v) => ({ v, strength }));
}

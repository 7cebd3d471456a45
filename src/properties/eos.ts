// Equation of state: energy–volume scans and the third-order Birch–Murnaghan fit
// (Birch, Phys. Rev. 71, 809 (1947)):
//   E(V) = E0 + (9 V0 B0 / 16) { [η − 1]³ B0′ + [η − 1]² (6 − 4η) },   η = (V0/V)^(2/3).
// E is a cubic polynomial in x = V^(−2/3) (η = x/x0), so the least-squares fit is linear:
// E ≈ Σ_k c_k t^k with t = (x − x̄)/h (centred and scaled for conditioning), solved by QR. The
// four coefficients map one-to-one onto (E0, V0, B0, B0′) wherever the cubic has a minimum:
//   V0 = x0^(−3/2) with p′(x0) = 0, p″(x0) > 0;   E0 = p(x0);
//   B0 = V0 E″(V0) = V0 p″(x0) x′²;   B0′ = −1 − V0 E‴(V0)/E″(V0),  E‴ = p‴ x′³ + 3 p″ x′ x″,
// with x′ = −⅔ V^(−5/3), x″ = (10/9) V^(−8/3) at V0. Per atom throughout: V in Å³/atom, E in
// eV/atom, B0 in eV/Å³ (÷ GPA for GPa).
import type { Calculator } from "../model/calculator.js";
import type { Structure } from "../structure/structure.js";

export interface BirchMurnaghanParameters {
  /** Energy at the minimum (eV/atom). */
  e0: number;
  /** Volume at the minimum (Å³/atom). */
  v0: number;
  /** Bulk modulus at V0 (eV/Å³). */
  b0: number;
  /** Its pressure derivative dB/dP at V0 (dimensionless). */
  b0Prime: number;
}

export interface EosFit extends BirchMurnaghanParameters {
  /** Fitted minus given energy at each point (eV/atom). */
  residuals: number[];
  /** Root mean square of the residuals (eV/atom). */
  residualRms: number;
  /** V0 lies outside the scanned volumes (the minimum is extrapolated). */
  extrapolated: boolean;
}

/** Birch–Murnaghan energy (eV/atom) at volume `v` (Å³/atom). */
export function birchMurnaghanEnergy(p: BirchMurnaghanParameters, v: number): number {
  const eta = (p.v0 / v) ** (2 / 3), d = eta - 1;
  return p.e0 + ((9 * p.v0 * p.b0) / 16) * (d ** 3 * p.b0Prime + d * d * (6 - 4 * eta));
}

/** Fit E(V) (per atom) by third-order Birch–Murnaghan; needs at least 4 distinct volumes. */
export function fitBirchMurnaghan(volumes: ArrayLike<number>, energies: ArrayLike<number>): EosFit {
  const n = volumes.length;
  if (n !== energies.length) throw new Error(`EOS fit: ${n} volumes but ${energies.length} energies`);
  if (n < 4) throw new Error(`EOS fit: a Birch–Murnaghan fit has 4 parameters and needs at least 4 points, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!(volumes[i] > 0) || !Number.isFinite(volumes[i])) throw new Error(`EOS fit: volume ${i} is ${volumes[i]}, expected a positive number`);
    if (!Number.isFinite(energies[i])) throw new Error(`EOS fit: energy ${i} is ${energies[i]}, expected a finite number`);
  }
  if (new Set(Array.from(volumes)).size < 4) throw new Error("EOS fit: needs at least 4 different volumes");
  const x = Array.from(volumes, (v) => v ** (-2 / 3));
  const xMean = x.reduce((a, b) => a + b, 0) / n;
  const h = Math.max(...x.map((xi) => Math.abs(xi - xMean)));
  const t = x.map((xi) => (xi - xMean) / h);
  const c = leastSquares(t.map((ti) => [1, ti, ti * ti, ti * ti * ti]), Array.from(energies));
  const q = (s: number) => c[0] + s * (c[1] + s * (c[2] + s * c[3]));
  // Minimum of the cubic: q′ = c1 + 2 c2 t + 3 c3 t² = 0 with q″ = 2√disc > 0 (rationalised root).
  const disc = c[2] * c[2] - 3 * c[1] * c[3];
  const denom = c[2] + Math.sqrt(Math.max(disc, 0));
  if (!(disc > 0) || denom === 0) throw new Error("EOS fit: the fitted curve has no minimum; the points do not look like a bound crystal near equilibrium");
  const t0 = -c[1] / denom, x0 = xMean + h * t0;
  if (!(x0 > 0)) throw new Error("EOS fit: the fitted minimum lies at no positive volume; scan closer to equilibrium");
  const v0 = x0 ** (-3 / 2);
  const p2 = (2 * c[2] + 6 * c[3] * t0) / (h * h), p3 = (6 * c[3]) / (h * h * h);
  const x1 = (-2 / 3) * v0 ** (-5 / 3), x2 = (10 / 9) * v0 ** (-8 / 3);
  const e2 = p2 * x1 * x1, e3 = p3 * x1 ** 3 + 3 * p2 * x1 * x2;
  const residuals = t.map((ti, i) => q(ti) - energies[i]);
  const vs = Array.from(volumes);
  return {
    e0: q(t0), v0, b0: v0 * e2, b0Prime: -1 - (v0 * e3) / e2,
    residuals, residualRms: Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / n),
    extrapolated: v0 < Math.min(...vs) || v0 > Math.max(...vs),
  };
}

/** Least squares min ‖A c − b‖ by Householder QR (A: rows × columns, full column rank). */
function leastSquares(A: number[][], b: number[]): number[] {
  const m = A.length, k = A[0].length;
  const R = A.map((r) => r.slice()), y = b.slice();
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += R[i][j] * R[i][j];
    norm = Math.sqrt(norm);
    if (norm === 0) throw new Error("EOS fit: the volumes do not determine the fit (too few distinct points)");
    const alpha = R[j][j] > 0 ? -norm : norm;
    const v = new Array<number>(m).fill(0);
    for (let i = j; i < m; i++) v[i] = R[i][j];
    v[j] -= alpha;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i] * v[i];
    // Reflect the remaining columns and the right-hand side: z ← z − 2 v (v·z)/(v·v).
    for (let col = j; col < k; col++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i] * R[i][col];
      for (let i = j; i < m; i++) R[i][col] -= (2 * dot * v[i]) / vv;
    }
    let dot = 0;
    for (let i = j; i < m; i++) dot += v[i] * y[i];
    for (let i = j; i < m; i++) y[i] -= (2 * dot * v[i]) / vv;
  }
  const c = new Array<number>(k).fill(0);
  for (let j = k - 1; j >= 0; j--) {
    let s = y[j];
    for (let col = j + 1; col < k; col++) s -= R[j][col] * c[col];
    if (Math.abs(R[j][j]) < 1e-14 * Math.abs(R[0][0])) throw new Error("EOS fit: the volumes do not determine the fit (too few distinct points)");
    c[j] = s / R[j][j];
  }
  return c;
}

/** `s` scaled uniformly (positions and cell) to `volumePerAtom` (Å³/atom); needs a 3-D periodic cell. */
export function scaleToVolume(s: Structure, volumePerAtom: number): Structure {
  if (!s.pbc.every((p) => p)) throw new Error("an energy–volume scan needs a structure periodic along all three axes");
  const f = Math.cbrt((volumePerAtom * s.length) / Math.abs(s.volume()));
  return s.copy({
    positions: s.positions.map((x) => x * f), cell: s.cell.map((x) => x * f),
    energy: undefined, forces: undefined, stress: undefined, arrays: {},
    info: { ...s.info, volume_per_atom: volumePerAtom },
  });
}

/** `count` volumes per atom evenly spaced over v·(1 ± range). */
export function volumeGrid(v: number, range: number, count: number): number[] {
  if (!(v > 0)) throw new Error(`EOS scan: the centre volume must be positive, got ${v} Å³/atom`);
  if (!(range > 0 && range < 1)) throw new Error(`EOS scan: the range must be between 0 and 1 (a fraction of the volume), got ${range}`);
  if (!(Number.isInteger(count) && count >= 4)) throw new Error(`EOS scan: needs an integer number of points ≥ 4 (a Birch–Murnaghan fit has 4 parameters), got ${count}`);
  return Array.from({ length: count }, (_, k) => v * (1 - range + (2 * range * k) / (count - 1)));
}

/** Energy per atom (eV/atom) of each structure with `calc`. */
export function energiesPerAtom(calc: Calculator, structures: Structure[]): number[] {
  return structures.map((s) => calc.calculate(s, { forces: false, stress: false }).energy / s.length);
}

// Summaries of an MD run: the energy drift of NVE (a linear fit of the total energy against
// time) and means over a window of steps.

/** Least-squares line y ≈ intercept + slope·x. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  const n = x.length;
  if (n !== y.length || n < 2) throw new Error(`linear fit: needs two arrays of the same length ≥ 2, got ${n} and ${y.length}`);
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; }
  if (sxx === 0) throw new Error("linear fit: all x are equal");
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export interface EnergyDrift {
  /** Slope of the linear fit of the total energy per atom against time (eV/atom/ps). */
  perAtomPerPs: number;
  /** max |E(t) − E(0)| per atom over the run (eV/atom). */
  maxDeviationPerAtom: number;
}

/** Drift of the total energy `energies` (eV) sampled at `timesFs` (fs) of a system of `atoms` atoms. */
export function energyDrift(timesFs: ArrayLike<number>, energies: ArrayLike<number>, atoms: number): EnergyDrift {
  const { slope } = linearFit(timesFs, energies);
  let worst = 0;
  for (let i = 0; i < energies.length; i++) worst = Math.max(worst, Math.abs(energies[i] - energies[0]));
  return { perAtomPerPs: (1000 * slope) / atoms, maxDeviationPerAtom: worst / atoms };
}

/** Mean and standard deviation of `values`. */
export function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - m) ** 2;
  return { mean: m, std: Math.sqrt(v / n) };
}

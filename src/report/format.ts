// Numbers as text, for every table a person reads: the study report, the CLI's tables and the
// web page. Fixed decimals, a dash for a missing or non-finite value, and never a negative zero:
// -0.0004 printed with 3 decimals is "0.000", not "-0.000" (a sign with no digit behind it says
// "below zero", which the rounded number cannot support).

/** `x` with `digits` decimals; `missing` when x is undefined, null, NaN or infinite. */
export function fixed(x: number | null | undefined, digits: number, missing = "–"): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return missing;
  const t = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(t) ? t.slice(1) : t;
}

/** "mean ± sd" with `digits` decimals each; the mean alone when there is one value (n ≤ 1). */
export function meanStd(mean: number, std: number, n: number, digits: number, missing = "–"): string {
  const m = fixed(mean, digits, missing);
  return n > 1 ? `${m} ± ${fixed(std, digits, missing)}` : m;
}

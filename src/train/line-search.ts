// Strong-Wolfe line search: bracketing (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 3.5)
// followed by zoom (Alg. 3.6) with safeguarded cubic interpolation (eq. 3.59).
//
// Along a search direction d from w, φ(α) = f(w + α d) and φ'(α) = ∇f(w + α d)·d. A step α is
// accepted when both strong-Wolfe conditions hold:
//   sufficient decrease (Armijo)   φ(α) ≤ φ(0) + c1 α φ'(0)
//   curvature (strong)             |φ'(α)| ≤ c2 |φ'(0)|
// with 0 < c1 < c2 < 1 (c1 = 1e-4, c2 = 0.9 for quasi-Newton directions).
//
// Pure arithmetic (+, −, ×, ÷, sqrt, all correctly rounded), so the same inputs give the same bits in
// every JavaScript engine. The accepted step is always the last one evaluated when `status` is "ok".

/** Value and directional derivative of φ at one step. */
export interface PhiValue {
  f: number;
  /** φ'(α) = ∇f(w + α d)·d */
  dg: number;
}

export interface LineSearchOptions {
  /** Armijo constant c1 (default 1e-4). */
  c1?: number;
  /** Curvature constant c2 (default 0.9). */
  c2?: number;
  /** Largest number of φ evaluations (default 25). */
  maxEvaluations?: number;
  /** Largest step allowed (default 1e20). */
  stepMax?: number;
}

export type LineSearchStatus = "ok" | "maxEvaluations" | "intervalTooSmall" | "notDescent";

export interface LineSearchResult {
  /** Accepted step α (when status ≠ "ok": the best step with sufficient decrease found, or 0). */
  step: number;
  f: number;
  dg: number;
  evaluations: number;
  status: LineSearchStatus;
  /** True when `step` was the last step passed to φ (its gradient is the caller's latest one). */
  lastEvaluated: boolean;
}

interface Point { a: number; f: number; dg: number }

/**
 * Find α satisfying the strong-Wolfe conditions for φ, starting from the trial step `alpha1`.
 * `phi(α)` is called with strictly positive steps; `f0`, `dg0` = φ(0), φ'(0) (dg0 must be < 0).
 */
export function strongWolfe(
  phi: (alpha: number) => PhiValue,
  f0: number,
  dg0: number,
  alpha1: number,
  options: LineSearchOptions = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4, c2 = options.c2 ?? 0.9;
  const maxEval = options.maxEvaluations ?? 25, stepMax = options.stepMax ?? 1e20;
  if (!(0 < c1 && c1 < c2 && c2 < 1)) throw new Error(`line search: need 0 < c1 < c2 < 1, got c1 = ${c1}, c2 = ${c2}`);
  if (!(dg0 < 0)) return { step: 0, f: f0, dg: dg0, evaluations: 0, status: "notDescent", lastEvaluated: false };

  let evaluations = 0;
  let last = 0;
  const evaluate = (a: number): Point => {
    evaluations++;
    last = a;
    const v = phi(a);
    return { a, f: v.f, dg: v.dg };
  };
  const armijo = (p: Point) => p.f <= f0 + c1 * p.a * dg0;
  const curvature = (p: Point) => Math.abs(p.dg) <= -c2 * dg0;
  const done = (p: Point, status: LineSearchStatus): LineSearchResult =>
    ({ step: p.a, f: p.f, dg: p.dg, evaluations, status, lastEvaluated: p.a === last && evaluations > 0 });

  // ---- Alg. 3.5: grow the step until an interval containing a Wolfe point is bracketed.
  let prev: Point = { a: 0, f: f0, dg: dg0 };
  let a = Math.min(alpha1, stepMax);
  for (;;) {
    const cur = evaluate(a);
    // A non-finite value (overshoot into a region where f is undefined) counts as too long a step.
    const finite = Number.isFinite(cur.f) && Number.isFinite(cur.dg);
    if (!finite || !armijo(cur) || (prev.a > 0 && cur.f >= prev.f)) return zoom(prev, cur);
    if (curvature(cur)) return done(cur, "ok");
    if (cur.dg >= 0) return zoom(cur, prev);
    if (evaluations >= maxEval || a >= stepMax) return done(cur, "maxEvaluations");
    // Extrapolate: cubic minimiser, kept within [a + 1.1 Δ, a + 4 Δ], Δ = a − a_prev.
    const delta = cur.a - prev.a;
    const guess = cubicMinimiser(prev, cur);
    const lo = cur.a + 1.1 * delta, hi = cur.a + 4 * delta;
    prev = cur;
    a = Math.min(stepMax, Number.isFinite(guess) && guess > lo ? Math.min(guess, hi) : hi);
  }

  // ---- Alg. 3.6: shrink [lo, hi] (lo: lowest f with sufficient decrease; φ'(lo)(hi − lo) < 0).
  function zoom(lo: Point, hi: Point): LineSearchResult {
    for (;;) {
      if (evaluations >= maxEval) return done(lo, "maxEvaluations");
      const left = Math.min(lo.a, hi.a), right = Math.max(lo.a, hi.a), width = right - left;
      if (width <= 1e-16 * right) return done(lo, "intervalTooSmall");
      // Cubic interpolation; bisect when it lands within 10 % of an end (safeguard).
      let a = Number.isFinite(hi.f) && Number.isFinite(hi.dg) ? cubicMinimiser(lo, hi) : NaN;
      if (!(a >= left + 0.1 * width && a <= right - 0.1 * width)) a = left + 0.5 * width;
      const cur = evaluate(a);
      if (!Number.isFinite(cur.f) || !Number.isFinite(cur.dg) || !armijo(cur) || cur.f >= lo.f) {
        hi = cur;
      } else {
        if (curvature(cur)) return done(cur, "ok");
        if (cur.dg * (hi.a - lo.a) >= 0) hi = lo;
        lo = cur;
      }
    }
  }
}

/**
 * Minimiser of the cubic matching φ and φ' at p and q (N&W eq. 3.59):
 *   d1 = φ'(p) + φ'(q) − 3 (φ(p) − φ(q)) / (p − q),  d2 = sign(q − p) √(d1² − φ'(p) φ'(q)),
 *   α  = q − (q − p) (φ'(q) + d2 − d1) / (φ'(q) − φ'(p) + 2 d2).
 * NaN when the cubic has no minimiser (negative discriminant or zero denominator).
 */
export function cubicMinimiser(p: { a: number; f: number; dg: number }, q: { a: number; f: number; dg: number }): number {
  const d1 = p.dg + q.dg - (3 * (p.f - q.f)) / (p.a - q.a);
  const disc = d1 * d1 - p.dg * q.dg;
  if (!(disc >= 0)) return NaN;
  const d2 = (q.a >= p.a ? 1 : -1) * Math.sqrt(disc);
  const den = q.dg - p.dg + 2 * d2;
  if (den === 0) return NaN;
  return q.a - ((q.a - p.a) * (q.dg + d2 - d1)) / den;
}

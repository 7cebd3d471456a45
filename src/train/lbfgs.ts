// Full-batch L-BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 7.4 and 7.5) with the
// strong-Wolfe line search of ./line-search.ts.
//
// Each iteration:
//   d = −H g                 two-loop recursion over the last m pairs s_i = w_{i+1} − w_i,
//                            y_i = g_{i+1} − g_i, with ρ_i = 1 / (y_i·s_i) and H0 = γ I,
//                            γ = (s·y)/(y·y) of the newest pair (eq. 7.20);
//   α                        strong-Wolfe step along d (first trial α = 1; 1/‖g‖ with no history);
//   w ← w + α d, store (s, y) when the curvature y·s > 0.
// When a line search fails the history is dropped and a steepest-descent step is tried once more.
//
// Checkpoint/resume: `state` (plain JSON-safe numbers) holds everything the next iteration reads
// (w, f, g and the (s, y) history), so `minimizeLbfgs(fg, w, { state })` continues to exactly the
// bits an uninterrupted run reaches. Only IEEE arithmetic and sqrt are used: identical in every engine.

import { strongWolfe, type LineSearchStatus } from "./line-search.js";

/** Everything needed to continue a run bit for bit. Plain data: `JSON.stringify` and back is lossless
 *  (up to the sign of zeros and non-finite values, which a healthy run never stores). */
export interface LbfgsState {
  version: 1;
  /** Iterations completed in total (over all resumed runs). */
  iteration: number;
  /** Calls of fg in total. */
  evaluations: number;
  /** Current point, its value and gradient. */
  w: number[];
  f: number;
  g: number[];
  /** Correction pairs, oldest first (at most `memory`). */
  s: number[][];
  y: number[][];
  /** Last accepted step length α (0 before the first iteration). */
  step: number;
}

/** Extra facts about one iteration, passed to `onIteration`. */
export interface LbfgsIterationInfo {
  /** Accepted step length α. */
  step: number;
  /** fg calls in total so far. */
  evaluations: number;
  lineSearch: LineSearchStatus;
  /** Snapshot of the state after this iteration (for a checkpoint). */
  state: () => LbfgsState;
}

export interface LbfgsOptions {
  /** Iterations to perform in this call (a resumed run counts from its resume point). */
  maxIterations: number;
  /** Number of (s, y) pairs kept (default 10). */
  memory?: number;
  /** Stop when max_i |g_i| ≤ this (default 0: only other criteria stop the run). */
  gradientTolerance?: number;
  /** Line-search constants (defaults 1e-4, 0.9) and evaluation budget per line search (25). */
  c1?: number;
  c2?: number;
  maxLineSearchEvaluations?: number;
  /** Called after every iteration with the total iteration number (1-based), f and w (the optimiser's
   *  own array: copy it to keep it). Return true to stop. */
  onIteration?: (it: number, f: number, w: Float64Array, info: LbfgsIterationInfo) => boolean | void;
  /** Resume from a state returned by an earlier call; w0 must then equal state.w. */
  state?: LbfgsState;
}

export type LbfgsReason = "maxIterations" | "gradient" | "callback" | "lineSearch" | "nonFinite";

export interface LbfgsResult {
  w: Float64Array;
  f: number;
  /** Iterations performed in this call. */
  iterations: number;
  /** fg calls in this call. */
  evaluations: number;
  state: LbfgsState;
  reason: LbfgsReason;
}

/** fg(w, grad) returns f(w) and writes ∇f(w) into grad. */
export type ValueAndGradient = (w: Float64Array, grad: Float64Array) => number;

export function minimizeLbfgs(fg: ValueAndGradient, w0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = w0.length;
  const memory = options.memory ?? 10;
  const gtol = options.gradientTolerance ?? 0;
  checkOptions(options, memory, gtol);

  // ---- current point (fresh, or restored from the state)
  const w = Float64Array.from(w0);
  const g = new Float64Array(n);
  let f: number;
  let iteration = 0, totalEvaluations = 0, step = 0;
  const S: Float64Array[] = [], Y: Float64Array[] = [];
  let evaluations = 0;
  if (options.state) {
    const st = options.state;
    checkState(st, w0, memory);
    g.set(st.g);
    f = st.f;
    iteration = st.iteration;
    totalEvaluations = st.evaluations;
    step = st.step;
    for (let i = 0; i < st.s.length; i++) { S.push(Float64Array.from(st.s[i])); Y.push(Float64Array.from(st.y[i])); }
  } else {
    f = fg(w, g);
    evaluations++;
  }

  const state = (): LbfgsState => ({
    version: 1, iteration, evaluations: totalEvaluations + evaluations, w: Array.from(w), f, g: Array.from(g),
    s: S.map((v) => Array.from(v)), y: Y.map((v) => Array.from(v)), step,
  });
  const result = (iterations: number, reason: LbfgsReason): LbfgsResult =>
    ({ w: Float64Array.from(w), f, iterations, evaluations, state: state(), reason });

  // ---- scratch
  const d = new Float64Array(n), wt = new Float64Array(n), gt = new Float64Array(n);
  const alphaTwoLoop = new Float64Array(memory);

  if (!Number.isFinite(f)) return result(0, "nonFinite");
  for (let done = 0; ; ) {
    if (maxAbs(g) <= gtol) return result(done, "gradient");
    if (done >= options.maxIterations) return result(done, "maxIterations");

    // Direction; fall back to steepest descent if the quasi-Newton one is not downhill.
    searchDirection(g, S, Y, d, alphaTwoLoop);
    let dg0 = dot(g, d);
    if (!(dg0 < 0)) { S.length = 0; Y.length = 0; searchDirection(g, S, Y, d, alphaTwoLoop); dg0 = dot(g, d); }
    if (!(dg0 < 0)) return result(done, "gradient"); // g = 0 exactly

    let ls = lineSearch(d, dg0, S.length === 0 ? 1 / Math.sqrt(dot(g, g)) : 1);
    if (ls.status !== "ok" && S.length > 0 && !(ls.step > 0 && ls.f < f)) {
      // Failed without progress: restart from steepest descent once.
      S.length = 0; Y.length = 0;
      searchDirection(g, S, Y, d, alphaTwoLoop);
      dg0 = dot(g, d);
      ls = lineSearch(d, dg0, 1 / Math.sqrt(dot(g, g)));
    }
    if (!(ls.step > 0 && ls.f < f)) return result(done, "lineSearch");
    if (!ls.lastEvaluated) { // bring wt, gt to the accepted step
      for (let i = 0; i < n; i++) wt[i] = w[i] + ls.step * d[i];
      fg(wt, gt);
      evaluations++;
    }

    // Accept: store the pair (s, y) when it has positive curvature, then move.
    const s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = wt[i] - w[i]; y[i] = gt[i] - g[i]; }
    if (dot(s, y) > 0) {
      if (S.length === memory) { S.shift(); Y.shift(); }
      S.push(s); Y.push(y);
    }
    w.set(wt); g.set(gt); f = ls.f; step = ls.step;
    iteration++; done++;

    if (!Number.isFinite(f)) return result(done, "nonFinite");
    const info: LbfgsIterationInfo = { step, evaluations: totalEvaluations + evaluations, lineSearch: ls.status, state };
    if (options.onIteration?.(iteration, f, w, info) === true) return result(done, "callback");
  }

  /** Strong-Wolfe search along d; each φ evaluation leaves its point and gradient in wt, gt. */
  function lineSearch(dir: Float64Array, dg0: number, alpha1: number) {
    const phi = (alpha: number) => {
      for (let i = 0; i < n; i++) wt[i] = w[i] + alpha * dir[i];
      const ft = fg(wt, gt);
      evaluations++;
      return { f: ft, dg: dot(gt, dir) };
    };
    return strongWolfe(phi, f, dg0, alpha1, {
      c1: options.c1, c2: options.c2, maxEvaluations: options.maxLineSearchEvaluations,
    });
  }
}

/**
 * Two-loop recursion (N&W Alg. 7.4): d = −H g.
 *   q ← g;  for i = k−1 … 0:  a_i = ρ_i s_i·q,  q ← q − a_i y_i
 *   r ← γ q; for i = 0 … k−1:  b = ρ_i y_i·r,   r ← r + (a_i − b) s_i
 * With no pairs, d = −g.
 */
function searchDirection(g: Float64Array, S: Float64Array[], Y: Float64Array[], d: Float64Array, a: Float64Array): void {
  const k = S.length, n = g.length;
  for (let j = 0; j < n; j++) d[j] = g[j];
  for (let i = k - 1; i >= 0; i--) {
    const rho = 1 / dot(Y[i], S[i]);
    a[i] = rho * dot(S[i], d);
    const yi = Y[i];
    for (let j = 0; j < n; j++) d[j] -= a[i] * yi[j];
  }
  if (k > 0) {
    const gamma = dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]);
    for (let j = 0; j < n; j++) d[j] *= gamma;
  }
  for (let i = 0; i < k; i++) {
    const b = dot(Y[i], d) / dot(Y[i], S[i]);
    const si = S[i], c = a[i] - b;
    for (let j = 0; j < n; j++) d[j] += c * si[j];
  }
  for (let j = 0; j < n; j++) d[j] = -d[j];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v !== v) return Infinity;
    if (v > m) m = v;
  }
  return m;
}

function checkOptions(o: LbfgsOptions, memory: number, gtol: number): void {
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 0)
    throw new Error(`L-BFGS: maxIterations must be an integer ≥ 0, got ${o.maxIterations}`);
  if (!Number.isInteger(memory) || memory < 1) throw new Error(`L-BFGS: memory must be an integer ≥ 1, got ${memory}`);
  if (!(gtol >= 0)) throw new Error(`L-BFGS: gradientTolerance must be ≥ 0, got ${gtol}`);
}

function checkState(st: LbfgsState, w0: Float64Array, memory: number): void {
  const bad = (what: string) => { throw new Error(`L-BFGS resume: state.${what}`); };
  if (st.version !== 1) bad(`version must be 1, got ${String(st.version)}`);
  if (!Array.isArray(st.w) || st.w.length !== w0.length) bad(`w must have ${w0.length} numbers (the number of weights)`);
  if (!Array.isArray(st.g) || st.g.length !== w0.length) bad(`g must have ${w0.length} numbers`);
  if (!Array.isArray(st.s) || !Array.isArray(st.y) || st.s.length !== st.y.length) bad("s and y must be arrays of equal length");
  if (st.s.length > memory) bad(`s holds ${st.s.length} pairs, more than memory = ${memory}: resume with the same memory`);
  for (let i = 0; i < st.s.length; i++)
    if (st.s[i].length !== w0.length || st.y[i].length !== w0.length) bad(`s[${i}] and y[${i}] must have ${w0.length} numbers`);
  for (let i = 0; i < w0.length; i++)
    if (!Object.is(st.w[i], w0[i]) && !(st.w[i] === 0 && w0[i] === 0))
      bad(`w[${i}] = ${st.w[i]} differs from the starting weights (${w0[i]}): resume from the weights saved with this state`);
}

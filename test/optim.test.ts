// L-BFGS, strong-Wolfe line search and Adam on problems with known answers.
import { describe, expect, it } from "vitest";
import { minimizeLbfgs, type LbfgsState, type ValueAndGradient } from "../src/train/lbfgs.js";
import { strongWolfe, cubicMinimiser } from "../src/train/line-search.js";
import { Adam } from "../src/train/adam.js";
import { rng } from "./helpers/lattice.js";

/** Chained Rosenbrock f = Σ_i 100 (x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1). */
const rosenbrock: ValueAndGradient = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

/** Largest |x_i − 1|. */
const distanceToOnes = (x: Float64Array) => Math.max(...Array.from(x, (v) => Math.abs(v - 1)));

/**
 * f = ½ (w − x*)ᵀ A (w − x*) with A = B Bᵀ + I (symmetric positive definite) and x* from seeded
 * numbers: minimum 0 at x* (a zero minimum lets the line search resolve w to full precision).
 */
function quadratic(n: number, seed: number) {
  const r = rng(seed);
  const B = Array.from({ length: n }, () => Array.from({ length: n }, () => r() - 0.5));
  const A = B.map((row, i) => B.map((col, j) => row.reduce((s, v, k) => s + v * col[k], 0) + (i === j ? 1 : 0)));
  const xStar = Array.from({ length: n }, () => 2 * r() - 1);
  const fg: ValueAndGradient = (w, g) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let Ad = 0;
      for (let j = 0; j < n; j++) Ad += A[i][j] * (w[j] - xStar[j]);
      g[i] = Ad;
      f += 0.5 * (w[i] - xStar[i]) * Ad;
    }
    return f;
  };
  return { xStar, fg };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };

describe("strong-Wolfe line search", () => {
  it("cubicMinimiser_ExactForACubic", () => {
    // φ(α) = α³ − 3α: minimum at α = 1; data at α = 0 (φ = 0, φ' = −3) and α = 2 (φ = 2, φ' = 9).
    expect(cubicMinimiser({ a: 0, f: 0, dg: -3 }, { a: 2, f: 2, dg: 9 })).toBeCloseTo(1, 14);
    expect(cubicMinimiser({ a: 2, f: 2, dg: 9 }, { a: 0, f: 0, dg: -3 })).toBeCloseTo(1, 14);
  });

  it("acceptedStep_SatisfiesBothConditions_ForShortLongAndTinyTrialSteps", () => {
    // φ(α) = (α − 3)² + sin(2α)/4: bumpy but with one basin; φ(0) = 9, φ'(0) = −6 + 0.5.
    const phi = (a: number) => ({ f: (a - 3) ** 2 + Math.sin(2 * a) / 4, dg: 2 * (a - 3) + Math.cos(2 * a) / 2 });
    const { f: f0, dg: dg0 } = phi(0);
    for (const alpha1 of [1e-6, 0.5, 5, 100, 1e6]) {
      const r = strongWolfe(phi, f0, dg0, alpha1);
      expect(r.status).toBe("ok");
      expect(r.lastEvaluated).toBe(true);
      expect(r.f).toBe(phi(r.step).f);
      expect(r.f).toBeLessThanOrEqual(f0 + 1e-4 * r.step * dg0);
      expect(Math.abs(phi(r.step).dg)).toBeLessThanOrEqual(0.9 * Math.abs(dg0));
      expect(r.evaluations).toBeLessThan(25);
    }
  });

  it("nonFiniteRegion_TreatedAsTooLong", () => {
    // φ(α) = −log(1 − α) + α² − 3α, undefined for α ≥ 1 (NaN there); φ'(α) = 1/(1 − α) + 2α − 3,
    // φ'(0) = −2; minimum where 2α² − 5α + 2 = 0, α = 0.5. A trial step of 10 lands in the NaN region.
    const phi = (a: number) => ({ f: a < 1 ? -Math.log(1 - a) + a * a - 3 * a : NaN, dg: a < 1 ? 1 / (1 - a) + 2 * a - 3 : NaN });
    const r = strongWolfe(phi, 0, -2, 10);
    expect(r.status).toBe("ok");
    expect(r.step).toBeGreaterThan(0);
    expect(r.step).toBeLessThan(1);
    expect(Math.abs(r.dg)).toBeLessThanOrEqual(0.9 * 2);
  });

  it("ascentDirection_Refused", () => {
    const r = strongWolfe(() => ({ f: 0, dg: 0 }), 0, 1, 1);
    expect(r.status).toBe("notDescent");
    expect(r.evaluations).toBe(0);
  });
});

describe("minimizeLbfgs", () => {
  it("rosenbrock2D_ReachesOnesTo1e-8", () => {
    const r = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 200, gradientTolerance: 1e-12 });
    expect(distanceToOnes(r.w)).toBeLessThan(1e-8);
    expect(r.f).toBeLessThan(1e-16);
    // Measured 38 iterations, 47 evaluations (textbook L-BFGS: ~35); unscaled H0 = I needs far more.
    expect(r.iterations).toBeLessThan(50);
    expect(r.evaluations).toBeLessThan(60);
    expect(r.state.iteration).toBe(r.iterations);
  });

  it("rosenbrock10D_ReachesOnesTo1e-8", () => {
    const w0 = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const r = minimizeLbfgs(rosenbrock, w0, { maxIterations: 500, gradientTolerance: 1e-12 });
    expect(distanceToOnes(r.w)).toBeLessThan(1e-8);
    expect(r.reason).toBe("gradient");
    // Measured 91 iterations, 108 evaluations; with H0 = I instead of γI: 145 and 838.
    expect(r.iterations).toBeLessThan(110);
    expect(r.evaluations).toBeLessThan(150);
  });

  it("quadratic_NearExactLineSearches_FiniteTerminationInNIterations", () => {
    // With exact line searches and memory ≥ n, L-BFGS on a quadratic is conjugate gradients and
    // ends in n steps (N&W Thm. 6.4 / 5.2). c2 = 1e-6 (c1 = 1e-8) forces a (cubic-interpolated, hence exact on a
    // parabola) line minimum; the iterate after n steps must be at x* up to rounding.
    for (const n of [3, 8, 15]) {
      const { xStar, fg } = quadratic(n, 7 + n);
      const iterates: Float64Array[] = [];
      minimizeLbfgs(fg, new Float64Array(n), {
        maxIterations: n, memory: n, c1: 1e-8, c2: 1e-6, onIteration: (_it, _f, w) => { iterates.push(Float64Array.from(w)); },
      });
      expect(iterates.length).toBe(n);
      const err = (w: Float64Array) => Math.max(...Array.from(w, (v, i) => Math.abs(v - xStar[i])));
      expect(err(iterates[0])).toBeGreaterThan(0.1);
      expect(err(iterates[n - 1])).toBeLessThan(1e-12); // measured: 0 for all three sizes
    }
  });

  it("quadratic_DefaultWolfeSteps_ReachTheMinimumWithinTwoNIterations", () => {
    const n = 8;
    const { xStar, fg } = quadratic(n, 7);
    let reached = -1;
    const r = minimizeLbfgs(fg, new Float64Array(n), {
      maxIterations: 100, gradientTolerance: 1e-13,
      onIteration: (it, _f, w) => { if (reached < 0 && w.every((v, i) => Math.abs(v - xStar[i]) < 1e-8)) reached = it; },
    });
    for (let i = 0; i < n; i++) expect(r.w[i]).toBeCloseTo(xStar[i], 12);
    expect(r.reason).toBe("gradient");
    expect(reached).toBeGreaterThanOrEqual(n); // cannot beat conjugate gradients
    expect(reached).toBeLessThanOrEqual(2 * n); // measured: 12 for this problem
  });

  it("everyAcceptedStep_SatisfiesStrongWolfe_CheckedFromOutside", () => {
    // The test recomputes f and ∇f at consecutive iterates itself; with Δw = α d (α > 0) the
    // conditions read  f₊ ≤ f + c1 ∇f·Δw  and  |∇f₊·Δw| ≤ c2 |∇f·Δw|.
    const w0 = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const iterates: Float64Array[] = [Float64Array.from(w0)];
    minimizeLbfgs(rosenbrock, w0, { maxIterations: 60, onIteration: (_it, _f, w) => { iterates.push(Float64Array.from(w)); } });
    expect(iterates.length).toBe(61);
    const g0 = new Float64Array(10), g1 = new Float64Array(10), dw = new Float64Array(10);
    for (let k = 0; k + 1 < iterates.length; k++) {
      const f0 = rosenbrock(iterates[k], g0), f1 = rosenbrock(iterates[k + 1], g1);
      for (let i = 0; i < 10; i++) dw[i] = iterates[k + 1][i] - iterates[k][i];
      const slope0 = dot(g0, dw), slope1 = dot(g1, dw);
      expect(slope0).toBeLessThan(0);
      expect(f1).toBeLessThanOrEqual(f0 + 1e-4 * slope0 + 1e-15 * Math.abs(f0));
      expect(Math.abs(slope1)).toBeLessThanOrEqual(0.9 * Math.abs(slope0) * (1 + 1e-9));
    }
  });

  it("resumeFromJsonState_GivesTheSameBitsAsAnUninterruptedRun", () => {
    const w0 = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const straight = minimizeLbfgs(rosenbrock, w0, { maxIterations: 40 });
    expect(straight.reason).toBe("maxIterations");
    expect(straight.f).toBeGreaterThan(1e-6); // still moving: a real test of the history

    const first = minimizeLbfgs(rosenbrock, w0, { maxIterations: 17 });
    const saved = JSON.parse(JSON.stringify(first.state)) as LbfgsState;
    const second = minimizeLbfgs(rosenbrock, Float64Array.from(saved.w), { maxIterations: 23, state: saved });
    expect(second.iterations).toBe(23);
    expect(second.state.iteration).toBe(40);
    expect(new Uint8Array(second.w.buffer)).toEqual(new Uint8Array(straight.w.buffer));
    expect(Object.is(second.f, straight.f)).toBe(true);
    expect(first.evaluations + second.evaluations).toBe(straight.evaluations);
    expect(second.state).toEqual(straight.state);
  });

  it("stateFromOnIteration_ResumesToo_AndCallbackStops", () => {
    const w0 = Float64Array.of(-1.2, 1);
    const straight = minimizeLbfgs(rosenbrock, w0, { maxIterations: 20 });
    let snap: LbfgsState | undefined;
    const stopped = minimizeLbfgs(rosenbrock, w0, {
      maxIterations: 20,
      onIteration: (it, _f, _w, info) => { if (it === 9) { snap = JSON.parse(JSON.stringify(info.state())); return true; } },
    });
    expect(stopped.reason).toBe("callback");
    expect(stopped.iterations).toBe(9);
    const resumed = minimizeLbfgs(rosenbrock, Float64Array.from(snap!.w), { maxIterations: 11, state: snap });
    expect(Array.from(resumed.w)).toEqual(Array.from(straight.w));
  });

  it("resumeWithOtherWeights_IsAClearError", () => {
    const first = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 3 });
    expect(() => minimizeLbfgs(rosenbrock, Float64Array.of(0, 0), { maxIterations: 3, state: first.state }))
      .toThrow(/state\.w\[0\].*differs from the starting weights/);
    expect(() => minimizeLbfgs(rosenbrock, Float64Array.of(0, 0), { maxIterations: -1 })).toThrow(/maxIterations/);
  });

  it("zeroGradientStart_StopsAtOnce", () => {
    const r = minimizeLbfgs(rosenbrock, Float64Array.of(1, 1, 1), { maxIterations: 10 });
    expect(r.reason).toBe("gradient");
    expect(r.iterations).toBe(0);
    expect(r.evaluations).toBe(1);
  });
});

describe("Adam", () => {
  // f = ½ (w0² + 10 w1²), ∇f = (w0, 10 w1), from (1, −2), lr = 0.1, β = (0.9, 0.999), ε = 1e-8.
  // Step 1 by hand: m̂ = g, v̂ = g², so Δw = −lr g / (|g| + ε) = −0.1 · sign(g) · (1 − ~ε/|g|):
  //   w0 = 1 − 0.1/(1 + 1e-8) = 0.900000001,  w1 = −2 + 0.1·20/(20 + 1e-8) = −1.90000000005.
  // Steps 2 and 3 from m_t = β1 m + (1 − β1) g, v_t = β2 v + (1 − β2) g², m̂ = m/(1 − β1^t),
  // v̂ = v/(1 − β2^t), evaluated independently (Python, float64):
  const expected = [
    [0.900000001, -1.90000000005],
    [0.8004122297123382, -1.8001664857113877],
    [0.701586274504415, -1.7006233914339461],
  ];
  const grad = (w: Float64Array) => Float64Array.of(w[0], 10 * w[1]);

  it("firstThreeSteps_MatchTheBiasCorrectedFormula", () => {
    const w = Float64Array.of(1, -2);
    const adam = new Adam(2, { lr: 0.1 });
    for (const [a, b] of expected) {
      adam.step(w, grad(w));
      expect(w[0]).toBeCloseTo(a, 14);
      expect(w[1]).toBeCloseTo(b, 14);
    }
    expect(adam.steps).toBe(3);
  });

  it("quadratic_ConvergesWithStepDecay", () => {
    const w = Float64Array.of(1, -2);
    const adam = new Adam(2, { lr: 0.05, decay: { type: "step", rate: 0.5, every: 200 } });
    for (let t = 0; t < 3000; t++) adam.step(w, grad(w));
    expect(Math.abs(w[0])).toBeLessThan(1e-6);
    expect(Math.abs(w[1])).toBeLessThan(1e-6);
  });

  it("learningRateSchedules_FollowTheirFormulas", () => {
    const w = new Float64Array(1), g = Float64Array.of(1);
    const step = new Adam(1, { lr: 0.1, decay: { type: "step", rate: 0.5, every: 3 } });
    const expo = new Adam(1, { lr: 0.1, decay: { type: "exponential", rate: 0.5, every: 3 } });
    for (let k = 0; k < 10; k++) {
      expect(step.currentLr).toBe(0.1 * 0.5 ** Math.floor(k / 3));
      expect(expo.currentLr).toBeCloseTo(0.1 * 0.5 ** (k / 3), 15);
      step.step(w, g); expo.step(w, g);
    }
  });

  it("stateRoundTrip_GivesTheSameBits", () => {
    const wa = Float64Array.of(1, -2), wb = Float64Array.of(1, -2);
    const opts = { lr: 0.05, decay: { type: "exponential" as const, rate: 0.9, every: 4 } };
    const a = new Adam(2, opts);
    for (let t = 0; t < 20; t++) a.step(wa, grad(wa));
    let b = new Adam(2, opts);
    for (let t = 0; t < 7; t++) b.step(wb, grad(wb));
    b = Adam.fromState(JSON.parse(JSON.stringify(b.state())));
    for (let t = 7; t < 20; t++) b.step(wb, grad(wb));
    expect(new Uint8Array(wb.buffer)).toEqual(new Uint8Array(wa.buffer));
    expect(b.state()).toEqual(a.state());
  });

  it("badOptions_NameTheOption", () => {
    expect(() => new Adam(2, { lr: -1 })).toThrow(/lr must be a positive number/);
    expect(() => new Adam(2, { lr: 0.1, beta2: 1 })).toThrow(/beta2/);
    expect(() => new Adam(2, { lr: 0.1, decay: { type: "step", rate: 0.5, every: 0 } })).toThrow(/decay\.every/);
    expect(() => new Adam(2, { lr: 0.1 }).step(new Float64Array(3), new Float64Array(3))).toThrow(/expected 2/);
  });
});

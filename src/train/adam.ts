// Adam (Kingma & Ba 2015, Algorithm 1) with optional learning-rate decay.
//
// Step t = 1, 2, … with gradient g:
//   m ← β1 m + (1 − β1) g              v ← β2 v + (1 − β2) g²
//   m̂ = m / (1 − β1^t)                 v̂ = v / (1 − β2^t)          (bias correction)
//   w ← w − lr_t m̂ / (√v̂ + ε)
// Learning-rate schedule, k = number of steps taken before this one (k = t − 1):
//   "none"         lr_t = lr
//   "exponential"  lr_t = lr · rate^(k / every)   (smooth)
//   "step"         lr_t = lr · rate^⌊k / every⌋   (drops by `rate` every `every` steps)
// β1^t, β2^t and the decay factor are kept as running products (no Math.pow per step), so the
// state is plain data and a resumed optimiser reproduces the same bits as an uninterrupted one.

export type DecayType = "exponential" | "step" | "none";

export interface AdamDecay {
  type: DecayType;
  /** Factor per `every` steps, 0 < rate ≤ 1. */
  rate: number;
  /** Steps (calls of `step`) per factor `rate`. */
  every: number;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  decay?: AdamDecay;
}

/** JSON-safe optimiser state (checkpoints). */
export interface AdamState {
  version: 1;
  n: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  decay: AdamDecay;
  /** Steps taken. */
  t: number;
  /** β1^t and β2^t. */
  beta1Power: number;
  beta2Power: number;
  /** lr_{t+1} / lr: the decay factor the next step uses. */
  lrFactor: number;
  m: number[];
  v: number[];
}

export class Adam {
  readonly n: number;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly decay: AdamDecay;
  private t = 0;
  private beta1Power = 1;
  private beta2Power = 1;
  private lrFactor = 1;
  /** exponential decay: rate^(1/every), the factor applied after every step */
  private readonly perStep: number;
  private readonly m: Float64Array;
  private readonly v: Float64Array;

  constructor(n: number, options: AdamOptions) {
    const o = { beta1: 0.9, beta2: 0.999, eps: 1e-8, decay: { type: "none" as DecayType, rate: 1, every: 1 }, ...options };
    checkOptions(n, o);
    this.n = n;
    this.lr = o.lr; this.beta1 = o.beta1; this.beta2 = o.beta2; this.eps = o.eps;
    this.decay = { ...o.decay };
    this.perStep = this.decay.type === "exponential" ? Math.pow(this.decay.rate, 1 / this.decay.every) : 1;
    this.m = new Float64Array(n);
    this.v = new Float64Array(n);
  }

  /** Steps taken so far. */
  get steps(): number { return this.t; }

  /** Learning rate the next step will use. */
  get currentLr(): number { return this.lr * this.lrFactor; }

  /** One update of w in place from the gradient at w. */
  step(w: Float64Array, grad: Float64Array): void {
    if (w.length !== this.n || grad.length !== this.n)
      throw new Error(`Adam.step: expected ${this.n} weights and gradients, got ${w.length} and ${grad.length}`);
    const { beta1: b1, beta2: b2, eps, m, v } = this;
    this.t++;
    this.beta1Power *= b1;
    this.beta2Power *= b2;
    const lr = this.lr * this.lrFactor;
    const c1 = 1 - this.beta1Power, c2 = 1 - this.beta2Power;
    for (let i = 0; i < this.n; i++) {
      const g = grad[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
    this.advanceDecay();
  }

  private advanceDecay(): void {
    if (this.decay.type === "exponential") this.lrFactor *= this.perStep;
    else if (this.decay.type === "step" && this.t % this.decay.every === 0) this.lrFactor *= this.decay.rate;
  }

  state(): AdamState {
    return {
      version: 1, n: this.n, lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps, decay: { ...this.decay },
      t: this.t, beta1Power: this.beta1Power, beta2Power: this.beta2Power, lrFactor: this.lrFactor,
      m: Array.from(this.m), v: Array.from(this.v),
    };
  }

  static fromState(s: AdamState): Adam {
    if (s?.version !== 1) throw new Error(`Adam.fromState: state.version must be 1, got ${String(s?.version)}`);
    if (!Array.isArray(s.m) || !Array.isArray(s.v) || s.m.length !== s.n || s.v.length !== s.n)
      throw new Error(`Adam.fromState: state.m and state.v must hold n = ${s.n} numbers`);
    for (const key of ["t", "beta1Power", "beta2Power", "lrFactor"] as const)
      if (typeof s[key] !== "number" || !Number.isFinite(s[key])) throw new Error(`Adam.fromState: state.${key} must be a finite number`);
    const a = new Adam(s.n, { lr: s.lr, beta1: s.beta1, beta2: s.beta2, eps: s.eps, decay: s.decay });
    a.t = s.t; a.beta1Power = s.beta1Power; a.beta2Power = s.beta2Power; a.lrFactor = s.lrFactor;
    a.m.set(s.m); a.v.set(s.v);
    return a;
  }
}

function checkOptions(n: number, o: Required<AdamOptions>): void {
  const bad = (msg: string) => { throw new Error(`Adam: ${msg}`); };
  if (!Number.isInteger(n) || n < 0) bad(`n must be an integer ≥ 0, got ${n}`);
  if (!(o.lr > 0 && Number.isFinite(o.lr))) bad(`lr must be a positive number, got ${o.lr}`);
  if (!(o.beta1 >= 0 && o.beta1 < 1)) bad(`beta1 must be in [0, 1), got ${o.beta1}`);
  if (!(o.beta2 >= 0 && o.beta2 < 1)) bad(`beta2 must be in [0, 1), got ${o.beta2}`);
  if (!(o.eps >= 0)) bad(`eps must be ≥ 0, got ${o.eps}`);
  const d = o.decay;
  if (!["exponential", "step", "none"].includes(d.type)) bad(`decay.type must be "exponential", "step" or "none", got ${JSON.stringify(d.type)}`);
  if (d.type !== "none") {
    if (!(d.rate > 0 && d.rate <= 1)) bad(`decay.rate must be in (0, 1], got ${d.rate}`);
    if (!(Number.isInteger(d.every) && d.every >= 1)) bad(`decay.every must be an integer ≥ 1, got ${d.every}`);
  }
}

// Activation functions of the atomic networks, with first and second derivatives.
//
//   kind 0  tanh      σ = tanh z                  σ' = 1 − σ²           σ'' = −2 σ σ'
//   kind 1  sigmoid   σ = 1 / (1 + e^−z)          σ' = σ (1 − σ)        σ'' = σ' (1 − 2σ)
//   kind 2  softplus  σ = ln(1 + e^z)             σ' = 1 / (1 + e^−z)   σ'' = σ' (1 − σ')
//   kind 3  identity  σ = z                       σ' = 1                σ'' = 0
//
// All transcendental functions are AssemblyScript's own Math (musl ports compiled into the
// module), never the host's, so Node and browsers give the same bits. The forms below avoid
// overflow and cancellation: tanh via expm1 of −2|z| (relative error ~1 ulp, also for tiny z),
// the logistic function via e^−|z|, softplus as max(z, 0) + log1p(e^−|z|).
//
// `activateSimd` (same signature) evaluates tanh and the logistic function two lanes at a time
// with the f64x2 exp of ./vmath (a few ulp): tanh|z| = (1 − e)/(1 + e), e = e^(−2|z|). Its error
// is absolute, ≤ 3e-16 for tanh (the relative error grows like 1e-16/|z| for tiny z, harmless
// inside a network since h enters sums) and ≤ 3e-16 relative for the logistic function; checked
// against the scalar kernel in test/network.test.ts. softplus and identity use the scalar path.

import { vexp } from "./vmath";

export const TANH: i32 = 0;
export const SIGMOID: i32 = 1;
export const SOFTPLUS: i32 = 2;
export const IDENTITY: i32 = 3;

/** tanh z = −expm1(−2|z|) / (2 + expm1(−2|z|)), sign restored. */
// @ts-ignore: decorator
@inline function tanhOf(z: f64): f64 {
  const m = Math.expm1(-2.0 * Math.abs(z));
  const t = -m / (2.0 + m);
  return z < 0 ? -t : t;
}

/** Logistic 1/(1 + e^−z) without overflow for large |z|. */
// @ts-ignore: decorator
@inline function logisticOf(z: f64): f64 {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

/**
 * Apply activation `kind` elementwise to `count` values.
 *  z   count f64 (input)        h  count f64: σ(z) (may equal z for in-place)
 *  d1  count f64: σ'(z), or 0 to skip    d2  count f64: σ''(z), or 0 to skip
 * Returns 0, or 1 for an unknown kind.
 */
export function activate(kind: i32, z: usize, h: usize, d1: usize, d2: usize, count: i32): i32 {
  if (kind < 0 || kind > IDENTITY) return 1;
  for (let k = 0; k < count; k++) {
    const off = <usize>k << 3;
    const x = load<f64>(z + off);
    let s: f64, s1: f64, s2: f64;
    if (kind == TANH) {
      s = tanhOf(x); s1 = 1.0 - s * s; s2 = -2.0 * s * s1;
    } else if (kind == SIGMOID) {
      s = logisticOf(x); s1 = s * (1.0 - s); s2 = s1 * (1.0 - 2.0 * s);
    } else if (kind == SOFTPLUS) {
      const p = logisticOf(x);
      s = Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))); s1 = p; s2 = p * (1.0 - p);
    } else {
      s = x; s1 = 1.0; s2 = 0.0;
    }
    store<f64>(h + off, s);
    if (d1) store<f64>(d1 + off, s1);
    if (d2) store<f64>(d2 + off, s2);
  }
  return 0;
}

/** SIMD twin of `activate` (see the header for its error); same buffers, same return codes. */
export function activateSimd(kind: i32, z: usize, h: usize, d1: usize, d2: usize, count: i32): i32 {
  if (kind != TANH && kind != SIGMOID) return activate(kind, z, h, d1, d2, count);
  const nv = count & ~1;
  const one = f64x2.splat(1.0), two = f64x2.splat(2.0);
  for (let k = 0; k < nv; k += 2) {
    const off = <usize>k << 3;
    const x = v128.load(z + off);
    const neg = f64x2.lt(x, f64x2.splat(0.0));
    let s: v128, s1: v128, s2: v128;
    if (kind == TANH) {
      const e = vexp(f64x2.mul(f64x2.splat(-2.0), f64x2.abs(x)));
      const t = f64x2.div(f64x2.sub(one, e), f64x2.add(one, e));
      s = v128.bitselect(f64x2.neg(t), t, neg);
      s1 = f64x2.sub(one, f64x2.mul(s, s));
      s2 = f64x2.mul(f64x2.mul(f64x2.splat(-2.0), s), s1);
    } else {
      const e = vexp(f64x2.neg(f64x2.abs(x)));
      const p = f64x2.div(one, f64x2.add(one, e)); // logistic(|z|)
      s = v128.bitselect(f64x2.mul(e, p), p, neg); // logistic(−|z|) = e/(1+e)
      s1 = f64x2.mul(s, f64x2.sub(one, s));
      s2 = f64x2.mul(s1, f64x2.sub(one, f64x2.mul(two, s)));
    }
    v128.store(h + off, s);
    if (d1) v128.store(d1 + off, s1);
    if (d2) v128.store(d2 + off, s2);
  }
  if (nv < count) {
    const off = <usize>nv << 3;
    activate(kind, z + off, h + off, d1 ? d1 + off : 0, d2 ? d2 + off : 0, 1);
  }
  return 0;
}

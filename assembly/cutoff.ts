// Radial windows w(r) of the symmetry functions, each with its derivative (docs/descriptors.md §1):
// n2p2's cutoff functions fc(r) (types 2, 3, 9, 12, 13) and the compact functions C(r) of the
// polynomial types 20–25. Scalar reference (Math.*) and two-lane SIMD version (vmath.ts) side by
// side; both read the same window record (setWindow). Lengths in Å.
//
// Cutoff functions, n2p2 `cutoff_type T α`, inner cutoff r_ci = α Rc, x = (r − r_ci)/(Rc − r_ci):
//   fc(r) = 1 (r < r_ci),  f_T(x) (r_ci ≤ r < Rc),  0 (r ≥ Rc), with the core functions f_T
//     0 hard   1                          5 poly1  1 + x²(2x − 3)                    = u² (1 + 2x)
//     1 cos    ½ [cos(πx) + 1]            6 poly2  1 + x³(x(15 − 6x) − 10)           = u³ (1 + 3x + 6x²)
//     4 exp    e · exp(1/(x² − 1))        7 poly3  1 + x⁴(x(x(20x − 70) + 84) − 35)  = u⁴ (1 + 4x + 10x² + 20x³)
//                                         8 poly4  1 + x⁵(x(x(x(315 − 70x) − 540) + 420) − 126)
//                                                                                    = u⁵ (1 + 5x + 15x² + 35x³ + 70x⁴)
//   and, without an inner cutoff (α is not used, as in n2p2):
//     2 tanhu  tanh³(1 − r/Rc)            3 tanh   coth³(1) · tanh³(1 − r/Rc)   (fc(0) = 1)
//   with u = 1 − x, computed from the distance to the end of the range ((Rc − r)/(Rc − r_ci)) so
//   that the factored polynomials keep their relative accuracy up to x → 1 (the expanded forms
//   lose ~1e−14 absolute there, the size of their coefficients times the rounding of 1).
//   Derivatives: df/dx of the polynomials is −6xu, −30x²u², −140x³u³, −630x⁴u⁴; of exp,
//   −2x/(x² − 1)² · f with x² − 1 = −u(1 + x); dfc/dr = df/dx / (Rc − r_ci).
// Compact functions (types 20–25) on the support (r_l, r_c), centre m = (r_l + r_c)/2, half-width
// h = (r_c − r_l)/2, subtype p1–p4 / e (core poly1–poly4 / exp) with optional "a":
//   C(r) = f(y), y = |r − m|/h (plain) or y = ỹ(2 − ỹ), ỹ = |r − m|/h ("a" subtypes), for
//   r_l < r < r_c, else 0;   dC/dr = f'(y) · dy/dỹ · sign(r − m)/h.
//   Here too 1 − ỹ = min(r_c − r, r − r_l)/h directly, and 1 − y = (1 − ỹ)² for the "a" subtypes.
//
// Window codes (plan.ts holds the same numbers): 0–8 the cutoff types above; 16 + core for the
// compact functions (core 4 exp, 5–8 poly1–poly4), 32 + core for their "a" subtypes.

import { vcosSinHalfPi, vexp, vtanh, kv, K_PI, K_HALF, K_ONE, K_ZERO, K_TWO } from "./vmath";

export const W_HARD = 0, W_COS = 1, W_TANHU = 2, W_TANH = 3, W_EXP = 4;
export const W_POLY1 = 5, W_POLY2 = 6, W_POLY3 = 7, W_POLY4 = 8;
export const W_COMPACT = 16, W_ASYM = 32;

const E: f64 = 2.718281828459045;
/** coth³(1) = ((e + 1/e)/(e − 1/e))³: n2p2's prefactor of the tanh cutoff, so that fc(0) = 1. */
const TANH_PRE: f64 = Math.pow((E + 1.0 / E) / (E - 1.0 / E), 3.0);

// Window record (WIN_BYTES): i32 code @0, core @4 (0 hard … 8 poly4), asym @8, inner @12
// (1: has an inner region, fc = 1 for r < lo); f64 rc @16, lo @24 (r_ci or r_l), iw @32
// (1/(Rc − r_ci), or 1/h), piW @40 (π/(Rc − r_ci)), mid @48 (m), pre @56 (tanh prefactor),
// rcinv @64 (1/Rc).
export const WIN_BYTES: i32 = 80;

/** Fill the window record at `win` for code `code`, outer radius rc and p = α (cutoffs) or r_l (compact). */
export function setWindow(win: usize, code: i32, rc: f64, p: f64): void {
  const compact = code >= W_COMPACT;
  const core = compact ? code & 15 : code;
  const lo = compact ? p : p * rc;
  store<i32>(win, code); store<i32>(win, core, 4); store<i32>(win, code >= W_ASYM ? 1 : 0, 8);
  store<i32>(win, !compact && code != W_TANHU && code != W_TANH && code != W_HARD && lo > 0.0 ? 1 : 0, 12);
  store<f64>(win, rc, 16); store<f64>(win, lo, 24);
  store<f64>(win, compact ? 2.0 / (rc - p) : 1.0 / (rc - lo), 32);
  store<f64>(win, Math.PI / (rc - lo), 40);
  store<f64>(win, 0.5 * (p + rc), 48);
  store<f64>(win, code == W_TANH ? TANH_PRE : 1.0, 56);
  store<f64>(win, 1.0 / rc, 64);
}
@inline export function windowCode(win: usize): i32 { return load<i32>(win); }
@inline export function windowRc(win: usize): f64 { return load<f64>(win, 16); }

// ---- Scalar reference -------------------------------------------------------------------------

/**
 * Core function f(x) and df/dx for x in [0, 1] (codes 0, 4–8), with u = 1 − x computed by the
 * caller without cancellation; writes f to out, f' to out + 8.
 */
@inline export function coreScalar(core: i32, x: f64, u: f64, out: usize): void {
  let f = 1.0, d = 0.0;
  if (core == W_POLY1) { f = u * u * (1.0 + 2.0 * x); d = -6.0 * x * u; }
  else if (core == W_POLY2) { f = u * u * u * (1.0 + x * (3.0 + 6.0 * x)); d = -30.0 * x * x * u * u; }
  else if (core == W_POLY3) {
    const u2 = u * u;
    f = u2 * u2 * (1.0 + x * (4.0 + x * (10.0 + 20.0 * x))); d = -140.0 * x * x * x * u2 * u;
  } else if (core == W_POLY4) {
    const u2 = u * u, xu = x * u, xu2 = xu * xu;
    f = u2 * u2 * u * (1.0 + x * (5.0 + x * (15.0 + x * (35.0 + 70.0 * x)))); d = -630.0 * xu2 * xu2;
  } else if (core == W_EXP) {
    if (u > 0.0) { const v = -1.0 / (u * (1.0 + x)); f = E * Math.exp(v); d = -2.0 * x * v * v * f; } else f = 0.0;
  }
  store<f64>(out, f); store<f64>(out, d, 8);
}

/** w(r) and dw/dr of the window record `win`; writes w to out, dw/dr to out + 8. */
export function windowScalar(r: f64, win: usize, out: usize): void {
  const code = load<i32>(win), rc = load<f64>(win, 16), lo = load<f64>(win, 24);
  if (code >= W_COMPACT) {
    if (!(r > lo && r < rc)) { store<f64>(out, 0.0); store<f64>(out, 0.0, 8); return; }
    const a = (r - load<f64>(win, 48)) * load<f64>(win, 32);
    const y = Math.abs(a), u = Math.min(rc - r, r - lo) * load<f64>(win, 32);
    const asym = load<i32>(win, 8) != 0;
    if (asym) coreScalar(load<i32>(win, 4), y * (2.0 - y), u * u, out);
    else coreScalar(load<i32>(win, 4), y, u, out);
    const dy = asym ? 2.0 * u : 1.0;
    store<f64>(out, load<f64>(out, 8) * dy * (a < 0.0 ? -load<f64>(win, 32) : load<f64>(win, 32)), 8);
    return;
  }
  if (r >= rc) { store<f64>(out, 0.0); store<f64>(out, 0.0, 8); return; }
  if (code == W_TANHU || code == W_TANH) {
    const t = Math.tanh(1.0 - r * load<f64>(win, 64)), t2 = t * t, pre = load<f64>(win, 56);
    store<f64>(out, pre * t * t2);
    store<f64>(out, 3.0 * pre * t2 * (t2 - 1.0) * load<f64>(win, 64), 8);
    return;
  }
  if (r < lo || code == W_HARD) { store<f64>(out, 1.0); store<f64>(out, 0.0, 8); return; }
  if (code == W_COS) {
    // θ = π (r − r_ci)/(Rc − r_ci); written so that α = 0 gives the bits of ½[cos(πr/Rc) + 1].
    const theta = Math.PI * (r - lo) / (rc - lo);
    store<f64>(out, 0.5 * (Math.cos(theta) + 1.0));
    store<f64>(out, -0.5 * load<f64>(win, 40) * Math.sin(theta), 8);
    return;
  }
  coreScalar(code, (r - lo) * load<f64>(win, 32), (rc - r) * load<f64>(win, 32), out);
  store<f64>(out, load<f64>(out, 8) * load<f64>(win, 32), 8);
}

// ---- SIMD -------------------------------------------------------------------------------------

/** Core function of x (both lanes, x in [0, 1], u = 1 − x); out: f, out + 16: df/dx. `core` constant at the call site. */
@inline export function coreSimd(core: i32, x: v128, u: v128, out: usize): void {
  const one = kv(K_ONE);
  let f = one, d = kv(K_ZERO);
  if (core == W_POLY1) {
    f = f64x2.mul(f64x2.mul(u, u), f64x2.add(one, f64x2.mul(kv(K_TWO), x)));
    d = f64x2.mul(f64x2.splat(-6.0), f64x2.mul(x, u));
  } else if (core == W_POLY2) {
    const q = f64x2.add(one, f64x2.mul(x, f64x2.add(f64x2.splat(3.0), f64x2.mul(f64x2.splat(6.0), x))));
    const xu = f64x2.mul(x, u);
    f = f64x2.mul(f64x2.mul(f64x2.mul(u, u), u), q);
    d = f64x2.mul(f64x2.splat(-30.0), f64x2.mul(xu, xu));
  } else if (core == W_POLY3) {
    const q = f64x2.add(one, f64x2.mul(x, f64x2.add(f64x2.splat(4.0), f64x2.mul(x, f64x2.add(f64x2.splat(10.0), f64x2.mul(f64x2.splat(20.0), x))))));
    const u2 = f64x2.mul(u, u), xu = f64x2.mul(x, u);
    f = f64x2.mul(f64x2.mul(u2, u2), q);
    d = f64x2.mul(f64x2.splat(-140.0), f64x2.mul(f64x2.mul(xu, xu), xu));
  } else if (core == W_POLY4) {
    const q = f64x2.add(one, f64x2.mul(x, f64x2.add(f64x2.splat(5.0), f64x2.mul(x,
      f64x2.add(f64x2.splat(15.0), f64x2.mul(x, f64x2.add(f64x2.splat(35.0), f64x2.mul(f64x2.splat(70.0), x))))))));
    const u2 = f64x2.mul(u, u), xu = f64x2.mul(x, u), xu2 = f64x2.mul(xu, xu);
    f = f64x2.mul(f64x2.mul(f64x2.mul(u2, u2), u), q);
    d = f64x2.mul(f64x2.splat(-630.0), f64x2.mul(xu2, xu2));
  } else if (core == W_EXP) {
    // v = 1/(x² − 1) = −1/(u(1 + x)); lanes with u ≤ 0 (x ≥ 1) give 0.
    const v = f64x2.div(f64x2.splat(-1.0), f64x2.mul(u, f64x2.add(one, x))), inside = f64x2.gt(u, kv(K_ZERO));
    f = v128.and(f64x2.mul(f64x2.splat(E), vexp(v)), inside);
    d = v128.and(f64x2.mul(f64x2.mul(f64x2.splat(-2.0), x), f64x2.mul(f64x2.mul(v, v), f)), inside);
  }
  v128.store(out, f);
  v128.store(out, d, 16);
}

/**
 * w(r) and dw/dr for the two distances in r; writes w to fcOut, dw/dr to dfcOut; tmp: 32 bytes of
 * scratch. `code` (the window record's code) and `inner` (the record's inner flag: α > 0) are
 * constants at the call site (windowLoop), so each kind compiles to its own branch-free code.
 * Lanes outside the window give exact zeros.
 */
@inline export function windowSimd(r: v128, win: usize, code: i32, inner: bool, fcOut: usize, dfcOut: usize, tmp: usize): void {
  const rc = f64x2.splat(load<f64>(win, 16)), lo = f64x2.splat(load<f64>(win, 24));
  if (code >= W_COMPACT) {
    const inside = v128.and(f64x2.gt(r, lo), f64x2.lt(r, rc));
    const sc = f64x2.splat(load<f64>(win, 32));
    const a = f64x2.mul(f64x2.sub(r, f64x2.splat(load<f64>(win, 48))), sc);
    const y = f64x2.abs(a), u = f64x2.mul(f64x2.pmin(f64x2.sub(rc, r), f64x2.sub(r, lo)), sc);
    const asym = code >= W_ASYM;
    if (asym) coreSimd(code & 15, f64x2.mul(y, f64x2.sub(kv(K_TWO), y)), f64x2.mul(u, u), tmp);
    else coreSimd(code & 15, y, u, tmp);
    // dC/dr = f'(y) · dy/dỹ · sign(a)/h: the sign bit of a copied onto 1/h; dy/dỹ = 2(1 − ỹ).
    let g = v128.or(v128.and(a, f64x2.splat(-0.0)), sc);
    if (asym) g = f64x2.mul(g, f64x2.add(u, u));
    v128.store(fcOut, v128.and(v128.load(tmp), inside));
    v128.store(dfcOut, v128.and(f64x2.mul(v128.load(tmp, 16), g), inside));
    return;
  }
  const inside = f64x2.lt(r, rc);
  let fc = kv(K_ONE), dfc = kv(K_ZERO);
  if (code == W_COS) {
    // θ = π (r − r_ci)/(Rc − r_ci), clamped to [0, π] so that the polynomial stays in range
    // (θ ≥ 0 already when α = 0; r − 0 = r keeps the bits of π r/Rc).
    const piW = load<f64>(win, 40);
    let theta = f64x2.pmin(f64x2.mul(f64x2.sub(r, lo), f64x2.splat(piW)), kv(K_PI));
    if (inner) theta = f64x2.pmax(theta, kv(K_ZERO));
    vcosSinHalfPi(theta, tmp);
    fc = f64x2.mul(kv(K_HALF), f64x2.add(v128.load(tmp), kv(K_ONE)));
    dfc = f64x2.mul(f64x2.splat(-0.5 * piW), v128.load(tmp, 16));
  } else if (code == W_TANHU || code == W_TANH) {
    const rcinv = f64x2.splat(load<f64>(win, 64)), pre = f64x2.splat(load<f64>(win, 56));
    const t = vtanh(f64x2.sub(kv(K_ONE), f64x2.mul(r, rcinv))), t2 = f64x2.mul(t, t);
    fc = f64x2.mul(pre, f64x2.mul(t, t2));
    dfc = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.splat(3.0), pre), t2), f64x2.mul(f64x2.sub(t2, kv(K_ONE)), rcinv));
  } else if (code != W_HARD) {
    const iw = f64x2.splat(load<f64>(win, 32));
    coreSimd(code, f64x2.mul(f64x2.sub(r, lo), iw), f64x2.mul(f64x2.sub(rc, r), iw), tmp);
    fc = v128.load(tmp);
    dfc = f64x2.mul(v128.load(tmp, 16), iw);
  }
  if (inner) {
    // Inner region r < r_ci: fc = 1, dfc = 0.
    const isIn = f64x2.lt(r, lo);
    fc = v128.bitselect(kv(K_ONE), fc, isIn);
    dfc = v128.andnot(dfc, isIn);
  }
  v128.store(fcOut, v128.and(fc, inside));
  v128.store(dfcOut, v128.and(dfc, inside));
}

/** windowLoop for one code and inner flag (constants here, so windowSimd is specialised). */
@inline function windowLoopOf(code: i32, inner: bool, src: usize, srcStride: usize, n: i32, win: usize, fc: usize, dfc: usize, dstStride: usize, tmp: usize): void {
  for (let s = 0; s < n; s++) {
    const o = <usize>s * dstStride;
    windowSimd(v128.load(src + <usize>s * srcStride), win, code, inner, fc + o, dfc + o, tmp);
  }
}

/** windowLoopOf for one code, with or without the inner region. */
@inline function windowLoopInner(code: i32, inner: bool, src: usize, srcStride: usize, n: i32, win: usize, fc: usize, dfc: usize, dstStride: usize, tmp: usize): void {
  if (inner) windowLoopOf(code, true, src, srcStride, n, win, fc, dfc, dstStride, tmp);
  else windowLoopOf(code, false, src, srcStride, n, win, fc, dfc, dstStride, tmp);
}

/**
 * w and dw/dr of the window `win` for n pairs of distances (two per v128): the pair s is read at
 * src + s·srcStride, and its w, dw/dr are written at fc + s·dstStride, dfc + s·dstStride.
 * tmp: 32 bytes of scratch. One specialised loop per window code (and inner region).
 */
export function windowLoop(src: usize, srcStride: usize, n: i32, win: usize, fc: usize, dfc: usize, dstStride: usize, tmp: usize): void {
  const code = load<i32>(win), inner = load<i32>(win, 12) != 0;
  switch (code) {
    case W_COS: windowLoopInner(W_COS, inner, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_HARD: windowLoopOf(W_HARD, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_TANHU: windowLoopOf(W_TANHU, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_TANH: windowLoopOf(W_TANH, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_EXP: windowLoopInner(W_EXP, inner, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_POLY1: windowLoopInner(W_POLY1, inner, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_POLY2: windowLoopInner(W_POLY2, inner, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_POLY3: windowLoopInner(W_POLY3, inner, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_POLY4: windowLoopInner(W_POLY4, inner, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_COMPACT + W_EXP: windowLoopOf(W_COMPACT + W_EXP, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_COMPACT + W_POLY1: windowLoopOf(W_COMPACT + W_POLY1, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_COMPACT + W_POLY2: windowLoopOf(W_COMPACT + W_POLY2, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_COMPACT + W_POLY3: windowLoopOf(W_COMPACT + W_POLY3, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_COMPACT + W_POLY4: windowLoopOf(W_COMPACT + W_POLY4, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_ASYM + W_POLY1: windowLoopOf(W_ASYM + W_POLY1, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_ASYM + W_POLY2: windowLoopOf(W_ASYM + W_POLY2, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    case W_ASYM + W_POLY3: windowLoopOf(W_ASYM + W_POLY3, false, src, srcStride, n, win, fc, dfc, dstStride, tmp); break;
    default: windowLoopOf(W_ASYM + W_POLY4, false, src, srcStride, n, win, fc, dfc, dstStride, tmp);
  }
}

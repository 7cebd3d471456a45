// Plain-TypeScript symmetry functions: a readable reference (and the "ts" benchmark entry).
// Same results and layout as the WASM kernels, written straight from the formulas of
// docs/descriptors.md one function and one pair at a time:
//   radial   G_i = Σ_j  w_j R(r_ij)
//   angular  G_i = Σ_{j<k} w_jk A(θ_jik) R(r_ij) R(r_ik) Q(r_jk)
// with R(r) = exp(−η (r − rs)²) fc(r) (types 2–13) or the compact C(r) (20–25), Q = R for the
// narrow types and 1 for the wide ones, A = 2^(1−ζ)(1 + λ cos θ)^ζ or the compact C(θ), and the
// weights w = 1, Z_j or Z_j Z_k. Derivatives by the chain rule through r_ij, r_ik, r_jk and
// cos θ, written as vectors (independently of the kernels' coefficient form, assembly/angular.ts).
import type { Structure } from "../structure/structure.js";
import { atomicNumber } from "../structure/elements.js";
import { buildNeighbourList } from "../structure/neighbours.js";
import { atomTypes, planOf } from "./plan.js";
import { TYPES, functionsOf } from "./sets.js";
import type { CutoffType, ElementDescriptors, StructureDescriptors, SymmetryFunction } from "./types.js";

type ValueAndSlope = [number, number];

/**
 * Core functions on [0, 1]: f(x) and df/dx, given also u = 1 − x (computed by the caller from the
 * distance to the end of the range, without cancellation): the polynomials in the factored form
 * 1 − smoothstep = u^(n+1) Σ_k C(n+k, k) x^k (docs/descriptors.md §1).
 */
function core(kind: string, x: number, u: number): ValueAndSlope {
  switch (kind) {
    case "poly1": return [u ** 2 * (1 + 2 * x), -6 * x * u];
    case "poly2": return [u ** 3 * (1 + 3 * x + 6 * x ** 2), -30 * (x * u) ** 2];
    case "poly3": return [u ** 4 * (1 + 4 * x + 10 * x ** 2 + 20 * x ** 3), -140 * (x * u) ** 3];
    case "poly4": return [u ** 5 * (1 + 5 * x + 15 * x ** 2 + 35 * x ** 3 + 70 * x ** 4), -630 * (x * u) ** 4];
    case "exp": {
      if (!(u > 0)) return [0, 0];
      const v = 1 / (x * x - 1), f = Math.E * Math.exp(-1 / (u * (1 + x)));
      return [f, -2 * x * v * v * f];
    }
    default: throw new Error(`unknown core function ${kind}`);
  }
}

/** n2p2's cutoff functions fc(r) and dfc/dr with inner cutoff α·Rc (tanhu, tanh and hard ignore α). */
function cutoffFn(type: CutoffType, alpha: number, rc: number, r: number): ValueAndSlope {
  if (r >= rc) return [0, 0];
  if (type === "tanhu" || type === "tanh") {
    const t = Math.tanh(1 - r / rc), pre = type === "tanh" ? 1 / Math.tanh(1) ** 3 : 1;
    return [pre * t ** 3, (-3 * pre * t * t * (1 - t * t)) / rc];
  }
  const ri = alpha * rc;
  if (type === "hard" || r < ri) return [1, 0];
  const x = (r - ri) / (rc - ri);
  if (type === "cos") return [0.5 * (Math.cos(Math.PI * x) + 1), (-0.5 * Math.PI * Math.sin(Math.PI * x)) / (rc - ri)];
  const [f, d] = core(type, x, (rc - r) / (rc - ri));
  return [f, d / (rc - ri)];
}

/** Compact function C(x) on (lo, hi) with the core of `subtype` ("a": y → y(2 − y) when `useAsym`). */
function compactFn(subtype: string, lo: number, hi: number, x: number, useAsym: boolean): ValueAndSlope {
  if (!(x > lo && x < hi)) return [0, 0];
  const mid = (lo + hi) / 2, h = (hi - lo) / 2;
  const y = Math.abs(x - mid) / h, u = Math.min(hi - x, x - lo) / h, sign = x < mid ? -1 : 1;
  const kind = subtype[0] === "e" ? "exp" : `poly${subtype[1]}`;
  if (useAsym && subtype.endsWith("a")) {
    const [f, d] = core(kind, y * (2 - y), u * u); // 1 − y(2 − y) = (1 − y)²
    return [f, (d * 2 * u * sign) / h];
  }
  const [f, d] = core(kind, y, u);
  return [f, (d * sign) / h];
}

/** The radial term R(r) and dR/dr of a function. */
function radialTerm(fn: SymmetryFunction, r: number): ValueAndSlope {
  if (TYPES[fn.type].compact) return compactFn(fn.subtype!, fn.rl!, fn.cutoff, r, true);
  const [fc, dfc] = cutoffFn(fn.cutoffType ?? "cos", fn.cutoffAlpha ?? 0, fn.cutoff, r);
  const d = r - (fn.rs ?? 0), g = Math.exp(-fn.eta! * d * d);
  return [g * fc, g * (dfc - 2 * fn.eta! * d * fc)];
}

/** The angular part A and dA/dc of a function at c = cos θ. */
function angularPart(fn: SymmetryFunction, c: number): ValueAndSlope {
  if (TYPES[fn.type].compact) {
    // Collinear triples (|c| ≥ 1 after rounding): θ = 0 or π, and dA/dc (times ∂c/∂r = 0) taken as 0.
    const cc = Math.max(-1, Math.min(1, c));
    const theta = Math.acos(cc), tl = (fn.thetaL! * Math.PI) / 180, tr = (fn.thetaR! * Math.PI) / 180;
    const [a, da] = compactFn(fn.subtype!, tl, tr, theta, false); // 0 outside and at the ends of [θ_l, θ_r]
    return [a, Math.abs(c) < 1 ? -da / Math.sqrt((1 - c) * (1 + c)) : 0];
  }
  const zeta = fn.zeta!, lambda = fn.lambda!, base = Math.max(1 + lambda * c, 0), pref = 2 ** (1 - zeta);
  return [pref * base ** zeta, pref * zeta * lambda * base ** (zeta - 1)];
}

export function computeDescriptorsTs(s: Structure, functions: SymmetryFunction[], options: { derivatives?: boolean; strain?: boolean } = {}): StructureDescriptors {
  const plan = planOf(functions); // validates the set and fixes the element order
  atomTypes(plan, s.symbols);
  const nl = buildNeighbourList(s, plan.cutoff);
  const wantD = !!(options.derivatives || options.strain);
  const byElement: ElementDescriptors[] = [];
  for (const el of plan.centres) {
    const atoms: number[] = [];
    s.symbols.forEach((x, i) => { if (x === el) atoms.push(i); });
    if (atoms.length === 0) continue;
    const fs = functionsOf(functions, el), nf = fs.length;
    const values = new Float64Array(atoms.length * nf);
    const derivStart = new Int32Array(atoms.length + 1);
    atoms.forEach((i, a) => { derivStart[a + 1] = derivStart[a] + 1 + nl.start[i + 1] - nl.start[i]; });
    const derivAtom = new Int32Array(derivStart[atoms.length]);
    const deriv = new Float64Array(wantD ? derivStart[atoms.length] * 3 * nf : 0);
    const strain = new Float64Array(options.strain ? atoms.length * 6 * nf : 0);
    atoms.forEach((i, a) => {
      const p0 = nl.start[i], M = nl.start[i + 1] - p0, e0 = derivStart[a];
      derivAtom[e0] = i;
      for (let p = 0; p < M; p++) derivAtom[e0 + 1 + p] = nl.index[p0 + p];
      const v = (p: number, x: number) => nl.vector[3 * (p0 + p) + x];
      const sym = (p: number) => s.symbols[nl.index[p0 + p]];
      /** Add g·(vector) to the derivative of entry e (1 + neighbour p, or 0 = centre). */
      const addD = (e: number, f: number, gx: number, gy: number, gz: number) => {
        const o = (e0 + e) * 3 * nf;
        deriv[o + f] += gx; deriv[o + nf + f] += gy; deriv[o + 2 * nf + f] += gz;
      };
      const Z = (p: number) => atomicNumber(sym(p))!;
      fs.forEach((fn, f) => {
        const t = TYPES[fn.type], weighted = t.neighbours === 0;
        let sum = 0;
        if (!t.angular) {
          for (let p = 0; p < M; p++) {
            if (!weighted && sym(p) !== fn.neighbours[0]) continue;
            const r = nl.distance[p0 + p], w = weighted ? Z(p) : 1;
            const [R, dR] = radialTerm(fn, r);
            if (R === 0 && dR === 0) continue;
            sum += w * R;
            if (wantD) addD(1 + p, f, (w * dR * v(p, 0)) / r, (w * dR * v(p, 1)) / r, (w * dR * v(p, 2)) / r);
          }
          values[a * nf + f] = sum;
          return;
        }
        const [n1, n2] = fn.neighbours;
        for (let p = 0; p < M; p++) for (let q = p + 1; q < M; q++) {
          const sp = sym(p), sq = sym(q);
          if (!weighted && !((sp === n1 && sq === n2) || (sp === n2 && sq === n1))) continue;
          const rj = nl.distance[p0 + p], rk = nl.distance[p0 + q];
          const aV = [v(p, 0), v(p, 1), v(p, 2)], bV = [v(q, 0), v(q, 1), v(q, 2)];
          const dV = [bV[0] - aV[0], bV[1] - aV[1], bV[2] - aV[2]];
          const rjk = Math.hypot(dV[0], dV[1], dV[2]);
          const [Rj, dRj] = radialTerm(fn, rj), [Rk, dRk] = radialTerm(fn, rk);
          const [Q, dQ] = t.narrow ? radialTerm(fn, rjk) : [1, 0];
          if (Rj === 0 || Rk === 0 || Q === 0) continue;
          const c = (aV[0] * bV[0] + aV[1] * bV[1] + aV[2] * bV[2]) / (rj * rk);
          const [A, dA] = angularPart(fn, c);
          const w = weighted ? Z(p) * Z(q) : 1;
          const P = Rj * Rk * Q;
          sum += w * A * P;
          if (!wantD) continue;
          // ∂T/∂a and ∂T/∂b for T = w A(c) R(r_ij) R(r_ik) Q(r_jk), a = r_ij, b = r_ik, d = b − a:
          //   ∂c/∂a = b/(r_ij r_ik) − c a/r_ij²,  ∂r_ij/∂a = a/r_ij,  ∂r_jk/∂a = −d/r_jk (and + for b).
          const gA = [0, 1, 2].map((x) => w * (dA * P * (bV[x] / (rj * rk) - (c * aV[x]) / (rj * rj)) + A * dRj * Rk * Q * aV[x] / rj - A * Rj * Rk * dQ * dV[x] / rjk));
          const gB = [0, 1, 2].map((x) => w * (dA * P * (aV[x] / (rj * rk) - (c * bV[x]) / (rk * rk)) + A * Rj * dRk * Q * bV[x] / rk + A * Rj * Rk * dQ * dV[x] / rjk));
          addD(1 + p, f, gA[0], gA[1], gA[2]);
          addD(1 + q, f, gB[0], gB[1], gB[2]);
        }
        values[a * nf + f] = sum;
      });
      if (!wantD) return;
      // Centre: translation invariance, ∂G/∂r_i = −Σ_p ∂G/∂r_p. Strain: W_αβ = Σ_p (∂G/∂r_p,α) r_p,β.
      const voigt = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
      for (let p = 0; p < M; p++) {
        const o = (e0 + 1 + p) * 3 * nf;
        for (let x = 0; x < 3; x++) for (let f = 0; f < nf; f++) deriv[e0 * 3 * nf + x * nf + f] -= deriv[o + x * nf + f];
        if (options.strain) voigt.forEach(([al, be], vv) => {
          for (let f = 0; f < nf; f++) strain[(a * 6 + vv) * nf + f] += deriv[o + al * nf + f] * v(p, be);
        });
      }
    });
    const out: ElementDescriptors = { element: el, nfeatures: nf, atoms: Int32Array.from(atoms), values };
    if (options.derivatives) { out.derivStart = derivStart; out.derivAtom = derivAtom; out.deriv = deriv; }
    if (options.strain) out.strainDeriv = strain;
    byElement.push(out);
  }
  return { natoms: s.length, byElement };
}

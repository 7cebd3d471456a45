// Plain-TypeScript symmetry functions: a readable reference (and the "ts" benchmark entry).
// Same results and layout as the WASM kernels, written straight from docs/science.md §3 one
// function and one pair at a time:
//   fc(r) = ½[cos(πr/Rc) + 1] (r < Rc)
//   G2 = Σ_j exp(−η (r_ij − Rs)²) fc(r_ij)
//   G4 = 2^(1−ζ) Σ_{j<k} (1 + λ cos θ)^ζ exp(−η (r_ij² + r_ik² + r_jk²)) fc(r_ij) fc(r_ik) fc(r_jk)
//   G5 = 2^(1−ζ) Σ_{j<k} (1 + λ cos θ)^ζ exp(−η (r_ij² + r_ik²)) fc(r_ij) fc(r_ik)
// Derivatives by the chain rule through r_ij, r_ik, r_jk and cos θ (see assembly/angular.ts).
import type { Structure } from "../structure/structure.js";
import { buildNeighbourList } from "../structure/neighbours.js";
import { atomTypes, planOf } from "./plan.js";
import { functionsOf } from "./sets.js";
import type { ElementDescriptors, StructureDescriptors, SymmetryFunction } from "./types.js";

const fc = (r: number, rc: number) => (r < rc ? 0.5 * (Math.cos((Math.PI * r) / rc) + 1) : 0);
const dfc = (r: number, rc: number) => (r < rc ? -0.5 * (Math.PI / rc) * Math.sin((Math.PI * r) / rc) : 0);

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
      fs.forEach((fn, f) => {
        let sum = 0;
        if (fn.type === "G2") {
          const rs = fn.rs ?? 0;
          for (let p = 0; p < M; p++) {
            if (sym(p) !== fn.neighbours[0]) continue;
            const r = nl.distance[p0 + p];
            if (r >= fn.cutoff) continue;
            const g = Math.exp(-fn.eta * (r - rs) ** 2);
            sum += g * fc(r, fn.cutoff);
            if (wantD) {
              const dr = g * (-2 * fn.eta * (r - rs) * fc(r, fn.cutoff) + dfc(r, fn.cutoff)) / r;
              addD(1 + p, f, dr * v(p, 0), dr * v(p, 1), dr * v(p, 2));
            }
          }
        } else {
          const zeta = fn.zeta!, lambda = fn.lambda!, eta = fn.eta, rc = fn.cutoff, withJK = fn.type === "G4";
          const pref = 2 ** (1 - zeta);
          const [n1, n2] = fn.neighbours;
          for (let p = 0; p < M; p++) for (let q = p + 1; q < M; q++) {
            const sp = sym(p), sq = sym(q);
            if (!((sp === n1 && sq === n2) || (sp === n2 && sq === n1))) continue;
            const rj = nl.distance[p0 + p], rk = nl.distance[p0 + q];
            if (rj >= rc || rk >= rc) continue;
            const ax = v(p, 0), ay = v(p, 1), az = v(p, 2), bx = v(q, 0), by = v(q, 1), bz = v(q, 2);
            const rjk = Math.hypot(bx - ax, by - ay, bz - az);
            if (withJK && rjk >= rc) continue;
            const c = (ax * bx + ay * by + az * bz) / (rj * rk);
            const base = Math.max(1 + lambda * c, 0);
            const A = pref * base ** zeta, Ad = pref * zeta * lambda * base ** (zeta - 1);
            const gj = Math.exp(-eta * rj * rj), gk = Math.exp(-eta * rk * rk);
            const Rj = gj * fc(rj, rc), Rk = gk * fc(rk, rc);
            const Rdj = gj * (-2 * eta * rj * fc(rj, rc) + dfc(rj, rc)) / rj;
            const Rdk = gk * (-2 * eta * rk * fc(rk, rc) + dfc(rk, rc)) / rk;
            let Q = 1, Qd = 0;
            if (withJK) {
              const gjk = Math.exp(-eta * rjk * rjk);
              Q = gjk * fc(rjk, rc);
              Qd = gjk * (-2 * eta * fc(rjk, rc) + dfc(rjk, rc) / rjk);
            }
            const P = Rj * Rk * Q;
            sum += A * P;
            if (!wantD) continue;
            // ∂T/∂a = ca·a + cx·b, ∂T/∂b = cb·b + cx·a (a = r_ij, b = r_ik)
            const u = Ad * P, w = A * Rj * Rk * Qd;
            const ca = A * Rdj * Rk * Q - (u * c) / (rj * rj) + w;
            const cb = A * Rj * Rdk * Q - (u * c) / (rk * rk) + w;
            const cx = u / (rj * rk) - w;
            addD(1 + p, f, ca * ax + cx * bx, ca * ay + cx * by, ca * az + cx * bz);
            addD(1 + q, f, cb * bx + cx * ax, cb * by + cx * ay, cb * bz + cx * az);
          }
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

// Symmetry-function driver: values, derivatives by every atom position, and strain derivatives
// of Behler G2/G4/G5 (g2.ts, g4.ts, g5.ts, angular.ts) for all atoms of a structure, in one pass
// over the neighbour list (neighbours.ts output, fed in without copies).
//
// Two kernels with the same signature: `symfuncScalar`, the plain reference (one pair and one
// function at a time, Math.exp/Math.cos), and `symfuncSimd` (f64x2, two neighbours k per step).
// Their results agree to ~1e−15 relative (test/descriptors-mlearn.test.ts).
//
// How symfuncSimd works, per centre atom i:
//  1. neighbours are copied into element blocks (structure-of-arrays X, Y, Z, R), each block
//     padded to an even length with dummy neighbours 1000 Å away (all their terms are 0);
//  2. radial terms R(r) and Rd = (dR/dr)/r of every neighbour, once per (η, Rs, Rc);
//  3. G2: sums of R over the block of the neighbour element; ∂G/∂r_j = Rd·r_ij;
//  4. angular: for each neighbour j, the pair data of all k > j (cos θ, 1/(r_ij r_ik), and per
//     group P, Pa, Pb, Pc of angular.ts) for the k-pairs (k, k+1) in which some r_jk is below
//     the G4 cutoff (kList); then each function of the group loops over the listed k-pairs of
//     its second element's block. Gradients are kept as ∂G/∂r_k = S_k·r_ik + C_k (rows S, Cx,
//     Cy, Cz per function, indexed by k), so the j side is a register sum and the k side a
//     vector update;
//  5. the entries ∂G/∂r_p = S·r_ip + C in neighbour-list order, the centre entry −Σ_p, and the
//     strain derivative, in one pass.
//
// Arguments (pointers to linear memory; i32 and f64 arrays):
//  n            number of atoms
//  types        n i32: element index of each atom in the descriptor set (−1: not in the set;
//               such atoms are skipped as centres and ignored as neighbours)
//  nel          number of elements in the set
//  plan         f64 parameter table, see below; planOffset: nel i32, start of each centre
//               element's section (−1: no functions for this centre element)
//  start, idx, vec, dist   the full neighbour list: start (n+1) i32, idx i32, vec 3/pair f64
//               r_ij = x_j + S·A − x_i (Å), dist f64 |r_ij|
//  values       output; atom i's nf values start at values[valOffset[i]] (valOffset n i32)
//  deriv        output (flags bit 0); atom i's block starts at deriv[derivOffset[i]] (n i32) and
//               is (1 + M_i) × 3 × nf: [entry][x|y|z][f], entry 0 = the centre, entry 1 + p =
//               neighbour-list entry start[i] + p: ∂G_f(i)/∂r (by that image's position)
//  strain       output (flags bit 1); atom i's 6 × nf block at strain[strainOffset[i]] (n i32):
//               W_v[f] = ∂G_f(i)/∂ε_αβ = Σ_entries (∂G_f/∂r_α) r_β for the deformation
//               x → (I + ε) x with the single component ε_αβ, Voigt v = xx yy zz yz xz xy
//  flags        bit 0 derivatives, bit 1 strain derivatives
// Returns 0.
//
// Plan section of one centre element (all numbers stored as f64):
//   nf                                  number of functions (= output columns)
//   nrk, nrk × [η, Rs, Rc]              radial terms R(r) = exp(−η (r − Rs)²) fc(r) (g2.ts)
//   ng2, ng2 × [term, nbrEl, col]       G2 functions: radial term index, neighbour element, column
//   ngrp, per group [term, withJK, η, Rc, nfun] then nfun × [e1, e2, ζ, λ, col, 2^(1−ζ)]
//                                       angular groups sharing P = R(r_ij) R(r_ik) Q(r_jk)
//                                       (withJK = 1: G4, Q of g4.ts; 0: G5, Q = 1), e1 ≤ e2.
// Groups must be sorted by Rc (the SIMD kernel reuses fc(r_jk) between groups of equal Rc).

import { Scratch } from "./memory";
import { radialScalar, radialSimd, cutoffSimd, g2BlockSimd } from "./g2";
import { pairFactorScalar, pairFactorSimd } from "./g4";
import { pairFactorG5Scalar } from "./g5";
import { shapeScalar, angularSimd } from "./angular";
import { fcSimd } from "./cutoff";

@inline function ldf(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline function stf(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
@inline function ldi(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline function sti(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
@inline function addf(p: usize, i: i32, v: f64): void { const a = p + (<usize>i << 3); store<f64>(a, load<f64>(a) + v); }

/** Add the j-side sums of one function (jOut[0..3]: Σ ca, Σ cx·b) to entry j of its rows S, Cx, Cy, Cz. */
@inline function addJSide(s1: usize, rowB: usize, j: i32, jOut: usize): void {
  addf(s1, j, load<f64>(jOut)); addf(s1 + rowB, j, load<f64>(jOut, 8));
  addf(s1 + 2 * rowB, j, load<f64>(jOut, 16)); addf(s1 + 3 * rowB, j, load<f64>(jOut, 24));
}

/** ζ as an integer when it is one (1 ≤ ζ ≤ 64), else 0 (pow path). */
@inline function intZeta(zeta: f64): i32 {
  return zeta >= 1.0 && zeta <= 64.0 && Math.floor(zeta) == zeta ? <i32>zeta : 0;
}

const tmp = new Scratch();      // small fixed-size temporaries (out-parameters)
const work = new Scratch();     // per-centre f64 arrays
const iwork = new Scratch();    // per-centre i32 arrays
const entryBuf = new Scratch(); // derivative entries when only strain is requested
const gparBuf = new Scratch();  // per-group parameter records of the current neighbour j (SIMD kernel)

/**
 * Centre-entry and strain from the neighbour entries of one atom: entry 0 = −Σ entries;
 * W_v = Σ_p (∂G/∂r_p,α) r_p,β (the centre has r = 0 and adds nothing).
 */
function finishAtom(d: usize, M: i32, nf: i32, vecI: usize, strainOut: usize): void {
  const row = 3 * nf;
  for (let p = 0; p < M; p++) {
    const e = d + (<usize>((1 + p) * row) << 3);
    for (let q = 0; q < row; q++) addf(d, q, -load<f64>(e + (<usize>q << 3)));
  }
  if (!strainOut) return;
  for (let q = 0; q < 6 * nf; q++) stf(strainOut, q, 0.0);
  for (let p = 0; p < M; p++) {
    const e = d + (<usize>((1 + p) * row) << 3);
    const rx = ldf(vecI, 3 * p), ry = ldf(vecI, 3 * p + 1), rz = ldf(vecI, 3 * p + 2);
    for (let f = 0; f < nf; f++) {
      const dx = ldf(e, f), dy = ldf(e, nf + f), dz = ldf(e, 2 * nf + f);
      addf(strainOut, f, dx * rx);
      addf(strainOut, nf + f, dy * ry);
      addf(strainOut, 2 * nf + f, dz * rz);
      addf(strainOut, 3 * nf + f, dy * rz);
      addf(strainOut, 4 * nf + f, dx * rz);
      addf(strainOut, 5 * nf + f, dx * ry);
    }
  }
}

/** Scalar reference kernel (see the file header for the arguments). */
export function symfuncScalar(
  n: i32, types: usize, nel: i32, plan: usize, planOffset: usize,
  start: usize, idx: usize, vec: usize, dist: usize,
  values: usize, valOffset: usize, deriv: usize, derivOffset: usize,
  strain: usize, strainOffset: usize, flags: i32,
): i32 {
  const t2 = tmp.ensure(64);
  for (let i = 0; i < n; i++) {
    const e = ldi(types, i);
    if (e < 0) continue;
    const po = ldi(planOffset, e);
    if (po < 0) continue;
    const nf = <i32>ldf(plan, po);
    const p0 = ldi(start, i), M = ldi(start, i + 1) - p0;
    const vout = values + (<usize>ldi(valOffset, i) << 3);
    for (let f = 0; f < nf; f++) stf(vout, f, 0.0);
    const wantD = (flags & 3) != 0;
    let d: usize = 0;
    if (wantD) {
      d = (flags & 1) ? deriv + (<usize>ldi(derivOffset, i) << 3) : entryBuf.ensure(<usize>((1 + M) * 3 * nf) << 3);
      memory.fill(d, 0, <usize>((1 + M) * 3 * nf) << 3);
    }
    const vecI = vec + (<usize>(3 * p0) << 3);
    // Radial terms R, Rd of every neighbour for every term.
    let q = po + 1;
    const nrk = <i32>ldf(plan, q);
    const rad = work.ensure(<usize>(2 * nrk * M + 2) << 3);
    for (let t = 0; t < nrk; t++) {
      const eta = ldf(plan, q + 1 + 3 * t), rs = ldf(plan, q + 2 + 3 * t), rc = ldf(plan, q + 3 + 3 * t);
      for (let p = 0; p < M; p++) {
        if (ldi(types, ldi(idx, p0 + p)) < 0) { stf(rad, t * M + p, 0.0); stf(rad, (nrk + t) * M + p, 0.0); continue; }
        radialScalar(ldf(dist, p0 + p), eta, rs, rc, t2);
        stf(rad, t * M + p, load<f64>(t2));
        stf(rad, (nrk + t) * M + p, load<f64>(t2, 8));
      }
    }
    q += 1 + 3 * nrk;
    // G2: Σ_j R(r_ij); ∂/∂r_j = Rd · r_ij.
    const ng2 = <i32>ldf(plan, q);
    for (let g = 0; g < ng2; g++) {
      const t = <i32>ldf(plan, q + 1 + 3 * g), nb = <i32>ldf(plan, q + 2 + 3 * g), col = <i32>ldf(plan, q + 3 + 3 * g);
      let sum = 0.0;
      for (let p = 0; p < M; p++) {
        if (ldi(types, ldi(idx, p0 + p)) != nb) continue;
        sum += ldf(rad, t * M + p);
        if (wantD) {
          const rd = ldf(rad, (nrk + t) * M + p);
          const ep = d + (<usize>((1 + p) * 3 * nf + col) << 3);
          for (let a = 0; a < 3; a++) addf(ep, a * nf, rd * ldf(vecI, 3 * p + a));
        }
      }
      stf(vout, col, ldf(vout, col) + sum);
    }
    q += 1 + 3 * ng2;
    // Angular groups: every unordered pair (p < r) of neighbours once.
    const ngrp = <i32>ldf(plan, q);
    const qg0 = q + 1;
    if (ngrp > 0) {
      for (let p = 0; p < M; p++) {
        const ep = ldi(types, ldi(idx, p0 + p));
        if (ep < 0) continue;
        const ax = ldf(vecI, 3 * p), ay = ldf(vecI, 3 * p + 1), az = ldf(vecI, 3 * p + 2), rj = ldf(dist, p0 + p);
        for (let r = p + 1; r < M; r++) {
          const er = ldi(types, ldi(idx, p0 + r));
          if (er < 0) continue;
          const bx = ldf(vecI, 3 * r), by = ldf(vecI, 3 * r + 1), bz = ldf(vecI, 3 * r + 2), rk = ldf(dist, p0 + r);
          const dot = ax * bx + ay * by + az * bz;
          const inv = 1.0 / (rj * rk), c = dot * inv;
          const jx = bx - ax, jy = by - ay, jz = bz - az;
          const rjk = Math.sqrt(jx * jx + jy * jy + jz * jz);
          let qq = qg0;
          for (let g = 0; g < ngrp; g++) {
            const t = <i32>ldf(plan, qq), withJK = ldf(plan, qq + 1) != 0.0;
            const eta = ldf(plan, qq + 2), rc = ldf(plan, qq + 3);
            const nfun = <i32>ldf(plan, qq + 4);
            const fq = qq + 5;
            qq += 5 + 6 * nfun;
            const Rj = ldf(rad, t * M + p), Rk = ldf(rad, t * M + r);
            if (Rj == 0.0 || Rk == 0.0) continue;
            if (withJK) {
              if (rjk >= rc) continue;
              pairFactorScalar(rjk, eta, rc, t2);
            } else pairFactorG5Scalar(t2);
            const Q = load<f64>(t2), Qd = load<f64>(t2, 8);
            const Rdj = ldf(rad, (nrk + t) * M + p), Rdk = ldf(rad, (nrk + t) * M + r);
            const P = Rj * Rk * Q, Pa = Rdj * Rk * Q, Pb = Rj * Rdk * Q, Pc = Rj * Rk * Qd;
            for (let f = 0; f < nfun; f++) {
              const o = fq + 6 * f;
              const e1 = <i32>ldf(plan, o), e2 = <i32>ldf(plan, o + 1);
              if (!((ep == e1 && er == e2) || (ep == e2 && er == e1))) continue;
              const zeta = ldf(plan, o + 2), lambda = ldf(plan, o + 3), col = <i32>ldf(plan, o + 4);
              shapeScalar(c, zeta, intZeta(zeta), lambda, ldf(plan, o + 5), t2 + 16);
              const A = load<f64>(t2, 16), Ad = load<f64>(t2, 24);
              addf(vout, col, A * P);
              if (!wantD) continue;
              const u = Ad * P, w = A * Pc;
              const ca = A * Pa - u * c / (rj * rj) + w;
              const cb = A * Pb - u * c / (rk * rk) + w;
              const cx = u * inv - w;
              const dj = d + (<usize>((1 + p) * 3 * nf + col) << 3);
              const dk = d + (<usize>((1 + r) * 3 * nf + col) << 3);
              addf(dj, 0, ca * ax + cx * bx); addf(dj, nf, ca * ay + cx * by); addf(dj, 2 * nf, ca * az + cx * bz);
              addf(dk, 0, cb * bx + cx * ax); addf(dk, nf, cb * by + cx * ay); addf(dk, 2 * nf, cb * bz + cx * az);
            }
          }
        }
      }
    }
    if (wantD) finishAtom(d, M, nf, vecI, (flags & 2) ? strain + (<usize>ldi(strainOffset, i) << 3) : 0);
  }
  return 0;
}

/**
 * Per-centre working arrays of the SIMD kernel (byte addresses into the `work`/`iwork` scratch),
 * laid out afresh for every centre atom by `layoutCentre`. Arrays indexed by the sorted
 * neighbour slot k (0 … Mp−1) unless stated otherwise.
 */
class Centre {
  M: i32 = 0;          // neighbours in the list
  Mp: i32 = 0;         // slots: element blocks padded to even lengths
  nf: i32 = 0;
  X: usize = 0; Y: usize = 0; Z: usize = 0; R: usize = 0; // r_ik components and |r_ik| (f64)
  rad: usize = 0;      // nrk × Mp radial terms R, then nrk × Mp Rd = (dR/dr)/r
  cosA: usize = 0;     // cos θ_jik for the current j
  fcA: usize = 0; dfcA: usize = 0; // fc(r_ik), dfc/dr for the current cutoff (radial terms)
  pArr: usize = 0;     // per angular group 7 × Mp: P, U1, U2, Pc, V1, V2, V3 (angular.ts)
  acc: usize = 0;      // S, Cx, Cy, Cz rows: each nf × Mp (derivatives only)
  rowB: usize = 0;     // bytes between the S, Cx, Cy, Cz row sets (nf × Mp × 8)
  bEl: usize = 0;      // per element: block start, end (i32)
  map: usize = 0;      // slot → neighbour-list entry p, −1 for dummies (i32, Mp)
  invMap: usize = 0;   // entry p → slot, −1 for neighbours outside the set (i32, M)
  kList: usize = 0;    // listed k-pairs of the current j (i32, even k)
  qEl: usize = 0;      // per element: first and end index in kList (i32)
  gpar: usize = 0;     // per angular group of the current j: 64-byte parameter record
}

const centre = new Centre();

/**
 * Step 1: copy the neighbours of atom i into element blocks, each padded to an even length with
 * dummies (1000 Å away: every term is 0), and lay out all per-centre arrays.
 */
function layoutCentre(a: Centre, nel: i32, types: usize, idx: usize, p0: i32, M: i32, vecI: usize, dist: usize,
  nf: i32, nrk: i32, ngrp: i32, wantD: bool): void {
  a.M = M; a.nf = nf;
  const iw = iwork.ensure(<usize>(7 * nel + 3 * M + 8) << 2);
  a.bEl = iw;
  const bEl = iw;
  for (let k = 0; k < 2 * nel; k++) sti(bEl, k, 0);
  for (let p = 0; p < M; p++) {
    const ej = ldi(types, ldi(idx, p0 + p));
    if (ej >= 0) sti(bEl, 2 * ej + 1, ldi(bEl, 2 * ej + 1) + 1);
  }
  let Mp = 0;
  for (let k = 0; k < nel; k++) {
    const cnt = ldi(bEl, 2 * k + 1);
    sti(bEl, 2 * k, Mp);
    sti(bEl, 2 * k + 1, Mp); // fill pointer while copying
    Mp += (cnt + 1) & ~1;
  }
  if (Mp == 0) Mp = 2;
  a.Mp = Mp;
  a.map = bEl + (<usize>(2 * nel) << 2);
  a.invMap = a.map + (<usize>Mp << 2);
  a.kList = a.invMap + (<usize>M << 2);
  a.qEl = a.kList + (<usize>((Mp >> 1) + 1) << 2);
  const nArr = 4 + 2 * nrk + 3 + 7 * ngrp + (wantD ? 4 * nf : 0);
  const w = work.ensure(<usize>(nArr * Mp) << 3);
  const row = <usize>Mp << 3;
  a.X = w; a.Y = w + row; a.Z = w + 2 * row; a.R = w + 3 * row;
  a.rad = w + 4 * row;
  a.cosA = a.rad + <usize>(2 * nrk) * row;
  a.fcA = a.cosA + row; a.dfcA = a.fcA + row;
  a.pArr = a.dfcA + row;
  a.acc = a.pArr + <usize>(7 * ngrp) * row;
  a.rowB = <usize>nf * row;
  a.gpar = gparBuf.ensure(<usize>(ngrp + 1) << 6);
  for (let k = 0; k < Mp; k++) { stf(a.X, k, 0.0); stf(a.Y, k, 0.0); stf(a.Z, k, 1000.0); stf(a.R, k, 1000.0); sti(a.map, k, -1); }
  for (let p = 0; p < M; p++) {
    const ej = ldi(types, ldi(idx, p0 + p));
    if (ej < 0) { sti(a.invMap, p, -1); continue; }
    const k = ldi(bEl, 2 * ej + 1);
    sti(bEl, 2 * ej + 1, k + 1);
    stf(a.X, k, ldf(vecI, 3 * p)); stf(a.Y, k, ldf(vecI, 3 * p + 1)); stf(a.Z, k, ldf(vecI, 3 * p + 2));
    stf(a.R, k, ldf(dist, p0 + p));
    sti(a.map, k, p); sti(a.invMap, p, k);
  }
  for (let k = 0; k < nel; k++) sti(bEl, 2 * k + 1, (ldi(bEl, 2 * k + 1) + 1) & ~1);
}

/**
 * Step 4a: for neighbour slot j, the pair data of every k-pair (k, k+1) with k ≥ j+1 rounded down
 * to even, skipping (not listing) k-pairs whose r_jk are both ≥ pairCut; lane k = j is masked.
 * Fills kList and the per-element ranges qEl.
 */
@inline function pairData(a: Centre, j: i32, kev: i32, nel: i32, plan: usize, qGr: i32, ngrp: i32, nrk: i32, pairCut2: f64, wantD: bool, t2: usize): void {
  const Mp = a.Mp, X = a.X, Y = a.Y, Z = a.Z, R = a.R, rad = a.rad, gpar = a.gpar, bEl = a.bEl, qEl = a.qEl;
  const kList = a.kList, cosA = a.cosA, pArr = a.pArr;
  const fcBuf = t2 + 64, qBuf = t2 + 96;
  const ax = ldf(X, j), ay = ldf(Y, j), az = ldf(Z, j), rj = ldf(R, j);
  const vax = f64x2.splat(ax), vay = f64x2.splat(ay), vaz = f64x2.splat(az), vrj = f64x2.splat(rj);
  const vrj2 = f64x2.splat(rj * rj), vinvRj2 = f64x2.splat(1.0 / (rj * rj)), vPairCut2 = f64x2.splat(pairCut2);
  // Per-group record, 64 bytes: i32 radial-term byte offset (at 8), i32 withJK (12), f64 η (16),
  // Rc (24), v128 splat R(r_ij) (32), Rd(r_ij) (48).
  for (let g = 0, qq = qGr + 1; g < ngrp; g++) {
    const gq = gpar + (<usize>g << 6), t = <i32>ldf(plan, qq);
    store<i32>(gq, (t * Mp) << 3, 8);
    store<i32>(gq, ldf(plan, qq + 1) != 0.0 ? 1 : 0, 12);
    store<f64>(gq, ldf(plan, qq + 2), 16);
    store<f64>(gq, ldf(plan, qq + 3), 24);
    v128.store(gq + 32, f64x2.splat(ldf(rad, t * Mp + j)));
    v128.store(gq + 48, f64x2.splat(ldf(rad, (nrk + t) * Mp + j)));
    qq += 5 + 6 * <i32>ldf(plan, qq + 4);
  }
  const firstMask = (kev == j) ? i64x2(0, -1) : i64x2(-1, -1);
  let nq = 0, blk = 0;
  for (let b = 0; b < nel; b++) { sti(qEl, 2 * b, 0); sti(qEl, 2 * b + 1, 0); }
  for (let k = kev; k < Mp; k += 2) {
    const o = <usize>k << 3;
    while (k >= ldi(bEl, 2 * blk + 1)) { sti(qEl, 2 * blk + 1, nq); blk++; sti(qEl, 2 * blk, nq); }
    const bx = v128.load(X + o), by = v128.load(Y + o), bz = v128.load(Z + o), rk = v128.load(R + o);
    // r_jk² = |b − a|² from the difference (no cancellation for close pairs).
    const dx = f64x2.sub(bx, vax), dy = f64x2.sub(by, vay), dz = f64x2.sub(bz, vaz);
    const rjk2 = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
    if (!v128.any_true(f64x2.lt(rjk2, vPairCut2))) continue;
    sti(kList, nq++, k);
    const dot = f64x2.add(f64x2.add(f64x2.mul(vax, bx), f64x2.mul(vay, by)), f64x2.mul(vaz, bz));
    const inv = f64x2.div(f64x2.splat(1.0), f64x2.mul(vrj, rk));
    const c = f64x2.mul(dot, inv);
    v128.store(cosA + o, c);
    const cjv = f64x2.mul(c, vinvRj2), ckv = f64x2.mul(c, f64x2.mul(inv, f64x2.mul(inv, vrj2)));
    const rjk = f64x2.sqrt(rjk2), invRjk = f64x2.div(f64x2.splat(1.0), rjk);
    const mask = k == kev ? firstMask : i64x2(-1, -1);
    let lastRc = -1.0;
    for (let g = 0; g < ngrp; g++) {
      const gq = gpar + (<usize>g << 6);
      const rc = load<f64>(gq, 24);
      const Rj = v128.load(gq + 32), Rdj = v128.load(gq + 48);
      const ro = <usize>load<i32>(gq, 8);
      const Rk = v128.load(rad + ro + o), Rdk = v128.load(rad + ro + (<usize>(nrk * Mp) << 3) + o);
      let Q = f64x2.splat(1.0), Qd = f64x2.splat(0.0);
      if (load<i32>(gq, 12)) {
        if (rc != lastRc) { fcSimd(rjk, rc, fcBuf); lastRc = rc; }
        pairFactorSimd(rjk2, invRjk, load<f64>(gq, 16), fcBuf, qBuf);
        Q = v128.load(qBuf); Qd = v128.load(qBuf, 16);
      }
      const RkQ = f64x2.mul(Rk, Q);
      const gp = pArr + (<usize>(7 * g * Mp) << 3) + o, gs = <usize>Mp << 3;
      const P = v128.and(f64x2.mul(Rj, RkQ), mask);
      v128.store(gp, P);
      if (!wantD) continue;
      const Pa = f64x2.mul(Rdj, RkQ), Pb = f64x2.mul(Rj, f64x2.mul(Rdk, Q));
      const Pc = v128.and(f64x2.mul(f64x2.mul(Rj, Rk), Qd), mask);
      v128.store(gp + gs, v128.and(f64x2.add(Pa, Pc), mask));
      v128.store(gp + 2 * gs, v128.and(f64x2.add(Pb, Pc), mask));
      v128.store(gp + 3 * gs, Pc);
      v128.store(gp + 4 * gs, f64x2.mul(P, cjv));
      v128.store(gp + 5 * gs, f64x2.mul(P, ckv));
      v128.store(gp + 6 * gs, f64x2.mul(P, inv));
    }
  }
  sti(qEl, 2 * blk + 1, nq);
  for (let b = blk + 1; b < nel; b++) { sti(qEl, 2 * b, nq); sti(qEl, 2 * b + 1, nq); }
}

/** Step 4b: every angular function whose first element is e_j, over its listed k-pairs. */
@inline function angularForJ(a: Centre, j: i32, ej: i32, plan: usize, qGr: i32, ngrp: i32, vout: usize, wantD: bool, jOut: usize): void {
  const Mp = a.Mp, rowB = a.rowB;
  const ax = ldf(a.X, j), ay = ldf(a.Y, j), az = ldf(a.Z, j);
  let qq = qGr + 1;
  for (let g = 0; g < ngrp; g++) {
    const nfun = <i32>ldf(plan, qq + 4);
    const fq = qq + 5;
    qq += 5 + 6 * nfun;
    if (f64x2.extract_lane(v128.load(a.gpar + (<usize>g << 6) + 32), 0) == 0.0) continue; // j beyond this cutoff
    const gp = a.pArr + (<usize>(7 * g * Mp) << 3), gs = <usize>Mp << 3;
    for (let f = 0; f < nfun; f++) {
      const o = fq + 6 * f;
      if (<i32>ldf(plan, o) != ej) continue;
      const e2 = <i32>ldf(plan, o + 1);
      const q0 = ldi(a.qEl, 2 * e2), q1 = ldi(a.qEl, 2 * e2 + 1);
      if (q0 >= q1) continue;
      const zeta = ldf(plan, o + 2), col = <i32>ldf(plan, o + 4);
      const sRow = wantD ? a.acc + <usize>col * (<usize>Mp << 3) : 0;
      const v = angularSimd(a.kList, q0, q1, a.cosA, gp, gp + gs, gp + 2 * gs, gp + 3 * gs, gp + 4 * gs, gp + 5 * gs, gp + 6 * gs,
        a.X, a.Y, a.Z, ax, ay, az, zeta, intZeta(zeta), ldf(plan, o + 3), ldf(plan, o + 5),
        sRow, sRow + rowB, sRow + 2 * rowB, sRow + 3 * rowB, jOut);
      addf(vout, col, v);
      if (wantD) addJSide(sRow, rowB, j, jOut);
    }
  }
}

/**
 * Step 5: derivative entries in neighbour-list order, ∂G/∂r_p = S·r_ip + C, the centre entry
 * −Σ_p, and (sOut ≠ 0) the strain derivative W_v = Σ_p (∂G/∂r_p,α) r_p,β, in one pass.
 */
function writeEntries(a: Centre, d: usize, sOut: usize): void {
  const nf = a.nf, M = a.M, rowB = a.rowB, Mp = a.Mp, X = a.X, Y = a.Y, Z = a.Z, acc = a.acc, invMap = a.invMap;
  memory.fill(d, 0, <usize>(3 * nf) << 3);
  if (sOut) memory.fill(sOut, 0, <usize>(6 * nf) << 3);
  for (let p = 0; p < M; p++) {
    const e0 = d + (<usize>((1 + p) * 3 * nf) << 3);
    const k = ldi(invMap, p);
    if (k < 0) { memory.fill(e0, 0, <usize>(3 * nf) << 3); continue; }
    const x = ldf(X, k), y = ldf(Y, k), z = ldf(Z, k);
    for (let f = 0; f < nf; f++) {
      const s = acc + <usize>f * (<usize>Mp << 3);
      const sv = ldf(s, k);
      const dx = sv * x + ldf(s + rowB, k), dy = sv * y + ldf(s + 2 * rowB, k), dz = sv * z + ldf(s + 3 * rowB, k);
      stf(e0, f, dx); stf(e0, nf + f, dy); stf(e0, 2 * nf + f, dz);
      addf(d, f, -dx); addf(d, nf + f, -dy); addf(d, 2 * nf + f, -dz);
      if (sOut) {
        addf(sOut, f, dx * x); addf(sOut, nf + f, dy * y); addf(sOut, 2 * nf + f, dz * z);
        addf(sOut, 3 * nf + f, dy * z); addf(sOut, 4 * nf + f, dx * z); addf(sOut, 5 * nf + f, dx * y);
      }
    }
  }
}

/** SIMD kernel (same arguments and results as symfuncScalar; method in the file header). */
export function symfuncSimd(
  n: i32, types: usize, nel: i32, plan: usize, planOffset: usize,
  start: usize, idx: usize, vec: usize, dist: usize,
  values: usize, valOffset: usize, deriv: usize, derivOffset: usize,
  strain: usize, strainOffset: usize, flags: i32,
): i32 {
  const t2 = tmp.ensure(256), jOut = t2 + 128;
  const wantD = (flags & 3) != 0;
  const a = centre;
  for (let i = 0; i < n; i++) {
    const e = ldi(types, i);
    if (e < 0) continue;
    const po = ldi(planOffset, e);
    if (po < 0) continue;
    // Plan section of this element: counts and offsets.
    const nf = <i32>ldf(plan, po);
    const nrk = <i32>ldf(plan, po + 1);
    const qG2 = po + 2 + 3 * nrk;
    const ng2 = <i32>ldf(plan, qG2);
    const qGr = qG2 + 1 + 3 * ng2;
    const ngrp = <i32>ldf(plan, qGr);
    // Pairs (j, k) count only if r_jk < the largest G4 cutoff, unless a G5 group (no r_jk cutoff) exists.
    let pairCut = 0.0;
    for (let g = 0, qq = qGr + 1; g < ngrp; g++) {
      const rc = ldf(plan, qq + 3);
      if (ldf(plan, qq + 1) == 0.0) pairCut = Infinity; else if (rc > pairCut) pairCut = rc;
      qq += 5 + 6 * <i32>ldf(plan, qq + 4);
    }
    const p0 = ldi(start, i), M = ldi(start, i + 1) - p0;
    const vecI = vec + (<usize>(3 * p0) << 3);

    // 1. Element blocks and per-centre arrays.
    layoutCentre(a, nel, types, idx, p0, M, vecI, dist, nf, nrk, ngrp, wantD);
    const Mp = a.Mp;

    // 2. Radial terms; fc(r) once per cutoff.
    let lastRc = -1.0;
    for (let t = 0; t < nrk; t++) {
      const rc = ldf(plan, po + 4 + 3 * t);
      if (rc != lastRc) { cutoffSimd(a.R, Mp, rc, a.fcA, a.dfcA, t2); lastRc = rc; }
      radialSimd(a.R, Mp, ldf(plan, po + 2 + 3 * t), ldf(plan, po + 3 + 3 * t), a.fcA, a.dfcA,
        a.rad + (<usize>(t * Mp) << 3), a.rad + (<usize>((nrk + t) * Mp) << 3));
    }
    if (wantD) memory.fill(a.acc, 0, <usize>(4 * nf * Mp) << 3);
    const vout = values + (<usize>ldi(valOffset, i) << 3);
    for (let f = 0; f < nf; f++) stf(vout, f, 0.0);

    // 3. G2 over the block of its neighbour element.
    for (let g = 0; g < ng2; g++) {
      const t = <i32>ldf(plan, qG2 + 1 + 3 * g), nb = <i32>ldf(plan, qG2 + 2 + 3 * g), col = <i32>ldf(plan, qG2 + 3 + 3 * g);
      if (nb < 0 || nb >= nel) continue;
      const s = g2BlockSimd(a.rad + (<usize>(t * Mp) << 3), a.rad + (<usize>((nrk + t) * Mp) << 3),
        ldi(a.bEl, 2 * nb), ldi(a.bEl, 2 * nb + 1), wantD ? a.acc + <usize>col * (<usize>Mp << 3) : 0);
      addf(vout, col, s);
    }

    // 4. Angular: for each neighbour j the pairs (j, k > j); each function's k run over the block
    //    of its second element, so each unordered pair is met once, with e_j ≤ e_k.
    if (ngrp > 0) {
      let ej = 0;
      for (let j = 0; j < Mp; j++) {
        if (ldi(a.map, j) < 0) continue;
        while (j >= ldi(a.bEl, 2 * ej + 1)) ej++;
        const kev = (j + 1) & ~1;
        if (kev >= Mp) continue;
        pairData(a, j, kev, nel, plan, qGr, ngrp, nrk, pairCut * pairCut, wantD, t2);
        angularForJ(a, j, ej, plan, qGr, ngrp, vout, wantD, jOut);
      }
    }

    // 5. Entries, centre and strain.
    if (!wantD) continue;
    const d = (flags & 1) ? deriv + (<usize>ldi(derivOffset, i) << 3) : entryBuf.ensure(<usize>((1 + M) * 3 * nf) << 3);
    writeEntries(a, d, (flags & 2) ? strain + (<usize>ldi(strainOffset, i) << 3) : 0);
  }
  return 0;
}

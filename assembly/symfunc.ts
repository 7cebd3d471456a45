// Symmetry-function driver: values, derivatives by every atom position, and strain derivatives
// of every symmetry-function type (docs/descriptors.md) for all atoms of a structure, in one pass
// over the neighbour list (neighbours.ts output, fed in without copies). One mechanism serves all
// types: a function is a sum over neighbours j (radial) or neighbour pairs j < k (angular) of
//   radial:   weight · R(r_ij)
//   angular:  weight · A(θ_jik) · R(r_ij) R(r_ik) Q(r_jk)
// with the radial term R = g·w (radial.ts: Gaussian or compact, windows of cutoff.ts), the pair
// factor Q (pair.ts: R(r_jk) for the narrow types, 1 for the wide ones), the angular part A
// (angular.ts: Behler or compact) and weight 1, Z_j or Z_j Z_k (weighted types 12, 13, 23–25).
//
// Two kernels with the same signature: `symfuncScalar`, the plain reference (one pair and one
// function at a time, Math.exp/Math.cos), and `symfuncSimd` (f64x2, two neighbours k per step).
// Their results agree to ~1e−15 relative (test/descriptors-mlearn.test.ts, descriptors-types.test.ts).
//
// How symfuncSimd works, per centre atom i:
//  1. neighbours are copied into element blocks (structure-of-arrays X, Y, Z, R; "slots"), each
//     block padded to an even length with dummy neighbours 1000 Å away (all their terms are 0),
//     plus one more dummy slot D that pads pair lists;
//  2. radial terms R(r) and Rd = (dR/dr)/r of every slot, once per term, two slots at a time, the
//     window w(r) once per distinct window;
//  3. radial functions: sums of R over the block of the neighbour element (weighted: every block,
//     times its Z); ∂G/∂r_k = Rd·r_ik;
//  4. angular, for each neighbour j: (a) the k > j with r_jk and r_ik within the cutoffs are
//     compacted into a list (kc), so that both lanes of every step are real pairs (j, k0), (j, k1) — about
//     30 % fewer steps than running over all k; pairs beyond every narrow cutoff (r_jk) come last
//     and only the wide groups see them; when the groups' radial supports differ, the slots are
//     sorted by distance (step 1) and each group takes only the steps its support reaches
//     (groupRanges). Then, in phases over all steps of this j, each a
//     short loop whose iterations are independent (the processor overlaps them; one long loop
//     body per step was bound by the latency of its exp/cos chains):
//      b. geometry: cos θ, d = r_ik − r_ij, r_jk, and the factors the coefficients need; then
//         A(c), A'(c) of every distinct angular part (angular.ts shapesSimd);
//      c. per group (radial term, narrow/wide, weighted): the window at r_jk once per distinct
//         window, the pair factor Q(r_jk), P and its derivative coefficients (pairFactorLoop);
//      d. each function adds its value and gradient coefficients (angularTerm), from the step
//         records of b–c. Gradients are kept per slot as ∂G_f/∂r_k = S·r_ik + C in a record of 4 f64
//         (S, Cx, Cy, Cz) per function: the j side is summed over the steps in jAcc, the k side
//         is added to the records of k0 and k1 (lanes transposed, angular.ts addKSide);
//  5. the entries ∂G/∂r_p = S·r_ip + C in neighbour-list order, the centre entry −Σ_p, and the
//     strain derivative, in one pass, two functions per step.
// Speed notes (V8): the step records of 4b–c are also how values reach the inner loops (V8
// recomputes or spills values kept in locals across long loop bodies); constants come from a
// table in memory (vmath.ts kv).
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
// Plan (all numbers stored as f64; src/descriptors/plan.ts writes it):
//   header: nel, then Z of each element (the weights of the weighted types)
//   section of one centre element:
//   nf                                  number of functions (= output columns)
//   nrk, nrk × [η, rs, rc, window, p]   radial terms R(r) = g(r)·w(r): window code and parameter
//                                       p (α or r_l) of cutoff.ts; Gaussian g unless compact
//   nrad, nrad × [term, nbrEl, col, weighted]
//                                       radial functions: radial term index, neighbour element
//                                       (−1 with weighted = 1: every neighbour, times its Z), column
//   ngrp, per group [term, narrow, weighted, nfun] then nfun × [e1, e2, col, kind, p1, p2, p3]
//                                       angular groups sharing P = R(r_ij) R(r_ik) Q(r_jk)
//                                       (narrow = 1: Q = R(r_jk); 0: Q = 1; weighted: × Z_j Z_k,
//                                       e1 = e2 = −1: every pair); e1 ≤ e2; angular part kind 0
//                                       Behler (ζ, λ, 2^(1−ζ)) or 1 compact (θ_l, θ_r in
//                                       radians, core code)
// Groups must be sorted by the window of their term (the SIMD kernel reuses w(r_jk) between
// groups with equal windows).

import { Scratch } from "./memory";
import { radialScalar, radialSimd, compactRadialSimd, radialBlockSimd } from "./radial";
import { pairFactorScalar, pairGaussSimd, pairGaussShiftedSimd, pairFactorDerivSimd, pairFactorShiftedDerivSimd } from "./pair";
import {
  shapeScalar, compactShapeScalar, compactAngle, shapesSimd, compactThetas, addKSide, SHAPE_BYTES, SHAPE_BEHLER, SHAPE_COMPACT,
  setShape, sortShapes, findShape,
} from "./angular";
import { setWindow, windowLoop, WIN_BYTES, W_COMPACT } from "./cutoff";
import { hsum, kv, K_ONE, K_ZERO } from "./vmath";

@inline function ldf(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
@inline function stf(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }
@inline function ldi(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline function sti(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }
@inline function addf(p: usize, i: i32, v: f64): void { const a = p + (<usize>i << 3); store<f64>(a, load<f64>(a) + v); }

/** ζ as an integer when it is one (1 ≤ ζ ≤ 64), else 0 (pow path). */
@inline function intZeta(zeta: f64): i32 {
  return zeta >= 1.0 && zeta <= 64.0 && Math.floor(zeta) == zeta ? <i32>zeta : 0;
}

const tmp = new Scratch();      // small fixed-size temporaries (out-parameters)
const work = new Scratch();     // per-centre f64 arrays
const iwork = new Scratch();    // per-centre i32 arrays
const entryBuf = new Scratch(); // derivative entries when only strain is requested

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

// Record lengths of the plan (file header).
const TERM_LEN = 5, RAD_LEN = 4, GRP_LEN = 4, FUN_LEN = 7;

/** Z of element e (plan header): the weight of the weighted types. */
@inline function elementZ(plan: usize, e: i32): f64 { return ldf(plan, 1 + e); }

/**
 * Offsets into one centre element's plan section and the window records of its radial terms
 * (cutoff.ts setWindow), rebuilt when the section changes.
 */
class Section {
  po: i32 = -1;
  nf: i32 = 0;
  nrk: i32 = 0; qTerm: i32 = 0;   // radial terms: count, plan index of the first
  nrad: i32 = 0; qRad: i32 = 0;   // radial functions
  ngrp: i32 = 0; qGr: i32 = 0;    // angular groups (qGr: index of the first group record)
  win: usize = 0;                 // nrk window records, WIN_BYTES each
  compact: bool = false;          // some angular function has a compact angular part
  buf: Scratch = new Scratch();   // storage of the window records
}

function loadSection(sec: Section, plan: usize, po: i32): void {
  if (sec.po == po) return;
  sec.po = po;
  sec.nf = <i32>ldf(plan, po);
  sec.nrk = <i32>ldf(plan, po + 1); sec.qTerm = po + 2;
  const qRad = sec.qTerm + TERM_LEN * sec.nrk;
  sec.nrad = <i32>ldf(plan, qRad); sec.qRad = qRad + 1;
  const qGr = sec.qRad + RAD_LEN * sec.nrad;
  sec.ngrp = <i32>ldf(plan, qGr); sec.qGr = qGr + 1;
  sec.win = sec.buf.ensure(<usize>(WIN_BYTES * sec.nrk + 16));
  for (let t = 0; t < sec.nrk; t++) {
    const q = sec.qTerm + TERM_LEN * t;
    setWindow(sec.win + <usize>(t * WIN_BYTES), <i32>ldf(plan, q + 3), ldf(plan, q + 2), ldf(plan, q + 4));
  }
  sec.compact = false;
  for (let g = 0, qq = sec.qGr; g < sec.ngrp; g++) {
    const nfun = <i32>ldf(plan, qq + 3);
    for (let m = 0; m < nfun; m++) if (<i32>ldf(plan, qq + GRP_LEN + FUN_LEN * m + 3) == SHAPE_COMPACT) sec.compact = true;
    qq += GRP_LEN + FUN_LEN * nfun;
  }
}

const secScalar = new Section();
const secSimd = new Section();

/** Scalar reference kernel (see the file header for the arguments). */
export function symfuncScalar(
  n: i32, types: usize, nel: i32, plan: usize, planOffset: usize,
  start: usize, idx: usize, vec: usize, dist: usize,
  values: usize, valOffset: usize, deriv: usize, derivOffset: usize,
  strain: usize, strainOffset: usize, flags: i32,
): i32 {
  const t2 = tmp.ensure(64);
  const sec = secScalar;
  sec.po = -1;
  for (let i = 0; i < n; i++) {
    const e = ldi(types, i);
    if (e < 0) continue;
    const po = ldi(planOffset, e);
    if (po < 0) continue;
    loadSection(sec, plan, po);
    const nf = sec.nf;
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
    const nrk = sec.nrk;
    const rad = work.ensure(<usize>(2 * nrk * M + 2) << 3);
    for (let t = 0; t < nrk; t++) {
      const q = sec.qTerm + TERM_LEN * t, eta = ldf(plan, q), rs = ldf(plan, q + 1);
      const win = sec.win + <usize>(t * WIN_BYTES);
      for (let p = 0; p < M; p++) {
        if (ldi(types, ldi(idx, p0 + p)) < 0) { stf(rad, t * M + p, 0.0); stf(rad, (nrk + t) * M + p, 0.0); continue; }
        radialScalar(ldf(dist, p0 + p), eta, rs, win, t2);
        stf(rad, t * M + p, load<f64>(t2));
        stf(rad, (nrk + t) * M + p, load<f64>(t2, 8));
      }
    }
    // Radial functions: Σ_j weight·R(r_ij); ∂/∂r_j = weight·Rd·r_ij.
    for (let g = 0; g < sec.nrad; g++) {
      const q = sec.qRad + RAD_LEN * g;
      const t = <i32>ldf(plan, q), nb = <i32>ldf(plan, q + 1), col = <i32>ldf(plan, q + 2), weighted = ldf(plan, q + 3) != 0.0;
      let sum = 0.0;
      for (let p = 0; p < M; p++) {
        const ep = ldi(types, ldi(idx, p0 + p));
        if (ep < 0 || (!weighted && ep != nb)) continue;
        const w = weighted ? elementZ(plan, ep) : 1.0;
        sum += w * ldf(rad, t * M + p);
        if (wantD) {
          const rd = w * ldf(rad, (nrk + t) * M + p);
          const ep = d + (<usize>((1 + p) * 3 * nf + col) << 3);
          for (let a = 0; a < 3; a++) addf(ep, a * nf, rd * ldf(vecI, 3 * p + a));
        }
      }
      stf(vout, col, ldf(vout, col) + sum);
    }
    // Angular groups: every unordered pair (p < r) of neighbours once.
    const ngrp = sec.ngrp;
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
          // θ and −1/sin θ for compact angular parts.
          let theta = 0.0, msin = 0.0;
          if (sec.compact) { compactAngle(c, t2 + 32); theta = load<f64>(t2, 32); msin = load<f64>(t2, 40); }
          let qq = sec.qGr;
          for (let g = 0; g < ngrp; g++) {
            const t = <i32>ldf(plan, qq), narrow = ldf(plan, qq + 1) != 0.0, weighted = ldf(plan, qq + 2) != 0.0;
            const nfun = <i32>ldf(plan, qq + 3);
            const fq = qq + GRP_LEN;
            qq += GRP_LEN + FUN_LEN * nfun;
            const Rj = ldf(rad, t * M + p), Rk = ldf(rad, t * M + r);
            if (Rj == 0.0 || Rk == 0.0) continue;
            let Q = 1.0, Qd = 0.0;
            if (narrow) {
              const win = sec.win + <usize>(t * WIN_BYTES);
              const qt = sec.qTerm + TERM_LEN * t;
              if (rjk >= ldf(plan, qt + 2)) continue;
              pairFactorScalar(rjk, ldf(plan, qt), ldf(plan, qt + 1), win, t2);
              Q = load<f64>(t2); Qd = load<f64>(t2, 8);
            }
            if (weighted) { const w = elementZ(plan, ep) * elementZ(plan, er); Q *= w; Qd *= w; }
            const Rdj = ldf(rad, (nrk + t) * M + p), Rdk = ldf(rad, (nrk + t) * M + r);
            const P = Rj * Rk * Q, Pa = Rdj * Rk * Q, Pb = Rj * Rdk * Q, Pc = Rj * Rk * Qd;
            for (let f = 0; f < nfun; f++) {
              const o = fq + FUN_LEN * f;
              const e1 = <i32>ldf(plan, o), e2 = <i32>ldf(plan, o + 1);
              if (!(e1 < 0 || (ep == e1 && er == e2) || (ep == e2 && er == e1))) continue;
              const col = <i32>ldf(plan, o + 2), kind = <i32>ldf(plan, o + 3);
              const p1 = ldf(plan, o + 4), p2 = ldf(plan, o + 5), p3 = ldf(plan, o + 6);
              if (kind == SHAPE_BEHLER) shapeScalar(c, p1, intZeta(p1), p2, p3, t2 + 16);
              else compactShapeScalar(theta, msin, p1, p2, 0.5 * (p1 + p2), 2.0 / (p2 - p1), <i32>p3, t2 + 16);
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

// Pair-factor kinds of an angular group in the SIMD kernel (pairFactorLoop).
const PF_WIDE = 0, PF_GAUSS_SMALL = 1, PF_GAUSS = 2, PF_GAUSS_SHIFTED = 3, PF_COMPACT = 4;

/**
 * The angular part of one centre element's plan section, unpacked for the SIMD kernel (rebuilt
 * when the centre element changes). Weighted functions (every element pair) are expanded into one
 * function record per element pair (e1 ≤ e2), all adding to the same column.
 */
class AngPlan {
  po: i32 = -1;        // plan offset it was built from
  ngrp: i32 = 0;       // angular groups (one pair factor Q each)
  nang: i32 = 0;       // angular function records
  nsh: i32 = 0;        // distinct angular parts (shapes)
  compact: bool = false; // some shape is compact (θ needed)
  grp: usize = 0;      // ngrp × 64 bytes: i32 term t, narrow, pair-factor kind (PF_*), weighted;
                       // f64 η @16, rs @24, rc @32 of the term; i32 byte offset of its window
                       // record @40; f64 lower end of the radial support @48 (r_l, or −1 Å); i32
                       // whole @56: the group takes every step of j (not weighted, slots not sorted,
                       // and no far pairs it must skip), so its steps need no ranges
  fun: usize = 0;      // nang × 4 i32: e1, e2, 32·shape, 32·column (byte offsets); by group, then by (e1, e2)
  rng: usize = 0;      // ngrp × nel × nel × 2 i32: the functions [first, end) of group g and pair (e1, e2)
  shp: usize = 0;      // nsh shape records (angular.ts shapesSimd), sorted
  used: usize = 0;     // nel × nel i32: 1 when some function has the element pair (e1, e2)
  hasNarrow: bool = false; hasWide: bool = false; // some group is narrow (Q = R(r_jk)) / wide (Q = 1)
  nearCut2: f64 = 0;   // largest narrow cutoff² (∞ without narrow groups): pairs beyond it are "far"
  rcAng: f64 = 0;      // largest angular cutoff: farther neighbours take no part
  sorted: bool = false; // the groups' radial supports differ: sort slots by distance (layoutCentre)
  ents: usize = 0;     // per (e_j, e_b, part): count, then (g, f0, f1) of each group with functions
                       // for the pair (part 1, the far pairs: wide groups only); i32, 1 + 3·ngrp each
}

const ang = new AngPlan();
const angBuf = new Scratch();   // storage of AngPlan's arrays

/** Unpack the angular groups of section `sec` (plan offset po). */
function buildAngPlan(p: AngPlan, plan: usize, sec: Section, nel: i32): void {
  if (p.po == sec.po) return;
  p.po = sec.po;
  const ngrp = sec.ngrp, qGr = sec.qGr;
  const nel2 = nel * nel, npair = nel * (nel + 1) / 2;
  let nang = 0, nfunAll = 0;
  for (let g = 0, qq = qGr; g < ngrp; g++) {
    const nfun = <i32>ldf(plan, qq + 3);
    nang += ldf(plan, qq + 2) != 0.0 ? nfun * npair : nfun;
    nfunAll += nfun;
    qq += GRP_LEN + FUN_LEN * nfun;
  }
  p.ngrp = ngrp; p.nang = nang;
  const base = angBuf.ensure(<usize>(64 * ngrp + SHAPE_BYTES * nfunAll + 16 * nang + 8 * ngrp * nel2 + 4 * nel2 + 8 * nel2 * (1 + 3 * ngrp) + 64));
  p.grp = base; p.shp = base + <usize>(64 * ngrp); p.fun = p.shp + <usize>(SHAPE_BYTES * nfunAll);
  p.rng = p.fun + <usize>(16 * nang); p.used = p.rng + <usize>(8 * ngrp * nel2); p.ents = p.used + <usize>(4 * nel2);
  // Shapes: the distinct angular parts, sorted (angular.ts sortShapes).
  let nsh = 0;
  for (let g = 0, qq = qGr; g < ngrp; g++) {
    const nfun = <i32>ldf(plan, qq + 3);
    for (let m = 0; m < nfun; m++) {
      const o = qq + GRP_LEN + FUN_LEN * m;
      const kind = <i32>ldf(plan, o + 3), p1 = ldf(plan, o + 4), p2 = ldf(plan, o + 5), p3 = ldf(plan, o + 6);
      if (findShape(p.shp, nsh, kind, p1, p2, p3) == nsh) setShape(p.shp, nsh++, kind, p1, p2, p3, kind == SHAPE_BEHLER ? intZeta(p1) : 0);
    }
    qq += GRP_LEN + FUN_LEN * nfun;
  }
  sortShapes(p.shp, nsh);
  p.nsh = nsh;
  p.compact = sec.compact;
  for (let q = 0; q < nel2; q++) sti(p.used, q, 0);
  let f = 0, nearCut = 0.0, rcAng = 0.0;
  p.hasNarrow = false; p.hasWide = false; p.sorted = false;
  for (let g = 0, qq = qGr; g < ngrp; g++) {
    const t = <i32>ldf(plan, qq), narrow = ldf(plan, qq + 1) != 0.0, weighted = ldf(plan, qq + 2) != 0.0;
    const nfun = <i32>ldf(plan, qq + 3);
    const qt = sec.qTerm + TERM_LEN * t;
    const eta = ldf(plan, qt), rs = ldf(plan, qt + 1), rc = ldf(plan, qt + 2), compactTerm = <i32>ldf(plan, qt + 3) >= W_COMPACT;
    const lo = compactTerm ? ldf(plan, qt + 4) : -1.0;
    if (narrow) { p.hasNarrow = true; if (rc > nearCut) nearCut = rc; } else p.hasWide = true;
    if (g > 0 && (rc != load<f64>(p.grp, 32) || lo != load<f64>(p.grp, 48))) p.sorted = true;
    if (rc > rcAng) rcAng = rc;
    const kind = !narrow ? PF_WIDE : compactTerm ? PF_COMPACT : rs != 0.0 ? PF_GAUSS_SHIFTED : eta * rc * rc <= 1.0 / 32.0 ? PF_GAUSS_SMALL : PF_GAUSS;
    const gr = p.grp + (<usize>g << 6);
    store<i32>(gr, t); store<i32>(gr, narrow ? 1 : 0, 4); store<i32>(gr, kind, 8); store<i32>(gr, weighted ? 1 : 0, 12);
    store<f64>(gr, eta, 16); store<f64>(gr, rs, 24); store<f64>(gr, rc, 32); store<i32>(gr, t * WIN_BYTES, 40); store<f64>(gr, lo, 48);
    const fg = f;
    for (let m = 0; m < nfun; m++) {
      const o = qq + GRP_LEN + FUN_LEN * m;
      const shape = findShape(p.shp, nsh, <i32>ldf(plan, o + 3), ldf(plan, o + 4), ldf(plan, o + 5), ldf(plan, o + 6));
      const col = <i32>ldf(plan, o + 2);
      const e1 = <i32>ldf(plan, o), e2 = <i32>ldf(plan, o + 1);
      // One record, or (weighted) one per element pair (a ≤ b), a and b counting through the pairs.
      const reps = weighted ? npair : 1;
      for (let q = 0, a = 0, b = 0; q < reps; q++) {
        const x1 = weighted ? a : e1, x2 = weighted ? b : e2;
        if (++b == nel) { a++; b = a; }
        // Insert in (e1, e2) order within the group (stable).
        const key = x1 * nel + x2;
        let at = f;
        while (at > fg && load<i32>(p.fun + (<usize>(at - 1) << 4)) * nel + load<i32>(p.fun + (<usize>(at - 1) << 4), 4) > key) {
          v128.store(p.fun + (<usize>at << 4), v128.load(p.fun + (<usize>(at - 1) << 4)));
          at--;
        }
        const fr = p.fun + (<usize>at << 4);
        store<i32>(fr, x1); store<i32>(fr, x2, 4); store<i32>(fr, shape << 5, 8); store<i32>(fr, col << 5, 12);
        if (x1 >= 0 && x1 < nel && x2 >= 0 && x2 < nel) sti(p.used, key, 1);
        f++;
      }
    }
    // Ranges per element pair.
    for (let q = 0; q < nel2; q++) { sti(p.rng, 2 * (g * nel2 + q), 0); sti(p.rng, 2 * (g * nel2 + q) + 1, 0); }
    for (let m = fg; m < f; m++) {
      const fr = p.fun + (<usize>m << 4), e1 = load<i32>(fr), e2 = load<i32>(fr, 4);
      if (e1 < 0 || e1 >= nel || e2 < 0 || e2 >= nel) continue;
      const q = 2 * (g * nel2 + e1 * nel + e2);
      if (ldi(p.rng, q + 1) == 0) sti(p.rng, q, m);
      sti(p.rng, q + 1, m + 1);
    }
    qq += GRP_LEN + FUN_LEN * nfun;
  }
  p.nearCut2 = p.hasNarrow ? nearCut * nearCut : Infinity; p.rcAng = rcAng;
  for (let g = 0; g < ngrp; g++) {
    const gr = p.grp + (<usize>g << 6);
    const whole = load<i32>(gr, 12) == 0 && !p.sorted && !(load<i32>(gr, 4) != 0 && p.hasWide);
    store<i32>(gr, whole ? 1 : 0, 56);
  }
  for (let e1 = 0; e1 < nel; e1++) for (let e2 = 0; e2 < nel; e2++) for (let part = 0; part < 2; part++) {
    const en = p.ents + (<usize>(((e1 * nel + e2) * 2 + part) * (1 + 3 * ngrp)) << 2);
    let ne = 0;
    for (let g = 0; g < ngrp; g++) {
      const rr = p.rng + (<usize>((g * nel + e1) * nel + e2) << 3), f0 = load<i32>(rr), f1 = load<i32>(rr, 4);
      if (f0 == f1 || (part == 1 && load<i32>(p.grp + (<usize>g << 6), 4))) continue;
      const e = en + 4 + <usize>(12 * ne++);
      store<i32>(e, g); store<i32>(e, f0, 4); store<i32>(e, f1, 8);
    }
    store<i32>(en, ne);
  }
}

/**
 * Per-centre working arrays of the SIMD kernel (byte addresses into the `work`/`iwork` scratch),
 * laid out afresh for every centre atom by `layoutCentre`. Arrays indexed by neighbour slot k
 * (0 … L−1) unless stated otherwise.
 */
class Centre {
  M: i32 = 0;          // neighbours in the list
  Mp: i32 = 0;         // real slots: element blocks padded to even lengths with dummies
  L: i32 = 0;          // Mp + 2: slot D = Mp is the dummy that pads compacted pair lists
  nf: i32 = 0;
  X: usize = 0; Y: usize = 0; Z: usize = 0; R: usize = 0; // r_ik components and |r_ik| (f64)
  rad: usize = 0;      // nrk × L radial terms R, then nrk × L Rd = (dR/dr)/r
  fcA: usize = 0; dfcA: usize = 0; // fc(r_ik), dfc/dr for the current cutoff (radial terms)
  rec: usize = 0;      // derivative records, L × nf × 4 f64: S, Cx, Cy, Cz (∂G_f/∂r_k = S·r_ik + C)
  recB: usize = 0;     // bytes per slot record set (nf × 32)
  bEl: usize = 0;      // per element: block start, end (i32)
  map: usize = 0;      // slot → neighbour-list entry p, −1 for dummies (i32, L)
  invMap: usize = 0;   // entry p → slot, −1 for neighbours outside the set (i32, M)
  kc: usize = 0;       // compacted k list of the current j (i32, L + 4 per element)
  kf: usize = 0;       // far pairs of one block while compacting (i32, L)
  qB: usize = 0;       // per element: start, end of its near pairs, end of its part of kc (i32)
}

const centre = new Centre();
const jBuf = new Scratch();     // per-j accumulators and constants (SIMD kernel)

/**
 * Step 1: copy the neighbours of atom i into element blocks, each padded to an even length with
 * dummies (1000 Å away: every term is 0), add the pad dummy slot D, and lay out the arrays. With
 * `sorted` each block is sorted by distance (stable), so that the pairs of an angular group with a
 * shorter radial support form contiguous runs of steps (groupRange).
 */
function layoutCentre(a: Centre, nel: i32, types: usize, idx: usize, p0: i32, M: i32, vecI: usize, dist: usize,
  nf: i32, nrk: i32, wantD: bool, sorted: bool): void {
  a.M = M; a.nf = nf;
  const iw = iwork.ensure(<usize>(12 * nel + 4 * M + 32) << 2);
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
  const L = Mp + 2;
  a.Mp = Mp; a.L = L;
  a.map = bEl + (<usize>(2 * nel) << 2);
  a.invMap = a.map + (<usize>L << 2);
  a.qB = a.invMap + (<usize>M << 2);
  a.kc = a.qB + (<usize>(3 * nel) << 2);
  a.kf = a.kc + (<usize>(L + 4 * nel) << 2);
  const nArr = 4 + 2 * nrk + 2;
  const row = <usize>L << 3;
  a.recB = <usize>nf << 5;
  const w = work.ensure(<usize>nArr * row + (wantD ? <usize>L * a.recB : 0));
  a.X = w; a.Y = w + row; a.Z = w + 2 * row; a.R = w + 3 * row;
  a.rad = w + 4 * row;
  a.fcA = a.rad + <usize>(2 * nrk) * row; a.dfcA = a.fcA + row;
  a.rec = a.dfcA + row;
  for (let k = 0; k < L; k++) { stf(a.X, k, 0.0); stf(a.Y, k, 0.0); stf(a.Z, k, 1000.0); stf(a.R, k, 1000.0); sti(a.map, k, -1); }
  for (let p = 0; p < M; p++) {
    const ej = ldi(types, ldi(idx, p0 + p));
    if (ej < 0) { sti(a.invMap, p, -1); continue; }
    const k = ldi(bEl, 2 * ej + 1);
    sti(bEl, 2 * ej + 1, k + 1);
    stf(a.X, k, ldf(vecI, 3 * p)); stf(a.Y, k, ldf(vecI, 3 * p + 1)); stf(a.Z, k, ldf(vecI, 3 * p + 2));
    stf(a.R, k, ldf(dist, p0 + p));
    sti(a.map, k, p); sti(a.invMap, p, k);
  }
  if (sorted) {
    for (let b = 0; b < nel; b++) sortBlock(a, ldi(bEl, 2 * b), ldi(bEl, 2 * b + 1));
    for (let k = 0; k < Mp; k++) { const p = ldi(a.map, k); if (p >= 0) sti(a.invMap, p, k); }
  }
  for (let k = 0; k < nel; k++) sti(bEl, 2 * k + 1, (ldi(bEl, 2 * k + 1) + 1) & ~1);
}

/** Insertion sort (stable) of slots [k0, k1) by distance R, moving X, Y, Z, R and map along. */
function sortBlock(a: Centre, k0: i32, k1: i32): void {
  for (let k = k0 + 1; k < k1; k++) {
    const x = ldf(a.X, k), y = ldf(a.Y, k), z = ldf(a.Z, k), r = ldf(a.R, k), m = ldi(a.map, k);
    let t = k;
    while (t > k0 && ldf(a.R, t - 1) > r) {
      stf(a.X, t, ldf(a.X, t - 1)); stf(a.Y, t, ldf(a.Y, t - 1)); stf(a.Z, t, ldf(a.Z, t - 1));
      stf(a.R, t, ldf(a.R, t - 1)); sti(a.map, t, ldi(a.map, t - 1));
      t--;
    }
    stf(a.X, t, x); stf(a.Y, t, y); stf(a.Z, t, z); stf(a.R, t, r); sti(a.map, t, m);
  }
}

/**
 * Step 4a: the neighbours k > j that can form a pair with j (r_ik < rcAng; r_jk² < nearCut2,
 * which is ∞ without narrow groups), compacted into kc per element block (only blocks with
 * functions for (e_j, e_k)). With `split` (both narrow and wide groups) the far pairs
 * (r_jk² ≥ nearCut2), which only the wide groups see, follow the near ones; each part is padded
 * to an even length with the dummy slot D. Block b's part is kc[qB[3b] … qB[3b+2]), its near
 * pairs end at qB[3b+1].
 */
@inline function compactPairs(a: Centre, p: AngPlan, j: i32, ej: i32, nel: i32, split: bool): void {
  const X = a.X, Y = a.Y, Z = a.Z, R = a.R, kc = a.kc, kf = a.kf, qB = a.qB, D = a.Mp;
  const vax = f64x2.splat(ldf(X, j)), vay = f64x2.splat(ldf(Y, j)), vaz = f64x2.splat(ldf(Z, j));
  const vNear2 = f64x2.splat(p.nearCut2), vRc = f64x2.splat(p.rcAng);
  const kev = (j + 1) & ~1;
  let n = 0;
  for (let b = 0; b < nel; b++) {
    sti(qB, 3 * b, n);
    let nfar = 0;
    if (b >= ej && ldi(p.used, ej * nel + b)) {
      const bs = ldi(a.bEl, 2 * b), be = ldi(a.bEl, 2 * b + 1);
      for (let k = bs > kev ? bs : kev; k < be; k += 2) {
        const o = <usize>k << 3;
        const dx = f64x2.sub(v128.load(X + o), vax), dy = f64x2.sub(v128.load(Y + o), vay), dz = f64x2.sub(v128.load(Z + o), vaz);
        const rjk2 = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
        const inAng = f64x2.lt(v128.load(R + o), vRc);
        let near = i64x2.bitmask(v128.and(f64x2.lt(rjk2, vNear2), inAng));
        if (k == j) near &= 2;
        // Branch-free append of the lanes that count.
        sti(kc, n, k); n += near & 1;
        sti(kc, n, k + 1); n += near >> 1;
        if (split) {
          const far = i64x2.bitmask(inAng) & ~near & (k == j ? 2 : 3);
          sti(kf, nfar, k); nfar += far & 1;
          sti(kf, nfar, k + 1); nfar += far >> 1;
        }
      }
      if (n & 1) sti(kc, n++, D);
    }
    sti(qB, 3 * b + 1, n);
    if (nfar) {
      for (let q = 0; q < nfar; q++) sti(kc, n++, ldi(kf, q));
      if (n & 1) sti(kc, n++, D);
    }
    sti(qB, 3 * b + 2, n);
  }
}

/** Two f64 from slots k0, k1 of an array (byte offsets o0, o1) into the two lanes. */
@inline function gather(p: usize, o0: usize, o1: usize): v128 {
  return v128.load64_lane(p + o1, v128.load64_zero(p + o0), 1);
}

// Step records of the current j (angular, steps 4b–4d): one per pair step s (pairs kc[2s], kc[2s+1]).
//   geometry, STEP_BYTES: v128 c = cos θ_jik 0, inv = 1/(r_ij r_ik) 16, d = r_ik − r_ij 32 48 64,
//     r_jk 80, r_jk² 96, 1/r_jk 112, c/r_ij² 128, c/r_ik² 144; i32 offsets 8·k0, 8·k1 160 164,
//     record addresses of k0, k1 168 172;
//   shapes: nsh × (A, A') v128 per step (angular.ts shapesSimd);
//   per group: GRP_BYTES per step: v128 P 0, Pa 16, Pb 32, Pc 48, Y1 64, Y2 80, V3 96 (only P
//     without derivatives);
//   fc(r_jk) and dfc/dr of the current cutoff: 2 v128 per step.
const STEP_BYTES: usize = 176;
const GRP_BYTES: usize = 112;

/** Step 4b: geometry of every pair step of the compacted list kc[0, n) (n even). */
@inline function pairGeometry(a: Centre, j: i32, n: i32, steps: usize): void {
  const X = a.X, Y = a.Y, Z = a.Z, R = a.R, kc = a.kc, rec = a.rec, recB = a.recB;
  const ax = ldf(X, j), ay = ldf(Y, j), az = ldf(Z, j), rj = ldf(R, j);
  const vax = f64x2.splat(ax), vay = f64x2.splat(ay), vaz = f64x2.splat(az), vrj = f64x2.splat(rj);
  const vrj2 = f64x2.splat(rj * rj), vinvRj2 = f64x2.splat(1.0 / (rj * rj));
  for (let q = 0; q < n; q += 2) {
    const st = steps + <usize>(q >> 1) * STEP_BYTES;
    const k0 = ldi(kc, q), k1 = ldi(kc, q + 1);
    const o0 = <usize>k0 << 3, o1 = <usize>k1 << 3;
    const bx = gather(X, o0, o1), by = gather(Y, o0, o1), bz = gather(Z, o0, o1), rk = gather(R, o0, o1);
    // c = cos θ_jik = a·b/(r_ij r_ik); r_jk = |b − a| from the difference.
    const dot = f64x2.add(f64x2.add(f64x2.mul(vax, bx), f64x2.mul(vay, by)), f64x2.mul(vaz, bz));
    const inv = f64x2.div(kv(K_ONE), f64x2.mul(vrj, rk));
    const c = f64x2.mul(dot, inv);
    const dx = f64x2.sub(bx, vax), dy = f64x2.sub(by, vay), dz = f64x2.sub(bz, vaz);
    const rjk2 = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
    const rjk = f64x2.sqrt(rjk2);
    v128.store(st, c); v128.store(st, inv, 16);
    v128.store(st, dx, 32); v128.store(st, dy, 48); v128.store(st, dz, 64);
    v128.store(st, rjk, 80); v128.store(st, rjk2, 96); v128.store(st, f64x2.div(kv(K_ONE), rjk), 112);
    v128.store(st, f64x2.mul(c, vinvRj2), 128);
    v128.store(st, f64x2.mul(c, f64x2.mul(inv, f64x2.mul(inv, vrj2))), 144);
    store<i32>(st, <i32>o0, 160); store<i32>(st, <i32>o1, 164);
    store<i32>(st, <i32>(rec + <usize>k0 * recB), 168); store<i32>(st, <i32>(rec + <usize>k1 * recB), 172);
  }
}

/**
 * Step 4c, one angular group, steps [s0, s1): the pair factor Q(r_jk) (pair.ts; `kind` PF_*) and
 * P = R(r_ij) R(r_ik) Q of every step, with (wantD) the derivative coefficients of angular.ts,
 * d = r_ik − r_ij:
 *   Pa = Rd(r_ij) R(r_ik) Q, Pb = R(r_ij) Rd(r_ik) Q, Pc = R(r_ij) R(r_ik) Qd,
 *   V3 = P/(r_ij r_ik), Y1 = V3 − P c/r_ij², Y2 = V3 − P c/r_ik².
 * weighted: Q and Qd times w = Z_j Z_k (one element pair, so one w, per call).
 * fcBuf: w(r_jk), dw/dr per step for the group's window (computed by the caller). kind, weighted
 * and wantD are constants at each call site (pairFactors), so each variant compiles to its own
 * branch-free loop.
 */
@inline function pairFactorLoop(kind: i32, weighted: bool, wantD: bool, rk0: usize, rdk0: usize, eta: f64, rs: f64,
  Rj: v128, Rdj: v128, w: v128, s0: i32, s1: i32, steps: usize, grpOut: usize, grpStride: usize, fcBuf: usize): void {
  for (let s = s0; s < s1; s++) {
    const st = steps + <usize>s * STEP_BYTES, go = grpOut + <usize>s * grpStride;
    const o0 = <usize>load<i32>(st, 160), o1 = <usize>load<i32>(st, 164);
    const Rk = gather(rk0, o0, o1);
    let Q = kv(K_ONE), Qd = kv(K_ZERO);
    if (kind != PF_WIDE) {
      const fb = fcBuf + (<usize>s << 5), fc = v128.load(fb);
      if (kind == PF_COMPACT) {
        Q = fc;
        if (wantD) Qd = f64x2.mul(v128.load(fb, 16), v128.load(st, 112));
      } else if (kind == PF_GAUSS_SHIFTED) {
        const g = pairGaussShiftedSimd(v128.load(st, 80), eta, rs);
        Q = f64x2.mul(g, fc);
        if (wantD) Qd = pairFactorShiftedDerivSimd(g, fc, v128.load(fb, 16), v128.load(st, 80), v128.load(st, 112), eta, rs);
      } else {
        const g = pairGaussSimd(v128.load(st, 96), eta, kind == PF_GAUSS_SMALL);
        Q = f64x2.mul(g, fc);
        if (wantD) Qd = pairFactorDerivSimd(g, fc, v128.load(fb, 16), v128.load(st, 112), eta);
      }
    }
    if (weighted) { Q = kind == PF_WIDE ? w : f64x2.mul(Q, w); if (wantD) Qd = f64x2.mul(Qd, w); }
    const RkQ = f64x2.mul(Rk, Q);
    const P = f64x2.mul(Rj, RkQ);
    v128.store(go, P);
    if (!wantD) continue;
    const Rdk = gather(rdk0, o0, o1);
    const V3 = f64x2.mul(P, v128.load(st, 16));
    v128.store(go, f64x2.mul(Rdj, RkQ), 16);                             // Pa
    v128.store(go, f64x2.mul(Rj, f64x2.mul(Rdk, Q)), 32);                // Pb
    v128.store(go, f64x2.mul(f64x2.mul(Rj, Rk), Qd), 48);                // Pc
    v128.store(go, f64x2.sub(V3, f64x2.mul(P, v128.load(st, 128))), 64); // Y1 = V3 − V1
    v128.store(go, f64x2.sub(V3, f64x2.mul(P, v128.load(st, 144))), 80); // Y2 = V3 − V2
    v128.store(go, V3, 96);
  }
}

/** pairFactorLoop for the group's pair-factor kind, each its own loop (weighted and wantD fixed by the caller). */
@inline function pairFactorKinds(kind: i32, weighted: bool, wantD: bool, rk0: usize, rdk0: usize, eta: f64, rs: f64,
  Rj: v128, Rdj: v128, w: v128, s0: i32, s1: i32, steps: usize, grpOut: usize, grpStride: usize, fcBuf: usize): void {
  if (kind == PF_WIDE) pairFactorLoop(PF_WIDE, weighted, wantD, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
  else if (kind == PF_GAUSS_SMALL) pairFactorLoop(PF_GAUSS_SMALL, weighted, wantD, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
  else if (kind == PF_GAUSS) pairFactorLoop(PF_GAUSS, weighted, wantD, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
  else if (kind == PF_GAUSS_SHIFTED) pairFactorLoop(PF_GAUSS_SHIFTED, weighted, wantD, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
  else pairFactorLoop(PF_COMPACT, weighted, wantD, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
}

/**
 * Step 4c for group record gr (AngPlan.grp, group g), neighbour j of element ej: the steps of
 * every block with functions of the group (groupSteps), with w = Z_ej Z_b for weighted groups.
 */
function pairFactors(a: Centre, p: AngPlan, gr: usize, g: i32, plan: usize, ej: i32, nel: i32, Rj: v128, Rdj: v128, wantD: bool, nrk: i32,
  steps: usize, grpOut: usize, grpStride: usize, fcBuf: usize, grng: usize): void {
  const rowL = <usize>a.L << 3;
  const rk0 = a.rad + <usize>load<i32>(gr) * rowL, rdk0 = rk0 + <usize>nrk * rowL;
  const kind = load<i32>(gr, 8), eta = load<f64>(gr, 16), rs = load<f64>(gr, 24), weighted = load<i32>(gr, 12) != 0;
  if (load<i32>(gr, 56)) { // whole: every step (nsteps = the end of the last block)
    pairFactorRange(kind, false, wantD, rk0, rdk0, eta, rs, Rj, Rdj, kv(K_ONE), 0, ldi(a.qB, 3 * nel - 1) >> 1, steps, grpOut, grpStride, fcBuf);
    return;
  }
  const nparts = p.hasWide && p.hasNarrow ? 2 : 1; // far pairs exist only then
  for (let b = ej; b < nel; b++) {
    const fr = p.rng + (<usize>((g * nel + ej) * nel + b) << 3);
    if (load<i32>(fr) == load<i32>(fr, 4)) continue; // no functions of this group for (e_j, e_b)
    const w = weighted ? f64x2.splat(elementZ(plan, ej) * elementZ(plan, b)) : kv(K_ONE);
    for (let part = 0; part < nparts; part++) {
      const se = groupSteps(a, p, gr, g, b, part, nel, grng), s0 = <i32>(se >> 32), s1 = <i32>se;
      if (s0 < s1) pairFactorRange(kind, weighted, wantD, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
    }
  }
}

/** pairFactorLoop over steps [s0, s1) for the group's kind, weighting and wantD (one specialised loop each). */
@inline function pairFactorRange(kind: i32, weighted: bool, wantD: bool, rk0: usize, rdk0: usize, eta: f64, rs: f64,
  Rj: v128, Rdj: v128, w: v128, s0: i32, s1: i32, steps: usize, grpOut: usize, grpStride: usize, fcBuf: usize): void {
  if (weighted) {
    if (wantD) pairFactorKinds(kind, true, true, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
    else pairFactorKinds(kind, true, false, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
  } else if (wantD) pairFactorKinds(kind, false, true, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
  else pairFactorKinds(kind, false, false, rk0, rdk0, eta, rs, Rj, Rdj, w, s0, s1, steps, grpOut, grpStride, fcBuf);
}

/** First step in [s0, s1) of a sorted part whose larger r_ik (lane 1) exceeds lo, else s1 (binary search). */
function stepAbove(R: usize, kc: usize, s0: i32, s1: i32, lo: f64): i32 {
  while (s0 < s1) {
    const m = (s0 + s1) >> 1;
    if (ldf(R, ldi(kc, 2 * m + 1)) > lo) s1 = m; else s0 = m + 1;
  }
  return s0;
}

/** First step in [s0, s1) of a sorted part whose smaller r_ik (lane 0) reaches hi, else s1. */
function stepFrom(R: usize, kc: usize, s0: i32, s1: i32, hi: f64): i32 {
  while (s0 < s1) {
    const m = (s0 + s1) >> 1;
    if (ldf(R, ldi(kc, 2 * m)) >= hi) s1 = m; else s0 = m + 1;
  }
  return s0;
}

/**
 * Sorted slots only: the steps of every active group and block whose r_ik can lie in the group's
 * support (lo, rc), from the near and far part of the block (groupSteps reads them): grng holds
 * ngrp × nel × 2 parts × [s0, s1) i32.
 */
function groupRanges(a: Centre, p: AngPlan, ej: i32, nel: i32, gAct: usize, grng: usize): void {
  const kc = a.kc, R = a.R, qB = a.qB;
  for (let g = 0; g < p.ngrp; g++) {
    if (!ldi(gAct, g)) continue;
    const gr = p.grp + (<usize>g << 6), lo = load<f64>(gr, 48), hi = load<f64>(gr, 32);
    for (let b = ej; b < nel; b++) {
      const rr = grng + (<usize>(g * nel + b) << 4);
      for (let part = 0; part < 2; part++) {
        let s0 = ldi(qB, 3 * b + part) >> 1, s1 = ldi(qB, 3 * b + part + 1) >> 1;
        s0 = stepAbove(R, kc, s0, s1, lo);
        s1 = stepFrom(R, kc, s0, s1, hi);
        store<i32>(rr + (<usize>part << 3), s0); store<i32>(rr + (<usize>part << 3), s1, 4);
      }
    }
  }
}

/**
 * The steps [s0, s1) (returned as s0·2³² + s1) that group record gr (group g) takes from part
 * `part` (0 near, 1 far) of block b: the whole part — the far one only for wide groups — or, with
 * sorted slots, the part's steps within the group's support (groupRanges).
 */
@inline function groupSteps(a: Centre, p: AngPlan, gr: usize, g: i32, b: i32, part: i32, nel: i32, grng: usize): u64 {
  if (part == 1 && load<i32>(gr, 4)) return 0;
  if (p.sorted) {
    const rr = grng + (<usize>(g * nel + b) << 4) + (<usize>part << 3);
    return (<u64>load<i32>(rr) << 32) | <u64>load<i32>(rr, 4);
  }
  const s0 = ldi(a.qB, 3 * b + part) >> 1, s1 = ldi(a.qB, 3 * b + part + 1) >> 1;
  return (<u64>s0 << 32) | <u64>s1;
}

/** The window records at x and y describe the same function (code, outer radius, inner parameter). */
@inline function sameWindow(x: usize, y: usize): bool {
  return load<i32>(x) == load<i32>(y) && load<f64>(x, 16) == load<f64>(y, 16) && load<f64>(x, 24) == load<f64>(y, 24);
}

/**
 * One angular function, one pair step: the value T = A·P into its accumulator va, the j side
 * (S += A·Pa + A'·Y1, C −= u) into its record ja (4 v128: S, Cx, Cy, Cz) and the k side
 * (S += A·Pb + A'·Y2, C += u) into the records r0, r1, with u = (A·Pc − A'·V3)·d.
 * fr: the function's record in AngPlan.fun; sh: the step's shapes.
 */
@inline function angularTerm(fr: usize, va: usize, ja: usize, sh: usize,
  P: v128, Pa: v128, Pb: v128, Pc: v128, Y1: v128, Y2: v128, V3: v128, dx: v128, dy: v128, dz: v128, r0: usize, r1: usize): void {
  const shf = sh + <usize>load<i32>(fr, 8);
  const A = v128.load(shf), Ad = v128.load(shf, 16);
  v128.store(va, f64x2.add(v128.load(va), f64x2.mul(A, P)));
  const sj = f64x2.add(f64x2.mul(A, Pa), f64x2.mul(Ad, Y1));
  const sk = f64x2.add(f64x2.mul(A, Pb), f64x2.mul(Ad, Y2));
  const ncx = f64x2.sub(f64x2.mul(A, Pc), f64x2.mul(Ad, V3));
  const ux = f64x2.mul(ncx, dx), uy = f64x2.mul(ncx, dy), uz = f64x2.mul(ncx, dz);
  v128.store(ja, f64x2.add(v128.load(ja), sj));
  v128.store(ja, f64x2.sub(v128.load(ja, 16), ux), 16);
  v128.store(ja, f64x2.sub(v128.load(ja, 32), uy), 32);
  v128.store(ja, f64x2.sub(v128.load(ja, 48), uz), 48);
  const co = <usize>load<i32>(fr, 12);
  addKSide(sk, ux, uy, uz, r0 + co, r1 + co);
}

/**
 * Step 4d: every function of the groups taking part, every step of its group: the value and
 * (wantD) the gradient coefficients, from the step records. Functions of group g for the element
 * pair (e_j, e_b) are fun[f0, f1). Each function sees its steps in ascending order.
 */
@inline function pairTerms(a: Centre, p: AngPlan, ej: i32, nel: i32, wantD: bool, vAcc: usize, jAcc: usize,
  steps: usize, shapes: usize, grp: usize, gAct: usize, grng: usize, ent: usize): void {
  const pfun = p.fun, ngrp = p.ngrp, shB = <usize>p.nsh << 5, grpStride = <usize>ngrp * GRP_BYTES, sorted = p.sorted;
  const nparts = p.hasWide && p.hasNarrow ? 2 : 1; // far pairs exist only then
  for (let b = ej; b < nel; b++) {
    for (let part = 0; part < nparts; part++) {
      // The groups that take part in this part of block b, [g, f0, f1] each: fixed per element pair
      // (AngPlan.ents), or — sorted slots — the active ones with steps here, [g, f0, f1, s0, s1].
      let en = p.ents + (<usize>(((ej * nel + b) * 2 + part) * (1 + 3 * ngrp)) << 2);
      let ne = load<i32>(en), eStride: usize = 12;
      en += 4;
      if (sorted) {
        const src = en;
        en = ent; eStride = 20;
        let m = 0;
        for (let q = 0; q < ne; q++) {
          const g = load<i32>(src + <usize>(12 * q));
          if (!ldi(gAct, g)) continue;
          const rr = grng + (<usize>(g * nel + b) << 4) + (<usize>part << 3);
          if (load<i32>(rr) >= load<i32>(rr, 4)) continue;
          const e = ent + <usize>(20 * m++);
          memory.copy(e, src + <usize>(12 * q), 12); store<i32>(e, load<i32>(rr), 12); store<i32>(e, load<i32>(rr, 4), 16);
        }
        ne = m;
      }
      if (ne == 0) continue;
      const p0 = ldi(a.qB, 3 * b + part) >> 1, p1 = ldi(a.qB, 3 * b + part + 1) >> 1;
      for (let s = p0; s < p1; s++) {
        const st = steps + <usize>s * STEP_BYTES, sh = shapes + <usize>s * shB;
        for (let q = 0; q < ne; q++) {
          const e = en + <usize>q * eStride;
          if (sorted && (s < load<i32>(e, 12) || s >= load<i32>(e, 16))) continue;
          const g = load<i32>(e), f0 = load<i32>(e, 4), f1 = load<i32>(e, 8);
          const go = grp + <usize>s * grpStride + <usize>g * GRP_BYTES;
          if (!wantD) {
            const P = v128.load(go);
            for (let f = f0; f < f1; f++) {
              const A = v128.load(sh + <usize>load<i32>(pfun + (<usize>f << 4), 8));
              const va = vAcc + (<usize>f << 4);
              v128.store(va, f64x2.add(v128.load(va), f64x2.mul(A, P)));
            }
            continue;
          }
          // Three functions per iteration share the loads of the pair data; fr, va, ja walk the
          // function records, value accumulators and j-side records together.
          let fr = pfun + (<usize>f0 << 4), va = vAcc + (<usize>f0 << 4), ja = jAcc + (<usize>f0 << 6);
          const fe = pfun + (<usize>f1 << 4);
          while (fr < fe) {
            const P = v128.load(go), Pa = v128.load(go, 16), Pb = v128.load(go, 32), Pc = v128.load(go, 48);
            const Y1 = v128.load(go, 64), Y2 = v128.load(go, 80), V3 = v128.load(go, 96);
            const dx = v128.load(st, 32), dy = v128.load(st, 48), dz = v128.load(st, 64);
            const r0 = <usize>load<i32>(st, 168), r1 = <usize>load<i32>(st, 172);
            angularTerm(fr, va, ja, sh, P, Pa, Pb, Pc, Y1, Y2, V3, dx, dy, dz, r0, r1);
            if (fr + 16 < fe) angularTerm(fr + 16, va + 16, ja + 64, sh, P, Pa, Pb, Pc, Y1, Y2, V3, dx, dy, dz, r0, r1);
            if (fr + 32 < fe) angularTerm(fr + 32, va + 32, ja + 128, sh, P, Pa, Pb, Pc, Y1, Y2, V3, dx, dy, dz, r0, r1);
            fr += 48; va += 48; ja += 192;
          }
        }
      }
    }
  }
}

/** Step 4: the angular functions, every pair (j, k > j) once. */
function angular(a: Centre, p: AngPlan, sec: Section, plan: usize, nel: i32, wantD: bool, vout: usize): void {
  const nang = p.nang, ngrp = p.ngrp, nsh = p.nsh, nrk = sec.nrk;
  const maxSteps = <usize>((a.L + 4 * nel) >> 1) + 1;
  const grpStride = <usize>ngrp * GRP_BYTES;
  // Scratch: value accumulators (nang v128), j-side sums S, Cx, Cy, Cz (nang × 4 v128), then
  // the step records of the current j: geometry, shapes, groups, the window at r_jk (32 bytes
  // per step, first the work area of shapesSimd) and θ, −1/sin θ (32 bytes per step).
  const vAcc = jBuf.ensure(<usize>(80 * nang) + maxSteps * (STEP_BYTES + (<usize>nsh << 5) + grpStride + 64) + <usize>(16 * ngrp * nel + 24 * ngrp) + 64);
  const jAcc = vAcc + <usize>(16 * nang);
  const steps = jAcc + <usize>(64 * nang), shapes = steps + maxSteps * STEP_BYTES;
  const grp = shapes + maxSteps * (<usize>nsh << 5), fcBuf = grp + maxSteps * grpStride, thetaBuf = fcBuf + (maxSteps << 5);
  const grng = thetaBuf + (maxSteps << 5), gAct = grng + <usize>(16 * ngrp * nel), ent = gAct + <usize>(4 * ngrp);
  const t2 = tmp.ensure(256);
  memory.fill(vAcc, 0, <usize>(80 * nang));
  const rowL = <usize>a.L << 3;
  let ej = 0;
  for (let j = 0; j < a.Mp; j++) {
    if (ldi(a.map, j) < 0) continue;
    while (j >= ldi(a.bEl, 2 * ej + 1)) ej++;
    if (ldf(a.R, j) >= p.rcAng) continue;
    if (p.hasWide && p.hasNarrow) compactPairs(a, p, j, ej, nel, true);
    else compactPairs(a, p, j, ej, nel, false);
    const n = ldi(a.qB, 3 * nel - 1), nsteps = n >> 1;
    // Groups with different radial supports (sorted slots): the active ones — R(r_ij) or its
    // derivative ≠ 0; the others would add exact zeros — and their step ranges.
    if (p.sorted) {
      for (let g = 0; g < ngrp; g++) {
        const to = <usize>load<i32>(p.grp + (<usize>g << 6)) * rowL;
        sti(gAct, g, load<f64>(a.rad + to + (<usize>j << 3)) != 0.0 || load<f64>(a.rad + to + <usize>nrk * rowL + (<usize>j << 3)) != 0.0 ? 1 : 0);
      }
      groupRanges(a, p, ej, nel, gAct, grng);
    }
    pairGeometry(a, j, n, steps);

    if (p.compact) compactThetas(steps, STEP_BYTES, nsteps, thetaBuf);
    shapesSimd(steps, STEP_BYTES, nsteps, p.shp, nsh, shapes, <usize>nsh << 5, fcBuf, thetaBuf);
    let lastWin: usize = 0;
    for (let g = 0; g < ngrp; g++) {
      if (p.sorted && !ldi(gAct, g)) continue;
      const gr = p.grp + (<usize>g << 6);
      // The window at r_jk once per distinct window for the narrow groups (sorted by window).
      const win = sec.win + <usize>load<i32>(gr, 40);
      if (load<i32>(gr, 4) && (lastWin == 0 || !sameWindow(win, lastWin))) {
        windowLoop(steps + 80, STEP_BYTES, nsteps, win, fcBuf, fcBuf + 16, 32, t2);
        lastWin = win;
      }
      const to = <usize>load<i32>(gr) * rowL;
      const Rj = f64x2.splat(load<f64>(a.rad + to + (<usize>j << 3)));
      const Rdj = f64x2.splat(load<f64>(a.rad + to + <usize>nrk * rowL + (<usize>j << 3)));
      pairFactors(a, p, gr, g, plan, ej, nel, Rj, Rdj, wantD, nrk, steps, grp + <usize>g * GRP_BYTES, grpStride, fcBuf, grng);
    }
    if (wantD) memory.fill(jAcc, 0, <usize>(64 * nang));
    pairTerms(a, p, ej, nel, wantD, vAcc, jAcc, steps, shapes, grp, gAct, grng, ent);
    if (!wantD) continue;
    // j side: ∂G/∂r_j += S·r_ij + C with the lane sums of jAcc (S, Cx | Cy, Cz per record half).
    const rj = a.rec + <usize>j * a.recB;
    for (let f = 0; f < nang; f++) {
      const ja = jAcc + (<usize>f << 6), r = rj + <usize>load<i32>(p.fun + (<usize>f << 4), 12);
      const sv = v128.load(ja), xv = v128.load(ja, 16), yv = v128.load(ja, 32), zv = v128.load(ja, 48);
      v128.store(r, f64x2.add(v128.load(r), f64x2.add(f64x2.shuffle(sv, xv, 0, 2), f64x2.shuffle(sv, xv, 1, 3))));
      v128.store(r, f64x2.add(v128.load(r, 16), f64x2.add(f64x2.shuffle(yv, zv, 0, 2), f64x2.shuffle(yv, zv, 1, 3))), 16);
    }
  }
  for (let f = 0; f < nang; f++) addf(vout, load<i32>(p.fun + (<usize>f << 4), 12) >> 5, hsum(v128.load(vAcc + (<usize>f << 4))));
}

/**
 * Step 5: derivative entries in neighbour-list order, ∂G/∂r_p = S·r_ip + C, the centre entry
 * −Σ_p, and (sOut ≠ 0) the strain derivative W_v = Σ_p (∂G/∂r_p,α) r_p,β, in one pass over the
 * entries (each written once, in order), two functions per step (their records are transposed
 * into lanes; an odd last function is scalar); the centre and strain rows are summed in place,
 * entry by entry.
 */
function writeEntries(a: Centre, d: usize, sOut: usize): void {
  const nf = a.nf, M = a.M, recB = a.recB, X = a.X, Y = a.Y, Z = a.Z, invMap = a.invMap, rec = a.rec;
  const rowB = <usize>(3 * nf) << 3, nfB = <usize>nf << 3, nf2 = nf & ~1;
  memory.fill(d, 0, rowB);
  if (sOut) memory.fill(sOut, 0, 6 * nfB);
  for (let p = 0; p < M; p++) {
    const e = d + <usize>(1 + p) * rowB;
    const k = ldi(invMap, p);
    if (k < 0) { memory.fill(e, 0, rowB); continue; }
    const x = f64x2.splat(ldf(X, k)), y = f64x2.splat(ldf(Y, k)), z = f64x2.splat(ldf(Z, k));
    const rk = rec + <usize>k * recB;
    for (let f = 0; f < nf2; f += 2) {
      const fo = <usize>f << 3, r = rk + (<usize>f << 5);
      const lo0 = v128.load(r), hi0 = v128.load(r, 16), lo1 = v128.load(r, 32), hi1 = v128.load(r, 48);
      const sv = f64x2.shuffle(lo0, lo1, 0, 2);
      const dx = f64x2.add(f64x2.mul(sv, x), f64x2.shuffle(lo0, lo1, 1, 3));
      const dy = f64x2.add(f64x2.mul(sv, y), f64x2.shuffle(hi0, hi1, 0, 2));
      const dz = f64x2.add(f64x2.mul(sv, z), f64x2.shuffle(hi0, hi1, 1, 3));
      v128.store(e + fo, dx); v128.store(e + nfB + fo, dy); v128.store(e + 2 * nfB + fo, dz);
      subTo(d + fo, dx); subTo(d + nfB + fo, dy); subTo(d + 2 * nfB + fo, dz);
      if (sOut) {
        addTo(sOut + fo, f64x2.mul(dx, x)); addTo(sOut + nfB + fo, f64x2.mul(dy, y)); addTo(sOut + 2 * nfB + fo, f64x2.mul(dz, z));
        addTo(sOut + 3 * nfB + fo, f64x2.mul(dy, z)); addTo(sOut + 4 * nfB + fo, f64x2.mul(dx, z)); addTo(sOut + 5 * nfB + fo, f64x2.mul(dx, y));
      }
    }
    if (nf2 < nf) {
      // The odd last function, lane by lane with the same operations.
      const fo = <usize>nf2 << 3, r = rk + (<usize>nf2 << 5);
      const sv = load<f64>(r), px = ldf(X, k), py = ldf(Y, k), pz = ldf(Z, k);
      const dx = sv * px + load<f64>(r, 8), dy = sv * py + load<f64>(r, 16), dz = sv * pz + load<f64>(r, 24);
      store<f64>(e + fo, dx); store<f64>(e + nfB + fo, dy); store<f64>(e + 2 * nfB + fo, dz);
      addf(d + fo, 0, -dx); addf(d + nfB + fo, 0, -dy); addf(d + 2 * nfB + fo, 0, -dz);
      if (sOut) {
        addf(sOut + fo, 0, dx * px); addf(sOut + nfB + fo, 0, dy * py); addf(sOut + 2 * nfB + fo, 0, dz * pz);
        addf(sOut + 3 * nfB + fo, 0, dy * pz); addf(sOut + 4 * nfB + fo, 0, dx * pz); addf(sOut + 5 * nfB + fo, 0, dx * py);
      }
    }
  }
}

@inline function addTo(p: usize, v: v128): void { v128.store(p, f64x2.add(v128.load(p), v)); }
@inline function subTo(p: usize, v: v128): void { v128.store(p, f64x2.sub(v128.load(p), v)); }

/** SIMD kernel (same arguments and results as symfuncScalar; method in the file header). */
export function symfuncSimd(
  n: i32, types: usize, nel: i32, plan: usize, planOffset: usize,
  start: usize, idx: usize, vec: usize, dist: usize,
  values: usize, valOffset: usize, deriv: usize, derivOffset: usize,
  strain: usize, strainOffset: usize, flags: i32,
): i32 {
  const t2 = tmp.ensure(256);
  const wantD = (flags & 3) != 0;
  const a = centre, sec = secSimd;
  sec.po = -1;
  ang.po = -1;
  for (let i = 0; i < n; i++) {
    const e = ldi(types, i);
    if (e < 0) continue;
    const po = ldi(planOffset, e);
    if (po < 0) continue;
    loadSection(sec, plan, po);
    buildAngPlan(ang, plan, sec, nel);
    const nf = sec.nf, nrk = sec.nrk;
    const p0 = ldi(start, i), M = ldi(start, i + 1) - p0;
    const vecI = vec + (<usize>(3 * p0) << 3);

    // 1. Element blocks and per-centre arrays.
    layoutCentre(a, nel, types, idx, p0, M, vecI, dist, nf, nrk, wantD, ang.sorted);
    const L = a.L, rowL = <usize>L << 3;

    // 2. Radial terms; the window w(r) once per distinct window.
    let lastWin: usize = 0;
    for (let t = 0; t < nrk; t++) {
      const q = sec.qTerm + TERM_LEN * t, win = sec.win + <usize>(t * WIN_BYTES);
      if (lastWin == 0 || !sameWindow(win, lastWin)) { windowLoop(a.R, 16, L >> 1, win, a.fcA, a.dfcA, 16, t2); lastWin = win; }
      const rad = a.rad + <usize>t * rowL, radD = a.rad + <usize>(nrk + t) * rowL;
      if (<i32>ldf(plan, q + 3) >= W_COMPACT) compactRadialSimd(a.R, L, a.fcA, a.dfcA, rad, radD);
      else radialSimd(a.R, L, ldf(plan, q), ldf(plan, q + 1), a.fcA, a.dfcA, rad, radD);
    }
    if (wantD) memory.fill(a.rec, 0, <usize>L * a.recB);
    const vout = values + (<usize>ldi(valOffset, i) << 3);
    for (let f = 0; f < nf; f++) stf(vout, f, 0.0);

    // 3. Radial functions over the block of their neighbour element (weighted: every block, times its Z).
    for (let g = 0; g < sec.nrad; g++) {
      const q = sec.qRad + RAD_LEN * g;
      const t = <i32>ldf(plan, q), nb = <i32>ldf(plan, q + 1), col = <i32>ldf(plan, q + 2), weighted = ldf(plan, q + 3) != 0.0;
      const b0 = weighted ? 0 : nb, b1 = weighted ? nel : nb + 1;
      if (b0 < 0 || b1 > nel) continue;
      for (let b = b0; b < b1; b++) {
        const s = radialBlockSimd(a.rad + <usize>t * rowL, a.rad + <usize>(nrk + t) * rowL, ldi(a.bEl, 2 * b), ldi(a.bEl, 2 * b + 1),
          weighted ? elementZ(plan, b) : 1.0, wantD ? a.rec + (<usize>col << 5) : 0, a.recB);
        addf(vout, col, s);
      }
    }

    // 4. Angular: for each neighbour j the pairs (j, k > j); each function's k run over the block
    //    of its second element, so each unordered pair is met once, with e_j ≤ e_k.
    if (ang.nang > 0) angular(a, ang, sec, plan, nel, wantD, vout);

    // 5. Entries, centre and strain.
    if (!wantD) continue;
    const d = (flags & 1) ? deriv + (<usize>ldi(derivOffset, i) << 3) : entryBuf.ensure(<usize>((1 + M) * 3 * nf) << 3);
    writeEntries(a, d, (flags & 2) ? strain + (<usize>ldi(strainOffset, i) << 3) : 0);
  }
  return 0;
}

// Radial symmetry function G2 (SIMPLE-NN type 2, n2p2 type 2):
//
//   G2_i = Σ_j exp(−η (r_ij − Rs)²) fc(r_ij)          (j of the function's neighbour element)
//
// SIMPLE-NN params line: `2 <nbr> 0 <Rc> <η> <Rs> 0`; n2p2: `<el> 2 <nbr> <η> <Rs> <Rc>`.
// η in Å⁻², Rs and Rc in Å.
//
// The "radial term" R(r) = exp(−η (r − Rs)²) fc(r) of one neighbour is shared: G2 sums it, and
// G4/G5 (with Rs = 0) multiply two of them. Each term comes with Rd = (dR/dr) / r, so that the
// gradient by the neighbour's position is Rd · r_ij (vector) without a further division:
//   dR/dr = exp(−η (r − Rs)²) [ −2η (r − Rs) fc(r) + dfc/dr ].

import { fcScalar, dfcScalar, fcSimd } from "./cutoff";
import { hsum, vexp } from "./vmath";

/** R and Rd of one distance (scalar reference); writes R to out, Rd to out + 8. */
@inline export function radialScalar(r: f64, eta: f64, rs: f64, rc: f64, out: usize): void {
  if (r >= rc) { store<f64>(out, 0.0); store<f64>(out, 0.0, 8); return; }
  const d = r - rs;
  const g = Math.exp(-eta * d * d);
  const fc = fcScalar(r, rc);
  store<f64>(out, g * fc);
  store<f64>(out, g * (-2.0 * eta * d * fc + dfcScalar(r, rc)) / r, 8);
}

/**
 * fc and dfc/dr of `count` distances (count even, 16-byte aligned arrays) for one cutoff, two at
 * a time: computed once per cutoff and shared by every radial term with that cutoff.
 *  dist  count f64, r (Å);  fc, dfc  count f64 outputs;  tmp  32 bytes scratch.
 */
export function cutoffSimd(dist: usize, count: i32, rc: f64, fc: usize, dfc: usize, tmp: usize): void {
  const piRc = Math.PI / rc;
  for (let k = 0; k < count; k += 2) {
    const o = <usize>k << 3;
    fcSimd(v128.load(dist + o), rc, piRc, tmp);
    v128.store(fc + o, v128.load(tmp));
    v128.store(dfc + o, v128.load(tmp, 16));
  }
}

/**
 * R and Rd for `count` distances (count even, 16-byte aligned arrays), two at a time.
 *  dist  count f64, r (Å);  fc, dfc  the cutoff and its derivative at these distances for this
 *  term's Rc (cutoffSimd);  rad, radD  count f64 outputs R and Rd.
 */
export function radialSimd(dist: usize, count: i32, eta: f64, rs: f64, fcA: usize, dfcA: usize, rad: usize, radD: usize): void {
  const vEta = f64x2.splat(-eta), vRs = f64x2.splat(rs), two = f64x2.splat(-2.0 * eta);
  for (let k = 0; k < count; k += 2) {
    const o = <usize>k << 3;
    const r = v128.load(dist + o);
    const d = f64x2.sub(r, vRs);
    const g = vexp(f64x2.mul(vEta, f64x2.mul(d, d)));
    const fc = v128.load(fcA + o), dfc = v128.load(dfcA + o);
    v128.store(rad + o, f64x2.mul(g, fc));
    const dr = f64x2.mul(g, f64x2.add(f64x2.mul(two, f64x2.mul(d, fc)), dfc));
    v128.store(radD + o, f64x2.div(dr, r));
  }
}

/**
 * One G2 function over one block of neighbour slots [k0, k1) (even bounds), SIMD. Returns Σ R;
 * when `rec` ≠ 0 adds Rd[k] to the first field (S, the coefficient of r_ik in ∂G/∂r_k) of the
 * record of slot k, at rec + k·recB.
 */
export function g2BlockSimd(rad: usize, radD: usize, k0: i32, k1: i32, rec: usize, recB: usize): f64 {
  let acc = f64x2.splat(0.0);
  for (let k = k0; k < k1; k += 2) acc = f64x2.add(acc, v128.load(rad + (<usize>k << 3)));
  if (rec) {
    for (let k = k0; k < k1; k++) {
      const r = rec + <usize>k * recB;
      store<f64>(r, load<f64>(r) + load<f64>(radD + (<usize>k << 3)));
    }
  }
  return hsum(acc);
}

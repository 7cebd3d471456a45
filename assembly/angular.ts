// The part G4 and G5 share: the angular shape and the per-pair derivative coefficients.
//
// A pair (j, k) of neighbours of centre i, with a = r_ij, b = r_ik (vectors, Å), c = cos θ_ijk,
// contributes T = A(c) · P to the function, where
//   A(c) = 2^(1−ζ) (1 + λc)^ζ,   A'(c) = 2^(1−ζ) ζ λ (1 + λc)^(ζ−1),
//   P    = R(r_ij) R(r_ik) Q(r_jk)         (R: g2.ts with Rs = 0; Q: g4.ts, or 1 for G5).
// With Pa = (∂P/∂r_ij)/r_ij, Pb = (∂P/∂r_ik)/r_ik, Pc = (∂P/∂r_jk)/r_jk and
// ∂c/∂a = b/(r_ij r_ik) − c a/r_ij², ∂r_jk/∂a = (a − b)/r_jk (r_jk = |b − a|), the gradients are
//   ∂T/∂a = ca·a + cx·b,   ∂T/∂b = cb·b + cx·a,   and ∂T/∂r_i = −(∂T/∂a + ∂T/∂b), with
//   ca = A·Pa − A'P·c/r_ij² + A·Pc,   cb = A·Pb − A'P·c/r_ik² + A·Pc,   cx = A'P/(r_ij r_ik) − A·Pc.
// ∂T/∂a is the derivative by the position of neighbour j (entry j), ∂T/∂b by that of k.
//
// ζ: integer values use repeated multiplication; other values (ζ ≥ 1) use pow on max(1 + λc, 0).

/**
 * A and A' (scalar); writes A to out, A' to out + 8. `izeta` = ζ when ζ is an integer ≥ 1, else 0.
 * pref = 2^(1−ζ).
 */
@inline export function shapeScalar(c: f64, zeta: f64, izeta: i32, lambda: f64, pref: f64, out: usize): void {
  const base = 1.0 + lambda * c;
  let p: f64; // base^(ζ−1)
  if (izeta > 0) {
    p = 1.0;
    for (let m = 1; m < izeta; m++) p *= base;
  } else {
    p = Math.pow(Math.max(base, 0.0), zeta - 1.0);
  }
  store<f64>(out, pref * p * (izeta > 0 ? base : Math.max(base, 0.0)));
  store<f64>(out, pref * zeta * lambda * p, 8);
}

/** base^(ζ−1) for both lanes (integer ζ: multiplication; otherwise pow per lane on max(base, 0)). */
@inline function powLanes(base: v128, zeta: f64, izeta: i32): v128 {
  if (izeta > 0) {
    let p = f64x2.splat(1.0);
    for (let m = 1; m < izeta; m++) p = f64x2.mul(p, base);
    return p;
  }
  const b0 = Math.max(f64x2.extract_lane(base, 0), 0.0), b1 = Math.max(f64x2.extract_lane(base, 1), 0.0);
  return f64x2.replace_lane(f64x2.splat(Math.pow(b0, zeta - 1.0)), 1, Math.pow(b1, zeta - 1.0));
}

/**
 * One angular function for one neighbour j over the neighbour pairs (k, k+1) listed in
 * kList[q0 .. q1−1] (i32, even k; SIMD two k at a time). Arrays are indexed by k (f64, 16-byte
 * aligned), already zero for pairs that do not count:
 *   cosA  c;  P;  U1 = Pa + Pc;  U2 = Pb + Pc;  Pc;  V1 = P·c/r_ij²;  V2 = P·c/r_ik²;
 *   V3 = P/(r_ij r_ik);  bx, by, bz  r_ik components
 * so that ca = A·U1 − A'·V1, cb = A·U2 − A'·V2, cx = A'·V3 − A·Pc (see above).
 * ax, ay, az: r_ij. Returns the sum of T. Derivatives (when sRow ≠ 0): the k side is added to
 * sRow[k] (cb), xRow/yRow/zRow[k] (cx·a); the j side sums (Σ ca, Σ cx·b) are written to jOut[0..3].
 */
export function angularSimd(
  kList: usize, q0: i32, q1: i32, cosA: usize,
  P: usize, U1: usize, U2: usize, Pc: usize, V1: usize, V2: usize, V3: usize, bx: usize, by: usize, bz: usize,
  ax: f64, ay: f64, az: f64, zeta: f64, izeta: i32, lambda: f64, pref: f64,
  sRow: usize, xRow: usize, yRow: usize, zRow: usize, jOut: usize,
): f64 {
  const one = f64x2.splat(1.0), zero = f64x2.splat(0.0), lam = f64x2.splat(lambda), vPref = f64x2.splat(pref);
  const dPref = f64x2.splat(pref * zeta * lambda);
  let accT = zero;
  if (!sRow) {
    for (let q = q0; q < q1; q++) {
      const o = <usize>load<i32>(kList + (<usize>q << 2)) << 3;
      const base = f64x2.add(one, f64x2.mul(lam, v128.load(cosA + o)));
      const A = f64x2.mul(vPref, f64x2.mul(powLanes(base, zeta, izeta), izeta > 0 ? base : f64x2.max(base, zero)));
      accT = f64x2.add(accT, f64x2.mul(A, v128.load(P + o)));
    }
    return f64x2.extract_lane(accT, 0) + f64x2.extract_lane(accT, 1);
  }
  const vax = f64x2.splat(ax), vay = f64x2.splat(ay), vaz = f64x2.splat(az);
  let accS = zero, accX = zero, accY = zero, accZ = zero;
  for (let q = q0; q < q1; q++) {
    const o = <usize>load<i32>(kList + (<usize>q << 2)) << 3;
    const base = f64x2.add(one, f64x2.mul(lam, v128.load(cosA + o)));
    const pw = powLanes(base, zeta, izeta);
    const A = f64x2.mul(vPref, f64x2.mul(pw, izeta > 0 ? base : f64x2.max(base, zero)));
    const Ad = f64x2.mul(dPref, pw);
    accT = f64x2.add(accT, f64x2.mul(A, v128.load(P + o)));
    const ca = f64x2.sub(f64x2.mul(A, v128.load(U1 + o)), f64x2.mul(Ad, v128.load(V1 + o)));
    const cb = f64x2.sub(f64x2.mul(A, v128.load(U2 + o)), f64x2.mul(Ad, v128.load(V2 + o)));
    const cx = f64x2.sub(f64x2.mul(Ad, v128.load(V3 + o)), f64x2.mul(A, v128.load(Pc + o)));
    accS = f64x2.add(accS, ca);
    accX = f64x2.add(accX, f64x2.mul(cx, v128.load(bx + o)));
    accY = f64x2.add(accY, f64x2.mul(cx, v128.load(by + o)));
    accZ = f64x2.add(accZ, f64x2.mul(cx, v128.load(bz + o)));
    v128.store(sRow + o, f64x2.add(v128.load(sRow + o), cb));
    v128.store(xRow + o, f64x2.add(v128.load(xRow + o), f64x2.mul(cx, vax)));
    v128.store(yRow + o, f64x2.add(v128.load(yRow + o), f64x2.mul(cx, vay)));
    v128.store(zRow + o, f64x2.add(v128.load(zRow + o), f64x2.mul(cx, vaz)));
  }
  store<f64>(jOut, f64x2.extract_lane(accS, 0) + f64x2.extract_lane(accS, 1));
  store<f64>(jOut, f64x2.extract_lane(accX, 0) + f64x2.extract_lane(accX, 1), 8);
  store<f64>(jOut, f64x2.extract_lane(accY, 0) + f64x2.extract_lane(accY, 1), 16);
  store<f64>(jOut, f64x2.extract_lane(accZ, 0) + f64x2.extract_lane(accZ, 1), 24);
  return f64x2.extract_lane(accT, 0) + f64x2.extract_lane(accT, 1);
}

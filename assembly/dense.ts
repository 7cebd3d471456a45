// Dense layers of the per-element atomic networks, batched over the atoms of one element, f64.
//
// A network maps the scaled descriptor x (nIn) of one atom to its energy ε:
//   z_1 = W_1 x + b_1,        h_1 = σ(z_1)
//   z_l = W_l h_{l−1} + b_l,  h_l = σ(z_l)         l = 2 .. L
//   ε   = W_{L+1} h_L + b_{L+1}                     (linear output layer, one unit)
// W_l is stored row-major nOut × nIn (w[o*nIn + i]); per-atom vectors are rows of a batch
// matrix (x[a*nIn + i]). The TypeScript side (src/model/network.ts) strings these kernels
// together layer by layer; every kernel here is one loop nest with no allocation.
//
// ── Derivation of the force-loss weight gradient (the mixed derivative ∂²ε/∂w∂x) ───────────
// Forces: F_j = −Σ_i g_i · (∂x_i/∂r_j),  g_i = ∂ε_i/∂x_i.
// Input gradient (backprop of ε alone, seed ∂ε/∂z_{L+1} = 1):
//   γ_{L+1} = 1,   γ_l = σ'(z_l) ⊙ (W_{l+1}ᵀ γ_{l+1}),   g = W_1ᵀ γ_1.
// A loss L(F) gives δF_j = ∂L/∂F_j. Through F, L depends on g_i only linearly:
//   ∂L/∂g_i = u_i = −Σ_j (∂x_i/∂r_j) δF_j        (forceAdjoint below; nIn numbers per atom)
// so, holding u fixed, ∂L/∂θ = Σ_i ∂(g_i·u_i)/∂θ, and g·u = ε̇ is the directional derivative of
// ε along u. Forward directional (R-op) pass, linear in u, no biases:
//   ż_1 = W_1 u,               ḣ_1 = σ'(z_1) ⊙ ż_1
//   ż_l = W_l ḣ_{l−1},         ḣ_l = σ'(z_l) ⊙ ż_l
//   ε̇   = W_{L+1} ḣ_L.
// Energy and force terms are backpropagated together: the per-atom objective is
//   a·ε + ε̇(u),   a = ∂L/∂ε (energy residual term).
// Adjoints (bars) of the pair (h, ḣ) flow down; at the output  h̄_{L+1} = a,  ḣ̄_{L+1} = 1.
// For each layer l = L+1 .. 1 (σ = identity for l = L+1, so σ' = 1, σ'' = 0 there):
//   z̄_l = h̄_l ⊙ σ'(z_l) + ḣ̄_l ⊙ σ''(z_l) ⊙ ż_l      (ḣ_l = σ'(z_l) ż_l depends on z_l too)
//   ż̄_l = ḣ̄_l ⊙ σ'(z_l)
//   ∂/∂W_l += z̄_l h_{l−1}ᵀ + ż̄_l ḣ_{l−1}ᵀ             (h_0 = x, ḣ_0 = u)
//   ∂/∂b_l += z̄_l                                      (ż has no bias)
//   h̄_{l−1} = W_lᵀ z̄_l,   ḣ̄_{l−1} = W_lᵀ ż̄_l
// With u = 0 this reduces to ordinary backprop of a·ε. Kernels used per layer: denseForward
// (z and ż: pass b = 0 for ż), activate (σ, σ', σ''), hadamard / hadamardAdd3 (the ⊙ lines),
// denseWeightGrad (∂/∂W, ∂/∂b) and denseBackward (W_lᵀ z̄). Checked against finite differences
// in test/network.test.ts.
//
// Every SIMD kernel (f64x2) has a scalar twin with the same signature; they agree to rounding
// (the SIMD sums run in a different order: even and odd terms separately, blocks over the batch).

import { hsum } from "./vmath";

/** z[a,o] = b[o] + Σ_i w[o,i] x[a,i] for a < n. x: n×nin, w: nout×nin, b: nout (0 = no bias), z: n×nout. */
export function denseForwardScalar(x: usize, w: usize, b: usize, z: usize, n: i32, nin: i32, nout: i32): void {
  for (let a = 0; a < n; a++) {
    const xa = x + ((<usize>a * nin) << 3);
    const za = z + ((<usize>a * nout) << 3);
    for (let o = 0; o < nout; o++) {
      const wo = w + ((<usize>o * nin) << 3);
      let s: f64 = b ? load<f64>(b + (<usize>o << 3)) : 0.0;
      for (let i = 0; i < nin; i++) s += load<f64>(wo + (<usize>i << 3)) * load<f64>(xa + (<usize>i << 3));
      store<f64>(za + (<usize>o << 3), s);
    }
  }
}

/**
 * SIMD twin of denseForwardScalar. Register-blocked: four outputs per pass share each load of
 * x (5 loads per 8 multiply-adds instead of 8).
 */
export function denseForwardSimd(x: usize, w: usize, b: usize, z: usize, n: i32, nin: i32, nout: i32): void {
  const nv = nin & ~1;
  const row = <usize>nin << 3;
  for (let a = 0; a < n; a++) {
    const xa = x + ((<usize>a * nin) << 3);
    const za = z + ((<usize>a * nout) << 3);
    let o = 0;
    for (; o + 4 <= nout; o += 4) {
      const w0 = w + ((<usize>o * nin) << 3), w1 = w0 + row, w2 = w1 + row, w3 = w2 + row;
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      for (let i = 0; i < nv; i += 2) {
        const off = <usize>i << 3;
        const xv = v128.load(xa + off);
        a0 = f64x2.add(a0, f64x2.mul(v128.load(w0 + off), xv));
        a1 = f64x2.add(a1, f64x2.mul(v128.load(w1 + off), xv));
        a2 = f64x2.add(a2, f64x2.mul(v128.load(w2 + off), xv));
        a3 = f64x2.add(a3, f64x2.mul(v128.load(w3 + off), xv));
      }
      let s0 = hsum(a0), s1 = hsum(a1), s2 = hsum(a2), s3 = hsum(a3);
      if (nv < nin) {
        const off = <usize>nv << 3;
        const xi = load<f64>(xa + off);
        s0 += load<f64>(w0 + off) * xi; s1 += load<f64>(w1 + off) * xi;
        s2 += load<f64>(w2 + off) * xi; s3 += load<f64>(w3 + off) * xi;
      }
      if (b) {
        const bo = b + (<usize>o << 3);
        s0 += load<f64>(bo); s1 += load<f64>(bo + 8); s2 += load<f64>(bo + 16); s3 += load<f64>(bo + 24);
      }
      const zo = za + (<usize>o << 3);
      store<f64>(zo, s0); store<f64>(zo + 8, s1); store<f64>(zo + 16, s2); store<f64>(zo + 24, s3);
    }
    for (; o < nout; o++) {
      const wo = w + ((<usize>o * nin) << 3);
      let acc = f64x2.splat(0.0);
      for (let i = 0; i < nv; i += 2) {
        acc = f64x2.add(acc, f64x2.mul(v128.load(wo + (<usize>i << 3)), v128.load(xa + (<usize>i << 3))));
      }
      let s = hsum(acc);
      if (nv < nin) s += load<f64>(wo + (<usize>nv << 3)) * load<f64>(xa + (<usize>nv << 3));
      if (b) s += load<f64>(b + (<usize>o << 3));
      store<f64>(za + (<usize>o << 3), s);
    }
  }
}

/** dx[a,i] = Σ_o dz[a,o] w[o,i] (overwrites dx). dz: n×nout, w: nout×nin, dx: n×nin. */
export function denseBackwardScalar(dz: usize, w: usize, dx: usize, n: i32, nin: i32, nout: i32): void {
  for (let a = 0; a < n; a++) {
    const da = dz + ((<usize>a * nout) << 3);
    const xa = dx + ((<usize>a * nin) << 3);
    for (let i = 0; i < nin; i++) store<f64>(xa + (<usize>i << 3), 0.0);
    for (let o = 0; o < nout; o++) {
      const c = load<f64>(da + (<usize>o << 3));
      const wo = w + ((<usize>o * nin) << 3);
      for (let i = 0; i < nin; i++) {
        const p = xa + (<usize>i << 3);
        store<f64>(p, load<f64>(p) + c * load<f64>(wo + (<usize>i << 3)));
      }
    }
  }
}

/**
 * SIMD twin of denseBackwardScalar. Register-blocked: eight inputs (four f64x2 accumulators)
 * are summed over all outputs before one store, instead of a load/store of dx per output.
 */
export function denseBackwardSimd(dz: usize, w: usize, dx: usize, n: i32, nin: i32, nout: i32): void {
  const nv = nin & ~1;
  for (let a = 0; a < n; a++) {
    const da = dz + ((<usize>a * nout) << 3);
    const xa = dx + ((<usize>a * nin) << 3);
    let i = 0;
    for (; i + 8 <= nv; i += 8) {
      const off = <usize>i << 3;
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      for (let o = 0; o < nout; o++) {
        const c = f64x2.splat(load<f64>(da + (<usize>o << 3)));
        const wo = w + ((<usize>o * nin) << 3) + off;
        a0 = f64x2.add(a0, f64x2.mul(c, v128.load(wo)));
        a1 = f64x2.add(a1, f64x2.mul(c, v128.load(wo + 16)));
        a2 = f64x2.add(a2, f64x2.mul(c, v128.load(wo + 32)));
        a3 = f64x2.add(a3, f64x2.mul(c, v128.load(wo + 48)));
      }
      v128.store(xa + off, a0); v128.store(xa + off + 16, a1);
      v128.store(xa + off + 32, a2); v128.store(xa + off + 48, a3);
    }
    for (; i < nv; i += 2) {
      const off = <usize>i << 3;
      let acc = f64x2.splat(0.0);
      for (let o = 0; o < nout; o++) {
        const c = f64x2.splat(load<f64>(da + (<usize>o << 3)));
        acc = f64x2.add(acc, f64x2.mul(c, v128.load(w + ((<usize>o * nin) << 3) + off)));
      }
      v128.store(xa + off, acc);
    }
    if (nv < nin) {
      const off = <usize>nv << 3;
      let s: f64 = 0.0;
      for (let o = 0; o < nout; o++) s += load<f64>(da + (<usize>o << 3)) * load<f64>(w + ((<usize>o * nin) << 3) + off);
      store<f64>(xa + off, s);
    }
  }
}

/** gw[o,i] += Σ_a dz[a,o] x[a,i];  gb[o] += Σ_a dz[a,o] (gb = 0: skip). */
export function denseWeightGradScalar(dz: usize, x: usize, gw: usize, gb: usize, n: i32, nin: i32, nout: i32): void {
  for (let a = 0; a < n; a++) {
    const da = dz + ((<usize>a * nout) << 3);
    const xa = x + ((<usize>a * nin) << 3);
    for (let o = 0; o < nout; o++) {
      const c = load<f64>(da + (<usize>o << 3));
      if (gb) store<f64>(gb + (<usize>o << 3), load<f64>(gb + (<usize>o << 3)) + c);
      const go = gw + ((<usize>o * nin) << 3);
      for (let i = 0; i < nin; i++) {
        const p = go + (<usize>i << 3);
        store<f64>(p, load<f64>(p) + c * load<f64>(xa + (<usize>i << 3)));
      }
    }
  }
}

/**
 * SIMD twin of denseWeightGradScalar. Register-blocked: for each output o, eight inputs (four
 * f64x2 accumulators) are summed over the batch before one update of gw.
 */
export function denseWeightGradSimd(dz: usize, x: usize, gw: usize, gb: usize, n: i32, nin: i32, nout: i32): void {
  const nv = nin & ~1;
  const xrow = <usize>nin << 3, drow = <usize>nout << 3;
  for (let o = 0; o < nout; o++) {
    const go = gw + ((<usize>o * nin) << 3);
    const dcol = dz + (<usize>o << 3);
    if (gb) {
      let sb: f64 = 0.0;
      for (let a = 0; a < n; a++) sb += load<f64>(dcol + <usize>a * drow);
      store<f64>(gb + (<usize>o << 3), load<f64>(gb + (<usize>o << 3)) + sb);
    }
    let i = 0;
    for (; i + 8 <= nv; i += 8) {
      const off = <usize>i << 3;
      let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0), a2 = f64x2.splat(0.0), a3 = f64x2.splat(0.0);
      for (let a = 0; a < n; a++) {
        const c = f64x2.splat(load<f64>(dcol + <usize>a * drow));
        const xa = x + <usize>a * xrow + off;
        a0 = f64x2.add(a0, f64x2.mul(c, v128.load(xa)));
        a1 = f64x2.add(a1, f64x2.mul(c, v128.load(xa + 16)));
        a2 = f64x2.add(a2, f64x2.mul(c, v128.load(xa + 32)));
        a3 = f64x2.add(a3, f64x2.mul(c, v128.load(xa + 48)));
      }
      const p = go + off;
      v128.store(p, f64x2.add(v128.load(p), a0)); v128.store(p + 16, f64x2.add(v128.load(p + 16), a1));
      v128.store(p + 32, f64x2.add(v128.load(p + 32), a2)); v128.store(p + 48, f64x2.add(v128.load(p + 48), a3));
    }
    for (; i < nv; i += 2) {
      const off = <usize>i << 3;
      let acc = f64x2.splat(0.0);
      for (let a = 0; a < n; a++) {
        acc = f64x2.add(acc, f64x2.mul(f64x2.splat(load<f64>(dcol + <usize>a * drow)), v128.load(x + <usize>a * xrow + off)));
      }
      v128.store(go + off, f64x2.add(v128.load(go + off), acc));
    }
    if (nv < nin) {
      const off = <usize>nv << 3;
      let s: f64 = 0.0;
      for (let a = 0; a < n; a++) s += load<f64>(dcol + <usize>a * drow) * load<f64>(x + <usize>a * xrow + off);
      store<f64>(go + off, load<f64>(go + off) + s);
    }
  }
}

/** out[k] = a[k] · b[k] for k < count (out may alias a or b). */
export function hadamard(a: usize, b: usize, out: usize, count: i32): void {
  const nv = count & ~1;
  for (let k = 0; k < nv; k += 2) {
    const o = <usize>k << 3;
    v128.store(out + o, f64x2.mul(v128.load(a + o), v128.load(b + o)));
  }
  if (nv < count) {
    const o = <usize>nv << 3;
    store<f64>(out + o, load<f64>(a + o) * load<f64>(b + o));
  }
}

/** out[k] += a[k] · b[k] · c[k] for k < count. */
export function hadamardAdd3(a: usize, b: usize, c: usize, out: usize, count: i32): void {
  const nv = count & ~1;
  for (let k = 0; k < nv; k += 2) {
    const o = <usize>k << 3;
    v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(f64x2.mul(v128.load(a + o), v128.load(b + o)), v128.load(c + o))));
  }
  if (nv < count) {
    const o = <usize>nv << 3;
    store<f64>(out + o, load<f64>(out + o) + load<f64>(a + o) * load<f64>(b + o) * load<f64>(c + o));
  }
}

// ── Sparse contraction with the descriptor derivatives ─────────────────────────────────────
// For the atoms (rows) of one element in one structure: entries dstart[r] .. dstart[r+1]−1 of
// row r hold D_e = ∂x_r/∂r_j (layout d[e][k][f], k = x y z, f < nin, scaled features) and
// datom[e] = j, the index of the differentiated atom in the structure (each j at most once per
// row when the packer merged periodic images; repeated j are still summed correctly).
//
// d may be stored in double (T = f64) or single precision (T = f32: half the memory and memory
// traffic of the packed training set). Every product and sum is f64 either way (an f32 value is
// promoted exactly), so forces differ from the f64 path only by the storage rounding of ∂x/∂r
// (6e-8 relative per value; forces are sums with cancellation, measured ~2e-8 eV/Å in force
// RMSE on SW-labelled Si cells), and the loss gradient stays the exact gradient of the loss
// computed with those stored values. One generic body per kernel (…T<T>) serves both; the
// exported non-generic wrappers below fix T (the f32 ones are named …F32…).

/** d[i] of a T array, promoted to f64. */
// @ts-ignore: decorator
@inline function loadD<T>(d: usize, i: i32): f64 {
  if (!isFloat<T>()) ERROR("derivative storage must be f32 or f64");
  return <f64>load<T>(d + <usize>i * sizeof<T>());
}

/** d[i], d[i+1] of a T array as one f64x2 (f32: load 8 bytes, promote both lanes). */
// @ts-ignore: decorator
@inline function loadD2<T>(d: usize, i: i32): v128 {
  if (!isFloat<T>()) ERROR("derivative storage must be f32 or f64");
  if (sizeof<T>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(d + (<usize>i << 2)));
  return v128.load(d + (<usize>i << 3));
}

/** f[3j+k] −= Σ_f d[e][k][f] g[r][f]:  forces F_j = −Σ_i g_i·∂x_i/∂r_j. g: rows×nin, f: 3·natoms. */
function forceContractScalarT<T>(g: usize, d: usize, dstart: usize, datom: usize, f: usize, rows: i32, nin: i32): void {
  for (let r = 0; r < rows; r++) {
    const gr = g + ((<usize>r * nin) << 3);
    const e0 = load<i32>(dstart + (<usize>r << 2)), e1 = load<i32>(dstart + (<usize>(r + 1) << 2));
    for (let e = e0; e < e1; e++) {
      const j = load<i32>(datom + (<usize>e << 2));
      for (let k = 0; k < 3; k++) {
        const de = d + <usize>(e * 3 + k) * nin * sizeof<T>();
        let s: f64 = 0.0;
        for (let i = 0; i < nin; i++) s += loadD<T>(de, i) * load<f64>(gr + (<usize>i << 3));
        const p = f + (<usize>(3 * j + k) << 3);
        store<f64>(p, load<f64>(p) - s);
      }
    }
  }
}

/** SIMD twin of forceContractScalarT. */
function forceContractSimdT<T>(g: usize, d: usize, dstart: usize, datom: usize, f: usize, rows: i32, nin: i32): void {
  const nv = nin & ~1;
  for (let r = 0; r < rows; r++) {
    const gr = g + ((<usize>r * nin) << 3);
    const e0 = load<i32>(dstart + (<usize>r << 2)), e1 = load<i32>(dstart + (<usize>(r + 1) << 2));
    for (let e = e0; e < e1; e++) {
      const j = load<i32>(datom + (<usize>e << 2));
      const dx = d + <usize>(e * 3) * nin * sizeof<T>();
      const dy = dx + <usize>nin * sizeof<T>(), dz = dy + <usize>nin * sizeof<T>();
      let ax = f64x2.splat(0.0), ay = f64x2.splat(0.0), az = f64x2.splat(0.0);
      for (let i = 0; i < nv; i += 2) {
        const gv = v128.load(gr + (<usize>i << 3));
        ax = f64x2.add(ax, f64x2.mul(loadD2<T>(dx, i), gv));
        ay = f64x2.add(ay, f64x2.mul(loadD2<T>(dy, i), gv));
        az = f64x2.add(az, f64x2.mul(loadD2<T>(dz, i), gv));
      }
      let sx = hsum(ax), sy = hsum(ay), sz = hsum(az);
      if (nv < nin) {
        const gi = load<f64>(gr + (<usize>nv << 3));
        sx += loadD<T>(dx, nv) * gi; sy += loadD<T>(dy, nv) * gi; sz += loadD<T>(dz, nv) * gi;
      }
      const p = f + (<usize>(3 * j) << 3);
      store<f64>(p, load<f64>(p) - sx);
      store<f64>(p + 8, load<f64>(p + 8) - sy);
      store<f64>(p + 16, load<f64>(p + 16) - sz);
    }
  }
}

/** u[r][f] = −Σ_e Σ_k d[e][k][f] df[3 datom[e] + k] (overwrites u): ∂L/∂g_r from δF = ∂L/∂F. */
function forceAdjointScalarT<T>(df: usize, d: usize, dstart: usize, datom: usize, u: usize, rows: i32, nin: i32): void {
  for (let r = 0; r < rows; r++) {
    const ur = u + ((<usize>r * nin) << 3);
    for (let i = 0; i < nin; i++) store<f64>(ur + (<usize>i << 3), 0.0);
    const e0 = load<i32>(dstart + (<usize>r << 2)), e1 = load<i32>(dstart + (<usize>(r + 1) << 2));
    for (let e = e0; e < e1; e++) {
      const j = load<i32>(datom + (<usize>e << 2));
      for (let k = 0; k < 3; k++) {
        const c = load<f64>(df + (<usize>(3 * j + k) << 3));
        const de = d + <usize>(e * 3 + k) * nin * sizeof<T>();
        for (let i = 0; i < nin; i++) {
          const p = ur + (<usize>i << 3);
          store<f64>(p, load<f64>(p) - c * loadD<T>(de, i));
        }
      }
    }
  }
}

/** SIMD twin of forceAdjointScalarT. */
function forceAdjointSimdT<T>(df: usize, d: usize, dstart: usize, datom: usize, u: usize, rows: i32, nin: i32): void {
  const nv = nin & ~1;
  for (let r = 0; r < rows; r++) {
    const ur = u + ((<usize>r * nin) << 3);
    for (let i = 0; i < nin; i++) store<f64>(ur + (<usize>i << 3), 0.0);
    const e0 = load<i32>(dstart + (<usize>r << 2)), e1 = load<i32>(dstart + (<usize>(r + 1) << 2));
    for (let e = e0; e < e1; e++) {
      const j = load<i32>(datom + (<usize>e << 2));
      const pf = df + (<usize>(3 * j) << 3);
      const cx = load<f64>(pf), cy = load<f64>(pf + 8), cz = load<f64>(pf + 16);
      const vx = f64x2.splat(cx), vy = f64x2.splat(cy), vz = f64x2.splat(cz);
      const dx = d + <usize>(e * 3) * nin * sizeof<T>();
      const dy = dx + <usize>nin * sizeof<T>(), dz = dy + <usize>nin * sizeof<T>();
      for (let i = 0; i < nv; i += 2) {
        const o = <usize>i << 3;
        const s = f64x2.add(f64x2.add(
          f64x2.mul(vx, loadD2<T>(dx, i)),
          f64x2.mul(vy, loadD2<T>(dy, i))),
          f64x2.mul(vz, loadD2<T>(dz, i)));
        v128.store(ur + o, f64x2.sub(v128.load(ur + o), s));
      }
      if (nv < nin) {
        const o = <usize>nv << 3;
        store<f64>(ur + o, load<f64>(ur + o) - (cx * loadD<T>(dx, nv) + cy * loadD<T>(dy, nv) + cz * loadD<T>(dz, nv)));
      }
    }
  }
}

// Exported kernels: f64 d (forceContractScalar …) and f32 d (forceContractF32Scalar …), same signature.

/** forceContractScalarT with f64 d. */
export function forceContractScalar(g: usize, d: usize, dstart: usize, datom: usize, f: usize, rows: i32, nin: i32): void {
  forceContractScalarT<f64>(g, d, dstart, datom, f, rows, nin);
}

/** forceContractSimdT with f64 d. */
export function forceContractSimd(g: usize, d: usize, dstart: usize, datom: usize, f: usize, rows: i32, nin: i32): void {
  forceContractSimdT<f64>(g, d, dstart, datom, f, rows, nin);
}

/** forceAdjointScalarT with f64 d. */
export function forceAdjointScalar(df: usize, d: usize, dstart: usize, datom: usize, u: usize, rows: i32, nin: i32): void {
  forceAdjointScalarT<f64>(df, d, dstart, datom, u, rows, nin);
}

/** forceAdjointSimdT with f64 d. */
export function forceAdjointSimd(df: usize, d: usize, dstart: usize, datom: usize, u: usize, rows: i32, nin: i32): void {
  forceAdjointSimdT<f64>(df, d, dstart, datom, u, rows, nin);
}

/** forceContractScalarT with f32 d. */
export function forceContractF32Scalar(g: usize, d: usize, dstart: usize, datom: usize, f: usize, rows: i32, nin: i32): void {
  forceContractScalarT<f32>(g, d, dstart, datom, f, rows, nin);
}

/** forceContractSimdT with f32 d. */
export function forceContractF32Simd(g: usize, d: usize, dstart: usize, datom: usize, f: usize, rows: i32, nin: i32): void {
  forceContractSimdT<f32>(g, d, dstart, datom, f, rows, nin);
}

/** forceAdjointScalarT with f32 d. */
export function forceAdjointF32Scalar(df: usize, d: usize, dstart: usize, datom: usize, u: usize, rows: i32, nin: i32): void {
  forceAdjointScalarT<f32>(df, d, dstart, datom, u, rows, nin);
}

/** forceAdjointSimdT with f32 d. */
export function forceAdjointF32Simd(df: usize, d: usize, dstart: usize, datom: usize, u: usize, rows: i32, nin: i32): void {
  forceAdjointSimdT<f32>(df, d, dstart, datom, u, rows, nin);
}

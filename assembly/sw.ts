// Stillinger–Weber potential (Stillinger & Weber, PRB 31, 5262 (1985)) for any number of
// elements, as LAMMPS `pair_style sw` defines it:
//
//   E = Σ_i Σ_{j≠i} ½ φ2_ij(r_ij) + Σ_i Σ_{j<k} φ3_ijk(r_ij, r_ik, θ_jik)
//   φ2_ij  = A ε [B (σ/r)^p − (σ/r)^q] exp(σ/(r − aσ))                (r < aσ; all from entry i j j)
//   φ3_ijk = λε_ijk (cos θ_jik − cos θ0_ijk)² exp(γσ/(r_ij − aσ)) exp(γσ/(r_ik − aσ))
//            (λε, cos θ0 from entry i j k; γ, σ, a of each leg from its entry i j j or i k k)
//
// Element types t_i index two tables the host builds (src/teacher/sw-parameters.ts):
//   pair    nel × nel records of 8 f64, record (t_i, t_j) from entry i j j:
//           Aε, B, p, q, σ, aσ, r_list² (the neighbour cutoff², shortened by LAMMPS' tol), γσ
//   triplet nel³ records of 2 f64, record (t_i, t_j, t_k): λε, cos θ0 (symmetric in j, k)
// Each atom takes half of every pair with its own entry i j j; the host checks that i j j and
// j i i agree, so the two halves add up to LAMMPS' φ2.
//
// Per-atom energies in two splits of the same total:
//   vertex: ε_i = ½ Σ_j φ2_ij + Σ_{j<k} φ3_ijk (every term centred on i: range aσ around i)
//   lammps: ½ of each pair to each atom, ⅓ of each three-body term to each of i, j, k
//           (what LAMMPS `compute pe/atom` prints).
//
// Input is a FULL neighbour list (each pair under both atoms), possibly built with a larger
// cutoff (a Verlet skin): the kernel recomputes r_ij = x_j + s_ij − x_i from the positions and
// a Cartesian image offset s_ij per entry, and skips entries with r_ij² ≥ r_list².
//
// Units: Å, eV; forces eV/Å; the virial W_ab = Σ (∂E/∂r_ij,a) r_ij,b = ∂E/∂ε_ab (eV), so the
// stress is σ = W/V (ASE sign: negative when compressed).
//
// Scalar only: the neighbour loops are short and irregular (4–12 entries within aσ), so there
// is no SIMD twin; the loop bodies are flat and branch-light instead.

import { Scratch } from "./memory";

/** Per-neighbour cache of atom i: dx dy dz r e g 1/r (8 f64 slots, 1 spare). */
const NB: usize = 64;
/** Pair and triplet table records (bytes). */
const PAIR: usize = 64;
const TRIP: usize = 16;
const cache = new Scratch();
const cacheIdx = new Scratch();

/** (σ/r)^p with a fast path for small integer p (p = 4, q = 0 for Si). */
@inline function powRatio(x: f64, p: f64): f64 {
  if (p == 0.0) return 1.0;
  if (p == 4.0) { const x2 = x * x; return x2 * x2; }
  return Math.pow(x, p);
}

/**
 * Energy, per-atom energies (both splits), forces and virial.
 *  pair   nel² × 8 f64 pair table (above)
 *  trip   nel³ × 2 f64 triplet table (above)
 *  nel    number of elements
 *  type   n i32: element type of each atom (0 .. nel−1)
 *  pos    n×3 f64 Cartesian positions (Å)
 *  start  (n+1) i32: entries of atom i are start[i] .. start[i+1]−1
 *  idx    m i32: neighbour atom j of each entry
 *  off    m×3 f64: Cartesian image offset s_ij (Å), r_ij = x_j + s_ij − x_i
 *  eVert  n f64 out: per-atom energies, vertex split (eV)
 *  eLmp   n f64 out: per-atom energies, LAMMPS split (eV)
 *  force  n×3 f64 out: forces (eV/Å)
 *  vir    9 f64 out: virial W_ab row-major (eV)
 * Returns the total energy (eV). Outputs are overwritten, not accumulated.
 */
export function swCompute(
  pair: usize, trip: usize, nel: i32, type: usize,
  pos: usize, n: i32, start: usize, idx: usize, off: usize,
  eVert: usize, eLmp: usize, force: usize, vir: usize,
): f64 {
  memory.fill(eVert, 0, <usize>n << 3);
  memory.fill(eLmp, 0, <usize>n << 3);
  memory.fill(force, 0, <usize>(3 * n) << 3);
  memory.fill(vir, 0, 72);
  let w00 = 0.0, w01 = 0.0, w02 = 0.0, w10 = 0.0, w11 = 0.0, w12 = 0.0, w20 = 0.0, w21 = 0.0, w22 = 0.0;
  let etot = 0.0;

  for (let i = 0; i < n; i++) {
    const s0 = load<i32>(start + (<usize>i << 2)), s1 = load<i32>(start + (<usize>(i + 1) << 2));
    const pi = pos + <usize>(3 * i) * 8;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const ti = load<i32>(type + (<usize>i << 2));
    const pairRow = pair + <usize>(ti * nel) * PAIR;
    const tripRow = trip + <usize>(ti * nel * nel) * TRIP;
    const nb = cache.ensure(<usize>(s1 - s0 + 1) * NB);
    const nj = cacheIdx.ensure(<usize>(s1 - s0 + 1) << 3);
    let fxi = 0.0, fyi = 0.0, fzi = 0.0, ei = 0.0;
    let cnt = 0;

    // Pair terms: each list entry carries half of φ2 (the pair appears under both atoms).
    for (let e = s0; e < s1; e++) {
      const j = load<i32>(idx + (<usize>e << 2));
      const oe = off + <usize>(3 * e) * 8, pj = pos + <usize>(3 * j) * 8;
      const dx = load<f64>(pj) + load<f64>(oe) - xi;
      const dy = load<f64>(pj, 8) + load<f64>(oe, 8) - yi;
      const dz = load<f64>(pj, 16) + load<f64>(oe, 16) - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      const tj = load<i32>(type + (<usize>j << 2));
      const pp = pairRow + <usize>tj * PAIR;
      if (r2 >= load<f64>(pp, 48)) continue;
      const Ae = load<f64>(pp), B = load<f64>(pp, 8), p = load<f64>(pp, 16), q = load<f64>(pp, 24);
      const sig = load<f64>(pp, 32), rc = load<f64>(pp, 40), gs = load<f64>(pp, 56);
      const r = Math.sqrt(r2), rinv = 1.0 / r, drc = 1.0 / (r - rc);
      // φ2 = Aε [B s^p − s^q] exp(σ/(r − rc)), s = σ/r;  dφ2/dr = Aε[−pB s^p + q s^q]/r · ex − φ2 σ/(r−rc)²
      const s = sig * rinv, sp = powRatio(s, p), sq = powRatio(s, q);
      const ex = Math.exp(sig * drc);
      const phi = Ae * (B * sp - sq) * ex;
      const dphi = Ae * (q * sq - p * B * sp) * rinv * ex - phi * sig * drc * drc;
      const half = 0.5 * phi;
      ei += half;
      etot += half;
      // g = ∂(½φ2)/∂r_ij (vector); F_j −= g, F_i += g.
      const gr = 0.5 * dphi * rinv;
      const gx = gr * dx, gy = gr * dy, gz = gr * dz;
      fxi += gx; fyi += gy; fzi += gz;
      const fj = force + <usize>(3 * j) * 8;
      store<f64>(fj, load<f64>(fj) - gx); store<f64>(fj, load<f64>(fj, 8) - gy, 8); store<f64>(fj, load<f64>(fj, 16) - gz, 16);
      w00 += gx * dx; w01 += gx * dy; w02 += gx * dz;
      w10 += gy * dx; w11 += gy * dy; w12 += gy * dz;
      w20 += gz * dx; w21 += gz * dy; w22 += gz * dz;
      // Cache for the three-body loop: e_ij = exp(γσ/(r − rc)), de/dr / e = −γσ/(r − rc)².
      const c = nb + <usize>cnt * NB;
      store<f64>(c, dx); store<f64>(c, dy, 8); store<f64>(c, dz, 16); store<f64>(c, r, 24);
      store<f64>(c, Math.exp(gs * drc), 32); store<f64>(c, -gs * drc * drc, 40); store<f64>(c, rinv, 48);
      store<i32>(nj + (<usize>cnt << 3), j);
      store<i32>(nj + (<usize>cnt << 3), tj, 4);
      cnt++;
    }
    // Pair part: both splits give atom i half of each of its pairs (the other half comes with
    // the entry (j, i) under atom j).
    let eiL = ei;

    // Three-body terms centred on i: every unordered pair (j, k) of neighbours within range.
    for (let u = 0; u < cnt - 1; u++) {
      const cu = nb + <usize>u * NB;
      const x1 = load<f64>(cu), y1 = load<f64>(cu, 8), z1 = load<f64>(cu, 16);
      const r1 = load<f64>(cu, 24), e1 = load<f64>(cu, 32), d1 = load<f64>(cu, 40), ri1 = load<f64>(cu, 48);
      const ju = load<i32>(nj + (<usize>u << 3));
      const tu = tripRow + <usize>(load<i32>(nj + (<usize>u << 3), 4) * nel) * TRIP;
      let fxu = 0.0, fyu = 0.0, fzu = 0.0;
      for (let v = u + 1; v < cnt; v++) {
        const cv = nb + <usize>v * NB;
        const x2 = load<f64>(cv), y2 = load<f64>(cv, 8), z2 = load<f64>(cv, 16);
        const r2 = load<f64>(cv, 24), e2 = load<f64>(cv, 32), d2 = load<f64>(cv, 40), ri2 = load<f64>(cv, 48);
        const tr = tu + <usize>load<i32>(nj + (<usize>v << 3), 4) * TRIP;
        const le = load<f64>(tr), c0 = load<f64>(tr, 8);
        const cs = (x1 * x2 + y1 * y2 + z1 * z2) * ri1 * ri2;
        const dc = cs - c0;
        const ee = le * e1 * e2;
        const h = ee * dc * dc;
        // ∂h/∂r1 = 2 λε e1 e2 (cos − c0) ∂cos/∂r1 + h d1 r̂1,  ∂cos/∂r1 = r2/(r1 r2) − cos r1/r1²
        const hc = 2.0 * ee * dc;
        const a11 = hc * (-cs * ri1 * ri1) + h * d1 * ri1; // coefficient of r1 (vector) in ∂h/∂r1
        const a12 = hc * ri1 * ri2;                         // coefficient of r2 in ∂h/∂r1 (and of r1 in ∂h/∂r2)
        const a22 = hc * (-cs * ri2 * ri2) + h * d2 * ri2;
        const g1x = a11 * x1 + a12 * x2, g1y = a11 * y1 + a12 * y2, g1z = a11 * z1 + a12 * z2;
        const g2x = a22 * x2 + a12 * x1, g2y = a22 * y2 + a12 * y1, g2z = a22 * z2 + a12 * z1;
        ei += h;
        etot += h;
        const third = h / 3.0;
        eiL += third;
        const kv = load<i32>(nj + (<usize>v << 3));
        store<f64>(eLmp + (<usize>ju << 3), load<f64>(eLmp + (<usize>ju << 3)) + third);
        store<f64>(eLmp + (<usize>kv << 3), load<f64>(eLmp + (<usize>kv << 3)) + third);
        fxi += g1x + g2x; fyi += g1y + g2y; fzi += g1z + g2z;
        fxu -= g1x; fyu -= g1y; fzu -= g1z;
        const fk = force + <usize>(3 * kv) * 8;
        store<f64>(fk, load<f64>(fk) - g2x); store<f64>(fk, load<f64>(fk, 8) - g2y, 8); store<f64>(fk, load<f64>(fk, 16) - g2z, 16);
        w00 += g1x * x1 + g2x * x2; w01 += g1x * y1 + g2x * y2; w02 += g1x * z1 + g2x * z2;
        w10 += g1y * x1 + g2y * x2; w11 += g1y * y1 + g2y * y2; w12 += g1y * z1 + g2y * z2;
        w20 += g1z * x1 + g2z * x2; w21 += g1z * y1 + g2z * y2; w22 += g1z * z1 + g2z * z2;
      }
      const fu = force + <usize>(3 * ju) * 8;
      store<f64>(fu, load<f64>(fu) + fxu); store<f64>(fu, load<f64>(fu, 8) + fyu, 8); store<f64>(fu, load<f64>(fu, 16) + fzu, 16);
    }
    store<f64>(eVert + (<usize>i << 3), ei);
    store<f64>(eLmp + (<usize>i << 3), load<f64>(eLmp + (<usize>i << 3)) + eiL);
    const fi = force + <usize>(3 * i) * 8;
    store<f64>(fi, load<f64>(fi) + fxi); store<f64>(fi, load<f64>(fi, 8) + fyi, 8); store<f64>(fi, load<f64>(fi, 16) + fzi, 16);
  }
  store<f64>(vir, w00); store<f64>(vir, w01, 8); store<f64>(vir, w02, 16);
  store<f64>(vir, w10, 24); store<f64>(vir, w11, 32); store<f64>(vir, w12, 40);
  store<f64>(vir, w20, 48); store<f64>(vir, w21, 56); store<f64>(vir, w22, 64);
  return etot;
}

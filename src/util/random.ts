// Seeded pseudo-random numbers. Library code takes its randomness only from here, never from the
// engine's unseeded generator: every random choice takes a seed, so the same inputs give the same bits.
//
// Generator: mulberry32 (32-bit state, period 2^32) — small, fast and good enough for rattles,
// initial velocities and thermostat noise; not for cryptography. Normal deviates by the
// Box–Muller transform (both deviates of a pair are used).

/** A seeded random stream: uniform [0, 1), normal N(0, 1), integers. */
export interface Random {
  /** Uniform deviate in [0, 1). */
  uniform(): number;
  /** Standard normal deviate (mean 0, variance 1). */
  normal(): number;
  /** Integer uniform in 0 .. n−1. */
  int(n: number): number;
  /** The 32-bit state now (to resume a stream with `randomFromState`). */
  state(): number;
}

/** Mix an arbitrary number (any integer or float seed) into a 32-bit start state. */
function seedState(seed: number): number {
  if (!Number.isFinite(seed)) throw new Error(`random seed must be a finite number, got ${seed}`);
  // Split the double into two 32-bit words and hash them (murmur3 finaliser).
  let h = (Math.floor(seed) >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A random stream started from `seed` (any finite number). */
export function createRandom(seed: number): Random {
  return randomFromState(seedState(seed));
}

/** A random stream resumed from a saved 32-bit state. */
export function randomFromState(state: number): Random {
  let t = state >>> 0;
  let spare: number | null = null;
  const uniform = (): number => {
    // mulberry32
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== null) { const z = spare; spare = null; return z; }
    // Box–Muller: u1 in (0, 1] so the logarithm is finite.
    const u1 = 1 - uniform(), u2 = uniform();
    const rad = Math.sqrt(-2 * Math.log(u1));
    spare = rad * Math.sin(2 * Math.PI * u2);
    return rad * Math.cos(2 * Math.PI * u2);
  };
  const int = (n: number): number => Math.floor(uniform() * n);
  return { uniform, normal, int, state: () => t };
}

/** Derive an independent child seed from a seed and a label (e.g. a group name and a frame index). */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let h = seedState(seed);
  for (const l of labels) {
    const s = String(l);
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0; // FNV-1a step
    }
    h = seedState(h ^ 0x5bd1e995);
  }
  return h >>> 0;
}

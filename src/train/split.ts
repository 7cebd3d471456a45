// Train / validation / test split by structure: seeded, optionally stratified, able to hold out
// whole groups.
//
// 1. Items whose group (groupOf) is in holdOutGroups go to test, all of them.
// 2. The rest are sorted into strata (stratifyBy; one stratum without it). Strata are visited in
//    sorted key order; each is shuffled (Fisher–Yates with a stream seeded by seed and the key) and
//    cut into train / valid / test by the fractions (normalised to sum 1), with the counts rounded by
//    largest remainder so they add up to the stratum size: every stratum keeps the proportions.
// The fractions therefore apply to the items left after holding out. Output indices are sorted.

import { createRandom, deriveSeed } from "../util/random.js";

export interface SplitFractions { train: number; valid: number; test: number }

export interface SplitOptions<T> {
  fractions: SplitFractions;
  seed: number;
  /** Key of the stratum an item belongs to (e.g. its group); each stratum is split in proportion. */
  stratifyBy?: (x: T) => string;
  /** Groups that go entirely to test (needs groupOf). */
  holdOutGroups?: string[];
  groupOf?: (x: T) => string;
}

export interface Split { train: number[]; valid: number[]; test: number[] }

export function splitStructures<T>(items: T[], options: SplitOptions<T>): Split {
  const fr = checkFractions(options.fractions);
  const hold = new Set(options.holdOutGroups ?? []);
  if (hold.size > 0 && !options.groupOf) throw new Error("splitStructures: holdOutGroups needs groupOf (how to read an item's group)");
  if (!Number.isFinite(options.seed)) throw new Error(`splitStructures: seed must be a finite number, got ${options.seed}`);

  const out: Split = { train: [], valid: [], test: [] };
  const strata = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    if (hold.size > 0 && hold.has(options.groupOf!(items[i]))) { out.test.push(i); continue; }
    const key = options.stratifyBy ? options.stratifyBy(items[i]) : "";
    let list = strata.get(key);
    if (!list) strata.set(key, (list = []));
    list.push(i);
  }

  for (const key of [...strata.keys()].sort()) {
    const idx = strata.get(key)!;
    shuffle(idx, deriveSeed(options.seed, "split", key));
    const [nTrain, nValid] = largestRemainder(idx.length, [fr.train, fr.valid, fr.test]);
    out.train.push(...idx.slice(0, nTrain));
    out.valid.push(...idx.slice(nTrain, nTrain + nValid));
    out.test.push(...idx.slice(nTrain + nValid));
  }
  const byNumber = (a: number, b: number) => a - b;
  out.train.sort(byNumber); out.valid.sort(byNumber); out.test.sort(byNumber);
  return out;
}

/** Fisher–Yates shuffle in place. */
function shuffle(a: number[], seed: number): void {
  const rng = createRandom(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
}

/**
 * Integer counts c_k with Σ c_k = n closest to n·f_k: floors first, then one extra each to the
 * largest remainders (ties to the earlier entry: train before valid before test).
 */
export function largestRemainder(n: number, fractions: number[]): number[] {
  const exact = fractions.map((f) => f * n);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, k) => k).sort((a, b) => (exact[b] - counts[b]) - (exact[a] - counts[a]) || a - b);
  for (let q = 0; left > 0; q = (q + 1) % order.length) {
    if (fractions[order[q]] > 0) { counts[order[q]]++; left--; }
  }
  return counts;
}

function checkFractions(f: SplitFractions): SplitFractions {
  const parts = [["train", f?.train], ["valid", f?.valid], ["test", f?.test]] as const;
  for (const [name, v] of parts)
    if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v))
      throw new Error(`splitStructures: fractions.${name} must be a number ≥ 0, got ${JSON.stringify(v)}`);
  const sum = f.train + f.valid + f.test;
  if (!(sum > 0)) throw new Error("splitStructures: fractions.train + valid + test must be > 0");
  return { train: f.train / sum, valid: f.valid / sum, test: f.test / sum };
}

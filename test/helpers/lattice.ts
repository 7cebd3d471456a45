// Small structure builders for tests, written independently of src/teacher generators.
import { Structure } from "../../src/structure/structure.js";
import { randomFromState } from "../../src/util/random.js";

/** Conventional 8-atom diamond cell, lattice constant a, repeated n×n×n. */
export function diamond(a: number, n = 1, symbol = "Si"): Structure {
  const basis = [
    [0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0],
    [0.25, 0.25, 0.25], [0.25, 0.75, 0.75], [0.75, 0.25, 0.75], [0.75, 0.75, 0.25],
  ];
  const pos: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++)
    for (const b of basis) pos.push((b[0] + i) * a, (b[1] + j) * a, (b[2] + k) * a);
  return new Structure({
    symbols: Array(pos.length / 3).fill(symbol), positions: pos,
    cell: [n * a, 0, 0, 0, n * a, 0, 0, 0, n * a], pbc: true,
  });
}

/** Deterministic pseudo-random numbers in [0,1) (mulberry32 from `seed` as its raw state), for test fixtures. */
export function rng(seed: number): () => number {
  const r = randomFromState(seed);
  return () => r.uniform();
}

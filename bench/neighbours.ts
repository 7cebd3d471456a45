// Neighbour-list build time per atom for diamond supercells (Rc = 6 Å).
// Run: npm run build && node dist/bench/neighbours.js
// The cost must grow linearly with N: the per-atom time should stay flat across sizes.
import { Bench } from "tinybench";
import { initWasm, Structure, buildNeighbourList } from "../src/node.js";
import { machineLine } from "./machine.js";

function diamondSupercell(a: number, n: number): Structure {
  const basis = [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0], [.25, .25, .25], [.25, .75, .75], [.75, .25, .75], [.75, .75, .25]];
  const pos: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++)
    for (const b of basis) pos.push((b[0] + i) * a, (b[1] + j) * a, (b[2] + k) * a);
  return new Structure({ symbols: Array(pos.length / 3).fill("Si"), positions: pos, cell: [n * a, 0, 0, 0, n * a, 0, 0, 0, n * a], pbc: true });
}

await initWasm();
console.log(machineLine());
console.log("neighbour list, diamond Si a = 5.431 Å, Rc = 6 Å, one thread");
const bench = new Bench({ time: 1000, warmup: true });
const sizes = [2, 4, 8, 16];
for (const n of sizes) {
  const s = diamondSupercell(5.431, n);
  bench.add(`${s.length} atoms`, () => { buildNeighbourList(s, 6.0); });
}
await bench.run();
console.log("atoms      µs/atom   (mean of", "tinybench samples)");
for (const [q, task] of bench.tasks.entries()) {
  const natoms = 8 * sizes[q] ** 3;
  const r = task.result;
  if (!r || !("latency" in r)) throw new Error(`benchmark ${task.name} failed`);
  const meanMs = r.latency.mean;
  console.log(`${String(natoms).padStart(6)}  ${(1000 * meanMs / natoms).toFixed(3).padStart(10)}`);
}

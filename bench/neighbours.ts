// Neighbour-list build time per atom for diamond supercells (Rc = 6 Å).
// Run: npm run build && node dist/bench/neighbours.js
// The cost must grow linearly with N: the per-atom time should stay flat across sizes.
import { Bench } from "tinybench";
import { initWasm, buildNeighbourList } from "../src/node.js";
import { crystal, supercell } from "../src/structure/generators.js";
import { machineLine } from "./machine.js";

await initWasm();
console.log(machineLine());
console.log("neighbour list, diamond Si a = 5.431 Å, Rc = 6 Å, one thread");
const bench = new Bench({ time: 1000, warmup: true });
const sizes = [2, 4, 8, 16];
for (const n of sizes) {
  const s = supercell(crystal("diamond", { a: 5.431 }), n, n, n);
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

// Optimiser and hashing overheads, so they can be compared with one loss+gradient evaluation.
// Run: npm run build && node dist/bench/optim.js
// - L-BFGS bookkeeping per iteration (two-loop recursion, m = 10) for a network-sized weight vector,
//   measured on the chained Rosenbrock function (O(n) to evaluate, far from converged after 200
//   iterations), so the time is the optimiser's own work plus a negligible objective;
// - one Adam step for the same vector;
// - sha256Hex throughput (weight hashes, data hashes).
import { Bench } from "tinybench";
import { minimizeLbfgs } from "../src/train/lbfgs.js";
import { Adam } from "../src/train/adam.js";
import { sha256Hex } from "../src/util/hash.js";
import { machineLine } from "./machine.js";

console.log(machineLine());
const n = 2 * (26 * 30 + 30 + 30 * 30 + 30 + 30 + 1); // two elements, 26-30-30-1 networks: 3542 weights
/** f = Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)² */
const fg = (x: Float64Array, g: Float64Array) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < n; i++) {
    const a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

const iterations = 200;
const bench = new Bench({ time: 1000, warmup: true });
bench.add(`L-BFGS ${iterations} iterations, n = ${n}`, () => {
  minimizeLbfgs(fg, new Float64Array(n), { maxIterations: iterations, gradientTolerance: 0 });
});
const adam = new Adam(n, { lr: 1e-3 });
const w = new Float64Array(n), g = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
bench.add(`Adam step, n = ${n}`, () => adam.step(w, g));
const mb = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
bench.add("sha256Hex 1 MiB", () => sha256Hex(mb));
const weights = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
bench.add(`sha256Hex of ${n} f64 weights`, () => sha256Hex(weights));
await bench.run();

// Iterations and evaluations of one such run.
const probe = minimizeLbfgs(fg, new Float64Array(n), { maxIterations: iterations });
for (const task of bench.tasks) {
  const r = task.result;
  if (r.state !== "completed") throw new Error(`${task.name}: ${r.state}`);
  const ms = r.latency.mean;
  let extra = "";
  if (task.name.startsWith("L-BFGS")) extra = `  = ${(1000 * ms / probe.iterations).toFixed(1)} µs per iteration (${probe.iterations} iterations, ${probe.evaluations} evaluations, ${probe.reason})`;
  if (task.name.includes("1 MiB")) extra = `  = ${(1 / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(`${task.name.padEnd(40)} ${ms.toFixed(3).padStart(10)} ms${extra}`);
}

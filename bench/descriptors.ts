// Symmetry-function cost in µs per atom: values only and values + derivatives, on the si-mlearn
// training set (214 structures, 13,233 atoms) and on diamond supercells of 64, 512 and 4096
// atoms; the default 26-function Si set (Rc = 6 Å), one thread; SIMD WASM vs scalar WASM vs
// plain TypeScript. Each timing includes the neighbour list and copying the results out.
// Run: npm run build && node dist/bench/descriptors.js [--quick]
// --quick skips the plain-TypeScript runs on the two largest inputs (they take ~1 min each).
// Columns: wall = tinybench mean latency / atoms; cpu = process CPU time / atoms (robust when
// other jobs share the machine). Reference (DESIGN/issue 3, one core): n2p2 56.7 µs/atom values,
// 100 µs/atom values + derivatives; SIMPLE-NN v2 767 µs/atom. Target ≤ 30 µs/atom with derivatives.
import { Bench } from "tinybench";
import { fileURLToPath } from "node:url";
import { initWasm, Structure } from "../src/node.js";
import { readStructures } from "../src/io/files.js";
import { computeDescriptors, defaultSiliconSet, descriptorBytes } from "../src/descriptors/index.js";
import { machineLine } from "./machine.js";

function diamondSupercell(a: number, n: number): Structure {
  const basis = [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0], [.25, .25, .25], [.25, .75, .75], [.75, .25, .75], [.75, .75, .25]];
  const pos: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++)
    for (const b of basis) pos.push((b[0] + i) * a, (b[1] + j) * a, (b[2] + k) * a);
  return new Structure({ symbols: Array(pos.length / 3).fill("Si"), positions: pos, cell: [n * a, 0, 0, 0, n * a, 0, 0, 0, n * a], pbc: true });
}

await initWasm();
const quick = process.argv.includes("--quick");
console.log(machineLine());
const functions = defaultSiliconSet();
const training = readStructures(fileURLToPath(new URL("../../data/si-mlearn/training.json", import.meta.url)));
const datasets: { name: string; structures: Structure[] }[] = [
  { name: "si-mlearn training", structures: training },
  ...[2, 4, 8].map((n) => ({ name: `diamond ${8 * n ** 3}`, structures: [diamondSupercell(5.431, n)] })),
];
console.log(`symmetry functions: ${functions.length} (8 G2 + 18 G4), Rc = 6 Å, one thread`);
console.log("input                 atoms  kernel  derivs   wall µs/atom   cpu µs/atom   deriv bytes/atom");

for (const { name, structures } of datasets) {
  const natoms = structures.reduce((n, s) => n + s.length, 0);
  for (const kernel of ["simd", "scalar", "ts"] as const) {
    if (kernel === "ts" && quick && natoms > 1000) continue;
    for (const derivatives of [false, true]) {
      // Slow combinations run once; fast ones for about a second.
      const slow = kernel === "ts" && natoms > 100;
      const bench = new Bench({ time: slow ? 0 : 1000, iterations: slow ? 1 : 5, warmup: !slow, warmupIterations: 1, warmupTime: 0 });
      let cpu = 0, calls = 0, bytes = 0;
      bench.add(`${name} ${kernel} ${derivatives}`, () => {
        const c0 = process.cpuUsage();
        bytes = 0;
        for (const s of structures) {
          const d = computeDescriptors(s, functions, { derivatives, kernel });
          bytes += descriptorBytes(d);
        }
        const c = process.cpuUsage(c0);
        cpu += c.user + c.system; calls++;
      });
      await bench.run();
      const r = bench.tasks[0].result;
      if (!r || !("latency" in r)) throw new Error(`benchmark ${bench.tasks[0].name} failed`);
      const wall = (1000 * r.latency.mean) / natoms;
      console.log(`${name.padEnd(20)} ${String(natoms).padStart(6)}  ${kernel.padEnd(6)}  ${derivatives ? "yes" : "no "}   ${wall.toFixed(1).padStart(12)}  ${(cpu / calls / natoms).toFixed(1).padStart(12)}   ${derivatives ? (bytes / natoms).toFixed(0).padStart(16) : ""}`);
    }
  }
}

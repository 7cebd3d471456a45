// Symmetry-function cost in µs per atom: values only and values + derivatives, on the si-mlearn
// training set (214 structures, 13,233 atoms) and on diamond supercells of 64, 512 and 4096
// atoms; the default 26-function Si set (Rc = 6 Å), one thread; SIMD WASM vs scalar WASM vs
// plain TypeScript. Each timing includes the neighbour list and copying the results out.
// Run: npm run build && node dist/bench/descriptors.js [--quick] [--kernels]
// --quick skips the plain-TypeScript runs on the two largest inputs (they take ~1 min each);
// --kernels prints only the kernel-alone lines and the table of sets.
// Columns: wall = tinybench mean latency / atoms; cpu = process CPU time (user + system) / atoms,
// mean over the timed calls, robust when other jobs share the machine; sys = its system part
// (mostly page faults of the freshly allocated result arrays, which varies with the allocator and
// the garbage collector from run to run). Reference (issue 3, one core): n2p2 56.7 µs/atom
// values, 100 µs/atom values + derivatives; SIMPLE-NN v2 767 µs/atom. Target ≤ 30 µs/atom with
// derivatives. The last lines time the SIMD kernel alone (buffers prepared once; neighbour list
// and copies to JavaScript excluded): the fastest of 5 calls per structure, summed; the line
// before them times SIMD values + derivatives with the `reuse` option (no fresh result arrays).
// The final table times the SIMD and the scalar kernel alone, values + derivatives, for the Si
// set and for a Cu2S-like (n2p2 types 2/3/9, poly2 cutoff) and a molecular (types 20/22) set of
// n2p2's example potentials' make-up (bench/descriptor-sets.ts), with the SIMD speed-up.
import { Bench } from "tinybench";
import { fileURLToPath } from "node:url";
import { initWasm, Structure } from "../src/node.js";
import { readStructures } from "../src/io/files-node.js";
import { computeDescriptors, defaultSiliconSet, descriptorBytes } from "../src/descriptors/index.js";
import { machineLine } from "./machine.js";
import { WasmBuffer, wasm } from "../src/wasm/module.js";
import { diamond, supercell } from "../src/structure/generators.js";
import { neighboursInWasm } from "../src/descriptors/compute.js";
import { atomTypes, planOf } from "../src/descriptors/plan.js";
import type { SymmetryFunction } from "../src/descriptors/types.js";
import { cu2sCell, cu2sSet, molecularBox, molecularSet } from "./descriptor-sets.js";

await initWasm();
const quick = process.argv.includes("--quick"), kernelsOnly = process.argv.includes("--kernels");
console.log(machineLine());
const functions = defaultSiliconSet();
const training = readStructures(fileURLToPath(new URL("../../data/si-mlearn/training.json", import.meta.url)));
const datasets: { name: string; structures: Structure[] }[] = [
  { name: "si-mlearn training", structures: training },
  ...[2, 4, 8].map((n) => ({ name: `diamond ${8 * n ** 3}`, structures: [supercell(diamond({ a: 5.431 }), n, n, n)] })),
];
console.log(`symmetry functions: ${functions.length} (8 G2 + 18 G4), Rc = 6 Å, one thread`);
console.log("input                 atoms  kernel  derivs   wall µs/atom   cpu µs/atom   (sys)   deriv bytes/atom");

for (const { name, structures } of kernelsOnly ? [] : datasets) {
  const natoms = structures.reduce((n, s) => n + s.length, 0);
  for (const kernel of ["simd", "scalar", "ts"] as const) {
    if (kernel === "ts" && quick && natoms > 1000) continue;
    for (const derivatives of [false, true]) {
      // Slow combinations run once; fast ones for about a second.
      const slow = kernel === "ts" && natoms > 100;
      const bench = new Bench({ time: slow ? 0 : 1000, iterations: slow ? 1 : 5, warmup: !slow, warmupIterations: 1, warmupTime: 0 });
      let cpu = 0, sys = 0, calls = 0, bytes = 0;
      bench.add(`${name} ${kernel} ${derivatives}`, () => {
        const c0 = process.cpuUsage();
        bytes = 0;
        for (const s of structures) {
          const d = computeDescriptors(s, functions, { derivatives, kernel });
          bytes += descriptorBytes(d);
        }
        const c = process.cpuUsage(c0);
        cpu += c.user + c.system; sys += c.system; calls++;
      });
      await bench.run();
      const r = bench.tasks[0].result;
      if (!r || !("latency" in r)) throw new Error(`benchmark ${bench.tasks[0].name} failed`);
      const wall = (1000 * r.latency.mean) / natoms;
      console.log(`${name.padEnd(20)} ${String(natoms).padStart(6)}  ${kernel.padEnd(6)}  ${derivatives ? "yes" : "no "}   ${wall.toFixed(1).padStart(12)}  ${(cpu / calls / natoms).toFixed(1).padStart(12)}  ${(sys / calls / natoms).toFixed(1).padStart(6)}   ${derivatives ? (bytes / natoms).toFixed(0).padStart(16) : ""}`);
    }
  }
}

/**
 * SIMD values + derivatives with the `reuse` option (one result kept per structure, as an MD run
 * or a training loop would): the same work as above without allocating the result arrays.
 * Returns wall, cpu and sys µs per atom (tinybench mean; process CPU time per call).
 */
async function withReuse(structures: Structure[]): Promise<[number, number, number]> {
  const natoms = structures.reduce((n, s) => n + s.length, 0);
  const kept = structures.map((s) => computeDescriptors(s, functions, { derivatives: true }));
  const bench = new Bench({ time: 1000, iterations: 5, warmupIterations: 1, warmupTime: 0 });
  let cpu = 0, sys = 0, calls = 0;
  bench.add("reuse", () => {
    const c0 = process.cpuUsage();
    structures.forEach((s, k) => { kept[k] = computeDescriptors(s, functions, { derivatives: true, reuse: kept[k] }); });
    const c = process.cpuUsage(c0);
    cpu += c.user + c.system; sys += c.system; calls++;
  });
  await bench.run();
  const r = bench.tasks[0].result;
  if (!r || !("latency" in r)) throw new Error("benchmark reuse failed");
  return [(1000 * r.latency.mean) / natoms, cpu / calls / natoms, sys / calls / natoms];
}

const [rw, rc, rs] = kernelsOnly ? [NaN, NaN, NaN] : await withReuse(training);
if (!kernelsOnly) console.log(`si-mlearn training, SIMD with derivatives, reusing the result arrays (option reuse): wall ${rw.toFixed(1)} µs/atom, ` +
  `cpu ${rc.toFixed(1)} µs/atom (sys ${rs.toFixed(1)})`);

/**
 * One kernel alone on a set of structures and functions: the fastest of `reps` calls per structure,
 * summed, µs per atom (buffers and the neighbour list prepared once; neither is timed; one
 * untimed call on the first structure).
 */
function kernelOnly(structures: Structure[], fs: SymmetryFunction[], flags: number, kernel: "simd" | "scalar" = "simd", reps = 5): number {
  const plan = planOf(fs);
  const bufs: WasmBuffer[] = [];
  const keep = (b: WasmBuffer) => { bufs.push(b); return b; };
  const table = keep(WasmBuffer.f64(plan.table)), offset = keep(WasmBuffer.i32(plan.offset));
  const fn = kernel === "simd" ? wasm().symfuncSimd : wasm().symfuncScalar;
  let total = 0, natoms = 0;
  try {
    for (const s of structures) {
      const n = s.length, nl = neighboursInWasm(s, plan.cutoff);
      bufs.push(nl.start, nl.idx, nl.shift, nl.vec, nl.dist);
      const { start, idx, vec, dist } = nl;
      const st = start.i32(n + 1).slice(), types = atomTypes(plan, s.symbols);
      const valOff = new Int32Array(n), derOff = new Int32Array(n), strOff = new Int32Array(n);
      let nv = 0, nd = 0;
      for (let i = 0; i < n; i++) {
        const nf = plan.nfeat[types[i]];
        valOff[i] = nv; strOff[i] = 6 * nv; nv += nf;
        derOff[i] = nd; nd += (1 + st[i + 1] - st[i]) * 3 * nf;
      }
      const typesB = keep(WasmBuffer.i32(types));
      const vo = keep(WasmBuffer.i32(valOff)), dO = keep(WasmBuffer.i32(derOff)), so = keep(WasmBuffer.i32(strOff));
      const val = keep(WasmBuffer.f64(nv)), der = keep(WasmBuffer.f64(nd)), str = keep(WasmBuffer.f64(6 * nv));
      let best = Infinity;
      for (let r = natoms === 0 ? -1 : 0; r < reps; r++) { // one untimed call first (V8 tiers up the WASM code)
        const t0 = performance.now();
        fn(n, typesB.ptr, plan.elements.length, table.ptr, offset.ptr, start.ptr, idx.ptr, vec.ptr, dist.ptr,
          val.ptr, vo.ptr, der.ptr, dO.ptr, str.ptr, so.ptr, flags);
        if (r >= 0) best = Math.min(best, performance.now() - t0);
      }
      total += best; natoms += n;
      for (const b of bufs.splice(2)) b.free();
    }
  } finally {
    for (const b of bufs) b.free();
  }
  return (1000 * total) / natoms;
}

console.log(`si-mlearn training, SIMD kernel alone (no neighbour list, no copies): values ${kernelOnly(training, functions, 0).toFixed(1)} µs/atom, ` +
  `with derivatives ${kernelOnly(training, functions, 1).toFixed(1)} µs/atom, with derivatives and strain ${kernelOnly(training, functions, 3).toFixed(1)} µs/atom`);

// Other sets (bench/descriptor-sets.ts): kernel alone with derivatives, SIMD and scalar, and their ratio.
console.log("kernel alone, values + derivatives (µs/atom, fastest of 5 calls per structure):");
console.log("set                         functions  structure                 atoms      SIMD    scalar  scalar/SIMD");
const others: [string, SymmetryFunction[], string, Structure[]][] = [
  ["Si (default)", functions, "si-mlearn training", training],
  ["Cu2S-like (2, 3, 9; poly2)", cu2sSet(), "antifluorite Cu2S, rattled", [cu2sCell()]],
  ["molecular (20, 22)", molecularSet(), "8 anisole-like molecules", [molecularBox()]],
];
for (const [name, fs, sname, structures] of others) {
  const natoms = structures.reduce((n, s) => n + s.length, 0);
  const simd = kernelOnly(structures, fs, 1), scalar = kernelOnly(structures, fs, 1, "scalar", name.startsWith("Si") ? 1 : 2);
  console.log(`${name.padEnd(28)}${String(fs.length).padStart(9)}  ${sname.padEnd(26)}${String(natoms).padStart(5)}  ${simd.toFixed(1).padStart(8)}  ${scalar.toFixed(1).padStart(8)}  ${(scalar / simd).toFixed(1).padStart(11)}`);
}

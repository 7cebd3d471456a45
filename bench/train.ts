// Training cost on si-mlearn (214 structures, 13,233 atoms; 26 functions, 30-30 tanh).
// Run: npm run build && node dist/bench/train.js [--full]
//   --full  first runs the default training (`aemap train` defaults, test set reported every
//           epoch) and prints the wall time until the test errors first fall below n2p2's
//           5.92 meV/atom and 135 meV/Å and below the issue target 4.5 / 120, the final errors and
//           the peak resident memory of that run (measured before anything else is allocated).
// Then: packing time and memory, and milliseconds per full-batch loss + gradient evaluation,
// energy only and energy + forces, with ∂x/∂r stored as f64 and as f32 (one L-BFGS iteration
// costs ~1.05 evaluations).
import { Bench } from "tinybench";
import { fileURLToPath } from "node:url";
import { initWasm } from "../src/node.js";
import { readStructures } from "../src/io/files-node.js";
import { resolveConfig } from "../src/train/config.js";
import { defaultFunctions, elementsOf, fitTransforms, referenceEnergies, initialWeights, train } from "../src/train/trainer.js";
import { packStructure } from "../src/train/pack.js";
import { packedBytes, freePacked } from "../src/train/dataset.js";
import { NetworkRunner, parameterOffsets, type NetworkSpec } from "../src/model/network.js";
import { LossEvaluator } from "../src/train/loss.js";
import { wasm } from "../src/wasm/module.js";
import { machineLine } from "./machine.js";

const dataDir = fileURLToPath(new URL("../../data/si-mlearn/", import.meta.url));
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const peak = () => mib(process.resourceUsage().maxRSS * 1024);

await initWasm();
console.log(machineLine());
const trainSet = readStructures(`${dataDir}training.json`);
const testSet = readStructures(`${dataDir}test.json`);
const natoms = trainSet.reduce((n, s) => n + s.length, 0);
console.log(`si-mlearn: ${trainSet.length} training structures, ${natoms} atoms; ${testSet.length} test structures`);
const config = resolveConfig({});

if (process.argv.includes("--full")) {
  const marks: [string, number, number][] = [["n2p2 (5.92 meV/atom, 135 meV/Å)", 5.92e-3, 0.135], ["target (4.5 meV/atom, 120 meV/Å)", 4.5e-3, 0.12]];
  const reached = new Set<string>();
  const res = train({ train: trainSet, test: testSet }, {
    config, progress: null,
    onEpoch: (info) => {
      const te = info.metrics.test!;
      for (const [name, e, f] of marks) {
        if (!reached.has(name) && te.energyRmse < e && te.forceRmse < f) {
          reached.add(name);
          console.log(`test errors first below ${name}: epoch ${info.epoch}, ${info.elapsed.toFixed(1)} s`);
        }
      }
    },
  });
  const te = res.metrics.test!;
  console.log(`default training: ${res.epochs} L-BFGS iterations, ${res.evaluations} evaluations, ${res.seconds.toFixed(1)} s (${res.reason})`);
  console.log(`test energy RMSE ${(te.energyRmse * 1000).toFixed(2)} meV/atom (MAE ${(te.energyMae * 1000).toFixed(2)}), `
    + `force RMSE ${(te.forceRmse * 1000).toFixed(1)} meV/Å (MAE ${(te.forceMae * 1000).toFixed(1)}); weight hash ${res.weightHash}`);
  console.log(`peak resident memory of the training run: ${peak()}`);
}

const elements = elementsOf(trainSet);
const functions = defaultFunctions(elements);
const transforms = fitTransforms(trainSet, functions, elements, config);
const reference = referenceEnergies(trainSet, elements, config);
const specs: NetworkSpec[] = elements.map((element, e) => ({ element, nIn: transforms[e].nOut, hidden: [30, 30], activation: "tanh" }));
const w = initialWeights(specs, config);
const grad = new Float64Array(w.length);
for (const f32 of [true, false]) {
  const t = performance.now();
  const packed = trainSet.map((s, i) => packStructure(s, i, functions, elements, transforms, { forces: true, stress: false, f32 }));
  const tPack = performance.now() - t;
  let entries = 0;
  for (const p of packed) for (const b of p.blocks) entries += b.entries;
  console.log(`\n∂x/∂r stored as ${f32 ? "f32" : "f64"}: pack ${(tPack / 1000).toFixed(2)} s, packed ${mib(packedBytes(packed))} `
    + `(${(entries / natoms).toFixed(1)} derivative entries per atom after merging images), WASM memory ${mib(wasm().memory.buffer.byteLength)}, peak RSS so far ${peak()}`);
  const evaluator = new LossEvaluator(specs.map((s) => new NetworkRunner(s)), parameterOffsets(specs).offsets, reference);
  const all = packed.map((_, i) => i);
  const bench = new Bench({ time: 3000, warmup: true });
  bench.add("energy only: loss + gradient", () => { evaluator.evaluate(w, packed, all, { forceCoeff: 0, stressCoeff: 0 }, grad); });
  bench.add("energy + forces: loss + gradient", () => { evaluator.evaluate(w, packed, all, { forceCoeff: 0.1, stressCoeff: 0 }, grad); });
  bench.add("energy + forces: loss only (metrics)", () => { evaluator.evaluate(w, packed, all, { forceCoeff: 0.1, stressCoeff: 0 }); });
  await bench.run();
  for (const task of bench.tasks) {
    const r = task.result;
    if (!r || !("latency" in r)) throw new Error(`benchmark ${task.name} failed`);
    console.log(`  ${task.name.padEnd(40)} ${(r.latency.mean).toFixed(1).padStart(8)} ms per full batch  (${(1000 * r.latency.mean / natoms).toFixed(2)} µs/atom)`);
  }
  evaluator.release();
  freePacked(packed);
}

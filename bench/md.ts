// MD speed of the Stillinger–Weber teacher in atom-steps per second (velocity Verlet, 1 fs,
// diamond Si at 1000 K, 1 Å Verlet skin), with the cost split between force kernel, neighbour
// list rebuilds and the TypeScript integrator; then the two-element GaN teacher (wurtzite) and NPT.
// Run: npm run build && node dist/bench/md.js
// Reference: LAMMPS' native pair_style sw on this kind of machine, one core: 0.99 M (512 atoms)
// and 0.94 M (4096 atoms) atom-steps/s. Target ≥ 0.5 M.
import { initWasm } from "../src/node.js";
import { compound, diamond, supercell } from "../src/structure/generators.js";
import { builtinSwPotential } from "../src/teacher/sw-builtin.js";
import { MolecularDynamics } from "../src/dynamics/md.js";
import { SwEngine } from "../src/teacher/sw-engine.js";
import { machineLine } from "./machine.js";

await initWasm();
console.log(machineLine());
console.log("SW Si MD, velocity Verlet dt = 1 fs, diamond a = 5.431 Å at 1000 K, Verlet skin 1 Å, one thread");
console.log("atoms  steps   atom-steps/s   kernel%  rebuild%  rebuilds");
for (const [n, skin] of [[4, 1.0], [8, 1.0], [4, 0]]) {
  const s = supercell(diamond({ a: 5.431 }), n, n, n);
  const engine = new SwEngine(s, skin);
  const md = new MolecularDynamics(s, { dt: 1, engine });
  md.setTemperature(1000, 1);
  md.run(100); // warm-up (JIT, first rebuilds)
  const steps = n === 4 ? (skin > 0 ? 4000 : 1000) : 600;
  const k0 = engine.stats.kernelMs, r0 = engine.stats.rebuildMs, b0 = engine.stats.rebuilds;
  const t0 = performance.now();
  md.run(steps);
  const ms = performance.now() - t0;
  const rate = (s.length * steps) / (ms / 1000);
  console.log(`${String(s.length).padStart(5)}${skin > 0 ? "" : " (skin 0: list rebuilt every step)"}  ${String(steps).padStart(5)}  ${(rate / 1e6).toFixed(3).padStart(10)} M  ` +
    `${((100 * (engine.stats.kernelMs - k0)) / ms).toFixed(1).padStart(7)}  ${((100 * (engine.stats.rebuildMs - r0)) / ms).toFixed(1).padStart(8)}  ${String(engine.stats.rebuilds - b0).padStart(8)}`);
  engine.free();
}

{
  const s = supercell(compound("wurtzite", { a: 3.1906 }, ["Ga", "N"]), 6, 6, 4);
  const engine = new SwEngine(s, 1.0, builtinSwPotential("GaN"));
  const md = new MolecularDynamics(s, { dt: 1, engine });
  md.setTemperature(1000, 1);
  md.run(100);
  const steps = 1000, k0 = engine.stats.kernelMs, r0 = engine.stats.rebuildMs, b0 = engine.stats.rebuilds;
  const t0 = performance.now();
  md.run(steps);
  const ms = performance.now() - t0;
  console.log(`${String(s.length).padStart(5)} GaN wurtzite (sw:GaN)  ${String(steps).padStart(5)}  ${((s.length * steps) / (ms / 1000) / 1e6).toFixed(3).padStart(10)} M  ` +
    `${((100 * (engine.stats.kernelMs - k0)) / ms).toFixed(1).padStart(7)}  ${((100 * (engine.stats.rebuildMs - r0)) / ms).toFixed(1).padStart(8)}  ${String(engine.stats.rebuilds - b0).padStart(8)}`);
  engine.free();
}

// NPT (Langevin + stochastic cell rescaling, 300 K, 0 GPa): the cell changes every step; the
// Verlet list is kept while the deformation and the atoms' moves fit in the skin.
{
  const s = supercell(diamond({ a: 5.431 }), 4, 4, 4);
  const engine = new SwEngine(s, 1.0);
  const md = new MolecularDynamics(s, { dt: 1, engine, ensemble: "npt", temperature: 300, pressureDamping: 200, seed: 1 });
  md.setTemperature(300, 1);
  md.run(100);
  const steps = 2000, k0 = engine.stats.kernelMs, r0 = engine.stats.rebuildMs, b0 = engine.stats.rebuilds;
  const t0 = performance.now();
  md.run(steps);
  const ms = performance.now() - t0;
  console.log(`${String(s.length).padStart(5)} NPT c-rescale 300 K  ${String(steps).padStart(5)}  ${((s.length * steps) / (ms / 1000) / 1e6).toFixed(3).padStart(10)} M  ` +
    `${((100 * (engine.stats.kernelMs - k0)) / ms).toFixed(1).padStart(7)}  ${((100 * (engine.stats.rebuildMs - r0)) / ms).toFixed(1).padStart(8)}  ${String(engine.stats.rebuilds - b0).padStart(8)}`);
  engine.free();
}

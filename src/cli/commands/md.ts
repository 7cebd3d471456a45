// `aemap md START --model M --steps N [--ensemble nve|nvt|npt] [--temperature K] …`: molecular
// dynamics with any model (src/dynamics/md.ts): NVE velocity Verlet, NVT Langevin (BAOAB), NPT
// Langevin + isotropic barostat (stochastic cell rescaling, or Berendsen). Initial velocities:
// seeded Maxwell–Boltzmann at --temperature, zero total momentum. An extxyz trajectory with
// energies, forces and per-atom energies every k steps (written atomically at the end), a
// progress bar on stderr, and a summary on stdout: the energy drift for NVE (linear fit of the
// total energy), mean T, P (and V) over the second half for NVT/NPT.
import type { CommandModule } from "yargs";
import { AtomicFile, writeStructures } from "../../io/files-node.js";
import { writeStructuresToString } from "../../io/index.js";
import { lockOutputs } from "../../io/lock-node.js";
import { resolveFormat } from "../../io/registry.js";
import { MolecularDynamics, type Barostat } from "../../dynamics/md.js";
import { energyDrift, meanStd } from "../../dynamics/stats.js";
import { Progress } from "../../train/progress.js";
import { GPA } from "../../structure/units.js";
import { loadModel, modelOptions, type ModelArgs } from "../model-option.js";
import { checkElements, pbcText, readStartStructure } from "../start-structure.js";

interface MdArgs extends ModelArgs {
  start: string;
  steps: number;
  dt: number;
  ensemble: string;
  temperature?: number;
  seed: number;
  tdamp: number;
  pressure: number;
  pdamp: number;
  barostat: string;
  compressibility: number;
  traj?: string;
  every: number;
  out?: string;
}

const ENSEMBLES = ["nve", "nvt", "npt"];

export const mdCommand: CommandModule<object, MdArgs> = {
  command: "md <start>",
  describe: "Molecular dynamics with a model: NVE, NVT (Langevin) or NPT; trajectory, energy drift",
  builder: (y) => modelOptions(y
    .positional("start", { type: "string", demandOption: true, describe: "Start structure (any readable format; FILE@INDEX picks a frame, default the last)" }))
    .option("steps", { type: "number", demandOption: true, describe: "Number of MD steps" })
    .option("dt", { type: "number", default: 1, describe: "Time step (fs)" })
    .option("ensemble", { type: "string", default: "nve", describe: "nve (velocity Verlet), nvt (Langevin, BAOAB) or npt (Langevin + barostat)" })
    .option("temperature", { type: "number", describe: "Temperature (K): the initial Maxwell–Boltzmann velocities and the thermostat's target (needed for nvt, npt; nve without it starts at rest)" })
    .option("seed", { type: "number", default: 1, describe: "Seed of the initial velocities and the thermostat/barostat noise" })
    .option("tdamp", { type: "number", default: 100, describe: "Thermostat damping time 1/γ (fs)" })
    .option("pressure", { type: "number", default: 0, describe: "NPT target pressure (GPa)" })
    .option("pdamp", { type: "number", default: 1000, describe: "NPT barostat time constant (fs)" })
    .option("barostat", { type: "string", default: "c-rescale", describe: "NPT barostat: c-rescale (stochastic cell rescaling, right volume fluctuations) or berendsen" })
    .option("compressibility", { type: "number", default: 0.01, describe: "NPT barostat compressibility (1/GPa; 0.01 ≈ Si; with --pdamp sets how fast the volume follows)" })
    .option("traj", { type: "string", describe: "Trajectory file (extxyz: energy, forces, stress, atomic_energy per frame)" })
    .option("every", { type: "number", default: 10, describe: "Write a trajectory frame every k steps (and step 0)" })
    .option("out", { type: "string", describe: "Write the final structure to this file" })
    .example("$0 md start.extxyz --model sw --steps 1000 --temperature 600 --traj md.extxyz", "NVE from 600 K initial velocities")
    .example("$0 md start.extxyz --model model.json --ensemble nvt --temperature 300 --steps 5000", "Langevin NVT at 300 K")
    .example("$0 md start.extxyz --model sw --ensemble npt --temperature 300 --pressure 0 --steps 5000", "NPT at 300 K, 0 GPa"),
  handler: (argv) => {
    checkArgs(argv);
    const release = lockOutputs([argv.traj, argv.out].filter((p): p is string => !!p));
    try {
      runMd(argv);
    } finally {
      release();
    }
  },
};

/** Clear errors for bad options, before anything is read or computed. */
function checkArgs(argv: MdArgs): void {
  if (!ENSEMBLES.includes(argv.ensemble)) throw new Error(`--ensemble: '${argv.ensemble}' is not an ensemble; expected one of ${ENSEMBLES.join(", ")}`);
  if (!Number.isInteger(argv.steps) || argv.steps < 0) throw new Error(`--steps: expected an integer ≥ 0, got ${argv.steps}`);
  if (!Number.isInteger(argv.every) || argv.every < 1) throw new Error(`--every: expected an integer ≥ 1, got ${argv.every}`);
  if (!Number.isInteger(argv.seed)) throw new Error(`--seed: expected an integer, got ${argv.seed}`);
  if (!(argv.dt > 0)) throw new Error(`--dt: expected a time step > 0 fs, got ${argv.dt}`);
  if (argv.temperature !== undefined && !(argv.temperature >= 0)) throw new Error(`--temperature: expected a temperature ≥ 0 K, got ${argv.temperature}`);
  if (argv.ensemble !== "nve" && argv.temperature === undefined) throw new Error(`--ensemble ${argv.ensemble} needs --temperature K (the thermostat's target)`);
  if (!(argv.tdamp > 0)) throw new Error(`--tdamp: expected a damping time > 0 fs, got ${argv.tdamp}`);
  if (argv.ensemble === "npt") {
    if (argv.barostat !== "c-rescale" && argv.barostat !== "berendsen") throw new Error(`--barostat: '${argv.barostat}' is not a barostat; expected c-rescale or berendsen`);
    if (!(argv.pdamp > 0)) throw new Error(`--pdamp: expected a time constant > 0 fs, got ${argv.pdamp}`);
    if (!(argv.compressibility > 0)) throw new Error(`--compressibility: expected a value > 0 (1/GPa), got ${argv.compressibility}`);
    if (!Number.isFinite(argv.pressure)) throw new Error(`--pressure: expected a number (GPa), got ${argv.pressure}`);
  }
  if (argv.traj) {
    const f = resolveFormat(undefined, argv.traj);
    if (!f.multiFrame || !f.write) throw new Error(`--traj ${argv.traj}: the ${f.name} format ${f.write ? "holds one structure per file" : "cannot be written"}; use a trajectory format, e.g. ${argv.traj.replace(/(\.[^./]*)?$/, ".extxyz")}`);
  }
  if (argv.traj && argv.out && argv.traj === argv.out) throw new Error(`--traj and --out name the same file ${argv.out}`);
}

function runMd(argv: MdArgs): void {
  const start = readStartStructure(argv, argv.start);
  const periodic = start.pbc.every((p) => p);
  if (argv.ensemble === "npt" && !periodic) throw new Error(`${argv.start}: --ensemble npt needs a cell periodic along all three axes; this structure has pbc ${pbcText(start)}`);
  const calc = loadModel(argv);
  checkElements(calc, start, argv.start);
  const ensemble = argv.ensemble === "nvt" ? "langevin" : (argv.ensemble as "nve" | "npt");
  const md = new MolecularDynamics(start, {
    calculator: calc, dt: argv.dt, ensemble, temperature: argv.temperature, seed: argv.seed, friction: 1 / argv.tdamp,
    pressure: argv.pressure * GPA, barostat: argv.barostat as Barostat, pressureDamping: argv.pdamp,
    compressibility: argv.compressibility / GPA, virial: periodic && argv.ensemble !== "nve",
  });
  if (argv.temperature !== undefined) md.setTemperature(argv.temperature, argv.seed);
  const n = md.n, steps = argv.steps;
  const traj = argv.traj ? new AtomicFile(argv.traj) : null;
  const times = [0], totals = [md.totalEnergy()];
  const temps: number[] = [], pressures: number[] = [], volumes: number[] = [];
  const progress = new Progress(steps, { label: "md" });
  const t0 = performance.now();
  try {
    traj?.write(writeStructuresToString([md.frame()], { filename: argv.traj! }));
    md.run(steps, (m) => {
      times.push(m.time); totals.push(m.totalEnergy());
      temps.push(m.temperature()); volumes.push(m.volume() / n);
      const p = m.pressure();
      if (p !== undefined) pressures.push(p / GPA);
      if (traj && m.step % argv.every === 0) traj.write(writeStructuresToString([m.frame()], { filename: argv.traj! }));
      progress.tick(1, `T ${m.temperature().toFixed(0)} K  E ${(m.totalEnergy() / n).toFixed(5)} eV/atom${ensemble === "npt" ? `  V ${(m.volume() / n).toFixed(3)} Å³/atom` : ""}`);
    });
    progress.done();
    traj?.commit();
  } catch (e) {
    traj?.abort();
    throw e;
  } finally {
    calc.dispose?.();
  }
  const seconds = (performance.now() - t0) / 1000;
  if (argv.out) writeStructures(argv.out, [md.frame()]);
  process.stdout.write(summary(argv, md, { times, totals, temps, pressures, volumes, seconds, startVolume: start.volume() / n, calcName: calc.name }));
}

interface RunRecord {
  times: number[]; totals: number[]; temps: number[]; pressures: number[]; volumes: number[];
  seconds: number; startVolume: number; calcName: string;
}

/** The closing lines: what ran, the drift (NVE) or the means over the second half (NVT, NPT). */
function summary(argv: MdArgs, md: MolecularDynamics, r: RunRecord): string {
  const n = md.n, steps = argv.steps;
  const method = argv.ensemble === "nve" ? "NVE, velocity Verlet"
    : argv.ensemble === "nvt" ? `NVT, Langevin (BAOAB) at ${argv.temperature} K, damping ${argv.tdamp} fs`
      : `NPT, Langevin (BAOAB) at ${argv.temperature} K + ${argv.barostat} barostat at ${argv.pressure} GPa, damping ${argv.tdamp} / ${argv.pdamp} fs`;
  const rate = r.seconds > 0 ? Math.round((n * steps) / r.seconds) : 0;
  const lines = [
    `md: ${steps} steps of ${argv.dt} fs (${((steps * argv.dt) / 1000).toFixed(3)} ps), ${method}; ${n} atoms, model ${r.calcName}; ${r.seconds.toFixed(1)} s (${rate} atom-steps/s)`,
  ];
  if (steps === 0) return lines.join("\n") + "\n";
  if (argv.ensemble === "nve") {
    const d = energyDrift(r.times, r.totals, n);
    lines.push(`  energy drift ${d.perAtomPerPs.toExponential(2)} eV/atom/ps (linear fit of the total energy), max |E(t) − E(0)| ${d.maxDeviationPerAtom.toExponential(2)} eV/atom`);
    lines.push(`  mean T ${meanStd(r.temps).mean.toFixed(1)} K`);
  } else {
    const from = Math.floor(steps / 2);
    const T = meanStd(r.temps.slice(from)), parts = [`  second half (steps ${from + 1}–${steps}): mean T ${T.mean.toFixed(1)} ± ${T.std.toFixed(1)} K`];
    if (r.pressures.length) { const P = meanStd(r.pressures.slice(from)); parts.push(`mean P ${P.mean.toFixed(3)} ± ${P.std.toFixed(3)} GPa`); }
    if (argv.ensemble === "npt") { const V = meanStd(r.volumes.slice(from)); parts.push(`mean V ${V.mean.toFixed(4)} ± ${V.std.toFixed(4)} Å³/atom (start ${r.startVolume.toFixed(4)})`); }
    lines.push(parts.join(", "));
  }
  if (argv.traj) lines.push(`wrote ${argv.traj} (${Math.floor(steps / argv.every) + 1} frames, every ${argv.every} steps)`);
  if (argv.out) lines.push(`wrote ${argv.out} (final structure)`);
  return lines.join("\n") + "\n";
}

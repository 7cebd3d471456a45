// `aemap relax START --model M [--fmax 0.01] [--cell] [--steps N] [--traj FILE] [--out FILE]`:
// FIRE relaxation with any model (src/dynamics/relax.ts), of the positions and with --cell also
// of the cell (to zero stress). Prints the final energy, the largest force, the volume (and with
// --cell the cell and the stress). Trajectory and output are written atomically.
import type { CommandModule } from "yargs";
import { AtomicFile, writeStructures } from "../../io/files-node.js";
import { writeStructuresToString } from "../../io/index.js";
import { lockOutputs } from "../../io/lock-node.js";
import { resolveFormat } from "../../io/registry.js";
import { relax } from "../../dynamics/relax.js";
import { Progress } from "../../train/progress.js";
import { GPA } from "../../structure/units.js";
import type { Structure } from "../../structure/structure.js";
import { loadModel, modelOptions, type ModelArgs } from "../model-option.js";
import { checkElements, pbcText, readStartStructure } from "../start-structure.js";

interface RelaxArgs extends ModelArgs {
  start: string;
  fmax: number;
  cell: boolean;
  steps: number;
  traj?: string;
  every: number;
  out?: string;
}

export const relaxCommand: CommandModule<object, RelaxArgs> = {
  command: "relax <start>",
  describe: "Relax a structure with a model (FIRE): positions, and with --cell the cell too",
  builder: (y) => modelOptions(y
    .positional("start", { type: "string", demandOption: true, describe: "Start structure (any readable format; FILE@INDEX picks a frame, default the last)" }))
    .option("fmax", { type: "number", default: 0.01, describe: "Converged when every force component is below this (eV/Å); with --cell also every |virial|/atoms (eV)" })
    .option("cell", { type: "boolean", default: false, describe: "Relax the cell too, to zero stress (needs a cell periodic along all three axes)" })
    .option("steps", { type: "number", default: 1000, describe: "Most FIRE steps" })
    .option("traj", { type: "string", describe: "Trajectory file (extxyz: energy, forces, atomic_energy, stress with --cell)" })
    .option("every", { type: "number", default: 1, describe: "Write a trajectory frame every k steps (and the first and last)" })
    .option("out", { type: "string", describe: "Write the relaxed structure to this file" })
    .example("$0 relax vacancy.extxyz --model model.json --fmax 0.01 --out relaxed.extxyz", "relax the positions")
    .example("$0 relax strained.extxyz --model sw --cell --fmax 1e-4", "relax positions and cell"),
  handler: (argv) => {
    checkArgs(argv);
    const release = lockOutputs([argv.traj, argv.out].filter((p): p is string => !!p));
    try {
      runRelax(argv);
    } finally {
      release();
    }
  },
};

function checkArgs(argv: RelaxArgs): void {
  if (!(argv.fmax > 0)) throw new Error(`--fmax: expected a force > 0 eV/Å, got ${argv.fmax}`);
  if (!Number.isInteger(argv.steps) || argv.steps < 0) throw new Error(`--steps: expected an integer ≥ 0, got ${argv.steps}`);
  if (!Number.isInteger(argv.every) || argv.every < 1) throw new Error(`--every: expected an integer ≥ 1, got ${argv.every}`);
  if (argv.traj) {
    const f = resolveFormat(undefined, argv.traj);
    if (!f.multiFrame || !f.write) throw new Error(`--traj ${argv.traj}: the ${f.name} format ${f.write ? "holds one structure per file" : "cannot be written"}; use a trajectory format, e.g. ${argv.traj.replace(/(\.[^./]*)?$/, ".extxyz")}`);
  }
  if (argv.traj && argv.out && argv.traj === argv.out) throw new Error(`--traj and --out name the same file ${argv.out}`);
}

function runRelax(argv: RelaxArgs): void {
  const start = readStartStructure(argv, argv.start);
  if (argv.cell && !start.pbc.every((p) => p)) throw new Error(`${argv.start}: --cell needs a cell periodic along all three axes; this structure has pbc ${pbcText(start)}`);
  const calc = loadModel(argv);
  checkElements(calc, start, argv.start);
  const traj = argv.traj ? new AtomicFile(argv.traj) : null;
  const progress = new Progress(argv.steps, { label: "relax" });
  let lastFrame: Structure | undefined, lastWritten = -1;
  let result: ReturnType<typeof relax>;
  try {
    result = relax(start, {
      calculator: calc, fmax: argv.fmax, cell: argv.cell, maxSteps: argv.steps,
      onStep: (st) => {
        if (traj) {
          lastFrame = st.frame();
          if (st.step % argv.every === 0) { traj.write(writeStructuresToString([lastFrame], { filename: argv.traj! })); lastWritten = st.step; }
        }
        if (st.step > 0) progress.tick(1, `E ${st.energy.toFixed(6)} eV  fmax ${st.fmax.toExponential(2)} eV/Å`);
      },
    });
    if (traj && lastFrame && lastWritten !== result.steps) traj.write(writeStructuresToString([lastFrame], { filename: argv.traj! }));
    progress.done(result.converged ? "converged" : "not converged");
    traj?.commit();
  } catch (e) {
    traj?.abort();
    throw e;
  } finally {
    calc.dispose?.();
  }
  if (argv.out) writeStructures(argv.out, [result.structure]);
  process.stdout.write(summary(argv, result, calc.name));
  if (!result.converged) process.stderr.write(`aemap relax: not converged in ${result.steps} steps (max force ${result.fmax.toExponential(2)} eV/Å ≥ fmax ${argv.fmax}); raise --steps or --fmax\n`);
}

/** The closing lines: convergence, energy, largest force, volume; with --cell the cell and stress. */
function summary(argv: RelaxArgs, r: ReturnType<typeof relax>, model: string): string {
  const s = r.structure, n = s.length;
  let fmax = 0;
  for (const f of r.forces) fmax = Math.max(fmax, Math.abs(f));
  const lines = [
    `relax: FIRE, ${argv.cell ? "positions and cell" : "positions"}; ${n} atoms, model ${model}`,
    `  ${r.converged ? "converged" : "NOT converged"} after ${r.steps} steps (fmax ${argv.fmax} eV/Å)`,
    `  energy ${r.energy.toFixed(6)} eV (${(r.energy / n).toFixed(6)} eV/atom)`,
    `  max force ${fmax.toExponential(3)} eV/Å (largest component)`,
  ];
  if (s.pbc.every((p) => p)) {
    const v = Math.abs(s.volume());
    lines.push(`  volume ${v.toFixed(4)} Å³ (${(v / n).toFixed(4)} Å³/atom)`);
  }
  if (argv.cell) {
    const { lengths, angles } = cellParameters(s.cell);
    lines.push(`  cell a b c ${lengths.map((x) => x.toFixed(5)).join(" ")} Å, α β γ ${angles.map((x) => x.toFixed(3)).join(" ")}°`);
    lines.push(`  stress xx yy zz yz xz xy ${Array.from(r.stress!, (x) => (x / GPA).toFixed(5)).join(" ")} GPa`);
  }
  if (argv.traj) lines.push(`wrote ${argv.traj}`);
  if (argv.out) lines.push(`wrote ${argv.out}`);
  return lines.join("\n") + "\n";
}

/** Lattice vector lengths (Å) and the angles α = ∠(b, c), β = ∠(a, c), γ = ∠(a, b) (degrees). */
export function cellParameters(cell: ArrayLike<number>): { lengths: number[]; angles: number[] } {
  const row = (k: number) => [cell[3 * k], cell[3 * k + 1], cell[3 * k + 2]];
  const [a, b, c] = [row(0), row(1), row(2)];
  const dot = (u: number[], v: number[]) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const len = (u: number[]) => Math.sqrt(dot(u, u));
  const angle = (u: number[], v: number[]) => (Math.acos(Math.max(-1, Math.min(1, dot(u, v) / (len(u) * len(v))))) * 180) / Math.PI;
  return { lengths: [len(a), len(b), len(c)], angles: [angle(b, c), angle(a, c), angle(a, b)] };
}

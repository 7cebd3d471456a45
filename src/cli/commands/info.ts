// aemap info [FILES..]: what is in a data set: structures, atoms, elements, groups, energy per
// atom, cell volumes and neighbour statistics. Without files: the bundled si-mlearn data.
import type { CommandModule } from "yargs";
import { join, relative } from "node:path";
import { readStructures } from "../../io/files-node.js";
import { packageRoot } from "../../study/io-node.js";
import { detectFormat } from "../../io/index.js";
import { summarizeStructures, type DatasetSummary, type Range } from "../../io/summary.js";

interface InfoArgs {
  files?: string[];
  cutoff: number;
  json: boolean;
  format?: string;
}

/** The bundled si-mlearn training and test sets. */
export function defaultDataFiles(): string[] {
  const root = packageRoot();
  return ["training.json", "test.json"].map((f) => join(root, "data", "si-mlearn", f));
}

const f = (x: number | undefined, digits: number) => (x === undefined ? "-" : x.toFixed(digits));
const span = (r: Range, digits: number) => (r.count === 0 ? "-" : `${f(r.min, digits)} … ${f(r.max, digits)}`);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function table(file: string, format: string, seconds: number, s: DatasetSummary): string {
  const out: string[] = [];
  out.push(`${file}  [${format}, read and analysed in ${seconds.toFixed(2)} s]`);
  out.push(`  structures        ${s.structures}  (${s.withForces} with forces, ${s.withStress} with stress)`);
  out.push(`  atoms             ${s.atoms}  (${Object.entries(s.elements).map(([e, n]) => `${e} ${n}`).join(", ")})`);
  out.push(`  energy per atom   ${span(s.energyPerAtom, 4)} eV/atom${s.energyPerAtom.count ? `  (mean ${f(s.energyPerAtom.mean, 4)})` : ""}`);
  out.push(`  cell volume       ${span(s.volume, 1)} Å³   per atom ${span(s.volumePerAtom, 2)} Å³`);
  out.push(`  neighbours < ${s.cutoff} Å  mean ${f(s.neighbours.mean, 1)}, min ${f(s.neighbours.min, 0)}, max ${f(s.neighbours.max, 0)} per atom`);
  if (s.shortestDistance) {
    const d = s.shortestDistance;
    out.push(`  shortest distance ${d.distance.toFixed(4)} Å  (structure ${d.structure}, atoms ${d.atoms[0]} and ${d.atoms[1]}, 0-based)`);
  }
  const groups = Object.entries(s.groups);
  if (groups.length > 1 || groups[0]?.[0] !== "(none)") {
    const w = Math.max(8, ...groups.map(([g]) => g.length)) + 2;
    out.push(`  ${pad("group", w)}${lpad("structures", 10)}${lpad("atoms", 8)}   ${pad("E/atom (eV)", 21)}${lpad("neighbours", 11)}`);
    for (const [g, x] of groups) {
      out.push(`  ${pad(g, w)}${lpad(String(x.structures), 10)}${lpad(String(x.atoms), 8)}   ${pad(span(x.energyPerAtom, 4), 21)}${lpad(f(x.neighbours.mean, 1), 11)}`);
    }
  }
  return out.join("\n");
}

export const info: CommandModule<object, InfoArgs> = {
  command: "info [files..]",
  describe: "Summarise data sets: structures, atoms, elements, groups, energy per atom, volumes, neighbours (default: the bundled si-mlearn data)",
  builder: (y) =>
    y
      .positional("files", { type: "string", array: true, describe: "structure files (any readable format)" })
      .option("cutoff", { type: "number", default: 6, describe: "neighbour cutoff (Å)" })
      .option("json", { type: "boolean", default: false, describe: "print JSON instead of a table" })
      .option("format", { type: "string", describe: "input format for all files (default: detected per file)" }),
  handler: async (argv) => {
    if (!(argv.cutoff > 0)) throw new Error(`--cutoff must be a positive number of Å, got ${argv.cutoff}`);
    const files = argv.files && argv.files.length > 0 ? argv.files : defaultDataFiles();
    const results = files.map((file) => {
      const t0 = performance.now();
      const frames = readStructures(file, { format: argv.format });
      const summary = summarizeStructures(frames, argv.cutoff);
      const seconds = (performance.now() - t0) / 1000;
      const shown = relative(process.cwd(), file).startsWith("..") ? file : relative(process.cwd(), file) || file;
      return { file: shown, format: argv.format ?? detectFormat(file) ?? "detected from contents", seconds, summary };
    });
    if (argv.json) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
    else process.stdout.write(results.map((r) => table(r.file, r.format, r.seconds, r.summary)).join("\n\n") + "\n");
  },
};

// `aemap eos --model M --lattice diamond --element Si --a0 5.43 [--range 0.05] [--points 11]
// [--reference sw | MODEL | FILE] [--svg eos.svg] [--json]`: the energy–volume curve of a lattice
// (or of a START structure scaled uniformly) and its third-order Birch–Murnaghan fit
// (src/properties/eos.ts): E0, V0, B0, B0′ and the fit residual, beside a reference: another
// calculator (the SW teacher, another model) computed at the same volumes, or a file of points
// (a table of volume/atom and energy/atom, or structures with energies, e.g. DFT in extxyz).
// Fractional coordinates and c/a stay fixed: no internal relaxation.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { CommandModule } from "yargs";
import { readStructures, writeTextAtomic } from "../../io/files-node.js";
import { detectFormat } from "../../io/index.js";
import { lockOutputs } from "../../io/lock-node.js";
import { readEnergyVolumeRows } from "../../invariant/reference.js";
import { resolveCalculator } from "../../model/resolve.js";
import { isN2p2Spec } from "../../model/n2p2/loader.js";
import type { Calculator } from "../../model/calculator.js";
import {
  birchMurnaghanEnergy, energiesPerAtom, fitBirchMurnaghan, scaleToVolume, volumeGrid, type EosFit,
} from "../../properties/eos.js";
import { linePlot, type Series } from "../../report/svg.js";
import {
  COMPOUND_LATTICE_NAMES, LATTICE_NAMES, compound, crystal, type CompoundLatticeName, type LatticeName,
} from "../../structure/generators.js";
import type { Structure } from "../../structure/structure.js";
import { GPA } from "../../structure/units.js";
import { withUnits } from "../../util/units-record.js";
import { loadModel, modelOptions, type ModelArgs } from "../model-option.js";
import { checkElements, pbcText, readStartStructure } from "../start-structure.js";

interface EosArgs extends ModelArgs {
  start?: string;
  lattice?: string;
  element: string;
  a0?: number;
  volume?: number;
  "c-over-a"?: number;
  range: number;
  points: number;
  reference?: string;
  svg?: string;
  json: boolean;
  absolute: boolean;
}

/** One curve: its points (per atom) and their fit. */
interface Curve {
  role: "model" | "reference";
  source: string;
  volumePerAtom: number[];
  energyPerAtom: number[];
  fit: EosFit;
}

const ALL_LATTICES = [...LATTICE_NAMES, ...COMPOUND_LATTICE_NAMES];

export const eosCommand: CommandModule<object, EosArgs> = {
  command: "eos [start]",
  describe: "Energy–volume curve and Birch–Murnaghan fit (E0, V0, B0, B0′) of a lattice or a structure, beside a reference",
  builder: (y) => modelOptions(y
    .positional("start", { type: "string", describe: "Structure to scale uniformly instead of --lattice (FILE@INDEX picks a frame)" }))
    .option("lattice", { type: "string", describe: `Lattice to scan: ${ALL_LATTICES.join(", ")}` })
    .option("element", { type: "string", default: "Si", describe: "Element of the lattice; two for a compound lattice, cation first (e.g. Ga,N)" })
    .option("a0", { type: "number", describe: "Lattice constant at the centre of the scan (Å)" })
    .option("volume", { type: "number", describe: "Or the volume per atom at the centre (Å³/atom)" })
    .option("c-over-a", { type: "number", describe: "c/a of hcp, sh, β-Sn, wurtzite (default: the lattice's)" })
    .option("range", { type: "number", default: 0.05, describe: "Scan volumes V·(1 ± range) about the centre" })
    .option("points", { type: "number", default: 11, describe: "Number of volumes (≥ 4)" })
    .option("reference", { type: "string", describe: "Reference: a model (sw, sw:GaN, model.json, DIR/input.nn) or a file of points (table 'volume_per_atom energy_per_atom', or structures with energies)" })
    .option("svg", { type: "string", describe: "Write the figure (both curves and their fits) to this SVG file" })
    .option("json", { type: "boolean", default: false, describe: "Print JSON (points, fits, units record) instead of the table" })
    .option("absolute", { type: "boolean", default: false, describe: "Plot absolute energies (default: each curve relative to its fitted E0)" })
    .example("$0 eos --model sw --lattice diamond --element Si --a0 5.431", "SW diamond Si: E0, V0, B0, B0′")
    .example("$0 eos --model model.json --lattice diamond --a0 5.47 --reference dft-ev.dat --svg eos.svg", "a model beside DFT points"),
  handler: (argv) => {
    const release = lockOutputs(argv.svg ? [argv.svg] : []);
    try {
      runEos(argv);
    } finally {
      release();
    }
  },
};

function runEos(argv: EosArgs): void {
  const scan = scanStructures(argv);
  const calc = loadModel(argv);
  checkElements(calc, scan.at(scan.volumes[0]), scan.what);
  const volumes = scan.volumes;
  const model = curve("model", argv.model, volumes, energiesPerAtom(calc, volumes.map(scan.at)));
  calc.dispose?.();
  const curves = [model];
  if (argv.reference) curves.push(referenceCurve(argv.reference, scan));
  if (argv.svg) writeTextAtomic(argv.svg, figure(curves, scan.what, argv.absolute));
  const report = { structure: scan.what, range: argv.range, points: argv.points, curves: curves.map((c) => jsonCurve(c, scan)) };
  process.stdout.write(argv.json ? JSON.stringify(withUnits(report), null, 1) + "\n" : table(curves, scan, argv));
  for (const c of curves) {
    if (c.fit.extrapolated) process.stderr.write(`aemap eos: warning: the ${c.role}'s minimum V0 = ${c.fit.v0.toFixed(4)} Å³/atom lies outside its points; move the centre (--a0/--volume) or widen --range\n`);
  }
}

/** What is scanned: the volumes per atom, the structure at any volume, and a description. */
interface Scan {
  what: string;
  volumes: number[];
  at: (v: number) => Structure;
  /** Lattice constant a at volume per atom v (named lattices) or the scale of START's cell. */
  size: (v: number) => { a0?: number; scale?: number };
}

function scanStructures(argv: EosArgs): Scan {
  const check = (x: number | undefined, name: string) => {
    if (x !== undefined && !(x > 0)) throw new Error(`--${name}: expected a positive number, got ${x}`);
  };
  check(argv.a0, "a0"); check(argv.volume, "volume"); check(argv["c-over-a"], "c-over-a");
  if (argv.start !== undefined) {
    if (argv.lattice !== undefined) throw new Error(`give a START structure or --lattice, not both (got ${argv.start} and --lattice ${argv.lattice})`);
    if (argv.a0 !== undefined || argv["c-over-a"] !== undefined) throw new Error("--a0 and --c-over-a apply to --lattice; a START structure is scanned about its own volume (or --volume)");
    const s = readStartStructure(argv, argv.start);
    if (!s.pbc.every((p) => p)) throw new Error(`${argv.start}: an energy–volume scan needs a cell periodic along all three axes; this structure has pbc ${pbcText(s)}`);
    const v = Math.abs(s.volume()) / s.length;
    const centre = argv.volume ?? v;
    return {
      what: `${argv.start} (${s.length} atoms, scaled uniformly)`, volumes: volumeGrid(centre, argv.range, argv.points),
      at: (x) => scaleToVolume(s, x), size: (x) => ({ scale: Math.cbrt(x / v) }),
    };
  }
  if (argv.lattice === undefined) throw new Error("give a lattice (--lattice diamond --element Si --a0 5.43) or a START structure to scan");
  if (!ALL_LATTICES.includes(argv.lattice as LatticeName)) throw new Error(`--lattice: unknown lattice '${argv.lattice}'; expected one of ${ALL_LATTICES.join(", ")}`);
  const elements = argv.element.split(",").map((e) => e.trim()).filter(Boolean);
  const isCompound = COMPOUND_LATTICE_NAMES.includes(argv.lattice as CompoundLatticeName);
  if (isCompound && elements.length !== 2) throw new Error(`--element: the ${argv.lattice} lattice needs two elements, cation first (e.g. --element Ga,N); got '${argv.element}'`);
  if (!isCompound && elements.length !== 1) throw new Error(`--element: the ${argv.lattice} lattice takes one element; got '${argv.element}'`);
  if ((argv.a0 === undefined) === (argv.volume === undefined)) throw new Error("give the centre of the scan: --a0 (lattice constant, Å) or --volume (Å³/atom), one of them");
  const cOverA = argv["c-over-a"];
  const build = (size: { a?: number; volumePerAtom?: number }) => isCompound
    ? compound(argv.lattice as CompoundLatticeName, { ...size, cOverA, primitive: true }, [elements[0], elements[1]])
    : crystal(argv.lattice as LatticeName, { ...size, cOverA, primitive: true }, elements[0]);
  const centre = argv.volume ?? Math.abs(build({ a: argv.a0 }).volume()) / build({ a: argv.a0 }).length;
  return {
    what: `${argv.lattice} ${elements.join("")}`, volumes: volumeGrid(centre, argv.range, argv.points),
    at: (v) => build({ volumePerAtom: v }), size: (v) => ({ a0: build({ volumePerAtom: v }).info.a as number }),
  };
}

/** Fit the points; a failed fit names the curve. */
function curve(role: Curve["role"], source: string, volumePerAtom: number[], energyPerAtom: number[]): Curve {
  try {
    return { role, source, volumePerAtom, energyPerAtom, fit: fitBirchMurnaghan(volumePerAtom, energyPerAtom) };
  } catch (e) {
    throw new Error(`${role} ${source}: ${(e as Error).message}`);
  }
}

/**
 * The reference curve: a calculator at the scan's volumes (sw…, an aemap model file, an n2p2
 * potential), or the points of a file (structures with energies, or a volume/energy table).
 */
function referenceCurve(spec: string, scan: Scan): Curve {
  const isFile = existsSync(spec.split("?")[0]) && statSync(spec.split("?")[0]).isFile();
  const head = isFile ? readFileSync(spec, "utf8").slice(0, 4096) : "";
  const isModelFile = isFile && /"format"\s*:\s*"aemap-model"/.test(head);
  if (spec === "sw" || spec.startsWith("sw:") || isN2p2Spec(spec) || isModelFile) {
    const calc: Calculator = resolveCalculator(spec, (p) => readFileSync(p, "utf8"));
    try {
      checkElements(calc, scan.at(scan.volumes[0]), scan.what);
      return curve("reference", spec, scan.volumes, energiesPerAtom(calc, scan.volumes.map(scan.at)));
    } finally {
      calc.dispose?.();
    }
  }
  if (!isFile) throw new Error(`--reference ${spec}: no such file; expected sw, sw:NAME, a model (model.json, DIR/input.nn) or a file of points`);
  if (detectFormat(spec, head) !== undefined) {
    const frames = readStructures(spec);
    const v: number[] = [], e: number[] = [];
    frames.forEach((s, k) => {
      if (s.energy === undefined) throw new Error(`${spec}: frame ${k} has no energy; a reference needs the energy of every structure`);
      if (!s.pbc.every((p) => p)) throw new Error(`${spec}: frame ${k} is not periodic along all three axes (pbc ${pbcText(s)}); its volume is undefined`);
      v.push(Math.abs(s.volume()) / s.length); e.push(s.energy / s.length);
    });
    return curve("reference", spec, v, e);
  }
  const rows = readEnergyVolumeRows(readFileSync(spec, "utf8"), spec);
  return curve("reference", spec, rows.volume, rows.energy);
}

function jsonCurve(c: Curve, scan: Scan) {
  const f = c.fit;
  return {
    role: c.role, source: c.source, volumePerAtom: c.volumePerAtom, energyPerAtom: c.energyPerAtom,
    fit: { e0: f.e0, v0: f.v0, b0: f.b0 / GPA, b0Prime: f.b0Prime, residualRms: f.residualRms, extrapolated: f.extrapolated, ...scan.size(f.v0) },
  };
}

/** The table of fitted parameters, one column per curve. */
function table(curves: Curve[], scan: Scan, argv: EosArgs): string {
  const vs = scan.volumes;
  const head = `eos: ${scan.what}, ${vs.length} volumes ${vs[0].toFixed(3)}–${vs[vs.length - 1].toFixed(3)} Å³/atom (±${100 * argv.range}%), fixed fractional coordinates; third-order Birch–Murnaghan fit`;
  const size = curves.map((c) => scan.size(c.fit.v0));
  const rows: [string, (c: Curve, k: number) => string][] = [
    ["", (c) => `${c.role} ${shortName(c.source)}`],
    ["E0 (eV/atom)", (c) => c.fit.e0.toFixed(6)],
    ["V0 (Å³/atom)", (c) => c.fit.v0.toFixed(4)],
    ...(size[0].a0 !== undefined ? [["a0 (Å)", (_c: Curve, k: number) => size[k].a0!.toFixed(5)] as [string, (c: Curve, k: number) => string]] : []),
    ...(size[0].scale !== undefined ? [["cell scale at V0", (_c: Curve, k: number) => size[k].scale!.toFixed(5)] as [string, (c: Curve, k: number) => string]] : []),
    ["B0 (GPa)", (c) => (c.fit.b0 / GPA).toFixed(2)],
    ["B0′", (c) => c.fit.b0Prime.toFixed(3)],
    ["fit rms (meV/atom)", (c) => (1000 * c.fit.residualRms).toExponential(2)],
    ["points", (c) => String(c.volumePerAtom.length)],
  ];
  const cells = rows.map(([label, f]) => [label, ...curves.map((c, k) => f(c, k))]);
  const width = cells[0].map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const lines = cells.map((r) => r.map((x, j) => (j === 0 ? x.padEnd(width[j]) : x.padStart(width[j]))).join("   "));
  if (argv.svg) lines.push(`wrote ${argv.svg}`);
  return [head, ...lines].join("\n") + "\n";
}

/** A model or file name short enough for a legend: its last path component (n2p2: the folder). */
function shortName(source: string): string {
  const parts = source.split("?")[0].split(/[\\/]/).filter(Boolean);
  const last = parts.pop() ?? source;
  return last === "input.nn" && parts.length ? `${parts.pop()}/input.nn` : last;
}

/** SVG: the points of each curve and its fit (reference dashed), energies relative to each E0 unless `absolute`. */
function figure(curves: Curve[], what: string, absolute: boolean): string {
  const all = curves.flatMap((c) => c.volumePerAtom);
  const lo = Math.min(...all), hi = Math.max(...all);
  const grid = Array.from({ length: 101 }, (_, k) => lo + ((hi - lo) * k) / 100);
  const series: Series[] = curves.flatMap((c) => {
    const shift = absolute ? 0 : c.fit.e0;
    const name = `${c.role} ${shortName(c.source)}`;
    return [
      { name, x: c.volumePerAtom, y: c.energyPerAtom.map((e) => e - shift), style: "points" as const, family: c.role, dashed: c.role === "reference" },
      { name: `fit: V0 ${c.fit.v0.toFixed(3)} Å³, B0 ${(c.fit.b0 / GPA).toFixed(1)} GPa`, x: grid, y: grid.map((v) => birchMurnaghanEnergy(c.fit, v) - shift), style: "line" as const, family: c.role, dashed: c.role === "reference" },
    ];
  });
  return linePlot(series, {
    title: `Energy–volume curve, ${what}`, xLabel: "volume per atom (Å³)",
    yLabel: absolute ? "energy per atom (eV)" : "energy per atom − E0 (eV)",
  });
}

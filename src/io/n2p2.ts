// n2p2 `input.data` (many structures):
//   begin
//   comment <free text>                       (optional, any number)
//   lattice ax ay az                          (three lines, or none for a non-periodic structure)
//   atom x y z element charge atomic_energy fx fy fz
//   energy E
//   charge Q
//   end
// Units: the file's own; the lengthUnit / energyUnit options (factors from units.ts, e.g.
// "bohr", "hartree") convert lengths (positions, lattice), energies (energy, atomic energy) and
// forces (energy/length) to Å and eV on reading, and back on writing. Charges are kept as they are.
// Per-atom charge and atomic energy are kept in arrays `charge` / `atomic_energy` only when some
// value is non-zero; the total charge goes to info.charge when non-zero, comments to
// info.comment. n2p2 has no stress: it is not written. Writing needs energy and forces (n2p2
// requires them; aemap does not invent labels).
import { Structure, type InfoValue, type PerAtomArray } from "../structure/structure.js";
import { ENERGY_UNITS, LENGTH_UNITS } from "../structure/units.js";
import { ParseError } from "./errors.js";
import { defineFormat, type FormatContext, type ReadOptions } from "./registry.js";
import { fmt, parseReal, parseReals, splitLines, tokens } from "./text.js";
import { buildFrame, checkElement } from "./validate.js";

/** Å per length unit and eV per energy unit of the file. */
export function unitFactors(options: ReadOptions): { L: number; E: number } {
  const lu = (options.lengthUnit ?? "angstrom").toLowerCase();
  const eu = (options.energyUnit ?? "ev").toLowerCase();
  const L = LENGTH_UNITS[lu], E = ENERGY_UNITS[eu];
  if (L === undefined) throw new Error(`unknown length unit '${options.lengthUnit}': expected one of ${Object.keys(LENGTH_UNITS).join(", ")}`);
  if (E === undefined) throw new Error(`unknown energy unit '${options.energyUnit}': expected one of ${Object.keys(ENERGY_UNITS).join(", ")}`);
  return { L, E };
}

interface Frame {
  begin: number;
  comments: string[];
  lattice: number[];
  symbols: string[];
  positions: number[];
  charges: number[];
  atomEnergies: number[];
  forces: number[];
  atomLines: number[];
  energy?: number;
  charge?: number;
}

export function readN2p2(text: string, ctx: FormatContext): Structure[] {
  const file = ctx.file;
  const { L, E } = unitFactors(ctx.options);
  const lines = splitLines(text);
  const frames: Structure[] = [];
  let f: Frame | null = null;
  for (let i = 0; i < lines.length; i++) {
    const t = tokens(lines[i]);
    if (t.length === 0) continue;
    const at = { file, line: i + 1 };
    const kw = t[0];
    if (kw === "begin") {
      if (f) throw new ParseError(at, `expected 'end' for the structure that begins on line ${f.begin}, found 'begin'`);
      f = { begin: i + 1, comments: [], lattice: [], symbols: [], positions: [], charges: [], atomEnergies: [], forces: [], atomLines: [] };
      continue;
    }
    if (!f) throw new ParseError(at, `expected 'begin', found '${kw}'`);
    switch (kw) {
      case "comment":
        f.comments.push(lines[i].trim().slice(7).trim());
        break;
      case "lattice":
        if (f.lattice.length === 9) throw new ParseError(at, `expected at most 3 'lattice' lines per structure, found a fourth`);
        if (t.length !== 4) throw new ParseError(at, `expected 'lattice' and 3 numbers, found ${t.length - 1} numbers`);
        f.lattice.push(...parseReals(t, 1, 3, at, "lattice vector").map((x) => x * L));
        break;
      case "atom": {
        if (t.length !== 10) throw new ParseError(at, `expected 10 columns (atom x y z element charge atomic_energy fx fy fz), found ${t.length}`);
        const x = parseReals(t, 1, 3, at, "position");
        f.symbols.push(checkElement(t[4], { ...at, field: "element" }));
        f.charges.push(parseReal(t[5], at, "charge"));
        f.atomEnergies.push(parseReal(t[6], at, "atomic energy") * E);
        const fr = parseReals(t, 7, 3, at, "force");
        f.positions.push(...x.map((v) => v * L));
        f.forces.push(...fr.map((v) => (v * E) / L));
        f.atomLines.push(i + 1);
        break;
      }
      case "energy":
        if (t.length !== 2) throw new ParseError(at, `expected 'energy' and 1 number, found ${t.length - 1}`);
        f.energy = parseReal(t[1], at, "energy") * E;
        break;
      case "charge":
        if (t.length !== 2) throw new ParseError(at, `expected 'charge' and 1 number, found ${t.length - 1}`);
        f.charge = parseReal(t[1], at, "total charge");
        break;
      case "end":
        frames.push(finish(f, at, file));
        f = null;
        break;
      default:
        throw new ParseError(at, `expected one of begin, comment, lattice, atom, energy, charge, end; found '${kw}'`);
    }
  }
  if (f) throw new ParseError({ file, line: lines.length }, `truncated structure: the one that begins on line ${f.begin} has no 'end'`);
  return frames;
}

function finish(f: Frame, at: { file: string; line: number }, file: string): Structure {
  if (f.lattice.length !== 0 && f.lattice.length !== 9) {
    throw new ParseError(at, `expected 3 'lattice' lines (or none) in the structure that begins on line ${f.begin}, found ${f.lattice.length / 3}`);
  }
  if (f.symbols.length === 0) throw new ParseError(at, `expected at least one 'atom' line in the structure that begins on line ${f.begin}`);
  const arrays: Record<string, PerAtomArray> = {};
  if (f.charges.some((q) => q !== 0)) arrays.charge = { type: "R", width: 1, values: Float64Array.from(f.charges) };
  if (f.atomEnergies.some((e) => e !== 0)) arrays.atomic_energy = { type: "R", width: 1, values: Float64Array.from(f.atomEnergies) };
  const info: Record<string, InfoValue> = {};
  if (f.comments.length) info.comment = f.comments.join("\n");
  if (f.charge !== undefined && f.charge !== 0) info.charge = f.charge;
  const periodic = f.lattice.length === 9;
  return buildFrame({
    symbols: f.symbols, positions: f.positions, cell: periodic ? f.lattice : undefined, pbc: periodic,
    energy: f.energy, forces: f.forces, arrays, info,
  }, { file, line: f.begin, atomLine: (i) => f.atomLines[i] });
}

export function writeN2p2(frames: Structure[], ctx: FormatContext): string {
  const { L, E } = unitFactors(ctx.options);
  const out: string[] = [];
  frames.forEach((s, k) => {
    if (s.energy === undefined) throw new Error(`${ctx.file}: structure ${k + 1} has no energy; n2p2 input.data needs one`);
    if (!s.forces) throw new Error(`${ctx.file}: structure ${k + 1} has no forces; n2p2 input.data needs them`);
    const p = s.pbc;
    if (p.some((x) => x) && !p.every((x) => x)) throw new Error(`${ctx.file}: structure ${k + 1} is periodic along some axes only; n2p2 knows fully periodic or non-periodic`);
    out.push("begin");
    const comment = s.info.comment;
    if (comment !== undefined) for (const c of String(comment).split("\n")) out.push(`comment ${c}`);
    if (p[0]) for (let r = 0; r < 3; r++) out.push(`lattice ${[0, 1, 2].map((d) => fmt(s.cell[3 * r + d] / L)).join(" ")}`);
    const q = s.arrays.charge?.values, ae = s.arrays.atomic_energy?.values;
    for (let i = 0; i < s.length; i++) {
      const x = [0, 1, 2].map((d) => fmt(s.positions[3 * i + d] / L));
      const fr = [0, 1, 2].map((d) => fmt((s.forces![3 * i + d] * L) / E));
      out.push(`atom ${x.join(" ")} ${s.symbols[i]} ${fmt(q ? Number(q[i]) : 0)} ${fmt(ae ? Number(ae[i]) / E : 0)} ${fr.join(" ")}`);
    }
    out.push(`energy ${fmt(s.energy / E)}`);
    out.push(`charge ${fmt(typeof s.info.charge === "number" ? s.info.charge : 0)}`);
    out.push("end");
  });
  return out.join("\n") + "\n";
}

export const n2p2 = defineFormat({
  name: "n2p2",
  description: "n2p2 input.data (begin/comment/lattice/atom/energy/charge/end), optional Bohr/Hartree units",
  extensions: ["data", "n2p2"],
  perAtomEnergies: true,
  filenamePatterns: ["input.data*", "output.data*"],
  multiFrame: true,
  sniff: (head) => /^\s*begin\s*$/m.test(head.split(/\r?\n/).find((l) => l.trim() !== "") ?? ""),
  read: readN2p2,
  write: writeN2p2,
});

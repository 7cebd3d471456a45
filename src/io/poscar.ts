// VASP POSCAR / CONTCAR (one structure):
//   comment
//   scale            one number (negative: the target cell volume in Å³) or three per-axis factors
//   a_x a_y a_z      lattice vectors as rows, multiplied by the scale
//   b_x b_y b_z
//   c_x c_y c_z
//   Si O             species line (VASP 5; absent in VASP 4: then the `symbols` option is required)
//   32 64            atoms per species
//   Selective dynamics   (optional; only the first letter S/s counts)
//   Direct           or Cartesian (first letter C/c/K/k); Cartesian positions are scaled too
//   x y z [T F T]    one line per atom; flags kept in arrays.selective_dynamics (L, width 3)
// Anything after the positions (velocities, predictor-corrector data) is ignored.
// Written as VASP 5, scale 1, Direct coordinates, full f64 precision; species listed in runs of
// consecutive equal symbols, so atom order is kept.
import { Structure, det3 } from "../structure/structure.js";
import { ParseError } from "./errors.js";
import { defineFormat, type FormatContext } from "./registry.js";
import { fmt, parseInteger, parseReals, splitLines, tokens } from "./text.js";
import { buildFrame, checkElement } from "./validate.js";

/** Lines of the file with their numbers; `need(i)` fails with the line number when the file is too short. */
class Lines {
  readonly lines: string[];
  constructor(text: string, readonly file: string) {
    this.lines = splitLines(text);
  }
  /** Tokens of line index i (0-based), or an error saying what was expected there. */
  need(i: number, what: string): string[] {
    if (i >= this.lines.length) throw new ParseError({ file: this.file, line: i + 1 }, `truncated file: expected ${what}, file ends after line ${this.lines.length}`);
    return tokens(this.lines[i]);
  }
  at(i: number, field?: string) {
    return { file: this.file, line: i + 1, field };
  }
}

/** Lines 2–5: scale factor and lattice. Returns the scaled cell and the factor per Cartesian axis. */
function readCell(L: Lines): { cell: number[]; factor: number[] } {
  const st = L.need(1, "the scale factor");
  if (st.length !== 1 && st.length < 3) throw new ParseError(L.at(1), `expected 1 or 3 numbers (scale factor), found ${st.length}`);
  const scale = parseReals(st, 0, st.length >= 3 ? 3 : 1, L.at(1), "scale factor");
  if (scale.some((x) => x === 0)) throw new ParseError(L.at(1, "scale"), `scale factor is 0: expected a non-zero number`);
  if (scale.length === 3 && scale.some((x) => x < 0)) throw new ParseError(L.at(1, "scale"), `expected three positive scale factors (a negative volume needs a single number)`);
  const raw: number[] = [];
  for (let k = 0; k < 3; k++) raw.push(...parseReals(L.need(2 + k, `lattice vector ${"abc"[k]}`), 0, 3, L.at(2 + k), `lattice vector ${"abc"[k]}`));
  let factor: number[];
  if (scale.length === 3) factor = scale;
  else if (scale[0] > 0) factor = [scale[0], scale[0], scale[0]];
  else {
    // negative scale: the cell is scaled uniformly to the volume |scale|: u³·V_raw = |scale|
    const v = Math.abs(det3(raw));
    if (v < 1e-12) throw new ParseError(L.at(2, "cell"), `cell has zero volume: expected three independent lattice vectors`);
    const u = Math.cbrt(-scale[0] / v);
    factor = [u, u, u];
  }
  return { cell: raw.map((x, k) => x * factor[k % 3]), factor };
}

/** Species line (VASP 5; else the symbols option) and counts, from line index 5. Returns one symbol per atom and the next line index. */
function readSpecies(L: Lines, symbolsOption: string[] | undefined): { species: string[]; next: number } {
  let line = 5;
  let t = L.need(line, "the species line or the atom counts");
  let symbols: string[];
  if (t.length > 0 && !/^\d+$/.test(t[0])) {
    symbols = t.map((x) => checkElement(x.split(/[_/.]/)[0], L.at(line, "species")));
    line++;
    t = L.need(line, "the number of atoms per species");
  } else {
    if (!symbolsOption) throw new ParseError(L.at(line, "species"), `no species line (VASP 4 format): expected element symbols on line 6, or give them with the 'symbols' option`);
    symbols = symbolsOption.map((x) => checkElement(x, L.at(line, "species")));
  }
  const counts = t.map((x) => parseInteger(x, L.at(line), "atoms per species"));
  if (counts.length !== symbols.length) {
    throw new ParseError(L.at(line), `expected ${symbols.length} atom counts (one per species ${symbols.join(" ")}), found ${counts.length}`);
  }
  if (counts.some((c) => c < 0)) throw new ParseError(L.at(line), `expected non-negative atom counts, found ${t.join(" ")}`);
  const species: string[] = [];
  symbols.forEach((s, k) => { for (let q = 0; q < counts[k]; q++) species.push(s); });
  return { species, next: line + 1 };
}

export function readPoscar(text: string, ctx: FormatContext): Structure[] {
  const L = new Lines(text, ctx.file);
  const { cell, factor } = readCell(L);
  const { species, next } = readSpecies(L, ctx.options.symbols);
  let line = next;
  let mode = L.need(line, "Direct or Cartesian")[0] ?? "";
  const selective = /^[sS]/.test(mode);
  if (selective) mode = L.need(++line, "Direct or Cartesian")[0] ?? "";
  if (!/^[dDcCkK]/.test(mode)) throw new ParseError(L.at(line), `expected 'Direct' or 'Cartesian', found '${L.lines[line].trim()}'`);
  const cartesian = /^[cCkK]/.test(mode);
  const first = line + 1;
  const n = species.length;
  const positions: number[] = [], flags: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const at = L.at(first + i);
    if (first + i >= L.lines.length) throw new ParseError(at, `truncated file: expected ${n} position lines, found ${i}`);
    const p = tokens(L.lines[first + i]);
    const x = parseReals(p, 0, 3, at, `position of atom ${i + 1}`);
    // Cartesian: scaled like the lattice; Direct: r = x·a + y·b + z·c
    if (cartesian) positions.push(x[0] * factor[0], x[1] * factor[1], x[2] * factor[2]);
    else for (let d = 0; d < 3; d++) positions.push(x[0] * cell[d] + x[1] * cell[3 + d] + x[2] * cell[6 + d]);
    if (selective) {
      if (p.length < 6 || !p.slice(3, 6).every((q) => /^[TtFf]$/.test(q))) {
        throw new ParseError(at, `expected 3 selective-dynamics flags (T or F) after the position, found '${p.slice(3, 6).join(" ")}'`);
      }
      for (let d = 3; d < 6; d++) flags.push(/^[Tt]$/.test(p[d]));
    }
  }
  // The counts line must match the positions: a position line where the blank line (velocities
  // follow one) or the end of the file should be means the counts are short.
  const after = tokens(L.lines[first + n] ?? "");
  if (after.length >= 3 && after.slice(0, 3).every((t) => Number.isFinite(Number(t)))) {
    throw new ParseError(L.at(first + n), `position line for atom ${n + 1}, but the counts on line ${next} give ${n} atoms: expected ${n} position lines (then a blank line or the end of the file)`);
  }
  const comment = L.lines[0]?.trim() ?? "";
  return [buildFrame({
    symbols: species, positions, cell, pbc: true,
    arrays: selective ? { selective_dynamics: { type: "L", width: 3, values: flags } } : {},
    info: comment ? { comment } : {},
  }, { file: ctx.file, line: 3, atomLine: (i) => first + i + 1 })];
}

export function writePoscar(frames: Structure[], ctx: FormatContext): string {
  if (frames.length !== 1) throw new Error(`${ctx.file}: POSCAR holds one structure, got ${frames.length}; write extxyz or n2p2 for several`);
  const s = frames[0];
  if (!s.pbc.every((p) => p)) throw new Error(`${ctx.file}: POSCAR needs a periodic cell on all three axes`);
  // runs of consecutive equal symbols
  const names: string[] = [], counts: number[] = [];
  for (const sym of s.symbols) {
    if (names[names.length - 1] === sym) counts[counts.length - 1]++;
    else { names.push(sym); counts.push(1); }
  }
  const sd = s.arrays.selective_dynamics;
  const comment = typeof s.info.comment === "string" ? s.info.comment : names.map((x, k) => `${x}${counts[k]}`).join("");
  const out = [comment.replace(/\n/g, " "), "1.0"];
  for (let k = 0; k < 3; k++) out.push(Array.from(s.cell.subarray(3 * k, 3 * k + 3), fmt).join(" "));
  out.push(names.join(" "), counts.join(" "));
  if (sd) out.push("Selective dynamics");
  out.push("Direct");
  const frac = s.fractional();
  for (let i = 0; i < s.length; i++) {
    let row = Array.from(frac.subarray(3 * i, 3 * i + 3), fmt).join(" ");
    if (sd) row += " " + [0, 1, 2].map((d) => (sd.values[3 * i + d] ? "T" : "F")).join(" ");
    out.push(row);
  }
  return out.join("\n") + "\n";
}

export const poscar = defineFormat({
  name: "poscar",
  description: "VASP POSCAR/CONTCAR (VASP 5 species line, or VASP 4 with the symbols option)",
  extensions: ["vasp", "poscar"],
  filenamePatterns: ["*POSCAR*", "*CONTCAR*"],
  multiFrame: false,
  read: readPoscar,
  write: writePoscar,
});

// Extended XYZ, as ASE writes it (ase/io/extxyz.py). One frame:
//   line 1: number of atoms
//   line 2: key=value pairs, e.g.
//     Lattice="a_x a_y a_z b_x b_y b_z c_x c_y c_z" Properties=species:S:1:pos:R:3:forces:R:3
//     energy=-10.8 stress="xx xy xz yx yy yz zx zy zz" pbc="T T T" group=Elastic
//   then one line per atom with the columns named in Properties (name:type:width, type R real,
//   I integer, L logical, S string).
// Values may be quoted ("..." with \" and \\ escapes) or braced ({...}, [...]); a bare key means
// key=True. Units are ASE's: Å, eV, eV/Å, stress in eV/Å³ with ASE's sign. `virial` (eV) is
// accepted instead of stress: σ = −W/V. Energy: `energy`, else `free_energy`, or the key named by
// the energyKey option. Columns other than species, pos and forces are kept in Structure.arrays
// (e.g. atomic_energy); other keys go to Structure.info. Numbers are written with the shortest
// representation that reads back to the same f64, so a write → read round trip is bit-exact.
import { det3, type Structure, type InfoValue, type PerAtomArray } from "../structure/structure.js";
import { elementSymbol } from "../structure/elements.js";
import { ParseError, type Location } from "./errors.js";
import { defineFormat, type FormatContext } from "./registry.js";
import { fmt, parseInteger, parseReal, splitLines, tokens } from "./text.js";
import { buildFrame } from "./validate.js";

type Raw = { value: string; quoted: boolean };

/** Split the comment line into key → raw value (bare keys get "T"). */
export function parseKeyValues(line: string, at: Location): Map<string, Raw> {
  const out = new Map<string, Raw>();
  let i = 0;
  const n = line.length;
  const ws = (c: string) => c === " " || c === "\t";
  const readValue = (): Raw => {
    const open = line[i];
    if (open === '"' || open === "'") {
      let v = "";
      for (i++; i < n && line[i] !== open; i++) {
        if (line[i] === "\\" && i + 1 < n) {
          i++;
          v += line[i] === "n" ? "\n" : line[i]; // \n is a newline, \x is x
        } else v += line[i];
      }
      if (i >= n) throw new ParseError(at, `unterminated ${open} quote in the comment line: expected a closing ${open}`);
      i++;
      return { value: v, quoted: true };
    }
    if (open === "{" || open === "[") {
      const close = open === "{" ? "}" : "]";
      const end = line.indexOf(close, i);
      if (end < 0) throw new ParseError(at, `unterminated '${open}' in the comment line: expected '${close}'`);
      const v = line.slice(i + 1, end).replace(/,/g, " ");
      i = end + 1;
      return { value: v, quoted: true };
    }
    const s = i;
    while (i < n && !ws(line[i])) i++;
    return { value: line.slice(s, i), quoted: false };
  };
  while (i < n) {
    while (i < n && ws(line[i])) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !ws(line[i]) && line[i] !== "=") i++;
    const key = line.slice(s, i);
    let j = i;
    while (j < n && ws(line[j])) j++;
    if (line[j] === "=") {
      i = j + 1;
      while (i < n && ws(line[i])) i++;
      if (i >= n) throw new ParseError(at, `key '${key}' has '=' but no value`);
      if (key === "") throw new ParseError(at, `expected key=value, found '=' without a key`);
      out.set(key, readValue());
    } else {
      out.set(key, { value: "T", quoted: false });
    }
  }
  return out;
}

const TRUE = new Set(["T", "True", "true", "TRUE"]);
const FALSE = new Set(["F", "False", "false", "FALSE"]);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Type-guess an info value the way ASE does: int, float, bool, number array, else string.
 * A quoted single token stays a string (ASE writes numbers and booleans unquoted), so a string
 * such as "1e3" survives a write → read round trip.
 */
function infoValue(raw: Raw): InfoValue {
  const v = raw.value;
  if (raw.quoted && tokens(v).length <= 1) return v;
  if (NUMBER.test(v)) return Number(v);
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  const t = tokens(v);
  if (t.length > 1 && t.every((x) => NUMBER.test(x))) return t.map(Number);
  return v;
}

function realList(raw: Raw, at: Location, key: string, counts: number[]): number[] {
  const t = tokens(raw.value);
  if (!counts.includes(t.length)) {
    throw new ParseError({ ...at, field: key }, `${key}: expected ${counts.join(" or ")} numbers, found ${t.length} ('${raw.value}')`);
  }
  return t.map((x, k) => parseReal(x, { ...at, field: key }, `${key} value ${k + 1}`));
}

function boolList(raw: Raw, at: Location, key: string): [boolean, boolean, boolean] {
  const t = tokens(raw.value);
  if (t.length === 1 && (TRUE.has(t[0]) || FALSE.has(t[0]))) {
    const b = TRUE.has(t[0]);
    return [b, b, b];
  }
  if (t.length !== 3 || !t.every((x) => TRUE.has(x) || FALSE.has(x))) {
    throw new ParseError({ ...at, field: key }, `${key}: expected 3 logicals like "T T F", found '${raw.value}'`);
  }
  return [TRUE.has(t[0]), TRUE.has(t[1]), TRUE.has(t[2])];
}

interface Column { name: string; type: "R" | "I" | "L" | "S"; width: number }

function parseProperties(spec: string, at: Location): Column[] {
  const f = spec.split(":");
  if (f.length % 3 !== 0 || f.length === 0) {
    throw new ParseError({ ...at, field: "Properties" }, `Properties: expected name:type:width triples, found '${spec}'`);
  }
  const cols: Column[] = [];
  for (let k = 0; k < f.length; k += 3) {
    const [name, type, w] = [f[k], f[k + 1], f[k + 2]];
    if (!["R", "I", "L", "S"].includes(type)) {
      throw new ParseError({ ...at, field: "Properties" }, `Properties: column '${name}' has type '${type}', expected R, I, L or S`);
    }
    if (!/^[1-9]\d*$/.test(w)) {
      throw new ParseError({ ...at, field: "Properties" }, `Properties: column '${name}' has width '${w}', expected a positive integer`);
    }
    cols.push({ name, type: type as Column["type"], width: Number(w) });
  }
  for (const need of ["pos"]) {
    if (!cols.some((c) => c.name === need)) throw new ParseError({ ...at, field: "Properties" }, `Properties: expected a '${need}' column, found '${spec}'`);
  }
  if (!cols.some((c) => c.name === "species" || c.name === "Z")) {
    throw new ParseError({ ...at, field: "Properties" }, `Properties: expected a 'species' (or 'Z') column, found '${spec}'`);
  }
  return cols;
}

function parseCell(token: string, col: Column, at: Location, k: number): number | string | boolean {
  const what = `column ${col.name}${col.width > 1 ? `[${k + 1}]` : ""}`;
  switch (col.type) {
    case "R": return parseReal(token, at, what);
    case "I": return parseInteger(token, at, what);
    case "L":
      if (TRUE.has(token)) return true;
      if (FALSE.has(token)) return false;
      throw new ParseError(at, `expected ${what} (T or F), found '${token}'`);
    default: return token;
  }
}

/** Stress (Voigt xx yy zz yz xz xy) from a 3×3 row-major or 6-value Voigt list. */
function toVoigt(v: number[]): number[] {
  return v.length === 9 ? [v[0], v[4], v[8], v[5], v[2], v[1]] : v;
}

const SPECIAL = new Set(["Lattice", "Properties", "pbc", "stress", "virial"]);
const PLAIN_XYZ: Column[] = [{ name: "species", type: "S", width: 1 }, { name: "pos", type: "R", width: 3 }];

type Values = Map<string, (number | string | boolean)[]>;

/** Parse the atom lines body..body+natoms−1 into one value list per column. */
function readAtomLines(lines: string[], body: number, natoms: number, cols: Column[], layout: string, file: string): Values {
  const values: Values = new Map(cols.map((c) => [c.name, []]));
  const ncols = cols.reduce((a, c) => a + c.width, 0);
  for (let a = 0; a < natoms; a++) {
    const ln = body + a;
    if (ln >= lines.length) {
      throw new ParseError({ file, line: lines.length }, `truncated frame: expected ${natoms} atom lines after line ${body}, file ends after ${a}`);
    }
    const t = tokens(lines[ln]);
    const at = { file, line: ln + 1 };
    if (t.length !== ncols) throw new ParseError(at, `expected ${ncols} columns (${layout}), found ${t.length}`);
    let q = 0;
    for (const c of cols) {
      const dest = values.get(c.name)!;
      for (let k = 0; k < c.width; k++) dest.push(parseCell(t[q++], c, at, k));
    }
  }
  return values;
}

/** Energy (energyKey, else energy, else free_energy) and the remaining keys as info. */
function energyAndInfo(kv: Map<string, Raw>, at: Location, energyKeyOption?: string): { energy?: number; info: Record<string, InfoValue> } {
  const info: Record<string, InfoValue> = {};
  for (const [k, raw] of kv) if (!SPECIAL.has(k)) info[k] = infoValue(raw);
  const key = energyKeyOption ?? (kv.has("energy") ? "energy" : kv.has("free_energy") ? "free_energy" : undefined);
  if (key === undefined) return { info };
  if (!kv.has(key)) throw new ParseError({ ...at, field: key }, `expected an energy key '${key}=' in the comment line`);
  const energy = parseReal(kv.get(key)!.value, { ...at, field: key }, key);
  delete info[key];
  return { energy, info };
}

/** Stress from `stress=` (eV/Å³, ASE sign) or `virial=` (eV): σ = −W/V. */
function stressOf(kv: Map<string, Raw>, at: Location, lattice: number[] | undefined, pbc: boolean[]): number[] | undefined {
  if (kv.has("stress")) return toVoigt(realList(kv.get("stress")!, at, "stress", [9, 6]));
  if (!kv.has("virial")) return undefined;
  if (!lattice || !pbc.every((p) => p)) throw new ParseError({ ...at, field: "virial" }, `virial needs a 3-D periodic cell to give a stress: expected pbc="T T T" and a Lattice`);
  const w = toVoigt(realList(kv.get("virial")!, at, "virial", [9, 6]));
  const vol = Math.abs(det3(lattice));
  return w.map((x) => -x / vol);
}

/** Columns other than species, pos and forces, kept as per-atom arrays. */
function extraArrays(cols: Column[], values: Values): Record<string, PerAtomArray> {
  const arrays: Record<string, PerAtomArray> = {};
  for (const c of cols) {
    if (c.name === "species" || c.name === "pos" || c.name === "forces" || (c.name === "Z" && !values.has("species"))) continue;
    const v = values.get(c.name)!;
    arrays[c.name] = { type: c.type, width: c.width, values: c.type === "R" ? Float64Array.from(v as number[]) : v };
  }
  return arrays;
}

/** Read the frame whose count line is lines[first]; returns it and the index after it. */
function readFrame(lines: string[], first: number, ctx: FormatContext): { s: Structure; next: number } {
  const file = ctx.file;
  const natoms = parseInteger(tokens(lines[first])[0], { file, line: first + 1 }, "the number of atoms");
  if (natoms < 0) throw new ParseError({ file, line: first + 1 }, `expected a non-negative number of atoms, found ${natoms}`);
  if (first + 1 >= lines.length) throw new ParseError({ file, line: first + 1 }, `truncated frame: expected a comment line after the atom count`);
  const infoAt: Location = { file, line: first + 2 };
  const kv = parseKeyValues(lines[first + 1], infoAt);
  const props = kv.get("Properties")?.value;
  const cols = props !== undefined ? parseProperties(props, infoAt) : PLAIN_XYZ;
  const layout = props ?? "species x y z; no Properties= key in the comment line";
  const body = first + 2;
  const values = readAtomLines(lines, body, natoms, cols, layout, file);

  const symbols = values.has("species") ? values.get("species")!.map(String) : (values.get("Z") as number[]).map(elementOf);
  const lattice = kv.has("Lattice") ? realList(kv.get("Lattice")!, infoAt, "Lattice", [9]) : undefined;
  const pbc = kv.has("pbc") ? boolList(kv.get("pbc")!, infoAt, "pbc") : [!!lattice, !!lattice, !!lattice] as [boolean, boolean, boolean];
  if (!lattice && pbc.some((p) => p)) throw new ParseError({ ...infoAt, field: "pbc" }, `pbc is "${kv.get("pbc")!.value}" but there is no Lattice= key: expected a Lattice for periodic axes`);
  const { energy, info } = energyAndInfo(kv, infoAt, ctx.options.energyKey);
  const s = buildFrame({
    symbols, positions: values.get("pos") as number[], cell: lattice, pbc, energy,
    forces: values.get("forces") as number[] | undefined, stress: stressOf(kv, infoAt, lattice, pbc),
    arrays: extraArrays(cols, values), info,
  }, { file, line: first + 2, atomLine: (i: number) => body + i + 1 });
  return { s, next: body + natoms };
}

function elementOf(z: number): string {
  return elementSymbol(z) ?? `Z=${z}`;
}

export function readExtxyz(text: string, ctx: FormatContext): Structure[] {
  const lines = splitLines(text);
  const frames: Structure[] = [];
  let i = 0;
  for (;;) {
    while (i < lines.length && lines[i].trim() === "") i++;
    if (i >= lines.length) break;
    const { s, next } = readFrame(lines, i, ctx);
    frames.push(s);
    i = next;
  }
  return frames;
}

/** Quote a string value when it contains spaces, quotes or '=', or would read back as another type. */
function quote(v: string): string {
  const plain = v !== "" && !/[\s"'={}[\]\\]/.test(v) && typeof infoValue({ value: v, quoted: false }) === "string";
  return plain ? v : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function infoText(v: InfoValue): string {
  if (typeof v === "number") return fmt(v);
  if (typeof v === "boolean") return v ? "T" : "F";
  if (Array.isArray(v)) return `"${v.map(fmt).join(" ")}"`;
  return quote(String(v));
}

function cellText(v: number | string | boolean, type: string): string {
  if (type === "L") return v ? "T" : "F";
  if (type === "R" || type === "I") return fmt(v as number);
  return String(v);
}

function writeFrame(s: Structure, out: string[]): void {
  const n = s.length;
  const cols: { name: string; type: string; width: number; values: ArrayLike<number | string | boolean> }[] = [
    { name: "species", type: "S", width: 1, values: s.symbols },
    { name: "pos", type: "R", width: 3, values: s.positions },
  ];
  if (s.forces) cols.push({ name: "forces", type: "R", width: 3, values: s.forces });
  for (const [name, a] of Object.entries(s.arrays)) cols.push({ name, type: a.type, width: a.width, values: a.values });
  const head: string[] = [];
  const hasCell = s.cell.some((x) => x !== 0);
  if (hasCell) head.push(`Lattice="${Array.from(s.cell, fmt).join(" ")}"`);
  head.push(`Properties=${cols.map((c) => `${c.name}:${c.type}:${c.width}`).join(":")}`);
  if (s.energy !== undefined) head.push(`energy=${fmt(s.energy)}`);
  if (s.stress) {
    const [xx, yy, zz, yz, xz, xy] = s.stress;
    head.push(`stress="${[xx, xy, xz, xy, yy, yz, xz, yz, zz].map(fmt).join(" ")}"`);
  }
  for (const [k, v] of Object.entries(s.info)) {
    if (SPECIAL.has(k) || k === "energy") continue;
    head.push(`${k}=${infoText(v)}`);
  }
  head.push(`pbc="${s.pbc.map((p) => (p ? "T" : "F")).join(" ")}"`);
  out.push(String(n), head.join(" "));
  for (let i = 0; i < n; i++) {
    const row: string[] = [];
    for (const c of cols) for (let k = 0; k < c.width; k++) row.push(cellText(c.values[i * c.width + k], c.type));
    out.push(row.join(" "));
  }
}

export function writeExtxyz(frames: Structure[]): string {
  const out: string[] = [];
  for (const s of frames) writeFrame(s, out);
  return out.join("\n") + "\n";
}

export const extxyz = defineFormat({
  name: "extxyz",
  description: "extended XYZ as written by ASE (Lattice, Properties, energy, forces, stress/virial, pbc)",
  extensions: ["xyz", "extxyz"],
  perAtomEnergies: true,
  multiFrame: true,
  sniff: (head) => {
    const l = head.split(/\r?\n/, 2);
    return l.length === 2 && /^\s*\d+\s*$/.test(l[0]) && /(Lattice|Properties)\s*=/.test(l[1]);
  },
  read: readExtxyz,
  write: (frames) => writeExtxyz(frames),
});

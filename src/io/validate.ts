// Checks every reader applies to every frame, so bad data stops at the file boundary:
// finite numbers of physically possible size everywhere (LIMITS), a non-degenerate periodic
// cell, and no two atoms (or an atom and its own periodic image) closer than 0.1 Å.
import { Structure, type StructureInit } from "../structure/structure.js";
import { atomicNumber } from "../structure/elements.js";
import { buildNeighbourList } from "../structure/neighbours.js";
import { ParseError, type Location } from "./errors.js";

/** Atoms closer than this (Å) are certainly a broken file (duplicated atom, wrong units). */
export const MIN_DISTANCE = 0.1;

/**
 * Largest magnitudes a reader accepts (docs/formats.md, "Checks on every structure"). Beyond them
 * a number is a broken file or wrong units, not physics, and would only overflow later (a loss
 * of Infinity, a cell volume of Infinity, a neighbour search over 1e10 Å).
 */
export const LIMITS = {
  /** Å: every position and lattice-vector component (100 µm). */
  coordinate: 1e6,
  /** eV/atom: |E/N|; all-electron total energies of the heaviest atoms are about 1e6 eV/atom. */
  energyPerAtom: 1e7,
  /** eV/Å: every force component. */
  force: 1e6,
  /** eV/Å³: every stress component (1.6e6 GPa). */
  stress: 1e4,
} as const;

/** Where a frame came from; optional callbacks point at one atom's line or JSON path. */
export interface FrameLocation extends Location {
  atomLine?: (i: number) => number | undefined;
  atomPath?: (i: number) => string | undefined;
}

function atomLocation(where: FrameLocation, i: number, field?: string): Location {
  const line = where.atomLine?.(i);
  if (line !== undefined) return { file: where.file, line, field };
  const path = where.atomPath?.(i);
  if (path !== undefined) return { file: where.file, path, field };
  return { file: where.file, line: where.line, path: where.path, field };
}

/** Check an element symbol; `at` names where it was read. */
export function checkElement(symbol: string, at: Location): string {
  if (atomicNumber(symbol) === undefined) throw new ParseError(at, `expected an element symbol, found '${symbol}'`);
  return symbol;
}

/** Build a Structure from parsed fields; constructor errors become ParseErrors at `where`. */
export function buildFrame(init: StructureInit, where: FrameLocation): Structure {
  for (let i = 0; i < init.symbols.length; i++) checkElement(init.symbols[i], atomLocation(where, i, "species"));
  let s: Structure;
  try {
    s = new Structure(init);
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError(where, (e as Error).message);
  }
  validateStructure(s, where);
  return s;
}

/** 1e+10 rather than 10000000000. */
const big = (x: number) => (Math.abs(x) >= 1e5 ? x.toExponential(3).replace(/\.?0+e/, "e") : String(x));

/** Every value finite and within ±limit (unit names the unit in messages). */
function checkNumbers(values: ArrayLike<number> | undefined, width: number, name: string, where: FrameLocation, perAtom: boolean, limit = Infinity, unit = ""): void {
  if (!values) return;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (Number.isFinite(v) && Math.abs(v) <= limit) continue;
    const at = perAtom ? atomLocation(where, Math.floor(k / width), name) : { ...where, field: name };
    const what = perAtom ? `${name} of atom ${Math.floor(k / width) + 1}` : name;
    if (!Number.isFinite(v)) throw new ParseError(at, `${what} is ${v}, expected a finite number`);
    throw new ParseError(at, `${what} is ${big(v)} ${unit}, expected at most ${big(limit)} ${unit} in magnitude (larger is a broken file or wrong units)`);
  }
}

/** |a·(b×c)| compared with |a||b||c|: near zero when the three vectors are (nearly) coplanar. */
function relativeVolume(c: ArrayLike<number>, volume: number): number {
  const len = (k: number) => Math.hypot(c[3 * k], c[3 * k + 1], c[3 * k + 2]);
  return Math.abs(volume) / (len(0) * len(1) * len(2));
}

/**
 * Reject NaN/Inf anywhere, numbers beyond LIMITS, zero-volume periodic cells and atoms closer
 * than 0.1 Å (including an atom and its own periodic image, i.e. a lattice vector shorter than 0.1 Å).
 */
export function validateStructure(s: Structure, where: FrameLocation): void {
  checkNumbers(s.positions, 3, "position", where, true, LIMITS.coordinate, "Å");
  checkNumbers(s.cell, 3, "cell", where, false, LIMITS.coordinate, "Å");
  checkNumbers(s.forces, 3, "force", where, true, LIMITS.force, "eV/Å");
  checkNumbers(s.stress, 6, "stress", where, false, LIMITS.stress, "eV/Å³");
  if (s.energy !== undefined) {
    checkNumbers([s.energy], 1, "energy", where, false);
    if (s.length > 0) checkNumbers([s.energy / s.length], 1, `energy per atom (E = ${s.energy} eV, ${s.length} atoms)`, where, false, LIMITS.energyPerAtom, "eV");
  }
  for (const [name, a] of Object.entries(s.arrays)) {
    if (a.type === "R") checkNumbers(a.values as ArrayLike<number>, a.width, name, where, true);
  }
  if (s.pbc.every((p) => p)) {
    const v = s.volume();
    if (!(relativeVolume(s.cell, v) > 1e-8)) {
      throw new ParseError({ ...where, field: "cell" }, `cell has zero volume (V = ${v} Å³): expected three independent lattice vectors`);
    }
  }
  checkAtomDistances(s, where);
}

/** No two atoms (or an atom and its own periodic image) closer than MIN_DISTANCE; the closest pair is named. */
export function checkAtomDistances(s: Structure, where: FrameLocation): void {
  let nl;
  try {
    nl = buildNeighbourList(s, MIN_DISTANCE);
  } catch (e) {
    throw new ParseError({ ...where, field: "cell" }, (e as Error).message);
  }
  // report the closest pair (each pair appears under both atoms: keep j ≥ i)
  let best = -1, bi = 0;
  for (let i = 0; i < s.length; i++) {
    for (let p = nl.start[i]; p < nl.start[i + 1]; p++) {
      if (nl.index[p] >= i && (best < 0 || nl.distance[p] < nl.distance[best])) { best = p; bi = i; }
    }
  }
  if (best < 0) return;
  const j = nl.index[best];
  const d = nl.distance[best].toPrecision(3);
  const what = bi === j
    ? `atom ${bi + 1} is ${d} Å from its own periodic image: expected lattice vectors longer than ${MIN_DISTANCE} Å`
    : `atoms ${bi + 1} and ${j + 1} are ${d} Å apart: expected at least ${MIN_DISTANCE} Å`;
  throw new ParseError(atomLocation(where, j, "position"), what);
}

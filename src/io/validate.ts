// Checks every reader applies to every frame, so bad data stops at the file boundary:
// finite numbers everywhere, a non-degenerate periodic cell, and no two atoms (or an atom and
// its own periodic image) closer than 0.1 Å.
import { Structure, type StructureInit } from "../structure/structure.js";
import { atomicNumber } from "../structure/elements.js";
import { buildNeighbourList } from "../structure/neighbours.js";
import { ParseError, type Location } from "./errors.js";

/** Atoms closer than this (Å) are certainly a broken file (duplicated atom, wrong units). */
export const MIN_DISTANCE = 0.1;

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

function checkFinite(values: ArrayLike<number> | undefined, width: number, name: string, where: FrameLocation, perAtom: boolean): void {
  if (!values) return;
  for (let k = 0; k < values.length; k++) {
    if (Number.isFinite(values[k])) continue;
    const at = perAtom ? atomLocation(where, Math.floor(k / width), name) : { ...where, field: name };
    const which = perAtom ? `atom ${Math.floor(k / width) + 1} ` : "";
    throw new ParseError(at, `${name} of ${which}is ${values[k]}, expected a finite number`);
  }
}

/** |a·(b×c)| compared with |a||b||c|: near zero when the three vectors are (nearly) coplanar. */
function relativeVolume(c: ArrayLike<number>, volume: number): number {
  const len = (k: number) => Math.hypot(c[3 * k], c[3 * k + 1], c[3 * k + 2]);
  return Math.abs(volume) / (len(0) * len(1) * len(2));
}

/**
 * Reject NaN/Inf anywhere, zero-volume periodic cells and atoms closer than 0.1 Å
 * (including an atom and its own periodic image, i.e. a lattice vector shorter than 0.1 Å).
 */
export function validateStructure(s: Structure, where: FrameLocation): void {
  checkFinite(s.positions, 3, "position", where, true);
  checkFinite(s.cell, 3, "cell", where, false);
  checkFinite(s.forces, 3, "force", where, true);
  checkFinite(s.stress, 6, "stress", where, false);
  if (s.energy !== undefined) checkFinite([s.energy], 1, "energy", where, false);
  for (const [name, a] of Object.entries(s.arrays)) {
    if (a.type === "R") checkFinite(a.values as ArrayLike<number>, a.width, name, where, true);
  }
  if (s.pbc.every((p) => p)) {
    const v = s.volume();
    if (!(relativeVolume(s.cell, v) > 1e-8)) {
      throw new ParseError({ ...where, field: "cell" }, `cell has zero volume (V = ${v} Å³): expected three independent lattice vectors`);
    }
  }
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

// Structure: one atomic configuration, with optional reference labels.
//
// Conventions (docs/science.md §5):
// - `cell`: lattice vectors as rows, Å, flat [a_x a_y a_z b_x b_y b_z c_x c_y c_z].
// - `pbc`: periodicity per axis. A non-periodic axis may have a zero lattice vector.
// - `positions`: Cartesian, Å, flat [x0 y0 z0 x1 ...].
// - `energy`: total energy, eV. `forces`: eV/Å, flat like positions.
// - `stress`: eV/Å³, Voigt order [xx, yy, zz, yz, xz, xy], ASE sign convention
//   σ = (1/V) ∂E/∂ε: positive = tensile (the cell pulls inward); a compressed crystal has
//   negative stress. VASP and mlearn print −σ (compression positive); readers convert.
// - `arrays`: extra per-atom columns (e.g. `atomic_energy`), each `width` values per atom.
// - `info`: free-form per-structure metadata (group, tags, ...).
// Reference labels (read from files) live in energy/forces/stress; predictions never overwrite
// them: a calculator returns its results separately.
import { atomicNumber } from "./elements.js";

export type PerAtomValue = number | string | boolean;
export interface PerAtomArray {
  /** 'R' real, 'I' integer, 'L' logical, 'S' string — extxyz property types. */
  type: "R" | "I" | "L" | "S";
  width: number;
  /** natoms × width values, row-major. */
  values: PerAtomValue[] | Float64Array;
}
export type InfoValue = string | number | boolean | number[];

export interface StructureInit {
  symbols: string[];
  positions: ArrayLike<number> | number[][];
  cell?: ArrayLike<number> | number[][];
  pbc?: boolean | [boolean, boolean, boolean];
  energy?: number;
  forces?: ArrayLike<number> | number[][];
  stress?: ArrayLike<number>;
  arrays?: Record<string, PerAtomArray>;
  info?: Record<string, InfoValue>;
}

function flatten(x: ArrayLike<number> | number[][], what: string, expected: number): Float64Array {
  const out = new Float64Array(expected);
  const first = (x as ArrayLike<unknown>)[0];
  if (Array.isArray(first)) {
    const rows = x as number[][];
    let k = 0;
    for (const r of rows) for (const v of r) { if (k < expected) out[k] = v; k++; }
    if (k !== expected) throw new Error(`${what}: expected ${expected} numbers, got ${k}`);
  } else {
    const a = x as ArrayLike<number>;
    if (a.length !== expected) throw new Error(`${what}: expected ${expected} numbers, got ${a.length}`);
    for (let i = 0; i < expected; i++) out[i] = a[i];
  }
  for (let i = 0; i < expected; i++) {
    if (!Number.isFinite(out[i])) throw new Error(`${what}: value ${i} is ${out[i]}, expected a finite number`);
  }
  return out;
}

export class Structure {
  readonly symbols: string[];
  readonly positions: Float64Array;
  readonly cell: Float64Array;
  readonly pbc: [boolean, boolean, boolean];
  energy?: number;
  forces?: Float64Array;
  stress?: Float64Array;
  arrays: Record<string, PerAtomArray>;
  info: Record<string, InfoValue>;

  constructor(init: StructureInit) {
    const n = init.symbols.length;
    for (const s of init.symbols) {
      if (atomicNumber(s) === undefined) throw new Error(`unknown element '${s}'`);
    }
    this.symbols = init.symbols.slice();
    this.positions = flatten(init.positions, "positions", 3 * n);
    this.cell = init.cell ? flatten(init.cell, "cell", 9) : new Float64Array(9);
    const p = init.pbc ?? false;
    this.pbc = typeof p === "boolean" ? [p, p, p] : [p[0], p[1], p[2]];
    for (let k = 0; k < 3; k++) {
      if (this.pbc[k]) {
        const a = this.cell.subarray(3 * k, 3 * k + 3);
        if (a[0] === 0 && a[1] === 0 && a[2] === 0) throw new Error(`cell: axis ${"abc"[k]} is periodic but its lattice vector is zero`);
      }
    }
    if (this.pbc.every((x) => x) && Math.abs(this.volume()) < 1e-10) {
      throw new Error(`cell: zero volume (lattice vectors are coplanar)`);
    }
    if (init.energy !== undefined) {
      if (!Number.isFinite(init.energy)) throw new Error(`energy: ${init.energy} is not a finite number`);
      this.energy = init.energy;
    }
    if (init.forces !== undefined) this.forces = flatten(init.forces, "forces", 3 * n);
    if (init.stress !== undefined) this.stress = flatten(init.stress, "stress", 6);
    this.arrays = {};
    for (const [k, v] of Object.entries(init.arrays ?? {})) {
      if (v.values.length !== v.width * n) throw new Error(`array '${k}': expected ${v.width * n} values, got ${v.values.length}`);
      this.arrays[k] = { type: v.type, width: v.width, values: v.values.slice() as PerAtomArray["values"] };
    }
    this.info = { ...(init.info ?? {}) };
  }

  get length(): number {
    return this.symbols.length;
  }

  /** Cell volume (Å³), signed: a·(b×c). */
  volume(): number {
    return det3(this.cell);
  }

  /** Elements present, sorted by atomic number. */
  elements(): string[] {
    return [...new Set(this.symbols)].sort((a, b) => atomicNumber(a)! - atomicNumber(b)!);
  }

  /** Number of atoms of each element. */
  composition(): Record<string, number> {
    const c: Record<string, number> = {};
    for (const s of this.symbols) c[s] = (c[s] ?? 0) + 1;
    return c;
  }

  /** Deep copy; `changes` replaces fields (e.g. new positions). */
  copy(changes: Partial<StructureInit> = {}): Structure {
    return new Structure({
      symbols: this.symbols, positions: this.positions, cell: this.cell, pbc: this.pbc,
      energy: this.energy, forces: this.forces, stress: this.stress, arrays: this.arrays,
      info: structuredClone(this.info), ...changes,
    });
  }

  /** Fractional coordinates of atom positions (needs a non-degenerate cell). */
  fractional(): Float64Array {
    const inv = invert3(this.cell);
    const n = this.length, out = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const x = this.positions[3 * i], y = this.positions[3 * i + 1], z = this.positions[3 * i + 2];
      for (let k = 0; k < 3; k++) out[3 * i + k] = x * inv[k] + y * inv[3 + k] + z * inv[6 + k];
    }
    return out;
  }
}

/** Determinant of a 3×3 row-major matrix; for cell rows a, b, c it is the signed volume a·(b×c). */
export function det3(m: ArrayLike<number>): number {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
}

/** Inverse of a 3×3 row-major matrix M (so that x = s·M  ⇔  s = x·M⁻¹). */
export function invert3(m: ArrayLike<number>): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = Array.from(m);
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (Math.abs(det) < 1e-300) throw new Error("singular 3×3 matrix");
  const r = 1 / det;
  return new Float64Array([
    (e * i - f * h) * r, (c * h - b * i) * r, (b * f - c * e) * r,
    (f * g - d * i) * r, (a * i - c * g) * r, (c * d - a * f) * r,
    (d * h - e * g) * r, (b * g - a * h) * r, (a * e - b * d) * r,
  ]);
}

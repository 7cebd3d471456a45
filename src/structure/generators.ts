// Structure generators: perfect crystals (one element, or two in a compound lattice),
// homogeneous strains and volume scans, supercells, vacancies, clusters and seeded rattles.
// Slabs live in slab.ts.
//
// Every generated structure records in `info`:
//   family           what it is: "diamond", "beta-Sn", "sc", "bcc", "fcc", "hcp", "sh" (simple
//                    hexagonal), "zincblende", "wurtzite", "rocksalt", "dimer", "triangle",
//                    "tetrahedron", "atom", "slab", "vacancy"
//   invariant        true when every atom is symmetry-equivalent (an invariant point, docs/science.md
//                    §1): perfect one-element crystals and their homogeneous strains/supercells,
//                    the one-element clusters; false after a vacancy, a rattle or for a slab
//   element_equivalent  compound lattices only: true when every atom of each element is
//                    equivalent to all others of that element (perfect compound crystals and
//                    their supercells and symmetry-keeping strains), false once that is broken.
//                    Such a structure fixes only Σ_el n_el ε_el = E, not each ε_el
//                    (`isElementEquivalent` covers both flags)
//   lattice, a, c_over_a, volume_per_atom   for crystals (Å, Å³); u for wurtzite; elements for compounds
// Why strains keep crystals invariant: every one-element lattice here has one atom per primitive
// cell, or two related by inversion (diamond, hcp, β-Sn); a homogeneous strain keeps both the
// translations and the inversion, so all atoms stay equivalent. Zincblende and rocksalt have one
// atom of each element per primitive cell (translations suffice); the two cations (and two
// anions) of wurtzite are related only by the 6₃ screw axis (its 2₁ part) and the three c-glide
// planes, so a deformation F (accumulated in info.deformation) keeps them equivalent only if it
// commutes with one of those rotations: `strain` checks this.
import { Structure, det3, type InfoValue } from "./structure.js";
import { createRandom } from "../util/random.js";

export type LatticeName = "diamond" | "beta-Sn" | "sc" | "bcc" | "fcc" | "hcp" | "sh";

/** Compound (two-element) lattices: first element on the first sublattice (the cation). */
export type CompoundLatticeName = "zincblende" | "wurtzite" | "rocksalt";

/** Size of a crystal: lattice constant a (Å) or volume per atom (Å³); c/a for hcp, sh, β-Sn, wurtzite. */
export interface LatticeSize {
  a?: number;
  volumePerAtom?: number;
  /** c/a (defaults: hcp and wurtzite ideal √(8/3), sh 0.94, β-Sn 0.552 — Si values). */
  cOverA?: number;
  /** Wurtzite internal parameter u: anion at cation + u c (default ideal 3/8). */
  u?: number;
  /** Primitive cell instead of the conventional one (diamond, zincblende, rocksalt 2, fcc 1, bcc 1 atoms). */
  primitive?: boolean;
}

interface LatticeDef {
  /** Cell rows in units of a (c/a applied to the third row for non-cubic lattices). */
  cell(cOverA: number, primitive: boolean): number[][];
  /** Fractional coordinates of the basis (u: wurtzite's internal parameter). */
  basis(primitive: boolean, u: number): number[][];
  /** Compounds: sublattice (0 or 1) of each basis site. */
  species?(primitive: boolean): number[];
  defaultCOverA?: number;
  /**
   * Compounds: the rotations (Cartesian, row-major) of the symmetry operations that relate atoms
   * of one element in different primitive cells, when no pure translation does; a deformation
   * keeps them equivalent only if it commutes with at least one.
   */
  relating?: number[][];
}

const CUBIC = (): number[][] => [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
const FCC_PRIM = [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
const BCC_PRIM = [[-0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.5, 0.5, -0.5]];
const HEX = (c: number): number[][] => [[1, 0, 0], [-0.5, Math.sqrt(3) / 2, 0], [0, 0, c]];

const LATTICES: Record<LatticeName, LatticeDef> = {
  diamond: {
    cell: (_c, p) => (p ? FCC_PRIM : CUBIC()),
    basis: (p) => p ? [[0, 0, 0], [0.25, 0.25, 0.25]]
      : [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0], [.25, .25, .25], [.25, .75, .75], [.75, .25, .75], [.75, .75, .25]],
  },
  // β-Sn (I4₁/amd, atoms on 4a): conventional tetragonal cell a×a×c with 4 atoms.
  "beta-Sn": {
    cell: (c, p) => (p ? [[-0.5, 0.5, c / 2], [0.5, -0.5, c / 2], [0.5, 0.5, -c / 2]] : [[1, 0, 0], [0, 1, 0], [0, 0, c]]),
    basis: (p) => (p ? [[0, 0, 0], [0.25, 0.75, 0.5]] : [[0, 0, 0], [0.5, 0, 0.25], [0.5, 0.5, 0.5], [0, 0.5, 0.75]]),
    defaultCOverA: 0.552,
  },
  sc: { cell: () => CUBIC(), basis: () => [[0, 0, 0]] },
  bcc: { cell: (_c, p) => (p ? BCC_PRIM : CUBIC()), basis: (p) => (p ? [[0, 0, 0]] : [[0, 0, 0], [0.5, 0.5, 0.5]]) },
  fcc: { cell: (_c, p) => (p ? FCC_PRIM : CUBIC()), basis: (p) => (p ? [[0, 0, 0]] : [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0]]) },
  hcp: { cell: (c) => HEX(c), basis: () => [[1 / 3, 2 / 3, 0.25], [2 / 3, 1 / 3, 0.75]], defaultCOverA: Math.sqrt(8 / 3) },
  sh: { cell: (c) => HEX(c), basis: () => [[0, 0, 0]], defaultCOverA: 0.94 },
};

export const LATTICE_NAMES = Object.keys(LATTICES) as LatticeName[];

const ZB_CONV = [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0]];
const COMPOUND_LATTICES: Record<CompoundLatticeName, LatticeDef> = {
  // F-43m: cations on fcc sites, anions shifted by (¼,¼,¼).
  zincblende: {
    cell: (_c, p) => (p ? FCC_PRIM : CUBIC()),
    basis: (p) => p ? [[0, 0, 0], [0.25, 0.25, 0.25]] : [...ZB_CONV, ...ZB_CONV.map((f) => f.map((x) => x + 0.25))],
    species: (p) => (p ? [0, 1] : [0, 0, 0, 0, 1, 1, 1, 1]),
  },
  // Fm-3m: cations on fcc sites, anions shifted by (½,0,0).
  rocksalt: {
    cell: (_c, p) => (p ? FCC_PRIM : CUBIC()),
    basis: (p) => p ? [[0, 0, 0], [0.5, 0.5, 0.5]] : [...ZB_CONV, [0.5, 0, 0], [0.5, 0.5, 0.5], [0, 0, 0.5], [0, 0.5, 0]],
    species: (p) => (p ? [0, 1] : [0, 0, 0, 0, 1, 1, 1, 1]),
  },
  // P6₃mc: cations at (⅓,⅔,0), (⅔,⅓,½), anions u c above them; always the 4-atom hexagonal cell.
  wurtzite: {
    cell: (c) => HEX(c),
    basis: (_p, u) => [[1 / 3, 2 / 3, 0], [2 / 3, 1 / 3, 0.5], [1 / 3, 2 / 3, u], [2 / 3, 1 / 3, 0.5 + u]],
    species: () => [0, 0, 1, 1],
    defaultCOverA: Math.sqrt(8 / 3),
    // 2₁ along c, and the c-glide planes with normals at 30°, 90°, 150° from a.
    relating: [[-1, 0, 0, 0, -1, 0, 0, 0, 1], ...[30, 90, 150].map(mirror)],
  },
};

/** Reflection I − 2 n nᵀ through the vertical plane whose normal is `deg` degrees from x. */
function mirror(deg: number): number[] {
  const n = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180), 0];
  return [0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => (a === b ? 1 : 0) - 2 * n[a] * n[b]));
}

export const COMPOUND_LATTICE_NAMES = Object.keys(COMPOUND_LATTICES) as CompoundLatticeName[];

/** A perfect crystal of `lattice` (element Si unless given), conventional cell unless `primitive`. */
export function crystal(lattice: LatticeName, size: LatticeSize, symbol = "Si"): Structure {
  const def = LATTICES[lattice];
  if (!def) throw new Error(`unknown lattice '${lattice}'; expected one of ${LATTICE_NAMES.join(", ")}`);
  return build(def, lattice, size, [symbol]);
}

/**
 * A perfect two-element crystal: `elements` = [cation, anion] on the lattice's two sublattices
 * (zincblende GaN: Ga on the fcc sites, N at +(¼,¼,¼)). Conventional cell unless `primitive`
 * (wurtzite: always the 4-atom hexagonal cell).
 */
export function compound(lattice: CompoundLatticeName, size: LatticeSize, elements: [string, string]): Structure {
  const def = COMPOUND_LATTICES[lattice];
  if (!def) throw new Error(`unknown compound lattice '${lattice}'; expected one of ${COMPOUND_LATTICE_NAMES.join(", ")}`);
  if (!Array.isArray(elements) || elements.length !== 2 || elements[0] === elements[1]) {
    throw new Error(`compound '${lattice}': expected two different elements [cation, anion], got ${JSON.stringify(elements)}`);
  }
  return build(def, lattice, size, elements);
}

/** A crystal from its definition: symbols[k] on sublattice k. */
function build(def: LatticeDef, lattice: string, size: LatticeSize, symbols: string[]): Structure {
  const primitive = size.primitive ?? false;
  const cOverA = size.cOverA ?? def.defaultCOverA ?? 1;
  if (!(cOverA > 0)) throw new Error(`c/a must be positive, got ${cOverA}`);
  const u = size.u ?? 3 / 8;
  if (lattice === "wurtzite" && !(u > 0 && u < 0.5)) throw new Error(`wurtzite u must be in (0, 0.5), got ${u}`);
  const unit = def.cell(cOverA, primitive);
  const basis = def.basis(primitive, u);
  // V_cell = a³ · det(unit), so a = (V_atom · n / det)^(1/3).
  const shape = Math.abs(det3(unit.flat()));
  let a: number;
  if (size.a !== undefined && size.volumePerAtom !== undefined) throw new Error("give either a or volumePerAtom, not both");
  if (size.a !== undefined) a = size.a;
  else if (size.volumePerAtom !== undefined) a = Math.cbrt((size.volumePerAtom * basis.length) / shape);
  else throw new Error(`crystal '${lattice}': give a lattice constant a or a volume per atom`);
  if (!(a > 0) || !Number.isFinite(a)) throw new Error(`lattice constant must be positive, got ${a}`);
  const cell = unit.map((r) => r.map((x) => x * a));
  const positions = basis.map((f) => [0, 1, 2].map((k) => f[0] * cell[0][k] + f[1] * cell[1][k] + f[2] * cell[2][k]));
  const species = def.species?.(primitive) ?? basis.map(() => 0);
  const compoundLattice = symbols.length > 1;
  const info: Record<string, InfoValue> = compoundLattice
    ? { family: lattice, lattice, invariant: false, element_equivalent: true, elements: symbols.join(" "), a, volume_per_atom: (shape * a ** 3) / basis.length }
    : { family: lattice, lattice, invariant: true, a, volume_per_atom: (shape * a ** 3) / basis.length };
  if (def.defaultCOverA !== undefined) info.c_over_a = cOverA;
  if (lattice === "wurtzite") info.u = u;
  return new Structure({ symbols: species.map((k) => symbols[k]), positions, cell, pbc: true, info });
}

/**
 * True when every atom of each element is symmetry-equivalent to the others of its element:
 * invariant points, and compound crystals flagged element_equivalent.
 */
export function isElementEquivalent(s: Structure): boolean {
  return s.info.invariant === true || s.info.element_equivalent === true;
}

/** `info` with element_equivalent set to `keep && before`, when the structure carries the flag. */
function withEquivalence(info: Record<string, InfoValue>, keep: boolean): Record<string, InfoValue> {
  return "element_equivalent" in info ? { ...info, element_equivalent: keep && info.element_equivalent === true } : info;
}

export const diamond = (size: LatticeSize, symbol?: string) => crystal("diamond", size, symbol);
export const betaSn = (size: LatticeSize, symbol?: string) => crystal("beta-Sn", size, symbol);
export const simpleCubic = (size: LatticeSize, symbol?: string) => crystal("sc", size, symbol);
export const bcc = (size: LatticeSize, symbol?: string) => crystal("bcc", size, symbol);
export const fcc = (size: LatticeSize, symbol?: string) => crystal("fcc", size, symbol);
export const hcp = (size: LatticeSize, symbol?: string) => crystal("hcp", size, symbol);
export const simpleHexagonal = (size: LatticeSize, symbol?: string) => crystal("sh", size, symbol);

/**
 * The crystal at `count` volumes per atom evenly spaced from `min` to `max` (Å³), same c/a.
 * Each frame records its volume_per_atom; all are invariant points.
 */
export function volumeScan(lattice: LatticeName | CompoundLatticeName, range: { min: number; max: number; count: number },
  options: Omit<LatticeSize, "a" | "volumePerAtom"> = {}, symbol?: string | string[]): Structure[] {
  const { min, max, count } = range;
  if (!(count >= 1) || !Number.isInteger(count)) throw new Error(`volume scan count must be a positive integer, got ${count}`);
  if (!(min > 0 && max >= min)) throw new Error(`volume scan needs 0 < min ≤ max, got ${min}..${max}`);
  const out: Structure[] = [];
  for (let q = 0; q < count; q++) {
    const v = count === 1 ? min : min + ((max - min) * q) / (count - 1);
    out.push(anyCrystal(lattice, { ...options, volumePerAtom: v }, symbol));
  }
  return out;
}

/**
 * `crystal` or `compound` by lattice name; `elements` is one symbol (or a one-element list) for
 * a one-element lattice (default Si), two for a compound.
 */
export function anyCrystal(lattice: LatticeName | CompoundLatticeName, size: LatticeSize, elements?: string | string[]): Structure {
  const list = elements === undefined ? [] : typeof elements === "string" ? [elements] : elements;
  if (lattice in COMPOUND_LATTICES) return compound(lattice as CompoundLatticeName, size, list as [string, string]);
  if (list.length > 1) throw new Error(`lattice '${lattice}' holds one element, got ${list.join(", ")}`);
  return crystal(lattice as LatticeName, size, list[0]);
}

/**
 * Homogeneous strain: every position and lattice vector r → (I + ε) r (column vectors; ε given
 * as 3×3 rows or flat row-major). Symmetric ε is a pure strain; an antisymmetric part rotates.
 */
export function strain(s: Structure, eps: number[][] | ArrayLike<number>): Structure {
  const e = Array.isArray(eps) && Array.isArray(eps[0]) ? (eps as number[][]).flat() : Array.from(eps as ArrayLike<number>);
  if (e.length !== 9 || e.some((x) => !Number.isFinite(x))) throw new Error("strain: expected a 3×3 matrix of finite numbers");
  const apply = (x: ArrayLike<number>, n: number): Float64Array => {
    const out = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < 3; a++) {
        let v = x[3 * i + a];
        for (let b = 0; b < 3; b++) v += e[3 * a + b] * x[3 * i + b];
        out[3 * i + a] = v;
      }
    }
    return out;
  };
  let info: Record<string, InfoValue> = { ...s.info, strain: e };
  if ("element_equivalent" in s.info) {
    // Compounds: accumulate F = (I + ε) F_before; like atoms related by rotations R stay
    // equivalent if F R = R F for one of them (always, when translations relate them).
    const prev = (s.info.deformation as number[] | undefined) ?? [1, 0, 0, 0, 1, 0, 0, 0, 1];
    const F = [0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => prev[3 * a + b] + [0, 1, 2].reduce((x, k) => x + e[3 * a + k] * prev[3 * k + b], 0)));
    const ops = COMPOUND_LATTICES[s.info.lattice as CompoundLatticeName]?.relating;
    const commutes = (R: number[]) => [0, 1, 2].every((a) => [0, 1, 2].every((b) =>
      Math.abs([0, 1, 2].reduce((x, k) => x + F[3 * a + k] * R[3 * k + b] - R[3 * a + k] * F[3 * k + b], 0)) < 1e-12));
    info = withEquivalence({ ...info, deformation: F }, !ops || ops.some(commutes));
  }
  return s.copy({ positions: apply(s.positions, s.length), cell: apply(s.cell, 3), info, ...noLabels });
}

/** Labels do not survive a change of geometry. */
const noLabels = { energy: undefined, forces: undefined, stress: undefined, arrays: {} };

/** Repeat the cell n1 × n2 × n3 times (atoms ordered image by image). */
export function supercell(s: Structure, n1: number, n2: number, n3: number): Structure {
  for (const n of [n1, n2, n3]) if (!(Number.isInteger(n) && n >= 1)) throw new Error(`supercell: repeats must be positive integers, got ${n1}×${n2}×${n3}`);
  const c = s.cell, pos: number[] = [], symbols: string[] = [];
  for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) for (let k = 0; k < n3; k++) {
    for (let q = 0; q < s.length; q++) {
      symbols.push(s.symbols[q]);
      for (let d = 0; d < 3; d++) pos.push(s.positions[3 * q + d] + i * c[d] + j * c[3 + d] + k * c[6 + d]);
    }
  }
  const reps = [n1, n2, n3];
  const cell = [0, 1, 2].flatMap((d) => Array.from(c.subarray(3 * d, 3 * d + 3)).map((x) => x * reps[d]));
  const prev = (s.info.supercell as number[] | undefined) ?? [1, 1, 1];
  return new Structure({ symbols, positions: pos, cell, pbc: s.pbc, info: { ...s.info, supercell: [prev[0] * n1, prev[1] * n2, prev[2] * n3] } });
}

/** Remove atom `index`; the result is no longer an invariant point. */
export function vacancy(s: Structure, index = 0): Structure {
  if (!(Number.isInteger(index) && index >= 0 && index < s.length)) throw new Error(`vacancy: atom index ${index} out of range 0..${s.length - 1}`);
  const keep = [...Array(s.length).keys()].filter((i) => i !== index);
  const info = { ...s.info, family: "vacancy", host: String(s.info.family ?? "unknown"), invariant: false, vacancy_site: Array.from(s.positions.subarray(3 * index, 3 * index + 3)) };
  return new Structure({
    symbols: keep.map((i) => s.symbols[i]),
    positions: keep.flatMap((i) => Array.from(s.positions.subarray(3 * i, 3 * i + 3))),
    cell: s.cell, pbc: s.pbc,
    info: "element_equivalent" in s.info ? { ...withEquivalence(info, false), vacancy_element: s.symbols[index] } : info,
  });
}

/**
 * Remove the `occurrence`-th atom (0-based, in atom order) of `element`: a vacancy of that
 * element (in a compound supercell, e.g. a Ga or an N vacancy in GaN).
 */
export function elementVacancy(s: Structure, element: string, occurrence = 0): Structure {
  const sites = [...s.symbols.keys()].filter((i) => s.symbols[i] === element);
  if (sites.length === 0) throw new Error(`vacancy: no ${element} atom in the structure (elements ${s.elements().join(", ")})`);
  if (!(Number.isInteger(occurrence) && occurrence >= 0 && occurrence < sites.length)) {
    throw new Error(`vacancy: ${element} atom number ${occurrence} out of range 0..${sites.length - 1}`);
  }
  return vacancy(s, sites[occurrence]);
}

/**
 * Seeded rattle: every coordinate displaced by a normal deviate of standard deviation
 * `amplitude` (Å), like ASE's `Atoms.rattle(stdev)`.
 */
export function rattle(s: Structure, amplitude: number, seed: number): Structure {
  if (!(amplitude >= 0)) throw new Error(`rattle amplitude must be ≥ 0 Å, got ${amplitude}`);
  const r = createRandom(seed);
  const pos = s.positions.map((x) => x + amplitude * r.normal());
  const info = withEquivalence({ ...s.info, invariant: amplitude === 0 && s.info.invariant === true, rattle: amplitude }, amplitude === 0);
  return s.copy({ positions: pos, info, ...noLabels });
}

// ---- Clusters: non-periodic, centred in a cubic box (the box is for viewers only). ----

function cluster(family: string, positions: number[][], symbol: string, box: number): Structure {
  const centre = [0, 1, 2].map((k) => positions.reduce((s, p) => s + p[k], 0) / positions.length);
  const pos = positions.map((p) => p.map((x, k) => x - centre[k] + box / 2));
  return new Structure({
    symbols: Array(positions.length).fill(symbol), positions: pos,
    cell: [box, 0, 0, 0, box, 0, 0, 0, box], pbc: false,
    info: { family, invariant: true, ...(positions.length > 1 ? { bond: Math.hypot(...positions[1].map((x, k) => x - positions[0][k])) } : {}) },
  });
}

/** One atom, no neighbours: every descriptor is zero. */
export const isolatedAtom = (symbol = "Si", box = 20) => cluster("atom", [[0, 0, 0]], symbol, box);
/** Two atoms `d` Å apart along x. */
export const dimer = (d: number, symbol = "Si", box = 20) => cluster("dimer", [[0, 0, 0], [d, 0, 0]], symbol, box);
/** Equilateral triangle of side `d` in the xy plane. */
export const triangle = (d: number, symbol = "Si", box = 20) =>
  cluster("triangle", [[0, 0, 0], [d, 0, 0], [d / 2, (d * Math.sqrt(3)) / 2, 0]], symbol, box);
/** Regular tetrahedron of edge `d` (alternate corners of a cube of edge d/√2). */
export function tetrahedron(d: number, symbol = "Si", box = 20): Structure {
  const h = d / Math.SQRT2;
  return cluster("tetrahedron", [[0, 0, 0], [h, h, 0], [h, 0, h], [0, h, h]], symbol, box);
}

// Packing a training set into WASM memory, once per run.
//
// For every structure and every element present: the scaled features x = M·(G − c) of that
// element's atoms (rows × nIn) and, when forces are trained, the scaled derivatives
// ∂x_i/∂r_j = M·∂G_i/∂r_j as sparse entries (layout of assembly/dense.ts: d[e][xyz][f],
// datom[e] = j). Periodic images of the same neighbour j are merged into one entry while
// packing (∂x_i/∂r_j is their sum), which shrinks small cells a lot.
// Stress: when asked, two more entries per row carry the strain derivatives ∂x_i/∂ε_v
// (v = xx yy zz, then yz xz xy) aimed at two pseudo-atoms N and N+1 of the structure, so the
// force kernels also give the virial: "F" of pseudo-atoms = −∂E/∂ε, σ = −F_pseudo / V.
//
// The buffers stay in WASM memory for the whole run (free them with `freePacked`).
import { wasm, WasmBuffer } from "../wasm/module.js";

/** One element's rows of one structure, in WASM memory. */
export interface PackedBlock {
  /** Index of the element (and of its network) in the model's element list. */
  element: number;
  rows: number;
  /** Structure atom index of each row. */
  atoms: Int32Array;
  /** rows × nIn scaled features. */
  x: WasmBuffer;
  /** Derivative entries (present when forces are packed). */
  dstart?: WasmBuffer;
  datom?: WasmBuffer;
  d?: WasmBuffer;
  /** Storage precision of d (all arithmetic is f64 either way). */
  f32: boolean;
  entries: number;
}

/** One structure with its reference labels and packed blocks. */
export interface PackedStructure {
  /** Index in the caller's structure list. */
  index: number;
  natoms: number;
  group: string;
  /** Per-structure loss weight (group weight). */
  weight: number;
  /** Reference total energy (eV). */
  energy: number;
  /** Reference forces (eV/Å), flat; absent when the structure has none. */
  forces?: Float64Array;
  /** Reference stress (eV/Å³, Voigt, ASE sign) when packed with strain entries. */
  stress?: Float64Array;
  /** Cell volume (Å³) for stress. */
  volume: number;
  /** Atoms per element (model element order). */
  counts: number[];
  blocks: PackedBlock[];
  /** Whether blocks carry the two strain pseudo-atom entries per row. */
  strainEntries: boolean;
}

export interface PackOptions {
  forces: boolean;
  /** Store ∂x/∂r in f32 (half the memory; see assembly/dense.ts). */
  f32?: boolean;
  stress: boolean;
  group?: string;
  weight?: number;
}

/**
 * Merge the derivative entries of one centre by target atom: returns new start/atom/deriv
 * arrays in which each j appears once (the first entry, the centre itself, stays first).
 */
export function mergeEntries(start: Int32Array, atom: Int32Array, deriv: Float64Array, rows: number, width: number):
  { start: Int32Array; atom: Int32Array; deriv: Float64Array } {
  const outStart = new Int32Array(rows + 1);
  const outAtom: number[] = [];
  const merged: number[][] = []; // source entries of each output entry
  for (let r = 0; r < rows; r++) {
    const slot = new Map<number, number>();
    for (let e = start[r]; e < start[r + 1]; e++) {
      const j = atom[e];
      let k = slot.get(j);
      if (k === undefined) { k = outAtom.length; slot.set(j, k); outAtom.push(j); merged.push([]); }
      merged[k].push(e);
    }
    outStart[r + 1] = outAtom.length;
  }
  const out = new Float64Array(outAtom.length * width);
  for (let k = 0; k < outAtom.length; k++) {
    const dst = k * width;
    for (const e of merged[k]) {
      const src = e * width;
      for (let f = 0; f < width; f++) out[dst + f] += deriv[src + f];
    }
  }
  return { start: outStart, atom: Int32Array.from(outAtom), deriv: out };
}

/**
 * Copy one element block into WASM. x: rows × nIn scaled features; deriv (optional): entries
 * with layout [e][xyz][f] already scaled; strain (optional): rows × 6 × nIn scaled strain
 * derivatives, appended as two pseudo-atom entries per row aimed at natoms and natoms+1.
 */
export function packBlock(element: number, atoms: Int32Array, x: Float64Array, nIn: number,
  deriv?: { start: Int32Array; atom: Int32Array; deriv: Float64Array }, strain?: Float64Array, natoms = 0, f32 = false): PackedBlock {
  const rows = atoms.length;
  const block: PackedBlock = { element, rows, atoms, x: WasmBuffer.f64(x), f32, entries: 0 };
  if (!deriv) return block;
  const extra = strain ? 2 : 0;
  const nEntries = deriv.start[rows] + extra * rows;
  const start = new Int32Array(rows + 1);
  const atomOut = new Int32Array(nEntries);
  const d = new WasmBuffer((f32 ? 4 : 8) * nEntries * 3 * nIn);
  const view: Float64Array | Float32Array = f32 ? new Float32Array(wasm().memory.buffer, d.ptr, nEntries * 3 * nIn) : d.f64();
  let e = 0;
  for (let r = 0; r < rows; r++) {
    start[r] = e;
    const e0 = deriv.start[r], e1 = deriv.start[r + 1];
    view.set(deriv.deriv.subarray(e0 * 3 * nIn, e1 * 3 * nIn), e * 3 * nIn);
    for (let k = e0; k < e1; k++) atomOut[e++] = deriv.atom[k];
    if (strain) {
      view.set(strain.subarray(r * 6 * nIn, (r + 1) * 6 * nIn), e * 3 * nIn);
      atomOut[e++] = natoms; atomOut[e++] = natoms + 1;
    }
  }
  start[rows] = e;
  block.dstart = WasmBuffer.i32(start);
  block.datom = WasmBuffer.i32(atomOut);
  block.d = d;
  block.entries = nEntries;
  return block;
}

/** Release the WASM buffers of packed structures. */
export function freePacked(data: PackedStructure[]): void {
  for (const s of data) for (const b of s.blocks) {
    b.x.free(); b.d?.free(); b.dstart?.free(); b.datom?.free();
  }
  for (const s of data) s.blocks = [];
}

/** Bytes of WASM memory held by packed structures (features, derivatives, indices). */
export function packedBytes(data: PackedStructure[]): number {
  let n = 0;
  for (const s of data) for (const b of s.blocks) n += b.x.bytes + (b.d?.bytes ?? 0) + (b.dstart?.bytes ?? 0) + (b.datom?.bytes ?? 0);
  return n;
}

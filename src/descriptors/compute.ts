// computeDescriptors: the descriptor stage of the pipeline. Builds the neighbour list in WASM,
// feeds its buffers straight into the symmetry-function kernel (assembly/symfunc.ts) and copies
// the results out, grouped by centre element as src/descriptors/types.ts documents.
import type { Structure } from "../structure/structure.js";
import { searchCell } from "../structure/neighbours.js";
import { WasmBuffer, wasm } from "../wasm/module.js";
import { atomTypes, planOf } from "./plan.js";
import { computeDescriptorsTs } from "./reference-ts.js";
import type { ElementDescriptors, StructureDescriptors, SymmetryFunction } from "./types.js";

export interface DescriptorOptions {
  /** Derivatives by every atom position (sparse per centre and neighbour entry). Default false. */
  derivatives?: boolean;
  /** Strain derivatives (6 Voigt components per function). Default false. */
  strain?: boolean;
  /** "simd" (default), "scalar" (WASM reference kernel) or "ts" (plain TypeScript, reference-ts.ts). */
  kernel?: "simd" | "scalar" | "ts";
  /**
   * A previous result whose typed arrays may be overwritten instead of allocating new ones (for
   * callers that recompute the same structure many times, e.g. MD steps or training epochs): an
   * element block's array is reused when its length is exactly what this call needs, otherwise
   * a fresh array is allocated. The result is correct either way; `reuse` must not be read
   * afterwards as the old result. Ignored by the "ts" kernel. Default: none (fresh arrays).
   */
  reuse?: StructureDescriptors;
}

/** src[from, to) in `old` when it has exactly that length (the `reuse` option), else in a fresh copy. */
function copyF64(src: Float64Array, from: number, to: number, old: Float64Array | undefined): Float64Array {
  if (old !== undefined && old.length === to - from) { old.set(src.subarray(from, to)); return old; }
  return src.slice(from, to);
}

/** `old` when it has length n (the `reuse` option), else a new Int32Array(n); the caller fills every element. */
function int32Of(n: number, old: Int32Array | undefined): Int32Array {
  return old !== undefined && old.length === n ? old : new Int32Array(n);
}

/** Full neighbour list left in WASM memory (buffers owned by the caller: call free()). */
export interface WasmNeighbours {
  start: WasmBuffer; idx: WasmBuffer; shift: WasmBuffer; vec: WasmBuffer; dist: WasmBuffer; pairs: number;
  free(): void;
}

/** The full neighbour list of `s` within `cutoff`, built in WASM memory (capacity grown until it fits). */
export function neighboursInWasm(s: Structure, cutoff: number): WasmNeighbours {
  const n = s.length;
  const { cell, recip, mask } = searchCell(s);
  const pos = WasmBuffer.f64(s.positions), cellB = WasmBuffer.f64(cell), recipB = WasmBuffer.f64(recip);
  const start = WasmBuffer.i32(n + 1);
  let cap = Math.ceil(n * (4.19 * cutoff ** 3 * 0.06 + 16)) + 64;
  try {
    for (;;) {
      const idx = WasmBuffer.i32(cap), shift = WasmBuffer.i32(3 * cap), vec = WasmBuffer.f64(3 * cap), dist = WasmBuffer.f64(cap);
      const m = wasm().neighbourList(pos.ptr, n, cellB.ptr, recipB.ptr, mask, cutoff, cap, start.ptr, idx.ptr, shift.ptr, vec.ptr, dist.ptr);
      if (m >= 0 && m <= cap) {
        return { start, idx, shift, vec, dist, pairs: m, free: () => { for (const b of [start, idx, shift, vec, dist]) b.free(); } };
      }
      idx.free(); shift.free(); vec.free(); dist.free();
      if (m < 0) { start.free(); throw new Error(`cutoff ${cutoff} Å needs too many periodic images for this cell (> 5e7 image atoms)`); }
      cap = m;
    }
  } finally {
    pos.free(); cellB.free(); recipB.free();
  }
}

/**
 * Symmetry-function values (and optionally derivatives and strain derivatives) of every atom.
 * Every atom's element must have functions centred on it. Results are plain typed arrays.
 */
export function computeDescriptors(s: Structure, functions: SymmetryFunction[], options: DescriptorOptions = {}): StructureDescriptors {
  const kernel = options.kernel ?? "simd";
  if (kernel === "ts") return computeDescriptorsTs(s, functions, options);
  if (kernel !== "simd" && kernel !== "scalar") throw new Error(`descriptor kernel: expected "simd", "scalar" or "ts", got ${String(kernel)}`);
  const plan = planOf(functions);
  const types = atomTypes(plan, s.symbols);
  const n = s.length;
  const wantD = options.derivatives ?? false, wantS = options.strain ?? false;
  const nl = neighboursInWasm(s, plan.cutoff);
  const bufs: WasmBuffer[] = [];
  const keep = (b: WasmBuffer) => { bufs.push(b); return b; };
  try {
    const start = nl.start.i32(n + 1).slice();
    // Output offsets: atoms grouped by centre element (plan order), ascending index within.
    const blocks = plan.elements.map((_, e) => ({ e, atoms: [] as number[], val: 0, der: 0, str: 0 }));
    for (let i = 0; i < n; i++) blocks[types[i]].atoms.push(i);
    const valOff = new Int32Array(n), derOff = new Int32Array(n), strOff = new Int32Array(n);
    let nv = 0, nd = 0, ns = 0;
    for (const b of blocks) {
      const nf = plan.nfeat[b.e];
      b.val = nv; b.der = nd; b.str = ns;
      for (const i of b.atoms) {
        valOff[i] = nv; nv += nf;
        derOff[i] = nd; if (wantD) nd += (1 + start[i + 1] - start[i]) * 3 * nf;
        strOff[i] = ns; if (wantS) ns += 6 * nf;
      }
    }
    if (nd > 2 ** 31 - 1) throw new Error(`derivative arrays of ${n} atoms would hold ${nd} numbers (> 2^31): split the structure`);
    const typesB = keep(WasmBuffer.i32(types)), tableB = keep(WasmBuffer.f64(plan.table)), offB = keep(WasmBuffer.i32(plan.offset));
    const valOffB = keep(WasmBuffer.i32(valOff)), derOffB = keep(WasmBuffer.i32(derOff)), strOffB = keep(WasmBuffer.i32(strOff));
    const valB = keep(WasmBuffer.f64(Math.max(nv, 1))), derB = keep(WasmBuffer.f64(Math.max(nd, 1))), strB = keep(WasmBuffer.f64(Math.max(ns, 1)));
    const flags = (wantD ? 1 : 0) | (wantS ? 2 : 0);
    const k = wasm();
    const fn = kernel === "simd" ? k.symfuncSimd : k.symfuncScalar;
    const rc = fn(n, typesB.ptr, plan.elements.length, tableB.ptr, offB.ptr, nl.start.ptr, nl.idx.ptr, nl.vec.ptr, nl.dist.ptr,
      valB.ptr, valOffB.ptr, derB.ptr, derOffB.ptr, strB.ptr, strOffB.ptr, flags);
    if (rc !== 0) throw new Error(`symmetry-function kernel failed with code ${rc}`);
    // Copy out (views made fresh: no allocation happens between here and the slices).
    const values = valB.f64(Math.max(nv, 1)), deriv = derB.f64(Math.max(nd, 1)), strain = strB.f64(Math.max(ns, 1));
    const idx = nl.idx.i32(nl.pairs);
    const byElement: ElementDescriptors[] = [];
    for (const b of blocks) {
      if (b.atoms.length === 0) continue;
      const nf = plan.nfeat[b.e], na = b.atoms.length;
      const old = options.reuse?.byElement.find((r) => r.element === plan.elements[b.e] && r.nfeatures === nf);
      const atoms = int32Of(na, old?.atoms);
      atoms.set(b.atoms);
      const out: ElementDescriptors = {
        element: plan.elements[b.e], nfeatures: nf, atoms,
        values: copyF64(values, b.val, b.val + na * nf, old?.values),
      };
      if (wantD) {
        const ds = int32Of(na + 1, old?.derivStart);
        ds[0] = 0;
        for (let a = 0; a < na; a++) { const i = b.atoms[a]; ds[a + 1] = ds[a] + 1 + start[i + 1] - start[i]; }
        const da = int32Of(ds[na], old?.derivAtom);
        for (let a = 0; a < na; a++) {
          const i = b.atoms[a];
          da[ds[a]] = i;
          da.set(idx.subarray(start[i], start[i + 1]), ds[a] + 1);
        }
        out.derivStart = ds; out.derivAtom = da;
        out.deriv = copyF64(deriv, b.der, b.der + ds[na] * 3 * nf, old?.deriv);
      }
      if (wantS) out.strainDeriv = copyF64(strain, b.str, b.str + na * 6 * nf, old?.strainDeriv);
      byElement.push(out);
    }
    return { natoms: n, byElement };
  } finally {
    for (const b of bufs) b.free();
    nl.free();
  }
}

/** Bytes held by the derivative arrays (deriv, derivStart, derivAtom, strainDeriv) of a result. */
export function descriptorBytes(d: StructureDescriptors): number {
  let b = 0;
  for (const e of d.byElement) b += (e.deriv?.byteLength ?? 0) + (e.derivStart?.byteLength ?? 0) + (e.derivAtom?.byteLength ?? 0) + (e.strainDeriv?.byteLength ?? 0);
  return b;
}

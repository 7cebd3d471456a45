// Per-element atomic networks: architecture, the flat weight vector, and the layer-by-layer
// calls into the WASM dense kernels (assembly/dense.ts, whose header derives every formula).
//
// Weight vector layout (one Float64Array for all elements, the optimiser's variable):
//   for each element network, in order: for each layer l = 1 .. L+1: W_l (nOut × nIn, row-major)
//   then b_l (nOut). Hidden layers use the network's activation; the last layer is linear, 1 unit.
//
// `NetworkRunner` owns WASM scratch for one element network and runs, over a batch of rows:
//   forward        z_l, h_l, σ'(z_l) (and σ''(z_l) when forces are trained); ε = z_{L+1}
//   inputGradient  g = ∂ε/∂x
//   directional    ż_l, ḣ_l along u (R-op)
//   backward       accumulate ∂(a·ε + ε̇(u))/∂w into a gradient buffer
// Batches are the rows of one element in one structure, so scratch is sized to the largest one.
import { wasm, WasmBuffer, type Kernels } from "../wasm/module.js";

export type ActivationName = "tanh" | "sigmoid" | "softplus";
export const ACTIVATIONS: readonly ActivationName[] = ["tanh", "sigmoid", "softplus"];
const ACTIVATION_KIND: Record<ActivationName, number> = { tanh: 0, sigmoid: 1, softplus: 2 };

/** Architecture of one element's network. */
export interface NetworkSpec {
  element: string;
  nIn: number;
  hidden: number[];
  activation: ActivationName;
}

/** Layer sizes [nIn, h1, ..., hL, 1]. */
export function layerSizes(spec: NetworkSpec): number[] {
  return [spec.nIn, ...spec.hidden, 1];
}

/** Number of weights and biases of one network. */
export function parameterCount(spec: NetworkSpec): number {
  const s = layerSizes(spec);
  let n = 0;
  for (let l = 1; l < s.length; l++) n += s[l] * (s[l - 1] + 1);
  return n;
}

/** Offset of each network's block in the flat weight vector, plus the total length. */
export function parameterOffsets(specs: NetworkSpec[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const s of specs) { offsets.push(total); total += parameterCount(s); }
  return { offsets, total };
}

/** Kernel variant: "simd" (default) or the scalar reference (for tests and benchmarks). */
export type KernelVariant = "simd" | "scalar";
let variant: KernelVariant = "simd";
export function setDenseKernels(v: KernelVariant): void { variant = v; }

interface DenseOps {
  forward: Kernels["denseForwardSimd"];
  backward: Kernels["denseBackwardSimd"];
  weightGrad: Kernels["denseWeightGradSimd"];
  contract: Kernels["forceContractSimd"];
  adjoint: Kernels["forceAdjointSimd"];
  activate: Kernels["activateSimd"];
  /** Contractions over derivatives stored in f32. */
  contract32: Kernels["forceContractF32Simd"];
  adjoint32: Kernels["forceAdjointF32Simd"];
}
export function denseOps(): DenseOps {
  const k = wasm();
  return variant === "simd"
    ? { forward: k.denseForwardSimd, backward: k.denseBackwardSimd, weightGrad: k.denseWeightGradSimd, contract: k.forceContractSimd, adjoint: k.forceAdjointSimd, activate: k.activateSimd,
      contract32: k.forceContractF32Simd, adjoint32: k.forceAdjointF32Simd }
    : { forward: k.denseForwardScalar, backward: k.denseBackwardScalar, weightGrad: k.denseWeightGradScalar, contract: k.forceContractScalar, adjoint: k.forceAdjointScalar, activate: k.activate,
      contract32: k.forceContractF32Scalar, adjoint32: k.forceAdjointF32Scalar };
}

/** Scratch buffers and kernel sequence for one element network (see file header). */
export class NetworkRunner {
  readonly sizes: number[];
  readonly nLayers: number;
  readonly kind: number;
  readonly nParams: number;
  private capacity = 0;
  private width: number;
  // Per layer l (0-based, layer l maps sizes[l] → sizes[l+1]): z, h, σ', σ'', ż, ḣ.
  private z: WasmBuffer[] = [];
  private h: WasmBuffer[] = [];
  private s1: WasmBuffer[] = [];
  private s2: WasmBuffer[] = [];
  private zd: WasmBuffer[] = [];
  private hd: WasmBuffer[] = [];
  // Adjoint work buffers (rows × widest layer) and a column of ones.
  private bufA!: WasmBuffer;
  private bufB!: WasmBuffer;
  private bufP!: WasmBuffer;
  private bufQ!: WasmBuffer;
  private ones!: WasmBuffer;
  /** Per-layer offsets (in doubles) of W_l and b_l inside this network's weight block. */
  readonly wOff: number[] = [];
  readonly bOff: number[] = [];

  constructor(readonly spec: NetworkSpec) {
    if (!(spec.activation in ACTIVATION_KIND)) throw new Error(`unknown activation '${spec.activation}' (expected ${ACTIVATIONS.join(", ")})`);
    this.sizes = layerSizes(spec);
    this.nLayers = this.sizes.length - 1;
    this.kind = ACTIVATION_KIND[spec.activation];
    this.width = Math.max(...this.sizes);
    let off = 0;
    for (let l = 0; l < this.nLayers; l++) {
      this.wOff.push(off); off += this.sizes[l + 1] * this.sizes[l];
      this.bOff.push(off); off += this.sizes[l + 1];
    }
    this.nParams = off;
  }

  /** Make room for `rows` rows (buffers only grow). */
  ensure(rows: number): void {
    if (rows <= this.capacity) return;
    this.release();
    const cap = Math.max(rows, 16);
    for (let l = 0; l < this.nLayers; l++) {
      const n = cap * this.sizes[l + 1];
      this.z.push(WasmBuffer.f64(n)); this.h.push(WasmBuffer.f64(n));
      this.s1.push(WasmBuffer.f64(n)); this.s2.push(WasmBuffer.f64(n));
      this.zd.push(WasmBuffer.f64(n)); this.hd.push(WasmBuffer.f64(n));
    }
    const n = cap * this.width;
    this.bufA = WasmBuffer.f64(n); this.bufB = WasmBuffer.f64(n);
    this.bufP = WasmBuffer.f64(n); this.bufQ = WasmBuffer.f64(n);
    this.ones = WasmBuffer.f64(cap);
    this.ones.f64().fill(1);
    this.capacity = cap;
  }

  /** Free all WASM scratch. */
  release(): void {
    for (const b of [...this.z, ...this.h, ...this.s1, ...this.s2, ...this.zd, ...this.hd]) b.free();
    this.z = []; this.h = []; this.s1 = []; this.s2 = []; this.zd = []; this.hd = [];
    if (this.capacity) for (const b of [this.bufA, this.bufB, this.bufP, this.bufQ, this.ones]) b.free();
    this.capacity = 0;
  }

  /**
   * Forward pass over `rows` inputs at address x (rows × nIn). `w` = address of this network's
   * weight block. Keeps activations for the passes below. Returns the address of ε (rows).
   * `second`: also store σ'' (needed by backward with forces).
   */
  forward(w: number, x: number, rows: number, second: boolean): number {
    this.ensure(rows);
    const ops = denseOps(), s = this.sizes;
    for (let l = 0; l < this.nLayers; l++) {
      const input = l === 0 ? x : this.h[l - 1].ptr;
      ops.forward(input, w + 8 * this.wOff[l], w + 8 * this.bOff[l], this.z[l].ptr, rows, s[l], s[l + 1]);
      if (l < this.nLayers - 1) {
        ops.activate(this.kind, this.z[l].ptr, this.h[l].ptr, this.s1[l].ptr, second ? this.s2[l].ptr : 0, rows * s[l + 1]);
      }
    }
    return this.z[this.nLayers - 1].ptr;
  }

  /** g = ∂ε/∂x for the rows of the last forward pass, written to address g (rows × nIn). */
  inputGradient(w: number, rows: number, g: number): void {
    const k = wasm(), ops = denseOps(), s = this.sizes;
    let cur = this.ones.ptr;
    let out = this.bufA.ptr, spare = this.bufB.ptr;
    for (let l = this.nLayers - 1; l >= 0; l--) {
      const dst = l === 0 ? g : out;
      ops.backward(cur, w + 8 * this.wOff[l], dst, rows, s[l], s[l + 1]);
      if (l > 0) {
        k.hadamard(dst, this.s1[l - 1].ptr, dst, rows * s[l]);
        cur = dst;
        [out, spare] = [spare, out];
      }
    }
  }

  /** Directional (R-op) pass along u (address, rows × nIn): ż_l and ḣ_l, kept for backward. */
  directional(w: number, u: number, rows: number): void {
    const k = wasm(), ops = denseOps(), s = this.sizes;
    for (let l = 0; l < this.nLayers; l++) {
      const input = l === 0 ? u : this.hd[l - 1].ptr;
      ops.forward(input, w + 8 * this.wOff[l], 0, this.zd[l].ptr, rows, s[l], s[l + 1]);
      if (l < this.nLayers - 1) k.hadamard(this.zd[l].ptr, this.s1[l].ptr, this.hd[l].ptr, rows * s[l + 1]);
    }
  }

  /**
   * Accumulate into `grad` (address of this network's gradient block) the weight gradient of
   *   Σ_rows a_r ε_r + ε̇_r(u_r)
   * for the rows of the last forward (and directional, when u ≠ 0) pass. a: address, rows doubles.
   * u = 0: energy term only.
   */
  backward(w: number, grad: number, x: number, u: number, a: number, rows: number): void {
    const k = wasm(), ops = denseOps(), s = this.sizes;
    const withU = u !== 0;
    let hbar = a, hdbar = this.ones.ptr; // adjoints of h_l and ḣ_l at the output
    // Adjoints of the hidden outputs live in A and B; z̄, ż̄ of hidden layers in P and Q (A, B are
    // consumed before they are overwritten).
    const hbarOut = this.bufA.ptr, hdbarOut = this.bufB.ptr;
    for (let l = this.nLayers - 1; l >= 0; l--) {
      const n = rows * s[l + 1];
      let zbar = hbar, zdbar = hdbar;
      if (l < this.nLayers - 1) {
        zbar = this.bufP.ptr;
        k.hadamard(hbar, this.s1[l].ptr, zbar, n);
        if (withU) {
          k.hadamardAdd3(hdbar, this.s2[l].ptr, this.zd[l].ptr, zbar, n);
          zdbar = this.bufQ.ptr;
          k.hadamard(hdbar, this.s1[l].ptr, zdbar, n);
        }
      }
      const input = l === 0 ? x : this.h[l - 1].ptr;
      ops.weightGrad(zbar, input, grad + 8 * this.wOff[l], grad + 8 * this.bOff[l], rows, s[l], s[l + 1]);
      if (withU) {
        const inputDot = l === 0 ? u : this.hd[l - 1].ptr;
        ops.weightGrad(zdbar, inputDot, grad + 8 * this.wOff[l], 0, rows, s[l], s[l + 1]);
      }
      if (l > 0) {
        ops.backward(zbar, w + 8 * this.wOff[l], hbarOut, rows, s[l], s[l + 1]);
        if (withU) ops.backward(zdbar, w + 8 * this.wOff[l], hdbarOut, rows, s[l], s[l + 1]);
        hbar = hbarOut; hdbar = hdbarOut;
      }
    }
  }
}

// Owner of the one WASM instance (assembly/ compiled by AssemblyScript with `--bindings raw`).
//
// The library never reads files: `initWasm()` fetches the module by URL (browser), or takes
// bytes / a compiled module (the Node entry passes the file's bytes). Kernel calls go through
// `wasm()`, which throws until initialisation has finished.
//
// Memory: buffers are allocated in linear memory with the exported `alloc` and released with
// `free`, wrapped by `WasmBuffer`. Memory can grow during any `alloc`, which detaches existing
// views, so views are made fresh (`buf.f64()`) right before use and never kept across allocs.
import { instantiate } from "../../build/aemap.js";

export type Kernels = Awaited<ReturnType<typeof instantiate>>;

/** Where the compiled module lives, relative to this file (src/wasm or dist/src/wasm). */
export const WASM_URL = new URL("../../build/aemap.wasm", import.meta.url);

let kernels: Kernels | null = null;
let pending: Promise<Kernels> | null = null;

export type WasmSource = BufferSource | WebAssembly.Module | URL | string;

/** Instantiate the module once. Without a source it is fetched from `WASM_URL`. */
export function initWasm(source?: WasmSource): Promise<Kernels> {
  if (kernels) return Promise.resolve(kernels);
  if (!pending) {
    pending = (async () => {
      let mod: WebAssembly.Module;
      if (source instanceof WebAssembly.Module) mod = source;
      else if (source === undefined || typeof source === "string" || source instanceof URL) {
        const res = await fetch(source ?? WASM_URL);
        if (!res.ok) throw new Error(`cannot fetch ${String(source ?? WASM_URL)}: HTTP ${res.status}`);
        mod = await WebAssembly.compile(await res.arrayBuffer());
      } else mod = await WebAssembly.compile(source);
      kernels = await instantiate(mod, { env: {} });
      return kernels;
    })();
    pending.catch(() => { pending = null; });
  }
  return pending;
}

/** The kernels; throws when `initWasm` has not completed. */
export function wasm(): Kernels {
  if (!kernels) throw new Error("aemap: WASM not initialised; await initWasm() (or use the aemap/node entry) first");
  return kernels;
}

export function wasmReady(): boolean {
  return kernels !== null;
}

/** A buffer in WASM linear memory. Call `free()` when done. */
export class WasmBuffer {
  readonly ptr: number;
  constructor(readonly bytes: number) {
    this.ptr = wasm().alloc(Math.max(16, bytes));
  }
  static f64(values: ArrayLike<number> | number): WasmBuffer {
    const n = typeof values === "number" ? values : values.length;
    const b = new WasmBuffer(8 * n);
    if (typeof values !== "number") b.f64().set(values);
    return b;
  }
  static i32(values: ArrayLike<number> | number): WasmBuffer {
    const n = typeof values === "number" ? values : values.length;
    const b = new WasmBuffer(4 * n);
    if (typeof values !== "number") b.i32().set(values);
    return b;
  }
  /** A fresh Float64Array view (valid until the next allocation). */
  f64(length = this.bytes >> 3): Float64Array {
    return new Float64Array(wasm().memory.buffer, this.ptr, length);
  }
  i32(length = this.bytes >> 2): Int32Array {
    return new Int32Array(wasm().memory.buffer, this.ptr, length);
  }
  free(): void {
    wasm().free(this.ptr);
  }
}

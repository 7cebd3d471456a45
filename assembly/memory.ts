// Raw memory for the host: TypeScript allocates every buffer a kernel reads or writes with
// `alloc` and releases it with `free`. Kernels never allocate managed objects, so the
// garbage collector has nothing to do; buffers are 16-byte aligned (heap.alloc), as SIMD wants.

/** Allocate `bytes` bytes of linear memory; returns the byte address. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Release a buffer obtained from `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Scratch space owned by one kernel, grown (never shrunk) on demand. */
export class Scratch {
  ptr: usize = 0;
  cap: usize = 0;
  /** Returns an address with at least `bytes` bytes available (contents undefined). */
  ensure(bytes: usize): usize {
    if (bytes > this.cap) {
      if (this.ptr) heap.free(this.ptr);
      this.cap = bytes + (bytes >> 1) + 64;
      this.ptr = heap.alloc(this.cap);
    }
    return this.ptr;
  }
}

// SHA-256 (FIPS 180-4) in plain TypeScript: synchronous and browser-safe (crypto.subtle is async,
// node:crypto is Node-only). Used for data hashes and weight hashes in model files.
//
// Input bytes: a Uint8Array as is; a Float64Array as its IEEE-754 little-endian bytes (8 per number,
// the same on every platform); a string as UTF-8.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Hex SHA-256 digest (64 lowercase characters) of bytes, f64 numbers or a UTF-8 string. */
export function sha256Hex(input: Uint8Array | Float64Array | string): string {
  const digest = sha256(toBytes(input));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}

function toBytes(input: Uint8Array | Float64Array | string): Uint8Array {
  if (typeof input === "string") return new TextEncoder().encode(input);
  if (input instanceof Uint8Array) return input;
  const out = new Uint8Array(8 * input.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < input.length; i++) view.setFloat64(8 * i, input[i], true);
  return out;
}

/** Raw 32-byte digest. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const n = bytes.length;
  // Whole 64-byte blocks straight from the input, then the padded tail:
  // message ‖ 0x80 ‖ zeros ‖ bit length as 64-bit big-endian, to a multiple of 64 bytes.
  const whole = n - (n % 64);
  for (let off = 0; off < whole; off += 64) compress(h, w, bytes, off);
  const tailLength = n - whole < 56 ? 64 : 128;
  const tail = new Uint8Array(tailLength);
  tail.set(bytes.subarray(whole));
  tail[n - whole] = 0x80;
  const bits = new DataView(tail.buffer);
  bits.setUint32(tailLength - 8, Math.floor(n / 0x20000000)); // high word of 8·n
  bits.setUint32(tailLength - 4, (n * 8) >>> 0);
  for (let off = 0; off < tailLength; off += 64) compress(h, w, tail, off);

  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) view.setUint32(4 * i, h[i]);
  return out;
}

const rotr = (x: number, k: number) => (x >>> k) | (x << (32 - k));

/** One 64-byte block into the hash state h (FIPS 180-4 §6.2.2). */
function compress(h: Uint32Array, w: Uint32Array, b: Uint8Array, off: number): void {
  for (let t = 0; t < 16; t++) {
    const p = off + 4 * t;
    w[t] = (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
  }
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15], y = w[t - 2];
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  let a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (let t = 0; t < 64; t++) {
    const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[t] + w[t]) | 0;
    const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const maj = (a & bb) ^ (a & c) ^ (bb & c);
    const t2 = (S0 + maj) | 0;
    hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
  }
  h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

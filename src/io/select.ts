// Frame selection with ASE's index syntax: `FILE@INDEX` or a separate INDEX, where INDEX is
//   an integer   0 (first), 3, -1 (last): one frame;
//   a slice      start:stop:step as in Python, each part optional: ::10 (every tenth), 1:5
//                (frames 1 to 4), -3: (the last three), ::-1 (all, reversed).
// Frames are numbered from 0 (docs/units.md, "Numbering").

/** Indices of the frames `index` selects among `count` frames; `what` names the argument in errors. */
export function selectFrames(index: string, count: number, what: string): number[] {
  const text = index.trim();
  const int = (s: string) => (/^[+-]?\d+$/.test(s.trim()) ? Number(s) : NaN);
  if (!text.includes(":")) {
    const i = int(text);
    if (!Number.isSafeInteger(i)) throw new Error(`${what}: '${index}' is not a frame index; expected an integer (0 = first, -1 = last) or a slice start:stop:step (e.g. ::10, 1:5)`);
    const k = i < 0 ? count + i : i;
    if (k < 0 || k >= count) throw new Error(`${what}: frame ${i} does not exist (${count} frame${count === 1 ? "" : "s"}: 0 to ${count - 1}, or -1 to -${count})`);
    return [k];
  }
  const parts = text.split(":");
  if (parts.length > 3) throw new Error(`${what}: '${index}' has ${parts.length - 1} colons; a slice is start:stop:step`);
  const [a, b, c] = [parts[0], parts[1], parts[2] ?? ""].map((p) => (p.trim() === "" ? undefined : int(p)));
  for (const [v, name] of [[a, "start"], [b, "stop"], [c, "step"]] as const) {
    if (v !== undefined && !Number.isSafeInteger(v)) throw new Error(`${what}: slice '${index}': ${name} is not an integer`);
  }
  const step = c ?? 1;
  if (step === 0) throw new Error(`${what}: slice '${index}': step must not be 0`);
  // Python's slice bounds: negative counts from the end, then clamped to the valid range.
  const bound = (v: number | undefined, dflt: number, lo: number, hi: number) => {
    if (v === undefined) return dflt;
    const x = v < 0 ? v + count : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    for (let k = bound(a, 0, 0, count), stop = bound(b, count, 0, count); k < stop; k += step) out.push(k);
  } else {
    for (let k = bound(a, count - 1, -1, count - 1), stop = bound(b, -1, -1, count - 1); k > stop; k += step) out.push(k);
  }
  return out;
}

/**
 * Split `FILE@INDEX` into the file and the index. A name that exists as a file is taken whole (a
 * file may have @ in its name); otherwise the part after the last @ is the index.
 */
export function splitFileIndex(arg: string, exists: (path: string) => boolean): { file: string; index?: string } {
  const at = arg.lastIndexOf("@");
  if (at <= 0 || exists(arg)) return { file: arg };
  return { file: arg.slice(0, at), index: arg.slice(at + 1) };
}

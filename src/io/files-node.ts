// Node-only file helpers around the string readers/writers: synchronous reads, atomic writes.
// File-system failures become messages that name the file the user gave and say what is wrong
// with it ("is a folder", "no such file", "folder out/ does not exist"), never an errno code or
// the name of a temporary file.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Structure } from "../structure/structure.js";
import { removeStaleTemporaries } from "./lock-node.js";
import { readStructuresFromString, writeStructuresToString, type ReadStringOptions, type WriteStringOptions } from "./index.js";

let counter = 0;
const cleaned = new Set<string>();

/** What a file-system error code means for the user, or undefined for codes without a plain wording. */
const REASONS: Record<string, string> = {
  ENOENT: "no such file", EISDIR: "is a folder, expected a file", ENOTDIR: "a part of the path is not a folder",
  EACCES: "permission denied", EPERM: "permission denied", EROFS: "read-only file system", ENOSPC: "no space left on the device",
  EMFILE: "too many open files", ENAMETOOLONG: "file name too long", ELOOP: "too many symbolic links",
};

/** `<path>: <reason>` for a file-system error met while reading or writing `path`. */
export function fileErrorMessage(e: unknown, path: string, doing: "read" | "write"): string {
  const code = (e as { code?: string })?.code;
  const reason = (code && REASONS[code]) ?? (e as Error)?.message ?? String(e);
  return doing === "read" ? `${path}: cannot read: ${reason}` : `cannot write ${path}: ${reason}`;
}

/**
 * Write `text` to `path` atomically: write a temporary file in the same folder, flush it, then
 * rename it over the target. Readers never see a half-written file; on failure nothing is left.
 * The first write to a path in a process also removes the temporaries of that path left by a
 * writer that was killed (src/io/lock-node.ts).
 */
export function writeTextAtomic(path: string, text: string): void {
  if (!cleaned.has(path)) { cleaned.add(path); removeStaleTemporaries(path); }
  const dir = dirname(path);
  let folder;
  try { folder = statSync(dir); } catch { /* reported below */ }
  if (!folder) throw new Error(`cannot write ${path}: folder ${dir} does not exist`);
  if (!folder.isDirectory()) throw new Error(`cannot write ${path}: ${dir} is not a folder`);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${counter++}.tmp`);
  try {
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(fileErrorMessage(e, path, "write"));
  }
}

/** The text of a file (UTF-8); also the `readText` that browser-safe loaders take. */
export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(fileErrorMessage(e, path, "read"));
  }
}

/** Read every structure of a file; the format comes from options.format, the name or the contents. */
export function readStructures(path: string, options: Omit<ReadStringOptions, "filename"> = {}): Structure[] {
  return readStructuresFromString(readText(path), { ...options, filename: path });
}

/** Write structures to a file atomically; the format comes from options.format or the file name. */
export function writeStructures(path: string, frames: Structure[], options: Omit<WriteStringOptions, "filename"> = {}): void {
  writeTextAtomic(path, writeStructuresToString(frames, { ...options, filename: path }));
}

/** A fresh temporary name beside `path` (removing the stale ones of `path` the first time). */
function temporaryFor(path: string): string {
  if (!cleaned.has(path)) { cleaned.add(path); removeStaleTemporaries(path); }
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${counter++}.tmp`);
}

/**
 * A file written piece by piece (a trajectory) and published atomically: the pieces go to a
 * temporary beside `path`; `commit()` flushes it and renames it over `path`, `abort()` removes
 * it. Until the commit, `path` keeps its old content (or does not exist).
 */
export class AtomicFile {
  private fd: number | null;
  private readonly tmp: string;

  constructor(readonly path: string) {
    this.tmp = temporaryFor(path);
    this.fd = openSync(this.tmp, "w");
  }

  write(text: string): void {
    if (this.fd === null) throw new Error(`${this.path}: already closed`);
    writeSync(this.fd, text);
  }

  commit(): void {
    if (this.fd === null) throw new Error(`${this.path}: already closed`);
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp, this.path);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  abort(): void {
    if (this.fd !== null) { try { closeSync(this.fd); } catch { /* already failed */ } this.fd = null; }
    rmSync(this.tmp, { force: true });
  }
}

// File formats, browser-safe: readers and writers work on strings. The Node entry adds paths
// (src/io/files-node.ts). Importing this module registers every format.
import type { Structure } from "../structure/structure.js";
import { resolveFormat, listFormats as list, detectFormat as detect, type FormatSpec, type ReadOptions } from "./registry.js";
import "./extxyz.js";
import "./poscar.js";
import "./outcar.js";
import "./n2p2.js";
import "./pymatgen.js";

export { ParseError } from "./errors.js";
export type { Location } from "./errors.js";
export { defineFormat, getFormat } from "./registry.js";
export type { FormatSpec, FormatContext, ReadOptions } from "./registry.js";
export { validateStructure, MIN_DISTANCE, LIMITS } from "./validate.js";

export interface ReadStringOptions extends ReadOptions {
  /** Format name (extxyz, poscar, outcar, n2p2, pymatgen); detected from filename/text when absent. */
  format?: string;
  /** Name used to detect the format and in error messages. */
  filename?: string;
}

export interface WriteStringOptions extends ReadOptions {
  format?: string;
  filename?: string;
}

/** Read every structure in `text`. */
export function readStructuresFromString(text: string, options: ReadStringOptions = {}): Structure[] {
  const file = options.filename ?? "<string>";
  const f = resolveFormat(options.format, file, text.slice(0, 4096));
  return f.read(text, { file, options });
}

/** Write structures in a format given by name or by the file name. */
export function writeStructuresToString(frames: Structure[], options: WriteStringOptions): string {
  const file = options.filename ?? "<string>";
  const f = resolveFormat(options.format, file);
  if (!f.write) throw new Error(`${file}: format '${f.name}' is read-only; writable formats: ${list().filter((x) => x.write).map((x) => x.name).join(", ")}`);
  if (!f.multiFrame && frames.length !== 1) throw new Error(`${file}: format '${f.name}' holds one structure, got ${frames.length}`);
  return f.write(frames, { file, options });
}

/** Format name for a file name (pattern, then extension, then the text head if given), or undefined. */
export function detectFormat(filename: string, head?: string): string | undefined {
  return detect(filename, head);
}

/** All registered formats. */
export function listFormats(): FormatSpec[] {
  return list();
}

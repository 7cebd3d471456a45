// Format registry, after ASE's ase/io/formats.py: one `defineFormat` call per format file.
// A format is found (resolveFormat) by, in this order:
//   1. its explicit name,
//   2. the file extension (.xyz, .json, ...) when it is one a format claims, so pred_POSCAR.xyz
//      is extended XYZ,
//   3. a file-name pattern such as POSCAR*, CONTCAR*, OUTCAR*, input.data (names without a
//      known extension: POSCAR, CONTCAR.1, OUTCAR-relax),
//   4. a look at the head of the text (sniff).
// Claiming an extension (or name) twice is an error.
import type { Structure } from "../structure/structure.js";
import { ParseError } from "./errors.js";

/** Options a reader may use; each format documents which ones it honours. */
export interface ReadOptions {
  /** Length unit of the file (n2p2): "angstrom" (default), "bohr", "nm". */
  lengthUnit?: string;
  /** Energy unit of the file (n2p2): "ev" (default), "hartree", "ry", "mev". */
  energyUnit?: string;
  /** Which energy to use: OUTCAR "toten" (default) or "sigma0"; extxyz: the info key (default energy, then free_energy). */
  energyKey?: string;
  /** Element per species for VASP 4 POSCARs without a species line. */
  symbols?: string[];
}

export interface FormatContext {
  /** File name used in error messages. */
  file: string;
  options: ReadOptions;
}

export interface FormatSpec {
  name: string;
  description: string;
  /** Extensions without the dot, lower case. */
  extensions: string[];
  /** Glob patterns on the base name, `*` for any characters (POSCAR*, input.data). */
  filenamePatterns?: string[];
  /** Whether a file may hold several structures. */
  multiFrame: boolean;
  /** Whether the writer keeps per-atom energies (the `atomic_energy` array), as predictions need. */
  perAtomEnergies?: boolean;
  /** True when the first few kB of a text look like this format. */
  sniff?: (head: string) => boolean;
  read: (text: string, ctx: FormatContext) => Structure[];
  write?: (frames: Structure[], ctx: FormatContext) => string;
}

const formats = new Map<string, FormatSpec>();
const byExtension = new Map<string, FormatSpec>();

/** Register a format. Throws when its name or one of its extensions is already taken. */
export function defineFormat(spec: FormatSpec): FormatSpec {
  if (formats.has(spec.name)) throw new Error(`format '${spec.name}' is defined twice`);
  for (const ext of spec.extensions) {
    const other = byExtension.get(ext.toLowerCase());
    if (other) throw new Error(`extension .${ext} of format '${spec.name}' is already claimed by '${other.name}'`);
  }
  formats.set(spec.name, spec);
  for (const ext of spec.extensions) byExtension.set(ext.toLowerCase(), spec);
  return spec;
}

export function getFormat(name: string): FormatSpec {
  const f = formats.get(name);
  if (!f) throw new Error(`unknown format '${name}'; known formats: ${[...formats.keys()].join(", ")}`);
  return f;
}

/** All registered formats, in registration order. */
export function listFormats(): FormatSpec[] {
  return [...formats.values()];
}

function baseName(filename: string): string {
  return filename.split(/[\\/]/).pop() ?? filename;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${body}$`);
}

/**
 * The format of a file: by extension, then file-name pattern, then the head of its text.
 * Returns the format name, or undefined when nothing matches.
 */
export function detectFormat(filename: string, head?: string): string | undefined {
  const base = baseName(filename);
  const dot = base.lastIndexOf(".");
  if (dot > 0) {
    const f = byExtension.get(base.slice(dot + 1).toLowerCase());
    if (f) return f.name;
  }
  for (const f of formats.values()) {
    if (f.filenamePatterns?.some((g) => globToRegExp(g).test(base))) return f.name;
  }
  if (head !== undefined) {
    for (const f of formats.values()) if (f.sniff?.(head)) return f.name;
  }
  return undefined;
}

/** The format to use: the explicit name if given, else detected; throws naming the file when unknown. */
export function resolveFormat(explicit: string | undefined, filename: string, head?: string): FormatSpec {
  if (explicit) return getFormat(explicit);
  const name = detectFormat(filename, head);
  if (name === undefined) {
    const known = listFormats().map((f) => `${f.name} (${[...(f.filenamePatterns ?? []), ...f.extensions.map((e) => "*." + e)].join(", ")})`);
    throw new ParseError({ file: filename }, `cannot tell the file format from the name or contents; give it explicitly. Known: ${known.join("; ")}`);
  }
  return getFormat(name);
}

// Errors users can trigger by feeding a malformed file. Each names the file, the place in it
// (a line number for text formats, a JSON path such as `[12].outputs.forces[3]` for JSON) and
// what was expected versus what was found:
//   "<file>:<line>: <what>"        e.g. "POSCAR:6: expected 3 numbers (lattice vector c), found 2"
//   "<file>: at <json.path>: <what>"
//   "<file>: <what>"               when no better place is known

/** Where in a file something went wrong. */
export interface Location {
  file: string;
  /** 1-based line number. */
  line?: number;
  /** JSON path, e.g. `[3].structure.sites[0].xyz`. */
  path?: string;
  /** The field or column at fault, e.g. `forces`, `Lattice`. */
  field?: string;
}

export class ParseError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly path?: string;
  readonly field?: string;

  constructor(at: Location, what: string) {
    super(`${formatLocation(at)}: ${what}`);
    this.name = "ParseError";
    this.file = at.file;
    this.line = at.line;
    this.path = at.path;
    this.field = at.field;
  }
}

/** "file:line", "file: at path" or "file". */
export function formatLocation(at: Location): string {
  if (at.line !== undefined) return `${at.file}:${at.line}`;
  if (at.path !== undefined) return `${at.file}: at ${at.path || "(top level)"}`;
  return at.file;
}

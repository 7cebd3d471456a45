// Dataset recipes: a JSON file naming groups of structures the teacher labels. Parsed and
// validated once here (unknown keys, wrong types and bad values name the file and JSON path),
// so the builder (dataset.ts) never meets an undefined field.
//
// {
//   "seed": 1,                                   optional; `aemap generate --seed` overrides it
//   "description": "…",
//   "groups": [ { "name": "bulk-md-600K", "kind": "md", "structure": { … }, … }, … ]
// }
//
// Structure spec (applied in this order):
//   lattice + a | volumePerAtom (+ cOverA, primitive)   a crystal (src/structure/generators.ts)
//   cluster: "atom" | "dimer" | "triangle" | "tetrahedron" (+ bond, Å)   instead of a lattice
//   slab: { miller: [h,k,l], layers, vacuum?, periodic?, repeat?: [n1,n2] }   cut from the crystal
//   supercell: [n1, n2, n3]     vacancy: atom index (or list, removed highest first)
//   strain: 3×3                 rattle: Å (normal stdev, seeded per frame)
//   relax: true                 FIRE on positions before anything is sampled
//
// Group kinds and their keys (frames = number of labelled structures written):
//   static       the structure itself; with rattle, `frames` differently rattled copies
//   md           MD from the structure: temperature (K), ensemble "langevin" (default) | "nve",
//                dt (fs, 1), friction (1/fs, 0.01), equilibrate (steps, 1000), frames, interval (steps, 50)
//   melt-quench  meltQuench (src/teacher/melt-quench.ts): meltTemperature, meltSteps, quenchSteps,
//                annealSteps, then `frames` snapshots of Langevin MD at `temperature` every `interval`
//   scan         a crystal at `count` volumes per atom: volumes {min, max, count} (+ supercell)
//   strain       `frames` random symmetric strains with components uniform in ±amplitude
//   clusters     structure.cluster at bond lengths bonds {min, max, count}
import { ParseError } from "../io/errors.js";
import { isJsonObject, NAME, NAME_RULE, parseJsonText, type Json } from "../util/json-check.js";
import { LATTICE_NAMES, type LatticeName } from "../structure/generators.js";

export interface SlabSpec { miller: [number, number, number]; layers: number; vacuum: number; periodic: boolean; repeat: [number, number] }

export interface StructureSpec {
  lattice?: LatticeName;
  a?: number;
  volumePerAtom?: number;
  cOverA?: number;
  primitive: boolean;
  cluster?: "atom" | "dimer" | "triangle" | "tetrahedron";
  bond: number;
  slab?: SlabSpec;
  supercell: [number, number, number];
  vacancy: number[];
  strain?: number[];
  rattle: number;
  relax: boolean;
}

interface GroupBase { name: string; structure: StructureSpec; frames: number }
export interface StaticGroup extends GroupBase { kind: "static" }
export interface MdGroup extends GroupBase {
  kind: "md"; temperature: number; ensemble: "langevin" | "nve"; dt: number; friction: number; equilibrate: number; interval: number;
}
export interface MeltQuenchGroup extends GroupBase {
  kind: "melt-quench"; meltTemperature: number; meltSteps: number; quenchSteps: number; annealSteps: number;
  temperature: number; dt: number; friction: number; interval: number;
}
export interface ScanGroup extends GroupBase { kind: "scan"; volumes: { min: number; max: number; count: number } }
export interface StrainGroup extends GroupBase { kind: "strain"; amplitude: number }
export interface ClustersGroup extends GroupBase { kind: "clusters"; bonds: { min: number; max: number; count: number } }
export type Group = StaticGroup | MdGroup | MeltQuenchGroup | ScanGroup | StrainGroup | ClustersGroup;

export interface Recipe {
  seed: number;
  description: string;
  groups: Group[];
}

/** Reads one JSON object, checking keys as they are taken; `done()` rejects leftovers. */
class Reader {
  private used = new Set<string>();
  constructor(readonly obj: Record<string, Json>, readonly path: string, readonly file: string) {}
  static of(v: Json, path: string, file: string): Reader {
    if (!isJsonObject(v)) throw new ParseError({ file, path }, `expected an object, found ${JSON.stringify(v)}`);
    return new Reader(v, path, file);
  }
  fail(key: string, what: string): never {
    throw new ParseError({ file: this.file, path: `${this.path}.${key}`.replace(/^\./, "") }, what);
  }
  has(key: string): boolean { return key in this.obj; }
  raw(key: string): Json { this.used.add(key); return this.obj[key]; }
  num(key: string, def?: number, check: (x: number) => boolean = () => true, expect = "a number"): number {
    const v = this.raw(key);
    if (v === undefined) { if (def === undefined) this.fail(key, `missing: expected ${expect}`); return def; }
    if (typeof v !== "number" || !Number.isFinite(v) || !check(v)) this.fail(key, `expected ${expect}, found ${JSON.stringify(v)}`);
    return v;
  }
  optNum(key: string, check: (x: number) => boolean, expect: string): number | undefined {
    return this.has(key) ? this.num(key, undefined, check, expect) : (this.used.add(key), undefined);
  }
  int(key: string, def?: number, min = 0): number {
    return this.num(key, def, (x) => Number.isInteger(x) && x >= min, `an integer ≥ ${min}`);
  }
  str<T extends string>(key: string, allowed?: readonly T[], def?: T): T {
    const v = this.raw(key);
    if (v === undefined) { if (def === undefined) this.fail(key, `missing: expected ${allowed ? allowed.map((a) => `"${a}"`).join(" | ") : "a string"}`); return def; }
    if (typeof v !== "string" || (allowed && !allowed.includes(v as T))) {
      this.fail(key, `expected ${allowed ? allowed.map((a) => `"${a}"`).join(" | ") : "a string"}, found ${JSON.stringify(v)}`);
    }
    return v as T;
  }
  bool(key: string, def: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return def;
    if (typeof v !== "boolean") this.fail(key, `expected true or false, found ${JSON.stringify(v)}`);
    return v;
  }
  ints(key: string, len: number, def: number[] | undefined, min: number): number[] {
    const v = this.raw(key);
    if (v === undefined) { if (!def) this.fail(key, `missing: expected ${len} integers`); return def; }
    if (!Array.isArray(v) || v.length !== len || v.some((x) => !Number.isInteger(x) || x < min)) this.fail(key, `expected ${len} integers ≥ ${min}, found ${JSON.stringify(v)}`);
    return v as number[];
  }
  range(key: string, positive: boolean): { min: number; max: number; count: number } {
    const r = Reader.of(this.raw(key), `${this.path}.${key}`, this.file);
    const out = {
      min: r.num("min", undefined, (x) => !positive || x > 0, positive ? "a positive number" : "a number"),
      max: r.num("max", undefined, (x) => !positive || x > 0, positive ? "a positive number" : "a number"),
      count: r.int("count", undefined, 1),
    };
    if (out.max < out.min) r.fail("max", `expected max ≥ min (${out.min}), found ${out.max}`);
    r.done();
    return out;
  }
  /** Reject keys outside `allowed` before reading anything (a typo beats a "missing" message). */
  allowOnly(allowed: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (!allowed.includes(k)) this.fail(k, `unknown key "${k}"; expected one of ${allowed.join(", ")}`);
    }
  }
  done(): void {
    for (const k of Object.keys(this.obj)) if (!this.used.has(k)) this.fail(k, `unknown key "${k}"`);
  }
}

const KINDS = ["static", "md", "melt-quench", "scan", "strain", "clusters"] as const;
const GROUP_KEYS: Record<(typeof KINDS)[number], string[]> = {
  static: [],
  md: ["temperature", "ensemble", "dt", "friction", "equilibrate", "interval"],
  "melt-quench": ["meltTemperature", "meltSteps", "quenchSteps", "annealSteps", "temperature", "dt", "friction", "interval"],
  scan: ["volumes"],
  strain: ["amplitude"],
  clusters: ["bonds"],
};
const STRUCTURE_KEYS = ["lattice", "a", "volumePerAtom", "cOverA", "primitive", "cluster", "bond", "slab", "supercell", "vacancy", "strain", "rattle", "relax"];
const CLUSTERS = ["atom", "dimer", "triangle", "tetrahedron"] as const;
const positive = (x: number) => x > 0;

function parseStructure(v: Json, path: string, file: string, needLattice: boolean): StructureSpec {
  const r = Reader.of(v, path, file);
  r.allowOnly(STRUCTURE_KEYS);
  const spec: StructureSpec = {
    primitive: r.bool("primitive", false), bond: r.num("bond", 2.35, positive, "a positive bond length (Å)"),
    supercell: r.ints("supercell", 3, [1, 1, 1], 1) as [number, number, number],
    vacancy: [], rattle: r.num("rattle", 0, (x) => x >= 0, "a rattle amplitude ≥ 0 (Å)"), relax: r.bool("relax", false),
  };
  if (r.has("cluster")) spec.cluster = r.str("cluster", CLUSTERS);
  if (r.has("lattice")) spec.lattice = r.str("lattice", LATTICE_NAMES);
  if (!spec.lattice && !spec.cluster && needLattice) r.fail("lattice", `missing: expected a lattice (${LATTICE_NAMES.join(", ")}) or a cluster`);
  if (spec.lattice && spec.cluster) r.fail("cluster", "give either a lattice or a cluster, not both");
  spec.a = r.optNum("a", positive, "a positive lattice constant (Å)");
  spec.volumePerAtom = r.optNum("volumePerAtom", positive, "a positive volume per atom (Å³)");
  spec.cOverA = r.optNum("cOverA", positive, "a positive c/a");
  if (spec.lattice && (spec.a === undefined) === (spec.volumePerAtom === undefined) && needLattice) r.fail("a", "expected exactly one of a and volumePerAtom");
  if (r.has("vacancy")) {
    const x = r.raw("vacancy");
    const list = Array.isArray(x) ? x : [x];
    if (list.some((i) => !Number.isInteger(i) || (i as number) < 0)) r.fail("vacancy", `expected an atom index or a list of them, found ${JSON.stringify(x)}`);
    spec.vacancy = list as number[];
  }
  if (r.has("strain")) {
    const x = r.raw("strain");
    const flat = Array.isArray(x) && x.every(Array.isArray) ? (x as Json[][]).flat() : x;
    if (!Array.isArray(flat) || flat.length !== 9 || flat.some((e) => typeof e !== "number")) r.fail("strain", "expected a 3×3 matrix of numbers");
    spec.strain = flat as number[];
  }
  if (r.has("slab")) {
    const s = Reader.of(r.raw("slab"), `${path}.slab`, file);
    s.allowOnly(["miller", "layers", "vacuum", "periodic", "repeat"]);
    spec.slab = {
      miller: s.ints("miller", 3, undefined, -99) as [number, number, number], layers: s.int("layers", undefined, 1),
      vacuum: s.num("vacuum", 10, (x) => x >= 0, "a vacuum ≥ 0 (Å)"), periodic: s.bool("periodic", true),
      repeat: s.ints("repeat", 2, [1, 1], 1) as [number, number],
    };
    s.done();
  }
  r.done();
  return spec;
}

function parseGroup(v: Json, path: string, file: string): Group {
  const r = Reader.of(v, path, file);
  const name = r.str("name");
  if (!NAME.test(name)) r.fail("name", `expected ${NAME_RULE}, found "${name}"`);
  const kind = r.str("kind", KINDS);
  r.allowOnly(["name", "kind", "structure", "frames", ...GROUP_KEYS[kind]]);
  const structure = parseStructure(r.raw("structure") ?? {}, `${path}.structure`, file, kind !== "scan");
  const frames = r.int("frames", kind === "static" || kind === "scan" || kind === "clusters" ? 1 : undefined, 1);
  let g: Group;
  switch (kind) {
    case "static": g = { kind, name, structure, frames }; break;
    case "md":
      g = {
        kind, name, structure, frames, temperature: r.num("temperature", undefined, (x) => x >= 0, "a temperature ≥ 0 (K)"),
        ensemble: r.str("ensemble", ["langevin", "nve"] as const, "langevin"), dt: r.num("dt", 1, positive, "a positive time step (fs)"),
        friction: r.num("friction", 0.01, positive, "a positive friction (1/fs)"), equilibrate: r.int("equilibrate", 1000), interval: r.int("interval", 50, 1),
      };
      break;
    case "melt-quench":
      g = {
        kind, name, structure, frames, meltTemperature: r.num("meltTemperature", 3000, positive, "a positive temperature (K)"),
        meltSteps: r.int("meltSteps", 2000), quenchSteps: r.int("quenchSteps", 4000), annealSteps: r.int("annealSteps", 1000),
        temperature: r.num("temperature", 300, (x) => x >= 0, "a temperature ≥ 0 (K)"), dt: r.num("dt", 1, positive, "a positive time step (fs)"),
        friction: r.num("friction", 0.02, positive, "a positive friction (1/fs)"), interval: r.int("interval", 50, 1),
      };
      break;
    case "scan": {
      if (!structure.lattice) r.fail("structure.lattice", "a scan needs a lattice");
      const volumes = r.range("volumes", true);
      g = { kind, name, structure, frames: volumes.count, volumes };
      break;
    }
    case "strain": g = { kind, name, structure, frames, amplitude: r.num("amplitude", undefined, positive, "a positive strain amplitude") }; break;
    case "clusters": {
      if (!structure.cluster) r.fail("structure.cluster", "a clusters group needs structure.cluster");
      const bonds = r.range("bonds", true);
      g = { kind, name, structure, frames: bonds.count, bonds };
      break;
    }
  }
  r.done();
  return g;
}

/** Parse and validate a recipe (JSON text); `file` names it in errors. */
export function parseRecipe(text: string, file = "<recipe>"): Recipe {
  const r = Reader.of(parseJsonText(text, file), "", file);
  r.allowOnly(["seed", "description", "groups"]);
  const seed = r.int("seed", 1);
  const description = r.has("description") ? r.str("description") : "";
  const raw = r.raw("groups");
  if (!Array.isArray(raw) || raw.length === 0) r.fail("groups", "expected a non-empty list of groups");
  const groups = (raw as Json[]).map((g, i) => parseGroup(g, `groups[${i}]`, file));
  const names = new Set<string>();
  groups.forEach((g, i) => {
    if (names.has(g.name)) throw new ParseError({ file, path: `groups[${i}].name` }, `duplicate group name "${g.name}"`);
    names.add(g.name);
  });
  r.done();
  return { seed, description, groups };
}

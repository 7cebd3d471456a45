// Dataset recipes: a JSON file naming groups of structures the teacher labels. Parsed and
// validated once here (unknown keys, wrong types and bad values name the file and JSON path),
// so the builder (dataset.ts) never meets an undefined field.
//
// {
//   "seed": 1,                                   optional; `aemap generate --seed` overrides it
//   "description": "…",
//   "teacher": "sw:GaN",                         optional (default "sw", the Si teacher): sw:Si,
//                                                sw:GaN, sw:CdTe or sw:FILE (a LAMMPS .sw file)
//   "groups": [ { "name": "bulk-md-600K", "kind": "md", "structure": { … }, … }, … ]
// }
//
// Structure spec (applied in this order):
//   lattice + a | volumePerAtom (+ cOverA, primitive)   a crystal (src/structure/generators.ts):
//                one-element lattices take `element` (default Si), the compound lattices
//                zincblende, wurtzite (+ u), rocksalt take `elements`: [cation, anion]
//   cluster: "atom" | "dimer" | "triangle" | "tetrahedron" (+ bond, Å)   instead of a lattice;
//                `element` for all atoms or `elements` one per atom
//   slab: { miller: [h,k,l], layers, vacuum?, periodic?, repeat?: [n1,n2], stoichiometric? }
//                cut from the crystal; stoichiometric (default: true for compounds) requires
//                every layer to have the bulk's composition
//   supercell: [n1, n2, n3]
//   vacancy: an atom index or an element symbol (its first remaining atom), or a list of them
//                (indices removed highest first, then the elements in order)
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
import { isElement } from "../structure/elements.js";
import { COMPOUND_LATTICE_NAMES, LATTICE_NAMES, type CompoundLatticeName, type LatticeName } from "../structure/generators.js";
import { builtinSwPotential } from "./sw-builtin.js";

export interface SlabSpec {
  miller: [number, number, number]; layers: number; vacuum: number; periodic: boolean; repeat: [number, number]; stoichiometric: boolean;
}

export interface StructureSpec {
  lattice?: LatticeName | CompoundLatticeName;
  a?: number;
  volumePerAtom?: number;
  cOverA?: number;
  /** Wurtzite's u. */
  u?: number;
  primitive: boolean;
  /** Elements: one for a one-element lattice or cluster, [cation, anion] for a compound, one per atom for a cluster. */
  elements?: string[];
  cluster?: "atom" | "dimer" | "triangle" | "tetrahedron";
  bond: number;
  slab?: SlabSpec;
  supercell: [number, number, number];
  /** Atom indices, removed highest first. */
  vacancy: number[];
  /** Elements whose first remaining atom is removed, in order (after `vacancy`). */
  vacancyElements: string[];
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
  /** Teacher spec: "sw" (Si), "sw:NAME" (built in) or "sw:FILE" (resolved by the builder). */
  teacher: string;
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
const STRUCTURE_KEYS = ["lattice", "a", "volumePerAtom", "cOverA", "u", "primitive", "element", "elements", "cluster", "bond", "slab", "supercell", "vacancy", "strain", "rattle", "relax"];
const CLUSTERS = ["atom", "dimer", "triangle", "tetrahedron"] as const;
const CLUSTER_SIZE: Record<(typeof CLUSTERS)[number], number> = { atom: 1, dimer: 2, triangle: 3, tetrahedron: 4 };
const ALL_LATTICES = [...LATTICE_NAMES, ...COMPOUND_LATTICE_NAMES];
const positive = (x: number) => x > 0;

function parseStructure(v: Json, path: string, file: string, needLattice: boolean): StructureSpec {
  const r = Reader.of(v, path, file);
  r.allowOnly(STRUCTURE_KEYS);
  const spec: StructureSpec = {
    primitive: r.bool("primitive", false), bond: r.num("bond", 2.35, positive, "a positive bond length (Å)"),
    supercell: r.ints("supercell", 3, [1, 1, 1], 1) as [number, number, number],
    vacancy: [], vacancyElements: [], rattle: r.num("rattle", 0, (x) => x >= 0, "a rattle amplitude ≥ 0 (Å)"), relax: r.bool("relax", false),
  };
  if (r.has("cluster")) spec.cluster = r.str("cluster", CLUSTERS);
  if (r.has("lattice")) spec.lattice = r.str("lattice", ALL_LATTICES);
  if (!spec.lattice && !spec.cluster && needLattice) r.fail("lattice", `missing: expected a lattice (${ALL_LATTICES.join(", ")}) or a cluster`);
  if (spec.lattice && spec.cluster) r.fail("cluster", "give either a lattice or a cluster, not both");
  spec.a = r.optNum("a", positive, "a positive lattice constant (Å)");
  spec.volumePerAtom = r.optNum("volumePerAtom", positive, "a positive volume per atom (Å³)");
  spec.cOverA = r.optNum("cOverA", positive, "a positive c/a");
  spec.u = r.optNum("u", (x) => x > 0 && x < 0.5, "wurtzite's u in (0, 0.5)");
  if (spec.u !== undefined && spec.lattice !== "wurtzite") r.fail("u", "u applies to the wurtzite lattice only");
  if (spec.lattice && (spec.a === undefined) === (spec.volumePerAtom === undefined) && needLattice) r.fail("a", "expected exactly one of a and volumePerAtom");
  parseElements(r, spec);
  if (r.has("vacancy")) {
    const x = r.raw("vacancy");
    const list = Array.isArray(x) ? x : [x];
    const bad = list.find((i) => !(Number.isInteger(i) && (i as number) >= 0) && !(typeof i === "string" && isElement(i)));
    if (bad !== undefined || list.length === 0) r.fail("vacancy", `expected an atom index, an element symbol or a list of them, found ${JSON.stringify(x)}`);
    spec.vacancy = list.filter((i) => typeof i === "number") as number[];
    spec.vacancyElements = list.filter((i) => typeof i === "string") as string[];
  }
  if (r.has("strain")) {
    const x = r.raw("strain");
    const flat = Array.isArray(x) && x.every(Array.isArray) ? (x as Json[][]).flat() : x;
    if (!Array.isArray(flat) || flat.length !== 9 || flat.some((e) => typeof e !== "number")) r.fail("strain", "expected a 3×3 matrix of numbers");
    spec.strain = flat as number[];
  }
  if (r.has("slab")) {
    const s = Reader.of(r.raw("slab"), `${path}.slab`, file);
    s.allowOnly(["miller", "layers", "vacuum", "periodic", "repeat", "stoichiometric"]);
    spec.slab = {
      miller: s.ints("miller", 3, undefined, -99) as [number, number, number], layers: s.int("layers", undefined, 1),
      vacuum: s.num("vacuum", 10, (x) => x >= 0, "a vacuum ≥ 0 (Å)"), periodic: s.bool("periodic", true),
      repeat: s.ints("repeat", 2, [1, 1], 1) as [number, number],
      stoichiometric: s.bool("stoichiometric", (spec.elements?.length ?? 1) > 1),
    };
    s.done();
  }
  r.done();
  return spec;
}

/** `element` (one symbol) or `elements` (a list), checked against the lattice or cluster. */
function parseElements(r: Reader, spec: StructureSpec): void {
  if (r.has("element") && r.has("elements")) r.fail("elements", "give either element or elements, not both");
  const key = r.has("element") ? "element" : "elements";
  const x = r.raw(key);
  const compoundLattice = (COMPOUND_LATTICE_NAMES as string[]).includes(spec.lattice ?? "");
  if (x === undefined) {
    if (compoundLattice) r.fail("elements", `missing: the ${spec.lattice} lattice needs elements: [cation, anion]`);
    return;
  }
  const list = key === "element" ? [x] : x;
  if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e !== "string" || !isElement(e))) {
    r.fail(key, `expected ${key === "element" ? "an element symbol" : "a list of element symbols"}, found ${JSON.stringify(x)}`);
  }
  const els = list as string[];
  if (compoundLattice && (els.length !== 2 || els[0] === els[1])) r.fail(key, `the ${spec.lattice} lattice needs two different elements [cation, anion], found ${JSON.stringify(x)}`);
  if (spec.lattice && !compoundLattice && els.length !== 1) r.fail(key, `the ${spec.lattice} lattice holds one element, found ${JSON.stringify(x)}`);
  if (spec.cluster && els.length !== 1 && els.length !== CLUSTER_SIZE[spec.cluster]) {
    r.fail(key, `a ${spec.cluster} takes one element or ${CLUSTER_SIZE[spec.cluster]} (one per atom), found ${JSON.stringify(x)}`);
  }
  spec.elements = els;
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
  r.allowOnly(["seed", "description", "teacher", "groups"]);
  const seed = r.int("seed", 1);
  const description = r.has("description") ? r.str("description") : "";
  const teacher = r.has("teacher") ? r.str("teacher") : "sw";
  if (teacher !== "sw" && !/^sw:./.test(teacher)) r.fail("teacher", `expected "sw" or "sw:NAME" (Si, GaN, CdTe, or a LAMMPS .sw file), found "${teacher}"`);
  if (/:(vertex|lammps)$/.test(teacher)) r.fail("teacher", `the dataset stores both splits of the atomic energies; give "${teacher.replace(/:(vertex|lammps)$/, "")}"`);
  const raw = r.raw("groups");
  if (!Array.isArray(raw) || raw.length === 0) r.fail("groups", "expected a non-empty list of groups");
  const groups = (raw as Json[]).map((g, i) => parseGroup(g, `groups[${i}]`, file));
  const names = new Set<string>();
  groups.forEach((g, i) => {
    if (names.has(g.name)) throw new ParseError({ file, path: `groups[${i}].name` }, `duplicate group name "${g.name}"`);
    names.add(g.name);
  });
  checkElements(teacher, groups, file);
  r.done();
  return { seed, description, teacher, groups };
}

/** With a built-in teacher, every element a group asks for must be one it covers. */
function checkElements(teacher: string, groups: Group[], file: string): void {
  const pot = builtinSwPotential(teacher === "sw" ? "Si" : teacher.slice(3));
  if (!pot) return;
  groups.forEach((g, i) => {
    const els = [...(g.structure.elements ?? ["Si"]), ...g.structure.vacancyElements];
    const bad = els.find((e) => !pot.elements.includes(e));
    if (bad) {
      throw new ParseError({ file, path: `groups[${i}].structure` }, `element ${bad} is not covered by the teacher ${teacher} (elements ${pot.elements.join(", ")})${g.structure.elements ? "" : "; give element or elements"}`);
    }
  });
}

// Invariant-point sets (docs/science.md §1): structures whose atoms are all symmetry-equivalent, so
// every valid split of the total energy gives each atom exactly E/N. A model's atomic energy there
// can be checked against a split-independent reference.
//
// Generated families (per element):
//   <lattice>          volume scan of each crystal lattice of the generator (diamond, beta-Sn, sc,
//                      bcc, fcc, hcp, sh), ±15 % in volume around a centre volume; x = Å³/atom
//   diamond-strain-xx  homogeneously strained diamond, uniaxial ε_xx; x = ε
//   diamond-strain-xy  homogeneously strained diamond, symmetric shear ε_xy = ε_yx; x = ε
//   dimer, triangle, tetrahedron   clusters over the bond length; x = Å
//   isolated           the isolated atom (all G = 0); x = 0
// A spec is "default" (all of them), a list of family names or groups joined by "," or "+"
// ("lattices", "strain", "clusters", "isolated", or single names, e.g. "diamond+fcc+dimer"),
// or a JSON object (see PointsSpec) given inline or read from a file by the caller.
import type { Structure } from "../structure/structure.js";
import { atomicNumber } from "../structure/elements.js";
import { parseJson } from "../io/json-syntax.js";
import { crystal, dimer, isolatedAtom, LATTICE_NAMES, strain, tetrahedron, triangle, type LatticeName } from "../structure/generators.js";

/** One invariant point: a structure with all atoms equivalent, and where it sits in its family. */
export interface InvariantPoint {
  /** Family name, e.g. "diamond", "diamond-strain-xx", "dimer", "isolated", or "dataset:Elastic". */
  family: string;
  /** Short unique label, e.g. "diamond V=20.45". */
  label: string;
  /** Family coordinate (volume per atom, strain, bond length, 0; for detected points: volume per atom). */
  x: number;
  /** What x is, for plots and tables. */
  xLabel: string;
  element: string;
  structure: Structure;
  /** Reference atomic energy, eV/atom (filled by reference.ts). */
  reference?: number;
  /** Where the reference came from: "dataset", a calculator name, "user", a table file name. */
  referenceSource?: string;
}

export type ClusterKind = "dimer" | "triangle" | "tetrahedron";
export const CLUSTER_KINDS: ClusterKind[] = ["dimer", "triangle", "tetrahedron"];

/**
 * Approximate equilibrium volumes per atom (Å³) of Si in each lattice (PBE-like values: diamond
 * a = 5.47 Å; sc a ≈ 2.53 Å; bcc a ≈ 3.08 Å; fcc a ≈ 3.87 Å; β-Sn a ≈ 4.82 Å, c/a 0.552; sh
 * a ≈ 2.64 Å, c/a 0.94). Only the centres of the scans; override with `volumes`.
 */
export const SI_CENTRE_VOLUMES: Record<LatticeName, number> = {
  diamond: 20.45, "beta-Sn": 15.45, sc: 16.2, bcc: 14.6, fcc: 14.5, hcp: 14.4, sh: 14.95,
};

/** Full description of a generated set; every field has a default. */
export interface PointsSpec {
  elements?: string[];
  /** Lattices to scan (default all). */
  lattices?: LatticeName[];
  /** Centre volume per atom per lattice (Å³); default SI_CENTRE_VOLUMES. */
  volumes?: Partial<Record<LatticeName, number>>;
  /** Relative half-width of the volume scan (0.15 = ±15 %). */
  volumeRange?: number;
  /** Volumes per lattice (odd keeps the centre). */
  volumeSteps?: number;
  /** Strained diamond: maximum |ε| and number of values from −max to +max; 0 steps = none. */
  strainMax?: number;
  strainSteps?: number;
  clusters?: ClusterKind[];
  /** Bond lengths of the clusters (Å). */
  bondMin?: number;
  bondMax?: number;
  bondSteps?: number;
  isolated?: boolean;
}

export const DEFAULT_POINTS_SPEC: Readonly<Required<Omit<PointsSpec, "volumes">>> = Object.freeze({
  elements: ["Si"], lattices: LATTICE_NAMES, volumeRange: 0.15, volumeSteps: 7,
  strainMax: 0.03, strainSteps: 7, clusters: CLUSTER_KINDS, bondMin: 2.0, bondMax: 3.6, bondSteps: 9, isolated: true,
});

const SPEC_KEYS = new Set(["elements", "lattices", "volumes", "volumeRange", "volumeSteps", "strainMax", "strainSteps", "clusters", "bondMin", "bondMax", "bondSteps", "isolated"]);

/**
 * Parse a points spec: "default", a "+"/"," separated list of names, or JSON text (`where` names
 * the source in errors, e.g. a file name).
 */
export function parsePointsSpec(text: string, where = "--points"): PointsSpec {
  const t = text.trim();
  if (t.startsWith("{")) {
    let obj: Record<string, unknown>;
    obj = parseJson(t, where) as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (!SPEC_KEYS.has(k)) throw new Error(`${where}: at .${k}: unknown key; expected one of ${[...SPEC_KEYS].join(", ")}`);
    }
    for (const k of ["volumeRange", "volumeSteps", "strainMax", "strainSteps", "bondMin", "bondMax", "bondSteps"]) {
      if (k in obj && !(typeof obj[k] === "number" && Number.isFinite(obj[k]) && (obj[k] as number) >= 0)) throw new Error(`${where}: at .${k}: expected a number ≥ 0, got ${JSON.stringify(obj[k])}`);
    }
    if ("elements" in obj && !(Array.isArray(obj.elements) && obj.elements.every((e) => typeof e === "string" && atomicNumber(e) !== undefined))) {
      throw new Error(`${where}: at .elements: expected a list of element symbols, got ${JSON.stringify(obj.elements)}`);
    }
    for (const [l, v] of Object.entries((obj.volumes as Record<string, unknown> | undefined) ?? {})) {
      if (!LATTICE_NAMES.includes(l as LatticeName)) throw new Error(`${where}: at .volumes.${l}: unknown lattice; expected ${LATTICE_NAMES.join(", ")}`);
      if (!(typeof v === "number" && v > 0)) throw new Error(`${where}: at .volumes.${l}: expected a volume per atom > 0 (Å³), got ${JSON.stringify(v)}`);
    }
    for (const k of ["lattices", "clusters"]) {
      if (k in obj && !Array.isArray(obj[k])) throw new Error(`${where}: at .${k}: expected a list, got ${JSON.stringify(obj[k])}`);
    }
    if ("isolated" in obj && typeof obj.isolated !== "boolean") throw new Error(`${where}: at .isolated: expected true or false`);
    for (const l of (obj.lattices as string[] | undefined) ?? []) {
      if (!LATTICE_NAMES.includes(l as LatticeName)) throw new Error(`${where}: at .lattices: unknown lattice '${l}'; expected ${LATTICE_NAMES.join(", ")}`);
    }
    for (const c of (obj.clusters as string[] | undefined) ?? []) {
      if (!CLUSTER_KINDS.includes(c as ClusterKind)) throw new Error(`${where}: at .clusters: unknown cluster '${c}'; expected ${CLUSTER_KINDS.join(", ")}`);
    }
    return obj as PointsSpec;
  }
  if (t === "" || t === "default") return {};
  const spec: PointsSpec = { lattices: [], clusters: [], strainSteps: 0, isolated: false };
  for (const name of t.split(/[+,]/).map((x) => x.trim()).filter(Boolean)) {
    if (name === "default" || name === "all") return {};
    if (name === "lattices") spec.lattices = [...LATTICE_NAMES];
    else if (name === "clusters") spec.clusters = [...CLUSTER_KINDS];
    else if (name === "strain") spec.strainSteps = DEFAULT_POINTS_SPEC.strainSteps;
    else if (name === "isolated" || name === "atom") spec.isolated = true;
    else if (LATTICE_NAMES.includes(name as LatticeName)) spec.lattices!.push(name as LatticeName);
    else if (CLUSTER_KINDS.includes(name as ClusterKind)) spec.clusters!.push(name as ClusterKind);
    else throw new Error(`${where}: unknown point family '${name}'; expected default, lattices, strain, clusters, isolated, ${LATTICE_NAMES.join(", ")}, ${CLUSTER_KINDS.join(", ")}, or a JSON spec`);
  }
  return spec;
}

/** `count` values evenly spaced from lo to hi. */
function linspace(lo: number, hi: number, count: number): number[] {
  if (count <= 1) return count === 1 ? [(lo + hi) / 2] : [];
  return [...Array(count).keys()].map((k) => lo + ((hi - lo) * k) / (count - 1));
}

const r4 = (x: number) => String(Number(x.toFixed(4)));

/** Generate the invariant points of a spec (defaults filled in). */
export function generateInvariantPoints(spec: PointsSpec = {}): InvariantPoint[] {
  const p = { ...DEFAULT_POINTS_SPEC, ...spec };
  const volumes = { ...SI_CENTRE_VOLUMES, ...(spec.volumes ?? {}) };
  const out: InvariantPoint[] = [];
  for (const el of p.elements) {
    for (const lat of p.lattices) {
      const v0 = volumes[lat];
      for (const v of linspace(v0 * (1 - p.volumeRange), v0 * (1 + p.volumeRange), p.volumeSteps)) {
        out.push({
          family: lat, label: `${lat} V=${r4(v)}`, x: v, xLabel: "volume per atom (Å³)", element: el,
          structure: crystal(lat, { volumePerAtom: v, primitive: true }, el),
        });
      }
    }
    if (p.strainSteps > 0) {
      const base = crystal("diamond", { volumePerAtom: volumes.diamond, primitive: true }, el);
      for (const mode of ["xx", "xy"] as const) {
        for (const e of linspace(-p.strainMax, p.strainMax, p.strainSteps)) {
          const eps = mode === "xx" ? [e, 0, 0, 0, 0, 0, 0, 0, 0] : [0, e, 0, e, 0, 0, 0, 0, 0];
          const s = strain(base, eps);
          s.info.family = `diamond-strain-${mode}`;
          out.push({ family: `diamond-strain-${mode}`, label: `diamond ε_${mode}=${r4(e)}`, x: e, xLabel: "strain", element: el, structure: s });
        }
      }
    }
    const make = { dimer, triangle, tetrahedron };
    for (const kind of p.clusters) {
      for (const d of linspace(p.bondMin, p.bondMax, p.bondSteps)) {
        out.push({ family: kind, label: `${kind} d=${r4(d)}`, x: d, xLabel: "bond length (Å)", element: el, structure: make[kind](d, el) });
      }
    }
    if (p.isolated) {
      out.push({ family: "isolated", label: `isolated ${el}`, x: 0, xLabel: "", element: el, structure: isolatedAtom(el) });
    }
  }
  return out;
}

// Environment classes: group the atoms of a dataset into a few kinds of environment, so that
// the advisor can count them per structure and the known-truth report can average errors per kind.
//
// Two deterministic classifiers:
// - "coordination": class = (element, number of neighbours within a radius; default 2.8 Å, between
//   the first (2.35 Å) and second (3.84 Å) neighbour shells of diamond Si). Robust to thermal
//   noise; blind to differences beyond the first shell.
// - "cluster": leader clustering of the descriptor vectors, each feature divided by its mean
//   magnitude over the element's atoms in the dataset (relativeScale), followed by a few Lloyd
//   (k-means) refinement steps. Distances are root-mean-square per feature,
//   d(x, y) = sqrt(Σ_f (x_f − y_f)² / F), so the threshold (default 0.1) reads as "a 10 % change
//   per feature". (Min-max scaling fitted on the same data would stretch the thermal noise of a
//   feature that hardly varies to the full range and split bulk-like atoms at random.)
// Rare classes are merged per element before counting (mergeRareClasses).
import type { Structure } from "../structure/structure.js";
import { buildNeighbourList } from "../structure/neighbours.js";
import type { SymmetryFunction } from "../descriptors/types.js";
import { computeDescriptors, defaultSiliconSet } from "../descriptors/index.js";

/** Default radius for coordination numbers (Å): between diamond Si's first and second shells. */
export const COORDINATION_RADIUS = 2.8;

export interface EnvironmentClass {
  id: number;
  element: string;
  /** Human label, e.g. "Si 3-coordinated". */
  label: string;
  /** Atoms in the whole dataset. */
  atoms: number;
  /** Structures that contain at least one atom of the class. */
  structures: number;
  /** Mean coordination number (within the coordination radius) of its atoms. */
  meanCoordination: number;
}

export interface Classification {
  method: "coordination" | "cluster";
  classes: EnvironmentClass[];
  /** assignment[s][i] = class id of atom i of structure s. */
  assignment: Int32Array[];
}

/** Number of neighbours of each atom within `radius` (Å). */
export function coordinationNumbers(s: Structure, radius = COORDINATION_RADIUS): Int32Array {
  const nl = buildNeighbourList(s, radius);
  const cn = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) cn[i] = nl.start[i + 1] - nl.start[i];
  return cn;
}

/** Count matrix counts[s][c]: atoms of class c in structure s. */
export function countMatrix(c: Classification): number[][] {
  return c.assignment.map((a) => {
    const row = new Array(c.classes.length).fill(0);
    for (const k of a) row[k]++;
    return row;
  });
}

/**
 * Renumber classes by decreasing size (ties: element, then first appearance), fill the statistics.
 * `keys[s][i]` is any string key per atom, `symbols[s][i]` its element, `cn[s][i]` its coordination number.
 */
function finish(method: Classification["method"], symbols: string[][], keys: string[][], cn: ArrayLike<number>[], labelOf: (key: string, meanCn: number) => string): Classification {
  const stats = new Map<string, { element: string; atoms: number; structures: Set<number>; cnSum: number; first: number }>();
  let order = 0;
  keys.forEach((row, s) => row.forEach((k, i) => {
    let st = stats.get(k);
    if (!st) { st = { element: symbols[s][i], atoms: 0, structures: new Set(), cnSum: 0, first: order++ }; stats.set(k, st); }
    st.atoms++; st.structures.add(s); st.cnSum += cn[s][i];
  }));
  const sorted = [...stats.entries()].sort((a, b) => b[1].atoms - a[1].atoms || a[1].element.localeCompare(b[1].element) || a[1].first - b[1].first);
  const id = new Map(sorted.map(([k], j) => [k, j]));
  const classes = sorted.map(([k, st], j) => {
    const meanCoordination = st.cnSum / st.atoms;
    return { id: j, element: st.element, label: labelOf(k, meanCoordination), atoms: st.atoms, structures: st.structures.size, meanCoordination };
  });
  return { method, classes, assignment: keys.map((row) => Int32Array.from(row, (k) => id.get(k)!)) };
}

/** Classes by element and coordination number. */
export function classifyByCoordination(structures: Structure[], radius = COORDINATION_RADIUS): Classification {
  const cn = structures.map((s) => coordinationNumbers(s, radius));
  const keys = structures.map((s, k) => s.symbols.map((el, i) => `${el}:${cn[k][i]}`));
  return finish("coordination", structures.map((s) => s.symbols), keys, cn, (key) => {
    const [el, n] = key.split(":");
    return `${el} ${n}-coordinated`;
  });
}

/** RMS-per-feature distance squared × F (we compare squared sums against F·threshold²). */
function dist2(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) { const t = a[ia * d + f] - b[ib * d + f]; s += t * t; }
  return s;
}

/**
 * Leader clustering: visit rows in order; a row joins the nearest leader closer than `threshold`
 * (RMS per feature), else it becomes a new leader. Then `refine` Lloyd steps (centroids, reassign
 * to the nearest centroid). Deterministic. rows: n × d row-major. Returns the cluster of each row.
 */
export function leaderCluster(rows: Float64Array, n: number, d: number, threshold: number, refine = 5): Int32Array {
  const t2 = threshold * threshold * d;
  const leaders: number[] = [];
  const assign = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1, bd = Infinity;
    for (let c = 0; c < leaders.length; c++) {
      const q = dist2(rows, i, rows, leaders[c], d);
      if (q < bd) { bd = q; best = c; }
    }
    if (best >= 0 && bd <= t2) assign[i] = best;
    else { assign[i] = leaders.length; leaders.push(i); }
  }
  let k = leaders.length;
  for (let it = 0; it < refine; it++) {
    const cent = new Float64Array(k * d), size = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      size[assign[i]]++;
      for (let f = 0; f < d; f++) cent[assign[i] * d + f] += rows[i * d + f];
    }
    for (let c = 0; c < k; c++) for (let f = 0; f < d; f++) cent[c * d + f] /= Math.max(1, size[c]);
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = assign[i], bd = dist2(rows, i, cent, assign[i], d);
      for (let c = 0; c < k; c++) {
        if (size[c] === 0) continue;
        const q = dist2(rows, i, cent, c, d);
        if (q < bd) { bd = q; best = c; }
      }
      if (best !== assign[i]) { assign[i] = best; changed++; }
    }
    // Drop emptied clusters, keeping the order.
    const used = new Int32Array(k).fill(-1);
    let m = 0;
    for (let i = 0; i < n; i++) if (used[assign[i]] < 0) used[assign[i]] = m++;
    for (let i = 0; i < n; i++) assign[i] = used[assign[i]];
    k = m;
    if (changed === 0) break;
  }
  return assign;
}

export interface ClusterOptions {
  /** Symmetry functions per element (default: the 26-function Si set for each element present). */
  functions?: SymmetryFunction[];
  /** RMS-per-feature distance in relatively scaled space (see relativeScale) that opens a new cluster. Default 0.1. */
  threshold?: number;
  radius?: number;
}

/**
 * Relative scaling for clustering: x_f = G_f / s_f with s_f = mean_i |G_if| (floored at 1e-3 of the
 * largest s). Unlike min-max fitted on the same data, it does not blow thermal noise in a feature
 * that hardly varies up to the full range: distances read as relative changes of the features.
 */
export function relativeScale(raw: Float64Array, n: number, d: number): Float64Array {
  const s = new Float64Array(d);
  for (let a = 0; a < n; a++) for (let f = 0; f < d; f++) s[f] += Math.abs(raw[a * d + f]) / n;
  const floor = 1e-3 * Math.max(...s);
  const x = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    const sf = Math.max(s[f], floor) || 1;
    for (let a = 0; a < n; a++) x[a * d + f] = raw[a * d + f] / sf;
  }
  return x;
}

/** Classes by clustering scaled descriptors, per element. */
export function classifyByClusters(structures: Structure[], options: ClusterOptions = {}): Classification {
  const threshold = options.threshold ?? 0.1;
  const elements = [...new Set(structures.flatMap((s) => s.symbols))].sort();
  const functions = options.functions ?? elements.flatMap((e) => defaultSiliconSet(e));
  const desc = structures.map((s) => computeDescriptors(s, functions));
  const cn = structures.map((s) => coordinationNumbers(s, options.radius ?? COORDINATION_RADIUS));
  const keys = structures.map((s) => new Array<string>(s.length));
  for (const el of elements) {
    // Stack the element's atoms of every structure, in structure order.
    const blocks = desc.map((d) => d.byElement.find((b) => b.element === el));
    const d = blocks.find((b) => b)?.nfeatures ?? 0;
    const n = blocks.reduce((a, b) => a + (b ? b.atoms.length : 0), 0);
    const raw = new Float64Array(n * d);
    let o = 0;
    for (const b of blocks) if (b) { raw.set(b.values, o); o += b.values.length; }
    const x = relativeScale(raw, n, d);
    const assign = leaderCluster(x, n, d, threshold);
    let a = 0;
    blocks.forEach((b, s) => {
      if (b) for (const i of b.atoms) keys[s][i] = `${el}:${assign[a++]}`;
    });
  }
  return finish("cluster", structures.map((s) => s.symbols), keys, cn, (key, meanCn) => {
    const el = key.split(":")[0];
    const r = Math.round(meanCn * 10) / 10;
    return Number.isInteger(r) ? `${el} ${r}-coordinated` : `${el} ~${r.toFixed(1)}-coordinated`;
  });
}

/**
 * Merge the rare classes of each element (fewer than `minShare` of the element's atoms, or seen in
 * fewer than `minStructures` structures) into one "rare" class per element. Merging is safe for
 * the fixed-ratio analysis: a relation found among merged classes also holds among the originals
 * (give the merged classes one common energy shift); it only hides relations among rare classes,
 * which thermal snapshots produce by the dozen and which no training set could pin down anyway.
 */
export function mergeRareClasses(c: Classification, minShare = 0.005, minStructures = 2): Classification {
  const total = new Map<string, number>();
  for (const k of c.classes) total.set(k.element, (total.get(k.element) ?? 0) + k.atoms);
  const rare = (k: EnvironmentClass) => k.atoms < minShare * total.get(k.element)! || k.structures < minStructures;
  if (!c.classes.some(rare)) return c;
  const keys = c.assignment.map((a) => Array.from(a, (id) => {
    const k = c.classes[id];
    return rare(k) ? `${k.element}:rare` : `${k.element}:${id}`;
  }));
  const labels = new Map(c.classes.map((k) => [`${k.element}:${k.id}`, k.label]));
  // Mean coordination of a merged class = atom-weighted mean of its members' means.
  const cn = c.assignment.map((a) => Float64Array.from(a, (id) => c.classes[id].meanCoordination));
  const symbols = c.assignment.map((a) => Array.from(a, (id) => c.classes[id].element));
  return finish(c.method, symbols, keys, cn, (key) => {
    const [el, id] = key.split(":");
    return id === "rare" ? mergedLabel(el, c.classes.filter((k) => k.element === el && rare(k))) : labels.get(key)!;
  });
}

/**
 * Label of a merged class, from what it holds: e.g. "Si, 5 uncommon environments merged (1- to
 * 3-coordinated)" (a mean coordination of the merged atoms, "~1.9-coordinated", describes none of them).
 */
function mergedLabel(element: string, members: EnvironmentClass[]): string {
  const cn = members.map((k) => Math.round(k.meanCoordination));
  const lo = Math.min(...cn), hi = Math.max(...cn);
  const range = lo === hi ? `${lo}-coordinated` : `${lo}- to ${hi}-coordinated`;
  return members.length === 1 ? `${element}, 1 uncommon environment (${range})` : `${element}, ${members.length} uncommon environments merged (${range})`;
}

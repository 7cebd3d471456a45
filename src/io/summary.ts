// Statistics of a set of structures, as `aemap info` prints them: counts, elements, groups
// (info.group), energy per atom, cell volumes and neighbour counts within a cutoff.
import type { Structure } from "../structure/structure.js";
import { buildNeighbourList } from "../structure/neighbours.js";

/** min / max / mean of a list of numbers (undefined fields when the list is empty). */
export interface Range {
  count: number;
  min?: number;
  max?: number;
  mean?: number;
}

export interface GroupSummary {
  structures: number;
  atoms: number;
  energyPerAtom: Range;
  neighbours: Range;
}

export interface DatasetSummary {
  structures: number;
  atoms: number;
  /** Atoms per element, elements in order of first appearance. */
  elements: Record<string, number>;
  /** Per info.group ("(none)" for structures without one). */
  groups: Record<string, GroupSummary>;
  /** Total energy / number of atoms over structures with an energy (eV/atom). */
  energyPerAtom: Range;
  /** Cell volume (Å³) of fully periodic structures. */
  volume: Range;
  /** Volume per atom (Å³/atom) of fully periodic structures. */
  volumePerAtom: Range;
  cutoff: number;
  /** Neighbours per atom within the cutoff (over all atoms). */
  neighbours: Range;
  /** Shortest interatomic distance in the set (Å), and where. */
  shortestDistance?: { distance: number; structure: number; atoms: [number, number] };
  withForces: number;
  withStress: number;
}

class Accumulator {
  count = 0; min = Infinity; max = -Infinity; sum = 0;
  add(x: number, weight = 1): void {
    this.count += weight; this.sum += x * weight;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }
  range(): Range {
    return this.count === 0 ? { count: 0 } : { count: this.count, min: this.min, max: this.max, mean: this.sum / this.count };
  }
}

/** Summarise `frames`; neighbour counts use the full neighbour list within `cutoff` Å. */
export function summarizeStructures(frames: Structure[], cutoff = 6): DatasetSummary {
  const elements: Record<string, number> = {};
  const groups = new Map<string, { structures: number; atoms: number; e: Accumulator; nb: Accumulator }>();
  const e = new Accumulator(), vol = new Accumulator(), vpa = new Accumulator(), nb = new Accumulator();
  let atoms = 0, withForces = 0, withStress = 0;
  let shortest: DatasetSummary["shortestDistance"];
  frames.forEach((s, k) => {
    const n = s.length;
    atoms += n;
    for (const x of s.symbols) elements[x] = (elements[x] ?? 0) + 1;
    const gname = s.info.group === undefined ? "(none)" : String(s.info.group);
    let g = groups.get(gname);
    if (!g) groups.set(gname, (g = { structures: 0, atoms: 0, e: new Accumulator(), nb: new Accumulator() }));
    g.structures++; g.atoms += n;
    if (s.energy !== undefined && n > 0) { e.add(s.energy / n); g.e.add(s.energy / n); }
    if (s.forces) withForces++;
    if (s.stress) withStress++;
    if (s.pbc.every((p) => p)) { const v = Math.abs(s.volume()); vol.add(v); if (n > 0) vpa.add(v / n); }
    const nl = buildNeighbourList(s, cutoff);
    for (let i = 0; i < n; i++) {
      const c = nl.start[i + 1] - nl.start[i];
      nb.add(c); g.nb.add(c);
      for (let p = nl.start[i]; p < nl.start[i + 1]; p++) {
        if (!shortest || nl.distance[p] < shortest.distance) shortest = { distance: nl.distance[p], structure: k, atoms: [i, nl.index[p]] };
      }
    }
  });
  const gs: Record<string, GroupSummary> = {};
  for (const [name, g] of groups) gs[name] = { structures: g.structures, atoms: g.atoms, energyPerAtom: g.e.range(), neighbours: g.nb.range() };
  return {
    structures: frames.length, atoms, elements, groups: gs,
    energyPerAtom: e.range(), volume: vol.range(), volumePerAtom: vpa.range(),
    cutoff, neighbours: nb.range(), shortestDistance: shortest, withForces, withStress,
  };
}

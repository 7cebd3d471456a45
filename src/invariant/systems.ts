// Systems: structures that are the same cell with the same atoms (snapshots of one MD run, rattled
// copies, several temperatures of one supercell). Within a system the counts of environment
// classes differ only by thermal noise, so the advisor compares class ratios *between* systems,
// using each system's mean counts.
import type { Structure } from "../structure/structure.js";

export interface SystemGroup {
  /** Indices of the member structures. */
  members: number[];
  /** e.g. "Si63, cell 10.86 × 10.86 × 10.86 Å". */
  label: string;
}

function composition(s: Structure): string {
  return Object.entries(s.composition()).sort(([a], [b]) => a.localeCompare(b)).map(([e, n]) => `${e}${n}`).join("");
}

/** Same composition, pbc and cell (every cell component within `tolerance` × the largest one). */
function sameSystem(a: Structure, b: Structure, tolerance: number): boolean {
  if (a.length !== b.length || composition(a) !== composition(b)) return false;
  if (a.pbc.some((p, k) => p !== b.pbc[k])) return false;
  if (!a.pbc.some((p) => p)) return true; // clusters: same atoms = same system
  const scale = Math.max(...Array.from(a.cell, Math.abs));
  for (let k = 0; k < 9; k++) if (Math.abs(a.cell[k] - b.cell[k]) > tolerance * scale) return false;
  return true;
}

/** Group structures into systems, in order of first appearance. */
export function groupSystems(structures: Structure[], tolerance = 0.02): SystemGroup[] {
  const groups: SystemGroup[] = [];
  structures.forEach((s, i) => {
    const g = groups.find((x) => sameSystem(structures[x.members[0]], s, tolerance));
    if (g) g.members.push(i);
    else {
      const len = [0, 1, 2].map((k) => Math.hypot(s.cell[3 * k], s.cell[3 * k + 1], s.cell[3 * k + 2]).toFixed(2));
      groups.push({ members: [i], label: `${composition(s)}, cell ${len.join(" × ")} Å` });
    }
  });
  return groups;
}

// Reference atomic energies of invariant points (eV/atom). At an invariant point every valid
// split gives each atom E/N, so any source of total energies gives the reference:
//   - the dataset entry's E/N (detected points carry it already, source "dataset");
//   - a calculator, e.g. the SW teacher: E/N of its total energy (source = its name);
//   - user values: the isolated-atom energy per element ("Si=-0.7", source "user"), and
//     energy–volume tables (columns volume_per_atom energy_per_atom) for one lattice, which
//     become invariant points of their own (source = the file name).
// Precedence when several apply: user isolated-atom value > value already on the point > calculator.
import type { Calculator } from "../model/calculator.js";
import { crystal, LATTICE_NAMES, type LatticeName } from "../structure/generators.js";
import type { InvariantPoint } from "./points.js";

/** Parse isolated-atom energies: ["Si=-0.7", "C=-1.2,O=-0.4"] → { Si: -0.7, C: -1.2, O: -0.4 }. */
export function parseIsolatedAtom(items: string[], where = "--isolated-atom"): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items.flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean)) {
    const m = /^([A-Z][a-z]?)\s*=\s*(\S+)$/.exec(item);
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v)) throw new Error(`${where}: '${item}': expected ELEMENT=ENERGY in eV, e.g. Si=-0.7`);
    out[m[1]] = v;
  }
  return out;
}

export interface EnergyVolumeTable {
  lattice: LatticeName;
  element: string;
  /** File name (for messages and as reference source). */
  source: string;
  volume: number[];
  energy: number[];
}

/** The rows and header fields of an energy–volume table file (see `parseEnergyVolumeTable`). */
export function readEnergyVolumeRows(text: string, filename: string): { volume: number[]; energy: number[]; lattice?: string; element?: string } {
  const volume: number[] = [], energy: number[] = [];
  let lattice: string | undefined, element: string | undefined;
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^#\s*(lattice|element)\s*[:=]\s*(\S+)/i.exec(line);
      if (m && m[1].toLowerCase() === "lattice" && lattice === undefined) lattice = m[2];
      if (m && m[1].toLowerCase() === "element") element = m[2];
      return;
    }
    const cols = line.split(/[\s,]+/);
    const v = Number(cols[0]), e = Number(cols[1]);
    if (cols.length < 2 || !Number.isFinite(v) || !Number.isFinite(e) || !(v > 0)) {
      throw new Error(`${filename}:${k + 1}: expected two numbers 'volume_per_atom energy_per_atom' (volume > 0), found '${line}'`);
    }
    volume.push(v); energy.push(e);
  });
  if (volume.length === 0) throw new Error(`${filename}: no data rows (expected lines 'volume_per_atom energy_per_atom')`);
  return { volume, energy, lattice, element };
}

/**
 * Parse an energy–volume table: lines "volume_per_atom energy_per_atom" (Å³, eV), '#' comments and
 * blank lines ignored. The lattice comes from `lattice` or a header comment "# lattice: fcc"
 * (optionally "# element: Si").
 */
export function parseEnergyVolumeTable(text: string, filename: string, lattice?: string, element = "Si"): EnergyVolumeTable {
  const rows = readEnergyVolumeRows(text, filename);
  const lat = lattice ?? rows.lattice, el = rows.element ?? element;
  if (lat === undefined) throw new Error(`${filename}: which lattice? give it as LATTICE=FILE or a header line '# lattice: fcc'`);
  if (!LATTICE_NAMES.includes(lat as LatticeName)) throw new Error(`${filename}: unknown lattice '${lat}'; expected one of ${LATTICE_NAMES.join(", ")}`);
  return { lattice: lat as LatticeName, element: el, source: filename, volume: rows.volume, energy: rows.energy };
}

/** The table's rows as invariant points (primitive cells), with the table's energies as references. */
export function pointsFromTable(t: EnergyVolumeTable): InvariantPoint[] {
  return t.volume.map((v, k) => ({
    family: t.lattice, label: `${t.lattice} V=${Number(v.toFixed(4))} (${t.source})`, x: v, xLabel: "volume per atom (Å³)",
    element: t.element, structure: crystal(t.lattice, { volumePerAtom: v, primitive: true }, t.element),
    reference: t.energy[k], referenceSource: t.source,
  }));
}

export interface ReferenceOptions {
  /** Teacher or any calculator giving total energies. */
  calculator?: Calculator;
  /** Isolated-atom energies per element (eV). */
  isolated?: Record<string, number>;
}

/** Fill in references (returns new point objects; the structures are shared). */
export function assignReferences(points: InvariantPoint[], o: ReferenceOptions): InvariantPoint[] {
  return points.map((p) => {
    if (p.family === "isolated" && o.isolated?.[p.element] !== undefined) {
      return { ...p, reference: o.isolated[p.element], referenceSource: "user" };
    }
    if (p.reference !== undefined) return p;
    if (o.calculator) {
      const r = o.calculator.calculate(p.structure, { forces: false, stress: false });
      return { ...p, reference: r.energy / p.structure.length, referenceSource: o.calculator.name };
    }
    return p;
  });
}

// Invariant points from command-line options, shared by `aemap invariant` and `aemap train`
// (monitoring). Node-only: reads files.
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { readStructures, readText } from "../io/files-node.js";
import { resolveCalculator } from "../model/resolve.js";
import type { Calculator } from "../model/calculator.js";
import { generateInvariantPoints, parsePointsSpec, type InvariantPoint } from "../invariant/points.js";
import { pointsFromDataset } from "../invariant/detect.js";
import { assignReferences, parseEnergyVolumeTable, parseIsolatedAtom, pointsFromTable } from "../invariant/reference.js";

/** Generated points from a spec string, inline JSON, a JSON file, or "none". */
export function generatedPoints(spec: string): InvariantPoint[] {
  if (spec === "none") return [];
  if (existsSync(spec)) return generateInvariantPoints(parsePointsSpec(readText(spec), spec));
  return generateInvariantPoints(parsePointsSpec(spec));
}

/** Split reference items into structure files, E–V tables (LATTICE=FILE) and one calculator. */
export function referenceSources(items: string[], option = "--reference") {
  const datasets: string[] = [], tables: ReturnType<typeof parseEnergyVolumeTable>[] = [], calculators: Calculator[] = [];
  for (const x of items) {
    const m = /^([A-Za-z][A-Za-z-]*)=(.+)$/.exec(x);
    if (m && !existsSync(m[2])) throw new Error(`${option} ${x}: energy–volume table file '${m[2]}' not found`);
    if (m) tables.push(parseEnergyVolumeTable(readText(m[2]), m[2], m[1]));
    else if (existsSync(x)) datasets.push(x);
    else calculators.push(resolveCalculator(x, readText));
  }
  if (calculators.length > 1) throw new Error(`${option}: give at most one calculator, got ${calculators.map((c) => c.name).join(", ")}`);
  return { datasets, tables, calculator: calculators[0] };
}

/** Generated + tabulated + detected points, with references assigned. */
export function collectInvariantPoints(spec: string, referenceItems: string[], isolatedAtom: string[], option = "--reference"): InvariantPoint[] {
  const ref = referenceSources(referenceItems, option);
  const points = generatedPoints(spec);
  for (const t of ref.tables) points.push(...pointsFromTable(t));
  for (const f of ref.datasets) points.push(...pointsFromDataset(readStructures(f), { source: basename(f) }));
  return assignReferences(points, { calculator: ref.calculator, isolated: parseIsolatedAtom(isolatedAtom) });
}

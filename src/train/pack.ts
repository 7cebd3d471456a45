// Describe, scale and pack structures for training (descriptors → feature transform →
// WASM blocks of ./dataset.ts).
import type { Structure } from "../structure/structure.js";
import type { StructureDescriptors, FeatureTransformData, SymmetryFunction } from "../descriptors/types.js";
import { computeDescriptors, applyTransform, applyTransformToDerivatives } from "../descriptors/index.js";
import { packBlock, mergeEntries, type PackedBlock, type PackedStructure, type PackOptions } from "./dataset.js";
import { groupOf } from "./loss.js";

/**
 * Describe, scale and pack one structure. `elements` is the model's element order;
 * `transforms[e]` the fitted feature transform of element e.
 */
export function packStructure(s: Structure, index: number, functions: SymmetryFunction[], elements: string[],
  transforms: FeatureTransformData[], options: PackOptions): PackedStructure {
  if (s.energy === undefined) throw new Error(`structure ${index}: no reference energy`);
  const periodic = s.pbc.every((p) => p);
  const stress = options.stress && s.stress !== undefined && periodic;
  const desc: StructureDescriptors = computeDescriptors(s, functions, { derivatives: options.forces || stress, strain: stress });
  const counts = elements.map(() => 0);
  const blocks: PackedBlock[] = [];
  for (const b of desc.byElement) {
    const el = elements.indexOf(b.element);
    if (el < 0) throw new Error(`structure ${index}: element ${b.element} is not in the model (${elements.join(", ")})`);
    const t = transforms[el];
    const rows = b.atoms.length;
    counts[el] = rows;
    const x = applyTransform(t, b.values, rows);
    let deriv: { start: Int32Array; atom: Int32Array; deriv: Float64Array } | undefined;
    let strain: Float64Array | undefined;
    if (options.forces && b.deriv && b.derivStart && b.derivAtom) {
      const merged = mergeEntries(b.derivStart, b.derivAtom, b.deriv, rows, 3 * b.nfeatures);
      deriv = { start: merged.start, atom: merged.atom, deriv: applyTransformToDerivatives(t, merged.deriv, merged.atom.length * 3) };
    } else if (stress) {
      deriv = { start: new Int32Array(rows + 1), atom: new Int32Array(0), deriv: new Float64Array(0) };
    }
    if (stress && b.strainDeriv) strain = applyTransformToDerivatives(t, b.strainDeriv, rows * 6);
    blocks.push(packBlock(el, b.atoms, x, t.nOut, deriv, strain, s.length, options.f32 ?? false));
  }
  return {
    index, natoms: s.length, group: options.group ?? groupOf(s), weight: options.weight ?? 1,
    energy: s.energy, forces: options.forces ? s.forces : undefined, stress: stress ? s.stress : undefined,
    volume: periodic ? Math.abs(s.volume()) : 0, counts, blocks, strainEntries: stress,
  };
}

// Energies derived from a model that depend on the atomic-energy mapping, measured on ideal
// (unrelaxed) structures at the teacher's lattice constant a0 = 5.431 Å, for any Calculator (the
// teacher gives the reference values, a trained model the predictions):
//
//   diamond E/N at a0           ε_bulk = E(diamond, 2 atoms) / 2                     (eV/atom)
//   vacancy formation energy    E_f = E(63-atom cell: 2×2×2 diamond minus one atom) − 63 ε_bulk
//                               (unrelaxed; SW: 4.3366 eV, docs/science.md §2)
//   surface energy              γ = [E(slab) − N ε_bulk] / N_surface   (eV per surface atom)
//                               for the unreconstructed, unrelaxed (100) slab of 8 layers, 2×2 in
//                               plane, 10 Å vacuum; N_surface = atoms in its top and bottom layers.
// A model trained on 63-atom vacancy cells only can fit E(63-cell) and still be wrong about
// ε_bulk; then E_f is off by −63 δε_bulk (docs/science.md §1). The same holds for the slab.
import type { Calculator } from "../model/calculator.js";
import { crystal, supercell, vacancy } from "../structure/generators.js";
import { slab } from "../structure/slab.js";
import type { Structure } from "../structure/structure.js";

/** Lattice constant of the derived-energy structures (Å): the SW teacher's labelled data use it. */
export const A0 = 5.431;
/** (100) slab used for the surface energy. */
export const SURFACE_SLAB = { miller: [1, 0, 0] as [number, number, number], layers: 8, vacuum: 10, repeat: [2, 2] as [number, number] };

export interface DerivedEnergies {
  /** E/N of perfect diamond at a0, eV/atom. */
  diamondPerAtom: number;
  /** Unrelaxed vacancy formation energy in the 64-site cell, eV. */
  vacancyFormation: number;
  /** Unrelaxed (100) surface energy, eV per surface atom. */
  surfacePerAtom: number;
}

interface DerivedStructures {
  diamond: Structure;
  vacancy63: Structure;
  slab: Structure;
  surfaceAtoms: number;
}

let cache: DerivedStructures | null = null;

/** The three structures (built once). */
export function derivedStructures(): DerivedStructures {
  if (!cache) {
    const diamond = crystal("diamond", { a: A0, primitive: true });
    const cubic = crystal("diamond", { a: A0 });
    const s = slab(cubic, SURFACE_SLAB.miller, { layers: SURFACE_SLAB.layers, vacuum: SURFACE_SLAB.vacuum, repeat: SURFACE_SLAB.repeat });
    cache = { diamond, vacancy63: vacancy(supercell(cubic, 2, 2, 2), 0), slab: s, surfaceAtoms: (2 * s.length) / SURFACE_SLAB.layers };
  }
  return cache;
}

/** The derived energies of one calculator. */
export function derivedEnergies(calc: Calculator): DerivedEnergies {
  const d = derivedStructures();
  const e = (s: Structure) => calc.calculate(s, { forces: false, stress: false }).energy;
  const bulk = e(d.diamond) / d.diamond.length;
  return {
    diamondPerAtom: bulk,
    vacancyFormation: e(d.vacancy63) - d.vacancy63.length * bulk,
    surfacePerAtom: (e(d.slab) - d.slab.length * bulk) / d.surfaceAtoms,
  };
}

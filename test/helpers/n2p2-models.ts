// Test-only aemap models with seeded random weights, for the n2p2 / SIMPLE-NN interop tests.
import type { ModelData } from "../../src/model/model-file.js";
import type { ActivationName } from "../../src/model/network.js";
import { parameterCount } from "../../src/model/network.js";
import type { SymmetryFunction } from "../../src/descriptors/types.js";
import { computeDescriptors, fitFeatureTransform, functionsOf } from "../../src/descriptors/index.js";
import { Structure } from "../../src/structure/structure.js";
import { rng, diamond } from "./lattice.js";
import { BOHR, HARTREE } from "../../src/structure/units.js";

/** A model on `functions`, scaling fitted on `fit`, random weights (seeded). */
export function randomModel(functions: SymmetryFunction[], elements: string[], fit: Structure[], options: {
  hidden?: number[]; activation?: ActivationName; method?: ("minmax" | "meanstd" | "none")[]; pca?: boolean; seed?: number; ref?: number[];
} = {}): ModelData {
  const r = rng(options.seed ?? 1);
  const hidden = options.hidden ?? [6, 5];
  const transforms = elements.map((e, ei) => {
    const fs = functionsOf(functions, e);
    const rows: number[] = [];
    for (const s of fit) {
      const d = computeDescriptors(s, functions).byElement.find((b) => b.element === e);
      if (d) rows.push(...d.values);
    }
    const n = rows.length / fs.length;
    return fitFeatureTransform(Float64Array.from(rows), n, fs.length, e, { method: options.method?.[ei] ?? "minmax", pca: options.pca });
  });
  const networks = elements.map((e) => {
    const spec = { element: e, nIn: functionsOf(functions, e).length, hidden, activation: options.activation ?? "tanh" };
    return { ...spec, weights: Array.from({ length: parameterCount(spec) }, () => 0.8 * (2 * r() - 1)) };
  });
  return {
    format: "aemap-model", version: 1, codeVersion: "test", units: { energy: "eV", length: "Å" },
    elements, descriptors: functions, transforms, networks,
    referenceEnergies: Object.fromEntries(elements.map((e, i) => [e, options.ref?.[i] ?? -3.5 - i])),
  };
}

/** Two-element functions (Si, Ge) in a deliberately scrambled order, with G2, G4 and G5. */
export function siGeFunctions(): SymmetryFunction[] {
  const out: SymmetryFunction[] = [];
  for (const c of ["Si", "Ge"]) {
    out.push({ type: 3, centre: c, neighbours: ["Si", "Ge"], cutoff: 4.8, eta: 0.02, zeta: 2, lambda: -1 });
    out.push({ type: 2, centre: c, neighbours: ["Ge"], cutoff: 5.0, eta: 0.3, rs: 1.5 });
    out.push({ type: 9, centre: c, neighbours: ["Si", "Si"], cutoff: 5.0, eta: 0.01, zeta: 1, lambda: 1 });
    out.push({ type: 2, centre: c, neighbours: ["Si"], cutoff: 5.0, eta: 0.05, rs: 0 });
    out.push({ type: 3, centre: c, neighbours: ["Si", "Si"], cutoff: 4.8, eta: 0.02, zeta: 1, lambda: 1 });
    out.push({ type: 2, centre: c, neighbours: ["Si"], cutoff: 4.5, eta: 0.5, rs: 2.0 });
    out.push({ type: 9, centre: c, neighbours: ["Ge", "Ge"], cutoff: 5.0, eta: 0.01, zeta: 4, lambda: -1 });
    out.push({ type: 2, centre: c, neighbours: ["Ge"], cutoff: 5.0, eta: 0.05, rs: 0 });
  }
  return out;
}

/** Rattled 8-atom diamond cell with Si and Ge alternating (seeded). */
export function rattledSiGe(seed = 7, amplitude = 0.15): Structure {
  const d = diamond(5.5, 1);
  const r = rng(seed);
  const pos = Array.from(d.positions, (x) => x + amplitude * (2 * r() - 1));
  return new Structure({ symbols: d.symbols.map((_, i) => (i % 2 ? "Ge" : "Si")), positions: pos, cell: Array.from(d.cell), pbc: true });
}

/**
 * An input.nn written by aemap (Å, eV) rewritten as a RuNNer-convention file in Bohr and Hartree:
 * η·BOHR², rs and rc / BOHR, atom_energy / HARTREE, and conv_energy = HARTREE so the network
 * output (in eV) is read as Hartree-normalised.
 */
export function toBohrHartree(inputNn: string): string {
  return inputNn.split("\n").map((l) => {
    const t = l.trim().split(/\s+/);
    if (t[0] === "atom_energy") return `atom_energy ${t[1]} ${Number(t[2]) / HARTREE}`;
    if (t[0] !== "symfunction_short") return l;
    const v = t.map(Number);
    if (t[2] === "2") return `${t.slice(0, 4).join(" ")} ${v[4] * BOHR * BOHR} ${v[5] / BOHR} ${v[6] / BOHR}`;
    return `${t.slice(0, 5).join(" ")} ${v[5] * BOHR * BOHR} ${t[6]} ${t[7]} ${v[8] / BOHR}`;
  }).join("\n") + `mean_energy 0\nconv_energy ${HARTREE}\nconv_length 1.0\n`;
}

// The units record of machine-readable output (docs/units.md). Every JSON record aemap writes with
// physical numbers — a line of the training log, `evaluate --json`, `invariant --json`,
// `info --json`, `eos --json` — carries `units`: an object mapping each unit-bearing key of the
// record to its unit. A key has the same unit wherever it appears in the record (e.g. `energyRmse` in
// `train`, `valid` and every group is eV/atom).

/** Unit of each key that holds a physical number, in any record. */
export const KEY_UNITS: Readonly<Record<string, string>> = Object.freeze({
  // errors of energies, forces, stresses (training log, evaluate)
  energyRmse: "eV/atom", energyMae: "eV/atom",
  forceRmse: "eV/Å", forceMae: "eV/Å",
  stressRmse: "GPa", stressMae: "GPa",
  loss: "(eV/atom)²",
  time: "s",
  // invariant points
  predicted: "eV/atom", reference: "eV/atom", error: "eV/atom", spread: "eV",
  maeMeV: "meV/atom", maxMeV: "meV/atom", errorMeV: "meV/atom",
  // data-set summaries
  energyPerAtom: "eV/atom", volume: "Å³", volumePerAtom: "Å³/atom", cutoff: "Å", distance: "Å",
  // equation of state (eos --json): Birch–Murnaghan fit
  e0: "eV/atom", v0: "Å³/atom", b0: "GPa", a0: "Å", residualRms: "eV/atom",
});

/** The units of the keys of KEY_UNITS that occur anywhere in `value`, sorted by key. */
export function unitsOf(value: unknown): Record<string, string> {
  const found = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) { for (const x of v) visit(x); return; }
    if (v === null || typeof v !== "object" || ArrayBuffer.isView(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (k in KEY_UNITS) found.add(k);
      visit(x);
    }
  };
  visit(value);
  return Object.fromEntries([...found].sort().map((k) => [k, KEY_UNITS[k]]));
}

/** `record` with its units record added. */
export function withUnits<T extends object>(record: T): T & { units: Record<string, string> } {
  return { ...record, units: unitsOf(record) };
}

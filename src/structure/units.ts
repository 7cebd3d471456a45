// Units. Inside aemap: Å, eV, eV/Å, eV/Å³ (stress). Every other unit is a factor from the
// CODATA 2018 values below: converting in is a multiplication (x_kbar * KBAR), out a division.
// No other file holds a conversion constant.

/** Elementary charge (C), CODATA 2018 exact. */
const ELEMENTARY_CHARGE = 1.602176634e-19;
/** Hartree energy in eV, CODATA 2018. */
export const HARTREE = 27.211386245988;
/** Bohr radius in Å, CODATA 2018. */
export const BOHR = 0.529177210903;
/** One GPa in eV/Å³: 1e9 Pa · 1e-30 m³ / e. */
export const GPA = 1e9 * 1e-30 / ELEMENTARY_CHARGE;
/** One kBar (0.1 GPa) in eV/Å³. */
export const KBAR = 0.1 * GPA;
/** Ry in eV. */
export const RYDBERG = HARTREE / 2;
/** Boltzmann constant in eV/K, CODATA 2018 exact. */
export const KB = 8.617333262e-5;
/** Atomic mass unit in eV·fs²/Å² (so that F/m is Å/fs² with F in eV/Å, m in amu). */
export const AMU = 1.66053906660e-27 * 1e10 / ELEMENTARY_CHARGE; // 1 kg = 1e10/e eV·fs²/Å²

/** Length units accepted by readers, in Å. */
export const LENGTH_UNITS: Record<string, number> = { angstrom: 1, bohr: BOHR, nm: 10 };
/** Energy units accepted by readers, in eV. */
export const ENERGY_UNITS: Record<string, number> = { ev: 1, hartree: HARTREE, ry: RYDBERG, mev: 1e-3 };

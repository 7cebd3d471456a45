// Chemical elements: symbol <-> atomic number, and standard atomic masses (amu).
const SYMBOLS = (
  "X H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr " +
  "Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb " +
  "Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr"
).split(" ");

const MASSES: Record<string, number> = {
  H: 1.008, He: 4.0026, Li: 6.94, Be: 9.0122, B: 10.81, C: 12.011, N: 14.007, O: 15.999, F: 18.998,
  Ne: 20.180, Na: 22.990, Mg: 24.305, Al: 26.982, Si: 28.0855, P: 30.974, S: 32.06, Cl: 35.45, Ar: 39.948,
  K: 39.098, Ca: 40.078, Ti: 47.867, Fe: 55.845, Ni: 58.693, Cu: 63.546, Zn: 65.38, Ga: 69.723,
  Ge: 72.630, As: 74.922, Se: 78.971, Ag: 107.87, Cd: 112.41, In: 114.82, Sn: 118.71, Sb: 121.76, Te: 127.60,
  Au: 196.97, Hg: 200.59, Pt: 195.08, W: 183.84, Mo: 95.95,
};

const NUMBER = new Map(SYMBOLS.map((s, z) => [s, z]));

/** Atomic number of an element symbol, or undefined when the symbol is not an element. */
export function atomicNumber(symbol: string): number | undefined {
  const z = NUMBER.get(symbol);
  return z === undefined || z === 0 ? undefined : z;
}

/** Element symbol of an atomic number (1..103). */
export function elementSymbol(z: number): string | undefined {
  return z >= 1 && z < SYMBOLS.length ? SYMBOLS[z] : undefined;
}

export function isElement(symbol: string): boolean {
  return atomicNumber(symbol) !== undefined;
}

/** Standard atomic mass in amu (throws for elements without a tabulated mass). */
export function atomicMass(symbol: string): number {
  const m = MASSES[symbol];
  if (m === undefined) throw new Error(`no atomic mass tabulated for element '${symbol}'`);
  return m;
}

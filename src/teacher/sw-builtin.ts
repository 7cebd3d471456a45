// The Stillinger–Weber parameter sets built into aemap (--model sw:Si, sw:GaN, sw:CdTe): the
// texts of data/potentials/*.sw (sources and citations in data/potentials/README.md), kept
// here so the library needs no file access; a test checks the two are identical.
import { parseSwFile } from "./sw-file.js";
import type { SwPotential } from "./sw-parameters.js";

/** The built-in files, by name. */
export const BUILTIN_SW_FILES: Readonly<Record<string, string>> = Object.freeze({
  Si: `# UNITS: metal CITATION: Stillinger and Weber, Phys. Rev. B 31, 5262 (1985)
# Silicon, the original Stillinger–Weber parameters: aemap's default teacher (sw, sw:Si).
# The numbers of LAMMPS potentials/Si.sw, except cos θ0 = −1/3 written to double precision
# (LAMMPS' file rounds it to 12 digits).
#
#        ε       σ      a    λ    γ    cos θ0               A           B            p   q   tol
Si Si Si 2.1683  2.0951 1.80 21.0 1.20 -0.3333333333333333  7.049556277 0.6022245584 4.0 0.0 0.0
`,
  GaN: `# UNITS: metal CITATION: Bere and Serra, Phil. Mag. 86, 2159 (2006)
# Gallium nitride (sw:GaN): the numbers of LAMMPS potentials/GaN.sw (dated 2008-01-29).
# The paper gives pair parameters. The mixed three-body lines i j k (j ≠ k) take λ = 32.5 and
# ε = √(ε_ij ε_ik), the geometric mean of the two pair energies (√(1.2 · 2.17) = 1.6136914 eV);
# only their λ, ε and cos θ0 are used (σ, a, γ of each leg come from the lines i j j and i k k).
#
#          ε         σ     a   λ    γ   cos θ0          A     B    p   q   tol
Ga Ga Ga 1.2000000 2.100 1.6 32.5 1.2 -0.333333333333 7.917 0.72 4.0 0.0 0.0
N  N  N  1.2000000 1.300 1.8 32.5 1.2 -0.333333333333 7.917 0.72 4.0 0.0 0.0
Ga Ga N  1.6136914 0.0   0.0 32.5 0.0 -0.333333333333 0.0   0.0  0.0 0.0 0.0
Ga N  N  2.1700000 1.695 1.8 32.5 1.2 -0.333333333333 7.917 0.72 4.0 0.0 0.0
N  Ga Ga 2.1700000 1.695 1.8 32.5 1.2 -0.333333333333 7.917 0.72 4.0 0.0 0.0
N  Ga N  1.6136914 0.0   0.0 32.5 0.0 -0.333333333333 0.0   0.0  0.0 0.0 0.0
N  N  Ga 1.6136914 0.0   0.0 32.5 0.0 -0.333333333333 0.0   0.0  0.0 0.0 0.0
Ga N  Ga 1.6136914 0.0   0.0 32.5 0.0 -0.333333333333 0.0   0.0  0.0 0.0 0.0
`,
  CdTe: `# UNITS: metal CITATION: Wang, Stroud and Markworth, Phys. Rev. B 40, 3129 (1989)
# Cadmium telluride (sw:CdTe): the numbers of LAMMPS potentials/CdTe.sw (dated 2007-06-11).
# The paper gives pair parameters; here every three-body ε is 1.03 eV and λ = 25, and the
# pair parameters of Cd–Te sit on the lines Cd Te Te and Te Cd Cd.
#
#        ε    σ    a    λ    γ    cos θ0          A      B      p   q   tol
Cd Cd Cd 1.03 2.51 1.80 25.0 1.20 -0.333333333333 5.1726 0.8807 4.0 0.0 0.0
Te Te Te 1.03 2.51 1.80 25.0 1.20 -0.333333333333 8.1415 0.6671 4.0 0.0 0.0
Cd Cd Te 1.03 0.0  0.0  25.0 0.0  -0.333333333333 0.0    0.0    0.0 0.0 0.0
Cd Te Te 1.03 2.51 1.80 25.0 1.20 -0.333333333333 7.0496 0.6022 4.0 0.0 0.0
Te Cd Cd 1.03 2.51 1.80 25.0 1.20 -0.333333333333 7.0496 0.6022 4.0 0.0 0.0
Te Cd Te 1.03 0.0  0.0  25.0 0.0  -0.333333333333 0.0    0.0    0.0 0.0 0.0
Te Te Cd 1.03 0.0  0.0  25.0 0.0  -0.333333333333 0.0    0.0    0.0 0.0 0.0
Cd Te Cd 1.03 0.0  0.0  25.0 0.0  -0.333333333333 0.0    0.0    0.0 0.0 0.0
`,
});

/** Names of the built-in parameter sets. */
export const BUILTIN_SW_NAMES = Object.keys(BUILTIN_SW_FILES);

const cache = new Map<string, SwPotential>();

/** The built-in potential `name` (Si, GaN, CdTe), or undefined for another name. */
export function builtinSwPotential(name: string): SwPotential | undefined {
  if (!Object.hasOwn(BUILTIN_SW_FILES, name)) return undefined;
  if (!cache.has(name)) cache.set(name, parseSwFile(BUILTIN_SW_FILES[name], `data/potentials/${name}.sw`, name));
  return cache.get(name);
}

/**
 * The potential a name stands for: a built-in set (Si, GaN, CdTe) or else the path of a LAMMPS
 * `.sw` file, read with `readText` (write ./GaN to read a file of that name).
 */
export function swPotentialFromSpec(name: string, readText: (path: string) => string): SwPotential {
  const builtin = builtinSwPotential(name);
  if (builtin) return builtin;
  let text: string;
  try {
    text = readText(name);
  } catch (e) {
    throw new Error(`sw:${name}: not a built-in parameter set (${BUILTIN_SW_NAMES.join(", ")}), and the file ${name} cannot be read (${(e as Error).message})`);
  }
  return parseSwFile(text, name, name);
}

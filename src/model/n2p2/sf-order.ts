// The order of n2p2's network inputs. n2p2 does not keep the symfunction_short line order: it
// sorts each element's functions (Element::sortSymmetryFunctions with SymFnc*::operator<) by
//   type number (2 < 3 < 9), cutoff type, cutoff alpha, rc, η, rs, then
//   radial:  e1                       angular: ζ, λ, e1, e2
// where elements compare by their index in the element map (= by atomic number) and the pair
// (e1, e2) of an angular function is stored with e1 ≤ e2. Input neuron k of an n2p2 network and
// line k of an element's block in scaling.data follow this sorted order.
import { atomicNumber } from "../../structure/elements.js";
import { TYPE_NUMBERS } from "../../descriptors/params.js";
import type { SymmetryFunction } from "../../descriptors/types.js";

function key(f: SymmetryFunction): number[] {
  const z = f.neighbours.map((e) => atomicNumber(e) ?? 0).sort((a, b) => a - b);
  const head = [TYPE_NUMBERS[f.type].n2p2, f.cutoff, f.eta, f.type === "G2" ? f.rs ?? 0 : 0];
  return f.type === "G2" ? [...head, z[0]] : [...head, f.zeta!, f.lambda!, z[0], z[1]];
}

function compare(a: SymmetryFunction, b: SymmetryFunction): number {
  const ka = key(a), kb = key(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

/**
 * n2p2's order of the functions of one centre element: returns `perm` with perm[k] = the position
 * (in `functions`) of n2p2 input k. Throws on duplicate functions (n2p2's order would be ambiguous).
 */
export function n2p2Order(functions: SymmetryFunction[], where = "symmetry functions"): number[] {
  const perm = functions.map((_, i) => i).sort((i, j) => compare(functions[i], functions[j]) || i - j);
  for (let k = 1; k < perm.length; k++) {
    if (compare(functions[perm[k - 1]], functions[perm[k]]) === 0) {
      throw new Error(`${where}: functions ${perm[k - 1] + 1} and ${perm[k] + 1} of ${functions[0].centre} are identical`);
    }
  }
  return perm;
}

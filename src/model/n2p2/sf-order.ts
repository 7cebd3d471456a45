// The order of n2p2's network inputs. n2p2 does not keep the symfunction_short line order: it
// sorts each element's functions (Element::sortSymmetryFunctions with SymFnc*::operator<) by
// type number, then
//   types 2–13:  cutoff type, cutoff alpha, rc, η, rs, then ζ, λ (3, 9, 13), then e1 (2) or e1, e2 (3, 9)
//   types 20–25: subtype (as a string), then e1 (20) or e1, e2 (21, 22), then rc, rl, then
//                θ_l, θ_r (21, 22, 24, 25)
// where elements compare by their index in the element map (= by atomic number) and the pair
// (e1, e2) of an angular function is stored with e1 ≤ e2. Input neuron k of an n2p2 network and
// line k of an element's block in scaling.data follow this sorted order.
import { atomicNumber } from "../../structure/elements.js";
import { CUTOFF_TYPES, TYPES } from "../../descriptors/sets.js";
import type { SymmetryFunction } from "../../descriptors/types.js";

function key(f: SymmetryFunction): (number | string)[] {
  const z = f.neighbours.map((e) => atomicNumber(e) ?? 0).sort((a, b) => a - b);
  const t = TYPES[f.type];
  if (t.compact) {
    const ends = [f.cutoff, f.rl!, ...(t.angular ? [f.thetaL!, f.thetaR!] : [])];
    return [f.type, f.subtype!, ...z, ...ends];
  }
  const head = [f.type, CUTOFF_TYPES.indexOf(f.cutoffType ?? "cos"), f.cutoffAlpha ?? 0, f.cutoff, f.eta!, f.rs ?? 0];
  return [...head, ...(t.angular ? [f.zeta!, f.lambda!] : []), ...z];
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

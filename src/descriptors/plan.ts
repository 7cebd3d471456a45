// The parameter table ("plan") the WASM kernels read (layout: assembly/symfunc.ts header).
// Built once per function set: radial terms shared between functions with equal (η, Rs, Rc),
// angular functions grouped by (G4/G5, η, Rc) so that one pair factor serves all (ζ, λ).
import { elementsOf, functionsOf, validateFunctions } from "./sets.js";
import type { SymmetryFunction } from "./types.js";

export interface Plan {
  /** Elements of the set by atomic number; the kernel's element index is the position here. */
  elements: string[];
  /** Centre elements with at least one function, in `elements` order. */
  centres: string[];
  /** Number of functions (columns) per element index (0 when it is never a centre). */
  nfeat: number[];
  table: Float64Array;
  /** Per element index: offset of its section in `table`, −1 when it has no functions. */
  offset: Int32Array;
  cutoff: number;
}

const cache = new WeakMap<SymmetryFunction[], Plan>();

/** The plan of a set (cached per array: do not mutate a set after its first use). */
export function planOf(functions: SymmetryFunction[]): Plan {
  let p = cache.get(functions);
  if (!p) {
    p = buildPlan(functions);
    cache.set(functions, p);
  }
  return p;
}

function buildPlan(functions: SymmetryFunction[]): Plan {
  validateFunctions(functions);
  if (functions.length === 0) throw new Error("symmetry functions: the set is empty");
  const elements = elementsOf(functions);
  const index = new Map(elements.map((e, q) => [e, q]));
  const table: number[] = [];
  const offset = new Int32Array(elements.length).fill(-1);
  const nfeat = elements.map(() => 0);
  const centres: string[] = [];
  let cutoff = 0;
  for (const [ei, el] of elements.entries()) {
    const fs = functionsOf(functions, el);
    if (fs.length === 0) continue;
    centres.push(el);
    offset[ei] = table.length;
    nfeat[ei] = fs.length;
    const terms: number[][] = [];
    const term = (eta: number, rs: number, rc: number): number => {
      let t = terms.findIndex((x) => x[0] === eta && x[1] === rs && x[2] === rc);
      if (t < 0) { t = terms.length; terms.push([eta, rs, rc]); }
      return t;
    };
    const g2: number[][] = [];
    const groups = new Map<string, { t: number; jk: number; eta: number; rc: number; fun: number[][] }>();
    fs.forEach((f, col) => {
      cutoff = Math.max(cutoff, f.cutoff);
      if (f.type === "G2") {
        g2.push([term(f.eta, f.rs ?? 0, f.cutoff), index.get(f.neighbours[0])!, col]);
        return;
      }
      const jk = f.type === "G4" ? 1 : 0;
      const key = `${jk} ${f.eta} ${f.cutoff}`;
      let g = groups.get(key);
      if (!g) { g = { t: term(f.eta, 0, f.cutoff), jk, eta: f.eta, rc: f.cutoff, fun: [] }; groups.set(key, g); }
      const [a, b] = [index.get(f.neighbours[0])!, index.get(f.neighbours[1])!].sort((x, y) => x - y);
      g.fun.push([a, b, f.zeta!, f.lambda!, col, 2 ** (1 - f.zeta!)]);
    });
    table.push(fs.length, terms.length, ...terms.flat(), g2.length, ...g2.flat());
    const sorted = [...groups.values()].sort((x, y) => x.rc - y.rc); // kernel reuses fc(r_jk) per Rc
    table.push(sorted.length);
    for (const g of sorted) table.push(g.t, g.jk, g.eta, g.rc, g.fun.length, ...g.fun.flat());
  }
  return { elements, centres, nfeat, table: new Float64Array(table), offset, cutoff };
}

/** Element index of every atom (−1 for elements outside the set); throws for atoms without functions. */
export function atomTypes(plan: Plan, symbols: string[]): Int32Array {
  const index = new Map(plan.elements.map((e, q) => [e, q]));
  const out = new Int32Array(symbols.length);
  symbols.forEach((s, i) => {
    const q = index.get(s);
    if (q === undefined || plan.offset[q] < 0) {
      throw new Error(`atom ${i} (${s}): the symmetry-function set has no functions centred on ${s} (set elements: ${plan.centres.join(", ")})`);
    }
    out[i] = q;
  });
  return out;
}

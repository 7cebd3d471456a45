// The parameter table ("plan") the WASM kernels read (layout: assembly/symfunc.ts header).
// Built once per function set: radial terms R(r) = g(r)·w(r) shared between functions with equal
// parameters, angular functions grouped by (radial term, narrow/wide, weighted) so that one pair
// factor serves all their angular parts (docs/descriptors.md).
import { atomicNumber } from "../structure/elements.js";
import { CUTOFF_TYPES, TYPES, elementsOf, functionsOf, isWeighted, validateFunctions } from "./sets.js";
import type { CompactSubtype, SymmetryFunction } from "./types.js";

// Window codes of assembly/cutoff.ts: 0–8 the cutoff types (CUTOFF_TYPES order), 16 + core for the
// compact functions, 32 + core for their "a" subtypes; core 4 exp, 5–8 poly1–poly4.
const W_COMPACT = 16, W_ASYM = 32;
const CORE: Record<string, number> = { e: 4, p1: 5, p2: 6, p3: 7, p4: 8 };
// Angular part kinds of assembly/angular.ts.
const SHAPE_BEHLER = 0, SHAPE_COMPACT = 1;

/** Core-function code of a compact subtype, and whether it is an "a" subtype. */
function coreOf(subtype: CompactSubtype): { core: number; asym: boolean } {
  return { core: CORE[subtype.slice(0, 2)], asym: subtype.endsWith("a") };
}

/** The radial term [η, rs, rc, window code, p] of a function (p = α, or r_l for the compact types). */
function termOf(f: SymmetryFunction): number[] {
  if (TYPES[f.type].compact) {
    const { core, asym } = coreOf(f.subtype!);
    return [0, 0, f.cutoff, (asym ? W_ASYM : W_COMPACT) + core, f.rl!];
  }
  return [f.eta!, f.rs ?? 0, f.cutoff, CUTOFF_TYPES.indexOf(f.cutoffType ?? "cos"), f.cutoffAlpha ?? 0];
}

/** The angular part [kind, p1, p2, p3] of an angular function. */
function shapeOf(f: SymmetryFunction): number[] {
  if (TYPES[f.type].compact) return [SHAPE_COMPACT, (f.thetaL! * Math.PI) / 180, (f.thetaR! * Math.PI) / 180, coreOf(f.subtype!).core];
  return [SHAPE_BEHLER, f.zeta!, f.lambda!, 2 ** (1 - f.zeta!)];
}

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
  // Header: the elements' atomic numbers (weights of the weighted types).
  const table: number[] = [elements.length, ...elements.map((e) => atomicNumber(e)!)];
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
    const term = (x: number[]): number => {
      let t = terms.findIndex((y) => y.every((v, q) => v === x[q]));
      if (t < 0) { t = terms.length; terms.push(x); }
      return t;
    };
    const radial: number[][] = [];
    const groups = new Map<string, { t: number; narrow: number; weighted: number; fun: number[][] }>();
    fs.forEach((f, col) => {
      cutoff = Math.max(cutoff, f.cutoff);
      const t = term(termOf(f)), weighted = isWeighted(f) ? 1 : 0;
      if (!TYPES[f.type].angular) {
        radial.push([t, weighted ? -1 : index.get(f.neighbours[0])!, col, weighted]);
        return;
      }
      const narrow = TYPES[f.type].narrow ? 1 : 0;
      const key = `${t} ${narrow} ${weighted}`;
      let g = groups.get(key);
      if (!g) { g = { t, narrow, weighted, fun: [] }; groups.set(key, g); }
      const [a, b] = weighted ? [-1, -1] : [index.get(f.neighbours[0])!, index.get(f.neighbours[1])!].sort((x, y) => x - y);
      g.fun.push([a, b, col, ...shapeOf(f)]);
    });
    table.push(fs.length, terms.length, ...terms.flat(), radial.length, ...radial.flat());
    // Groups sorted by the window of their term (rc, code, p): the kernel reuses w(r_jk) between equal windows.
    const win = (g: { t: number }) => [terms[g.t][2], terms[g.t][3], terms[g.t][4]];
    const sorted = [...groups.values()].sort((x, y) => {
      const wx = win(x), wy = win(y);
      for (let q = 0; q < 3; q++) if (wx[q] !== wy[q]) return wx[q] - wy[q];
      return 0;
    });
    table.push(sorted.length);
    for (const g of sorted) table.push(g.t, g.narrow, g.weighted, g.fun.length, ...g.fun.flat());
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

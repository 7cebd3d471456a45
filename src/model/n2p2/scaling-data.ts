// n2p2 `scaling.data`: symmetry-function statistics, one line per function, written by
// nnp-scaling and read by every n2p2 program (Mode::setupSymmetryFunctionScaling):
//   <element index> <function index> <Gmin> <Gmax> <Gmean> <Gsigma>
// Element index: 1-based position in the element map (elements sorted by atomic number).
// Function index: 1-based, in n2p2's sorted order (sf-order.ts). Lines starting with `#` are
// comments; old files may lack the sigma column. How the statistics scale G is chosen by input.nn:
//   scale_symmetry_functions                      x = Smin + (Smax − Smin)(G − Gmin)/(Gmax − Gmin)
//   center_symmetry_functions                     x = G − Gmean
//   both of the above                             x = Smin + (Smax − Smin)(G − Gmean)/(Gmax − Gmin)
//   scale_symmetry_functions_sigma                x = Smin + (Smax − Smin)(G − Gmean)/Gsigma
//   none                                          x = G
// (Smin, Smax = scale_min_short, scale_max_short; n2p2's defaults are 0 and 0 — always write them.)
// Symmetry-function values are dimensionless, so this file does not depend on length units.
import { fmt } from "./input-nn.js";

export interface ScalingRow {
  gmin: number;
  gmax: number;
  gmean: number;
  gsigma: number;
  /** 1-based line in the file (0 when made in memory). */
  line: number;
}

/** Rows per element index (0-based) and function index (0-based). */
export type ScalingTable = ScalingRow[][];

export function parseScalingData(text: string, filename = "scaling.data"): ScalingTable {
  const table: ScalingTable = [];
  text.split(/\r?\n/).forEach((raw, q) => {
    const line = q + 1;
    const body = raw.trim();
    if (body === "" || body.startsWith("#")) return;
    const t = body.split(/\s+/);
    if (t.length < 5) throw new Error(`${filename}:${line}: expected '<element> <function> <Gmin> <Gmax> <Gmean> [<Gsigma>]', got ${t.length} columns`);
    const v = t.slice(0, 6).map(Number);
    if (v.some((x) => !Number.isFinite(x))) throw new Error(`${filename}:${line}: expected numbers, got '${body}'`);
    const [e, f] = v;
    if (!Number.isInteger(e) || e < 1 || !Number.isInteger(f) || f < 1) throw new Error(`${filename}:${line}: element and function indices must be integers ≥ 1, got ${t[0]} ${t[1]}`);
    (table[e - 1] ??= []);
    if (table[e - 1][f - 1]) throw new Error(`${filename}:${line}: element ${e} function ${f} listed twice`);
    table[e - 1][f - 1] = { gmin: v[2], gmax: v[3], gmean: v[4], gsigma: v.length > 5 ? v[5] : NaN, line };
  });
  return table;
}

/** scaling.data text; rows[e][k] for element index e (0-based), n2p2 function k. */
export function writeScalingData(rows: ScalingTable, header: string[] = []): string {
  const out = [...header.map((h) => `# ${h}`), "#  el   sf                     Gmin                     Gmax                    Gmean                   Gsigma"];
  rows.forEach((list, e) => list.forEach((r, k) => {
    out.push(`${String(e + 1).padStart(4)} ${String(k + 1).padStart(4)} ${fmt(r.gmin).padStart(24)} ${fmt(r.gmax).padStart(24)} ${fmt(r.gmean).padStart(24)} ${fmt(r.gsigma).padStart(24)}`);
  }));
  return out.join("\n") + "\n";
}

// Reports of an invariant-point evaluation: a text table, JSON, and self-contained SVG figures
//   energy-volume.svg   atomic energy vs volume per atom, model solid, reference dashed with open
//                       markers; one panel per lattice when there are more than three (small multiples)
//   clusters.svg        atomic energy vs bond length (dimer, triangle, tetrahedron)
//   strain.svg          atomic energy vs strain (strained diamond)
//   parity.svg          model vs reference atomic energy, one series per family
//   training.svg        invariant error and energy RMSE vs epoch (from a training log)
// Browser-safe: returns texts; the CLI writes them.
import { linePlot, panelPlot, parityPlot, type Series } from "../report/svg.js";
import { fixed as fixedText } from "../report/format.js";
import type { InvariantEvaluation, PointResult } from "./evaluate.js";
import type { KnownTruthReport } from "./known-truth.js";

/** Fixed-point text, "-" when missing, never a negative zero (src/report/format.ts). */
const fixed = (digits: number) => (x: number | undefined) => fixedText(x, digits, "-");
const f1 = fixed(1), f3 = fixed(3), f6 = fixed(6);

function pad(cells: string[], widths: number[], rightAlign: boolean[]): string {
  return cells.map((c, k) => (rightAlign[k] ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join("  ").trimEnd();
}

function table(header: string[], rows: string[][], rightAlign: boolean[]): string[] {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  return [pad(header, widths, rightAlign), pad(widths.map((w) => "-".repeat(w)), widths, rightAlign), ...rows.map((r) => pad(r, widths, rightAlign))];
}

/**
 * Text report: one row per point (points outside the training range in a table of their own),
 * then per-family and overall MAE / max error (meV/atom) over the points inside the range.
 */
export function formatEvaluation(ev: InvariantEvaluation): string {
  const lines: string[] = [`Invariant points of model ${ev.model}: atomic energy (eV/atom), error = model − reference (meV/atom)`, ""];
  const hasRange = ev.outsideRange !== undefined;
  const hasDist = ev.points.some((p) => p.distance !== undefined);
  const header = ["point", "atoms", "model", "reference", "source", "error", "spread", ...(hasRange ? ["outside"] : []), ...(hasDist ? ["distance"] : [])];
  const row = (p: PointResult) => [
    p.label, String(p.natoms), f6(p.predicted), f6(p.reference), p.referenceSource ?? "-",
    f1(p.error === undefined ? undefined : 1000 * p.error), f1(1000 * p.spread),
    ...(hasRange ? [p.outside ? (p.outsideFeatures ? `yes (${p.outsideFeatures})` : "far") : "no"] : []), ...(hasDist ? [f3(p.distance)] : []),
  ];
  const align = [false, true, true, true, false, true, true, false, true];
  const apart = hasRange && !ev.includeOutside;
  const inside = apart ? ev.points.filter((p) => !p.outside) : ev.points;
  const outside = apart ? ev.points.filter((p) => p.outside) : [];
  if (inside.length) lines.push(...table(header, inside.map(row), align));
  if (outside.length) {
    if (inside.length) lines.push("");
    lines.push(`Not covered by the training data (${outside.length} points; the model extrapolates there, so these errors are not averaged below):`);
    lines.push(...table(header, outside.map(row), align));
  }
  lines.push("");
  const fam = ev.families.map((f) => [f.family, String(f.points), String(f.withReference), f1(f.maeMeV), f1(f.maxMeV), String(f.outside)]);
  fam.push(["all", String(ev.overall.points), String(ev.overall.withReference), f1(ev.overall.maeMeV), f1(ev.overall.maxMeV), String(ev.overall.outside)]);
  const counted = !hasRange ? "with ref" : ev.includeOutside ? "with ref" : "covered";
  lines.push(...table(["family", "points", counted, "MAE meV/atom", "max meV/atom", "not covered"], fam, [false, true, true, true, true, true]));
  if (apart && ev.outsideRange!.withReference > 0) {
    const o = ev.outsideRange!;
    lines.push(`not covered: ${o.withReference} points with a reference, MAE ${f1(o.maeMeV)}, max ${f1(o.maxMeV)} meV/atom (extrapolation; not in the MAE above)`);
  }
  lines.push("");
  if (!hasRange) lines.push("Training coverage unknown (give --train FILES, or a model written by aemap train): every point is averaged, extrapolated ones included.");
  else if (ev.includeOutside) lines.push("All points averaged, those the training data do not cover included (--all-points).");
  else if (ev.overall.withReference === 0) lines.push("No point with a reference is covered by the training data: nothing here tests the atomic-energy mapping. Choose points like the training structures (README, \"Check the atomic energies\").");
  if (hasRange && hasDist) lines.push("outside: yes (n) = n descriptor features beyond the training min/max; far = nearest training atom farther than the limit (--max-distance); distance: RMS per feature to the nearest training atom in scaled space.");
  else if (hasRange) lines.push("outside: yes (n) = n descriptor features beyond the training min/max saved in the model (give --train FILES to also test the distance to the nearest training atom).");
  lines.push("spread: max − min of the model's per-atom energies (meV); ≈ 0 at a true invariant point.");
  return lines.join("\n") + "\n";
}

/** Text table of a known-truth comparison by environment class. */
export function formatKnownTruth(k: KnownTruthReport): string {
  const rows = k.classes.map((c) => [String(c.id), c.label, String(c.atoms), f3(c.meanTeacher), f3(c.meanModel), f1(c.meanErrorMeV), f1(c.rmseMeV)]);
  rows.push(["", "all", String(k.atoms), "", "", f1(k.meanErrorMeV), f1(k.rmseMeV)]);
  return [
    `Atomic energies vs teacher (${k.key}), by environment class (${k.method}); errors model − teacher in meV:`, "",
    ...table(["class", "label", "atoms", "teacher eV", "model eV", "mean error", "RMSE"], rows, [true, false, true, true, true, true, true]),
    "",
  ].join("\n");
}

/** Families drawn in one panel at most; more get one panel each (small multiples). */
const MAX_FAMILIES_PER_PANEL = 3;

/** Size of single-panel figures (pixels); panels of small multiples keep their own size. */
export interface FigureSize {
  width?: number;
  height?: number;
}

/**
 * Model (solid, filled markers) and reference (dashed, open markers) per family, for the families
 * given: one panel when there are few, else one panel per family.
 */
function familyPlot(points: PointResult[], families: string[], title: string, xLabel: string, size: FigureSize): string {
  const seriesOf = (fam: string): Series[] => {
    const ps = points.filter((p) => p.family === fam).sort((a, b) => a.x - b.x);
    // Detected dataset points (e.g. strained cells at one volume) are not a curve: markers only.
    const style = fam.startsWith("dataset") ? "points" as const : undefined;
    const out: Series[] = [{ name: `${fam} model`, family: fam, x: ps.map((p) => p.x), y: ps.map((p) => p.predicted), style, labels: ps.map((p) => p.label) }];
    const withRef = ps.filter((p) => p.reference !== undefined);
    if (withRef.length) {
      out.push({ name: `${fam} reference`, family: fam, x: withRef.map((p) => p.x), y: withRef.map((p) => p.reference!), style, dashed: true, labels: withRef.map((p) => `${p.label} (${p.referenceSource})`) });
    }
    return out;
  };
  const yLabel = "atomic energy (eV/atom)";
  if (families.length <= MAX_FAMILIES_PER_PANEL) return linePlot(families.flatMap(seriesOf), { title, xLabel, yLabel, ...size });
  return panelPlot(families.map((fam) => ({ title: fam, series: seriesOf(fam) })), { title, xLabel, yLabel });
}

/** The figures of an evaluation: file name → SVG text (only those with data). */
export function evaluationFigures(ev: InvariantEvaluation, size: FigureSize = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const fams = (pred: (p: PointResult) => boolean) => [...new Set(ev.points.filter(pred).map((p) => p.family))];
  const volume = fams((p) => p.xLabel.startsWith("volume"));
  if (volume.length) out["energy-volume.svg"] = familyPlot(ev.points, volume, `Atomic energy vs volume: ${ev.model}`, "volume per atom (Å³)", size);
  const clusters = fams((p) => p.xLabel.startsWith("bond"));
  if (clusters.length) out["clusters.svg"] = familyPlot(ev.points, clusters, `Clusters: ${ev.model}`, "bond length (Å)", size);
  const strained = fams((p) => p.xLabel === "strain");
  if (strained.length) out["strain.svg"] = familyPlot(ev.points, strained, `Strained diamond: ${ev.model}`, "strain", size);
  const withRef = ev.points.filter((p) => p.reference !== undefined);
  if (withRef.length) {
    const series = [...new Set(withRef.map((p) => p.family))].map((fam) => {
      const ps = withRef.filter((p) => p.family === fam);
      return { name: fam, x: ps.map((p) => p.reference!), y: ps.map((p) => p.predicted), labels: ps.map((p) => p.label) };
    });
    out["parity.svg"] = parityPlot(series, { title: `Invariant points: ${ev.model}`, xLabel: "reference (eV/atom)", yLabel: "model (eV/atom)", ...(size.width ? { width: size.width, height: size.width } : {}) });
  }
  return out;
}

/** Flatten nested records to dotted keys with numeric values. */
function flatten(obj: Record<string, unknown>, prefix = "", out: Record<string, number> = {}): Record<string, number> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "number") out[key] = v;
    else if (v && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, key, out);
  }
  return out;
}

/**
 * Invariant error and energy RMSE vs epoch from training-log records (parsed JSON lines of
 * src/train/trainer.ts): `invariant.maeMeV` and `invariant.maxMeV` (written by the monitor) and
 * `train|valid|test.energyRmse` (eV/atom in the log, plotted in meV/atom). Log scale in y.
 * Returns undefined when the log has none of these fields.
 */
export function trainingFigure(records: Record<string, unknown>[], title = "Training"): string | undefined {
  const flat = records.map((r) => flatten(r));
  const series: Series[] = [];
  const add = (key: string, name: string, scale: number) => {
    const rows = flat.filter((r) => key in r && "epoch" in r);
    // Markers on every point of a sparse series (the monitor's evaluations), every few of a dense one.
    if (rows.length) series.push({ name, x: rows.map((r) => r.epoch), y: rows.map((r) => r[key] * scale), style: rows.length > 40 ? "line" : "line+points" });
  };
  add("invariant.maeMeV", "invariant MAE", 1);
  add("invariant.maxMeV", "invariant max", 1);
  for (const split of ["train", "valid", "test"]) add(`${split}.energyRmse`, `${split} energy RMSE`, 1000);
  if (series.length === 0) return undefined;
  return linePlot(series, { title, xLabel: "epoch", yLabel: "error (meV/atom)", logY: true });
}

// The page's figures, drawn by the project's SVG plot code (src/report/svg.ts) so that the live
// plots, the downloaded report and the CLI's figures look alike and can be read back
// (`readPlotData`). Pure functions of the training history: the page and the report share them.
import { linePlot, evaluationFigures, type InvariantEvaluation } from "../../src/index.js";
import type { EpochRecord } from "./job.js";

type Series = Parameters<typeof linePlot>[0][number];

const SIZE = { width: 520, height: 340 };

/** Training loss vs epoch (log scale). */
export function lossFigure(history: EpochRecord[]): string {
  const style = history.length > 40 ? "line" : "line+points";
  return linePlot([{ name: "training loss", x: history.map((r) => r.epoch), y: history.map((r) => r.loss), style }],
    { ...SIZE, title: "Loss", xLabel: "epoch", yLabel: "loss (per-atom energy MSE + forces)", logY: true });
}

/** Energy RMSE (train, test) and invariant-point MAE vs epoch, meV/atom (log scale). */
export function errorFigure(history: EpochRecord[]): string {
  const series: Series[] = [];
  const add = (name: string, pick: (r: EpochRecord) => number | undefined, dashed = false) => {
    const rows = history.filter((r) => pick(r) !== undefined);
    // A marker on every point of a sparse series (the invariant MAE, every k epochs), every few of a dense one.
    if (rows.length) series.push({ name, x: rows.map((r) => r.epoch), y: rows.map((r) => pick(r)!), style: rows.length > 40 ? "line" : "line+points", dashed });
  };
  add("train energy RMSE", (r) => r.trainEnergyMeV);
  add("test energy RMSE", (r) => r.testEnergyMeV, true);
  add("invariant-point MAE", (r) => r.invariantMaeMeV);
  return linePlot(series, { ...SIZE, title: "Errors", xLabel: "epoch", yLabel: "meV/atom", logY: true });
}

/**
 * Atomic energy at the invariant points: model (solid) against the dataset's E/N (dashed) vs volume
 * per atom; a parity plot when no point has a volume (clusters only).
 */
export function invariantFigure(ev: InvariantEvaluation, epoch?: number): string {
  const figs = evaluationFigures({ ...ev, model: epoch === undefined ? ev.model : `epoch ${epoch}` }, SIZE);
  return figs["energy-volume.svg"] ?? figs["parity.svg"] ?? figs["clusters.svg"] ?? "";
}

/** SVG text without its XML declaration, for inline use in HTML. */
export function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, "");
}

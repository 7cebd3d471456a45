// The downloadable report: one self-contained HTML file (no scripts, no external links) with the
// settings, the data, final errors per group, the invariant-point table and the figures.
import { formatEvaluation, type Metrics } from "../../src/index.js";
import { escapeXml } from "../../src/report/svg.js";
import { fixed } from "../../src/report/format.js";
import type { JobResult, JobSettings } from "./job.js";
import { errorFigure, inlineSvg, invariantFigure, lossFigure } from "./plots.js";

const meV = (x: number | undefined) => fixed(x === undefined ? x : 1000 * x, 2);

function metricsRows(split: string, m: Metrics & { groups: Record<string, Metrics> }): string[] {
  const row = (name: string, x: Metrics) =>
    `<tr><td>${escapeXml(split)}</td><td>${escapeXml(name)}</td><td>${x.structures}</td><td>${meV(x.energyRmse)}</td><td>${meV(x.energyMae)}</td><td>${meV(x.forceRmse)}</td><td>${meV(x.forceMae)}</td></tr>`;
  return [row("all", m), ...Object.entries(m.groups).map(([g, x]) => row(g, x))];
}

/** The report as HTML text. `files` names the input files; `date` is printed as given. */
export function reportHtml(result: JobResult, settings: JobSettings, files: string[], date: string): string {
  const m = result.metrics;
  const rows = [...metricsRows("train", m.train), ...(m.test ? metricsRows("test", m.test) : [])];
  const figs = [lossFigure(result.history), errorFigure(result.history), result.invariant ? invariantFigure(result.invariant, result.invariantEpoch) : ""].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aemap training report</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:first-child,td:nth-child(2){text-align:left}pre{background:#f6f6f6;padding:8px;overflow:auto}
.figs svg{max-width:100%;height:auto;margin:4px}</style></head><body>
<h1>aemap training report</h1>
<p>${escapeXml(date)} · ${result.epochs} epochs (${escapeXml(result.reason)}) · ${result.seconds.toFixed(1)} s in the browser</p>
${result.stoppedAt !== undefined ? `<p class="stopped"><strong>Stopped at epoch ${result.stoppedAt}</strong> of ${result.config.optimizer.epochs}: the model, its weight hash and the errors below are those at the end of epoch ${result.stoppedAt}.</p>` : ""}
<h2>Data</h2>
<p>Files: ${files.map((f) => `<code>${escapeXml(f)}</code>`).join(", ") || "–"}<br>
Training: ${result.data.train} structures, ${result.data.atoms} atoms (${Object.entries(result.data.groups).map(([g, n]) => `${escapeXml(g)} ${n}`).join(", ")}); test: ${result.data.test} structures.</p>
<h2>Settings</h2>
<pre>${escapeXml(JSON.stringify(settings, null, 1))}</pre>
<h2>Errors at the end</h2>
<table><tr><th>split</th><th>group</th><th>structures</th><th>E RMSE meV/atom</th><th>E MAE meV/atom</th><th>F RMSE meV/Å</th><th>F MAE meV/Å</th></tr>
${rows.join("\n")}
</table>
<h2>Invariant points</h2>
${result.invariantEpoch !== undefined ? `<p>Last evaluation before the stop, at epoch ${result.invariantEpoch}.</p>` : ""}
${result.invariant ? `<pre>${escapeXml(formatEvaluation(result.invariant))}</pre>` : (result.data.invariantPoints > 0 ? "<p>Stopped before the first invariant-point evaluation.</p>" : "<p>No invariant point (a structure whose atoms are all equivalent) in the data.</p>")}
<h2>Figures</h2>
<div class="figs">${figs.map(inlineSvg).join("\n")}</div>
<h2>Model</h2>
<p>Weight hash (SHA-256 of the f64 weights): <code>${result.weightHash}</code>. The model JSON downloaded with this report
is read by the command line: <code>aemap predict --model model.json …</code>.</p>
</body></html>
`;
}

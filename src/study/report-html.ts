// report.html: one self-contained page (inline CSS and SVG, no scripts, no external URLs) that
// states each claim beside the numbers measured for it, then the tables and figures behind them,
// the exact settings, and the manifest (inputs, code version, machine, timings). The markup is
// well-formed XML (every element closed, text escaped), so programs can read it back.
import { escapeXml, linePlot, type Series } from "../report/svg.js";
import type { Manifest } from "./manifest.js";
import type { ExperimentRecord, Stat, StudyResults } from "./results.js";
import { formatDuration } from "../train/progress.js";
import { fixed, meanStd } from "../report/format.js";

const esc = (s: string) => escapeXml(s);

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1180px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.4em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.known-truth td:first-child { font-weight: 600; } table.known-truth th { min-width: 7em; }
.verdict { font-weight: bold; white-space: nowrap; }
.supported { color: #1b7e2e; } .contradicted { color: #b3261e; } .mixed, .inconclusive { color: #9a6700; } .not-tested { color: #777; }
.note { color: #555; font-size: 0.9em; } pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 0.8em; }
figure { display: inline-block; margin: 0.5em 1em 0.5em 0; vertical-align: top; max-width: 100%; } figcaption { font-size: 0.85em; color: #555; max-width: 640px; }
figure svg { max-width: 100%; height: auto; }
ul.measured { margin: 0; padding-left: 1.1em; } div.wide { overflow-x: auto; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  table { font-size: 8pt; } th, td { padding: 0.2em 0.35em; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; } div.wide { overflow: visible; }
  h2 { break-after: avoid; } tr, figure { break-inside: avoid; }
}
`;

function fmtStat(s: Stat | undefined, digits = 1, scale = 1): string {
  return s ? meanStd(s.mean * scale, s.std * scale, s.n, digits) : "–";
}

function cell(text: string, num = true): string {
  return `<td${num ? ' class="num"' : ""}>${esc(text)}</td>`;
}

function table(head: string[], rows: string[][], numeric: boolean[] = [], className?: string): string {
  return [
    `<div class="wide"><table${className ? ` class="${className}"` : ""}>`,
    `<tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`,
    ...rows.map((r) => `<tr>${r.map((c, i) => cell(c, numeric[i] ?? i > 0)).join("")}</tr>`),
    "</table></div>",
  ].join("\n");
}

/** An SVG document from svg.ts, inlined (the XML declaration dropped). */
function figure(svg: string, caption: string): string {
  return `<figure>${svg.replace(/^<\?xml[^>]*\?>\s*/, "")}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function claimsSection(r: StudyResults): string {
  const rows = r.claims.map((c) => [
    `<td>${esc(c.claim)}</td>`,
    `<td class="note">${esc(c.criterion)}</td>`,
    `<td><ul class="measured">${c.measured.map((m) => `<li>${esc(m)}</li>`).join("")}</ul></td>`,
    `<td class="verdict ${c.verdict.replace(" ", "-")}">${esc(c.verdict)}</td>`,
  ].join(""));
  return [
    `<h2 id="claims">The paper's claims and what this run measured</h2>`,
    `<p class="note">Each verdict is computed from the numbers below with the stated criterion (src/study/claims.ts); nothing is written in by hand. "mixed": the criterion holds for some experiments, not all.</p>`,
    `<table class="claims"><tr><th>Claim (docs/science.md §1)</th><th>Criterion</th><th>Measured</th><th>Verdict</th></tr>`,
    ...rows.map((x) => `<tr>${x}</tr>`),
    "</table>",
  ].join("\n");
}

function knownTruthSection(r: StudyResults): string {
  const es = r.experiments.filter((e) => e.part === "known-truth");
  if (es.length === 0) return "";
  const t = r.teacher!;
  // One row per quantity, one column per experiment and the teacher last (the truth): six columns
  // for the paper study, so the table fits the page (and a printed A4 page) however long the numbers.
  const quantities: [string, (s: ExperimentRecord["summary"]) => string, string][] = [
    ["train E RMSE (meV/atom)", (s) => fmtStat(s.trainRmseMeV, 2), ""],
    ["test E RMSE (meV/atom)", (s) => fmtStat(s.testRmseMeV, 2), ""],
    ["test F RMSE (eV/Å)", (s) => fmtStat(s.testForceRmse, 3), ""],
    ["invariant MAE, diamond (meV/atom)", (s) => fmtStat(s.diamondMaeMeV), "0"],
    ["invariant MAE, other lattices (meV/atom)", (s) => fmtStat(s.otherLatticesMaeMeV), "0"],
    ["isolated atom error (meV)", (s) => fmtStat(s.isolatedErrorMeV, 0), "0"],
    ["diamond error at a0 (meV/atom)", (s) => fmtStat(s.diamondA0ErrorMeV), "0"],
    ["E_f (eV)", (s) => fmtStat(s.vacancyFormation, 3), fixed(t.vacancyFormation, 4)],
    ["γ(100) (eV/surface atom)", (s) => fmtStat(s.surfacePerAtom, 3), fixed(t.surfacePerAtom, 4)],
    ["bulk-like class mean error (meV)", (s) => fmtStat(s.bulkClassMeanErrorMeV), "0"],
    ["defect/surface class mean error (meV)", (s) => fmtStat(s.defectClassMeanErrorMeV), "0"],
  ];
  const rows = [
    ["train structures / atoms", ...es.map((e) => `${e.datasets.train.structures} / ${e.datasets.train.atoms}`), ""],
    ["seeds", ...es.map((e) => String(e.runs.length)), ""],
    ...quantities.map(([label, value, teacher]) => [label, ...es.map((e) => value(e.summary)), teacher]),
  ];
  return [
    `<h2 id="known-truth">1. Known truth: the Stillinger–Weber teacher</h2>`,
    `<p>Training data are labelled by the SW teacher (docs/science.md §2), so the true atomic energies (vertex split) and all derived energies are known. Teacher values on the ideal structures at a0 = 5.431 Å: diamond E/N = ${t.diamondPerAtom.toFixed(6)} eV/atom, unrelaxed vacancy formation energy E_f = ${t.vacancyFormation.toFixed(4)} eV (64-site cell), unrelaxed (100) surface energy γ = ${t.surfacePerAtom.toFixed(4)} eV per surface atom (8-layer 2×2 slab). Numbers are mean ± standard deviation over seeds.</p>`,
    table(["", ...es.map((e) => `${e.name} (${e.role ?? ""})`), "SW teacher"], rows, [false, ...es.map(() => true), true], "known-truth"),
    `<p class="note">Invariant points: ${esc(scanText(es))}, references from the teacher. Per-atom errors are model − teacher on each experiment's own test set; classes by coordination within 2.8 Å. Derived energies are for ideal, unrelaxed structures (src/study/derived.ts).</p>`,
    ...es.map((e) => `<p class="note">${esc(e.name)}: ${esc(e.label)}; training groups ${esc(Object.entries(e.datasets.train.groups).map(([g, n]) => `${g} ×${n}`).join(", "))}.</p>`),
    diamondFigure(r, es),
  ].join("\n");
}

/** Lattice names as the text says them. */
const LATTICE_TEXT: Record<string, string> = { "beta-Sn": "β-Sn", sh: "simple hexagonal" };

/**
 * The invariant points of the known-truth experiments, read from the points themselves: the
 * lattices scanned, the half-width of the volume scan (x = V/atom from v0(1 − r) to v0(1 + r),
 * so r = (max − min)/(max + min)) and the isolated atom.
 */
function scanText(es: ExperimentRecord[]): string {
  const pts = es[0].runs[0]?.invariant?.points ?? [];
  const families = [...new Set(pts.map((p) => p.family))];
  const lattices = families.filter((f) => pts.some((p) => p.family === f && / V=/.test(p.label)));
  if (lattices.length === 0) return families.join(", ") || "none";
  const xs = pts.filter((p) => p.family === lattices[0]).map((p) => p.x);
  const lo = Math.min(...xs), hi = Math.max(...xs);
  const scan = xs.length > 1 ? `volume scans (±${fixed((100 * (hi - lo)) / (hi + lo), 0)} % in volume, ${xs.length} volumes each)` : "one volume each";
  const names = lattices.map((l) => LATTICE_TEXT[l] ?? l);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  return `${scan} of ${list} Si${families.includes("isolated") ? " and the isolated atom" : ""}`;
}

function diamondFigure(r: StudyResults, es: ExperimentRecord[]): string {
  const series: Series[] = [];
  const first = es[0].runs[0].invariant?.points.filter((p) => p.family === "diamond") ?? [];
  if (first.length === 0) return "";
  series.push({ name: "SW teacher", x: first.map((p) => p.x), y: first.map((p) => p.reference ?? NaN), dashed: true, color: "#000" });
  for (const e of es) {
    const pts = e.runs[0].invariant?.points.filter((p) => p.family === "diamond") ?? [];
    series.push({ name: `${e.name} (seed ${e.runs[0].seed})`, x: pts.map((p) => p.x), y: pts.map((p) => p.predicted) });
  }
  const svg = linePlot(series, { title: "Diamond Si: atomic energy vs volume", xLabel: "volume per atom (Å³)", yLabel: "atomic energy (eV/atom)" });
  return figure(svg, "Atomic energy of perfect diamond (an invariant point: every split gives E/N) against volume: teacher (dashed) and each experiment's first seed.");
}

function monitorSection(r: StudyResults): string {
  const es = r.experiments.filter((e) => e.runs.some((x) => x.monitor));
  if (es.length === 0) return "";
  const derivedKey = (e: ExperimentRecord) => (e.defect === "surface" ? "surfacePerAtom" : "vacancyFormation");
  const teacherValue = (e: ExperimentRecord) => (r.teacher ? r.teacher[derivedKey(e)] : NaN);
  const rows: string[][] = [];
  for (const e of es) for (const run of e.runs) {
    const m = run.monitor!;
    const sel = (k: "validation" | "invariant" | "final") => {
      const s = m.selection[k];
      const d = s.derived ? fixed(s.derived[derivedKey(e)] - teacherValue(e), 3) : "–";
      return `ep ${s.epoch}: valid ${fixed(s.validRmseMeV, 2)}, inv ${fixed(s.monitorMaeMeV, 1)}, Δ${e.defect === "surface" ? "γ" : "E_f"} ${d}`;
    };
    rows.push([`${e.name} seed ${run.seed}`, (m.firstAlarm === null ? "none" : `first at epoch ${m.firstAlarm}; ${m.alarms.length} of ${m.history.length} evaluations`) + `; ${m.flaggedAtEnd ? "flagged" : "not flagged"} at the end`,
      sel("validation"), sel("invariant"), sel("final")]);
  }
  const figs = es.map((e) => {
    const h = e.runs[0].monitor!.history;
    const svg = linePlot([
      { name: "invariant error (meV/atom)", x: h.map((x) => x.epoch), y: h.map((x) => x.invariantMaeMeV) },
      { name: "train energy RMSE (meV/atom)", x: h.map((x) => x.epoch), y: h.map((x) => x.trainRmseMeV) },
      { name: "validation energy RMSE (meV/atom)", x: h.map((x) => x.epoch), y: h.map((x) => x.validRmseMeV), dashed: true },
    ], { title: `${e.name}, seed ${e.runs[0].seed}`, xLabel: "epoch (L-BFGS iteration)", yLabel: "meV/atom", logY: true, width: 520, height: 360 });
    return figure(svg, `${e.name}: invariant error at the monitor's points and energy RMSE vs epoch.`);
  });
  return [
    `<h2 id="monitoring">3. Monitoring during training</h2>`,
    `<p>The invariant monitor (src/invariant/monitor.ts) evaluates the model every ${es[0].runs[0].monitor!.every} epochs at ${es[0].runs[0].monitor!.points} invariant point(s) (perfect diamond at a0 in the built-in study; teacher references). Alarms (events during training): invariant error above ${es[0].runs[0].monitor!.ratio} × the training energy RMSE, or growing while the RMSE falls; "flagged at the end": the first condition holds at the last evaluation. Checkpoint selection: "validation" = lowest validation energy RMSE, "invariant" = lowest invariant error, among the evaluated epochs; Δ = derived energy − teacher (eV).</p>`,
    table(["run", "alarms", "validation-selected", "invariant-selected", "final"], rows, [false, false, false, false, false]),
    ...figs,
  ].join("\n");
}

function dftSection(r: StudyResults): string {
  const es = r.experiments.filter((e) => e.part === "dft");
  if (es.length === 0) return "";
  const rows = es.map((e) => {
    const s = e.summary;
    return [`${e.name} (${e.label})`, `${e.datasets.train.structures} / ${e.datasets.train.atoms}`, String(e.runs.length), fmtStat(s.trainRmseMeV, 2),
      fmtStat(s.testRmseMeV, 2), fmtStat(s.testForceRmse, 3), fmtStat(s.invariantMaeMeV, 1), fmtStat(s.isolatedPredicted, 3)];
  });
  const series: Series[] = es.map((e) => {
    const pts = (e.runs[0].invariant?.points ?? []).filter((p) => p.errorMeV !== undefined).sort((a, b) => a.x - b.x);
    return { name: e.name, x: pts.map((p) => p.x), y: pts.map((p) => Math.abs(p.errorMeV!)), style: "points" as const };
  }).filter((s) => s.x.length > 0);
  const svg = series.length ? linePlot(series, { title: "si-mlearn Elastic cells: |atomic energy error|", xLabel: "volume per atom (Å³)", yLabel: "|error| (meV/atom)", logY: true }) : "";
  return [
    `<h2 id="dft">2. DFT data (si-mlearn, VASP-PBE)</h2>`,
    `<p>The Elastic cells of si-mlearn are invariant points (detected: every atom has the same descriptor vector), so their E/N is a split-independent reference for the atomic energy. Test = data/si-mlearn/test.json (all groups). No isolated-atom energy exists for these data, so the isolated atom's prediction is listed without a reference.</p>`,
    table(["experiment", "train structures / atoms", "seeds", "train E RMSE (meV/atom)", "test E RMSE (meV/atom)", "test F RMSE (eV/Å)",
      "Elastic invariant MAE (meV/atom)", "isolated atom prediction (eV)"], rows),
    svg ? figure(svg, "Absolute atomic energy error at each Elastic structure (first seed of each experiment).") : "",
  ].join("\n");
}

function settingsSection(r: StudyResults): string {
  const ds = new Map<string, ExperimentRecord["datasets"]["train"]>();
  for (const e of r.experiments) for (const d of Object.values(e.datasets)) if (d) ds.set(d.name, d);
  const rows = [...ds.values()].map((d) => [d.name, String(d.structures), String(d.atoms), Object.entries(d.groups).map(([g, n]) => `${g} ×${n}`).join(", "), d.hash.slice(0, 16)]);
  const configs = new Map<string, string[]>();
  for (const e of r.experiments) {
    const c = JSON.stringify(e.training, null, 1);
    configs.set(c, [...(configs.get(c) ?? []), e.name]);
  }
  return [
    `<h2 id="settings">Settings</h2>`,
    `<p>Seeds per experiment: ${esc(r.experiments.map((e) => `${e.name} [${e.runs.map((x) => x.seed).join(", ")}]`).join("; "))}. The seed sets the initial weights; the data sets are fixed by their recipes' seeds.</p>`,
    table(["dataset", "structures", "atoms", "groups", "sha256 (first 16)"], rows, [false, true, true, false, false]),
    ...[...configs.entries()].map(([c, names]) => `<h3>Training configuration of ${esc(names.join(", "))}</h3><pre>${esc(c)}</pre>`),
  ].join("\n");
}

function manifestSection(m: Manifest): string {
  const t = m.timings;
  return [
    `<h2 id="manifest">Provenance</h2>`,
    `<p>${esc(m.code.package)} ${esc(m.code.version)}${m.code.gitCommit ? ` (git ${esc(m.code.gitCommit.slice(0, 12))})` : ""}${m.code.wasmSha256 ? ` (WASM sha256 ${m.code.wasmSha256.slice(0, 16)}…)` : ""}; spec sha256 ${esc(m.specHash.slice(0, 16))}…; results.json sha256 ${esc(m.resultsSha256.slice(0, 16))}…. Machine: ${esc(m.machine.cpu)}, ${m.machine.cores} cores, Node ${esc(m.machine.node)}. Started ${esc(m.started)}; total ${formatDuration(1000 * t.totalSeconds)} (datasets ${formatDuration(1000 * t.datasetsSeconds)}).</p>`,
    table(["input", "bytes", "sha256"], m.inputs.map((i) => [i.path, String(i.bytes), i.sha256]), [false, true, false]),
    table(["run", "epochs", "training (s)", "total (s)"], t.runs.map((x) => [`${x.experiment} seed ${x.seed}`, String(x.epochs), x.trainSeconds.toFixed(1), x.seconds.toFixed(1)])),
  ].join("\n");
}

/** The whole report page. */
export function renderReport(r: StudyResults, m: Manifest): string {
  return [
    "<!DOCTYPE html>",
    `<html lang="en" xmlns="http://www.w3.org/1999/xhtml">`,
    `<head><meta charset="utf-8"/><title>${esc(`aemap study: ${r.study}`)}</title><style>${CSS}</style></head>`,
    "<body>",
    `<h1>aemap study: ${esc(r.study)}</h1>`,
    `<p>${esc(r.description)}</p>`,
    `<p class="note">How to read this page: first the paper's claims, each with the criterion applied and the numbers measured in this run; then the known-truth experiments (1), the DFT experiments (2) and the training-time monitoring (3); then the exact settings and the provenance of every input. See docs/study.md.</p>`,
    claimsSection(r),
    knownTruthSection(r),
    dftSection(r),
    monitorSection(r),
    settingsSection(r),
    manifestSection(m),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

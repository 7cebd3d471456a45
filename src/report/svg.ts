// A small, self-contained SVG plot library: line plots with several series (linear or log axes)
// and parity plots (predicted vs reference, with the y = x line). No dependencies, browser-safe.
//
// Every plotted value is carried in the SVG twice, so programs (and tests) can read a figure back:
// - each marker is `<circle data-series="k" data-x=".." data-y="..">` with the exact numbers
//   (shortest round-trip decimal form, as String(x) prints them);
// - a `<desc id="aemap-data">` element holds the whole figure as JSON:
//   { kind, title, xLabel, yLabel, logX, logY, series: [{ name, x: [...], y: [...], labels? }] }.
// Values that cannot be drawn (NaN, ±Infinity, ≤ 0 on a log axis) are kept in the JSON and listed
// in the series' `skipped` indices, but get no marker.

/** One data series: points (x[i], y[i]), optionally with a label per point. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** "line+points" (default), "line", or "points". Markers are drawn in every style except "line". */
  style?: "line+points" | "line" | "points";
  /** Dashed line (e.g. a reference curve drawn next to a prediction). */
  dashed?: boolean;
  /** CSS colour; default from the palette by series index. */
  color?: string;
  /** One label per point (shown as a tooltip <title>). */
  labels?: string[];
}

export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Pixels; defaults 640 × 420 (parity plots: 480 × 480). */
  width?: number;
  height?: number;
  logX?: boolean;
  logY?: boolean;
}

/** Tableau-10 colours: distinguishable, colour-blind friendlier than the CSS defaults. */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

const MARGIN = { left: 72, right: 16, top: 36, bottom: 52 };

/** Escape text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** Number → attribute text that parses back to the same double (NaN/Infinity as words). */
function num(x: number): string {
  return String(x);
}

/** Pixel coordinate, 2 decimals (enough for drawing; the exact value lives in data-*). */
function px(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

interface Axis {
  lo: number;
  hi: number;
  log: boolean;
  ticks: number[];
}

/**
 * "Nice" tick step for a range: 1, 2 or 5 × 10^k, about `target` ticks
 * (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990).
 */
function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/** Axis range and ticks covering the finite values (log axes: the positive ones). */
function makeAxis(values: number[], log: boolean, padFraction = 0.05): Axis {
  const v = values.filter((x) => Number.isFinite(x) && (!log || x > 0));
  if (log) {
    let lo = v.length ? Math.min(...v) : 1, hi = v.length ? Math.max(...v) : 10;
    let e0 = Math.floor(Math.log10(lo)), e1 = Math.ceil(Math.log10(hi));
    if (e1 === e0) e1 = e0 + 1;
    lo = 10 ** e0; hi = 10 ** e1;
    const ticks: number[] = [];
    const every = Math.max(1, Math.ceil((e1 - e0) / 8));
    for (let e = e0; e <= e1; e += every) ticks.push(10 ** e);
    return { lo, hi, log, ticks };
  }
  let lo = v.length ? Math.min(...v) : 0, hi = v.length ? Math.max(...v) : 1;
  if (hi === lo) { const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 1; lo -= d; hi += d; }
  const nonNegative = lo >= 0;
  const pad = (hi - lo) * padFraction;
  lo -= pad; hi += pad;
  const step = niceStep(hi - lo, 6);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  if (nonNegative && lo < 0) lo = 0; // epochs, counts: no negative axis for nonnegative data
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return { lo, hi, log, ticks };
}

/** Map a data value to a fraction 0..1 along the axis. */
function frac(a: Axis, x: number): number {
  return a.log ? (Math.log10(x) - Math.log10(a.lo)) / (Math.log10(a.hi) - Math.log10(a.lo)) : (x - a.lo) / (a.hi - a.lo);
}

function tickLabel(t: number, a: Axis): string {
  if (a.log) return t >= 1e-3 && t < 1e5 ? String(Number(t.toPrecision(6))) : t.toExponential(0);
  const r = Number(t.toPrecision(10));
  return Math.abs(r) >= 1e5 || (Math.abs(r) < 1e-3 && r !== 0) ? r.toExponential(2) : String(r);
}

function drawable(a: Axis, x: number): boolean {
  return Number.isFinite(x) && (!a.log || x > 0);
}

/** The frame: axes, grid, ticks, labels and title. */
function frame(w: number, h: number, xa: Axis, ya: Axis, o: PlotOptions): string[] {
  const L = MARGIN.left, R = w - MARGIN.right, T = MARGIN.top, B = h - MARGIN.bottom;
  const X = (v: number) => L + frac(xa, v) * (R - L);
  const Y = (v: number) => B - frac(ya, v) * (B - T);
  const out: string[] = [];
  out.push(`<rect x="0" y="0" width="${w}" height="${h}" fill="white"/>`);
  out.push(`<g class="grid" stroke="#e6e6e6" stroke-width="1">`);
  for (const t of xa.ticks) out.push(`<line x1="${px(X(t))}" y1="${T}" x2="${px(X(t))}" y2="${B}"/>`);
  for (const t of ya.ticks) out.push(`<line x1="${L}" y1="${px(Y(t))}" x2="${R}" y2="${px(Y(t))}"/>`);
  out.push(`</g>`);
  out.push(`<rect x="${L}" y="${T}" width="${R - L}" height="${B - T}" fill="none" stroke="#333"/>`);
  out.push(`<g class="ticks" font-family="sans-serif" font-size="11" fill="#333">`);
  for (const t of xa.ticks) out.push(`<text x="${px(X(t))}" y="${B + 16}" text-anchor="middle">${escapeXml(tickLabel(t, xa))}</text>`);
  for (const t of ya.ticks) out.push(`<text x="${L - 6}" y="${px(Y(t) + 4)}" text-anchor="end">${escapeXml(tickLabel(t, ya))}</text>`);
  out.push(`</g>`);
  out.push(`<g font-family="sans-serif" fill="#111">`);
  if (o.title) out.push(`<text x="${w / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(o.title)}</text>`);
  if (o.xLabel) out.push(`<text x="${(L + R) / 2}" y="${h - 12}" text-anchor="middle" font-size="12">${escapeXml(o.xLabel)}</text>`);
  if (o.yLabel) out.push(`<text transform="translate(16 ${(T + B) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(o.yLabel)}</text>`);
  out.push(`</g>`);
  return out;
}

/** Series lines, markers and legend. */
function drawSeries(w: number, h: number, xa: Axis, ya: Axis, series: Series[]): string[] {
  const L = MARGIN.left, R = w - MARGIN.right, T = MARGIN.top, B = h - MARGIN.bottom;
  const X = (v: number) => L + frac(xa, v) * (R - L);
  const Y = (v: number) => B - frac(ya, v) * (B - T);
  const out: string[] = [];
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const style = s.style ?? "line+points";
    out.push(`<g class="series" data-series="${k}" data-name="${escapeXml(s.name)}" stroke="${color}" fill="${color}">`);
    if (style !== "points") {
      // Break the polyline at undrawable values.
      let run: string[] = [];
      const flush = () => {
        if (run.length > 1) out.push(`<polyline fill="none" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${run.join(" ")}"/>`);
        run = [];
      };
      for (let i = 0; i < s.x.length; i++) {
        if (drawable(xa, s.x[i]) && drawable(ya, s.y[i])) run.push(`${px(X(s.x[i]))},${px(Y(s.y[i]))}`);
        else flush();
      }
      flush();
    }
    if (style !== "line") {
      for (let i = 0; i < s.x.length; i++) {
        if (!drawable(xa, s.x[i]) || !drawable(ya, s.y[i])) continue;
        const tip = s.labels?.[i] !== undefined ? `<title>${escapeXml(s.labels[i])}</title>` : "";
        out.push(`<circle cx="${px(X(s.x[i]))}" cy="${px(Y(s.y[i]))}" r="3" data-series="${k}" data-i="${i}" data-x="${num(s.x[i])}" data-y="${num(s.y[i])}"${s.dashed ? ' fill-opacity="0.3"' : ""}>${tip}</circle>`);
      }
    }
    out.push(`</g>`);
  });
  // Legend, top left inside the frame.
  if (series.length > 0) {
    out.push(`<g class="legend" font-family="sans-serif" font-size="11">`);
    const lw = Math.min(260, 24 + 7 * Math.max(...series.map((s) => s.name.length)));
    out.push(`<rect x="${L + 6}" y="${T + 6}" width="${lw}" height="${8 + 15 * series.length}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`);
    series.forEach((s, k) => {
      const color = s.color ?? PALETTE[k % PALETTE.length];
      const y = T + 18 + 15 * k;
      if (s.style === "points") out.push(`<circle class="legend-marker" cx="${L + 20}" cy="${y - 4}" r="3.5" fill="${color}"${s.dashed ? ' fill-opacity="0.3" stroke="' + color + '"' : ""}/>`);
      else out.push(`<line x1="${L + 12}" y1="${y - 4}" x2="${L + 28}" y2="${y - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ""}/>`);
      out.push(`<text x="${L + 32}" y="${y}" fill="#111">${escapeXml(s.name)}</text>`);
    });
    out.push(`</g>`);
  }
  return out;
}

/** JSON of the figure's data: non-finite numbers become strings ("NaN", "Infinity"). */
function dataBlock(kind: string, o: PlotOptions, series: Series[], xa: Axis, ya: Axis): string {
  const enc = (v: number) => (Number.isFinite(v) ? v : String(v));
  const data = {
    kind, title: o.title ?? "", xLabel: o.xLabel ?? "", yLabel: o.yLabel ?? "", logX: !!o.logX, logY: !!o.logY,
    series: series.map((s) => {
      const skipped: number[] = [];
      for (let i = 0; i < s.x.length; i++) if (!drawable(xa, s.x[i]) || !drawable(ya, s.y[i])) skipped.push(i);
      return { name: s.name, x: Array.from(s.x, enc), y: Array.from(s.y, enc), ...(s.labels ? { labels: s.labels } : {}), skipped };
    }),
  };
  return `<desc id="aemap-data">${escapeXml(JSON.stringify(data))}</desc>`;
}

function checkSeries(series: Series[]): void {
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new Error(`plot series '${s.name}': ${s.x.length} x values but ${s.y.length} y values`);
    if (s.labels && s.labels.length !== s.x.length) throw new Error(`plot series '${s.name}': ${s.labels.length} labels for ${s.x.length} points`);
  }
}

function svgDocument(w: number, h: number, title: string, body: string[]): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<title>${escapeXml(title)}</title>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

/** Line plot of several series sharing the axes. Returns the SVG document text. */
export function linePlot(series: Series[], options: PlotOptions = {}): string {
  checkSeries(series);
  const w = options.width ?? 640, h = options.height ?? 420;
  const xa = makeAxis(series.flatMap((s) => Array.from(s.x)), !!options.logX, 0.02);
  const ya = makeAxis(series.flatMap((s) => Array.from(s.y)), !!options.logY);
  return svgDocument(w, h, options.title ?? "plot", [
    dataBlock("line", options, series, xa, ya),
    ...frame(w, h, xa, ya, options),
    ...drawSeries(w, h, xa, ya, series),
  ]);
}

/**
 * Parity plot: predicted (y) against reference (x), one series per family, with the y = x line.
 * Both axes share one range so the diagonal is at 45°.
 */
export function parityPlot(series: Series[], options: PlotOptions = {}): string {
  checkSeries(series);
  const w = options.width ?? 480, h = options.height ?? 480;
  const all = series.flatMap((s) => [...Array.from(s.x), ...Array.from(s.y)]);
  const a = makeAxis(all, false);
  const pts = series.map((s) => ({ ...s, style: "points" as const }));
  const L = MARGIN.left, R = w - MARGIN.right, T = MARGIN.top, B = h - MARGIN.bottom;
  const diag = `<line class="diagonal" x1="${L}" y1="${B}" x2="${R}" y2="${T}" stroke="#888" stroke-dasharray="4 4"/>`;
  return svgDocument(w, h, options.title ?? "parity", [
    dataBlock("parity", options, pts, a, a),
    ...frame(w, h, a, a, options),
    diag,
    ...drawSeries(w, h, a, a, pts),
  ]);
}

/** Read the data block back from an SVG written by this module (inverse of the JSON encoding). */
export function readPlotData(svg: string): {
  kind: string; title: string; xLabel: string; yLabel: string; logX: boolean; logY: boolean;
  series: { name: string; x: number[]; y: number[]; labels?: string[]; skipped: number[] }[];
} {
  const m = /<desc id="aemap-data">([\s\S]*?)<\/desc>/.exec(svg);
  if (!m) throw new Error("SVG has no aemap-data block");
  const text = m[1].replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const d = JSON.parse(text);
  for (const s of d.series) {
    s.x = s.x.map(Number);
    s.y = s.y.map(Number);
  }
  return d;
}

// A small, self-contained SVG plot library, no dependencies, browser-safe:
//   linePlot     one panel of several series (linear or log axes)
//   parityPlot   predicted against reference, one series per family, with the y = x line
//   panelPlot    small multiples: a grid of panels, each with its own axes and legend
//
// Style. Each series of a figure gets a colour AND a marker shape of its own: six Okabe–Ito
// colours (told apart under the common colour-vision deficiencies; its black is left for
// references a caller draws in black, its yellow is too light on white) and seven shapes. Series
// k (in order of first appearance of its `family`) has colour k mod 6 and shape k mod 7: 6 and 7
// are coprime, so no colour+shape pair repeats within 42 series and the first six differ in both.
// Series of one family (a model and its reference) share colour and shape; the dashed one is
// drawn with open markers. Line-only series still carry a marker every few points, so two curves
// that overlap stay distinguishable.
//
// Legend. Placed inside the frame at the first of eight spots (corners, then edge middles) where
// its box meets no data mark (marker, line segment, the parity diagonal); if every spot is taken,
// beside the frame on the right (line plots give up frame width, parity plots widen the figure so
// the diagonal stays at 45°). Nothing is ever drawn under the legend.
//
// Every plotted value is carried in the SVG twice, so programs (and tests) can read a figure back:
// - each marker is `<path class="marker" data-series="k" data-i=".." data-x=".." data-y="..">`
//   with the exact numbers (shortest round-trip decimal form, as String(x) prints them);
// - a `<desc id="aemap-data">` element holds the whole figure as JSON:
//   { kind, title, xLabel, yLabel, logX, logY, series: [{ name, x: [...], y: [...], labels?, skipped, panel? }],
//     panels? }.
// Values that cannot be drawn (NaN, ±Infinity, ≤ 0 on a log axis) are kept in the JSON and listed
// in the series' `skipped` indices, but get no marker.

/** One data series: points (x[i], y[i]), optionally with a label per point. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** "line+points" (default), "line" (a marker every few points only), or "points". */
  style?: "line+points" | "line" | "points";
  /** Dashed line and open markers (e.g. a reference curve drawn next to a prediction). */
  dashed?: boolean;
  /** Series with the same family share colour and marker shape (default: each series its own). */
  family?: string;
  /** CSS colour overriding the palette (the shape still comes from the series' place). */
  color?: string;
  /** One label per point (shown as a tooltip <title>). */
  labels?: string[];
}

export interface PlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Pixels; defaults 640 × 420 (parity plots: 480 × 480; panelPlot: per panel 320 × 260). */
  width?: number;
  height?: number;
  logX?: boolean;
  logY?: boolean;
}

/** Okabe & Ito (2008) colours without black and yellow: blue, vermillion, bluish green, reddish purple, orange, sky blue. */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

export type MarkerShape = "circle" | "square" | "triangle" | "diamond" | "triangle-down" | "star" | "cross";
export const MARKERS: MarkerShape[] = ["circle", "square", "triangle", "diamond", "triangle-down", "star", "cross"];

const MARGIN = { left: 72, right: 16, top: 36, bottom: 52 };
/** Marker half-size (px); the legend keeps this much clear of a marker's centre, plus 1 px. */
const MARKER_R = 3.5;
/** Legend text: 11 px sans-serif, at most this many px per character (a safe over-estimate). */
const CHAR_W = 6.6;

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

/** A rectangle in pixels. */
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
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
function makeAxis(values: number[], log: boolean, padFraction = 0.05, target = 6): Axis {
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
  const step = niceStep(hi - lo, target);
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

// ------------------------------------------------------------------------------------ style

interface Styled extends Series {
  /** Index of the series in the figure (data-series). */
  k: number;
  colour: string;
  shape: MarkerShape;
  style: "line+points" | "line" | "points";
}

/** Colour and shape of every series of a figure (see the file header). */
function styleAll(series: Series[]): Styled[] {
  const slots = new Map<string, number>();
  return series.map((s, k) => {
    const key = s.family !== undefined ? `family:${s.family}` : `series:${k}`;
    if (!slots.has(key)) slots.set(key, slots.size);
    const slot = slots.get(key)!;
    return { ...s, k, colour: s.color ?? PALETTE[slot % PALETTE.length], shape: MARKERS[slot % MARKERS.length], style: s.style ?? "line+points" };
  });
}

/** Path of a marker centred at the origin, half-size r. */
function markerPath(shape: MarkerShape, r: number): string {
  const poly = (pts: [number, number][]) => "M" + pts.map(([x, y]) => `${px(x)} ${px(y)}`).join("L") + "Z";
  const ring = (n: number, radius: (j: number) => number, phase: number) =>
    poly(Array.from({ length: n }, (_, j) => {
      const a = phase + (2 * Math.PI * j) / n;
      return [radius(j) * Math.cos(a), radius(j) * Math.sin(a)] as [number, number];
    }));
  switch (shape) {
    case "circle": return `M${-r} 0A${r} ${r} 0 1 0 ${r} 0A${r} ${r} 0 1 0 ${-r} 0Z`;
    case "square": { const a = r * 0.9; return poly([[-a, -a], [a, -a], [a, a], [-a, a]]); }
    case "triangle": return ring(3, () => r * 1.2, -Math.PI / 2);
    case "triangle-down": return ring(3, () => r * 1.2, Math.PI / 2);
    case "diamond": return ring(4, () => r * 1.25, 0);
    case "star": return ring(10, (j) => (j % 2 ? 0.5 : 1.3) * r, -Math.PI / 2);
    case "cross": return crossPath(r * 1.15, r * 0.4);
  }
}

/** An "×" of arm half-length a and half-width b, as one outline. */
function crossPath(a: number, b: number): string {
  // A "+" outline rotated by 45°: the 12 corners of the plus, each rotated.
  const plus: [number, number][] = [[b, -a], [b, -b], [a, -b], [a, b], [b, b], [b, a], [-b, a], [-b, b], [-a, b], [-a, -b], [-b, -b], [-b, -a]];
  const c = Math.SQRT1_2;
  return "M" + plus.map(([x, y]) => `${px(c * (x - y))} ${px(c * (x + y))}`).join("L") + "Z";
}

/** Marker element ("marker": data; "legend-marker": legend): open markers (dashed series) are white inside. */
function marker(cls: "marker" | "legend-marker", s: Styled, cx: number, cy: number, extra = "", inner = ""): string {
  const fill = s.dashed ? "white" : s.colour;
  return `<path class="${cls}" transform="translate(${px(cx)} ${px(cy)})" d="${markerPath(s.shape, MARKER_R)}" fill="${fill}" stroke="${s.colour}" stroke-width="1.2"${extra}>${inner}</path>`;
}

// ------------------------------------------------------------------------------------ panels

/** One panel: its series, axes and labels. */
interface PanelSpec {
  series: Styled[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  logY?: boolean;
  /** Parity: one range for both axes and the y = x line. */
  parity?: boolean;
  xPad?: number;
  /** Title font size (px). */
  titleSize?: number;
}

interface Mapped {
  s: Styled;
  /** Drawable points: index and pixel position. */
  pts: { i: number; X: number; Y: number }[];
  /** Polyline runs (broken at undrawable values). */
  runs: [number, number][][];
  /** Indices that get a marker. */
  marked: Set<number>;
}

/** Pixel positions of every series in a frame. */
function mapSeries(p: PanelSpec, xa: Axis, ya: Axis, f: Box): Mapped[] {
  const X = (v: number) => f.x + frac(xa, v) * f.w;
  const Y = (v: number) => f.y + f.h - frac(ya, v) * f.h;
  const lineOnly = p.series.filter((s) => s.style === "line").length;
  let lineRank = 0;
  return p.series.map((s) => {
    const pts: Mapped["pts"] = [];
    const runs: Mapped["runs"] = [];
    let run: [number, number][] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (drawable(xa, s.x[i]) && drawable(ya, s.y[i])) {
        const q = { i, X: X(s.x[i]), Y: Y(s.y[i]) };
        pts.push(q);
        run.push([q.X, q.Y]);
      } else { if (run.length) runs.push(run); run = []; }
    }
    if (run.length) runs.push(run);
    let marked: Set<number>;
    if (s.style !== "line") marked = new Set(pts.map((q) => q.i));
    else {
      // About 10 markers per line, staggered between line-only series so overlapping curves show both.
      const every = Math.max(1, Math.ceil(pts.length / 10));
      const phase = Math.floor(((lineRank++) * every) / Math.max(1, lineOnly));
      marked = new Set(pts.filter((_, j) => j % every === phase % every).map((q) => q.i));
    }
    return { s, pts, runs: s.style === "points" ? [] : runs, marked };
  });
}

/** Does segment (x0,y0)–(x1,y1) meet the box? (Liang–Barsky clipping.) */
function segmentHitsBox(x0: number, y0: number, x1: number, y1: number, b: Box): boolean {
  const dx = x1 - x0, dy = y1 - y0;
  let t0 = 0, t1 = 1;
  for (const [p, q] of [[-dx, x0 - b.x], [dx, b.x + b.w - x0], [-dy, y0 - b.y], [dy, b.y + b.h - y0]]) {
    if (p === 0) { if (q < 0) return false; continue; }
    const t = q / p;
    if (p < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
  }
  return true;
}

/** Does the box meet any data mark (markers with their size, line segments, the diagonal)? */
function boxHitsMarks(b: Box, marks: Mapped[], diagonal: [number, number, number, number] | null): boolean {
  const m = MARKER_R * 1.3 + 1;
  for (const { pts, runs, marked } of marks) {
    for (const q of pts) if (marked.has(q.i) && q.X > b.x - m && q.X < b.x + b.w + m && q.Y > b.y - m && q.Y < b.y + b.h + m) return true;
    for (const r of runs) {
      if (r.length === 1) { const [x, y] = r[0]; if (x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h) return true; }
      for (let j = 1; j < r.length; j++) if (segmentHitsBox(r[j - 1][0], r[j - 1][1], r[j][0], r[j][1], b)) return true;
    }
  }
  return diagonal ? segmentHitsBox(...diagonal, b) : false;
}

function legendSize(series: Styled[]): { w: number; h: number } {
  return { w: Math.ceil(40 + CHAR_W * Math.max(...series.map((s) => s.name.length))), h: 8 + 15 * series.length };
}

/** The first free spot for the legend inside the frame, or null (see the file header). */
function legendSpot(f: Box, size: { w: number; h: number }, marks: Mapped[], diagonal: [number, number, number, number] | null): Box | null {
  const g = 6;
  if (size.w > f.w - 2 * g || size.h > f.h - 2 * g) return null;
  const xs = { l: f.x + g, c: f.x + (f.w - size.w) / 2, r: f.x + f.w - g - size.w };
  const ys = { t: f.y + g, m: f.y + (f.h - size.h) / 2, b: f.y + f.h - g - size.h };
  const spots: [keyof typeof xs, keyof typeof ys][] = [["l", "t"], ["r", "t"], ["l", "b"], ["r", "b"], ["c", "t"], ["c", "b"], ["l", "m"], ["r", "m"]];
  for (const [sx, sy] of spots) {
    const b = { x: xs[sx], y: ys[sy], ...size };
    if (!boxHitsMarks(b, marks, diagonal)) return b;
  }
  return null;
}

/** Axes, grid, ticks and labels of a panel whose frame is f, inside the panel box. */
function drawFrame(f: Box, box: Box, xa: Axis, ya: Axis, p: PanelSpec): string[] {
  const L = f.x, R = f.x + f.w, T = f.y, B = f.y + f.h;
  const X = (v: number) => L + frac(xa, v) * f.w;
  const Y = (v: number) => B - frac(ya, v) * f.h;
  const out: string[] = [];
  out.push(`<g class="grid" stroke="#e6e6e6" stroke-width="1">`);
  for (const t of xa.ticks) out.push(`<line x1="${px(X(t))}" y1="${T}" x2="${px(X(t))}" y2="${B}"/>`);
  for (const t of ya.ticks) out.push(`<line x1="${L}" y1="${px(Y(t))}" x2="${R}" y2="${px(Y(t))}"/>`);
  out.push(`</g>`);
  out.push(`<rect class="frame" x="${L}" y="${T}" width="${px(f.w)}" height="${f.h}" fill="none" stroke="#333"/>`);
  out.push(`<g class="ticks" font-family="sans-serif" font-size="11" fill="#333">`);
  for (const t of xa.ticks) out.push(`<text x="${px(X(t))}" y="${B + 16}" text-anchor="middle">${escapeXml(tickLabel(t, xa))}</text>`);
  for (const t of ya.ticks) out.push(`<text x="${L - 6}" y="${px(Y(t) + 4)}" text-anchor="end">${escapeXml(tickLabel(t, ya))}</text>`);
  out.push(`</g>`);
  out.push(`<g font-family="sans-serif" fill="#111">`);
  if (p.title) out.push(`<text x="${px(box.x + box.w / 2)}" y="${box.y + 22}" text-anchor="middle" font-size="${p.titleSize ?? 14}" font-weight="bold">${escapeXml(p.title)}</text>`);
  if (p.xLabel) out.push(`<text x="${px((L + R) / 2)}" y="${box.y + box.h - 12}" text-anchor="middle" font-size="12">${escapeXml(p.xLabel)}</text>`);
  if (p.yLabel) out.push(`<text transform="translate(${box.x + 16} ${(T + B) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(p.yLabel)}</text>`);
  out.push(`</g>`);
  return out;
}

function drawMarks(marks: Mapped[]): string[] {
  const out: string[] = [];
  for (const { s, pts, runs, marked } of marks) {
    out.push(`<g class="series" data-series="${s.k}" data-name="${escapeXml(s.name)}">`);
    for (const r of runs) {
      if (r.length < 2) continue;
      out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${r.map(([x, y]) => `${px(x)},${px(y)}`).join(" ")}"/>`);
    }
    for (const q of pts) {
      if (!marked.has(q.i)) continue;
      const tip = s.labels?.[q.i] !== undefined ? `<title>${escapeXml(s.labels[q.i])}</title>` : "";
      out.push(marker("marker", s, q.X, q.Y, ` data-series="${s.k}" data-i="${q.i}" data-x="${num(s.x[q.i])}" data-y="${num(s.y[q.i])}"`, tip));
    }
    out.push(`</g>`);
  }
  return out;
}

function drawLegend(series: Styled[], b: Box): string[] {
  const out = [`<g class="legend" font-family="sans-serif" font-size="11">`,
    `<rect class="legend-box" x="${px(b.x)}" y="${px(b.y)}" width="${b.w}" height="${b.h}" fill="white" stroke="#ccc"/>`];
  series.forEach((s, j) => {
    const y = b.y + 15 + 15 * j;
    if (s.style !== "points") out.push(`<line x1="${px(b.x + 6)}" y1="${px(y - 4)}" x2="${px(b.x + 30)}" y2="${px(y - 4)}" stroke="${s.colour}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>`);
    out.push(marker("legend-marker", s, b.x + 18, y - 4));
    out.push(`<text x="${px(b.x + 36)}" y="${px(y)}" fill="#111">${escapeXml(s.name)}</text>`);
  });
  out.push(`</g>`);
  return out;
}

/**
 * Lay out and draw one panel in `box`. `widen`: when the legend cannot go inside, widen the box
 * (returned) instead of narrowing the frame. Returns the SVG elements and the box finally used.
 */
function renderPanel(p: PanelSpec, box: Box, widen: boolean): { body: string[]; box: Box } {
  let xa: Axis, ya: Axis;
  if (p.parity) {
    xa = ya = makeAxis(p.series.flatMap((s) => [...Array.from(s.x), ...Array.from(s.y)]), false);
  } else {
    xa = makeAxis(p.series.flatMap((s) => Array.from(s.x)), !!p.logX, p.xPad ?? 0.05, box.w < 400 ? 4 : 6);
    ya = makeAxis(p.series.flatMap((s) => Array.from(s.y)), !!p.logY, 0.05, box.h < 300 ? 5 : 6);
  }
  const frameOf = (b: Box): Box => ({ x: b.x + MARGIN.left, y: b.y + MARGIN.top, w: b.w - MARGIN.left - MARGIN.right, h: b.h - MARGIN.top - MARGIN.bottom });
  const diagOf = (f: Box): [number, number, number, number] | null => (p.parity ? [f.x, f.y + f.h, f.x + f.w, f.y] : null);
  let f = frameOf(box);
  let marks = mapSeries(p, xa, ya, f);
  let legend: Box | null = null;
  if (p.series.length) {
    const size = legendSize(p.series);
    legend = legendSpot(f, size, marks, diagOf(f));
    if (!legend) {
      const extra = size.w + 12;
      if (widen) box = { ...box, w: box.w + extra };
      else f = { ...f, w: f.w - extra };
      legend = { x: f.x + f.w + 8, y: f.y, ...size };
      marks = mapSeries(p, xa, ya, f);
    }
  }
  const body = [...drawFrame(f, box, xa, ya, p)];
  const d = diagOf(f);
  if (d) body.push(`<line class="diagonal" x1="${px(d[0])}" y1="${px(d[1])}" x2="${px(d[2])}" y2="${px(d[3])}" stroke="#888" stroke-dasharray="4 4"/>`);
  body.push(...drawMarks(marks));
  if (legend) body.push(...drawLegend(p.series, legend));
  return { body: [`<g class="panel">`, ...body, `</g>`], box };
}

// ------------------------------------------------------------------------------------ documents

/** JSON of the figure's data: non-finite numbers become strings ("NaN", "Infinity"). */
function dataBlock(kind: string, o: PlotOptions, panels: PanelSpec[]): string {
  const enc = (v: number) => (Number.isFinite(v) ? v : String(v));
  const multi = panels.length > 1 || kind === "panels";
  const series = panels.flatMap((p, j) => p.series.map((s) => {
    const skipped: number[] = [];
    const lx = !!p.logX, ly = !!p.logY;
    for (let i = 0; i < s.x.length; i++) {
      const ok = (v: number, log: boolean) => Number.isFinite(v) && (!log || v > 0);
      if (!ok(s.x[i], lx) || !ok(s.y[i], ly)) skipped.push(i);
    }
    return { name: s.name, x: Array.from(s.x, enc), y: Array.from(s.y, enc), ...(s.labels ? { labels: s.labels } : {}), skipped, ...(multi ? { panel: j } : {}) };
  }));
  const data = {
    kind, title: o.title ?? "", xLabel: o.xLabel ?? "", yLabel: o.yLabel ?? "", logX: !!o.logX, logY: !!o.logY, series,
    ...(multi ? { panels: panels.map((p) => ({ title: p.title ?? "", xLabel: p.xLabel ?? "", yLabel: p.yLabel ?? "", logX: !!p.logX, logY: !!p.logY })) } : {}),
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
    `<rect x="0" y="0" width="${w}" height="${h}" fill="white"/>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

/** Line plot of several series sharing the axes. Returns the SVG document text. */
export function linePlot(series: Series[], options: PlotOptions = {}): string {
  checkSeries(series);
  const w = options.width ?? 640, h = options.height ?? 420;
  const p: PanelSpec = { ...options, series: styleAll(series), xPad: 0.02 };
  const { body } = renderPanel(p, { x: 0, y: 0, w, h }, false);
  return svgDocument(w, h, options.title ?? "plot", [dataBlock("line", options, [p]), ...body]);
}

/**
 * Parity plot: predicted (y) against reference (x), one series per family, with the y = x line.
 * Both axes share one range so the diagonal is at 45°.
 */
export function parityPlot(series: Series[], options: PlotOptions = {}): string {
  checkSeries(series);
  const w = options.width ?? 480, h = options.height ?? 480;
  const p: PanelSpec = { ...options, logX: false, logY: false, parity: true, series: styleAll(series.map((s) => ({ ...s, style: "points" as const }))) };
  const { body, box } = renderPanel(p, { x: 0, y: 0, w, h }, true);
  return svgDocument(box.w, h, options.title ?? "parity", [dataBlock("parity", options, [p]), ...body]);
}

/** One panel of a panelPlot: its own title, series and (optionally) axis labels. */
export interface Panel {
  title: string;
  series: Series[];
  xLabel?: string;
  yLabel?: string;
}

/**
 * Small multiples: a grid of panels (at most `columns` per row, default 3), each with its own axes
 * and legend; colours and shapes are assigned over the whole figure, so no two series share both.
 * `options.width`/`height` are per panel (default 320 × 260); axis labels default to the options'
 * (the y label on the first column only).
 */
export function panelPlot(panels: Panel[], options: PlotOptions & { columns?: number } = {}): string {
  for (const p of panels) checkSeries(p.series);
  const pw = options.width ?? 320, ph = options.height ?? 260;
  const cols = Math.max(1, Math.min(options.columns ?? 3, panels.length));
  const rows = Math.ceil(panels.length / cols);
  const top = options.title ? 30 : 0;
  const styled = styleAll(panels.flatMap((p) => p.series));
  let k = 0;
  // The figure's y label on the first column only (a panel's own label, if given, everywhere).
  const specs: PanelSpec[] = panels.map((p, j) => ({
    title: p.title, titleSize: 12, xLabel: p.xLabel ?? options.xLabel, yLabel: p.yLabel ?? (j % cols === 0 ? options.yLabel : undefined),
    logX: options.logX, logY: options.logY,
    xPad: 0.05, series: p.series.map(() => styled[k++]),
  }));
  const body: string[] = [];
  specs.forEach((p, j) => body.push(...renderPanel(p, { x: (j % cols) * pw, y: top + Math.floor(j / cols) * ph, w: pw, h: ph }, false).body));
  const w = cols * pw, h = top + rows * ph;
  if (options.title) body.unshift(`<text x="${w / 2}" y="22" text-anchor="middle" font-family="sans-serif" font-size="14" font-weight="bold" fill="#111">${escapeXml(options.title)}</text>`);
  return svgDocument(w, h, options.title ?? "panels", [dataBlock("panels", options, specs), ...body]);
}

/** Read the data block back from an SVG written by this module (inverse of the JSON encoding). */
export function readPlotData(svg: string): {
  kind: string; title: string; xLabel: string; yLabel: string; logX: boolean; logY: boolean;
  series: { name: string; x: number[]; y: number[]; labels?: string[]; skipped: number[]; panel?: number }[];
  panels?: { title: string; xLabel: string; yLabel: string; logX: boolean; logY: boolean }[];
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

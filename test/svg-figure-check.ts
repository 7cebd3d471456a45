// Reads a figure written by src/report/svg.ts the way a reader sees it (the drawn elements, not
// the data block) and reports what makes it hard to read:
// - legend boxes that cover a data mark: a marker (its outline: the largest coordinate of its
//   path, around its translate()), a polyline segment or the parity diagonal. Segments are walked
//   in 0.25 px steps, independently of the plot code's clipping arithmetic;
// - series drawn alike: two series whose markers have the same colour, shape and fill, or a
//   series with no marker at all (a line-only curve that another can hide);
// - the number of series per panel (<g class="panel">).
import { parseXml, type XmlElement } from "./svg-xml.js";

interface Rect { x: number; y: number; w: number; h: number }

export interface FigureCheck {
  /** One line per legend box and data mark that meet. */
  legendOverlaps: string[];
  /** One line per pair of series drawn alike, or series without markers. */
  lookAlike: string[];
  /** Series per panel, in document order. */
  seriesPerPanel: number[];
  /** Legend boxes found. */
  legends: number;
}

const numbers = (s: string) => (s.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);

function translate(e: XmlElement): [number, number] {
  const m = /translate\(\s*(-?[\d.e-]+)[ ,]+(-?[\d.e-]+)\s*\)/.exec(e.attrs.transform ?? "");
  if (!m) throw new Error(`marker without translate(): ${JSON.stringify(e.attrs)}`);
  return [Number(m[1]), Number(m[2])];
}

function inside(x: number, y: number, r: Rect, pad = 0): boolean {
  return x >= r.x - pad && x <= r.x + r.w + pad && y >= r.y - pad && y <= r.y + r.h + pad;
}

function segmentMeets(x0: number, y0: number, x1: number, y1: number, r: Rect): boolean {
  const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.25));
  for (let j = 0; j <= n; j++) if (inside(x0 + ((x1 - x0) * j) / n, y0 + ((y1 - y0) * j) / n, r)) return true;
  return false;
}

/** Split the document into panels: the elements between <g class="panel"> openings (or one panel). */
function panels(els: XmlElement[]): XmlElement[][] {
  const starts = els.map((e, i) => (e.name === "g" && e.attrs.class === "panel" ? i : -1)).filter((i) => i >= 0);
  if (starts.length === 0) return [els];
  return starts.map((s, j) => els.slice(s, j + 1 < starts.length ? starts[j + 1] : els.length));
}

export function checkFigure(svg: string): FigureCheck {
  const els = parseXml(svg.replace(/^<\?xml[^>]*\?>\s*/, ""));
  const out: FigureCheck = { legendOverlaps: [], lookAlike: [], seriesPerPanel: [], legends: 0 };
  for (const p of panels(els)) {
    const legends = p.filter((e) => e.attrs.class === "legend-box").map((e) => ({ x: +e.attrs.x, y: +e.attrs.y, w: +e.attrs.width, h: +e.attrs.height }));
    out.legends += legends.length;
    const markers = p.filter((e) => e.attrs.class === "marker");
    const lines = p.filter((e) => e.name === "polyline" || e.attrs.class === "diagonal");
    out.seriesPerPanel.push(new Set(p.filter((e) => e.attrs.class === "series").map((e) => e.attrs["data-series"])).size);
    for (const box of legends) {
      for (const m of markers) {
        const [cx, cy] = translate(m);
        const r = Math.max(...numbers(m.attrs.d).map(Math.abs)) + 0.6; // + half the stroke
        if (cx + r >= box.x && cx - r <= box.x + box.w && cy + r >= box.y && cy - r <= box.y + box.h) {
          out.legendOverlaps.push(`legend at (${box.x}, ${box.y}) covers marker of series ${m.attrs["data-series"]} at x = ${m.attrs["data-x"]}, y = ${m.attrs["data-y"]}`);
        }
      }
      for (const l of lines) {
        const pts = l.name === "polyline" ? numbers(l.attrs.points) : [+l.attrs.x1, +l.attrs.y1, +l.attrs.x2, +l.attrs.y2];
        for (let j = 2; j + 1 < pts.length; j += 2) {
          if (segmentMeets(pts[j - 2], pts[j - 1], pts[j], pts[j + 1], box)) {
            out.legendOverlaps.push(`legend at (${box.x}, ${box.y}) covers a ${l.attrs.class === "diagonal" ? "diagonal" : "line"} segment (${pts[j - 2]}, ${pts[j - 1]})–(${pts[j]}, ${pts[j + 1]})`);
            break;
          }
        }
      }
    }
  }
  // Look of each series: its markers' (stroke colour, shape, fill).
  const look = new Map<string, Set<string>>();
  for (const e of els) if (e.name === "g" && e.attrs.class === "series") look.set(e.attrs["data-series"], new Set());
  for (const m of els.filter((e) => e.attrs.class === "marker")) look.get(m.attrs["data-series"])?.add(`${m.attrs.stroke} ${m.attrs.d} ${m.attrs.fill}`);
  const seen = new Map<string, string>();
  for (const [k, styles] of look) {
    if (styles.size === 0) { out.lookAlike.push(`series ${k} has no marker`); continue; }
    if (styles.size > 1) out.lookAlike.push(`series ${k} has markers of ${styles.size} looks`);
    const s = [...styles][0];
    if (seen.has(s)) out.lookAlike.push(`series ${seen.get(s)} and ${k} look alike (${s.split(" ")[0]}, same shape and fill)`);
    else seen.set(s, k);
  }
  return out;
}

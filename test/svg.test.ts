import { describe, expect, it } from "vitest";
import { linePlot, panelPlot, parityPlot, readPlotData, type Series } from "../src/report/svg.js";
import { checkFigure } from "./svg-figure-check.js";
import { parseXml, type XmlElement } from "./svg-xml.js";

/** Pixel centre of a marker (its translate()). */
const centre = (e: XmlElement) => /translate\(([-\d.]+) ([-\d.]+)\)/.exec(e.attrs.transform)!.slice(1).map(Number);

describe("xml checker", () => {
  it("rejects malformed documents", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow(/closes/);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml("<a>1 & 2</a>")).toThrow(/&/);
    expect(() => parseXml('<a x="<"/>')).toThrow(/attribute/);
    expect(() => parseXml("<a/><b/>")).toThrow(/root/);
    expect(parseXml('<a><b y="&lt;1&amp;"/></a>')[1].attrs.y).toBe("<1&");
  });
});

describe("linePlot", () => {
  const xs = [0.1, 0.2, 1 / 3, 10];
  const ys = [1e-3, 2.5, 1e5 / 7, 42];
  const svg = linePlot(
    [
      { name: "model <fit> & more", x: xs, y: ys, labels: ["a", "b<", "c&", "d"] },
      { name: "reference", x: [0, 1], y: [NaN, 2], dashed: true },
    ],
    { title: "E/N vs V \"test\"", xLabel: "V (Å³/atom)", yLabel: "E (eV/atom)" },
  );

  it("is well-formed XML with an svg root", () => {
    const els = parseXml(svg);
    expect(els[0].name).toBe("svg");
    expect(els[0].attrs.xmlns).toBe("http://www.w3.org/2000/svg");
  });

  it("carries every drawable point as exact data attributes", () => {
    const circles = parseXml(svg).filter((e) => e.attrs.class === "marker");
    const s0 = circles.filter((c) => c.attrs["data-series"] === "0");
    expect(s0.map((c) => Number(c.attrs["data-x"]))).toEqual(xs);
    expect(s0.map((c) => Number(c.attrs["data-y"]))).toEqual(ys);
    // NaN point of series 1 has no marker, the finite one has.
    const s1 = circles.filter((c) => c.attrs["data-series"] === "1");
    expect(s1.map((c) => [Number(c.attrs["data-x"]), Number(c.attrs["data-y"])])).toEqual([[1, 2]]);
  });

  it("round-trips the JSON data block, including NaN and labels", () => {
    const d = readPlotData(svg);
    expect(d.kind).toBe("line");
    expect(d.title).toBe('E/N vs V "test"');
    expect(d.series[0].name).toBe("model <fit> & more");
    expect(d.series[0].y).toEqual(ys);
    expect(d.series[0].labels).toEqual(["a", "b<", "c&", "d"]);
    expect(Number.isNaN(d.series[1].y[0])).toBe(true);
    expect(d.series[1].skipped).toEqual([0]);
  });

  it("places markers monotonically in x and y (SVG y grows downwards)", () => {
    const c = parseXml(svg).filter((e) => e.attrs.class === "marker" && e.attrs["data-series"] === "0");
    const cx = c.map((e) => centre(e)[0]), cy = c.map((e) => centre(e)[1]);
    for (let i = 1; i < cx.length; i++) expect(cx[i]).toBeGreaterThan(cx[i - 1]);
    // y: 1e-3 < 2.5 < 14285.7 > 42
    expect(cy[1]).toBeLessThan(cy[0]);
    expect(cy[2]).toBeLessThan(cy[1]);
    expect(cy[3]).toBeGreaterThan(cy[2]);
  });

  it("log axis: skips non-positive values and spaces decades evenly", () => {
    const s = linePlot([{ name: "rmse", x: [1, 2, 3, 4], y: [1, 10, 100, 0] }], { logY: true });
    parseXml(s);
    const d = readPlotData(s);
    expect(d.logY).toBe(true);
    expect(d.series[0].skipped).toEqual([3]);
    const cy = parseXml(s).filter((e) => e.attrs.class === "marker").map((e) => centre(e)[1]);
    expect(cy.length).toBe(3);
    expect(cy[0] - cy[1]).toBeCloseTo(cy[1] - cy[2], 1);
  });

  it("rejects series of unequal length", () => {
    expect(() => linePlot([{ name: "bad", x: [1, 2], y: [1] }])).toThrow(/bad.*2 x values but 1 y/);
  });
});

describe("parityPlot", () => {
  it("draws points on a square, shared range with the y = x diagonal", () => {
    const svg = parityPlot([{ name: "diamond", x: [-4.3, -4.2], y: [-4.31, -4.18] }, { name: "fcc", x: [-3.5], y: [-3.6] }]);
    const els = parseXml(svg);
    const diag = els.find((e) => e.attrs.class === "diagonal")!;
    expect(diag).toBeDefined();
    // The diagonal runs from the lower-left to the upper-right corner of the frame.
    expect(Number(diag.attrs.x1)).toBeLessThan(Number(diag.attrs.x2));
    expect(Number(diag.attrs.y1)).toBeGreaterThan(Number(diag.attrs.y2));
    const circles = els.filter((e) => e.attrs.class === "marker"); // legend markers are "legend-marker"
    expect(circles.length).toBe(3);
    // A point with x = y would lie on the diagonal: check cx/cy use the same map (x = -4.3 vs y = -4.31).
    const p = circles[0];
    const slope = (Number(diag.attrs.y1) - Number(diag.attrs.y2)) / (Number(diag.attrs.x2) - Number(diag.attrs.x1));
    expect(slope).toBeCloseTo(1, 6);
    expect(Number(p.attrs["data-x"])).toBe(-4.3);
    expect(readPlotData(svg).series[1].y).toEqual([-3.6]);
  });
});

describe("readable figures (legend, colours and markers, small multiples)", () => {
  // The study report's diamond E–V figure (paper study, first seed of each known-truth experiment,
  // from its results.json): with the legend at the top left it covered the curves at V = 18 Å³.
  const V = [18.021600000000003, 19.022800000000004, 20.024, 21.0252, 22.026400000000002];
  const diamond: Series[] = [
    { name: "SW teacher", x: V, y: [-4.263930354565532, -4.3196782530256685, -4.336599993826613, -4.321718865611731, -4.280647290785737], dashed: true, color: "#000" },
    { name: "vacancy-fixed (seed 1)", x: V, y: [-4.236651846839765, -4.296407395616915, -4.3252595804598535, -4.312308340806366, -4.272326640436362] },
    { name: "vacancy-remedied (seed 1)", x: V, y: [-4.216832215985431, -4.31774958249002, -4.336545656269729, -4.307154349705025, -4.251039290262693] },
    { name: "slab-fixed (seed 1)", x: V, y: [-4.219628004747402, -4.27759438694288, -4.296672490185403, -4.2779286715010825, -4.229495769697909] },
    { name: "slab-remedied (seed 1)", x: V, y: [-4.202095303964843, -4.301636049749959, -4.3381254469442, -4.322449518050735, -4.301654932936115] },
  ];

  it("the checker sees a legend over data, look-alike series and line-only series", () => {
    // Hand-made SVG: a legend box over a marker and over a line, two series drawn alike, one without markers.
    const m = (k: number, x: number, y: number) => `<path class="marker" transform="translate(${x} ${y})" d="M-3 0L3 0" fill="red" stroke="red" data-series="${k}"/>`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><g class="series" data-series="0">${m(0, 50, 50)}</g><g class="series" data-series="1">${m(1, 200, 200)}`
      + `<polyline points="100,10 100,190"/></g><g class="series" data-series="2"><polyline points="0,0 1,1"/></g>`
      + `<rect class="legend-box" x="40" y="40" width="70" height="20"/></svg>`;
    const c = checkFigure(svg);
    expect(c.legendOverlaps).toHaveLength(2);
    expect(c.legendOverlaps[0]).toMatch(/marker of series 0/);
    expect(c.lookAlike).toEqual(["series 0 and 1 look alike (red, same shape and fill)", "series 2 has no marker"]);
  });

  it("the study's diamond E–V figure: the legend covers no point or line", () => {
    const c = checkFigure(linePlot(diamond, { title: "Diamond Si: atomic energy vs volume" }));
    expect(c.legends).toBe(1);
    expect(c.legendOverlaps).toEqual([]);
    expect(c.lookAlike).toEqual([]);
  });

  it("a panel with no free spot gets its legend outside the frame, on the right", () => {
    // Two zig-zag lines between y = 1 and 9 (axis 0–10), a turn every 1/100 of the width (axis 0–100):
    // no spot inside the frame is free.
    const x = Array.from({ length: 99 }, (_, i) => i), zig = x.map((i) => 1 + 8 * (i % 2)), zag = x.map((i) => 9 - 8 * (i % 2));
    const svg = linePlot([{ name: "zig", x, y: zig, style: "line" }, { name: "zag", x, y: zag, style: "line" }]);
    const els = parseXml(svg);
    const frame = els.find((e) => e.attrs.class === "frame")!, box = els.find((e) => e.attrs.class === "legend-box")!;
    expect(Number(box.attrs.x)).toBeGreaterThan(Number(frame.attrs.x) + Number(frame.attrs.width));
    expect(Number(box.attrs.x) + Number(box.attrs.width)).toBeLessThanOrEqual(640);
    expect(checkFigure(svg).legendOverlaps).toEqual([]);
    // Parity plots keep the diagonal at 45°: the figure widens instead.
    const g = Array.from({ length: 400 }, (_, i) => i);
    const par = parityPlot([{ name: "everywhere", x: g.map((i) => i % 20), y: g.map((i) => Math.floor(i / 20)) }]);
    const root = parseXml(par)[0], pf = parseXml(par).find((e) => e.attrs.class === "frame")!;
    expect(Number(root.attrs.width)).toBeGreaterThan(480);
    expect(Number(pf.attrs.width)).toBe(Number(pf.attrs.height));
    expect(checkFigure(par).legendOverlaps).toEqual([]);
  });

  it("gives up to 42 series a colour+marker pair of their own, the first six differing in both", () => {
    const many: Series[] = Array.from({ length: 42 }, (_, k) => ({ name: `s${k}`, x: [0, 1], y: [k, k + 0.5] }));
    expect(checkFigure(linePlot(many)).lookAlike).toEqual([]);
    const els = parseXml(linePlot(many.slice(0, 6))).filter((e) => e.attrs.class === "marker" && e.attrs["data-i"] === "0");
    expect(new Set(els.map((e) => e.attrs.stroke)).size).toBe(6);
    expect(new Set(els.map((e) => e.attrs.d)).size).toBe(6);
    // A family (model + reference) shares colour and shape; the dashed one has open markers.
    const fam = parseXml(linePlot([{ name: "fcc model", family: "fcc", x: [1], y: [1] }, { name: "fcc reference", family: "fcc", x: [1], y: [2], dashed: true }]))
      .filter((e) => e.attrs.class === "marker");
    expect(fam[0].attrs.stroke).toBe(fam[1].attrs.stroke);
    expect(fam[0].attrs.d).toBe(fam[1].attrs.d);
    expect([fam[0].attrs.fill, fam[1].attrs.fill]).toEqual([fam[0].attrs.stroke, "white"]);
  });

  it("line-only series carry staggered markers, so two coinciding curves stay visible", () => {
    const x = Array.from({ length: 50 }, (_, i) => i + 1), y = x.map((e) => 100 / e);
    const svg = linePlot([{ name: "a", x, y, style: "line" }, { name: "b", x, y, style: "line" }], { logY: true });
    const ms = parseXml(svg).filter((e) => e.attrs.class === "marker");
    const at = (k: string) => new Set(ms.filter((e) => e.attrs["data-series"] === k).map((e) => e.attrs["data-x"]));
    expect(at("0").size).toBeGreaterThanOrEqual(8);
    expect(at("1").size).toBeGreaterThanOrEqual(8);
    expect([...at("1")].filter((v) => at("0").has(v))).toEqual([]);
    expect(checkFigure(svg).lookAlike).toEqual([]);
  });

  it("panelPlot: one grid of panels, each with its own axes and legend, data readable per panel", () => {
    const panel = (t: string, k: number) => ({ title: t, series: [{ name: `${t} model`, family: t, x: [1, 2, 3], y: [k, k + 1, k] }, { name: `${t} reference`, family: t, x: [1, 2, 3], y: [k, k + 2, k], dashed: true }] });
    const svg = panelPlot(["a", "b", "c", "d", "e"].map(panel), { title: "five", xLabel: "x", yLabel: "y" });
    const els = parseXml(svg);
    expect(Number(els[0].attrs.width)).toBe(3 * 320);
    expect(Number(els[0].attrs.height)).toBe(30 + 2 * 260);
    const c = checkFigure(svg);
    expect(c.seriesPerPanel).toEqual([2, 2, 2, 2, 2]);
    expect(c.legends).toBe(5);
    expect(c.legendOverlaps).toEqual([]);
    expect(c.lookAlike).toEqual([]);
    const d = readPlotData(svg);
    expect(d.kind).toBe("panels");
    expect(d.panels!.map((p) => p.title)).toEqual(["a", "b", "c", "d", "e"]);
    expect(d.series.filter((s) => s.panel === 3).map((s) => s.name)).toEqual(["d model", "d reference"]);
    expect(d.series[9].y).toEqual([4, 6, 4]);
  });
});

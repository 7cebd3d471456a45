import { describe, expect, it } from "vitest";
import { linePlot, parityPlot, readPlotData } from "../src/report/svg.js";
import { parseXml } from "./svg-xml.js";

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
    const circles = parseXml(svg).filter((e) => e.name === "circle");
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
    const c = parseXml(svg).filter((e) => e.name === "circle" && e.attrs["data-series"] === "0");
    const cx = c.map((e) => Number(e.attrs.cx)), cy = c.map((e) => Number(e.attrs.cy));
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
    const cy = parseXml(s).filter((e) => e.name === "circle").map((e) => Number(e.attrs.cy));
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
    const circles = els.filter((e) => e.name === "circle" && "data-x" in e.attrs); // legend markers carry no data
    expect(circles.length).toBe(3);
    // A point with x = y would lie on the diagonal: check cx/cy use the same map (x = -4.3 vs y = -4.31).
    const p = circles[0];
    const slope = (Number(diag.attrs.y1) - Number(diag.attrs.y2)) / (Number(diag.attrs.x2) - Number(diag.attrs.x1));
    expect(slope).toBeCloseTo(1, 6);
    expect(Number(p.attrs["data-x"])).toBe(-4.3);
    expect(readPlotData(svg).series[1].y).toEqual([-3.6]);
  });
});

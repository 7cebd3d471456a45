// The study report (src/study/report-html.ts) read back as HTML: no negative zero anywhere, the
// invariant-point scan described as the spec ran it, the figures readable (legends clear of the
// data, a look of their own per series); and README's table of the paper study names the same scan.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { renderReport } from "../src/study/report-html.js";
import { paperSpec } from "../src/study/paper.js";
import { fixed, meanStd } from "../src/report/format.js";
import { tinyStudy } from "./helpers/tiny-study.js";
import { checkFigure } from "./svg-figure-check.js";

/** A minus sign (ASCII or U+2212) in front of a zero with no other digit: "-0", "-0.00", "−0.0". */
const NEGATIVE_ZERO = /[-−]0(\.0+)?(?![\d.])/;

describe("numbers as text", () => {
  it("never print a negative zero, and round as toFixed does otherwise", () => {
    expect(fixed(-0.0004, 3)).toBe("0.000");
    expect(fixed(-0.4, 0)).toBe("0");
    expect(fixed(-0, 2)).toBe("0.00");
    expect(fixed(-0.6, 0)).toBe("-1");
    expect(fixed(-0.0006, 3)).toBe("-0.001");
    expect(fixed(1234.5678, 1)).toBe("1234.6");
    expect(fixed(undefined, 2)).toBe("–");
    expect(fixed(NaN, 2, "-")).toBe("-");
    expect(meanStd(-0.2, 0.3, 3, 0)).toBe("0 ± 0");
    expect(meanStd(-0.2, 0.3, 1, 1)).toBe("-0.2");
    expect(NEGATIVE_ZERO.test("x -0 ± 0")).toBe(true);
    expect(NEGATIVE_ZERO.test("-0.05 and -10 and -0.5")).toBe(false);
  });
});

describe("study report", () => {
  const tiny = tinyStudy();

  it("shows no negative zero, even where every mean is a tiny negative number", () => {
    const r = structuredClone(tiny.results);
    for (const e of r.experiments) for (const k of Object.keys(e.summary)) e.summary[k] = { ...e.summary[k], n: 3, mean: -1e-4, std: 1e-4 };
    const html = renderReport(r, tiny.manifest);
    const text = html.replace(/<svg[\s\S]*?<\/svg>/g, "").replace(/<[^>]+>/g, " ");
    expect(text.match(NEGATIVE_ZERO)).toBeNull();
    expect(text).toContain("0.00 ± 0.00");
  });

  it("describes the volume scan the spec ran (±10 %, 5 volumes) and lists its lattices", () => {
    expect(tiny.html).toContain("Invariant points: volume scans (±10 % in volume, 5 volumes each) of diamond and fcc Si and the isolated atom");
  });

  it("draws figures whose legends cover no data and whose series each look their own", () => {
    const svgs = tiny.html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs.length).toBeGreaterThanOrEqual(2);
    for (const svg of svgs) {
      const c = checkFigure(svg);
      expect(c.legendOverlaps).toEqual([]);
      expect(c.lookAlike).toEqual([]);
    }
  });
});

describe("README", () => {
  it("gives the paper study's E–V scan range as the spec runs it", () => {
    const range = paperSpec(false).points.lattices.volumeRange!;
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const said = [...readme.matchAll(/E–V scan ±(\d+) %/g)].map((m) => Number(m[1]));
    expect(said.length).toBeGreaterThan(0);
    for (const pct of said) expect(pct).toBe(100 * range);
    // Its table of measured numbers prints no negative zero either.
    const table = readme.slice(readme.indexOf("| SW training set |"), readme.indexOf("\n\n", readme.indexOf("| SW training set |")));
    expect(table.split("\n").length).toBeGreaterThan(4);
    expect(table.match(NEGATIVE_ZERO)).toBeNull();
  });
});

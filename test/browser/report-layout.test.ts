// The study report in headless Chromium (Debian's `chromium`, driven by playwright-core): at a
// 1200 px wide window and printed on A4 (print media, 190 mm = 718 px between 1 cm margins) every
// table fits its container (scrollWidth ≤ clientWidth, nothing cut off), and the page does not
// scroll sideways. The report is the tiny study's, as the paper's four known-truth experiments
// with every number at the paper's widest (test/helpers/tiny-study.ts).
//
// Skipped (with a message) only when chromium is missing and CI is not set, like web.test.ts.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { renderReport } from "../../src/study/report-html.js";
import { tinyStudy, widen } from "../helpers/tiny-study.js";

const CHROMIUM = process.env.AEMAP_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const inCi = !!process.env.CI;
if (!haveChromium && !inCi) {
  console.warn(`test/browser/report-layout.test.ts: SKIPPED — no chromium at ${CHROMIUM} (install it: apt-get install -y chromium, or set AEMAP_CHROMIUM)`);
}

interface Overflow { what: string; scrollWidth: number; clientWidth: number }

describe.skipIf(!haveChromium && !inCi)("study report layout in headless Chromium", () => {
  let browser: Browser | undefined, dir = "", url = "";

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`chromium not found at ${CHROMIUM}: CI must install it (.ci/run: apt-get install -y chromium)`);
    const tiny = tinyStudy();
    dir = mkdtempSync(join(tmpdir(), "aemap-report-"));
    writeFileSync(join(dir, "report.html"), renderReport(widen(tiny.results), tiny.manifest));
    url = pathToFileURL(join(dir, "report.html")).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every table (and its scrolling box) and the page itself wider than its container. */
  async function overflows(media: "screen" | "print", width: number): Promise<{ tables: number; over: Overflow[] }> {
    const page = await browser!.newPage({ viewport: { width, height: 900 } });
    try {
      await page.emulateMedia({ media });
      await page.goto(url);
      return await page.evaluate(() => {
        const over: Overflow[] = [];
        const tables = [...document.querySelectorAll("table")];
        tables.forEach((t, i) => {
          const box = t.parentElement!;
          const what = `table ${i + 1} (${t.querySelector("th")?.textContent || t.className || "no header"})`;
          // The table's own width against its container's content width, and the container's scroll.
          if (t.getBoundingClientRect().width > box.clientWidth + 0.5) over.push({ what, scrollWidth: t.getBoundingClientRect().width, clientWidth: box.clientWidth });
          if (box.scrollWidth > box.clientWidth) over.push({ what: `${what} container`, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth });
        });
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth) over.push({ what: "page", scrollWidth: root.scrollWidth, clientWidth: root.clientWidth });
        return { tables: tables.length, over };
      });
    } finally {
      await page.close();
    }
  }

  it("fits every table at 1200 px", async () => {
    const r = await overflows("screen", 1200);
    expect(r.tables).toBeGreaterThanOrEqual(5);
    expect(r.over).toEqual([]);
  }, 30_000);

  it("fits every table in print (A4, 718 px between margins)", async () => {
    const r = await overflows("print", 718);
    expect(r.tables).toBeGreaterThanOrEqual(5);
    expect(r.over).toEqual([]);
  }, 30_000);
});

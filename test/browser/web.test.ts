// The web page (web/) in real headless Chromium (Debian's `chromium`, driven by playwright-core):
// it builds with Vite, loads, trains a small model on the bundled Si set to a lower loss while the
// plots update, renders the structure in 3-D coloured by atomic energy, and its trained weights are
// bitwise those of the same job run in Node (web/src/job.ts). The downloaded model is read back
// with the CLI's parser and its atomic energies recomputed in Node.
//
// Skipped (with a message) only when chromium is missing and CI is not set; in CI a missing
// browser fails the test (.ci/run installs it). AEMAP_WEB_SHOTS=DIR saves screenshots there.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { build } from "vite";
import { chromium, type Browser, type Page } from "playwright-core";
import { readPlotData } from "../../src/report/svg.js";
import { parseModel, weightHash } from "../../src/model/model-file.js";
import { Potential } from "../../src/model/potential.js";
import { readStructuresFromString } from "../../src/io/index.js";
import { runJob, selectData, readFiles, DEFAULT_SETTINGS, type JobResult, type JobSettings } from "../../web/src/job.js";
import { decodePng } from "./png.js";

const CHROMIUM = process.env.AEMAP_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const inCi = !!process.env.CI;
if (!haveChromium && !inCi) {
  console.warn(`test/browser/web.test.ts: SKIPPED — no chromium at ${CHROMIUM} (install it: apt-get install -y chromium, or set AEMAP_CHROMIUM)`);
}

const REPO = resolve(import.meta.dirname, "../..");
const TRAINING = join(REPO, "data/si-mlearn/training.json");
/** What the test types into the page (small, so the test stays fast). */
const SETTINGS: JobSettings = { ...DEFAULT_SETTINGS, hidden: [8, 8], epochs: 14, perGroup: 2, invariantEvery: 2, seed: 7 };

const MIME: Record<string, string> = {
  ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json",
};

/** A static file server for the built page on 127.0.0.1 and a random port. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^([/\\])+/, "");
    const file = join(dir, path || "index.html");
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

describe.skipIf(!haveChromium && !inCi)("web page in headless Chromium", () => {
  let out = "", server: Server | undefined, browser: Browser | undefined, page: Page, url = "";
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`chromium not found at ${CHROMIUM}: CI must install it (.ci/run: apt-get install -y chromium)`);
    out = mkdtempSync(join(tmpdir(), "aemap-web-"));
    await build({ configFile: join(REPO, "web/vite.config.ts"), logLevel: "error", build: { outDir: out, emptyOutDir: true } });
    server = await serve(out);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
    });
    // playwright-core gives every context a fresh profile (its own --user-data-dir).
    const context = await browser.newContext({ viewport: { width: 1280, height: 1800 }, acceptDownloads: true });
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
    // No network: any request to another host fails the test below.
    await page.route((u) => !u.href.startsWith(`http://127.0.0.1:`) && !u.href.startsWith("blob:") && !u.href.startsWith("data:"),
      (route) => { pageErrors.push(`external request ${route.request().url()}`); return route.abort(); });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
    if (out) rmSync(out, { recursive: true, force: true });
  });

  let nodeRun: JobResult;
  let pageHash = "";

  it("loads, trains a small model to a lower loss with live plots, and matches the Node run bit for bit", async () => {
    await page.goto(url);
    await page.waitForSelector("body[data-state=ready]", { timeout: 20_000 });
    await page.click("#load-si-train");
    await page.waitForFunction(() => document.querySelectorAll("#files tbody tr").length === 1);
    expect(await page.textContent("#files tbody tr td:nth-child(4)")).toBe("214");

    // Settings through the form.
    await page.fill("#hidden", SETTINGS.hidden.join(" "));
    await page.fill("#epochs", String(SETTINGS.epochs));
    await page.fill("#per-group", String(SETTINGS.perGroup));
    await page.fill("#invariant-every", String(SETTINGS.invariantEvery));
    await page.fill("#seed", String(SETTINGS.seed));

    // Record every redraw of the loss and invariant plots while training runs.
    await page.evaluate(() => {
      const w = window as unknown as { redraws: { loss: string[]; invariant: string[] } };
      w.redraws = { loss: [], invariant: [] };
      for (const [id, key] of [["loss-plot", "loss"], ["invariant-plot", "invariant"]] as const) {
        new MutationObserver(() => w.redraws[key].push(document.getElementById(id)!.innerHTML))
          .observe(document.getElementById(id)!, { childList: true });
      }
    });
    await page.click("#train");
    await page.waitForSelector("body[data-state=done]", { timeout: 60_000 });
    const page_ = await page.evaluate(() => {
      const a = (window as unknown as { aemap: { settings: unknown; result: JobResult } }).aemap;
      return { settings: a.settings, result: a.result, redraws: (window as unknown as { redraws: { loss: string[]; invariant: string[] } }).redraws };
    });
    expect(page_.settings).toEqual({ ...SETTINGS, paramsText: undefined });

    // The same job in Node: same file bytes, same settings → the same bits.
    nodeRun = runJob([{ name: "si-mlearn/training.json", text: readFileSync(TRAINING, "utf8"), role: "train" }], SETTINGS);
    const r = page_.result;
    pageHash = r.weightHash;
    expect(r.epochs).toBe(SETTINGS.epochs);
    expect(r.data.train).toBe(8); // 2 per group × 4 groups
    expect(r.weightHash).toBe(nodeRun.weightHash);
    expect(r.weightHash).toBe(weightHash(r.model));
    expect(r.history.map((h) => h.loss)).toEqual(nodeRun.history.map((h) => h.loss));
    expect(await page.textContent("#weight-hash")).toBe(nodeRun.weightHash);

    // Loss plot: one point per epoch (exact values), and lower at the end.
    const loss = readPlotData(await page.innerHTML("#loss-plot"));
    expect(loss.series[0].x).toEqual(nodeRun.history.map((h) => h.epoch));
    expect(loss.series[0].y).toEqual(nodeRun.history.map((h) => h.loss));
    expect(loss.series[0].y[SETTINGS.epochs - 1]).toBeLessThan(0.5 * loss.series[0].y[0]);

    // Live: the loss plot was drawn with growing histories, the invariant plot at several epochs.
    const lossLengths = new Set(page_.redraws.loss.filter((h) => h.includes("aemap-data")).map((h) => readPlotData(h).series[0].x.length));
    const invTitles = new Set(page_.redraws.invariant.filter((h) => h.includes("aemap-data")).map((h) => readPlotData(h).title));
    console.log(`live redraws: loss plot drawn with ${[...lossLengths].join(", ")} epochs; invariant plot titles: ${[...invTitles].join("; ")}`);
    // Every invariant evaluation is drawn as it arrives (with the loss plot at that epoch), so
    // the titles name each evaluation epoch, however fast the machine.
    expect(invTitles.size).toBe(SETTINGS.epochs / SETTINGS.invariantEvery);
    for (let e = SETTINGS.invariantEvery; e <= SETTINGS.epochs; e += SETTINGS.invariantEvery) expect(lossLengths.has(e)).toBe(true);

    // Invariant plot at the end: the model's atomic energies at the dataset's Elastic cells
    // (invariant points, reference E/N) equal the Node evaluation; the reference is the data's E/N.
    const inv = readPlotData(await page.innerHTML("#invariant-plot"));
    const model = inv.series.find((s) => s.name === "dataset:Elastic model")!;
    const ref = inv.series.find((s) => s.name === "dataset:Elastic reference")!;
    const nodePts = nodeRun.invariant!.points.filter((p) => p.family === "dataset:Elastic").sort((a, b) => a.x - b.x);
    expect(model.y).toEqual(nodePts.map((p) => p.predicted));
    const elastic = selectData(readFiles([{ name: "t.json", text: readFileSync(TRAINING, "utf8"), role: "train" }]), SETTINGS).train
      .filter((s) => s.info.group === "Elastic").map((s) => s.energy! / s.length).sort((a, b) => a - b);
    expect([...ref.y].sort((a, b) => a - b)).toEqual(elastic);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("shows the structure in 3-D coloured by the model's atomic energies (Node gives the same energies)", async () => {
    expect(pageHash).not.toBe("");
    await page.waitForSelector("#viewer[data-coloured=energy]", { timeout: 20_000 });
    const shown = await page.evaluate(() => {
      const a = (window as unknown as { aemap: { energies: { index: number; values: number[]; energy: number } } }).aemap;
      return { ...a.energies, label: (document.getElementById("view-structure") as HTMLSelectElement).selectedOptions[0].text };
    });
    expect(shown.label).toMatch(/training\.json #\d+ Vacancy \(63 atoms\)/);
    const s = readStructuresFromString(readFileSync(TRAINING, "utf8"), { filename: "training.json" })[shown.index];
    const pot = new Potential(nodeRun.model);
    const e = pot.calculate(s, { forces: false, stress: false });
    pot.dispose();
    expect(shown.values).toEqual(Array.from(e.energies));
    expect(shown.energy).toBe(e.energy);
    // Atoms next to the vacancy differ from bulk-like ones: a real colour range.
    expect(Math.max(...shown.values) - Math.min(...shown.values)).toBeGreaterThan(1e-3);

    await page.waitForTimeout(300); // let WebGL present the frame
    const shot = await page.locator("#viewer").screenshot();
    if (process.env.AEMAP_WEB_SHOTS) {
      writeFileSync(join(process.env.AEMAP_WEB_SHOTS, "viewer.png"), shot);
      await page.screenshot({ path: join(process.env.AEMAP_WEB_SHOTS, "page.png"), fullPage: true });
    }
    const img = decodePng(shot);
    // Viridis: low energies violet/blue (b > r + 30), high ones yellow (r, g > 150 > b + 60).
    let drawn = 0, low = 0, high = 0;
    for (let p = 0; p < img.rgba.length; p += 4) {
      const [r, g, b] = [img.rgba[p], img.rgba[p + 1], img.rgba[p + 2]];
      if (r < 245 || g < 245 || b < 245) drawn++; // background is white
      if (b > r + 30 && b > 80) low++;
      if (r > 150 && g > 150 && b + 60 < g) high++;
    }
    const total = img.width * img.height;
    console.log(`3-D view ${img.width}×${img.height}: ${(100 * drawn / total).toFixed(1)}% drawn, ${low} low-energy, ${high} high-energy pixels`);
    expect(drawn / total).toBeGreaterThan(0.05);
    expect(low).toBeGreaterThan(100);
    expect(high).toBeGreaterThan(20);
  }, 30_000);

  it("downloads a model the CLI's parser reads (same weight hash) and a report", async () => {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download-model")]);
    const text = readFileSync(await dl.path(), "utf8");
    const m = parseModel(text, "downloaded model.json");
    expect(weightHash(m)).toBe(pageHash);
    expect(m.networks[0].hidden).toEqual(SETTINGS.hidden);
    expect(m.descriptors).toHaveLength(26);
    const [rep] = await Promise.all([page.waitForEvent("download"), page.click("#download-report")]);
    const html = readFileSync(await rep.path(), "utf8");
    expect(html).toContain(pageHash);
    expect(html).toContain("dataset:Elastic");
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  }, 20_000);

  it("Stop keeps the model of the last epoch received: hash shown, downloads on, report says so, Node gives the same bits", async () => {
    await page.goto(url);
    await page.waitForSelector("body[data-state=ready]", { timeout: 20_000 });
    await page.click("#load-si-train");
    await page.waitForFunction(() => document.querySelectorAll("#files tbody tr").length === 1);
    const long = { ...SETTINGS, epochs: 5000 };
    await page.fill("#hidden", long.hidden.join(" "));
    await page.fill("#epochs", String(long.epochs));
    await page.fill("#per-group", String(long.perGroup));
    await page.fill("#invariant-every", String(long.invariantEvery));
    await page.fill("#seed", String(long.seed));
    await page.click("#train");
    await page.waitForFunction(() => (window as unknown as { aemap: { history: unknown[] } }).aemap.history.length >= 4, null, { timeout: 30_000 });
    await page.click("#stop");
    await page.waitForSelector("body[data-state=done]", { timeout: 10_000 });
    const r = await page.evaluate(() => (window as unknown as { aemap: { result: JobResult } }).aemap.result);
    const n = r.epochs;
    console.log(`stopped at epoch ${n} of ${long.epochs}`);
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThan(long.epochs);
    expect(r.stoppedAt).toBe(n);
    expect(r.history.map((h) => h.epoch)).toEqual(Array.from({ length: n }, (_, k) => k + 1));
    // The same job run for n epochs in Node: the same bits.
    const nodeN = runJob([{ name: "si-mlearn/training.json", text: readFileSync(TRAINING, "utf8"), role: "train" }], { ...long, epochs: n });
    expect(r.weightHash).toBe(nodeN.weightHash);
    expect(await page.textContent("#weight-hash")).toBe(nodeN.weightHash);
    expect(await page.textContent("#status")).toMatch(new RegExp(`^stopped at epoch ${n} of ${long.epochs}: kept the model of epoch ${n}`));
    for (const id of ["#download-model", "#download-report"]) expect(await page.getAttribute(id, "class")).not.toMatch(/disabled/);
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download-model")]);
    const m = parseModel(readFileSync(await dl.path(), "utf8"), "downloaded model.json");
    expect(weightHash(m)).toBe(nodeN.weightHash);
    expect(m.training?.epochs).toBe(n);
    const [rep] = await Promise.all([page.waitForEvent("download"), page.click("#download-report")]);
    const html = readFileSync(await rep.path(), "utf8");
    expect(html).toContain(`<strong>Stopped at epoch ${n}</strong> of ${long.epochs}`);
    expect(html).toContain(nodeN.weightHash);
    // The 3-D view colours by the kept model's atomic energies (a fresh worker holds it).
    await page.waitForSelector("#viewer[data-coloured=energy]", { timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("reads a structure file chosen in the file input (extxyz)", async () => {
    const file = join(REPO, "test/fixtures/io/ase-SiO.extxyz");
    const expected = readStructuresFromString(readFileSync(file, "utf8"), { filename: "ase-SiO.extxyz" });
    await page.setInputFiles("#file-input", file);
    await page.waitForFunction(() => document.querySelectorAll("#files tbody tr").length === 2);
    const cells = await page.$$eval("#files tbody tr:nth-child(2) td", (tds) => tds.map((t) => t.textContent));
    expect(cells.slice(0, 5)).toEqual(["ase-SiO.extxyz", "train", "extxyz", String(expected.length), String(expected.reduce((n, s) => n + s.length, 0))]);
  }, 20_000);
});

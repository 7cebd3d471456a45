// `aemap convert` and `aemap info`, called through their yargs handlers.
import { afterEach, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convert } from "../src/cli/commands/convert.js";
import { defaultDataFiles, info } from "../src/cli/commands/info.js";
import { readStructures } from "../src/io/files-node.js";

/** Run a command handler and return what it printed. */
async function run(handler: unknown, argv: Record<string, unknown>): Promise<string> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  try {
    await (handler as (a: Record<string, unknown>) => unknown)({ _: [], $0: "aemap", ...argv });
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe("aemap info", () => {
  it("defaults to the bundled si-mlearn files and reports the README's counts", async () => {
    const files = defaultDataFiles();
    expect(files.map((f) => f.split(/[\\/]/).slice(-3).join("/"))).toEqual(["data/si-mlearn/training.json", "data/si-mlearn/test.json"]);
    const t0 = performance.now();
    const [train, test] = JSON.parse(await run(info.handler, { cutoff: 6, json: true }));
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(train.summary.structures).toBe(214);
    expect(train.summary.atoms).toBe(13233);
    expect(test.summary.atoms).toBe(1525);
    expect(train.summary.elements).toEqual({ Si: 13233 });
    const g = train.summary.groups;
    expect([g.Elastic.structures, g.Surface.structures, g.Vacancy.structures, g["AIMD-NVT"].structures]).toEqual([55, 12, 57, 90]);
    expect(g.Vacancy.atoms).toBe(57 * 63);
    // README: energies run from −5.425 to −4.567 eV/atom; ground-state diamond −5.425323 eV/atom
    expect(train.summary.energyPerAtom.min).toBeCloseTo(-5.425323, 5);
    expect(train.summary.energyPerAtom.max).toBeCloseTo(-4.567, 3);
  });

  it("counts neighbours: the ground-state Elastic cell (diamond a = 5.4687 Å) has 4+12+12+6+12 = 46 within 6 Å", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aemap-info-"));
    try {
      const ground = readStructures("data/si-mlearn/training.json").filter((s) => s.info.group === "Elastic" && Math.abs(s.energy! / s.length + 5.425323) < 1e-6);
      expect(ground.length).toBe(1);
      const { writeStructures } = await import("../src/io/files-node.js");
      writeStructures(join(dir, "ground.xyz"), ground);
      const [r] = JSON.parse(await run(info.handler, { files: [join(dir, "ground.xyz")], cutoff: 6, json: true }));
      expect(r.summary.neighbours).toEqual({ count: 64, min: 46, max: 46, mean: 46 });
      // nearest-neighbour distance √3/4 · a
      expect(r.summary.shortestDistance.distance).toBeCloseTo((Math.sqrt(3) / 4) * 5.4687, 3);
      const table = await run(info.handler, { files: [join(dir, "ground.xyz")], cutoff: 6, json: false });
      expect(table).toMatch(/structures\s+1 /);
      expect(table).toMatch(/neighbours < 6 Å\s+mean 46\.0, min 46, max 46 per atom/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("aemap convert", () => {
  it("converts OUTCAR → n2p2 → extxyz, format from the names, and says how many frames", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aemap-convert-"));
    try {
      const data = join(dir, "input.data"), xyz = join(dir, "steps.xyz");
      const msg = await run(convert.handler, { input: "test/fixtures/io/OUTCAR-si2", output: data, "energy-key": "sigma0" });
      expect(msg).toMatch(/^converted 2 structures \(4 atoms\)/);
      expect(readFileSync(data, "utf8")).toContain("energy -10.8452\n");
      await run(convert.handler, { input: data, output: xyz });
      expect(readStructures(xyz).map((s) => s.energy)).toEqual([-10.84023625, -10.8452]);
      // two frames do not fit one POSCAR: refused, and nothing is written
      await expect(run(convert.handler, { input: xyz, output: join(dir, "first"), to: "poscar" })).rejects.toThrow(/format 'poscar' holds one structure, got 2/);
      expect(existsSync(join(dir, "first"))).toBe(false);
      // --from / --to override names that say nothing
      await run(convert.handler, { input: "test/fixtures/io/POSCAR-ase", output: join(dir, "copy"), from: "poscar", to: "extxyz" });
      expect(readFileSync(join(dir, "copy"), "utf8").split("\n")[0]).toBe("4");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

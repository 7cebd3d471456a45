// `aemap md`, `relax`, `eos` through their handlers (and two real processes for the wiring):
// outputs checked against the library and the teacher computed here, seeded runs byte-identical,
// atomic outputs on failure, and the errors a user meets, each naming what was expected.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mdCommand } from "../src/cli/commands/md.js";
import { relaxCommand } from "../src/cli/commands/relax.js";
import { eosCommand } from "../src/cli/commands/eos.js";
import { readStructures, writeStructures } from "../src/io/files-node.js";
import { registerModelLoader } from "../src/model/resolve.js";
import { birchMurnaghanEnergy, scaleToVolume, volumeGrid } from "../src/properties/eos.js";
import { readPlotData } from "../src/report/svg.js";
import { crystal, diamond, strain, supercell } from "../src/structure/generators.js";
import { StillingerWeber } from "../src/teacher/stillinger-weber.js";
import { GPA } from "../src/structure/units.js";
import { runCli } from "./helpers/cli.js";

const sw = new StillingerWeber();
const A0 = (4 * 2 ** (1 / 6) * 2.0951) / Math.sqrt(3);
let dir: string, d64: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aemap-md-cli-"));
  d64 = join(dir, "d64.extxyz");
  writeStructures(d64, [supercell(diamond({ a: 5.431 }), 2, 2, 2)]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a handler with yargs' defaults filled in; what it wrote to stdout and stderr. */
async function run(command: { handler: unknown }, argv: Record<string, unknown>): Promise<{ out: string; err: string }> {
  let out = "", err = "";
  const so = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const se = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  try {
    await (command.handler as (a: Record<string, unknown>) => unknown)({ _: [], $0: "aemap", ...argv });
  } finally { so.mockRestore(); se.mockRestore(); }
  return { out, err };
}
const mdDefaults = { dt: 1, ensemble: "nve", seed: 1, tdamp: 100, pressure: 0, pdamp: 1000, barostat: "c-rescale", compressibility: 0.01, every: 10 };
const relaxDefaults = { fmax: 0.01, cell: false, steps: 1000, every: 1 };
const eosDefaults = { element: "Si", range: 0.05, points: 11, json: false, absolute: false };
const md = (argv: Record<string, unknown>) => run(mdCommand, { ...mdDefaults, model: "sw", start: d64, ...argv });
const relaxRun = (argv: Record<string, unknown>) => run(relaxCommand, { ...relaxDefaults, model: "sw", ...argv });
const eos = (argv: Record<string, unknown>) => run(eosCommand, { ...eosDefaults, model: "sw", ...argv });

describe("aemap md", () => {
  it("NVE: trajectory every k steps labelled by the model, final structure, drift line", async () => {
    const traj = join(dir, "nve.extxyz"), out = join(dir, "nve-final.extxyz");
    const r = await md({ steps: 200, temperature: 800, traj, every: 50, out });
    expect(r.out).toMatch(/^md: 200 steps of 1 fs \(0\.200 ps\), NVE, velocity Verlet; 64 atoms, model sw:vertex/);
    expect(r.out).toMatch(/energy drift -?\d\.\d\de[-+]\d+ eV\/atom\/ps \(linear fit of the total energy\), max \|E\(t\) − E\(0\)\| \d\.\d\de-\d+ eV\/atom/);
    expect(r.err).toMatch(/md 200\/200/); // progress on stderr
    const frames = readStructures(traj);
    expect(frames.map((f) => f.info.md_step)).toEqual([0, 50, 100, 150, 200]);
    expect(frames[0].info.md_temperature_K).toBeCloseTo(800, 8);
    for (const f of frames) {
      const ref = sw.calculate(f);
      expect(f.energy).toBeCloseTo(ref.energy, 9);
      for (let q = 0; q < 6; q++) expect(f.forces![q]).toBeCloseTo(ref.forces![q], 9);
      const e = f.arrays.atomic_energy.values as number[];
      expect(e.reduce((a, b) => a + b, 0)).toBeCloseTo(f.energy!, 9);
    }
    // The final structure is the last frame.
    const last = readStructures(out)[0];
    expect(Array.from(last.positions)).toEqual(Array.from(frames[4].positions));
  });

  it("seeded: the same command twice writes byte-identical trajectories; another seed differs (NVT and NPT)", async () => {
    for (const ensemble of ["nvt", "npt"]) {
      const a = join(dir, `${ensemble}-a.extxyz`), b = join(dir, `${ensemble}-b.extxyz`), c = join(dir, `${ensemble}-c.extxyz`);
      const args = { steps: 60, ensemble, temperature: 500, every: 20, pdamp: 200 };
      await md({ ...args, traj: a }); await md({ ...args, traj: b }); await md({ ...args, traj: c, seed: 2 });
      expect(readFileSync(a, "utf8")).toBe(readFileSync(b, "utf8"));
      expect(readFileSync(a, "utf8")).not.toBe(readFileSync(c, "utf8"));
    }
  });

  it("NVT and NPT print the means over the second half; NPT's frames carry the cell and pressure", async () => {
    const nvt = await md({ steps: 400, ensemble: "nvt", temperature: 600 });
    expect(nvt.out).toMatch(/NVT, Langevin \(BAOAB\) at 600 K, damping 100 fs/);
    expect(nvt.out).toMatch(/second half \(steps 201–400\): mean T \d+\.\d ± \d+\.\d K, mean P -?\d\.\d{3} ± \d\.\d{3} GPa/);
    const traj = join(dir, "npt.extxyz");
    const npt = await md({ steps: 300, ensemble: "npt", temperature: 300, pdamp: 100, traj, every: 100, start: `${d64}@0` });
    expect(npt.out).toMatch(/NPT, Langevin \(BAOAB\) at 300 K \+ c-rescale barostat at 0 GPa, damping 100 \/ 100 fs/);
    expect(npt.out).toMatch(/mean V \d+\.\d{4} ± \d\.\d{4} Å³\/atom \(start 20\.0239\)/);
    const frames = readStructures(traj);
    const f = frames.at(-1)!;
    expect(f.cell[0]).not.toBe(frames[0].cell[0]);
    const ref = sw.calculate(f);
    expect(f.info.md_pressure_GPa).toBeCloseTo((2 * (f.info.md_kinetic_energy_eV as number) / (3 * f.volume()) - (ref.stress![0] + ref.stress![1] + ref.stress![2]) / 3) / GPA, 9);
  });

  it("errors name the option and what is expected", async () => {
    await expect(md({ steps: 10, ensemble: "nvx" })).rejects.toThrow("--ensemble: 'nvx' is not an ensemble; expected one of nve, nvt, npt");
    await expect(md({ steps: 10, ensemble: "nvt" })).rejects.toThrow("--ensemble nvt needs --temperature K (the thermostat's target)");
    await expect(md({ steps: 10, ensemble: "npt" })).rejects.toThrow("--ensemble npt needs --temperature K");
    await expect(md({ steps: 1.5 })).rejects.toThrow("--steps: expected an integer ≥ 0, got 1.5");
    await expect(md({ steps: 10, dt: 0 })).rejects.toThrow("--dt: expected a time step > 0 fs, got 0");
    await expect(md({ steps: 10, traj: join(dir, "t.poscar") })).rejects.toThrow(/--traj .*t\.poscar: the poscar format holds one structure per file; use a trajectory format, e.g\. .*t\.extxyz/);
    const slab = join(dir, "slab.extxyz");
    writeStructures(slab, [supercell(diamond({ a: 5.431 }), 2, 2, 2).copy({ pbc: [true, true, false] })]);
    await expect(md({ steps: 10, ensemble: "npt", temperature: 300, start: slab })).rejects.toThrow(`${slab}: --ensemble npt needs a cell periodic along all three axes; this structure has pbc T T F`);
    const ge = join(dir, "ge.extxyz");
    writeStructures(ge, [diamond({ a: 5.65 }, "Ge")]);
    await expect(md({ steps: 10, start: ge })).rejects.toThrow(`${ge}: atom 0 is Ge, but the model sw:vertex handles Si`);
    await expect(md({ steps: 10, start: `${d64}@3` })).rejects.toThrow(/frame 3 does not exist \(1 frame: 0 to 0/);
  });

  it("a run that fails midway leaves no trajectory and keeps an older one untouched", async () => {
    let calls = 0;
    registerModelLoader("test: fails on its 30th evaluation", (s) => s === "failing-sw", () => ({
      name: "failing-sw", elements: ["Si"],
      calculate: (s, o) => { if (++calls === 30) throw new Error("evaluation 30 failed"); return sw.calculate(s, o); },
    }));
    const traj = join(dir, "fail.extxyz");
    await expect(md({ model: "failing-sw", steps: 100, temperature: 300, traj, every: 5 })).rejects.toThrow("evaluation 30 failed");
    expect(existsSync(traj)).toBe(false);
    writeFileSync(traj, "old content\n");
    calls = 0;
    await expect(md({ model: "failing-sw", steps: 100, temperature: 300, traj, every: 5 })).rejects.toThrow("evaluation 30 failed");
    expect(readFileSync(traj, "utf8")).toBe("old content\n");
    expect(readdirSync(dir).filter((f) => f.includes("fail.extxyz") && f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("aemap relax", () => {
  it("--cell: a strained diamond → a0, zero stress; prints energy, max force, volume, cell, stress", async () => {
    const start = join(dir, "strained.extxyz"), out = join(dir, "relaxed.extxyz"), traj = join(dir, "relax-traj.extxyz");
    writeStructures(start, [strain(diamond({ a: 5.431 }), [[0.02, 0.01, 0], [0.01, -0.01, 0.005], [0, 0.005, 0.03]])]);
    const r = await relaxRun({ start, cell: true, fmax: 1e-6, steps: 3000, out, traj, every: 20 });
    expect(r.out).toMatch(/^relax: FIRE, positions and cell; 8 atoms, model sw:vertex\n {2}converged after \d+ steps \(fmax 0\.000001 eV\/Å\)/);
    expect(r.out).toContain("energy -34.692800 eV (-4.336600 eV/atom)");
    expect(r.out).toMatch(/max force \d\.\d{3}e-\d eV\/Å/);
    expect(r.out).toContain("volume 160.1870 Å³ (20.0234 Å³/atom)");
    expect(r.out).toMatch(/cell a b c 5\.4309[45] 5\.4309[45] 5\.4309[45] Å, α β γ 90\.000 90\.000 90\.000°/);
    const relaxed = readStructures(out)[0];
    expect(Math.abs(Math.cbrt(Math.abs(relaxed.volume()) / 8 * 8) - A0)).toBeLessThan(1e-4);
    for (const x of sw.calculate(relaxed).stress!) expect(Math.abs(x / GPA)).toBeLessThan(1e-4);
    const frames = readStructures(traj);
    expect(frames[0].info.relax_step).toBe(0);
    expect(Array.from(frames.at(-1)!.positions)).toEqual(Array.from(relaxed.positions)); // the last step is in the trajectory
    expect(frames.at(-1)!.stress).toBeDefined();
  });

  it("--cell on a non-periodic structure, and a model without the element, are refused with the file named", async () => {
    const cluster = join(dir, "cluster.extxyz");
    writeStructures(cluster, [diamond({ a: 5.431 }).copy({ pbc: false })]);
    await expect(relaxRun({ start: cluster, cell: true })).rejects.toThrow(`${cluster}: --cell needs a cell periodic along all three axes; this structure has pbc F F F`);
    await expect(relaxRun({ start: cluster, fmax: -1 })).rejects.toThrow("--fmax: expected a force > 0 eV/Å, got -1");
    const r = await relaxRun({ start: cluster, fmax: 0.05 }); // positions only: fine without periodicity
    expect(r.out).toMatch(/converged/);
  });
});

describe("aemap eos", () => {
  it("SW diamond: V0, a0, B0 in the table and in --json with a units record; SVG holds both curves", async () => {
    const t = await eos({ lattice: "diamond", a0: 5.431, range: 0.02 });
    expect(t.out).toMatch(/V0 \(Å³\/atom\) +20\.0234/);
    expect(t.out).toMatch(/a0 \(Å\) +5\.43095/);
    expect(t.out).toMatch(/B0 \(GPa\) +101\.43/);
    const svg = join(dir, "eos.svg");
    const j = await eos({ lattice: "diamond", a0: 5.431, json: true, reference: "sw:lammps", svg });
    const rec = JSON.parse(j.out);
    expect(rec.units).toEqual({ a0: "Å", b0: "GPa", e0: "eV/atom", energyPerAtom: "eV/atom", residualRms: "eV/atom", v0: "Å³/atom", volumePerAtom: "Å³/atom" });
    const [m, ref] = rec.curves;
    expect(m.fit.v0).toBeCloseTo(20.02338, 4);
    expect(m.fit.b0).toBeCloseTo(101.47, 1); // ±5 % scan
    expect(m.fit.a0).toBeCloseTo(A0, 4);
    expect(ref.fit.v0).toBe(m.fit.v0); // same total energies in the other split
    const plot = readPlotData(readFileSync(svg, "utf8"));
    expect(plot.series.map((s) => s.name)).toEqual(["model sw", expect.stringMatching(/^fit: V0 20\.023 Å³, B0 101\.5 GPa$/), "reference sw:lammps", expect.stringMatching(/^fit: /)]);
    expect(plot.series[0].x).toEqual(m.volumePerAtom);
    expect(Math.min(...plot.series[0].y)).toBeCloseTo(m.energyPerAtom[5] - m.fit.e0, 12);
  });

  it("references from files: a volume/energy table recovers its BM parameters; an extxyz of labelled structures equals --reference sw", async () => {
    const p = { e0: -5.42, v0: 20.45, b0: 0.55, b0Prime: 4.2 };
    const vs = volumeGrid(20.4, 0.06, 9);
    const table = join(dir, "dft.dat");
    writeFileSync(table, "# volume_per_atom energy_per_atom (made from a BM curve)\n" + vs.map((v) => `${v} ${birchMurnaghanEnergy(p, v)}`).join("\n") + "\n");
    const a = JSON.parse((await eos({ lattice: "diamond", a0: 5.431, json: true, reference: table })).out);
    expect(a.curves[1].fit.v0).toBeCloseTo(p.v0, 9);
    expect(a.curves[1].fit.b0).toBeCloseTo(p.b0 / GPA, 6);
    expect(a.curves[1].fit.b0Prime).toBeCloseTo(p.b0Prime, 6);
    const xyz = join(dir, "sw-scan.extxyz");
    const cell = crystal("diamond", { a: 5.431 });
    writeStructures(xyz, volumeGrid(5.431 ** 3 / 8, 0.05, 11).map((v) => { const s = scaleToVolume(cell, v); return s.copy({ energy: sw.calculate(s).energy }); }));
    const b = JSON.parse((await eos({ lattice: "diamond", a0: 5.431, json: true, reference: xyz })).out);
    const c = JSON.parse((await eos({ lattice: "diamond", a0: 5.431, json: true, reference: "sw" })).out);
    expect(b.curves[1].volumePerAtom.length).toBe(11);
    for (const k of ["e0", "v0", "b0", "b0Prime"]) expect(b.curves[1].fit[k]).toBeCloseTo(c.curves[1].fit[k], 8);
  });

  it("a START structure scaled uniformly gives the lattice's numbers", async () => {
    const start = join(dir, "conv.extxyz");
    writeStructures(start, [crystal("diamond", { a: 5.431 })]);
    const a = JSON.parse((await eos({ start, json: true })).out).curves[0];
    const b = JSON.parse((await eos({ lattice: "diamond", a0: 5.431, json: true })).out).curves[0];
    for (let k = 0; k < 11; k++) expect(a.energyPerAtom[k]).toBeCloseTo(b.energyPerAtom[k], 12);
    expect(a.fit.scale).toBeCloseTo(A0 / 5.431, 6);
  });

  it("errors: what to scan, the centre, lattice elements, an unknown reference", async () => {
    await expect(eos({})).rejects.toThrow("give a lattice (--lattice diamond --element Si --a0 5.43) or a START structure to scan");
    await expect(eos({ lattice: "diamond" })).rejects.toThrow("give the centre of the scan: --a0 (lattice constant, Å) or --volume (Å³/atom), one of them");
    await expect(eos({ lattice: "dimond", a0: 5.4 })).rejects.toThrow(/--lattice: unknown lattice 'dimond'; expected one of diamond, beta-Sn/);
    await expect(eos({ lattice: "zincblende", a0: 5.4 })).rejects.toThrow("--element: the zincblende lattice needs two elements, cation first (e.g. --element Ga,N); got 'Si'");
    await expect(eos({ lattice: "diamond", a0: 5.4, points: 3 })).rejects.toThrow(/needs an integer number of points ≥ 4/);
    await expect(eos({ lattice: "diamond", a0: 5.4, reference: join(dir, "nope.dat") })).rejects.toThrow(/--reference .*nope\.dat: no such file; expected sw, sw:NAME, a model/);
    const bad = join(dir, "bad.dat");
    writeFileSync(bad, "20.0 -4.3\n20.5 oops\n");
    await expect(eos({ lattice: "diamond", a0: 5.4, reference: bad })).rejects.toThrow(`${bad}:2: expected two numbers 'volume_per_atom energy_per_atom'`);
    await expect(eos({ lattice: "diamond", a0: 5.4, element: "Ge" })).rejects.toThrow("diamond Ge: atom 0 is Ge, but the model sw:vertex handles Si");
  });
});

describe("the real command line", () => {
  it("md, relax and eos are registered; a bad ensemble exits 1 with the message", async () => {
    const bad = await runCli(["md", d64, "--model", "sw", "--steps", "5", "--ensemble", "nvx"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("aemap: --ensemble: 'nvx' is not an ensemble; expected one of nve, nvt, npt");
    const ok = await runCli(["eos", "--model", "sw", "--lattice", "diamond", "--a0", "5.431", "--points", "5"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/B0 \(GPa\) +101\./);
  });
});

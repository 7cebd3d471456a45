// Readers against hand-made fixtures (numbers checked by hand) and files written by ASE 3.22.1
// (test/fixtures/io/make_ase_fixtures.py; the values ASE held in memory are in ase-SiO.expected.json).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { readStructures } from "../src/io/files-node.js";
import { defineFormat, detectFormat, listFormats, readStructuresFromString } from "../src/io/index.js";

const FIX = "test/fixtures/io";
const GPA_PER_EV_A3 = 160.2176634; // 1 eV/Å³ in GPa; 1 kB = 0.1 GPa

describe("OUTCAR", () => {
  const frames = readStructures(`${FIX}/OUTCAR-si2`);

  it("reads both ionic steps, not the electronic iterations", () => {
    expect(frames.length).toBe(2);
    expect(frames[0].symbols).toEqual(["Si", "Si"]);
  });

  it("takes lattice, positions, forces of each step", () => {
    const [a, b] = frames;
    expect(Array.from(a.cell)).toEqual([0, 2.715, 2.715, 2.715, 0, 2.715, 2.715, 2.715, 0]);
    expect(Array.from(b.cell)).toEqual([0, 2.73, 2.73, 2.73, 0, 2.73, 2.73, 2.73, 0]);
    expect(Array.from(a.positions)).toEqual([0, 0, 0, 1.4, 1.3575, 1.3575]);
    expect(Array.from(b.positions)).toEqual([0, 0, 0, 1.38, 1.365, 1.365]);
    expect(Array.from(a.forces!)).toEqual([0.123456, -0.011111, -0.011111, -0.123456, 0.011111, 0.011111]);
    expect(Array.from(b.forces!)).toEqual([0.045678, -0.002222, -0.002222, -0.045678, 0.002222, 0.002222]);
    expect(a.pbc).toEqual([true, true, true]);
  });

  it("uses free energy TOTEN by default, energy(sigma->0) with energyKey sigma0", () => {
    expect(frames.map((s) => s.energy)).toEqual([-10.84011331, -10.84512345]);
    expect(frames[0].info.energy_sigma0).toBe(-10.84023625);
    const s0 = readStructures(`${FIX}/OUTCAR-si2`, { energyKey: "sigma0" });
    expect(s0.map((s) => s.energy)).toEqual([-10.84023625, -10.8452]);
    expect(s0[1].info.free_energy).toBe(-10.84512345);
  });

  it("converts 'in kB' (xx yy zz xy yz zx, compression positive) to eV/Å³ Voigt xx yy zz yz xz xy, tensile positive", () => {
    // step 1: in kB -4.22212 -4.10000 -4.10000 0.51000 0.02000 -0.03000
    const want = [4.22212, 4.1, 4.1, -0.02, 0.03, -0.51].map((kb) => (kb * 0.1) / GPA_PER_EV_A3);
    frames[0].stress!.forEach((x, k) => expect(x).toBeCloseTo(want[k], 15));
    // step 2: 1.23456 kB of compression along x → negative σ_xx
    expect(frames[1].stress![0]).toBeCloseTo((-1.23456 * 0.1) / GPA_PER_EV_A3, 15);
  });
});

describe("POSCAR", () => {
  it("applies a negative scale as the target volume, to Cartesian positions too; keeps selective dynamics", () => {
    const [s] = readStructures(`${FIX}/POSCAR-SiO-selective`);
    const u = Math.cbrt(100 / 50); // raw cell 4 × 5 × 2.5 = 50 Å³ → 100 Å³
    expect(s.volume()).toBeCloseTo(100, 12);
    expect(s.cell[0]).toBeCloseTo(4 * u, 14);
    expect(s.symbols).toEqual(["Si", "O", "O"]);
    expect(Array.from(s.positions.subarray(3, 6))).toEqual([u, u, u].map((x) => expect.closeTo(x, 14)));
    expect(s.arrays.selective_dynamics).toEqual({ type: "L", width: 3, values: [false, false, false, true, true, false, true, true, true] });
  });

  it("reads ASE's VASP 5 Direct output (repeated species in runs) to the positions ASE held", () => {
    const [s] = readStructures(`${FIX}/POSCAR-ase`);
    const exp = JSON.parse(readFileSync(`${FIX}/ase-SiO.expected.json`, "utf8"))[0];
    expect(s.symbols).toEqual(exp.symbols);
    exp.positions.forEach((x: string, k: number) => expect(s.positions[k]).toBeCloseTo(Number(x), 13));
  });

  it("VASP 4 (no species line) needs the symbols option", () => {
    const v4 = "Si2\n1.0\n5.43 0 0\n0 5.43 0\n0 0 5.43\n2\nDirect\n0 0 0\n0.25 0.25 0.25\n";
    expect(() => readStructuresFromString(v4, { format: "poscar", filename: "POSCAR" })).toThrow(/POSCAR:6: no species line .*symbols/);
    const [s] = readStructuresFromString(v4, { format: "poscar", symbols: ["Si"] });
    expect(s.positions[3]).toBeCloseTo(5.43 / 4, 14);
  });
});

describe("extended XYZ", () => {
  it("reads ASE's output: energy, forces, 3×3 stress, per-atom columns, info, pbc", () => {
    const frames = readStructures(`${FIX}/ase-SiO.extxyz`);
    const exp = JSON.parse(readFileSync(`${FIX}/ase-SiO.expected.json`, "utf8"));
    expect(frames.length).toBe(2);
    frames.forEach((s, k) => {
      const e = exp[k];
      expect(s.symbols).toEqual(e.symbols);
      expect(s.pbc).toEqual(e.pbc);
      expect(s.energy).toBe(Number(e.energy)); // ASE writes info with repr: bit-exact
      expect(s.info.free_energy).toBe(Number(e.free_energy));
      expect(Array.from(s.cell)).toEqual(e.cell.map(Number));
      expect(Array.from(s.stress!)).toEqual(e.stress.map(Number)); // ASE's Voigt order = aemap's
      // ASE prints per-atom columns with %.8f
      e.positions.forEach((x: string, q: number) => expect(Math.abs(s.positions[q] - Number(x))).toBeLessThan(6e-9));
      e.forces.forEach((x: string, q: number) => expect(Math.abs(s.forces![q] - Number(x))).toBeLessThan(6e-9));
      e.energies.forEach((x: string, q: number) => expect(Math.abs((s.arrays.energies.values as Float64Array)[q] - Number(x))).toBeLessThan(6e-9));
      expect(s.arrays.tags_i.values).toEqual(e.tags_i);
      expect(s.arrays.flag.values).toEqual(e.flag);
      expect(s.info.config_type).toBe(`hand made ${k}`);
      expect(s.info.step).toBe(k);
      expect(s.info.converged).toBe(true);
    });
  });

  it("parses quoted values with escapes, braces, bare keys, virial and 6-value stress", () => {
    const text = [
      "2",
      'Lattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3 name="a \\"quoted\\" b" v={1,2,3} isolated free_energy=-3.5 virial="1 0 0 0 2 0 0 0 3"',
      "Si 0 0 0",
      "Si 1 1 1",
      "1",
      'Lattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3 stress="1 2 3 4 5 6" pbc="T T F"',
      "Si 0 0 0",
    ].join("\n");
    const [a, b] = readStructuresFromString(text, { format: "extxyz" });
    expect(a.info.name).toBe('a "quoted" b');
    expect(a.info.v).toEqual([1, 2, 3]);
    expect(a.info.isolated).toBe(true);
    expect(a.energy).toBe(-3.5); // no energy= key: free_energy is used
    // σ = −W/V with V = 64 Å³
    expect(Array.from(a.stress!)).toEqual([-1 / 64, -2 / 64, -3 / 64, -0, -0, -0]);
    expect(Array.from(b.stress!)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(b.pbc).toEqual([true, true, false]);
  });

  it("reads plain XYZ (no Properties) as a non-periodic molecule; energyKey picks another key", () => {
    const [s] = readStructuresFromString("2\nE_dft=-7.25 energy=1\nH 0 0 0\nH 0 0 0.74\n", { filename: "h2.xyz", energyKey: "E_dft" });
    expect(s.pbc).toEqual([false, false, false]);
    expect(s.energy).toBe(-7.25);
    expect(s.info.energy).toBe(1);
  });
});

describe("pymatgen JSON", () => {
  it("accepts a single entry and a bare Structure dict; fractional abc when xyz is absent", () => {
    const structure = {
      "@class": "Structure",
      lattice: { matrix: [[4, 0, 0], [0, 5, 0], [1, 0, 6]] },
      sites: [
        { species: [{ element: "Si", occu: 1 }], abc: [0, 0, 0] },
        { species: [{ element: "C", occu: 1 }], abc: [0.5, 0.5, 0.5] },
      ],
    };
    const [bare] = readStructuresFromString(JSON.stringify(structure), { filename: "s.json" });
    expect(bare.symbols).toEqual(["Si", "C"]);
    expect(Array.from(bare.positions.subarray(3))).toEqual([2.5, 2.5, 3]); // 0.5·a + 0.5·b + 0.5·c
    expect(bare.energy).toBeUndefined();
    const [one] = readStructuresFromString(JSON.stringify({ structure, outputs: { energy: -3 }, group: "x" }), { filename: "e.json" });
    expect(one.energy).toBe(-3);
    expect(one.info.group).toBe("x");
  });
});

describe("registry", () => {
  it("resolves by pattern, then extension, then contents", () => {
    expect(detectFormat("runs/POSCAR_relaxed")).toBe("poscar");
    expect(detectFormat("CONTCAR")).toBe("poscar");
    expect(detectFormat("x/OUTCAR.gz.txt")).toBe("outcar");
    expect(detectFormat("input.data")).toBe("n2p2");
    expect(detectFormat("train.json")).toBe("pymatgen");
    expect(detectFormat("a.XYZ")).toBe("extxyz");
    expect(detectFormat("si.vasp")).toBe("poscar");
    expect(detectFormat("mystery", " vasp.6.4.1 05Apr23 (build ...)")).toBe("outcar");
    expect(detectFormat("mystery", "3\nProperties=species:S:1:pos:R:3\n")).toBe("extxyz");
    expect(detectFormat("mystery", "\nbegin\natom")).toBe("n2p2");
    expect(detectFormat("mystery", "hello")).toBeUndefined();
    expect(listFormats().map((f) => f.name)).toEqual(["extxyz", "poscar", "outcar", "n2p2", "pymatgen"]);
  });

  it("refuses a second claim on an extension or name", () => {
    const read = () => [];
    expect(() => defineFormat({ name: "other", description: "", extensions: ["xyz"], multiFrame: true, read })).toThrow(/\.xyz .* already claimed by 'extxyz'/);
    expect(() => defineFormat({ name: "extxyz", description: "", extensions: ["zzz"], multiFrame: true, read })).toThrow(/defined twice/);
  });
});

// Write → read round trips keep every number bit for bit; unit and sign conversions checked
// against hand-computed values.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Structure } from "../src/structure/structure.js";
import { readStructures, writeStructures, writeTextAtomic } from "../src/io/files-node.js";
import { readStructuresFromString, writeStructuresToString } from "../src/io/index.js";

const DATA = "data/si-mlearn";
const training = readStructures(`${DATA}/training.json`);
const test = readStructures(`${DATA}/test.json`);

/** Same bits: Object.is distinguishes −0 from 0 and compares NaN correctly. */
function sameBits(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined, what: string): void {
  expect(a === undefined, `${what} presence`).toBe(b === undefined);
  if (!a || !b) return;
  expect(b.length, `${what} length`).toBe(a.length);
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) throw new Error(`${what}[${k}]: ${a[k]} became ${b[k]}`);
}

function expectIdentical(a: Structure[], b: Structure[], withStress: boolean): void {
  expect(b.length).toBe(a.length);
  a.forEach((s, k) => {
    const t = b[k];
    expect(t.symbols).toEqual(s.symbols);
    expect(t.pbc).toEqual(s.pbc);
    expect(Object.is(t.energy, s.energy), `energy of ${k}`).toBe(true);
    sameBits(s.positions, t.positions, `positions of ${k}`);
    sameBits(s.cell, t.cell, `cell of ${k}`);
    sameBits(s.forces, t.forces, `forces of ${k}`);
    if (withStress) sameBits(s.stress, t.stress, `stress of ${k}`);
  });
}

describe("si-mlearn JSON", () => {
  it("reads 214 + 25 structures with 13,233 + 1,525 atoms (data README)", () => {
    expect(training.length).toBe(214);
    expect(test.length).toBe(25);
    expect(training.reduce((a, s) => a + s.length, 0)).toBe(13233);
    expect(test.reduce((a, s) => a + s.length, 0)).toBe(1525);
    const groups: Record<string, number> = {};
    for (const s of training) groups[String(s.info.group)] = (groups[String(s.info.group)] ?? 0) + 1;
    expect(groups).toEqual({ Vacancy: 57, "AIMD-NVT": 90, Elastic: 55, Surface: 12 });
  });

  it("converts virial_stress (kBar, xx yy zz xy yz xz, compression positive) to eV/Å³ Voigt, tensile positive", () => {
    // README: uniaxial −2 % strain gives +31.6 kB along that axis in VASP's sign.
    // 1 eV/Å³ = 160.2176634 GPa (e = 1.602176634e-19 C exactly); 1 kBar = 0.1 GPa.
    const GPA_PER_EV_A3 = 160.2176634;
    const find = (d: string) => training.find((s) => s.info.description === d)!;
    const uni = find("Si 2x2x2 cell, mode 0, strain -0.02");
    // raw: [31.62617003, 12.69182611, 12.69182611, 0.0, 0.0, 0.0]
    expect(uni.stress![0]).toBeCloseTo(-3.162617003 / GPA_PER_EV_A3, 14);
    expect(uni.stress![1]).toBeCloseTo(-1.269182611 / GPA_PER_EV_A3, 14);
    expect(uni.stress![0]).toBeLessThan(0); // compressed along x: negative in ASE's sign
    // shear mode 3 (b has an x component): raw [1.05707763, 4.23040896, 1.94452809, 39.63491455, 0, 0] → xy
    const shear = find("Si 2x2x2 cell, mode 3, strain -0.02");
    expect(shear.stress![5]).toBeCloseTo(-3.963491455 / GPA_PER_EV_A3, 14);
    expect(shear.stress![3]).toBe(-0); // yz
    expect(shear.stress![4]).toBe(-0); // xz
    // mode 5 (c has a y component): raw yz at index 4 = 39.63470073 → aemap yz (index 3)
    const yz = find("Si 2x2x2 cell, mode 5, strain -0.02");
    expect(yz.stress![3]).toBeCloseTo(-3.963470073 / GPA_PER_EV_A3, 14);
  });

  it("keeps energy, forces, cell and Cartesian sites as given", () => {
    const s = training[0];
    expect(s.energy).toBe(-295.49753016);
    expect(Array.from(s.cell)).toEqual([14.22366, 5.591921, 15.557314, 0.0, 9.055935, 0.272179, 0.0, 0.0, 9.178194]);
    expect(Array.from(s.positions.subarray(0, 3))).toEqual([0.29508405036, 9.033552194395998, 4.748539369736]);
    expect(Array.from(s.forces!.subarray(0, 3))).toEqual([-2.98187262, 0.6069187, 3.48143607]);
    expect(s.info).toEqual({ group: "Vacancy", description: "Snapshot 1 of 32 of Vacancy AIMD NVT simulation at 300 K", tag: "train" });
  });
});

describe("round trips", () => {
  it("extxyz keeps every bit of the si-mlearn training and test sets", () => {
    for (const set of [training, test]) {
      const back = readStructuresFromString(writeStructuresToString(set, { format: "extxyz" }), { format: "extxyz" });
      expectIdentical(set, back, true);
      back.forEach((s, k) => expect(s.info).toEqual(set[k].info));
    }
  });

  it("n2p2 input.data keeps every bit of positions, cell, energy, forces", () => {
    for (const set of [training, test]) {
      const back = readStructuresFromString(writeStructuresToString(set, { format: "n2p2" }), { format: "n2p2" });
      expectIdentical(set, back, false);
    }
  });

  it("extxyz keeps per-atom columns (atomic_energy R, I, L, S), −0 and awkward info strings", () => {
    const s = training[1].copy();
    const n = s.length;
    s.arrays.atomic_energy = { type: "R", width: 1, values: Float64Array.from({ length: n }, (_, i) => (s.energy! / n) * (1 + 1e-13 * i)) };
    s.arrays.tags = { type: "I", width: 1, values: Array.from({ length: n }, (_, i) => i - 3) };
    s.arrays.fixed = { type: "L", width: 3, values: Array.from({ length: 3 * n }, (_, i) => i % 2 === 0) };
    s.arrays.label = { type: "S", width: 1, values: Array.from({ length: n }, (_, i) => `a${i}`) };
    s.forces![0] = -0;
    s.info.comment = 'two\nlines with "quotes", a \\ backslash and key=value';
    s.info.looks_numeric = "1e3";
    const [t] = readStructuresFromString(writeStructuresToString([s], { format: "extxyz" }), { format: "extxyz" });
    sameBits(s.arrays.atomic_energy.values as Float64Array, t.arrays.atomic_energy.values as Float64Array, "atomic_energy");
    expect(t.arrays.tags).toEqual(s.arrays.tags);
    expect(t.arrays.fixed).toEqual(s.arrays.fixed);
    expect(t.arrays.label).toEqual(s.arrays.label);
    expect(Object.is(t.forces![0], -0)).toBe(true);
    expect(t.info).toEqual(s.info);
  });

  it("n2p2 in Bohr/Hartree: hand file converted with CODATA 2018 factors, and written back", () => {
    const text = readFileSync("test/fixtures/io/Si2.n2p2-bohr", "utf8");
    const [s] = readStructuresFromString(text, { format: "n2p2", lengthUnit: "bohr", energyUnit: "hartree" });
    const bohr = 0.529177210903, hartree = 27.211386245988; // CODATA 2018
    expect(s.cell[0]).toBeCloseTo(10 * bohr, 13);
    expect(Array.from(s.positions.subarray(0, 3))).toEqual([bohr, 2 * bohr, 3 * bohr].map((x) => expect.closeTo(x, 14)));
    expect(s.positions[3]).toBeCloseTo(5 * bohr, 14);
    expect(s.energy).toBeCloseTo(-1.5 * hartree, 12);
    // 1 Ha/Bohr = 51.42206747632 eV/Å (CODATA 2018 atomic unit of force)
    expect(s.forces![0]).toBeCloseTo(0.01 * 51.42206747632, 10);
    expect(s.forces![2]).toBeCloseTo(-0.02 * 51.42206747632, 10);
    expect((s.arrays.atomic_energy.values as Float64Array)[0]).toBeCloseTo(-0.75 * hartree, 12);
    expect(Array.from(s.arrays.charge.values as Float64Array)).toEqual([0.1, -0.1]);
    expect(s.info.comment).toBe("Si2 dimer in a 10 bohr box, units bohr and hartree");
    const again = writeStructuresToString([s], { format: "n2p2", lengthUnit: "bohr", energyUnit: "hartree" });
    const [t] = readStructuresFromString(again, { format: "n2p2", lengthUnit: "bohr", energyUnit: "hartree" });
    for (let k = 0; k < 6; k++) expect(t.positions[k]).toBeCloseTo(s.positions[k], 13);
    expect(t.energy).toBeCloseTo(s.energy!, 12);
    expect(again).toContain("energy -1.5\n");
  });

  it("POSCAR written as VASP 5 Direct reads back to within 1e-12 Å, with selective-dynamics flags", () => {
    const [s] = readStructures("test/fixtures/io/POSCAR-SiO-selective");
    const [t] = readStructuresFromString(writeStructuresToString([s], { format: "poscar" }), { format: "poscar" });
    expect(t.symbols).toEqual(s.symbols);
    for (let k = 0; k < 9; k++) expect(t.positions[k]).toBeCloseTo(s.positions[k], 12);
    sameBits(s.cell, t.cell, "cell");
    expect(t.arrays.selective_dynamics.values).toEqual(s.arrays.selective_dynamics.values);
  });
});

describe("files", () => {
  it("writeStructures is atomic (no temp file left) and readStructures detects the format by name", () => {
    const dir = mkdtempSync(join(tmpdir(), "aemap-io-"));
    try {
      const frames = test.slice(0, 3);
      writeStructures(join(dir, "three.xyz"), frames);
      writeStructures(join(dir, "input.data"), frames);
      writeStructures(join(dir, "POSCAR"), frames.slice(0, 1));
      expect(readdirSync(dir).sort()).toEqual(["POSCAR", "input.data", "three.xyz"]);
      expectIdentical(frames, readStructures(join(dir, "three.xyz")), true);
      expectIdentical(frames, readStructures(join(dir, "input.data")), false);
      expect(readStructures(join(dir, "POSCAR"))[0].length).toBe(frames[0].length);
      // a failed write leaves neither the target nor a temp file
      expect(() => writeStructures(join(dir, "CONTCAR"), frames)).toThrow(/one structure, got 3/);
      expect(() => writeTextAtomic(join(dir, "missing-folder", "x.xyz"), "x")).toThrow();
      expect(readdirSync(dir).sort()).toEqual(["POSCAR", "input.data", "three.xyz"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

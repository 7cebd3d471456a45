// Hostile input through the library: each case once gave a silent wrong result or an internal
// message (issue: "silent wrong results and unclear errors on hostile input"). The command-line
// side of the same cases is in hostile-input-cli.test.ts.
import { describe, expect, it } from "vitest";
import { Structure } from "../src/structure/structure.js";
import { checkAtomDistances, validateStructure, LIMITS } from "../src/io/validate.js";
import { findJsonSyntaxError, findJsonTooDeep, MAX_JSON_DEPTH, parseJson } from "../src/io/json-syntax.js";
import { detectFormat, readStructuresFromString } from "../src/io/index.js";
import { train } from "../src/train/trainer.js";
import { resolveConfig } from "../src/train/config.js";
import { parseCheckpoint, serialiseCheckpoint, type Checkpoint } from "../src/train/checkpoint.js";
import { parseModel, serialiseModel } from "../src/model/model-file.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { adviseTrainingSet, formatAdvice } from "../src/invariant/advisor.js";
import { diamond } from "./helpers/lattice.js";

const si3 = [0, 0, 0, 2.35, 0, 0, 1.175, 2.035, 0];
const nested = (depth: number) => '{"a":' + "[".repeat(depth) + "]".repeat(depth) + "}";

describe("non-finite training loss", () => {
  it("is an error naming the epoch; no model comes back", () => {
    const data = [1, 2].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 1), 0), 0.05, k)));
    // Built directly (readers would refuse it): E = 1e308 eV makes the squared error overflow.
    data.push(data[0].copy({ energy: 1e308 }));
    const config = resolveConfig({ network: { hidden: [3] }, optimizer: { epochs: 3 } });
    expect(() => train({ train: data }, { config, progress: null })).toThrow(/^training loss is Infinity at epoch 0: the fit overflowed .*no model was produced/);
  });

  it("Adam with an absurd learning rate overflows at epoch 1 and stops there", () => {
    const data = [1, 2, 3].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 1), 0), 0.05, k)));
    const config = resolveConfig({ network: { hidden: [3] }, optimizer: { type: "adam", epochs: 50, adam: { lr: 1e300 } } });
    const logged: string[] = [];
    expect(() => train({ train: data }, { config, progress: null, log: (l) => logged.push(l) })).toThrow(/^training loss is (NaN|Infinity) at epoch 1:/);
    expect(logged).toEqual([]);
  });
});

describe("readers refuse physically absurd numbers (docs/formats.md)", () => {
  const xyz = (comment: string, rows: string[]) => `${rows.length}\n${comment}\n${rows.join("\n")}\n`;

  it("positions, cell, energy per atom, forces and stress beyond LIMITS, with file:line", () => {
    expect(LIMITS).toEqual({ coordinate: 1e6, energyPerAtom: 1e7, force: 1e6, stress: 1e4 });
    const read = (text: string) => () => readStructuresFromString(text, { filename: "h.xyz" });
    expect(read(xyz('Properties=species:S:1:pos:R:3 pbc="F F F"', ["Si 0 0 0", "Si 2.35 0 0", "Si 1e10 0 0"])))
      .toThrow(/^h\.xyz:5: position of atom 3 is 1e\+10 Å, expected at most 1e\+6 Å in magnitude/);
    expect(read(xyz('Lattice="1e200 0 0 0 1e200 0 0 0 1e200" Properties=species:S:1:pos:R:3', ["Si 0 0 0"])))
      .toThrow(/^h\.xyz:2: cell is 1e\+200 Å, expected at most 1e\+6 Å/);
    expect(read(xyz('Properties=species:S:1:pos:R:3 energy=1e308 pbc="F F F"', ["Si 0 0 0", "Si 2.35 0 0"])))
      .toThrow(/^h\.xyz:2: energy per atom \(E = 1e\+308 eV, 2 atoms\) is 5e\+307 eV, expected at most 1e\+7 eV/);
    expect(read(xyz('Properties=species:S:1:pos:R:3:forces:R:3 pbc="F F F"', ["Si 0 0 0 0 0 0", "Si 2.35 0 0 3e6 0 0"])))
      .toThrow(/^h\.xyz:4: force of atom 2 is 3e\+6 eV\/Å, expected at most 1e\+6 eV\/Å/);
    // All-electron total energies (−7880 eV/atom for Si) are fine.
    expect(read(xyz('Properties=species:S:1:pos:R:3 energy=-15760.2 pbc="F F F"', ["Si 0 0 0", "Si 2.35 0 0"]))()[0].energy).toBe(-15760.2);
  });

  it("the duplicate-atom check still sees a duplicate when another atom is 1e10 Å away", () => {
    // (validateStructure would stop at the position bound first; the distance check alone once
    // crashed in the WASM allocator here, the neighbour grid having 1e11 bins.)
    for (const x of [1e9, 1e10, 1e11]) {
      const s = new Structure({ symbols: Array(5).fill("Si"), positions: [...si3, 2.35, 0, 0, x, 0, 0], pbc: false });
      expect(() => checkAtomDistances(s, { file: "far.xyz" })).toThrow(/^far\.xyz: atoms 2 and 4 are 0\.00 Å apart: expected at least 0\.1 Å/);
      expect(() => validateStructure(s, { file: "far.xyz" })).toThrow(/position of atom 5 is 1e\+(9|10|11) Å/);
    }
    const ok = new Structure({ symbols: Array(4).fill("Si"), positions: [...si3, 1e10, 0, 0], pbc: false });
    expect(() => checkAtomDistances(ok, { file: "far.xyz" })).not.toThrow();
  });

  it("a POSCAR with more position lines than its counts line says", () => {
    const poscar = (count: number, rows: number) => ["Si", "1.0", "10 0 0", "0 10 0", "0 0 10", "Si", String(count), "Cartesian",
      ...Array.from({ length: rows }, (_, i) => `${(i % 3) * 2.5} ${Math.floor(i / 3) % 3 * 2.5} ${Math.floor(i / 9) * 2.5}`)].join("\n") + "\n";
    expect(() => readStructuresFromString(poscar(23, 24), { filename: "POSCAR" }))
      .toThrow(/^POSCAR:32: position line for atom 24, but the counts on line 7 give 23 atoms/);
    expect(readStructuresFromString(poscar(24, 24), { filename: "POSCAR" })[0].length).toBe(24);
    // a velocity block after a blank line is not an extra position line
    expect(readStructuresFromString(poscar(24, 24) + "\n" + "0 0 0\n".repeat(24), { filename: "CONTCAR" })[0].length).toBe(24);
  });
});

describe("JSON nesting limit", () => {
  it("finds the line of the first bracket nested too deep; the syntax checker does not overflow", () => {
    expect(findJsonTooDeep(nested(MAX_JSON_DEPTH - 1))).toBeUndefined();
    const deep = '{\n "x": "[[[[ in a string, not nesting",\n "a":\n' + "[".repeat(200000) + "]".repeat(200000) + "}";
    expect(findJsonTooDeep(deep)).toMatchObject({ line: 4, column: MAX_JSON_DEPTH });
    expect(findJsonSyntaxError(deep)?.line).toBe(4);
    expect(() => parseJson(deep, "c.json")).toThrow(/^c\.json:4: arrays and objects nested more than 100 levels deep: expected at most 100/);
    expect(() => parseJson('{\n "a": [1,\n 2,,]}', "c.json")).toThrow(/^c\.json:3: not valid JSON: expected a JSON value, found ',' \(column 4\)/);
  });
});

describe("format choice: the extension wins over the name pattern", () => {
  it.each([
    ["pred_POSCAR.xyz", "extxyz"], ["OUTCAR.pred.xyz", "extxyz"], ["POSCAR", "poscar"], ["CONTCAR.1", "poscar"],
    ["run/OUTCAR", "outcar"], ["OUTCAR-relax", "outcar"], ["input.data", "n2p2"], ["x.vasp", "poscar"], ["POSCAR.json", "pymatgen"],
  ])("%s → %s", (name, format) => {
    expect(detectFormat(name)).toBe(format);
  });
});

describe("advisor on a single structure", () => {
  it("says that one structure fixes every ratio (and does not merge its classes into 'rare')", () => {
    const one = [labelWithTeacher(vacancy(diamond(5.431, 2), 0))];
    const a = adviseTrainingSet(one);
    expect(a.classes.map((c) => [c.label, c.atoms])).toEqual([["Si 4-coordinated", 59], ["Si 3-coordinated", 4]]);
    const text = formatAdvice(a);
    expect(text).toContain("WARNING: Only one structure: it fixes every ratio of its 2 environment classes, so its total energy (one number) determines none of their atomic energies");
    expect(text).not.toContain("No fixed ratios found");
    const crystal = formatAdvice(adviseTrainingSet([labelWithTeacher(diamond(5.431, 1))]));
    expect(crystal).toContain("Only one structure, with one environment class (Si 4-coordinated): its total energy fixes that class's atomic energy (E/N)");
  });
});

describe("checkpoint and model files are checked field by field", () => {
  const data = [1, 2].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 1), 0), 0.05, k)));
  const config = resolveConfig({ network: { hidden: [3] }, optimizer: { epochs: 2 }, checkpoint: { every: 1 } });
  let cp: Checkpoint | undefined;
  const res = train({ train: data }, { config, progress: null, checkpoint: (c) => { cp = c; } });
  const good = JSON.parse(serialiseCheckpoint(cp!));
  const bad = (edit: (c: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const c = structuredClone(good);
    edit(c);
    return () => parseCheckpoint(JSON.stringify(c), "cp.json");
  };

  it("a good checkpoint parses; broken ones name the file and the JSON path", () => {
    expect(parseCheckpoint(JSON.stringify(good), "cp.json").epoch).toBe(2);
    expect(bad((c) => { c.weights[3] = null; })).toThrow(/^cp\.json: at weights\[3\]: expected a finite number, found null$/);
    expect(bad((c) => { c.epoch = 1e9; })).toThrow(/^cp\.json: at epoch: expected an integer from 0 to 100000000, found 1000000000$/);
    expect(bad((c) => { delete c.dataHash; })).toThrow(/^cp\.json: at dataHash: expected a SHA-256 hash \(64 hex digits\), found nothing$/);
    expect(bad((c) => { c.lbfgs.g.pop(); })).toThrow(/^cp\.json: at lbfgs\.g: expected a list of numbers of \d+, found a list of \d+$/);
    expect(bad((c) => { c.lbfgs.iteration = 7; })).toThrow(/^cp\.json: at lbfgs\.iteration: expected an integer from 2 to 2, found 7$/);
    expect(bad((c) => { c.best.weights = "x"; })).toThrow(/^cp\.json: at best\.weights: expected a list of weights/);
    expect(bad((c) => { c.rng = -1; })).toThrow(/^cp\.json: at rng: expected an integer from 0 to 4294967295, found -1$/);
  });

  it("weights that do not fit the network are refused on resume, naming the checkpoint", () => {
    const c = structuredClone(good);
    for (const a of [c.weights, c.lbfgs.w, c.lbfgs.g, ...c.lbfgs.s, ...c.lbfgs.y]) a.pop();
    c.best.weights = null;
    const cut = parseCheckpoint(JSON.stringify(c), "cut.json");
    expect(() => train({ train: data }, { config: { ...config, optimizer: { ...config.optimizer, epochs: 4 } }, progress: null, resume: cut, resumeSource: "cut.json" }))
      .toThrow(/^cut\.json: at weights: expected \d+ numbers for this network, found \d+/);
    expect(() => train({ train: data }, { config: { ...config, optimizer: { ...config.optimizer, epochs: 1 } }, progress: null, resume: parseCheckpoint(JSON.stringify(good)), resumeSource: "cp.json" }))
      .toThrow(/^cp\.json: at epoch: the checkpoint is at epoch 2, beyond the 1 epochs of this run/);
  });

  it("a model file with a wrong shape, a null or a bad descriptor is the model file's error", () => {
    const text = serialiseModel(res.model);
    expect(parseModel(text, "m.json").elements).toEqual(["Si"]);
    const edit = (f: (m: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const m = JSON.parse(text);
      f(m);
      return () => parseModel(JSON.stringify(m), "m.json");
    };
    expect(edit((m) => { m.transforms[0].center.pop(); })).toThrow(/^m\.json: at transforms\[0\]\.center: expected a list of numbers of 26, found a list of 25$/);
    expect(edit((m) => { m.transforms[0].matrix[5] = null; })).toThrow(/^m\.json: at transforms\[0\]\.matrix\[5\]: expected a finite number, found null$/);
    expect(edit((m) => { m.networks[0].weights[0] = null; })).toThrow(/^m\.json: at networks\[0\]\.weights\[0\]: expected a finite number, found null$/);
    expect(edit((m) => { m.descriptors[3].cutoff = -1; })).toThrow(/^m\.json: at descriptors\[3\]\.cutoff: expected a positive number, got -1$/);
    expect(edit((m) => { m.descriptors.pop(); })).toThrow(/^m\.json: at transforms\[0\]\.nIn: expected an integer from 25 to 25, found 26$/);
    expect(edit((m) => { m.referenceEnergies.Si = "x"; })).toThrow(/^m\.json: at referenceEnergies\.Si: expected a finite number, found "x"$/);
    expect(edit((m) => { m.networks[0].hidden = [3, 0]; })).toThrow(/^m\.json: at networks\[0\]\.hidden\[1\]: expected an integer ≥ 1, found 0$/);
  });
});

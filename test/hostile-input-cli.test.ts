// Hostile input through the built command-line program, as a user meets it: exit status, the
// one-line message on stderr (file, line or JSON path, what was expected; no stack trace, no WASM
// or Node internals) and no output file left behind. Library-level cases: hostile-input.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aemap, CLI, INTERNAL } from "./helpers/built-cli.js";
import { writeStructures } from "../src/io/files-node.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { train } from "../src/train/trainer.js";
import { resolveConfig } from "../src/train/config.js";
import { serialiseModel } from "../src/model/model-file.js";
import { serialiseCheckpoint, type Checkpoint } from "../src/train/checkpoint.js";
import { diamond } from "./helpers/lattice.js";

let dir: string;
const at = (...p: string[]) => join(dir, ...p);
const deep = (open: string, close: string) => open.repeat(5000) + close.repeat(5000);

/** A failed run: exit 1, and stderr ends with one clear error line matching `message` (progress lines may precede it). */
function expectError(args: string[], message: RegExp): void {
  const r = aemap(args, { cwd: dir });
  const lines = r.stderr.trim().split("\n");
  expect(lines[lines.length - 1]).toMatch(message);
  expect(r.status).toBe(1);
  expect(r.stderr).not.toMatch(INTERNAL);
  expect(lines.filter((l) => l.startsWith("aemap: "))).toHaveLength(1);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aemap-hostile-"));
  const data = [1, 2, 3].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 1), 0), 0.05, k), "vacancy-7"));
  writeStructures(at("train.extxyz"), data);
  writeStructures(at("one.extxyz"), [labelWithTeacher(vacancy(diamond(5.431, 2), 0))]);
  const config = resolveConfig({ network: { hidden: [3] }, optimizer: { epochs: 2 }, checkpoint: { every: 1 } });
  let cp: Checkpoint | undefined;
  const res = train({ train: data }, { config, progress: null, checkpoint: (c) => { cp = c; } });
  writeFileSync(at("model.json"), serialiseModel(res.model));
  writeFileSync(at("cfg.json"), JSON.stringify({ network: { hidden: [3] }, optimizer: { epochs: 2 }, checkpoint: { every: 1 } }));
  writeFileSync(at("cp.json"), serialiseCheckpoint(cp!));
  mkdirSync(at("afolder"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("aemap on hostile input: clear errors, non-zero exit, nothing written", () => {
  it("training whose loss becomes non-finite exits 1 and writes no model", () => {
    writeFileSync(at("adam.json"), JSON.stringify({ network: { hidden: [3] }, optimizer: { type: "adam", epochs: 5, adam: { lr: 1e300 } } }));
    expectError(["train", "--train", "train.extxyz", "--config", "adam.json", "--out", "m-nan.json"], /^aemap: training loss is (NaN|Infinity) at epoch 1: .*no model was produced/);
    expect(existsSync(at("m-nan.json"))).toBe(false);
  });

  it("energy=1e308 is refused by the reader with file:line; no model", () => {
    const text = readFileSync(at("train.extxyz"), "utf8").replace(/energy=[-\d.e]+/, "energy=1e308");
    writeFileSync(at("huge-e.extxyz"), text);
    expectError(["train", "--train", "huge-e.extxyz", "--out", "m-huge.json"], /^aemap: huge-e\.extxyz:2: energy per atom \(E = 1e\+308 eV, 7 atoms\) is 1\.429e\+307 eV, expected at most 1e\+7 eV in magnitude/);
    expect(existsSync(at("m-huge.json"))).toBe(false);
  });

  it("an atom 1e9–1e11 Å away, a cell of 1e200 Å: reader errors (once a WASM abort, 0 neighbours, 'zero volume (V = Infinity)')", () => {
    for (const x of ["1e9", "1e10", "1e11"]) {
      writeFileSync(at("far.xyz"), `4\nProperties=species:S:1:pos:R:3 pbc="F F F"\nSi 0 0 0\nSi 2.35 0 0\nSi 1.175 2.035 0\nSi ${x} 0 0\n`);
      expectError(["info", "far.xyz"], new RegExp(`^aemap: far\\.xyz:6: position of atom 4 is ${x.replace("e", "e\\+")} Å, expected at most 1e\\+6 Å`));
    }
    writeFileSync(at("bigcell.xyz"), '1\nLattice="1e200 0 0 0 1e200 0 0 0 1e200" Properties=species:S:1:pos:R:3\nSi 0 0 0\n');
    expectError(["info", "bigcell.xyz"], /^aemap: bigcell\.xyz:2: cell is 1e\+200 Å, expected at most 1e\+6 Å/);
  });

  it("predictions go to the format of the extension; a format without per-atom energies is an error", () => {
    for (const out of ["pred_POSCAR.xyz", "OUTCAR.pred.xyz"]) {
      const r = aemap(["predict", "--model", "model.json", "train.extxyz", "--out", out], { cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      const head = readFileSync(at(out), "utf8").split("\n").slice(0, 2);
      expect(head[0]).toBe("7");
      expect(head[1]).toMatch(/Properties=species:S:1:pos:R:3:.*atomic_energy:R:1/);
    }
    expectError(["predict", "--model", "model.json", "one.extxyz", "--out", "pred.vasp"], /^aemap: pred\.vasp: format 'poscar' cannot hold the predicted per-atom energies; write extxyz \(\.xyz, \.extxyz\) or n2p2/);
    expect(existsSync(at("pred.vasp"))).toBe(false);
  });

  it("advise on a single structure says it fixes every ratio", () => {
    const r = aemap(["advise", "one.extxyz"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Only one structure: it fixes every ratio of its 2 environment classes");
    expect(r.stdout).not.toContain("No fixed ratios found");
  });

  it("checkpoints: null weight, absurd epoch, missing dataHash; each names the file and JSON path", () => {
    const good = JSON.parse(readFileSync(at("cp.json"), "utf8"));
    const cases: [(c: Record<string, any>) => void, RegExp][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      [(c) => { c.weights[0] = null; }, /^aemap: cp-bad\.json: at weights\[0\]: expected a finite number, found null$/],
      [(c) => { c.epoch = 1e9; }, /^aemap: cp-bad\.json: at epoch: expected an integer from 0 to 100000000, found 1000000000$/],
      [(c) => { delete c.dataHash; }, /^aemap: cp-bad\.json: at dataHash: expected a SHA-256 hash \(64 hex digits\), found nothing$/],
    ];
    for (const [edit, message] of cases) {
      const c = structuredClone(good);
      edit(c);
      writeFileSync(at("cp-bad.json"), JSON.stringify(c));
      expectError(["train", "--train", "train.extxyz", "--config", "cfg.json", "--resume", "cp-bad.json", "--epochs", "3", "--out", "m-res.json"], message);
      expect(existsSync(at("m-res.json"))).toBe(false);
    }
  });

  it("a corrupt model file is the model file's error, not the structure file's", () => {
    const m = JSON.parse(readFileSync(at("model.json"), "utf8"));
    m.transforms[0].matrix = m.transforms[0].matrix.slice(0, 600);
    writeFileSync(at("model-bad.json"), JSON.stringify(m));
    expectError(["predict", "--model", "model-bad.json", "train.extxyz", "--out", "p.extxyz"], /^aemap: model-bad\.json: at transforms\[0\]\.matrix: expected a list of numbers of 676, found a list of 600$/);
    expectError(["evaluate", "--model", "model-bad.json", "train.extxyz"], /^aemap: model-bad\.json: at transforms\[0\]\.matrix/);
  });

  it("deeply nested JSON in a config, a study spec and a recipe: the file and line, not a stack overflow", () => {
    writeFileSync(at("deep-config.json"), `{\n "network": ${deep("[", "]")}\n}`);
    expectError(["train", "--train", "train.extxyz", "--config", "deep-config.json", "--out", "m-deep.json"], /^aemap: deep-config\.json:2: arrays and objects nested more than 100 levels deep/);
    writeFileSync(at("deep-spec.json"), `{"name": "x", "seeds": ${deep('{"a":', "}").replace(/:}/, ":1}")}}`);
    expectError(["study", "deep-spec.json", "--out", "deep-study"], /^aemap: deep-spec\.json:1: arrays and objects nested more than 100 levels deep/);
    writeFileSync(at("deep-recipe.json"), `{"seed": 1, "groups": [{"name": "a", "kind": "static", "structure": ${deep("[", "]")}}]}`);
    expectError(["generate", "deep-recipe.json", "--out", "x.extxyz"], /^aemap: deep-recipe\.json:1: arrays and objects nested more than 100 levels deep/);
  });

  it("a folder as input, a missing output folder, a missing file: plain words, no errno, no temporary file", () => {
    expectError(["info", "afolder"], /^aemap: afolder: cannot read: is a folder, expected a file$/);
    expectError(["info", "nothing.xyz"], /^aemap: nothing\.xyz: cannot read: no such file$/);
    expectError(["predict", "--model", "model.json", "train.extxyz", "--out", "no/such/p.extxyz"], /^aemap: cannot write no\/such\/p\.extxyz: folder no\/such does not exist$/);
    expectError(["train", "--train", "train.extxyz", "--config", "afolder", "--out", "m.json"], /^aemap: afolder: cannot read: is a folder, expected a file$/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a pymatgen entry without its structure: 'found nothing' (once 'found undefined undefined')", () => {
    writeFileSync(at("nostruct.json"), '[{"group": "x"}]');
    expectError(["info", "nostruct.json"], /^aemap: nostruct\.json: at \[0\]\.structure: expected a pymatgen structure \(an object\), found nothing$/);
  });

  it("a frame without energy in training or evaluation data is named by file and frame", () => {
    const frames = readFileSync(at("train.extxyz"), "utf8").split("\n");
    frames[10] = frames[10].replace(/ energy=[-\d.e]+/, ""); // the second frame's comment line (7 atoms + 2 lines per frame)
    writeFileSync(at("nolabel.extxyz"), frames.join("\n"));
    expectError(["train", "--train", "nolabel.extxyz", "--out", "m-nl.json"], /^aemap: nolabel\.extxyz: frame 2 has no energy: training needs a reference energy for every structure$/);
    expectError(["evaluate", "--model", "model.json", "nolabel.extxyz"], /^aemap: nolabel\.extxyz: frame 2 has no energy: evaluation needs/);
  });

  it("a POSCAR whose counts line says 23 with 24 position lines", () => {
    const rows = Array.from({ length: 24 }, (_, i) => `${(i % 3) * 2.5} ${Math.floor(i / 3) % 3 * 2.5} ${Math.floor(i / 9) * 2.5}`);
    writeFileSync(at("POSCAR"), ["Si24", "1.0", "10 0 0", "0 10 0", "0 0 10", "Si", "23", "Cartesian", ...rows].join("\n") + "\n");
    expectError(["info", "POSCAR"], /^aemap: POSCAR:32: position line for atom 24, but the counts on line 7 give 23 atoms/);
  });

  it("`aemap describe FILE | head -1` ends quietly (no EPIPE stack trace)", () => {
    // si-mlearn test set: 1525 atoms × 26 descriptors, far more than a pipe buffer.
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" describe data/si-mlearn/test.json | head -1`], { encoding: "utf8" });
    expect(r.stdout.startsWith("source,frame,atom,element,G2 ")).toBe(true);
    expect(r.stderr).toBe("");
  });
});

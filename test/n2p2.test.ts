// n2p2 interop: export → import gives the same predictions; a hand-written n2p2 model evaluated
// by hand formulas (energy) and central differences of them (forces); unit conversion
// (Bohr/Hartree + normalisation); clear failures for what aemap cannot import.
import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStructures } from "../src/io/files-node.js";
import { Potential } from "../src/model/potential.js";
import { resolveCalculator } from "../src/model/resolve.js";
import { exportN2p2, importN2p2, n2p2Order, parseN2p2Spec } from "../src/model/n2p2/index.js";
import { defaultSiliconSet, functionsOf } from "../src/descriptors/index.js";
import { Structure } from "../src/structure/structure.js";
import { BOHR, HARTREE } from "../src/structure/units.js";
import { exportCommand } from "../src/cli/commands/export.js";
import { serialiseModel, type ModelData } from "../src/model/model-file.js";
import { randomModel, siGeFunctions, rattledSiGe, toBohrHartree } from "./helpers/n2p2-models.js";

const reader = (files: Record<string, string>) => (name: string) => {
  if (!(name in files)) throw new Error(`no file ${name}`);
  return files[name];
};

/** Largest |a − b| over energies, per-atom energies and forces of two calculators on `structures`. */
function maxDiff(a: Potential, b: Potential, structures: Structure[]): { e: number; ea: number; f: number } {
  let e = 0, ea = 0, f = 0;
  for (const s of structures) {
    const ra = a.calculate(s, { stress: false }), rb = b.calculate(s, { stress: false });
    e = Math.max(e, Math.abs(ra.energy - rb.energy));
    ra.energies.forEach((x, i) => { ea = Math.max(ea, Math.abs(x - rb.energies[i])); });
    ra.forces!.forEach((x, i) => { f = Math.max(f, Math.abs(x - rb.forces![i])); });
  }
  return { e, ea, f };
}

const mlearn = readStructures("data/si-mlearn/test.json").slice(0, 6);

describe("export → import round trip", () => {
  it("ExportImport_SiMlearn_SamePredictions (default Si set, minmax, tanh)", () => {
    const model = randomModel(defaultSiliconSet(), ["Si"], mlearn.slice(0, 3), { hidden: [8, 6] });
    const files = exportN2p2(model);
    expect(Object.keys(files).sort()).toEqual(["input.nn", "scaling.data", "weights.014.data"]);
    const back = importN2p2(reader(files));
    const d = maxDiff(new Potential(model), new Potential(back), mlearn);
    expect(d.e).toBeLessThan(1e-10);
    expect(d.ea).toBeLessThan(1e-11);
    expect(d.f).toBeLessThan(1e-11);
    // The energies are not trivially equal: the model is far from zero and varies between structures.
    const e0 = new Potential(model).calculate(mlearn[0]).energy / mlearn[0].length;
    expect(Math.abs(e0 + 3.5)).toBeGreaterThan(0.01);
  });

  for (const [name, opts] of [
    ["minmax tanh", { method: ["minmax", "minmax"] as const, activation: "tanh" as const }],
    ["meanstd sigmoid", { method: ["meanstd", "meanstd"] as const, activation: "sigmoid" as const }],
    ["mixed scaling softplus", { method: ["meanstd", "none"] as const, activation: "softplus" as const }],
  ] as const) {
    it(`ExportImport_TwoElementsScrambledOrder_SamePredictions (${name})`, () => {
      const fit = [rattledSiGe(1), rattledSiGe(2), rattledSiGe(3)];
      const model = randomModel(siGeFunctions(), ["Si", "Ge"], fit, { method: [...opts.method], activation: opts.activation, seed: 5 });
      const files = exportN2p2(model);
      expect(files["weights.032.data"]).toBeDefined();
      const back = importN2p2(reader(files));
      // n2p2 sorts the inputs: radial functions first, by rc, η, rs, neighbour.
      expect(back.descriptors.filter((f) => f.centre === "Si").map((f) => f.type).join(" ")).toBe("2 2 2 2 3 3 9 9");
      const d = maxDiff(new Potential(model), new Potential(back), [rattledSiGe(11), rattledSiGe(12, 0.3)]);
      expect(d.e).toBeLessThan(1e-11);
      expect(d.f).toBeLessThan(1e-11);
    });
  }

  it("N2p2Order_FollowsSymFncOperatorLess", () => {
    const fs = functionsOf(siGeFunctions(), "Si");
    // Expected by hand from n2p2's comparison (type, rc, η, rs, [ζ, λ], e1, e2):
    //   type 2: (4.5, 0.5, 2.0, Si) < (5.0, 0.05, 0, Si) < (5.0, 0.05, 0, Ge) < (5.0, 0.3, 1.5, Ge)
    //   type 3: (4.8, 0.02, ζ 1) < (4.8, 0.02, ζ 2);  type 9: (ζ 1) < (ζ 4)
    expect(n2p2Order(fs)).toEqual([5, 3, 7, 1, 4, 0, 2, 6]);
  });

  it("ExportN2p2_PCA_Refused", () => {
    const model = randomModel(defaultSiliconSet(), ["Si"], mlearn.slice(0, 2), { pca: true });
    expect(() => exportN2p2(model, "m.json")).toThrow(/m\.json: transforms of Si use PCA/);
  });
});

// A hand-written n2p2 model: one Si radial (type 2) and one angular (type 3) function, listed
// angular first (n2p2 sorts the radial one to input 1), min-max scaling to [−1, 1], a 2-2-1 tanh
// network, normalisation and an atomic energy offset.
const HAND_INPUT = `# hand-written test potential
number_of_elements 1
elements Si
atom_energy Si -1.5
mean_energy -0.2      ! per-atom mean of the normalised data
conv_energy 2.0
conv_length 1.7
cutoff_type 1
scale_symmetry_functions
scale_min_short -1.0
scale_max_short 1.0
global_hidden_layers_short 1
global_nodes_short 2
global_activation_short t l
symfunction_short Si 3 Si Si 0.01 1.0 1.0 4.0
symfunction_short Si 2 Si 0.1 0.5 4.0
epochs 10
`;
const HAND_SCALING = `# element function Gmin Gmax Gmean Gsigma
1 1 0.5 2.5 1.0 0.3
1 2 0.0 0.4 0.1 0.1
`;
// Network: h_k = tanh(Σ_i W1[k][i] x_i + b1[k]), NN = Σ_k W2[k] h_k + b2.
const W1 = [[0.7, -0.4], [0.3, 1.1]], B1 = [0.1, -0.2], W2 = [0.9, -1.3], B2 = 0.25;
// n2p2 file order: for each input i, for each hidden k: W1[k][i]; then b1; then W2; then b2.
const HAND_WEIGHTS = ["# weights", W1[0][0], W1[1][0], W1[0][1], W1[1][1], ...B1, ...W2, B2].map((x) => `${x} a 0 0 0 0 0`).join("\n") + "\n";
const HAND_FILES = { "input.nn": HAND_INPUT, "scaling.data": HAND_SCALING, "weights.014.data": HAND_WEIGHTS };

const fc = (r: number, rc: number) => (r < rc ? 0.5 * (Math.cos(Math.PI * r / rc) + 1) : 0);

/** The hand model's atomic energies of a finite cluster, by the formulas in docs/science.md §3. */
function handEnergies(pos: number[][]): number[] {
  const n = pos.length;
  const dist = (a: number, b: number) => Math.hypot(pos[a][0] - pos[b][0], pos[a][1] - pos[b][1], pos[a][2] - pos[b][2]);
  return pos.map((_, i) => {
    let g2 = 0, g4 = 0;
    for (let j = 0; j < n; j++) if (j !== i) g2 += Math.exp(-0.1 * (dist(i, j) - 0.5) ** 2) * fc(dist(i, j), 4);
    for (let j = 0; j < n; j++) for (let k = j + 1; k < n; k++) {
      if (j === i || k === i) continue;
      const rij = dist(i, j), rik = dist(i, k), rjk = dist(j, k);
      const cos = (rij * rij + rik * rik - rjk * rjk) / (2 * rij * rik);
      // ζ = 1, λ = 1: 2^(1−ζ) = 1
      g4 += (1 + cos) * Math.exp(-0.01 * (rij * rij + rik * rik + rjk * rjk)) * fc(rij, 4) * fc(rik, 4) * fc(rjk, 4);
    }
    // x = Smin + (Smax − Smin)(G − Gmin)/(Gmax − Gmin); input 1 = radial (sorted first).
    const x = [-1 + 2 * (g2 - 0.5) / 2.0, -1 + 2 * (g4 - 0.0) / 0.4];
    const h = W1.map((row, k) => Math.tanh(row[0] * x[0] + row[1] * x[1] + B1[k]));
    const nn = W2[0] * h[0] + W2[1] * h[1] + B2;
    return nn / 2.0 + -0.2 + -1.5; // NN/conv_energy + mean_energy + atom_energy
  });
}

const CLUSTER = [[0, 0, 0], [2.2, 0, 0], [0.6, 1.9, 0.3], [1.4, 0.8, -1.7]];
const clusterStructure = (pos: number[][], scale = 1) => new Structure({ symbols: pos.map(() => "Si"), positions: pos.map((p) => p.map((x) => x * scale)), pbc: false });

describe("hand-written n2p2 model", () => {
  it("HandModel_EnergyAndForces_MatchHandFormulas", () => {
    const warnings: string[] = [];
    const pot = new Potential(importN2p2(reader(HAND_FILES), { warn: (m) => warnings.push(m) }));
    expect(warnings).toEqual(["input.nn: ignored 1 training keyword(s) that do not change predictions: epochs (line 17)"]);
    const r = pot.calculate(clusterStructure(CLUSTER));
    const want = handEnergies(CLUSTER);
    want.forEach((e, i) => expect(r.energies[i]).toBeCloseTo(e, 12));
    expect(r.energy).toBeCloseTo(want.reduce((a, b) => a + b, 0), 12);
    // Forces: central differences of the hand energy.
    const h = 1e-5;
    for (let a = 0; a < CLUSTER.length; a++) for (let c = 0; c < 3; c++) {
      const p = CLUSTER.map((q) => q.slice()), m = CLUSTER.map((q) => q.slice());
      p[a][c] += h; m[a][c] -= h;
      const sum = (x: number[]) => x.reduce((u, v) => u + v, 0);
      const fd = -(sum(handEnergies(p)) - sum(handEnergies(m))) / (2 * h);
      expect(r.forces![3 * a + c]).toBeCloseTo(fd, 8);
    }
    // Not a degenerate test: the forces are sizeable.
    expect(Math.max(...Array.from(r.forces!, Math.abs))).toBeGreaterThan(0.01);
  });

  it("HandModel_BohrHartree_ConvertsToAngstromEV", () => {
    // The same potential written for data in Bohr and Hartree: lengths / BOHR, η · BOHR²,
    // energies (atom_energy, mean_energy) / HARTREE, conv_energy · HARTREE (NN output unchanged).
    const text = HAND_INPUT
      .replace("atom_energy Si -1.5", `atom_energy Si ${-1.5 / HARTREE}`)
      .replace("mean_energy -0.2", `mean_energy ${-0.2 / HARTREE}`)
      .replace("conv_energy 2.0", `conv_energy ${2.0 * HARTREE}`)
      .replace("symfunction_short Si 3 Si Si 0.01 1.0 1.0 4.0", `symfunction_short Si 3 Si Si ${0.01 * BOHR * BOHR} 1.0 1.0 ${4.0 / BOHR}`)
      .replace("symfunction_short Si 2 Si 0.1 0.5 4.0", `symfunction_short Si 2 Si ${0.1 * BOHR * BOHR} ${0.5 / BOHR} ${4.0 / BOHR}`);
    const files = { ...HAND_FILES, "input.nn": text };
    const bohr = new Potential(importN2p2(reader(files), { lengthUnit: "bohr", energyUnit: "hartree" }));
    const ang = new Potential(importN2p2(reader(HAND_FILES)));
    const d = maxDiff(ang, bohr, [clusterStructure(CLUSTER)]);
    expect(d.e).toBeLessThan(1e-12);
    expect(d.f).toBeLessThan(1e-12);
    // Loaded as Å/eV by mistake, the same files give other numbers (the conversion matters).
    const wrong = new Potential(importN2p2(reader(files)));
    expect(Math.abs(wrong.calculate(clusterStructure(CLUSTER)).energy - ang.calculate(clusterStructure(CLUSTER)).energy)).toBeGreaterThan(1);
    // Through the --model loader with the units suffix.
    const calc = resolveCalculator("pot/input.nn?length-unit=bohr&energy-unit=hartree", (p) => reader(files)(p.replace(/^pot\//, "")));
    expect(calc.calculate(clusterStructure(CLUSTER)).energy).toBeCloseTo(ang.calculate(clusterStructure(CLUSTER)).energy, 12);
  });

  it("ExportedModel_RoundTripsThroughBohrHartreeFiles", () => {
    // aemap model → n2p2 files → rewritten in Bohr/Hartree by the test → import with units → same predictions.
    const fit = [rattledSiGe(1), rattledSiGe(2)];
    const model = randomModel(siGeFunctions(), ["Si", "Ge"], fit, { seed: 9 });
    const files = exportN2p2(model);
    const conv = toBohrHartree(files["input.nn"]);
    const back = importN2p2(reader({ ...files, "input.nn": conv }), { lengthUnit: "bohr", energyUnit: "hartree" });
    const d = maxDiff(new Potential(model), new Potential(back), [rattledSiGe(21)]);
    expect(d.e).toBeLessThan(1e-10);
    expect(d.f).toBeLessThan(1e-10);
  });
});

describe("unsupported input fails clearly", () => {
  const withLine = (extra: string) => ({ ...HAND_FILES, "input.nn": HAND_INPUT + extra + "\n" });
  const cases: [string, string, RegExp][] = [
    ["UnknownKeyword", "symfunction_shrot Si 2 Si 0.1 0.5 4.0", /input\.nn:18: keyword 'symfunction_shrot' is not supported/],
    ["NormalizeNodes", "normalize_nodes", /input\.nn:18: keyword 'normalize_nodes' is not supported/],
    ["PerElementNodes", "element_nodes_short Si 5", /input\.nn:18: keyword 'element_nodes_short' is not supported/],
    ["FourthGeneration", "nnp_type 4G-HDNNP", /input\.nn:18: nnp_type 4G-HDNNP is not supported \(aemap imports short-range 2G-HDNNP models only\)/],
    ["DuplicateKeyword", "scale_min_short 0.0", /input\.nn:18: keyword 'scale_min_short' given twice \(first on line 10\)/],
  ];
  for (const [name, line, msg] of cases) {
    it(`Import_${name}_Throws`, () => expect(() => importN2p2(reader(withLine(line)))).toThrow(msg));
  }
  it("Import_PolynomialCutoff_ThrowsWithLine", () => {
    const files = { ...HAND_FILES, "input.nn": HAND_INPUT.replace("cutoff_type 1", "cutoff_type 6 0.0") };
    expect(() => importN2p2(reader(files))).toThrow(/input\.nn:8: cutoff_type 6 0\.0 is not supported: .*cosine/);
  });
  it("Import_ReluActivation_Throws", () => {
    const files = { ...HAND_FILES, "input.nn": HAND_INPUT.replace("global_activation_short t l", "global_activation_short r l") };
    expect(() => importN2p2(reader(files))).toThrow(/input\.nn:14: global_activation_short: activation 'r' is not supported/);
  });
  it("Import_ShortWeightsFile_Throws", () => {
    const files = { ...HAND_FILES, "weights.014.data": HAND_WEIGHTS.split("\n").slice(0, 5).join("\n") };
    expect(() => importN2p2(reader(files))).toThrow(/weights\.014\.data: expected 9 weights for a 2-2-1 network, found 4/);
  });
  it("Import_PartialNormalisation_Throws", () => {
    const files = { ...HAND_FILES, "input.nn": HAND_INPUT.replace("conv_length 1.7\n", "") };
    expect(() => importN2p2(reader(files))).toThrow(/normalisation needs all of mean_energy, conv_energy, conv_length/);
  });
});

describe("CLI and loader", () => {
  it("ExportCommand_WritesDirectory_LoadableAsModel", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aemap-n2p2-"));
    try {
      const model: ModelData = randomModel(siGeFunctions(), ["Si", "Ge"], [rattledSiGe(1)], { seed: 3 });
      const mfile = join(dir, "model.json");
      (await import("node:fs")).writeFileSync(mfile, serialiseModel(model));
      const out = join(dir, "pot");
      await exportCommand.handler!({ model: mfile, format: "n2p2", out, _: [], $0: "aemap" });
      expect(readFileSync(join(out, "input.nn"), "utf8")).toMatch(/^atom_energy Ge /m);
      const fsRead = (p: string) => readFileSync(p, "utf8");
      const viaDir = resolveCalculator(`${out}/`, fsRead), viaFile = resolveCalculator(join(out, "input.nn"), fsRead);
      const s = rattledSiGe(31);
      const want = new Potential(model).calculate(s).energy;
      expect(viaDir.calculate(s).energy).toBeCloseTo(want, 10);
      expect(viaFile.calculate(s).energy).toBeCloseTo(want, 10);
      expect(parseN2p2Spec(`${out}/input.nn`).dir).toBe(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

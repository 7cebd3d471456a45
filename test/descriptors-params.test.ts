// Parameter sets and files: default set order, η grids, SIMPLE-NN params_XX round trip, n2p2
// symfunction_short lines, and error messages naming file and line.
import { describe, expect, it } from "vitest";
import {
  defaultSiliconSet, etaGrid, elementsOf, maxCutoff, parseSimpleNNParams, writeSimpleNNParams,
  parseN2p2SymmetryFunctions, SIMPLE_NN_TYPE, type SymmetryFunction,
} from "../src/descriptors/index.js";

describe("parameter sets", () => {
  it("default Si set: 8 G2 then 18 G4 (η outer, ζ 1 2 4, λ −1 +1), Rc = 6", () => {
    const fs = defaultSiliconSet();
    expect(fs.length).toBe(26);
    expect(fs.slice(0, 8).map((f) => f.eta)).toEqual([0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426]);
    expect(fs[8]).toEqual({ type: 3, centre: "Si", neighbours: ["Si", "Si"], cutoff: 6, eta: 0.000357, zeta: 1, lambda: -1 });
    expect(fs[8 + 6 * 2 + 2 * 2 + 1]).toMatchObject({ eta: 0.089277, zeta: 4, lambda: 1 });
    expect(fs[8 + 6 * 1 + 2 * 1 + 0]).toMatchObject({ eta: 0.028569, zeta: 2, lambda: -1 });
    expect(elementsOf(fs)).toEqual(["Si"]);
    expect(maxCutoff(fs)).toBe(6);
    expect(elementsOf([...defaultSiliconSet("Si"), ...defaultSiliconSet("C", 5)])).toEqual(["C", "Si"]);
  });
  it("type numbers: n2p2 2/3/9 = SIMPLE-NN 2/4/5 (Behler's G2/G4/G5)", () => {
    expect(SIMPLE_NN_TYPE).toEqual({ 2: 2, 3: 4, 9: 5 });
  });
  it("η grids: centred η = 1/(2 r²) on r = 1.5 … Rc; shifted Rs grid with η = 1/(2Δ²)", () => {
    const c = etaGrid("centred", 6, 4);
    expect(c.map((x) => x.eta)).toEqual([1 / 72, 1 / 40.5, 1 / 18, 1 / 4.5].map((x) => x));
    expect(c.every((x) => x.rs === 0)).toBe(true);
    const s = etaGrid("shifted", 6, 12, 0.5);
    expect(s[0].rs).toBe(0.5);
    expect(s[11].rs).toBeCloseTo(6, 14);
    expect(s[1].rs - s[0].rs).toBeCloseTo(0.5, 14);
    expect(s[3].eta).toBeCloseTo(2, 12);
    expect(() => etaGrid("centred", 6, 1)).toThrow(/n must be an integer ≥ 2/);
  });
});

describe("SIMPLE-NN params_XX", () => {
  const doc = "2 1 0 6.0 0.003214 0.0 0.0\n2 1 0 6.0 0.035711 0.0 0.0\n4 1 1 6.0 0.000357 1.0 -1.0\n4 1 1 6.0 0.028569 1.0 -1.0\n4 1 1 6.0 0.089277 1.0 -1.0\n";
  it("reads the documented example (p1 p2 p3 = η Rs – for G2, η ζ λ for G4)", () => {
    const fs = parseSimpleNNParams(doc, "Si", "params_Si");
    expect(fs.length).toBe(5);
    expect(fs[1]).toEqual({ type: 2, centre: "Si", neighbours: ["Si"], cutoff: 6, eta: 0.035711, rs: 0 });
    expect(fs[4]).toEqual({ type: 3, centre: "Si", neighbours: ["Si", "Si"], cutoff: 6, eta: 0.089277, zeta: 1, lambda: -1 });
  });
  it("round trip of the default set: write → parse gives the same functions; text pinned", () => {
    const fs = defaultSiliconSet();
    const text = writeSimpleNNParams(fs, "Si");
    expect(text.split("\n")[0]).toBe("2 1 0 6 0.003214 0 0");
    expect(text.split("\n")[8]).toBe("4 1 1 6 0.000357 1 -1");
    expect(parseSimpleNNParams(text, "Si", "params_Si")).toEqual(fs);
  });
  it("two elements: indices follow the given element list (1-based); pair stored by atomic number", () => {
    const fs: SymmetryFunction[] = [
      { type: 2, centre: "Si", neighbours: ["O"], cutoff: 6, eta: 0.1, rs: 0.5 },
      { type: 9, centre: "Si", neighbours: ["O", "Si"], cutoff: 5.5, eta: 0.01, zeta: 2, lambda: 1 },
    ];
    const text = writeSimpleNNParams(fs, "Si", ["Si", "O"]);
    expect(text).toBe("2 2 0 6 0.1 0.5 0\n5 2 1 5.5 0.01 2 1\n");
    expect(parseSimpleNNParams(text, "Si", "params_Si", ["Si", "O"])).toEqual(fs);
  });
  it("errors name file, line and field", () => {
    expect(() => parseSimpleNNParams("2 1 0 6.0 0.1 0 0\n3 1 1 6.0 0.1 1 1\n", "Si", "params_Si")).toThrow("params_Si:2: type: expected 2 (radial), 4 or 5 (angular), got '3'");
    expect(() => parseSimpleNNParams("4 1 2 6.0 0.1 1 1\n", "Si", "params_Si")).toThrow("params_Si:1: nbr2: expected an element index 1..1");
    expect(() => parseSimpleNNParams("\n# comment\n4 1 1 6.0 0.1 1 0.5\n", "Si", "p")).toThrow("p:3: lambda: expected −1 or +1, got 0.5");
    expect(() => parseSimpleNNParams("4 1 1 6.0 0.1 x 1\n", "Si", "p")).toThrow("p:1: p2: expected a number, got 'x'");
    expect(() => parseSimpleNNParams("4 1 1 6.0 0.1 1\n", "Si", "p")).toThrow("p:1: expected 7 columns");
    expect(() => parseSimpleNNParams("4 1 1 6.0 0.1 0.5 1\n", "Si", "p")).toThrow("p:1: zeta: expected a number ≥ 1, got 0.5");
  });
});

describe("n2p2 input.nn", () => {
  const nn = [
    "number_of_elements 1", "elements Si", "cutoff_type 1 0.0",
    "symfunction_short Si 2 Si 0.003214 0.0 6.0   # radial",
    "symfunction_short Si 2 Si 1.2 2.5 5.0",
    "symfunction_short Si 3 Si Si 0.000357 -1 1 6.0",
    "symfunction_short Si 3 Si Si 0.089277 1 4 6.0 0.0",
    "symfunction_short Si 9 Si Si 0.01 1 2 5.5",
    "global_hidden_layers_short 2",
  ].join("\n");
  it("reads types 2 (η Rs Rc), 3 and 9 (η λ ζ Rc [Rs])", () => {
    const fs = parseN2p2SymmetryFunctions(nn, "input.nn");
    expect(fs).toEqual([
      { type: 2, centre: "Si", neighbours: ["Si"], eta: 0.003214, rs: 0, cutoff: 6 },
      { type: 2, centre: "Si", neighbours: ["Si"], eta: 1.2, rs: 2.5, cutoff: 5 },
      { type: 3, centre: "Si", neighbours: ["Si", "Si"], eta: 0.000357, lambda: -1, zeta: 1, cutoff: 6 },
      { type: 3, centre: "Si", neighbours: ["Si", "Si"], eta: 0.089277, lambda: 1, zeta: 4, cutoff: 6 },
      { type: 9, centre: "Si", neighbours: ["Si", "Si"], eta: 0.01, lambda: 1, zeta: 2, cutoff: 5.5 },
    ]);
  });
  it("orders a mixed pair by atomic number; rejects bad lines with file:line", () => {
    expect(parseN2p2SymmetryFunctions("symfunction_short O 3 Si O 0.1 1 2 6.0")[0].neighbours).toEqual(["O", "Si"]);
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 7 Si 0.1 1 2 6.0", "in.nn")).toThrow("in.nn:1: type: expected one of 2, 3, 9, 12, 13, 20, 21, 22, 23, 24, 25, got '7'");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 12 Si 0.1 1 2 6.0", "in.nn")).toThrow("in.nn:1: type 12: expected '<element> 12 <eta> <rshift> <rcutoff>', got 7 fields");
    expect(() => parseN2p2SymmetryFunctions("cutoff_type 9 0.0\nsymfunction_short Si 2 Si 0.1 0 6", "in.nn")).toThrow("in.nn:1: cutoff_type: expected 0 … 8");
    expect(() => parseN2p2SymmetryFunctions("cutoff_type 6 1.0\nsymfunction_short Si 2 Si 0.1 0 6", "in.nn")).toThrow("in.nn:1: cutoff_type alpha: expected 0 ≤ alpha < 1, got '1.0'");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Xx 2 Si 0.1 0 6", "in.nn")).toThrow("in.nn:1: central element: expected an element symbol, got 'Xx'");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 2 Si 0.1 0 -6", "in.nn")).toThrow("in.nn:1: cutoff: expected a positive number, got -6");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 20 Si 3.0 2.0 p2", "in.nn")).toThrow("in.nn:1: rl: expected a number below the cutoff 2");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 22 Si Si -5 5 -30 90 p2", "in.nn")).toThrow("in.nn:1: thetaL, thetaR: [-30, 90] leaves [0, 180] degrees but is not centred on 0 or 180");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 20 Si 0 5 p5", "in.nn")).toThrow("in.nn:1: subtype: expected one of p1, p2, p3, p4, p1a, p2a, p3a, p4a, e, got 'p5'");
  });
  it("every type, with the file's cutoff_type on types 2–13 (not on 20–25); lines written back identically", async () => {
    const { n2p2SymfunctionLine, n2p2CutoffTypeLine } = await import("../src/descriptors/index.js");
    const lines = [
      "symfunction_short Cu 2 S 2 1.5 6",
      "symfunction_short Cu 3 S Cu 0.2222 -1 6 6 0.5",
      "symfunction_short Cu 9 S S 0.04082 1 1 6",
      "symfunction_short Cu 12 0.3 1.2 5",
      "symfunction_short Cu 13 0.01 0.4 -1 2 5.5",
      "symfunction_short Cu 20 S -6 6 p2a",
      "symfunction_short Cu 21 Cu S 0.5 5 0 120 p3",
      "symfunction_short Cu 22 S S -8 8 90 270 e",
      "symfunction_short Cu 23 1 4.5 p4",
      "symfunction_short Cu 24 -5 5 -90 90 p1a",
      "symfunction_short Cu 25 0 7 49.1 169.1 p2",
    ];
    const fs = parseN2p2SymmetryFunctions(["cutoff_type 6 0.25", ...lines].join("\n"));
    expect(fs.map((f) => f.type)).toEqual([2, 3, 9, 12, 13, 20, 21, 22, 23, 24, 25]);
    expect(fs[0]).toEqual({ type: 2, centre: "Cu", neighbours: ["S"], eta: 2, rs: 1.5, cutoff: 6, cutoffType: "poly2", cutoffAlpha: 0.25 });
    expect(fs[1]).toEqual({ type: 3, centre: "Cu", neighbours: ["S", "Cu"], eta: 0.2222, lambda: -1, zeta: 6, cutoff: 6, rs: 0.5, cutoffType: "poly2", cutoffAlpha: 0.25 });
    expect(fs[4]).toMatchObject({ type: 13, neighbours: [], eta: 0.01, rs: 0.4, lambda: -1, zeta: 2, cutoff: 5.5 });
    expect(fs[6]).toEqual({ type: 21, centre: "Cu", neighbours: ["S", "Cu"], rl: 0.5, cutoff: 5, thetaL: 0, thetaR: 120, subtype: "p3" });
    expect(fs[9]).toEqual({ type: 24, centre: "Cu", neighbours: [], rl: -5, cutoff: 5, thetaL: -90, thetaR: 90, subtype: "p1a" });
    // Written back: the same lines (the pair in atomic-number order), cutoff_type from the functions.
    expect(fs.map((f) => n2p2SymfunctionLine(f))).toEqual(lines.map((l) => l.replace("21 Cu S", "21 S Cu")));
    expect(n2p2CutoffTypeLine(fs)).toBe("cutoff_type 6 0.25");
    expect(() => n2p2CutoffTypeLine([fs[0], { ...fs[2], cutoffType: "cos" }], "model")).toThrow("model: n2p2 uses one cutoff function for all functions");
  });
});

describe("older files and other codes", () => {
  it("a model file written with the type names G2/G4 reads as types 2/3 (same descriptors)", async () => {
    const { parseModel, serialiseModel } = await import("../src/model/model-file.js");
    const { randomModel, siGeFunctions, rattledSiGe } = await import("./helpers/n2p2-models.js");
    const model = randomModel(siGeFunctions(), ["Si", "Ge"], [rattledSiGe(1)], { seed: 3 });
    const old = serialiseModel(model).replace(/"type": 2,/g, '"type": "G2",').replace(/"type": 3,/g, '"type": "G4",').replace(/"type": 9,/g, '"type": "G5",');
    expect(old).toContain('"G5"');
    expect(parseModel(old, "old.json").descriptors).toEqual(model.descriptors);
  });
  it("SIMPLE-NN cannot express the new types, other cutoffs or an angular shift: refused by name", () => {
    const f20: SymmetryFunction = { type: 20, centre: "Si", neighbours: ["Si"], rl: -5, cutoff: 5, subtype: "p2" };
    expect(() => writeSimpleNNParams([f20], "Si")).toThrow("writeSimpleNNParams: function 1 of Si: type 20 has no SIMPLE-NN equivalent");
    expect(() => writeSimpleNNParams([{ ...defaultSiliconSet()[0], cutoffType: "poly2" }], "Si")).toThrow("cutoff poly2 with alpha 0 has no SIMPLE-NN equivalent");
    expect(() => writeSimpleNNParams([{ ...defaultSiliconSet()[9], rs: 0.5 }], "Si")).toThrow("angular rs = 0.5 has no SIMPLE-NN equivalent");
  });
  it("n2p2 export writes the functions' cutoff type and every type's line", async () => {
    const { exportN2p2 } = await import("../src/model/n2p2/index.js");
    const { randomModel, rattledSiGe } = await import("./helpers/n2p2-models.js");
    const fs: SymmetryFunction[] = ["Si", "Ge"].flatMap((c) => [
      { type: 2, centre: c, neighbours: ["Ge"], cutoff: 5, eta: 0.3, rs: 1, cutoffType: "poly2", cutoffAlpha: 0.1 },
      { type: 13, centre: c, neighbours: [], cutoff: 5, eta: 0.01, rs: 0, zeta: 2, lambda: -1, cutoffType: "poly2", cutoffAlpha: 0.1 },
      { type: 22, centre: c, neighbours: ["Si", "Ge"], rl: -5, cutoff: 5, thetaL: 0, thetaR: 120, subtype: "p2a" },
    ] as SymmetryFunction[]);
    const text = exportN2p2(randomModel(fs, ["Si", "Ge"], [rattledSiGe(1)], { seed: 4 }))["input.nn"];
    expect(text).toMatch(/^cutoff_type 6 0\.1$/m);
    expect(text).toMatch(/^symfunction_short Si 22 Si Ge -5\.0+E\+0 5\.0+E\+0 0\.0+E\+0 1\.20+E\+2 p2a$/m);
    expect(parseN2p2SymmetryFunctions(text).filter((f) => f.centre === "Si").map((f) => f.type).sort()).toEqual([13, 2, 22]);
  });
});

describe("describe tables", () => {
  it("readParamsText recognises n2p2, JSON and SIMPLE-NN params_XX (element from the name)", async () => {
    const { readParamsText } = await import("../src/descriptors/index.js");
    expect(readParamsText("symfunction_short Si 2 Si 0.1 0 6", "input.nn")[0].type).toBe(2);
    expect(readParamsText(JSON.stringify(defaultSiliconSet()), "set.json")).toEqual(defaultSiliconSet());
    expect(readParamsText("4 1 1 6.0 0.1 1 -1\n", "dir/params_Si")[0]).toMatchObject({ type: 3, centre: "Si", zeta: 1, lambda: -1 });
    expect(() => readParamsText("4 1 1 6.0 0.1 1 -1\n", "myparams")).toThrow("myparams: cannot tell the centre element");
    expect(() => readParamsText('[{"type":"G3"}]', "set.json")).toThrow('set.json[0].type: expected one of 2, 3, 9, 12, 13, 20, 21, 22, 23, 24, 25 (n2p2\'s type numbers), got "G3"');
    // Older files name types 2, 3, 9 G2, G4, G5.
    const legacy = defaultSiliconSet().map((f) => ({ ...f, type: f.type === 2 ? "G2" : "G4" }));
    expect(readParamsText(JSON.stringify(legacy), "old.json")).toEqual(defaultSiliconSet());
  });
  it("CSV and JSON rows: one per atom in structure order, values = computeDescriptors, header in parameter order", async () => {
    const { describeFrames, describeCsv, describeJson, computeDescriptors } = await import("../src/descriptors/index.js");
    const { Structure } = await import("../src/structure/structure.js");
    const s = new Structure({ symbols: ["Si", "Si", "Si"], positions: [0, 0, 0, 2.4, 0, 0, 0, 2.3, 0.2] });
    const fs = defaultSiliconSet();
    const rows = describeFrames([{ source: "x.xyz", frame: 1, structure: s }], fs);
    expect(rows.map((r) => r.atom)).toEqual([0, 1, 2]);
    expect(rows[2].values).toEqual(Array.from(computeDescriptors(s, fs).byElement[0].values.subarray(52, 78)));
    const csv = describeCsv(rows, fs).trim().split("\n");
    expect(csv.length).toBe(4);
    expect(csv[0].split(",").slice(0, 6)).toEqual(["source", "frame", "atom", "element", "G2 Si eta=0.003214 rs=0 rc=6", "G2 Si eta=0.035711 rs=0 rc=6"]);
    expect(csv[0].split(",")[8 + 4]).toBe("G4 Si-Si eta=0.000357 zeta=1 lambda=-1 rc=6");
    expect(csv[1].split(",").slice(4).map(Number)).toEqual(rows[0].values);
    const json = JSON.parse(describeJson(rows, fs));
    expect(json.atoms[1].values).toEqual(rows[1].values);
    expect(json.columns.Si.length).toBe(26);
  });
});

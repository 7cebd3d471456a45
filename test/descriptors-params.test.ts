// Parameter sets and files: default set order, η grids, SIMPLE-NN params_XX round trip, n2p2
// symfunction_short lines, and error messages naming file and line.
import { describe, expect, it } from "vitest";
import {
  defaultSiliconSet, etaGrid, elementsOf, maxCutoff, parseSimpleNNParams, writeSimpleNNParams,
  parseN2p2SymmetryFunctions, TYPE_NUMBERS, type SymmetryFunction,
} from "../src/descriptors/index.js";

describe("parameter sets", () => {
  it("default Si set: 8 G2 then 18 G4 (η outer, ζ 1 2 4, λ −1 +1), Rc = 6", () => {
    const fs = defaultSiliconSet();
    expect(fs.length).toBe(26);
    expect(fs.slice(0, 8).map((f) => f.eta)).toEqual([0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426]);
    expect(fs[8]).toEqual({ type: "G4", centre: "Si", neighbours: ["Si", "Si"], cutoff: 6, eta: 0.000357, zeta: 1, lambda: -1 });
    expect(fs[8 + 6 * 2 + 2 * 2 + 1]).toMatchObject({ eta: 0.089277, zeta: 4, lambda: 1 });
    expect(fs[8 + 6 * 1 + 2 * 1 + 0]).toMatchObject({ eta: 0.028569, zeta: 2, lambda: -1 });
    expect(elementsOf(fs)).toEqual(["Si"]);
    expect(maxCutoff(fs)).toBe(6);
    expect(elementsOf([...defaultSiliconSet("Si"), ...defaultSiliconSet("C", 5)])).toEqual(["C", "Si"]);
  });
  it("type numbers: G2/G4/G5 = SIMPLE-NN 2/4/5 = n2p2 2/3/9", () => {
    expect(TYPE_NUMBERS).toEqual({ G2: { simplenn: 2, n2p2: 2 }, G4: { simplenn: 4, n2p2: 3 }, G5: { simplenn: 5, n2p2: 9 } });
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
    expect(fs[1]).toEqual({ type: "G2", centre: "Si", neighbours: ["Si"], cutoff: 6, eta: 0.035711, rs: 0 });
    expect(fs[4]).toEqual({ type: "G4", centre: "Si", neighbours: ["Si", "Si"], cutoff: 6, eta: 0.089277, zeta: 1, lambda: -1 });
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
      { type: "G2", centre: "Si", neighbours: ["O"], cutoff: 6, eta: 0.1, rs: 0.5 },
      { type: "G5", centre: "Si", neighbours: ["O", "Si"], cutoff: 5.5, eta: 0.01, zeta: 2, lambda: 1 },
    ];
    const text = writeSimpleNNParams(fs, "Si", ["Si", "O"]);
    expect(text).toBe("2 2 0 6 0.1 0.5 0\n5 2 1 5.5 0.01 2 1\n");
    expect(parseSimpleNNParams(text, "Si", "params_Si", ["Si", "O"])).toEqual(fs);
  });
  it("errors name file, line and field", () => {
    expect(() => parseSimpleNNParams("2 1 0 6.0 0.1 0 0\n3 1 1 6.0 0.1 1 1\n", "Si", "params_Si")).toThrow("params_Si:2: type: expected 2 (G2), 4 (G4) or 5 (G5), got '3'");
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
  it("reads types 2 (η Rs Rc), 3 and 9 (η λ ζ Rc) as G2, G4, G5", () => {
    const fs = parseN2p2SymmetryFunctions(nn, "input.nn");
    expect(fs).toEqual([
      { type: "G2", centre: "Si", neighbours: ["Si"], eta: 0.003214, rs: 0, cutoff: 6 },
      { type: "G2", centre: "Si", neighbours: ["Si"], eta: 1.2, rs: 2.5, cutoff: 5 },
      { type: "G4", centre: "Si", neighbours: ["Si", "Si"], eta: 0.000357, lambda: -1, zeta: 1, cutoff: 6 },
      { type: "G4", centre: "Si", neighbours: ["Si", "Si"], eta: 0.089277, lambda: 1, zeta: 4, cutoff: 6 },
      { type: "G5", centre: "Si", neighbours: ["Si", "Si"], eta: 0.01, lambda: 1, zeta: 2, cutoff: 5.5 },
    ]);
  });
  it("orders a mixed pair by atomic number; rejects unsupported lines with file:line", () => {
    expect(parseN2p2SymmetryFunctions("symfunction_short O 3 Si O 0.1 1 2 6.0")[0].neighbours).toEqual(["O", "Si"]);
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 12 Si 0.1 1 2 6.0", "in.nn")).toThrow("in.nn:1: type: expected 2, 3 or 9");
    expect(() => parseN2p2SymmetryFunctions("\nsymfunction_short Si 3 Si Si 0.1 1 2 6.0 1.5", "in.nn")).toThrow("in.nn:2: rshift: angular functions with rshift ≠ 0");
    expect(() => parseN2p2SymmetryFunctions("cutoff_type 2 0.0\nsymfunction_short Si 2 Si 0.1 0 6", "in.nn")).toThrow("in.nn:1: cutoff_type");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Xx 2 Si 0.1 0 6", "in.nn")).toThrow("in.nn:1: central element: expected an element symbol, got 'Xx'");
    expect(() => parseN2p2SymmetryFunctions("symfunction_short Si 2 Si 0.1 0 -6", "in.nn")).toThrow("in.nn:1: cutoff: expected a positive number, got -6");
  });
});

describe("describe tables", () => {
  it("readParamsText recognises n2p2, JSON and SIMPLE-NN params_XX (element from the name)", async () => {
    const { readParamsText } = await import("../src/descriptors/index.js");
    expect(readParamsText("symfunction_short Si 2 Si 0.1 0 6", "input.nn")[0].type).toBe("G2");
    expect(readParamsText(JSON.stringify(defaultSiliconSet()), "set.json")).toEqual(defaultSiliconSet());
    expect(readParamsText("4 1 1 6.0 0.1 1 -1\n", "dir/params_Si")[0]).toMatchObject({ type: "G4", centre: "Si", zeta: 1, lambda: -1 });
    expect(() => readParamsText("4 1 1 6.0 0.1 1 -1\n", "myparams")).toThrow("myparams: cannot tell the centre element");
    expect(() => readParamsText('[{"type":"G3"}]', "set.json")).toThrow("set.json[0].type: expected G2, G4 or G5");
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

// SIMPLE-NN export: the potential_saved text is read back by a small reader written here from
// pair_nn.cpp's rules (x = (G − scale1)/scale2, LAYER blocks of w<j>/b<j> rows, linear output),
// evaluated on aemap's raw symmetry functions, and compared with aemap's own atomic energies.
import { describe, it, expect } from "vitest";
import { exportSimpleNN } from "../src/model/simple-nn/export.js";
import { Potential } from "../src/model/potential.js";
import { computeDescriptors, defaultSiliconSet } from "../src/descriptors/index.js";
import type { ModelData } from "../src/model/model-file.js";
import type { Structure } from "../src/structure/structure.js";
import { randomModel, siGeFunctions, rattledSiGe } from "./helpers/n2p2-models.js";
import { diamond } from "./helpers/lattice.js";

interface PairNnNet { sym: string[][]; scale1: number[]; scale2: number[]; layers: { acti: string; w: number[][]; b: number[] }[] }

/** Parse potential_saved the way pair_nn.cpp's read_file walks it. */
function readPotential(text: string): { elements: string[]; nets: Record<string, PairNnNet> } {
  const lines = text.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter((l) => l !== "");
  let at = 0;
  const elements = lines[at++].split(/\s+/).slice(1);
  const nets: Record<string, PairNnNet> = {};
  while (at < lines.length) {
    const [pot, el] = lines[at++].split(/\s+/);
    expect(pot).toBe("POT");
    const nsym = Number(lines[at++].split(/\s+/)[1]);
    const sym = lines.slice(at, at + nsym).map((l) => l.split(/\s+/));
    at += nsym;
    const scale1 = lines[at++].split(/\s+/).slice(1).map(Number), scale2 = lines[at++].split(/\s+/).slice(1).map(Number);
    const net = lines[at++].split(/\s+/).slice(1).map(Number);
    const nodes = [nsym, ...net.slice(1)];
    expect(nodes.length).toBe(net[0] + 2);
    const layers: PairNnNet["layers"] = [];
    for (let l = 0; l < nodes.length - 1; l++) {
      const acti = lines[at++].split(/\s+/)[2];
      const w: number[][] = [], b: number[] = [];
      for (let j = 0; j < nodes[l + 1]; j++) {
        w.push(lines[at++].split(/\s+/).slice(1).map(Number));
        b.push(Number(lines[at++].split(/\s+/)[1]));
      }
      layers.push({ acti, w, b });
    }
    nets[el] = { sym, scale1, scale2, layers };
  }
  return { elements, nets };
}

const act: Record<string, (x: number) => number> = { linear: (x) => x, tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x)) };

/** Atomic energies by the parsed potential, from aemap's raw descriptors. */
function pairNnEnergies(text: string, model: ModelData, s: Structure): Float64Array {
  const { nets } = readPotential(text);
  const out = new Float64Array(s.length);
  for (const b of computeDescriptors(s, model.descriptors).byElement) {
    const net = nets[b.element];
    for (let a = 0; a < b.atoms.length; a++) {
      let v = Array.from(b.values.subarray(a * b.nfeatures, (a + 1) * b.nfeatures), (g, f) => (g - net.scale1[f]) / net.scale2[f]);
      for (const L of net.layers) v = L.w.map((row, j) => act[L.acti](row.reduce((u, w, i) => u + w * v[i], 0) + L.b[j]));
      out[b.atoms[a]] = v[0];
    }
  }
  return out;
}

describe("SIMPLE-NN potential_saved export", () => {
  const si = [diamond(5.43, 1), diamond(5.6, 1)];
  const cases: [string, () => ModelData, Structure][] = [
    ["Si default set, minmax, tanh", () => randomModel(defaultSiliconSet(), ["Si"], si, { hidden: [7, 5] }), (() => { const d = diamond(5.5, 1); d.positions[0] += 0.2; d.positions[5] -= 0.1; return d; })()],
    ["Si/Ge, meanstd, sigmoid", () => randomModel(siGeFunctions(), ["Si", "Ge"], [rattledSiGe(1), rattledSiGe(2)], { method: ["meanstd", "meanstd"], activation: "sigmoid", seed: 4 }), rattledSiGe(13)],
    ["Si/Ge, PCA, tanh", () => randomModel(siGeFunctions(), ["Si", "Ge"], [rattledSiGe(1), rattledSiGe(2), rattledSiGe(3)], { pca: true, seed: 6 }), rattledSiGe(14)],
  ];
  for (const [name, make, s] of cases) {
    it(`ExportSimpleNN_ReadBackLikePairNn_SameAtomicEnergies (${name})`, () => {
      const model = make();
      const text = exportSimpleNN(model);
      const want = new Potential(model).calculate(s, { forces: false }).energies;
      const got = pairNnEnergies(text, model, s);
      got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 11));
      expect(text.split("\n")[0]).toBe(`ELEM_LIST ${model.elements.join(" ")}`);
    });
  }

  it("ExportSimpleNN_SymmetryLines_UseSimpleNNTypeNumbers", () => {
    const model = randomModel(siGeFunctions(), ["Si", "Ge"], [rattledSiGe(1)], { seed: 2 });
    const { nets } = readPotential(exportSimpleNN(model));
    const si = model.descriptors.filter((f) => f.centre === "Si");
    // n2p2 type 2 → 2 (Rc η Rs 0 nbr), 3 → 4 and 9 → 5 (Rc η ζ λ nbr1 nbr2), in aemap's column order.
    expect(nets.Si.sym.map((t) => t[0]).join("")).toBe(si.map((f) => ({ 2: "2", 3: "4", 9: "5" } as Record<number, string>)[f.type]).join(""));
    expect(nets.Si.sym[1].map(String)).toEqual(["2", "5.0000000000000000E+0", "2.9999999999999999E-1", "1.5000000000000000E+0", "0", "Ge"]);
    expect(nets.Si.sym[0].slice(5)).toEqual(["Si", "Ge"]);
  });

  it("ExportSimpleNN_Softplus_Refused", () => {
    const model = randomModel(defaultSiliconSet(), ["Si"], si, { activation: "softplus" });
    expect(() => exportSimpleNN(model, "m.json")).toThrow(/m\.json: network of Si uses softplus; .*tanh and sigmoid/);
  });
});

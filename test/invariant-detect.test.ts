import { describe, expect, it } from "vitest";
import { readStructures } from "../src/io/files-node.js";
import { detectInvariantPoints, pointsFromDataset } from "../src/invariant/detect.js";
import { generateInvariantPoints, parsePointsSpec } from "../src/invariant/points.js";
import { rattle, vacancy, supercell, crystal } from "../src/structure/generators.js";
import { Structure } from "../src/structure/structure.js";
import { diamond } from "./helpers/lattice.js";

const DATA = "data/si-mlearn";

describe("detection on si-mlearn", () => {
  it("finds exactly the 55 Elastic structures of training.json", () => {
    const ss = readStructures(`${DATA}/training.json`);
    const found = detectInvariantPoints(ss);
    const elastic = ss.map((s, i) => (s.info.group === "Elastic" ? i : -1)).filter((i) => i >= 0);
    expect(elastic.length).toBe(55);
    expect(found.map((f) => f.index)).toEqual(elastic);
    for (const f of found) expect(f.spread).toBeLessThan(1e-12);
  });

  it("finds exactly the 6 Elastic structures of test.json, with E/N as reference", () => {
    const ss = readStructures(`${DATA}/test.json`);
    const pts = pointsFromDataset(ss, { source: "test.json" });
    expect(pts.length).toBe(6);
    expect(pts.every((p) => p.family === "dataset:Elastic")).toBe(true);
    for (const p of pts) {
      expect(p.reference).toBe(p.structure.energy! / p.structure.length);
      expect(p.x).toBeCloseTo(Math.abs(p.structure.volume()) / 64, 12);
    }
  });
});

describe("detection on generated structures", () => {
  it("every generated invariant point passes, at the default spec", () => {
    const pts = generateInvariantPoints();
    // 7 lattices × 7 volumes + 2 strain modes × 7 + 3 clusters × 9 + isolated atom
    expect(pts.length).toBe(49 + 14 + 27 + 1);
    const found = detectInvariantPoints(pts.map((p) => p.structure));
    expect(found.length).toBe(pts.length);
  });

  it("rattled, vacancy and two-element structures fail; a sheared 64-atom diamond passes", () => {
    const d = diamond(5.431, 2);
    const sheared = d.copy({ cell: [10.862, 0.3, 0, 0, 10.862, 0, 0, 0, 10.862].map((x) => x), positions: d.positions });
    const cases = [
      rattle(d, 0.01, 3), vacancy(d, 5),
      new Structure({ symbols: ["Si", "C"], positions: [0, 0, 0, 1.35, 1.35, 1.35], cell: [0, 2.7, 2.7, 2.7, 0, 2.7, 2.7, 2.7, 0], pbc: true }),
      d, supercell(crystal("fcc", { a: 3.9 }), 2, 2, 2),
    ];
    // The sheared cell with unsheared positions is NOT a homogeneous strain: atoms differ.
    const found = detectInvariantPoints([...cases, sheared]).map((f) => f.index);
    expect(found).toEqual([3, 4]);
  });
});

describe("points spec", () => {
  it("parses names, groups and JSON; rejects unknown names with the accepted list", () => {
    expect(generateInvariantPoints(parsePointsSpec("diamond+dimer+isolated")).map((p) => p.family))
      .toEqual([...Array(7).fill("diamond"), ...Array(9).fill("dimer"), "isolated"]);
    const j = parsePointsSpec('{"lattices":["fcc"],"volumeSteps":3,"strainSteps":0,"clusters":[],"isolated":false}');
    const pts = generateInvariantPoints(j);
    expect(pts.map((p) => p.x)).toEqual([14.5 * 0.85, 14.5, 14.5 * 1.15].map((v) => expect.closeTo(v, 12)));
    for (const p of pts) expect(Math.abs(p.structure.volume()) / p.structure.length).toBeCloseTo(p.x, 10);
    expect(() => parsePointsSpec("diamond+foo")).toThrow(/unknown point family 'foo'.*lattices/);
    expect(() => parsePointsSpec('{"lattice":["fcc"]}', "pts.json")).toThrow(/pts\.json: at \.lattice: unknown key/);
    expect(() => parsePointsSpec('{"volumeSteps":"7"}')).toThrow(/volumeSteps: expected a number/);
    expect(() => parsePointsSpec('{"volumes":{"fcc":-1}}')).toThrow(/at \.volumes\.fcc: expected a volume per atom > 0/);
    expect(() => parsePointsSpec('{"elements":["Xx"]}')).toThrow(/at \.elements: expected a list of element symbols/);
    expect(() => parsePointsSpec('{"lattices":"fcc"}')).toThrow(/at \.lattices: expected a list/);
    expect(() => parsePointsSpec("{bad json")).toThrow(/--points:1: not valid JSON/);
  });

  it("cluster and strain geometry: bond lengths and strain as documented", () => {
    const pts = generateInvariantPoints(parsePointsSpec("tetrahedron+strain"));
    const t = pts.find((p) => p.family === "tetrahedron")!;
    const P = t.structure.positions;
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) {
      expect(Math.hypot(P[3 * i] - P[3 * j], P[3 * i + 1] - P[3 * j + 1], P[3 * i + 2] - P[3 * j + 2])).toBeCloseTo(t.x, 12);
    }
    const sxx = pts.filter((p) => p.family === "diamond-strain-xx");
    expect(sxx.map((p) => p.x)).toEqual([-0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03].map((v) => expect.closeTo(v, 15)));
    // volume scales by (1 + ε_xx) under uniaxial strain
    const v0 = Math.abs(sxx[3].structure.volume());
    expect(Math.abs(sxx[6].structure.volume()) / v0).toBeCloseTo(1.03, 12);
  });
});

// A tiny known-truth study (seconds to run) and a "wide" version of its report: the experiments
// of the paper study, every summary number as wide as the paper's widest ("-1261.0 ± 373.5"), so
// a layout check sees the report at its worst. Used by the report tests (Node and Chromium).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStudySpec } from "../../src/study/spec.js";
import { runStudy } from "../../src/study/runner.js";
import { NodeStudyIO, writeStudyOutput } from "../../src/study/io-node.js";
import type { StudyResults } from "../../src/study/results.js";
import type { Manifest } from "../../src/study/manifest.js";

const recipe = {
  description: "tiny vacancy cells", seed: 5,
  groups: [{ name: "vacancy-63-600K", kind: "md", temperature: 600, equilibrate: 20, frames: 2, interval: 10,
    structure: { lattice: "diamond", a: 5.431, supercell: [2, 2, 2], vacancy: 0 } }],
};
const spec = {
  name: "tiny", seeds: [3],
  training: { network: { hidden: [4] }, optimizer: { epochs: 6 } },
  datasets: { train: [{ recipe: "tiny-recipe.json" }], valid: [{ recipe: "tiny-recipe.json", seed: 6, frames: 1 }] },
  points: {
    scan: { lattices: ["diamond", "fcc"], volumes: { diamond: 20.024 }, volumeRange: 0.1, volumeSteps: 5, strainSteps: 0, clusters: [], isolated: true },
    a0: { lattices: ["diamond"], volumes: { diamond: 20.024 }, volumeRange: 0, volumeSteps: 1, strainSteps: 0, clusters: [], isolated: false },
  },
  experiments: [{ name: "vac", part: "known-truth", role: "fixed-ratio", defect: "vacancy", train: "train", valid: "valid", test: "valid",
    points: "scan", monitor: { points: "a0", every: 2 } }],
};

/** Run the tiny study; its results and manifest as written to disk. */
export function tinyStudy(): { results: StudyResults; manifest: Manifest; html: string } {
  const dir = mkdtempSync(join(tmpdir(), "aemap-tiny-study-"));
  try {
    writeFileSync(join(dir, "tiny-recipe.json"), JSON.stringify(recipe));
    const io = new NodeStudyIO(dir);
    const outcome = runStudy(parseStudySpec(JSON.stringify(spec), "tiny.json"), { io });
    const paths = writeStudyOutput(join(dir, "out"), outcome, io, new Date(0));
    return {
      results: JSON.parse(readFileSync(paths.results, "utf8")), manifest: JSON.parse(readFileSync(paths.manifest, "utf8")),
      html: readFileSync(paths.report, "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The tiny study's results as the paper's four known-truth experiments, every number at its widest. */
export function widen(results: StudyResults): StudyResults {
  const r = structuredClone(results);
  const base = r.experiments.find((e) => e.part === "known-truth")!;
  const names: [string, string][] = [["vacancy-fixed", "fixed-ratio"], ["vacancy-remedied", "remedied"], ["slab-fixed", "fixed-ratio"], ["slab-remedied", "remedied"]];
  const wide = names.map(([name, role]) => {
    const e = structuredClone(base);
    e.name = name; e.role = role;
    for (const k of Object.keys(e.summary)) e.summary[k] = { n: 3, mean: -1261.04, std: 373.5, min: -1634.5, max: -887.5 };
    return e;
  });
  r.experiments = [...wide, ...r.experiments.filter((e) => e.part !== "known-truth")];
  return r;
}

// The built-in study `aemap study paper`: the claims of Yoo, Lee, Jeong, Watanabe, Han, "Atomic
// energy mapping of neural network potential", Phys. Rev. Materials 3, 093802 (2019) (docs/science.md
// §1), tested on Si with the Stillinger–Weber teacher (known truth) and on the VASP-PBE
// si-mlearn data. The spec is plain data (the same format as a user's study file; see spec.ts and
// data/studies/paper.json, which holds a copy of the full version); `quick` shrinks data, network
// and iterations for smoke tests. The claims' texts and criteria are here; claims.ts computes the
// verdicts from the numbers.

/** One claim of the paper and the test applied to it. */
export interface ClaimText {
  id: string;
  claim: string;
  criterion: string;
}

export const CLAIMS: ClaimText[] = [
  {
    id: "adhoc-rmse",
    claim: "A network trained on a fixed-ratio set (one vacancy-cell size; slabs of one thickness) reaches a low total-energy RMSE, yet its atomic energies are wrong: the perfect crystal, an invariant point, is off.",
    criterion: "For each fixed-ratio experiment: mean over seeds of |E/N(diamond, a0) − teacher| > 3 × the mean test energy RMSE.",
  },
  {
    id: "derived",
    claim: "Quantities that combine structures with different ratios — the vacancy formation energy, the surface energy — come out wrong from a fixed-ratio set.",
    criterion: "For each fixed-ratio experiment: mean |E_f − teacher| (vacancy) or |γ − teacher| (surface, eV per surface atom) ≥ 0.1 eV and ≥ 2 × that of the remedied experiment for the same defect.",
  },
  {
    id: "seed",
    claim: "With a fixed ratio the split between environments is picked by accident of initialisation and optimiser path: it changes with the seed.",
    criterion: "Standard deviation over seeds of the diamond error at a0: fixed-ratio > 2 × remedied (same defect).",
  },
  {
    id: "remedy",
    claim: "Training sets that break the fixed ratios (several sizes and thicknesses, the perfect crystal, the isolated atom) restore the atomic energies.",
    criterion: "For each remedied experiment: mean |diamond error at a0| < 1/3 of its fixed-ratio counterpart's, and a smaller mean |E_f| or |γ| error.",
  },
  {
    id: "isolated",
    claim: "The isolated atom (all descriptors zero) is not reached by extrapolation: it must be trained or anchored.",
    criterion: "Known-truth experiments without the isolated atom in training: mean |error| > 500 meV; with it: < 50 meV.",
  },
  {
    id: "classes",
    claim: "Per-atom energies in a fixed-ratio set are shifted between classes of environments so that the totals still fit (gauge freedom): the defect or surface atoms take the opposite error of the bulk-like atoms, magnified by their smaller number.",
    criterion: "Fixed-ratio experiments, per seed on the test set: class mean errors (model − teacher, vertex split) of bulk-like (4-coordinated) and defect/surface atoms have opposite signs and |defect| > 3 × |bulk|, in at least 2/3 of the seeds.",
  },
  {
    id: "dft-heldout",
    claim: "On DFT data, atomic energies at invariant points absent from training (the Elastic cells of si-mlearn) are poorly predicted compared with a model trained on them; single-group training sets are worse.",
    criterion: "Invariant MAE at the Elastic structures (training + test files) of each held-out or single-group experiment > 3 × that of the all-groups experiment.",
  },
  {
    id: "monitor-flags",
    claim: "Monitoring the atomic energy at invariant points during training flags the ad hoc mapping while the energy RMSE does not.",
    criterion: "At the end of training the monitor's invariant error (perfect diamond at a0, teacher reference; src/invariant/monitor.ts) exceeds 3 × the training energy RMSE in ≥ 2/3 of fixed-ratio runs and ≤ 1/3 of remedied runs, while the fixed-ratio test RMSE is ≤ 2 × the remedied one (the RMSE alone does not single them out).",
  },
  {
    id: "monitor-select",
    claim: "Selecting the checkpoint by the invariant-point error gives better atomic energies than selecting it by the validation loss.",
    criterion: "Fixed-ratio runs: mean |E_f| or |γ| error of the invariant-selected model < 0.8 × that of the validation-selected model (> 1.25 × contradicts; between: inconclusive).",
  },
];

/** Training frames per temperature group etc. of the two sizes. */
interface Size {
  frames: number;
  validFrames: number;
  testFrames: number;
  hidden: number[];
  epochs: number;
  seeds: number[];
  dftSeeds: number[];
  every: number;
}

const FULL: Size = { frames: 8, validFrames: 3, testFrames: 3, hidden: [15, 15], epochs: 300, seeds: [1, 2, 3], dftSeeds: [1, 2, 3], every: 10 };
const QUICK: Size = { frames: 3, validFrames: 2, testFrames: 2, hidden: [8, 8], epochs: 60, seeds: [1, 2], dftSeeds: [1], every: 10 };

const A0 = 5.431;
const md = (name: string, temperature: number, structure: Record<string, unknown>) => ({
  name, kind: "md", temperature, equilibrate: 300, frames: 8, interval: 50, structure: { lattice: "diamond", a: A0, ...structure },
});
const slab = (layers: number) => ({ slab: { miller: [1, 0, 0], layers, vacuum: 10, repeat: [2, 2] } });
const perfect = { name: "perfect-crystal", kind: "static", structure: { lattice: "diamond", a: A0 } };
const isolated = { name: "isolated-atom", kind: "static", structure: { cluster: "atom" } };

/** Teacher recipes (src/teacher/recipe.ts) of the four known-truth training sets. */
const RECIPES = {
  "vacancy-fixed": {
    description: "63-atom vacancy cells only: one vacancy per 63 atoms in every frame (fixed ratio).", seed: 63,
    groups: [md("vacancy-63-300K", 300, { supercell: [2, 2, 2], vacancy: 0 }), md("vacancy-63-600K", 600, { supercell: [2, 2, 2], vacancy: 0 }),
      md("vacancy-63-1200K", 1200, { supercell: [2, 2, 2], vacancy: 0 })],
  },
  "slab-fixed": {
    description: "8-layer (100) slabs only: 2 surface layers per 8 in every frame (fixed ratio).", seed: 8,
    groups: [md("slab-100-8L-300K", 300, slab(8)), md("slab-100-8L-600K", 600, slab(8)), md("slab-100-8L-1200K", 1200, slab(8))],
  },
  "vacancy-remedied": {
    description: "Vacancy cells of two sizes (63, 215 atoms), bulk MD, the perfect crystal and the isolated atom.", seed: 64,
    groups: [md("vacancy-63-600K", 600, { supercell: [2, 2, 2], vacancy: 0 }), md("vacancy-63-1200K", 1200, { supercell: [2, 2, 2], vacancy: 0 }),
      md("vacancy-215-1200K", 1200, { supercell: [3, 3, 3], vacancy: 0 }), md("bulk-64-600K", 600, { supercell: [2, 2, 2] }), perfect, isolated],
  },
  "slab-remedied": {
    description: "(100) slabs of 4, 8 and 12 layers, bulk MD, the perfect crystal and the isolated atom.", seed: 9,
    groups: [md("slab-100-4L-600K", 600, slab(4)), md("slab-100-8L-600K", 600, slab(8)), md("slab-100-12L-600K", 600, slab(12)),
      md("bulk-64-600K", 600, { supercell: [2, 2, 2] }), perfect, isolated],
  },
};

/** The paper study as a raw spec object (check it with checkStudySpec). */
export function paperSpec(quick = false): Record<string, unknown> {
  const z = quick ? QUICK : FULL;
  const datasets: Record<string, unknown> = {};
  for (const [name, recipe] of Object.entries(RECIPES)) {
    datasets[name] = [{ recipe, frames: z.frames }];
    datasets[`${name}-valid`] = [{ recipe, seed: recipe.seed + 1000, frames: z.validFrames }];
    datasets[`${name}-test`] = [{ recipe, seed: recipe.seed + 2000, frames: z.testFrames }];
  }
  const mlearn = "data/si-mlearn/training.json", mlearnTest = "data/si-mlearn/test.json";
  Object.assign(datasets, {
    "dft-all": [{ file: mlearn }],
    "dft-no-elastic": [{ file: mlearn, excludeGroups: ["Elastic"] }],
    "dft-aimd": [{ file: mlearn, groups: ["AIMD-NVT"] }],
    "dft-vacancy": [{ file: mlearn, groups: ["Vacancy"] }],
    "dft-test": [{ file: mlearnTest }],
    "dft-elastic": [{ file: mlearn, groups: ["Elastic"] }, { file: mlearnTest, groups: ["Elastic"] }],
  });
  const kt = (name: string, role: string, defect: string, label: string) => ({
    name, part: "known-truth", role, defect, label, train: name, valid: `${name}-valid`, test: `${name}-test`,
    points: "lattices", monitor: { points: "a0", every: z.every, ratio: 3 },
  });
  const dft = (name: string, role: string, train: string, label: string) => ({
    name, part: "dft", role, label, train, test: "dft-test", seeds: z.dftSeeds, points: "isolated", invariantFrom: ["dft-elastic"],
  });
  return {
    name: quick ? "paper-quick" : "paper",
    description: "Atomic energy mapping of neural network potentials (Yoo et al., Phys. Rev. Materials 3, 093802 (2019)) reproduced on Si: "
      + "known truth from the Stillinger–Weber teacher, then VASP-PBE data (si-mlearn)." + (quick ? " Quick version: smaller data, network and iteration count; for smoke tests, not for conclusions." : ""),
    seeds: z.seeds,
    training: { network: { hidden: z.hidden }, optimizer: { type: "lbfgs", epochs: z.epochs }, loss: { forceCoeff: 0.01 } },
    datasets,
    points: {
      lattices: { lattices: ["diamond", "beta-Sn", "sc", "bcc", "fcc", "hcp", "sh"], volumes: { diamond: 20.024 }, volumeRange: 0.1, volumeSteps: 5, strainSteps: 0, clusters: [], isolated: true },
      a0: { lattices: ["diamond"], volumes: { diamond: 20.024 }, volumeRange: 0, volumeSteps: 1, strainSteps: 0, clusters: [], isolated: false },
      isolated: { lattices: [], strainSteps: 0, clusters: [], isolated: true },
    },
    experiments: [
      kt("vacancy-fixed", "fixed-ratio", "vacancy", "63-atom vacancy cells only"),
      kt("vacancy-remedied", "remedied", "vacancy", "63 + 215-atom vacancy cells, bulk, perfect crystal, isolated atom"),
      kt("slab-fixed", "fixed-ratio", "surface", "8-layer (100) slabs only"),
      kt("slab-remedied", "remedied", "surface", "4/8/12-layer slabs, bulk, perfect crystal, isolated atom"),
      dft("dft-all", "all-groups", "dft-all", "all groups"),
      dft("dft-no-elastic", "held-out", "dft-no-elastic", "without Elastic"),
      dft("dft-aimd", "single-group", "dft-aimd", "AIMD-NVT only"),
      dft("dft-vacancy", "single-group", "dft-vacancy", "Vacancy only"),
    ],
  };
}

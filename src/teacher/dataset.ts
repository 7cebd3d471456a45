// Dataset builder: turns a recipe (recipe.ts) into structures labelled by its SW teacher (the
// recipe's "teacher": the Si default, a built-in set or a LAMMPS .sw file; MD, relaxation and
// labels all use it).
//
// Every frame gets: energy (eV), forces (eV/Å), stress (eV/Å³, 3-D periodic cells only),
// per-atom arrays `atomic_energy_vertex` and `atomic_energy_lammps` (eV; the two splits of
// docs/science.md §2), and info.group = the group name. Labels are a fresh teacher evaluation of
// the saved positions, so MD frames carry the potential's own forces, never thermostat forces.
// Seeds: each group draws from deriveSeed(recipe seed, group name), so adding or reordering
// groups does not change the others.
import type { Structure } from "../structure/structure.js";
import {
  anyCrystal, dimer, elementVacancy, isolatedAtom, rattle, strain, supercell, tetrahedron, triangle, vacancy, volumeScan,
} from "../structure/generators.js";
import { slab } from "../structure/slab.js";
import { createRandom, deriveSeed } from "../util/random.js";
import { MolecularDynamics } from "../dynamics/md.js";
import { meltQuench } from "./melt-quench.js";
import type { Group, MdGroup, MeltQuenchGroup, Recipe, StructureSpec } from "./recipe.js";
import { relax } from "../dynamics/relax.js";
import { StillingerWeber } from "./stillinger-weber.js";
import { swPotentialFromSpec } from "./sw-builtin.js";
import type { SwPotential } from "./sw-parameters.js";

export interface Progress {
  group: string;
  /** Frames done in this group / in it. */
  groupDone: number;
  groupTotal: number;
  /** Frames done overall / overall. */
  done: number;
  total: number;
}

export interface BuildOptions {
  /** Overrides the recipe's seed. */
  seed?: number;
  onProgress?: (p: Progress) => void;
  /** Reads a teacher file named by the recipe ("sw:FILE"); built-in teachers need none. */
  readText?: (path: string) => string;
}

const siTeacher = new StillingerWeber({ split: "vertex" });

/**
 * Label a structure with an SW teacher (default: the Si one) — a new Structure; the input is
 * untouched. info.teacher is "sw" for Si, "sw:<potential name>" otherwise.
 */
export function labelWithTeacher(s: Structure, group?: string, teacher: StillingerWeber = siTeacher): Structure {
  const r = teacher.calculate(s);
  const name = teacher.potential.name === "Si" ? "sw" : `sw:${teacher.potential.name}`;
  return s.copy({
    energy: r.energy, forces: r.forces, stress: r.stress,
    arrays: {
      ...s.arrays,
      atomic_energy_vertex: { type: "R", width: 1, values: r.energiesVertex },
      atomic_energy_lammps: { type: "R", width: 1, values: r.energiesLammps },
    },
    info: { ...s.info, ...(group !== undefined ? { group } : {}), teacher: name },
  });
}

/** The potential a recipe's teacher spec names. */
export function recipeTeacher(recipe: Recipe, readText?: (path: string) => string): SwPotential {
  const name = recipe.teacher === "sw" ? "Si" : recipe.teacher.slice(3);
  return swPotentialFromSpec(name, readText ?? (() => {
    throw new Error("no file reader was given: BuildOptions.readText");
  }));
}

/** The unlabelled structure a spec describes; `seed` drives its rattle; `potential` relaxes it. */
export function buildStructure(spec: StructureSpec, seed: number, bond = spec.bond, potential?: SwPotential): Structure {
  let s: Structure;
  if (spec.cluster) {
    const el = spec.elements ?? ["Si"];
    s = spec.cluster === "atom" ? isolatedAtom(el[0]) : spec.cluster === "dimer" ? dimer(bond, el[0]) : spec.cluster === "triangle" ? triangle(bond, el[0]) : tetrahedron(bond, el[0]);
    // Any assignment of elements to a dimer, triangle or tetrahedron keeps like atoms equivalent.
    if (el.length > 1) s = s.copy({ symbols: el, info: { ...s.info, invariant: new Set(el).size === 1, element_equivalent: true } });
  } else {
    s = anyCrystal(spec.lattice!, { a: spec.a, volumePerAtom: spec.volumePerAtom, cOverA: spec.cOverA, u: spec.u, primitive: spec.primitive }, spec.elements);
    if (spec.slab) s = slab(s, spec.slab.miller, spec.slab);
  }
  const [n1, n2, n3] = spec.supercell;
  if (n1 * n2 * n3 > 1) s = supercell(s, n1, n2, n3);
  for (const i of [...spec.vacancy].sort((a, b) => b - a)) s = vacancy(s, i);
  for (const el of spec.vacancyElements) s = elementVacancy(s, el);
  if (spec.strain) s = strain(s, spec.strain);
  if (spec.relax) s = relax(s, { potential }).structure;
  if (spec.rattle > 0) s = rattle(s, spec.rattle, seed);
  return s;
}

/** Build and label every group of a recipe. */
export function buildDataset(recipe: Recipe, options: BuildOptions = {}): Structure[] {
  const seed = options.seed ?? recipe.seed;
  const potential = recipeTeacher(recipe, options.readText);
  const teacher = recipe.teacher === "sw" ? siTeacher : new StillingerWeber({ potential });
  const total = recipe.groups.reduce((n, g) => n + g.frames, 0);
  const out: Structure[] = [];
  for (const g of recipe.groups) {
    let groupDone = 0;
    const emit = (s: Structure) => {
      out.push(labelWithTeacher(s, g.name, teacher));
      groupDone++;
      options.onProgress?.({ group: g.name, groupDone, groupTotal: g.frames, done: out.length, total });
    };
    buildGroup(g, deriveSeed(seed, g.name), emit, potential);
  }
  return out;
}

function buildGroup(g: Group, seed: number, emit: (s: Structure) => void, potential: SwPotential): void {
  switch (g.kind) {
    case "static":
      for (let f = 0; f < g.frames; f++) emit(buildStructure(g.structure, deriveSeed(seed, f), g.structure.bond, potential));
      return;
    case "scan": {
      const sp = g.structure;
      for (const [f, c] of volumeScan(sp.lattice!, g.volumes, { cOverA: sp.cOverA, u: sp.u, primitive: sp.primitive }, sp.elements).entries()) {
        const [n1, n2, n3] = sp.supercell;
        let s = n1 * n2 * n3 > 1 ? supercell(c, n1, n2, n3) : c;
        if (sp.rattle > 0) s = rattle(s, sp.rattle, deriveSeed(seed, f));
        emit(s);
      }
      return;
    }
    case "strain": {
      const base = buildStructure({ ...g.structure, rattle: 0 }, seed, g.structure.bond, potential);
      const r = createRandom(seed);
      for (let f = 0; f < g.frames; f++) {
        // Symmetric strain, every independent component uniform in ±amplitude.
        const e = new Array(9).fill(0);
        for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++) e[3 * a + b] = e[3 * b + a] = g.amplitude * (2 * r.uniform() - 1);
        let s = strain(base, e);
        if (g.structure.rattle > 0) s = rattle(s, g.structure.rattle, deriveSeed(seed, f));
        emit(s);
      }
      return;
    }
    case "clusters":
      for (let f = 0; f < g.frames; f++) {
        const { min, max, count } = g.bonds;
        emit(buildStructure(g.structure, deriveSeed(seed, f), count === 1 ? min : min + ((max - min) * f) / (count - 1), potential));
      }
      return;
    case "md":
      sampleMd(buildStructure(g.structure, seed, g.structure.bond, potential), g, g.ensemble, g.equilibrate, seed, emit, potential);
      return;
    case "melt-quench": {
      const a = meltQuench(buildStructure(g.structure, seed, g.structure.bond, potential), {
        seed: deriveSeed(seed, "quench"), meltTemperature: g.meltTemperature, meltSteps: g.meltSteps, quenchSteps: g.quenchSteps,
        annealSteps: g.annealSteps, finalTemperature: g.temperature, dt: g.dt, friction: g.friction, potential,
      });
      sampleMd(a, g, "langevin", 0, seed, emit, potential);
    }
  }
}

/**
 * MD from `start` at the group's temperature: velocities drawn, `equilibrate` steps, then a
 * snapshot every `interval` steps, `frames` of them.
 */
function sampleMd(start: Structure, g: MdGroup | MeltQuenchGroup, ensemble: "langevin" | "nve", equilibrate: number, seed: number,
  emit: (s: Structure) => void, potential: SwPotential): void {
  const md = new MolecularDynamics(start, { dt: g.dt, ensemble, temperature: g.temperature, friction: g.friction, seed: deriveSeed(seed, "noise"), potential });
  try {
    md.setTemperature(g.temperature, deriveSeed(seed, "velocities"));
    md.run(equilibrate);
    for (let f = 0; f < g.frames; f++) {
      md.run(g.interval);
      emit(md.snapshot());
    }
  } finally {
    md.free();
  }
}

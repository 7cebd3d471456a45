// Training-set advisor: before any training, find kinds of atomic environment (and elements)
// whose counts stay in a fixed ratio across all structures. Their atomic energies cannot be told
// apart from total energies, so a network fitted to such a set picks an ad hoc split
// (docs/science.md §1): its energy of any structure with another ratio — the perfect crystal, another
// supercell size, a thicker slab, a formation energy — is then unreliable.
//
// Steps: classify every atom (classes.ts; coordination numbers by default, descriptor clusters
// on request; rare classes merged) → count matrix (structures × classes) → fixed-ratio relations
// (counts.ts), (1) exactly, structure by structure, and (2) between systems (systems.ts: MD
// snapshots of one cell repeat its defect or surface, but thermal noise blurs the per-structure
// counts, so their means are compared) → sentences. The same for the element counts (single
// stoichiometry: per-element energy offsets undetermined).
import type { Structure } from "../structure/structure.js";
import type { SymmetryFunction } from "../descriptors/types.js";
import { classifyByClusters, classifyByCoordination, countMatrix, mergeRareClasses, COORDINATION_RADIUS, type Classification, type EnvironmentClass } from "./classes.js";
import { analyseCounts, type CountRelation } from "./counts.js";
import { groupSystems } from "./systems.js";

export interface AdvisorOptions {
  /** How to group environments: coordination numbers (default; robust to thermal noise) or descriptor clusters (finer). */
  classes?: "cluster" | "coordination";
  /** Cluster threshold (RMS relative change per descriptor feature, see classes.ts). Default 0.1. */
  threshold?: number;
  /** Coordination radius (Å). Default 2.8. */
  radius?: number;
  /** Relative tolerance for "nearly" fixed ratios (σ/σ_max). Default 1e-3. */
  tolerance?: number;
  /** Classes with fewer than this share of their element's atoms (or seen in one structure) are merged into one "rare" class. Default 0.005. */
  minShare?: number;
  /** Descriptor set for clustering (default: the Si set per element). */
  functions?: SymmetryFunction[];
}

export interface AdviceFinding {
  /** "warning": a fixed ratio involving the most common environment of an element (bulk-like),
   *  so energies of structures with other ratios are affected; "note": a split among less common
   *  environments only (e.g. first and second neighbours of the same defect). */
  severity: "warning" | "note";
  kind: "class-ratio" | "composition" | "few-structures";
  message: string;
  relation?: CountRelation;
}

export interface Advice {
  structures: number;
  atoms: number;
  method: Classification["method"];
  classes: EnvironmentClass[];
  /** counts[s][c]: atoms of class c in structure s. */
  counts: number[][];
  elements: string[];
  /** composition[s][e]: atoms of elements[e] in structure s. */
  composition: number[][];
  findings: AdviceFinding[];
}

/** Ratio numbers as text: integers stay integers, others get 3 significant digits. */
function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(3)));
}

function className(c: EnvironmentClass): string {
  return `class ${c.id} (${c.label})`;
}

function list(names: string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Is class c the most common class of its element (the bulk-like one)? */
function isMajor(classes: EnvironmentClass[], c: number): boolean {
  const el = classes[c].element;
  return classes.filter((k) => k.element === el).every((k) => k.atoms <= classes[c].atoms);
}

const REMEDY = "add structures in which they occur in other ratios (other supercell sizes or slab thicknesses, the perfect crystal)";

/** `thermal`: the relation holds between system means (see systems.ts), not structure by structure. */
function classFinding(r: CountRelation, classes: EnvironmentClass[], nStructures: number, thermal?: string): AdviceFinding {
  const major = r.classes.some((c) => isMajor(classes, c));
  const everywhere = thermal ?? (r.structures === nStructures ? "in every structure" : `in every structure that has them (${r.structures} of ${nStructures})`);
  const consequence = major
    ? "so their atomic energies are not separately determined (an ad hoc split moves the energy of the perfect crystal)"
    : "so the split of energy between them is not determined (harmless for structures with the same ratio, not for others)";
  let message: string;
  if (r.kind === "proportional" && r.classes.length > 4) {
    const labels = [...new Set(r.classes.map((c) => classes[c].label))];
    const top = r.classes.map((c, k) => ({ c, n: r.ratio![k] })).sort((a, b) => b.n - a.n).slice(0, 3);
    message = `the ${r.classes.length} classes ${r.classes.map((c) => classes[c].id).join(", ")} (${labels.join("; ")}) occur in fixed proportions ${everywhere} (largest: ${top.map((t) => `class ${classes[t.c].id} ${fmt(t.n)}`).join(", ")} per structure), ${consequence}; ${REMEDY}.`;
  } else if (r.kind === "proportional") {
    const names = r.classes.map((c) => className(classes[c]));
    message = `${list(names)} occur ${r.ratio!.map(fmt).join(" : ")} ${everywhere}, ${consequence}; ${REMEDY}.`;
  } else if (r.sideCounts) {
    const side = (e: { cls: number }[]) => {
      if (e.length === 1) return className(classes[e[0].cls]);
      const labels = [...new Set(e.map((x) => classes[x.cls].label))];
      return `classes ${list(e.map((x) => String(classes[x.cls].id)))} together (${labels.join("; ")})`;
    };
    message = `${side(r.positive!)} and ${side(r.negative!)} occur ${fmt(r.sideCounts[0])} : ${fmt(r.sideCounts[1])} ${everywhere}, ${consequence}; ${REMEDY}.`;
  } else if (r.classes.length > 8) {
    message = `the counts of ${r.classes.length} classes (${r.classes.map((c) => classes[c].id).join(", ")}) obey one linear relation ${everywhere}, so one combination of their energies is not determined; ${REMEDY}.`;
  } else {
    const term = (e: { cls: number; weight: number }) => `${fmt(e.weight)}·n(${classes[e.cls].id})`;
    message = `the counts obey ${r.positive!.map(term).join(" + ")} = ${r.negative!.map(term).join(" + ")} ${everywhere} (classes ${list(r.classes.map((c) => className(classes[c])))}), so one combination of their energies is not determined; ${REMEDY}.`;
  }
  message = message[0].toUpperCase() + message.slice(1);
  return { severity: major ? "warning" : "note", kind: "class-ratio", message, relation: r };
}

function compositionFindings(elements: string[], composition: number[][], tol: number): AdviceFinding[] {
  if (elements.length < 2) return [];
  return analyseCounts(composition, { tolerance: tol, minStructures: 1 }).map((r) => {
    const els = r.classes.map((e) => elements[e]);
    let ratio: string;
    if (r.kind === "proportional") {
      const lo = Math.min(...r.ratio!);
      ratio = `${els.join(" : ")} = ${r.ratio!.map((x) => fmt(x / lo)).join(" : ")}`;
    } else {
      ratio = `${r.positive!.map((e) => elements[e.cls]).join(" + ")} against ${r.negative!.map((e) => elements[e.cls]).join(" + ")}`;
    }
    const offsets = els.length === 2 ? ` (ε_${els[0]} + c, ε_${els[1]} − c·x_${els[0]}/x_${els[1]} fits every total)` : "";
    return {
      severity: "warning" as const, kind: "composition" as const, relation: r,
      message: `Every structure has the composition ratio ${ratio}, so per-element energy offsets are not determined${offsets}; add elemental references (isolated atoms, elemental crystals) or other compositions.`,
    };
  });
}

/**
 * The same analysis between systems (same cell, same atoms; systems.ts), on each system's mean
 * class counts: snapshots of one MD run carry the same defect or surface in every frame, but thermal
 * noise makes the per-structure counts wobble, hiding the fixed ratio from the exact analysis.
 * Classes with a mean below 0.5 atoms per structure in every system are left out (thermal defects).
 */
function systemFindings(structures: Structure[], counts: number[][], classes: EnvironmentClass[], exact: CountRelation[]): AdviceFinding[] {
  const systems = groupSystems(structures);
  if (systems.length === structures.length) return [];
  const mean = systems.map((g) => classes.map((_, c) => g.members.reduce((a, s) => a + counts[s][c], 0) / g.members.length));
  for (let c = 0; c < classes.length; c++) {
    if (mean.every((row) => row[c] < 0.5)) for (const row of mean) row[c] = 0;
  }
  const K = classes.filter((_, c) => mean.some((row) => row[c] > 0)).length;
  if (K < 2) return [];
  const seen = new Set(exact.map((r) => [...r.classes].sort((a, b) => a - b).join(",")));
  const where = systems.length === 1
    ? `in every structure up to thermal noise (all ${structures.length} structures are one system: ${systems[0].label})`
    : `in every system up to thermal noise (means over the structures of each of ${systems.length} systems)`;
  const out: AdviceFinding[] = [];
  // Proportional groups only: with system means, near-null linear combinations of many classes
  // are mostly temperature correlations, not fixed ratios. A class must occur in two systems
  // (unless there is only one), or it is trivially "proportional" to its system's other classes.
  for (const r of analyseCounts(mean, { tolerance: 0.05, minStructures: systems.length === 1 ? 1 : 2 })) {
    if (r.kind === "linear") continue;
    if (seen.has([...r.classes].sort((a, b) => a - b).join(","))) continue;
    out.push(classFinding(r, classes, structures.length, where));
  }
  if (systems.length > 1 && systems.length < K) {
    out.push({
      severity: "warning", kind: "few-structures",
      message: `The ${structures.length} structures are only ${systems.length} distinct systems (${systems.map((g) => `${g.label}: ${g.members.length}`).join("; ")}) for ${K} environment classes: thermal snapshots of one cell repeat its class ratios, so totals cannot fix one energy per class; ${REMEDY}.`,
    });
  }
  return out;
}

/** One structure fixes every ratio: its total is one number, whatever the number of classes. */
function singleStructureFinding(classes: EnvironmentClass[], elements: string[]): AdviceFinding {
  if (classes.length === 1) {
    return {
      severity: "warning", kind: "few-structures",
      message: `Only one structure, with one environment class (${classes[0].label}): its total energy fixes that class's atomic energy (E/N) and nothing else; add structures with other environments.`,
    };
  }
  const what = `${classes.length} environment classes${elements.length > 1 ? ` and ${elements.length} elements` : ""}`;
  return {
    severity: "warning", kind: "few-structures",
    message: `Only one structure: it fixes every ratio of its ${what}, so its total energy (one number) determines none of their atomic energies; any split that adds up to the total fits equally well. ${REMEDY[0].toUpperCase()}${REMEDY.slice(1)}.`,
  };
}

/** Analyse a training set. */
export function adviseTrainingSet(structures: Structure[], options: AdvisorOptions = {}): Advice {
  if (structures.length === 0) throw new Error("advisor: no structures given");
  const tol = options.tolerance ?? 1e-3;
  const S = structures.length;
  // With one structure every class is "seen in one structure": merge only by share.
  const classification = mergeRareClasses((options.classes ?? "coordination") === "coordination"
    ? classifyByCoordination(structures, options.radius ?? COORDINATION_RADIUS)
    : classifyByClusters(structures, { threshold: options.threshold, radius: options.radius, functions: options.functions }), options.minShare ?? 0.005, S === 1 ? 1 : 2);
  const counts = countMatrix(classification);
  const elements = [...new Set(structures.flatMap((s) => s.symbols))].sort();
  const composition = structures.map((s) => elements.map((e) => s.symbols.filter((x) => x === e).length));

  const findings: AdviceFinding[] = [];
  if (S === 1) findings.push(singleStructureFinding(classification.classes, elements));
  findings.push(...compositionFindings(elements, composition, tol));
  const kept = classification.classes.filter((c) => c.structures >= 2).length;
  const relations = analyseCounts(counts, { tolerance: tol });
  for (const r of relations) {
    // With fewer structures than classes, the linear relations are a mere count of unknowns.
    if (r.kind === "linear" && S < kept) continue;
    findings.push(classFinding(r, classification.classes, S));
  }
  if (S < kept) {
    findings.push({
      severity: "note", kind: "few-structures",
      message: `Only ${S} structures for ${kept} recurring environment classes: totals alone cannot fix one energy per class; add structures.`,
    });
  }
  findings.push(...systemFindings(structures, counts, classification.classes, relations));
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "warning" ? -1 : 1));
  return {
    structures: S, atoms: structures.reduce((a, s) => a + s.length, 0), method: classification.method,
    classes: classification.classes, counts, elements, composition, findings,
  };
}

/** Human-readable report: class table, then findings. */
export function formatAdvice(a: Advice): string {
  const lines: string[] = [];
  lines.push(`${a.structures} structures, ${a.atoms} atoms, elements ${a.elements.join(" ")}; environment classes by ${a.method === "cluster" ? "descriptor clustering" : "coordination number"}:`);
  const lw = Math.max(5, ...a.classes.map((c) => c.label.length));
  lines.push(`  class  ${"label".padEnd(lw)}   atoms  structures  per structure (where present)`);
  a.classes.forEach((c, k) => {
    const per = a.counts.map((row) => row[k]).filter((x) => x > 0);
    const lo = Math.min(...per), hi = Math.max(...per);
    lines.push(`  ${String(c.id).padStart(5)}  ${c.label.padEnd(lw)} ${String(c.atoms).padStart(7)}  ${String(c.structures).padStart(10)}  ${lo === hi ? lo : `${lo}–${hi}`}`);
  });
  lines.push("");
  if (a.findings.length === 0) {
    lines.push("No fixed ratios found: the class counts vary across structures (and systems), so total energies can separate the environment energies.");
  }
  for (const f of a.findings) lines.push(`${f.severity === "warning" ? "WARNING" : "note"}: ${f.message}`);
  if (a.findings.some((f) => f.kind === "class-ratio")) {
    lines.push("");
    lines.push("(Total energies fix only Σ n_c ε_c per structure: environments that always come in the same ratio can trade energy freely, docs/science.md §1.)");
  }
  return lines.join("\n") + "\n";
}

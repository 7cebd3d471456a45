// Verdicts on the paper's claims (texts and criteria in paper.ts), computed from the measured
// numbers with the stated criterion, never written by hand. Each check picks experiments by their
// role ("fixed-ratio", "remedied", "all-groups", "held-out", "single-group"); a claim the spec has
// no experiments for is "not tested".
//
// Verdicts: supported (criterion met by every experiment it applies to), contradicted (met by
// none), mixed (met by some), inconclusive (numbers too close to call, where a criterion says so),
// not tested.
import type { ExperimentRecord, RunRecord, StudyResults } from "./results.js";
import { CLAIMS } from "./paper.js";
import { fixed } from "../report/format.js";

export type Verdict = "supported" | "contradicted" | "mixed" | "inconclusive" | "not tested";

export interface ClaimResult {
  id: string;
  claim: string;
  criterion: string;
  /** The numbers behind the verdict, one line each. */
  measured: string[];
  verdict: Verdict;
}

type Ctx = Pick<StudyResults, "experiments" | "teacher">;

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
const sd = (v: number[]) => {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
};
const f1 = (x: number) => fixed(x, 1);
const f3 = (x: number) => fixed(x, 3);
const finite = (v: (number | null | undefined)[]) => v.filter((x): x is number => typeof x === "number" && Number.isFinite(x));

/** Per-run numbers. */
const diamondErr = (r: RunRecord, c: Ctx) => (r.derived && c.teacher ? 1000 * (r.derived.diamondPerAtom - c.teacher.diamondPerAtom) : NaN);
const testRmse = (r: RunRecord) => r.test?.energyRmseMeV ?? r.valid?.energyRmseMeV ?? r.train.energyRmseMeV;
function derivedErr(r: RunRecord | { derived?: RunRecord["derived"] }, e: ExperimentRecord, c: Ctx): number {
  if (!r.derived || !c.teacher || !e.defect) return NaN;
  return e.defect === "vacancy" ? r.derived.vacancyFormation - c.teacher.vacancyFormation : r.derived.surfacePerAtom - c.teacher.surfacePerAtom;
}
const derivedName = (e: ExperimentRecord) => (e.defect === "vacancy" ? "E_f" : "γ(100)");

function byRole(c: Ctx, role: string, part?: string): ExperimentRecord[] {
  return c.experiments.filter((e) => e.role === role && (!part || e.part === part));
}

/** The remedied experiment for the same defect as a fixed-ratio one. */
function partner(c: Ctx, e: ExperimentRecord): ExperimentRecord | undefined {
  return byRole(c, "remedied", "known-truth").find((r) => r.defect === e.defect);
}

/** supported / contradicted / mixed from a list of pass flags. */
function tally(passes: boolean[]): Verdict {
  if (passes.length === 0) return "not tested";
  if (passes.every(Boolean)) return "supported";
  if (!passes.some(Boolean)) return "contradicted";
  return "mixed";
}

type Check = (c: Ctx) => { measured: string[]; verdict: Verdict };

const CHECKS: Record<string, Check> = {
  "adhoc-rmse": (c) => {
    const m: string[] = [], pass: boolean[] = [];
    for (const e of byRole(c, "fixed-ratio", "known-truth")) {
      const d = mean(finite(e.runs.map((r) => Math.abs(diamondErr(r, c)))));
      const t = mean(e.runs.map(testRmse));
      const ok = d > 3 * t;
      pass.push(ok);
      m.push(`${e.name}: test energy RMSE ${f1(t)} meV/atom; |diamond E/N error at a0| ${f1(d)} meV/atom (${f1(d / t)}× the RMSE) → ${ok ? "met" : "not met"}`);
    }
    return { measured: m, verdict: tally(pass) };
  },
  derived: (c) => {
    const m: string[] = [], pass: boolean[] = [];
    for (const e of byRole(c, "fixed-ratio", "known-truth")) {
      const p = partner(c, e);
      const fe = mean(finite(e.runs.map((r) => Math.abs(derivedErr(r, e, c)))));
      const pe = p ? mean(finite(p.runs.map((r) => Math.abs(derivedErr(r, p, c))))) : NaN;
      const ok = fe >= 0.1 && (!p || fe >= 2 * pe);
      pass.push(ok);
      m.push(`${e.name}: |${derivedName(e)} error| ${f3(fe)} eV` + (p ? `; ${p.name}: ${f3(pe)} eV` : "") + ` → ${ok ? "met" : "not met"}`);
    }
    return { measured: m, verdict: tally(pass) };
  },
  seed: (c) => {
    const m: string[] = [], pass: boolean[] = [];
    for (const e of byRole(c, "fixed-ratio", "known-truth")) {
      const p = partner(c, e);
      if (e.runs.length < 2 || !p || p.runs.length < 2) continue;
      const fs = sd(finite(e.runs.map((r) => diamondErr(r, c)))), ps = sd(finite(p.runs.map((r) => diamondErr(r, c))));
      const ok = fs > 2 * ps;
      pass.push(ok);
      m.push(`${e.name}: std over ${e.runs.length} seeds of the diamond error ${f1(fs)} meV/atom; ${p.name}: ${f1(ps)} meV/atom → ${ok ? "met" : "not met"}`);
    }
    return { measured: m, verdict: tally(pass) };
  },
  remedy: (c) => {
    const m: string[] = [], pass: boolean[] = [];
    for (const p of byRole(c, "remedied", "known-truth")) {
      const f = byRole(c, "fixed-ratio", "known-truth").find((x) => x.defect === p.defect);
      const pd = mean(finite(p.runs.map((r) => Math.abs(diamondErr(r, c)))));
      const fd = f ? mean(finite(f.runs.map((r) => Math.abs(diamondErr(r, c))))) : NaN;
      const pe = mean(finite(p.runs.map((r) => Math.abs(derivedErr(r, p, c)))));
      const fe = f ? mean(finite(f.runs.map((r) => Math.abs(derivedErr(r, f, c))))) : NaN;
      if (!f) continue;
      const ok = pd < fd / 3 && pe < fe;
      pass.push(ok);
      m.push(`${p.name} vs ${f.name}: |diamond error| ${f1(pd)} vs ${f1(fd)} meV/atom; |${derivedName(p)} error| ${f3(pe)} vs ${f3(fe)} eV → ${ok ? "met" : "not met"}`);
    }
    return { measured: m, verdict: tally(pass) };
  },
  isolated: (c) => {
    const m: string[] = [], pass: boolean[] = [];
    for (const e of c.experiments.filter((x) => x.part === "known-truth")) {
      const v = mean(finite(e.runs.map((r) => Math.abs(r.invariant?.points.find((p) => p.family === "isolated")?.errorMeV ?? NaN))));
      if (!Number.isFinite(v)) continue;
      const trained = (e.datasets.train.groups["isolated-atom"] ?? 0) > 0;
      const ok = trained ? v < 50 : v > 500;
      pass.push(ok);
      m.push(`${e.name} (isolated atom ${trained ? "in" : "not in"} training): |error| ${f1(v)} meV → ${ok ? "met" : "not met"} (${trained ? "< 50" : "> 500"} meV)`);
    }
    return { measured: m, verdict: tally(pass) };
  },
  classes: (c) => {
    const m: string[] = [], pass: boolean[] = [];
    for (const e of byRole(c, "fixed-ratio", "known-truth")) {
      const b = e.summary.bulkClassMeanErrorMeV?.mean ?? NaN, d = e.summary.defectClassMeanErrorMeV?.mean ?? NaN;
      if (!Number.isFinite(b) || !Number.isFinite(d)) continue;
      const signs = e.runs.map((r) => {
        const cb = r.knownTruth?.classes.find((x) => x.label.startsWith("bulk"))?.meanErrorMeV ?? NaN;
        const cd = r.knownTruth?.classes.find((x) => !x.label.startsWith("bulk"))?.meanErrorMeV ?? NaN;
        return Math.sign(cb) !== Math.sign(cd) && Math.abs(cd) > 3 * Math.abs(cb);
      });
      const ok = signs.filter(Boolean).length * 3 >= 2 * signs.length;
      pass.push(ok);
      const p = partner(c, e);
      const pb = p?.summary.bulkClassMeanErrorMeV?.mean ?? NaN, pd = p?.summary.defectClassMeanErrorMeV?.mean ?? NaN;
      m.push(`${e.name}: class mean errors (model − teacher) bulk-like ${f1(b)} meV, defect/surface ${f1(d)} meV; opposite signs with |defect| > 3|bulk| in ${signs.filter(Boolean).length}/${signs.length} seeds → ${ok ? "met" : "not met"}`
        + (p ? ` (for comparison, ${p.name}: bulk-like ${f1(pb)} meV, defect/surface ${f1(pd)} meV — per-atom truth is a choice of split, docs/science.md §1)` : ""));
    }
    return { measured: m, verdict: tally(pass) };
  },
  "dft-heldout": (c) => {
    const all = byRole(c, "all-groups", "dft")[0];
    const others = [...byRole(c, "held-out", "dft"), ...byRole(c, "single-group", "dft")];
    if (!all || others.length === 0) return { measured: [], verdict: "not tested" };
    const a = all.summary.invariantMaeMeV?.mean ?? NaN;
    const m = [`${all.name} (invariant points trained): invariant MAE ${f1(a)} meV/atom, test RMSE ${f1(all.summary.testRmseMeV?.mean ?? NaN)} meV/atom`];
    const pass: boolean[] = [];
    for (const e of others) {
      const x = e.summary.invariantMaeMeV?.mean ?? NaN;
      const ok = x > 3 * a;
      pass.push(ok);
      m.push(`${e.name}: invariant MAE ${f1(x)} meV/atom (${f1(x / a)}×), test RMSE ${f1(e.summary.testRmseMeV?.mean ?? NaN)} meV/atom → ${ok ? "met" : "not met"}`);
    }
    return { measured: m, verdict: tally(pass) };
  },
  "monitor-flags": (c) => {
    const mon = (role: string) => byRole(c, role, "known-truth").filter((e) => e.runs.some((r) => r.monitor));
    const fixed = mon("fixed-ratio"), rem = mon("remedied");
    if (fixed.length === 0) return { measured: [], verdict: "not tested" };
    const frac = (es: ExperimentRecord[]) => {
      const runs = es.flatMap((e) => e.runs.filter((r) => r.monitor));
      return { k: runs.filter((r) => r.monitor!.flaggedAtEnd).length, n: runs.length };
    };
    const f = frac(fixed), r = frac(rem);
    const fr = mean(fixed.flatMap((e) => e.runs.map(testRmse))), rr = mean(rem.flatMap((e) => e.runs.map(testRmse)));
    const okFixed = 3 * f.k >= 2 * f.n, okRem = r.n === 0 || 3 * r.k <= r.n, okRmse = !Number.isFinite(rr) || fr <= 2 * rr;
    const measured = [
      `flagged at the end of training (invariant error > ratio × training RMSE): ${f.k}/${f.n} fixed-ratio runs, ${r.k}/${r.n} remedied runs`,
      `test energy RMSE: fixed-ratio ${f1(fr)} meV/atom, remedied ${f1(rr)} meV/atom (the RMSE ${okRmse ? "does not" : "does"} single out the fixed-ratio sets: criterion ≤ 2×)`,
    ];
    const verdict: Verdict = okFixed && okRem && okRmse ? "supported" : !okFixed ? "contradicted" : "mixed";
    return { measured, verdict };
  },
  "monitor-select": (c) => {
    const es = byRole(c, "fixed-ratio", "known-truth").filter((e) => e.runs.some((r) => r.monitor));
    if (es.length === 0) return { measured: [], verdict: "not tested" };
    const m: string[] = [];
    const vi: number[] = [], vv: number[] = [];
    for (const e of es) {
      const runs = e.runs.filter((r) => r.monitor);
      const inv = finite(runs.map((r) => Math.abs(derivedErr(r.monitor!.selection.invariant, e, c))));
      const val = finite(runs.map((r) => Math.abs(derivedErr(r.monitor!.selection.validation, e, c))));
      vi.push(...inv); vv.push(...val);
      const ep = (k: "invariant" | "validation") => runs.map((r) => r.monitor!.selection[k].epoch).join(", ");
      m.push(`${e.name}: |${derivedName(e)} error| invariant-selected ${f3(mean(inv))} eV (epochs ${ep("invariant")}), validation-selected ${f3(mean(val))} eV (epochs ${ep("validation")})`);
    }
    const a = mean(vi), b = mean(vv);
    const verdict: Verdict = a < 0.8 * b ? "supported" : a > 1.25 * b ? "contradicted" : "inconclusive";
    m.push(`mean over runs: ${f3(a)} vs ${f3(b)} eV (criterion: invariant-selected < 0.8 × validation-selected; > 1.25 × contradicts; between: inconclusive)`);
    return { measured: m, verdict };
  },
};

/** Every claim of paper.ts with its measured numbers and verdict. */
export function evaluateClaims(c: Ctx): ClaimResult[] {
  return CLAIMS.map((cl) => {
    const r = CHECKS[cl.id](c);
    return { id: cl.id, claim: cl.claim, criterion: cl.criterion, measured: r.measured, verdict: r.measured.length ? r.verdict : "not tested" };
  });
}

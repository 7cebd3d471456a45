// Errors of any calculator against the reference labels of structures: energy per atom (eV/atom),
// force components (eV/Å) and stress components (GPa), RMSE and MAE, overall and per group
// (Structure.info.group).
import type { Structure } from "../structure/structure.js";
import type { Calculator } from "./calculator.js";
import { GPA } from "../structure/units.js";
import { groupOf, metricsByGroup, type Metrics, type StructureResult } from "../train/loss.js";

export interface EvaluationReport {
  all: Metrics;
  groups: Record<string, Metrics>;
}

/** Predict every structure with `calc` and compare with its labels. */
export function evaluateStructures(calc: Calculator, structures: Structure[]): EvaluationReport {
  const results: StructureResult[] = structures.map((s, index) => {
    if (s.energy === undefined) throw new Error(`structure ${index}: no reference energy to compare with`);
    const periodic = s.pbc.every((p) => p);
    const r = calc.calculate(s, { forces: s.forces !== undefined, stress: s.stress !== undefined && periodic });
    const res: StructureResult = {
      index, group: groupOf(s), natoms: s.length, energy: r.energy,
      energyError: (r.energy - s.energy) / s.length,
      forceSq: 0, forceAbs: 0, forceCount: 0, stressSq: 0, stressAbs: 0, stressCount: 0,
    };
    if (s.forces && r.forces) {
      for (let c = 0; c < r.forces.length; c++) {
        const d = r.forces[c] - s.forces[c];
        res.forceSq += d * d; res.forceAbs += Math.abs(d);
      }
      res.forceCount = r.forces.length;
    }
    if (s.stress && r.stress) {
      for (let v = 0; v < 6; v++) {
        const d = (r.stress[v] - s.stress[v]) / GPA;
        res.stressSq += d * d; res.stressAbs += Math.abs(d);
      }
      res.stressCount = 6;
    }
    return res;
  });
  return metricsByGroup(results);
}

// Monitor invariant points during training (docs/science.md §1, remedy b). Plugged into the trainer's
// `onEpoch` hook (src/train/trainer.ts): every `every` epochs it builds the current model, evaluates
// its atomic energy at the invariant points and
//   - adds `invariant: { maeMeV, maxMeV, points, families: { <family>: maeMeV }, outside?, alarm? }`
//     to the log line;
//   - keeps the model with the lowest invariant error (`best`; `onBest` to write it as it appears);
//   - requests a stop when that error has not improved for `patience` evaluations (0 = never);
//   - raises an alarm when the invariant error grows while the training energy RMSE falls
//     (error > growth × its best so far, and > best + max(minGrowthMeV, RMSE at that best), while
//     the RMSE is below its value at that best), or when it exceeds `ratio` × the training energy
//     RMSE. A growth within the fit's own error at the best point is not one: early in training a
//     still unfitted network can hit an invariant point by chance (an error of 2 meV/atom at an
//     energy RMSE of 400 meV/atom), and every later value would otherwise read as growth.
// Errors are in meV/atom; the trainer's energy RMSE (eV/atom) is converted.
//
// Only the points the training data cover count (src/invariant/coverage.ts: within the training
// min/max of every feature and, given the training structures, within 0.1 of the nearest training
// atom; without them, the min/max the trainer saves in the model): elsewhere the network
// extrapolates, and a large error there would sound the alarm for every training set, ad hoc
// mapping or not. The outside points are
// still evaluated and logged apart (`outside: { points, maeMeV, maxMeV }`); `includeOutside`
// averages them in. With no point inside, nothing is monitored (no error, alarm or best model).
//
// Wiring (e.g. in a training command):
//   const points = assignReferences(generateInvariantPoints(parsePointsSpec("diamond+isolated")),
//                                   { calculator: teacher, isolated: { Si: -0.7 } });
//   const monitor = new InvariantMonitor(points, { every: 10, patience: 5,
//     onBest: (m) => writeTextAtomic("model.best-invariant.json", serialiseModel(m)) });
//   train(data, { config, onEpoch: monitor.onEpoch });
import type { EpochInfo, EpochCallback } from "../train/trainer.js";
import type { Structure } from "../structure/structure.js";
import type { ModelData } from "../model/model-file.js";
import { Potential } from "../model/potential.js";
import type { InvariantPoint } from "./points.js";
import { evaluateInvariantPoints, type InvariantEvaluation } from "./evaluate.js";
import { TrainingCoverage } from "./coverage.js";

export interface MonitorOptions {
  /** Evaluate every k epochs (default 1). */
  every?: number;
  /** Families whose points count in the error (default: every point with a reference). */
  families?: string[];
  /** Which error drives best/patience: mean absolute (default) or maximum. */
  metric?: "mae" | "max";
  /** Stop when the invariant error has not improved for this many evaluations (0 = off, default). */
  patience?: number;
  /** Alarm when invariant error > ratio × training energy RMSE (default 3; 0 = off). */
  ratio?: number;
  /** Growth alarm: error > growth × best error (default 1.5; 0 = off) ... */
  growth?: number;
  /** ... and at least this much above it, meV/atom, and at least the training energy RMSE at the best
   *  (default 2: errors of ~1 meV/atom wander while a well-determined mapping converges; the ad hoc
   *  mappings of docs/science.md §2 are 9 to 200 meV/atom). */
  minGrowthMeV?: number;
  /** Ignore alarms before this epoch (the first epochs are noisy; default 1). */
  alarmFrom?: number;
  /** Called when an alarm starts (not again while the same condition persists). */
  onAlarm?: (a: MonitorAlarm) => void;
  /** Called with each new best model (e.g. to write it as the "best invariant" checkpoint). */
  onBest?: (model: ModelData, epoch: number, errorMeV: number) => void;
  /** The training structures: coverage by range and nearest training atom (default: the range saved in the model). */
  training?: Structure[];
  /** Largest distance to the nearest training atom of a covered point (default 0.1, scaled units). */
  maxDistance?: number;
  /** Average the points outside the training descriptor range into the error too (default false). */
  includeOutside?: boolean;
  /** Called once, at the first evaluation, with the points inside and outside the training range. */
  onCoverage?: (inside: InvariantPoint[], outside: InvariantPoint[]) => void;
}

export interface MonitorAlarm {
  epoch: number;
  kind: "growth" | "ratio";
  message: string;
}

export interface MonitorRecord {
  epoch: number;
  /** Errors over the points inside the training range (NaN when none is). */
  maeMeV: number;
  maxMeV: number;
  /** Points counted in maeMeV/maxMeV. */
  points: number;
  /** The points outside the training range, apart. */
  outside?: { points: number; maeMeV: number; maxMeV: number };
  /** Training energy RMSE, meV/atom. */
  trainRmseMeV: number;
  families: Record<string, number>;
}

export class InvariantMonitor {
  readonly history: MonitorRecord[] = [];
  readonly alarms: MonitorAlarm[] = [];
  /** Model with the lowest invariant error so far (and where it was). */
  best: { epoch: number; errorMeV: number; trainRmseMeV: number; model: ModelData } | null = null;
  /** Last full evaluation. */
  last: InvariantEvaluation | null = null;
  /** Points inside / outside the training descriptor range (known after the first evaluation). */
  inside: InvariantPoint[] | null = null;
  outside: InvariantPoint[] = [];
  private coverage: TrainingCoverage | undefined;
  private sinceBest = 0;
  private readonly o: Required<Omit<MonitorOptions, "families" | "onAlarm" | "onBest" | "onCoverage" | "training" | "maxDistance">>
    & Pick<MonitorOptions, "families" | "onAlarm" | "onBest" | "onCoverage" | "training" | "maxDistance">;

  constructor(readonly points: InvariantPoint[], options: MonitorOptions = {}) {
    const withRef = points.filter((p) => p.reference !== undefined && (!options.families || options.families.includes(p.family)));
    if (withRef.length === 0) throw new Error("invariant monitor: no point has a reference value (give a teacher, dataset or user references)");
    this.points = withRef;
    this.o = {
      every: options.every ?? 1, metric: options.metric ?? "mae", patience: options.patience ?? 0, ratio: options.ratio ?? 3,
      growth: options.growth ?? 1.5, minGrowthMeV: options.minGrowthMeV ?? 2, alarmFrom: options.alarmFrom ?? 1,
      families: options.families, onAlarm: options.onAlarm, onBest: options.onBest,
      includeOutside: options.includeOutside ?? false, onCoverage: options.onCoverage, training: options.training, maxDistance: options.maxDistance,
    };
    if (!(Number.isInteger(this.o.every) && this.o.every >= 1)) throw new Error(`invariant monitor: 'every' must be a positive integer, got ${this.o.every}`);
  }

  /** The trainer hook: pass as `onEpoch: monitor.onEpoch`. */
  readonly onEpoch: EpochCallback = (info: EpochInfo) => {
    if (info.epoch % this.o.every !== 0) return;
    const model = info.model();
    if (!this.inside && !this.o.includeOutside) this.coverage = this.coverageOf(model);
    const pot = new Potential(model, `epoch ${info.epoch}`);
    let ev: InvariantEvaluation;
    try {
      ev = evaluateInvariantPoints(pot, this.points, { coverage: this.coverage, includeOutside: this.o.includeOutside });
    } finally {
      pot.dispose();
    }
    this.last = ev;
    if (!this.inside) {
      this.inside = this.points.filter((_, k) => !ev.points[k].outside);
      this.outside = this.points.filter((_, k) => ev.points[k].outside);
      this.o.onCoverage?.(this.inside, this.outside);
    }
    const o = ev.outsideRange;
    const rec: MonitorRecord = {
      epoch: info.epoch, maeMeV: ev.overall.maeMeV, maxMeV: ev.overall.maxMeV, points: ev.overall.withReference,
      ...(o && o.points > 0 && !this.o.includeOutside ? { outside: { points: o.points, maeMeV: o.maeMeV, maxMeV: o.maxMeV } } : {}),
      trainRmseMeV: 1000 * info.metrics.train.energyRmse,
      families: Object.fromEntries(ev.families.filter((f) => f.withReference > 0).map((f) => [f.family, f.maeMeV])),
    };
    this.history.push(rec);
    const err = this.o.metric === "max" ? rec.maxMeV : rec.maeMeV;
    const monitored = rec.points > 0;
    const alarm = monitored ? this.checkAlarms(rec, err) : null;
    if (monitored && (!this.best || err < this.best.errorMeV)) {
      this.best = { epoch: info.epoch, errorMeV: err, trainRmseMeV: rec.trainRmseMeV, model };
      this.sinceBest = 0;
      this.o.onBest?.(model, info.epoch, err);
    } else if (monitored) this.sinceBest++;
    const stop = this.o.patience > 0 && this.sinceBest >= this.o.patience;
    return {
      stop,
      extra: {
        invariant: {
          maeMeV: rec.maeMeV, maxMeV: rec.maxMeV, points: rec.points, families: rec.families,
          ...(rec.outside ? { outside: rec.outside } : {}),
          ...(alarm ? { alarm: alarm.message } : {}),
          ...(stop ? { stop: `invariant error not improved for ${this.sinceBest} evaluations (best ${this.best!.errorMeV.toFixed(2)} meV/atom at epoch ${this.best!.epoch})` } : {}),
        },
      },
    };
  };

  /** The training coverage in the model's descriptor space (undefined when unknown). */
  private coverageOf(model: ModelData): TrainingCoverage | undefined {
    if (!this.o.training) return TrainingCoverage.fromModel(model);
    const transforms = Object.fromEntries(model.elements.map((e, i) => [e, model.transforms[i]]));
    return TrainingCoverage.fromStructures(this.o.training, model.descriptors, transforms, { maxDistance: this.o.maxDistance });
  }

  /** Check both alarm conditions against the history before this record; returns a new alarm or null. */
  private checkAlarms(rec: MonitorRecord, err: number): MonitorAlarm | null {
    if (rec.epoch < this.o.alarmFrom) return null;
    let a: MonitorAlarm | null = null;
    const b = this.best;
    if (this.o.growth > 0 && b && err > this.o.growth * b.errorMeV && err > b.errorMeV + Math.max(this.o.minGrowthMeV, b.trainRmseMeV)
      && rec.trainRmseMeV < b.trainRmseMeV) {
      a = {
        epoch: rec.epoch, kind: "growth",
        message: `invariant error grew to ${err.toFixed(2)} meV/atom (best ${b.errorMeV.toFixed(2)} at epoch ${b.epoch}) while the training energy RMSE fell to ${rec.trainRmseMeV.toFixed(2)} meV/atom: the atomic energy mapping drifts (ad hoc mapping)`,
      };
    } else if (this.o.ratio > 0 && err > this.o.ratio * rec.trainRmseMeV) {
      a = {
        epoch: rec.epoch, kind: "ratio",
        message: `invariant error ${err.toFixed(2)} meV/atom exceeds ${this.o.ratio} × the training energy RMSE (${rec.trainRmseMeV.toFixed(2)} meV/atom): total energies fit, atomic energies at invariant points do not`,
      };
    }
    if (a) {
      const prev = this.alarms[this.alarms.length - 1];
      const continuing = prev && prev.kind === a.kind && this.history.length >= 2 && prev.epoch === this.history[this.history.length - 2].epoch;
      this.alarms.push(a);
      if (!continuing) this.o.onAlarm?.(a);
    }
    return a;
  }
}

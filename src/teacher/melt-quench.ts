// Melt–quench recipe for amorphous Si: Langevin MD at a melt temperature (the SW melting point
// is ≈ 1690 K), a linear temperature ramp down, then an anneal at the final temperature.
// Fast quenches (here ~1e14–1e15 K/s, far faster than experiment) give a defective amorphous
// network: good for training-set diversity, not a model of real a-Si.
import type { Structure } from "../structure/structure.js";
import { MolecularDynamics } from "../dynamics/md.js";
import type { SwPotential } from "./sw-parameters.js";

export interface MeltQuenchOptions {
  /** Melt temperature (K), default 3000. */
  meltTemperature?: number;
  /** Steps at the melt temperature, default 2000. */
  meltSteps?: number;
  /** Steps of the linear ramp to the final temperature, default 4000. */
  quenchSteps?: number;
  /** Final temperature (K), default 300. */
  finalTemperature?: number;
  /** Steps at the final temperature, default 1000. */
  annealSteps?: number;
  /** Time step (fs), default 1. */
  dt?: number;
  /** Langevin friction (1/fs), default 0.02. */
  friction?: number;
  seed: number;
  /** Stillinger–Weber parameters (default: original Si). */
  potential?: SwPotential;
  /** Called after every step with the phase name (for snapshots or progress). */
  onStep?: (md: MolecularDynamics, phase: "melt" | "quench" | "anneal") => void;
}

/** Run the recipe from `s` (e.g. a diamond supercell); returns the final configuration. */
export function meltQuench(s: Structure, o: MeltQuenchOptions): Structure {
  const Tm = o.meltTemperature ?? 3000, Tf = o.finalTemperature ?? 300;
  const meltSteps = o.meltSteps ?? 2000, quenchSteps = o.quenchSteps ?? 4000, annealSteps = o.annealSteps ?? 1000;
  const md = new MolecularDynamics(s, { dt: o.dt ?? 1, ensemble: "langevin", temperature: Tm, friction: o.friction ?? 0.02, seed: o.seed, potential: o.potential });
  try {
    md.setTemperature(Tm, o.seed + 1);
    md.run(meltSteps, (m) => o.onStep?.(m, "melt"));
    for (let q = 0; q < quenchSteps; q++) {
      md.temperatureTarget = Tm + ((Tf - Tm) * (q + 1)) / quenchSteps;
      md.run(1, (m) => o.onStep?.(m, "quench"));
    }
    md.temperatureTarget = Tf;
    md.run(annealSteps, (m) => o.onStep?.(m, "anneal"));
    return md.snapshot({ family: "amorphous", melt_quench: true });
  } finally {
    md.free();
  }
}

// Turn a model spec from the command line (`--model SPEC`) into a Calculator.
// Built in: "sw" and "sw:vertex" (Stillinger–Weber Si teacher, vertex split of the atomic
// energies), "sw:lammps" (LAMMPS split); "sw:NAME" and "sw:NAME:SPLIT" for the parameter sets
// built in (Si, GaN, CdTe) or any LAMMPS `.sw` file (NAME = its path). Other loaders (e.g. trained model files) register
// themselves with `registerModelLoader`; the first loader whose test accepts the spec wins.
// Browser-safe: files are read through the `readText` the caller passes.
import type { Calculator } from "./calculator.js";
import { StillingerWeber } from "../teacher/stillinger-weber.js";
import { swPotentialFromSpec } from "../teacher/sw-builtin.js";

export type ReadText = (path: string) => string;

interface Loader {
  name: string;
  test: (spec: string) => boolean;
  load: (spec: string, readText: ReadText) => Calculator;
}

const loaders: Loader[] = [
  {
    name: "sw | sw:vertex | sw:lammps (Stillinger–Weber Si teacher)",
    test: (spec) => spec === "sw" || spec === "sw:vertex" || spec === "sw:lammps",
    load: (spec) => new StillingerWeber({ split: spec === "sw:lammps" ? "lammps" : "vertex" }),
  },
  {
    name: "sw:Si | sw:GaN | sw:CdTe | sw:FILE.sw, each optionally :vertex or :lammps (Stillinger–Weber teachers)",
    test: (spec) => spec.startsWith("sw:"),
    load: (spec, readText) => {
      const m = /^sw:(.+?)(?::(vertex|lammps))?$/.exec(spec)!;
      return new StillingerWeber({ potential: swPotentialFromSpec(m[1], readText), split: (m[2] ?? "vertex") as "vertex" | "lammps" });
    },
  },
];

/**
 * Add a loader: `name` describes what it accepts (shown when a spec matches nothing), `test`
 * says whether it handles a spec, `load` builds the calculator. Names must be unique.
 */
export function registerModelLoader(name: string, test: (spec: string) => boolean, load: (spec: string, readText: ReadText) => Calculator): void {
  if (loaders.some((l) => l.name === name)) throw new Error(`a model loader named "${name}" is already registered`);
  loaders.push({ name, test, load });
}

/** The calculator for `spec`; throws listing the accepted forms when nothing matches. */
export function resolveCalculator(spec: string, readText: ReadText): Calculator {
  const l = loaders.find((x) => x.test(spec));
  if (!l) throw new Error(`unknown model "${spec}"; accepted: ${loaders.map((x) => x.name).join("; ")}`);
  return l.load(spec, readText);
}

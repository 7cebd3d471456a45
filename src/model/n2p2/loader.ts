// `--model DIR/input.nn` or `--model DIR` (an n2p2 potential directory) for every command that
// takes a model. Units of the files default to Å and eV; files in Bohr and Hartree (RuNNer
// convention) load with a suffix on the spec:
//   --model 'DIR/input.nn?length-unit=bohr&energy-unit=hartree'
// (or call loadN2p2Model with options). Results are always in Å and eV.
import type { Calculator } from "../calculator.js";
import { registerModelLoader, type ReadText } from "../resolve.js";
import { Potential } from "../potential.js";
import { importN2p2, type N2p2ImportOptions } from "./import.js";

/** Split "PATH?length-unit=bohr&energy-unit=hartree" into the directory and the options. */
export function parseN2p2Spec(spec: string): { dir: string; options: N2p2ImportOptions } {
  const q = spec.indexOf("?");
  const path = q < 0 ? spec : spec.slice(0, q);
  const options: N2p2ImportOptions = {};
  if (q >= 0) {
    for (const part of spec.slice(q + 1).split("&").filter((p) => p !== "")) {
      const [k, v] = part.split("=");
      if (k === "length-unit") options.lengthUnit = v;
      else if (k === "energy-unit") options.energyUnit = v;
      else throw new Error(`n2p2 model spec '${spec}': unknown option '${k}' (expected length-unit, energy-unit)`);
    }
  }
  const dir = path.replace(/[\\/]*input\.nn$/, "").replace(/[\\/]+$/, "") || ".";
  return { dir, options };
}

/** A calculator for an n2p2 potential directory (files read through `readText`). */
export function loadN2p2Model(spec: string, readText: ReadText, extra: N2p2ImportOptions = {}): Calculator {
  const { dir, options } = parseN2p2Spec(spec);
  const model = importN2p2((name) => readText(`${dir}/${name}`), { ...options, ...extra }, dir);
  return new Potential(model, spec);
}

/** Specs the loader claims: …/input.nn, a path ending in '/', or a last path segment without a dot. */
export function isN2p2Spec(spec: string): boolean {
  const path = spec.split("?")[0];
  if (/(^|[\\/])input\.nn$/.test(path) || /[\\/]$/.test(path)) return true;
  const last = path.split(/[\\/]/).pop() ?? "";
  return path.includes("/") || path.includes("\\") ? !last.includes(".") || last === "." || last === ".." : false;
}

registerModelLoader("DIR/input.nn or DIR/ (n2p2 potential directory; '?length-unit=bohr&energy-unit=hartree' for RuNNer units)",
  isN2p2Spec, (spec, readText) => loadN2p2Model(spec, readText, { warn: (m) => console.warn(`aemap: ${m}`) }));

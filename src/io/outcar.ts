// VASP OUTCAR (read only): one structure per ionic step.
// Lines used (VASP 5.x and 6.x print them the same way):
//   "TITEL  = PAW_PBE Si 05Jan2001"        species, one line per POTCAR (else "VRHFIN =Si: s p")
//   "ions per type =   2  1"               atoms per species
//   "direct lattice vectors ..."            next 3 lines: lattice rows (first 3 columns), Å
//   "in kB  xx yy zz xy yz zx"              stress of the step, kBar, compression positive
//   "POSITION ... TOTAL-FORCE (eV/Angst)"   after a dashed line: x y z fx fy fz per ion (Å, eV/Å)
//   "FREE ENERGIE OF THE ION-ELECTRON SYSTEM (eV)"  ends the ionic step; below it
//   "free  energy   TOTEN  =  E eV"  and  "energy  without entropy= ...  energy(sigma->0) = E0"
// Energy: TOTEN (the free energy, consistent with VASP's forces) by default; with
// energyKey "sigma0" the σ→0 extrapolated energy(sigma->0). The other one is kept in info
// (free_energy / energy_sigma0).
// Stress: aemap σ (Voigt xx yy zz yz xz xy, eV/Å³, tensile positive) = −(in kB values)·KBAR,
// reordered from VASP's xx yy zz xy yz zx.
import { Structure } from "../structure/structure.js";
import { KBAR } from "../structure/units.js";
import { ParseError } from "./errors.js";
import { defineFormat, type FormatContext } from "./registry.js";
import { parseInteger, parseReals, splitLines, tokens } from "./text.js";
import { buildFrame, checkElement } from "./validate.js";

/** Element symbol from a POTCAR label such as "Si", "Fe_pv", "H.75", "Si_GW". */
function potcarElement(label: string): string {
  return label.split(/[_.]/)[0];
}

interface Step {
  cell?: number[];
  stress?: number[];
  positions?: number[];
  forces?: number[];
  positionLine?: number;
}

export function readOutcar(text: string, ctx: FormatContext): Structure[] {
  const file = ctx.file;
  const key = ctx.options.energyKey ?? "toten";
  if (key !== "toten" && key !== "sigma0") {
    throw new Error(`${file}: energyKey for OUTCAR must be 'toten' or 'sigma0', got '${key}'`);
  }
  const lines = splitLines(text);
  const titel: string[] = [], vrhfin: string[] = [];
  let perType: number[] | undefined;
  let symbols: string[] | undefined;
  const frames: Structure[] = [];
  let step: Step = {};
  const at = (i: number) => ({ file, line: i + 1 });

  const speciesList = (i: number): string[] => {
    if (symbols) return symbols;
    const names = titel.length > 0 ? titel : vrhfin;
    if (!perType) throw new ParseError(at(i), `expected an 'ions per type =' line before the first ionic step`);
    if (names.length !== perType.length) {
      throw new ParseError(at(i), `found ${names.length} species (TITEL/VRHFIN lines: ${names.join(" ")}) but ${perType.length} counts in 'ions per type'`);
    }
    symbols = [];
    names.forEach((s, k) => { for (let q = 0; q < perType![k]; q++) symbols!.push(s); });
    return symbols;
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.includes("TITEL  =")) {
      const t = tokens(l.split("=")[1]);
      titel.push(checkElement(potcarElement(t[1] ?? t[0] ?? ""), { ...at(i), field: "TITEL" }));
    } else if (l.includes("VRHFIN =")) {
      const name = l.split("=")[1].split(":")[0].trim();
      vrhfin.push(checkElement(name, { ...at(i), field: "VRHFIN" }));
    } else if (l.includes("ions per type =")) {
      perType = tokens(l.split("=")[1]).map((x) => parseInteger(x, at(i), "ions per type"));
    } else if (l.includes("direct lattice vectors")) {
      const cell: number[] = [];
      for (let k = 1; k <= 3; k++) {
        if (i + k >= lines.length) throw new ParseError(at(i + k), `truncated file: expected lattice vector ${k} after 'direct lattice vectors'`);
        cell.push(...parseReals(tokens(lines[i + k]), 0, 3, at(i + k), `lattice vector ${"abc"[k - 1]}`));
      }
      step.cell = cell;
      i += 3;
    } else if (/^\s*in kB\s/.test(l)) {
      const v = parseReals(tokens(l), 2, 6, { ...at(i), field: "stress" }, "stress in kB (xx yy zz xy yz zx)");
      // VASP xx yy zz xy yz zx, compression positive → aemap xx yy zz yz xz xy, tensile positive
      step.stress = [v[0], v[1], v[2], v[4], v[5], v[3]].map((x) => -x * KBAR);
    } else if (/^\s*POSITION\s+TOTAL-FORCE/.test(l)) {
      const n = speciesList(i).length;
      step = { ...step, ...readPositionBlock(lines, i + 2, n, file) }; // i + 1 is a dashed line
      i += 1 + n;
    } else if (l.includes("FREE ENERGIE OF THE ION-ELECTRON SYSTEM")) {
      frames.push(finishStep(lines, i, step, speciesList(i), key, file));
      step = { cell: step.cell }; // the lattice is printed again only when it changes (ISIF ≥ 3)
    }
  }
  if (frames.length === 0) throw new ParseError({ file }, `no complete ionic step found: expected a 'FREE ENERGIE OF THE ION-ELECTRON SYSTEM' block after 'POSITION ... TOTAL-FORCE'`);
  return frames;
}

/** The x y z fx fy fz lines of one POSITION/TOTAL-FORCE block, starting at lines[first]. */
function readPositionBlock(lines: string[], first: number, n: number, file: string): { positions: number[]; forces: number[]; positionLine: number } {
  const positions: number[] = [], forces: number[] = [];
  for (let a = 0; a < n; a++) {
    const ln = first + a;
    if (ln >= lines.length || /^\s*-{5,}/.test(lines[ln])) {
      throw new ParseError({ file, line: Math.min(ln, lines.length - 1) + 1 }, `truncated POSITION/TOTAL-FORCE block: expected ${n} ion lines ('ions per type' sums to ${n}), found ${a}`);
    }
    const t = tokens(lines[ln]);
    if (t.length !== 6) throw new ParseError({ file, line: ln + 1 }, `expected 6 columns (x y z fx fy fz), found ${t.length}`);
    const v = parseReals(t, 0, 6, { file, line: ln + 1 }, `position and force of ion ${a + 1}`);
    positions.push(v[0], v[1], v[2]);
    forces.push(v[3], v[4], v[5]);
  }
  return { positions, forces, positionLine: first + 1 };
}

function finishStep(lines: string[], i: number, step: Step, symbols: string[], key: string, file: string): Structure {
  const at = { file, line: i + 1 };
  if (!step.positions) throw new ParseError(at, `ionic step without positions: expected a 'POSITION ... TOTAL-FORCE' block before this line`);
  if (!step.cell) throw new ParseError(at, `ionic step without a lattice: expected 'direct lattice vectors' before this line`);
  let toten: number | undefined, sigma0: number | undefined;
  for (let k = i + 1; k < Math.min(lines.length, i + 8); k++) {
    const l = lines[k];
    if (/free\s+energy\s+TOTEN\s*=/.test(l)) {
      toten = parseReals(tokens(l.split("=")[1]), 0, 1, { file, line: k + 1, field: "TOTEN" }, "free energy TOTEN")[0];
    }
    const m = l.match(/energy\(sigma->0\)\s*=\s*(\S+)/);
    if (m) sigma0 = parseReals([m[1]], 0, 1, { file, line: k + 1, field: "energy(sigma->0)" }, "energy(sigma->0)")[0];
  }
  if (toten === undefined) throw new ParseError({ file, line: i + 3 }, `expected 'free  energy   TOTEN  = <number> eV' below the FREE ENERGIE header`);
  if (key === "sigma0" && sigma0 === undefined) throw new ParseError({ file, line: i + 5 }, `expected 'energy(sigma->0) = <number>' below the FREE ENERGIE header (energyKey sigma0)`);
  const info: Record<string, number> = key === "toten" ? {} : { free_energy: toten };
  if (key === "toten" && sigma0 !== undefined) info.energy_sigma0 = sigma0;
  const posLine = step.positionLine!;
  return buildFrame({
    symbols, positions: step.positions, cell: step.cell, pbc: true,
    energy: key === "toten" ? toten : sigma0, forces: step.forces, stress: step.stress, info,
  }, { file, line: i + 1, atomLine: (a) => posLine + a });
}

export const outcar = defineFormat({
  name: "outcar",
  description: "VASP OUTCAR (read only): every ionic step with lattice, positions, forces, energy (TOTEN or sigma->0), stress",
  extensions: ["outcar"],
  filenamePatterns: ["*OUTCAR*"],
  multiFrame: true,
  sniff: (head) => /^\s*vasp\.\d/.test(head),
  read: readOutcar,
});

// pymatgen JSON (read only), as in the mlearn data sets (si-mlearn): a JSON array of entries
//   { "structure": { "lattice": { "matrix": [[ax,ay,az],[bx,by,bz],[cx,cy,cz]] },
//                    "sites": [ { "species": [{ "element": "Si", "occu": 1 }], "xyz": [x,y,z] }, ... ] },
//     "outputs": { "energy": E, "forces": [[fx,fy,fz], ...], "virial_stress": [6 numbers] },
//     "group": "Elastic", "description": "...", "tag": "train", "num_atoms": 64 }
// A single entry (not in an array) or a bare pymatgen Structure dict is accepted too.
// Units: Å, eV, eV/Å as stored. virial_stress is in kBar, ordered xx yy zz xy yz xz, with VASP's
// sign (compression positive): aemap stress (Voigt xx yy zz yz xz xy, eV/Å³, tensile positive)
//   σ = −KBAR · [v_xx, v_yy, v_zz, v_yz, v_xz, v_xy].
// `group`, `description`, `tag` go to Structure.info; `num_atoms` is checked against the sites.
// Sites without `xyz` use `abc` (fractional). Errors name the JSON path, e.g. [12].outputs.forces[3].
import { Structure, type InfoValue } from "../structure/structure.js";
import { KBAR } from "../structure/units.js";
import { ParseError } from "./errors.js";
import { defineFormat, type FormatContext } from "./registry.js";
import { buildFrame, checkElement } from "./validate.js";
import { parseJson } from "./json-syntax.js";

type Json = unknown;

class Reader {
  constructor(readonly file: string) {}

  fail(path: string, what: string): never {
    throw new ParseError({ file: this.file, path }, what);
  }
  kind(x: Json): string {
    return x === undefined ? "nothing" : x === null ? "null" : Array.isArray(x) ? "an array" : typeof x === "object" ? "an object" : `${typeof x} ${JSON.stringify(x)}`;
  }
  object(x: Json, path: string, what: string): Record<string, Json> {
    if (x === null || typeof x !== "object" || Array.isArray(x)) this.fail(path, `expected ${what} (an object), found ${this.kind(x)}`);
    return x as Record<string, Json>;
  }
  array(x: Json, path: string, what: string, length?: number): Json[] {
    if (!Array.isArray(x)) this.fail(path, `expected ${what} (an array), found ${x === undefined ? "nothing" : this.kind(x)}`);
    if (length !== undefined && x.length !== length) this.fail(path, `expected ${what} with ${length} entries, found ${x.length}`);
    return x;
  }
  number(x: Json, path: string, what: string): number {
    if (typeof x !== "number") {
      if (x === "NaN" || x === "Infinity" || x === "-Infinity") this.fail(path, `${what} is ${x}, expected a finite number`);
      this.fail(path, `expected ${what} (a number), found ${x === undefined ? "nothing" : this.kind(x)}`);
    }
    return x;
  }
  vector(x: Json, path: string, what: string, length: number): number[] {
    return this.array(x, path, what, length).map((v, k) => this.number(v, `${path}[${k}]`, what));
  }
}

/** "a.b" path prefix: "" at the top level, else "path.". */
function dot(path: string): string {
  return path ? `${path}.` : "";
}

function entryToStructure(r: Reader, entry: Json, path: string): Structure {
  const e = r.object(entry, path || "(top level)", "an entry");
  // a bare Structure dict has lattice and sites at the top
  const bare = "sites" in e && !("structure" in e);
  const sp = bare ? path : `${dot(path)}structure`;
  const st = bare ? e : r.object(e.structure, sp, "a pymatgen structure");
  const sitesPath = `${dot(sp)}sites`;
  const sites = r.array(st.sites, sitesPath, "the list of sites");
  let cell: number[] | undefined;
  let pbc: [boolean, boolean, boolean] = [false, false, false];
  if (st.lattice !== undefined) {
    const lat = r.object(st.lattice, `${dot(sp)}lattice`, "the lattice");
    const mp = `${dot(sp)}lattice.matrix`;
    const rows = r.array(lat.matrix, mp, "the lattice matrix (3 rows)", 3);
    cell = rows.flatMap((row, k) => r.vector(row, `${mp}[${k}]`, `lattice vector ${"abc"[k]}`, 3));
    pbc = [true, true, true];
    if (lat.pbc !== undefined) {
      const p = r.array(lat.pbc, `${dot(sp)}lattice.pbc`, "pbc flags", 3);
      pbc = p.map((b, k) => { if (typeof b !== "boolean") r.fail(`${dot(sp)}lattice.pbc[${k}]`, `expected true or false, found ${r.kind(b)}`); return b; }) as typeof pbc;
    }
  }
  const symbols: string[] = [];
  const positions: number[] = [];
  sites.forEach((site, i) => {
    const p = `${sitesPath}[${i}]`;
    const s = r.object(site, p, "a site");
    const species = r.array(s.species, `${p}.species`, "the species list");
    if (species.length !== 1) r.fail(`${p}.species`, `expected exactly one species per site (ordered structure), found ${species.length}`);
    const sp0 = r.object(species[0], `${p}.species[0]`, "a species");
    if (typeof sp0.element !== "string") r.fail(`${p}.species[0].element`, `expected an element symbol, found ${sp0.element === undefined ? "nothing" : r.kind(sp0.element)}`);
    if (sp0.occu !== undefined && sp0.occu !== 1) r.fail(`${p}.species[0].occu`, `expected occupancy 1, found ${JSON.stringify(sp0.occu)}`);
    symbols.push(checkElement(sp0.element, { file: r.file, path: `${p}.species[0].element` }));
    if (s.xyz !== undefined || !cell) positions.push(...r.vector(s.xyz, `${p}.xyz`, "Cartesian coordinates", 3));
    else {
      const f = r.vector(s.abc, `${p}.abc`, "fractional coordinates", 3);
      for (let d = 0; d < 3; d++) positions.push(f[0] * cell[d] + f[1] * cell[3 + d] + f[2] * cell[6 + d]);
    }
  });
  const n = symbols.length;
  if (e.num_atoms !== undefined && r.number(e.num_atoms, `${dot(path)}num_atoms`, "num_atoms") !== n) {
    r.fail(`${dot(path)}num_atoms`, `num_atoms is ${e.num_atoms} but ${sitesPath} has ${n} sites`);
  }
  let energy: number | undefined, forces: number[] | undefined, stress: number[] | undefined;
  if (!bare && e.outputs !== undefined) {
    const op = `${dot(path)}outputs`;
    const o = r.object(e.outputs, op, "the outputs");
    if (o.energy !== undefined) energy = r.number(o.energy, `${op}.energy`, "the energy (eV)");
    if (o.forces !== undefined) {
      const fr = r.array(o.forces, `${op}.forces`, `forces (${n} rows, one per site)`, n);
      forces = fr.flatMap((row, i) => r.vector(row, `${op}.forces[${i}]`, `the force on site ${i} (3 numbers)`, 3));
    }
    if (o.virial_stress !== undefined) {
      const v = r.vector(o.virial_stress, `${op}.virial_stress`, "virial_stress (6 numbers, kBar: xx yy zz xy yz xz)", 6);
      // compression-positive kBar, order xx yy zz xy yz xz → tensile-positive eV/Å³, xx yy zz yz xz xy
      stress = [v[0], v[1], v[2], v[4], v[5], v[3]].map((x) => -x * KBAR);
    }
  }
  const info: Record<string, InfoValue> = {};
  for (const k of ["group", "description", "tag"]) {
    const v = e[k];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") info[k] = v;
  }
  return buildFrame({ symbols, positions, cell, pbc, energy, forces, stress, info }, {
    file: r.file, path: path || "(top level)", atomPath: (i) => `${sitesPath}[${i}]`,
  });
}

export function readPymatgen(text: string, ctx: FormatContext): Structure[] {
  const r = new Reader(ctx.file);
  const doc = parseJson(text, ctx.file);
  if (Array.isArray(doc)) return doc.map((entry, k) => entryToStructure(r, entry, `[${k}]`));
  return [entryToStructure(r, doc, "")];
}

export const pymatgen = defineFormat({
  name: "pymatgen",
  description: "pymatgen/mlearn JSON (read only): structure.lattice.matrix, sites, outputs.energy/forces/virial_stress",
  extensions: ["json"],
  multiFrame: true,
  sniff: (head) => /^\s*[[{]/.test(head),
  read: readPymatgen,
});

// Malformed inputs: every message names the file, the line (or JSON path) and what was expected.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ParseError, readStructuresFromString } from "../src/io/index.js";

const XYZ = [
  "2",
  'Lattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.5 pbc="T T T"',
  "Si 0 0 0 0.1 0.2 0.3",
  "Si 1 1 1 -0.1 -0.2 -0.3",
].join("\n") + "\n";

const POSCAR = ["Si2 test", "1.0", "5.43 0 0", "0 5.43 0", "0 0 5.43", "Si", "2", "Direct", "0 0 0", "0.25 0.25 0.25"].join("\n") + "\n";

const N2P2 = [
  "begin", "comment ok",
  "lattice 5.43 0 0", "lattice 0 5.43 0", "lattice 0 0 5.43",
  "atom 0 0 0 Si 0 0 0.1 0 0", "atom 1.3575 1.3575 1.3575 Si 0 0 -0.1 0 0",
  "energy -10.8", "charge 0", "end",
].join("\n") + "\n";

const OUTCAR = readFileSync("test/fixtures/io/OUTCAR-si2", "utf8");
/** Line number (1-based) of the first line containing `s` at or after line `from`. */
const lineOf = (text: string, s: string, from = 1) => text.split("\n").findIndex((l, i) => i >= from - 1 && l.includes(s)) + 1;

const JSON_ENTRY = {
  structure: {
    lattice: { matrix: [[5.43, 0, 0], [0, 5.43, 0], [0, 0, 5.43]] },
    sites: [
      { species: [{ element: "Si", occu: 1 }], xyz: [0, 0, 0] },
      { species: [{ element: "Si", occu: 1 }], xyz: [1.3575, 1.3575, 1.3575] },
    ],
  },
  outputs: { energy: -10.8, forces: [[0.1, 0, 0], [-0.1, 0, 0]], virial_stress: [1, 2, 3, 4, 5, 6] },
  num_atoms: 2, group: "Elastic",
};
type Entry = typeof JSON_ENTRY;
function json(change: (e: Entry) => void, second = false): string {
  const e: Entry = structuredClone(JSON_ENTRY);
  change(e);
  return JSON.stringify(second ? [JSON_ENTRY, e] : [e], null, 1);
}
const TRUNCATED = json(() => {}).slice(0, 100);
/** Replace line n (1-based). */
function setLine(text: string, n: number, value: string | null): string {
  const l = text.split("\n");
  if (value === null) l.splice(n - 1, 1);
  else l[n - 1] = value;
  return l.join("\n");
}

interface Case { name: string; file: string; text: string; error: RegExp; options?: Record<string, unknown> }

const cases: Case[] = [
  // ---- extended XYZ -------------------------------------------------------------------------
  { name: "xyz truncated frame", file: "a.xyz", text: setLine(XYZ, 4, null), error: /^a\.xyz:3: truncated frame: expected 2 atom lines after line 2, file ends after 1/ },
  { name: "xyz wrong column count", file: "a.xyz", text: setLine(XYZ, 4, "Si 1 1 1 -0.1 -0.2"), error: /^a\.xyz:4: expected 7 columns \(species:S:1:pos:R:3:forces:R:3\), found 6/ },
  { name: "xyz non-number", file: "a.xyz", text: setLine(XYZ, 4, "Si 1 1 abc -0.1 -0.2 -0.3"), error: /^a\.xyz:4: expected column pos\[3\] \(a number\), found 'abc'/ },
  { name: "xyz NaN force", file: "a.xyz", text: setLine(XYZ, 3, "Si 0 0 0 NaN 0.2 0.3"), error: /^a\.xyz:3: column forces\[1\] is NaN, expected a finite number/ },
  { name: "xyz Inf position", file: "a.xyz", text: setLine(XYZ, 4, "Si 1 -inf 1 -0.1 -0.2 -0.3"), error: /^a\.xyz:4: column pos\[2\] is -inf, expected a finite number/ },
  { name: "xyz unknown element", file: "a.xyz", text: setLine(XYZ, 4, "Xx 1 1 1 -0.1 -0.2 -0.3"), error: /^a\.xyz:4: expected an element symbol, found 'Xx'/ },
  { name: "xyz atoms closer than 0.1 Å", file: "a.xyz", text: setLine(XYZ, 4, "Si 0.05 0 0 -0.1 -0.2 -0.3"), error: /^a\.xyz:4: atoms 1 and 2 are 0\.0500 Å apart: expected at least 0\.1 Å/ },
  { name: "xyz zero-volume cell", file: "a.xyz", text: XYZ.replace('"4 0 0 0 4 0 0 0 4"', '"4 0 0 0 4 0 8 8 0"'), error: /^a\.xyz:2: cell: zero volume/ },
  { name: "xyz Lattice with 8 numbers", file: "a.xyz", text: XYZ.replace('"4 0 0 0 4 0 0 0 4"', '"4 0 0 0 4 0 0 0"'), error: /^a\.xyz:2: Lattice: expected 9 numbers, found 8/ },
  { name: "xyz Lattice non-number", file: "a.xyz", text: XYZ.replace('"4 0 0 0 4 0 0 0 4"', '"4 0 x 0 4 0 0 0 4"'), error: /^a\.xyz:2: expected Lattice value 3 \(a number\), found 'x'/ },
  { name: "xyz missing Properties", file: "a.xyz", text: XYZ.replace(" Properties=species:S:1:pos:R:3:forces:R:3", ""), error: /^a\.xyz:3: expected 4 columns \(species x y z; no Properties= key in the comment line\), found 7/ },
  { name: "xyz Properties bad type", file: "a.xyz", text: XYZ.replace("pos:R:3", "pos:Q:3"), error: /^a\.xyz:2: Properties: column 'pos' has type 'Q', expected R, I, L or S/ },
  { name: "xyz Properties without pos", file: "a.xyz", text: XYZ.replace("pos:R:3", "xyz:R:3"), error: /^a\.xyz:2: Properties: expected a 'pos' column/ },
  { name: "xyz bad atom count", file: "a.xyz", text: setLine(XYZ, 1, "two"), error: /^a\.xyz:1: expected the number of atoms \(an integer\), found 'two'/ },
  { name: "xyz unterminated quote", file: "a.xyz", text: XYZ.replace('pbc="T T T"', 'pbc="T T T'), error: /^a\.xyz:2: unterminated " quote in the comment line/ },
  { name: "xyz stress with 5 numbers", file: "a.xyz", text: XYZ.replace("energy=-1.5", 'energy=-1.5 stress="1 2 3 4 5"'), error: /^a\.xyz:2: stress: expected 9 or 6 numbers, found 5/ },
  { name: "xyz bad pbc", file: "a.xyz", text: XYZ.replace('pbc="T T T"', 'pbc="T T"'), error: /^a\.xyz:2: pbc: expected 3 logicals like "T T F", found 'T T'/ },
  { name: "xyz NaN energy", file: "a.xyz", text: XYZ.replace("energy=-1.5", "energy=nan"), error: /^a\.xyz:2: energy is nan, expected a finite number/ },
  { name: "xyz second frame truncated", file: "b.xyz", text: XYZ + XYZ.replace(/^2/, "3"), error: /^b\.xyz:8: truncated frame: expected 3 atom lines after line 6, file ends after 2/ },
  { name: "xyz asked energy key missing", file: "a.xyz", text: XYZ, options: { energyKey: "REF_energy" }, error: /^a\.xyz:2: expected an energy key 'REF_energy=' in the comment line/ },
  // ---- POSCAR -------------------------------------------------------------------------------
  { name: "POSCAR truncated lattice", file: "POSCAR", text: POSCAR.split("\n").slice(0, 4).join("\n"), error: /^POSCAR:5: truncated file: expected lattice vector c, file ends after line 4/ },
  { name: "POSCAR lattice row with 2 numbers", file: "POSCAR", text: setLine(POSCAR, 4, "0 5.43"), error: /^POSCAR:4: expected 3 numbers \(lattice vector b\), found 2/ },
  { name: "POSCAR species count mismatch", file: "POSCAR", text: setLine(POSCAR, 6, "Si O"), error: /^POSCAR:7: expected 2 atom counts \(one per species Si O\), found 1/ },
  { name: "POSCAR unknown element", file: "POSCAR", text: setLine(POSCAR, 6, "Qq"), error: /^POSCAR:6: expected an element symbol, found 'Qq'/ },
  { name: "POSCAR too few positions", file: "CONTCAR", text: setLine(POSCAR, 7, "3"), error: /^CONTCAR:11: truncated file: expected 3 position lines, found 2/ },
  { name: "POSCAR bad coordinate mode", file: "POSCAR", text: setLine(POSCAR, 8, "Fractional"), error: /^POSCAR:8: expected 'Direct' or 'Cartesian', found 'Fractional'/ },
  { name: "POSCAR selective flags missing", file: "POSCAR", text: setLine(POSCAR, 8, "Selective dynamics\nDirect"), error: /^POSCAR:10: expected 3 selective-dynamics flags \(T or F\) after the position, found ''/ },
  { name: "POSCAR zero scale", file: "POSCAR", text: setLine(POSCAR, 2, "0.0"), error: /^POSCAR:2: scale factor is 0: expected a non-zero number/ },
  { name: "POSCAR non-number coordinate", file: "POSCAR", text: setLine(POSCAR, 10, "0.25 0.25 quarter"), error: /^POSCAR:10: expected position of atom 2 value 3 \(a number\), found 'quarter'/ },
  { name: "POSCAR coplanar cell", file: "POSCAR", text: setLine(POSCAR, 5, "5.43 5.43 0"), error: /^POSCAR:3: cell: zero volume/ },
  { name: "POSCAR atoms closer than 0.1 Å", file: "POSCAR", text: setLine(POSCAR, 10, "0.001 0 0"), error: /^POSCAR:10: atoms 1 and 2 are 0\.00543 Å apart: expected at least 0\.1 Å/ },
  { name: "POSCAR atom near its own image", file: "POSCAR", text: setLine(setLine(POSCAR, 2, "0.01"), 7, "1").split("\n").slice(0, 9).join("\n"), error: /^POSCAR:9: atom 1 is 0\.0543 Å from its own periodic image: expected lattice vectors longer than 0\.1 Å/ },
  // ---- OUTCAR -------------------------------------------------------------------------------
  { name: "OUTCAR truncated POSITION block", file: "OUTCAR", text: OUTCAR.split("\n").slice(0, lineOf(OUTCAR, "1.40000      1.35750") - 1).join("\n"), error: new RegExp(`^OUTCAR:${lineOf(OUTCAR, "1.40000      1.35750") - 1}: truncated POSITION/TOTAL-FORCE block: expected 2 ion lines \\('ions per type' sums to 2\\), found 1`) },
  { name: "OUTCAR POSITION line with 5 columns", file: "OUTCAR", text: OUTCAR.replace("1.40000      1.35750      1.35750        -0.123456", "1.40000      1.35750      1.35750"), error: new RegExp(`^OUTCAR:${lineOf(OUTCAR, "1.40000      1.35750")}: expected 6 columns \\(x y z fx fy fz\\), found 5`) },
  { name: "OUTCAR overflowing stress", file: "OUTCAR", text: OUTCAR.replace("in kB        -4.22212", "in kB      ********"), error: new RegExp(`^OUTCAR:${lineOf(OUTCAR, "in kB")}: expected stress in kB \\(xx yy zz xy yz zx\\) value 1 \\(a number\\), found '\\*+'`) },
  { name: "OUTCAR without ions per type", file: "OUTCAR", text: OUTCAR.replace("ions per type", "ions per kind"), error: /^OUTCAR:\d+: expected an 'ions per type =' line before the first ionic step/ },
  { name: "OUTCAR species/count mismatch", file: "OUTCAR", text: OUTCAR.replace("ions per type =               2", "ions per type =               1   1"), error: /^OUTCAR:\d+: found 1 species \(TITEL\/VRHFIN lines: Si\) but 2 counts in 'ions per type'/ },
  { name: "OUTCAR without a finished ionic step", file: "OUTCAR", text: OUTCAR.replaceAll("FREE ENERGIE", "FREE ENERGY"), error: /^OUTCAR: no complete ionic step found/ },
  { name: "OUTCAR step without TOTEN", file: "OUTCAR", text: OUTCAR.replace("free  energy   TOTEN  =       -10.84011331 eV", ""), error: new RegExp(`^OUTCAR:${lineOf(OUTCAR, "FREE ENERGIE") + 2}: expected 'free  energy   TOTEN  = <number> eV'`) },
  // ---- n2p2 ---------------------------------------------------------------------------------
  { name: "n2p2 missing end", file: "input.data", text: N2P2.replace("end\n", ""), error: /^input\.data:9: truncated structure: the one that begins on line 1 has no 'end'/ },
  { name: "n2p2 atom line with 9 columns", file: "input.data", text: setLine(N2P2, 7, "atom 1.3575 1.3575 1.3575 Si 0 0 -0.1 0"), error: /^input\.data:7: expected 10 columns \(atom x y z element charge atomic_energy fx fy fz\), found 9/ },
  { name: "n2p2 two lattice lines", file: "input.data", text: setLine(N2P2, 5, null), error: /^input\.data:9: expected 3 'lattice' lines \(or none\) in the structure that begins on line 1, found 2/ },
  { name: "n2p2 unknown keyword", file: "input.data", text: setLine(N2P2, 2, "atoms 1"), error: /^input\.data:2: expected one of begin, comment, lattice, atom, energy, charge, end; found 'atoms'/ },
  { name: "n2p2 non-number energy", file: "input.data", text: setLine(N2P2, 8, "energy -10.8eV"), error: /^input\.data:8: expected energy \(a number\), found '-10\.8eV'/ },
  { name: "n2p2 nested begin", file: "input.data", text: N2P2.replace("end\n", "begin\n"), error: /^input\.data:10: expected 'end' for the structure that begins on line 1, found 'begin'/ },
  { name: "n2p2 unknown element", file: "input.data", text: N2P2.replace(" Si 0 0 0.1", " Sx 0 0 0.1"), error: /^input\.data:6: expected an element symbol, found 'Sx'/ },
  { name: "n2p2 Inf force", file: "input.data", text: N2P2.replace("Si 0 0 -0.1 0 0", "Si 0 0 -0.1 Infinity 0"), error: /^input\.data:7: force value 2 is Infinity, expected a finite number/ },
  { name: "n2p2 unknown unit", file: "input.data", text: N2P2, options: { lengthUnit: "furlong" }, error: /unknown length unit 'furlong': expected one of angstrom, bohr, nm/ },
  // ---- pymatgen JSON ------------------------------------------------------------------------
  { name: "json forces row count", file: "t.json", text: json((e) => { e.outputs.forces.pop(); }), error: /^t\.json: at \[0\]\.outputs\.forces: expected forces \(2 rows, one per site\) with 2 entries, found 1/ },
  { name: "json force component not a number", file: "t.json", text: json((e) => { (e.outputs.forces[1] as unknown[])[2] = "0.1"; }, true), error: /^t\.json: at \[1\]\.outputs\.forces\[1\]\[2\]: expected the force on site 1 \(3 numbers\) \(a number\), found string "0\.1"/ },
  { name: "json num_atoms mismatch", file: "t.json", text: json((e) => { e.num_atoms = 3; }), error: /^t\.json: at \[0\]\.num_atoms: num_atoms is 3 but \[0\]\.structure\.sites has 2 sites/ },
  { name: "json lattice with 2 rows", file: "t.json", text: json((e) => { e.structure.lattice.matrix.pop(); }), error: /^t\.json: at \[0\]\.structure\.lattice\.matrix: expected the lattice matrix \(3 rows\) with 3 entries, found 2/ },
  { name: "json syntax error", file: "t.json", text: '[\n {"structure":\n  {"sites": [}\n]', error: /^t\.json:3: not valid JSON: expected a JSON value, found '}' \(column 14\)/ },
  { name: "json truncated", file: "t.json", text: TRUNCATED, error: new RegExp(`^t\\.json:${TRUNCATED.split("\n").length}: not valid JSON: expected .* found end of text`) },
  { name: "json unknown element", file: "t.json", text: json((e) => { e.structure.sites[1].species[0].element = "Zz"; }), error: /^t\.json: at \[0\]\.structure\.sites\[1\]\.species\[0\]\.element: expected an element symbol, found 'Zz'/ },
  { name: "json virial with 5 numbers", file: "t.json", text: json((e) => { e.outputs.virial_stress.pop(); }), error: /^t\.json: at \[0\]\.outputs\.virial_stress: expected virial_stress \(6 numbers, kBar: xx yy zz xy yz xz\) with 6 entries, found 5/ },
  { name: "json atoms closer than 0.1 Å", file: "t.json", text: json((e) => { e.structure.sites[1].xyz = [0.01, 0.02, 0.02]; }), error: /^t\.json: at \[0\]\.structure\.sites\[1\]: atoms 1 and 2 are 0\.0300 Å apart: expected at least 0\.1 Å/ },
  { name: "json missing sites", file: "t.json", text: json((e) => { delete (e.structure as Partial<Entry["structure"]>).sites; }), error: /^t\.json: at \[0\]\.structure\.sites: expected the list of sites \(an array\), found nothing/ },
  { name: "json partial occupancy", file: "t.json", text: json((e) => { e.structure.sites[0].species[0].occu = 0.5; }), error: /^t\.json: at \[0\]\.structure\.sites\[0\]\.species\[0\]\.occu: expected occupancy 1, found 0\.5/ },
  { name: "json coplanar lattice", file: "t.json", text: json((e) => { e.structure.lattice.matrix[2] = [5.43, 5.43, 0]; }), error: /^t\.json: at \[0\]: cell: zero volume/ },
  // ---- format detection ---------------------------------------------------------------------
  { name: "unknown format", file: "mystery.bin", text: "hello", error: /^mystery\.bin: cannot tell the file format from the name or contents; give it explicitly/ },
];

describe("malformed input names file, line or JSON path, and what was expected", () => {
  it("has at least 30 cases across all five formats", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });
  it.each(cases)("$name", ({ file, text, error, options }) => {
    let caught: unknown;
    try {
      readStructuresFromString(text, { filename: file, ...options });
    } catch (e) {
      caught = e;
    }
    expect(caught, "no error thrown").toBeInstanceOf(Error);
    expect((caught as Error).message).toMatch(error);
    if (!/unknown length unit/.test((caught as Error).message)) expect(caught).toBeInstanceOf(ParseError);
  });
  it("the unmodified bases read cleanly (so each case fails for its own reason)", () => {
    expect(readStructuresFromString(XYZ, { filename: "a.xyz" }).length).toBe(1);
    expect(readStructuresFromString(POSCAR, { filename: "POSCAR" }).length).toBe(1);
    expect(readStructuresFromString(N2P2, { filename: "input.data" }).length).toBe(1);
    expect(readStructuresFromString(OUTCAR, { filename: "OUTCAR" }).length).toBe(2);
    expect(readStructuresFromString(json(() => {}, true), { filename: "t.json" }).length).toBe(2);
  });
});

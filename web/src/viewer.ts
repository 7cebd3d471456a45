// The 3-D structure view (3Dmol.js, WebGL): atoms as spheres, the unit cell as lines,
// coloured by element before training and by predicted atomic energy after it, on the viridis
// scale from the lowest (dark violet) to the highest (yellow) atomic energy of the structure shown.
import * as $3Dmol from "3dmol";
import type { Structure } from "../../src/index.js";

/** CPK-like colours of the elements the page is likely to see; others grey. */
const ELEMENT_COLOURS: Record<string, string> = { Si: "#f0c8a0", O: "#ff0d0d", C: "#909090", H: "#ffffff", Ge: "#668f8f" };

/** Viridis colour map (perceptually uniform, colour-blind safe): 5 stops from low to high. */
export const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

/** Colour of t ∈ [0, 1] on the viridis scale (linear between the stops). */
export function scaleColour(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(u)), f = u - k;
  const c = VIRIDIS[k].map((a, j) => Math.round(a + (VIRIDIS[k + 1][j] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export class StructureView {
  private readonly viewer: $3Dmol.GLViewer;

  constructor(element: HTMLElement) {
    this.viewer = $3Dmol.createViewer(element, { backgroundColor: "white", antialias: true });
  }

  /** Show `s`; with `energies` (eV per atom) colour atoms by them, else by element. */
  show(s: Structure, energies?: ArrayLike<number>): void {
    const v = this.viewer;
    v.clear();
    const n = s.length;
    const lines = [String(n), "aemap"];
    for (let i = 0; i < n; i++) {
      const p = s.positions;
      lines.push(`${s.symbols[i]} ${p[3 * i]} ${p[3 * i + 1]} ${p[3 * i + 2]}`);
    }
    const model = v.addModel(lines.join("\n"), "xyz");
    let colourOf: (i: number) => string;
    if (energies) {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < n; i++) { lo = Math.min(lo, energies[i]); hi = Math.max(hi, energies[i]); }
      const span = hi - lo > 1e-9 ? hi - lo : 1;
      colourOf = (i) => scaleColour(hi - lo > 1e-9 ? (energies[i] - lo) / span : 0.5);
    } else colourOf = (i) => ELEMENT_COLOURS[s.symbols[i]] ?? "#b0b0b0";
    const colorfunc = (atom: { index: number }) => colourOf(atom.index);
    // Spheres only: a fixed bond-length rule would draw some Si–Si bonds of a strained cell and not others.
    model.setStyle({}, { sphere: { scale: 0.4, colorfunc } });
    if (s.pbc.some((x) => x)) this.drawCell(s.cell);
    v.zoomTo();
    v.zoom(1.2);
    v.render();
  }

  /** The 12 edges of the cell spanned by the rows a, b, c of `cell`. */
  private drawCell(cell: Float64Array): void {
    const a = [cell[0], cell[1], cell[2]], b = [cell[3], cell[4], cell[5]], c = [cell[6], cell[7], cell[8]];
    const at = (i: number, j: number, k: number) => ({ x: i * a[0] + j * b[0] + k * c[0], y: i * a[1] + j * b[1] + k * c[1], z: i * a[2] + j * b[2] + k * c[2] });
    const corners: [number, number, number][] = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]];
    for (const p of corners) for (const q of corners) {
      const d = Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]);
      const before = p[0] * 4 + p[1] * 2 + p[2] < q[0] * 4 + q[1] * 2 + q[2];
      if (d === 1 && before) this.viewer.addLine({ start: at(...p), end: at(...q), color: "#555555", dashed: false });
    }
  }

  resize(): void {
    this.viewer.resize();
    this.viewer.render();
  }
}

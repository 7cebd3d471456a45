// The page: collects structure files and settings, runs the training job in a Web Worker, draws
// the live plots, the 3-D view coloured by atomic energy, and offers the model and report.
//
// State for tests and curious users: <body data-state="loading|ready|training|done|error">, each
// figure's data-updates counter, #viewer's data-coloured ("element" or "energy"), and
// `window.aemap` (last result, atomic energies of the structure shown).
import { initWasm, readStructuresFromString, detectFormat } from "../../src/index.js";
import type { Structure, InvariantEvaluation } from "../../src/index.js";
import { groupOf } from "../../src/train/trainer.js";
import { DEFAULT_SETTINGS, stoppedResult, type EpochRecord, type InputFile, type JobResult, type JobSettings, type JobSnapshot } from "./job.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { errorFigure, inlineSvg, invariantFigure, lossFigure } from "./plots.js";
import { reportHtml } from "./report.js";
import { fixed } from "../../src/report/format.js";
import { StructureView } from "./viewer.js";
import siTrainingUrl from "../../data/si-mlearn/training.json?url";
import siTestUrl from "../../data/si-mlearn/test.json?url";

interface Loaded {
  file: InputFile;
  structures: Structure[];
}

interface PageState {
  files: Loaded[];
  history: EpochRecord[];
  invariant: { epoch: number; evaluation: InvariantEvaluation } | null;
  result: JobResult | null;
  /** The model at the end of the last epoch received (what Stop keeps). */
  snapshot: JobSnapshot | null;
  settings: JobSettings | null;
  energies: { index: number; values: number[]; energy: number } | null;
}

const state: PageState = { files: [], history: [], invariant: null, result: null, snapshot: null, settings: null, energies: null };
(window as unknown as { aemap: PageState }).aemap = state;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => $<HTMLInputElement>(id);
const select = (id: string) => $<HTMLSelectElement>(id);

function setState(s: "loading" | "ready" | "training" | "done" | "error", message: string): void {
  if (s !== "error") document.body.dataset.state = s;
  else document.body.dataset.state = state.result ? "done" : "error";
  const st = $("status");
  st.textContent = message;
  st.classList.toggle("error", s === "error");
  $<HTMLButtonElement>("train").disabled = s === "loading" || s === "training" || state.files.every((f) => f.file.role !== "train");
  $<HTMLButtonElement>("stop").disabled = s !== "training";
}

// ---------------------------------------------------------------- structures

function addFile(file: InputFile): void {
  const structures = readStructuresFromString(file.text, { filename: file.name });
  state.files.push({ file, structures });
  renderFiles();
}

function renderFiles(): void {
  const body = $("files").querySelector("tbody")!;
  body.replaceChildren(...state.files.map(({ file, structures }) => {
    const tr = document.createElement("tr");
    const groups = new Map<string, number>();
    for (const s of structures) groups.set(groupOf(s), (groups.get(groupOf(s)) ?? 0) + 1);
    const cells = [file.name, file.role, detectFormat(file.name, file.text.slice(0, 4096)) ?? "?", String(structures.length),
      String(structures.reduce((n, s) => n + s.length, 0)), [...groups].map(([g, n]) => `${g} ${n}`).join(", ")];
    for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.append(td); }
    return tr;
  }));
  const sel = select("view-structure");
  const previous = sel.value;
  const options: HTMLOptionElement[] = [];
  state.files.forEach(({ file, structures }, f) => structures.forEach((s, i) => {
    options.push(new Option(`${file.name} #${i} ${groupOf(s)} (${s.length} atoms)`, `${f}:${i}`));
  }));
  sel.replaceChildren(...options);
  // Prefer a vacancy cell (its atomic energies vary around the defect), else the first structure.
  const keep = options.find((o) => o.value === previous) ?? options.find((o) => / Vacancy /.test(o.text));
  if (keep) sel.value = keep.value;
  showSelected();
  const now = document.body.dataset.state;
  if (now === "training") return;
  setState(now === "loading" ? "loading" : state.result ? "done" : "ready", `${state.files.reduce((n, f) => n + f.structures.length, 0)} structures loaded`);
}

async function readDropped(files: FileList | null, role: "train" | "test"): Promise<void> {
  for (const f of Array.from(files ?? [])) {
    try {
      addFile({ name: f.name, text: await f.text(), role });
    } catch (e) {
      setState("error", (e as Error).message);
    }
  }
}

async function loadBundled(url: string, name: string, role: "train" | "test"): Promise<void> {
  $("status").textContent = `loading ${name}…`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  addFile({ name, text: await res.text(), role });
}

// ---------------------------------------------------------------- settings

function readSettings(paramsText: string | undefined): JobSettings {
  const num = (id: string) => {
    const v = Number(input(id).value);
    if (!Number.isFinite(v)) throw new Error(`${id}: '${input(id).value}' is not a number`);
    return v;
  };
  const hidden = input("hidden").value.trim().split(/[\s,]+/).map(Number);
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new Error(`hidden layers: '${input("hidden").value}', expected positive integers like "15 15"`);
  return {
    ...DEFAULT_SETTINGS,
    seed: num("seed"), descriptors: select("descriptors").value as JobSettings["descriptors"], paramsText,
    hidden, activation: select("activation").value as JobSettings["activation"],
    optimizer: select("optimizer").value as JobSettings["optimizer"], epochs: num("epochs"), lr: num("lr"),
    batchSize: num("batch"), forceCoeff: num("force-coeff"), perGroup: num("per-group"), invariantEvery: num("invariant-every"),
  };
}

/** The form starts at the library's defaults (one source: DEFAULT_SETTINGS, whose force weight is
 *  the trainer's DEFAULT_CONFIG), so the page and `aemap train` cannot drift apart. */
function showDefaults(): void {
  const d = DEFAULT_SETTINGS;
  const set = (id: string, v: number | string) => { input(id).value = String(v); };
  set("seed", d.seed); set("hidden", d.hidden.join(" ")); set("epochs", d.epochs); set("lr", d.lr);
  set("batch", d.batchSize); set("force-coeff", d.forceCoeff); set("per-group", d.perGroup);
  set("invariant-every", d.invariantEvery);
}
showDefaults();

// ---------------------------------------------------------------- training

let worker: Worker | null = null;
let workerReady: Promise<void> = Promise.resolve();
let drawPending = false;
let energiesRequest = 0;

function startWorker(): void {
  worker?.terminate();
  const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  workerReady = new Promise((resolve) => {
    w.addEventListener("message", function first(ev: MessageEvent<FromWorker>) {
      if (ev.data.type === "ready") { w.removeEventListener("message", first); resolve(); }
    });
  });
  w.onmessage = (ev: MessageEvent<FromWorker>) => onWorkerMessage(ev.data);
  w.onerror = (ev) => setState("error", `worker: ${ev.message}`);
  worker = w;
}

function send(m: ToWorker): void {
  worker!.postMessage(m);
}

function onWorkerMessage(m: FromWorker): void {
  if (m.type === "epoch") {
    state.history.push(m.record);
    state.snapshot = m.snapshot;
    const r = m.record;
    $("status").textContent = `epoch ${r.epoch}: loss ${r.loss.toExponential(3)}, energy RMSE ${fixed(r.trainEnergyMeV, 2)} meV/atom`;
    scheduleDraw();
  } else if (m.type === "invariant") {
    // Drawn at once, not at the next frame: evaluations are few, and on a fast machine several
    // would otherwise fall into one frame and the user would never see the earlier ones.
    state.invariant = { epoch: m.epoch, evaluation: m.evaluation };
    draw();
  } else if (m.type === "done") {
    state.result = m.result;
    state.invariant = m.result.invariant ? { epoch: m.result.epochs, evaluation: m.result.invariant } : state.invariant;
    draw();
    finishTraining(m.result);
  } else if (m.type === "energies") {
    if (m.id !== energiesRequest) return; // an older request
    const [f, i] = select("view-structure").value.split(":").map(Number);
    state.energies = { index: i, values: m.energies, energy: m.energy };
    showStructure(state.files[f].structures[i], m.energies);
  } else if (m.type === "error") {
    setState("error", m.message);
  }
}

async function startTraining(): Promise<void> {
  const paramsFile = input("params-file").files?.[0];
  const settings = readSettings(paramsFile ? await paramsFile.text() : undefined);
  state.history = []; state.invariant = null; state.result = null; state.snapshot = null; state.settings = settings; state.energies = null;
  for (const id of ["download-model", "download-report"]) $(id).classList.add("disabled");
  $("weight-hash").textContent = "–";
  setState("training", "training…");
  startWorker();
  await workerReady;
  send({ type: "train", files: state.files.map((f) => f.file), settings });
}

/** Stop: end the worker, keep the model of the last epoch received (hash, downloads, report, 3-D view). */
function stopTraining(): void {
  worker?.terminate();
  worker = null;
  const snap = state.snapshot;
  if (!snap) { setState("ready", "stopped before the first epoch ended: no model to keep"); return; }
  const result = stoppedResult(snap, state.history, state.invariant);
  state.result = result;
  state.history = result.history;
  draw();
  startWorker(); // for the atomic energies of the 3-D view, with the kept model
  send({ type: "load", model: result.model });
  finishTraining(result);
}

function finishTraining(result: JobResult): void {
  $("weight-hash").textContent = result.weightHash;
  const link = (id: string, text: string, type: string) => {
    const a = $<HTMLAnchorElement>(id);
    if (a.href.startsWith("blob:")) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.classList.remove("disabled");
  };
  link("download-model", result.modelText, "application/json");
  link("download-report", reportHtml(result, state.settings!, state.files.map((f) => `${f.file.name} (${f.file.role})`), new Date().toISOString()), "text/html");
  const last = result.history[result.history.length - 1];
  const what = result.stoppedAt !== undefined
    ? `stopped at epoch ${result.stoppedAt} of ${result.config.optimizer.epochs}: kept the model of epoch ${result.stoppedAt}`
    : `done: ${result.epochs} epochs (${result.reason})`;
  setState("done", `${what} in ${result.seconds.toFixed(1)} s; energy RMSE ${fixed(last?.trainEnergyMeV, 2)} meV/atom`);
  showSelected();
}

// ---------------------------------------------------------------- plots and view

function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; draw(); });
}

function setFigure(id: string, svg: string): void {
  const fig = $(id);
  fig.innerHTML = inlineSvg(svg);
  fig.dataset.updates = String(Number(fig.dataset.updates ?? 0) + 1);
}

function draw(): void {
  if (state.history.length) {
    setFigure("loss-plot", lossFigure(state.history));
    setFigure("error-plot", errorFigure(state.history));
  }
  if (state.invariant) setFigure("invariant-plot", invariantFigure(state.invariant.evaluation, state.invariant.epoch));
}

let view: StructureView | null = null;

function showStructure(s: Structure, energies?: number[]): void {
  view ??= new StructureView($("viewer"));
  view.show(s, energies);
  $("viewer").dataset.coloured = energies ? "energy" : "element";
  const legend = $("legend");
  if (energies) {
    const lo = Math.min(...energies), hi = Math.max(...energies);
    legend.innerHTML = `atomic energy: ${fixed(lo, 3)} eV <span class="legend-bar"></span> ${fixed(hi, 3)} eV`;
  } else legend.textContent = "coloured by element (train a model to colour by atomic energy)";
}

function showSelected(): void {
  const v = select("view-structure").value;
  if (!v) return;
  const [f, i] = v.split(":").map(Number);
  const s = state.files[f]?.structures[i];
  if (!s) return;
  if (state.result && worker) {
    energiesRequest++;
    send({ type: "energies", id: energiesRequest, structure: { symbols: s.symbols, positions: Array.from(s.positions), cell: Array.from(s.cell), pbc: s.pbc } });
  } else showStructure(s);
}

// ---------------------------------------------------------------- wiring

function wire(): void {
  const drop = $("drop");
  const role = () => select("file-role").value as "train" | "test";
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); void readDropped(e.dataTransfer?.files ?? null, role()); });
  input("file-input").addEventListener("change", () => { void readDropped(input("file-input").files, role()); input("file-input").value = ""; });
  const bundled = (url: string, name: string, r: "train" | "test") => () => loadBundled(url, name, r).catch((e) => setState("error", (e as Error).message));
  $("load-si-train").addEventListener("click", bundled(siTrainingUrl, "si-mlearn/training.json", "train"));
  $("load-si-test").addEventListener("click", bundled(siTestUrl, "si-mlearn/test.json", "test"));
  $("clear-files").addEventListener("click", () => { state.files = []; renderFiles(); });
  select("descriptors").addEventListener("change", () => { $("params-label").hidden = select("descriptors").value !== "params"; });
  const adam = () => document.querySelectorAll<HTMLElement>(".adam").forEach((el) => { el.hidden = select("optimizer").value !== "adam"; });
  select("optimizer").addEventListener("change", adam);
  adam();
  $("train").addEventListener("click", () => { startTraining().catch((e) => setState("error", (e as Error).message)); });
  $("stop").addEventListener("click", stopTraining);
  select("view-structure").addEventListener("change", showSelected);
  window.addEventListener("resize", () => view?.resize());
}

wire();
initWasm().then(() => setState("ready", "ready: load structures, then Train"), (e: Error) => setState("error", `WASM: ${e.message}`));

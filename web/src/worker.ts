// The training worker: loads the WASM kernels (by URL, bundled by Vite), runs one job at a time
// (web/src/job.ts, the same function the Node test runs) and streams epochs and invariant-point
// evaluations to the page, each epoch with the model as it stands then. Training is synchronous
// inside the worker, so the page stops a job by terminating the worker; it keeps the last model it
// received and hands it to a new worker ("load") for the atomic energies of the 3-D view.
import { initWasm, Structure, Potential } from "../../src/index.js";
import { runJob, type JobSnapshot } from "./job.js";
import type { FromWorker, ToWorker } from "./protocol.js";

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

let potential: Potential | null = null;
const ready = initWasm().then(() => post({ type: "ready" }), (e: Error) => post({ type: "error", message: `WASM: ${e.message}` }));

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  await ready;
  const msg = ev.data;
  try {
    if (msg.type === "train") {
      potential?.dispose();
      potential = null;
      let snapshot: JobSnapshot | undefined;
      const result = runJob(msg.files, msg.settings, {
        onSnapshot: (s) => { snapshot = s; },
        onEpoch: (record) => post({ type: "epoch", record, snapshot: snapshot! }),
        onInvariant: (epoch, evaluation) => post({ type: "invariant", epoch, evaluation }),
      });
      potential = new Potential(result.model, "trained model");
      post({ type: "done", result });
    } else if (msg.type === "load") {
      potential?.dispose();
      potential = new Potential(msg.model, "model kept at stop");
    } else if (msg.type === "energies") {
      if (!potential) throw new Error("no trained model yet");
      const s = new Structure(msg.structure);
      const r = potential.calculate(s, { forces: false, stress: false });
      post({ type: "energies", id: msg.id, energies: Array.from(r.energies!), energy: r.energy! });
    }
  } catch (e) {
    post({ type: "error", message: (e as Error).message });
  }
};

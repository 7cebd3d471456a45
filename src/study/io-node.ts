// Node side of a study: files relative to a base folder, every input hashed for the manifest, and
// the output folder written so that a failed run leaves nothing half-written (all three files are
// rendered in memory first, then each is written atomically; results.json last).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { cpus, platform } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readStructuresFromString } from "../io/index.js";
import { fileErrorMessage, writeTextAtomic } from "../io/files-node.js";
import type { Structure } from "../structure/structure.js";
import type { StudyIO, StudyOutcome } from "./runner.js";
import { MANIFEST_FORMAT, serialiseManifest, type InputRecord, type Manifest } from "./manifest.js";
import { serialiseResults } from "./results.js";
import { renderReport } from "./report-html.js";

export const sha256File = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/** The package root (folder of package.json), found upward from this module. */
export function packageRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 6; k++) {
    if (existsSync(join(d, "package.json"))) return d;
    d = dirname(d);
  }
  throw new Error("cannot find the aemap package root (package.json) above " + fileURLToPath(import.meta.url));
}

/** File access relative to `baseDir`, recording each input once with its SHA-256. */
export class NodeStudyIO implements StudyIO {
  readonly inputs: InputRecord[] = [];
  constructor(readonly baseDir: string) {}

  private read(path: string): string {
    const resolved = isAbsolute(path) ? path : resolve(this.baseDir, path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolved);
    } catch (e) {
      throw new Error(`${fileErrorMessage(e, path, "read")} (paths in a study spec are relative to ${this.baseDir})`);
    }
    if (!this.inputs.some((r) => r.resolved === resolved)) this.inputs.push({ path, resolved, bytes: bytes.length, sha256: sha256File(bytes) });
    return bytes.toString("utf8");
  }
  readText(path: string): string {
    return this.read(path);
  }
  readStructures(path: string): Structure[] {
    return readStructuresFromString(this.read(path), { filename: path });
  }
}

/** The commit checked out in `root`, read from .git (no git process); undefined outside a clone. */
function gitCommit(root: string): string | undefined {
  try {
    const head = readFileSync(join(root, ".git", "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head;
    const ref = head.slice(5);
    if (existsSync(join(root, ".git", ref))) return readFileSync(join(root, ".git", ref), "utf8").trim();
    const packed = readFileSync(join(root, ".git", "packed-refs"), "utf8").split("\n").find((l) => l.endsWith(` ${ref}`));
    return packed?.split(" ")[0];
  } catch {
    return undefined;
  }
}

function codeInfo(root: string): Manifest["code"] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };
  const wasm = join(root, "build", "aemap.wasm");
  const commit = gitCommit(root);
  return {
    package: pkg.name, version: pkg.version, ...(commit ? { gitCommit: commit } : {}),
    ...(existsSync(wasm) ? { wasmSha256: sha256File(readFileSync(wasm)) } : {}),
  };
}

/** Render and write DIR/report.html, DIR/manifest.json, DIR/results.json. Returns the paths. */
export function writeStudyOutput(dir: string, outcome: StudyOutcome, io: NodeStudyIO, started: Date): { results: string; manifest: string; report: string } {
  const resultsText = serialiseResults(outcome.results);
  const root = packageRoot();
  const cpu = cpus();
  const manifest: Manifest = {
    format: MANIFEST_FORMAT, version: 1, study: outcome.results.study, specHash: outcome.results.specHash,
    resultsSha256: sha256File(resultsText), code: codeInfo(root), inputs: io.inputs, seeds: outcome.seeds,
    machine: { cpu: cpu[0]?.model ?? "unknown", cores: cpu.length, node: process.version, platform: platform() },
    started: started.toISOString(), timings: outcome.timings,
  };
  const report = renderReport(outcome.results, manifest);
  mkdirSync(dir, { recursive: true });
  const paths = { report: join(dir, "report.html"), manifest: join(dir, "manifest.json"), results: join(dir, "results.json") };
  writeTextAtomic(paths.report, report);
  writeTextAtomic(paths.manifest, serialiseManifest(manifest));
  writeTextAtomic(paths.results, resultsText);
  return paths;
}

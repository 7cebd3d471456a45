// Node side of a study: files relative to a base folder, every input hashed for the manifest, and
// the output folder replaced as a set (writeStudyOutput).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import { cpus, platform } from "node:os";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readStructuresFromString } from "../io/index.js";
import { processAlive } from "../io/lock-node.js";
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

/** The files of a study's output folder. */
export const STUDY_FILES = ["report.html", "results.json", "manifest.json"] as const;

/** Writes one file of the set (the default flushes it to disk); tests pass one that fails. */
export type FileWriter = (path: string, text: string) => void;

function writeFlushed(path: string, text: string): void {
  const fd = openSync(path, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Render DIR/report.html, DIR/manifest.json and DIR/results.json and put them in place as a set:
 * the three files are written into a new sibling folder `.DIR.new-<pid>`, which then replaces DIR
 * by two renames (DIR → `.DIR.old-<pid>`, `.DIR.new-<pid>` → DIR) before the old set is deleted.
 * A failure while writing leaves DIR as it was (and removes the new folder). POSIX cannot
 * exchange two non-empty folders in one step: a kill exactly between the two renames leaves no
 * DIR but both complete sets beside it, and the next study writing DIR (or recoverStudyOutput)
 * finishes the swap. DIR must hold nothing but a study's files. Returns the paths.
 */
export function writeStudyOutput(dir: string, outcome: StudyOutcome, io: NodeStudyIO, started: Date, writeFile: FileWriter = writeFlushed): { results: string; manifest: string; report: string } {
  const resultsText = serialiseResults(outcome.results);
  const root = packageRoot();
  const cpu = cpus();
  const manifest: Manifest = {
    format: MANIFEST_FORMAT, version: 1, study: outcome.results.study, specHash: outcome.results.specHash,
    resultsSha256: sha256File(resultsText), code: codeInfo(root), inputs: io.inputs, seeds: outcome.seeds,
    machine: { cpu: cpu[0]?.model ?? "unknown", cores: cpu.length, node: process.version, platform: platform() },
    started: started.toISOString(), timings: outcome.timings,
  };
  const texts: Record<(typeof STUDY_FILES)[number], string> = {
    "report.html": renderReport(outcome.results, manifest), "results.json": resultsText, "manifest.json": serialiseManifest(manifest),
  };
  recoverStudyOutput(dir);
  checkStudyFolder(dir);
  const { parent, base } = sides(dir);
  mkdirSync(parent, { recursive: true });
  const fresh = join(parent, `.${base}.new-${process.pid}`);
  rmSync(fresh, { recursive: true, force: true });
  try {
    mkdirSync(fresh);
    for (const name of STUDY_FILES) writeFile(join(fresh, name), texts[name]);
    if (existsSync(dir)) {
      const old = join(parent, `.${base}.old-${process.pid}`);
      rmSync(old, { recursive: true, force: true });
      renameSync(dir, old);
      renameSync(fresh, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(fresh, dir);
    }
  } catch (e) {
    rmSync(fresh, { recursive: true, force: true });
    throw e;
  }
  return { report: join(dir, "report.html"), manifest: join(dir, "manifest.json"), results: join(dir, "results.json") };
}

function sides(dir: string): { parent: string; base: string } {
  const p = resolve(dir);
  return { parent: dirname(p), base: basename(p) };
}

/** Refuse an output folder that holds anything but a study's files (it is replaced as a whole). */
export function checkStudyFolder(dir: string): void {
  let entries: string[];
  try { entries = readdirSync(dir); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new Error(`--out ${dir}: is a file; a study writes a folder`);
    throw new Error(`--out ${dir}: cannot read (${(e as Error).message})`);
  }
  const other = entries.filter((e) => !(STUDY_FILES as readonly string[]).includes(e));
  if (other.length) {
    throw new Error(`--out ${dir}: holds files that are not a study's (${other.slice(0, 3).join(", ")}${other.length > 3 ? ", …" : ""}); `
      + "the folder is replaced as a whole, so give a new folder or one that only holds report.html, results.json and manifest.json");
  }
}

/**
 * Clean up after a study killed while writing DIR: finish an interrupted swap (no DIR, a complete
 * `.DIR.new-<pid>` and a `.DIR.old-<pid>` of a dead pid → the new set becomes DIR) and remove the
 * temporary folders of dead writers. Returns what it did, for messages.
 */
export function recoverStudyOutput(dir: string): string[] {
  const { parent, base } = sides(dir);
  let entries: string[];
  try { entries = readdirSync(parent); } catch { return []; }
  const done: string[] = [];
  // The pid in `.DIR.<kind>-<pid>` when that writer is dead.
  const dead = (e: string, kind: "new" | "old") => {
    const prefix = `.${base}.${kind}-`, pid = e.slice(prefix.length);
    return e.startsWith(prefix) && /^\d+$/.test(pid) && Number(pid) !== process.pid && !processAlive(Number(pid)) ? Number(pid) : undefined;
  };
  for (const e of entries) {
    const pid = dead(e, "old");
    if (pid === undefined) continue;
    const fresh = join(parent, `.${base}.new-${pid}`);
    if (!existsSync(dir) && existsSync(fresh)) { renameSync(fresh, dir); done.push(`finished replacing ${dir} (a study was stopped while swapping the sets)`); }
    if (existsSync(dir)) rmSync(join(parent, e), { recursive: true, force: true });
    else { renameSync(join(parent, e), dir); done.push(`restored the previous ${dir}`); }
  }
  for (const e of entries) {
    if (dead(e, "new") !== undefined && existsSync(join(parent, e))) { rmSync(join(parent, e), { recursive: true, force: true }); done.push(`removed ${join(parent, e)} (left by a stopped study)`); }
  }
  return done;
}

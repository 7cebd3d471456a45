// Output locks and stale temporaries (Node only).
//
// A run that writes a file (or folder) X first takes the lock `.X.lock` beside it: a small JSON
// file naming the owner's pid and host, created atomically (written under a private name, then
// hard-linked to the lock name, which fails if the lock exists). A second run given the same X
// finds the lock and refuses, naming the owner. A lock whose owner is dead (same host, no process
// with that pid, e.g. after kill -9) is stale: the next run takes it over. Locks are removed when
// the run ends (normally or by an error); a lock from another host is never taken over.
//
// Stale temporaries: writeTextAtomic writes `.NAME.<pid>.<ms>.<n>.tmp` and renames it over NAME;
// a kill during the write leaves the temporary behind. `removeStaleTemporaries(X)` removes those
// of X whose writer is dead.
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  started: string;
  /** The command line of the owner. */
  command: string;
}

/** Whether a process with this pid runs on this machine (EPERM: it runs under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock file of an output path: `.NAME.lock` in the same folder. */
export function lockPath(path: string): string {
  const p = resolve(path);
  return join(dirname(p), `.${basename(p)}.lock`);
}

function readOwner(lock: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(lock, "utf8")) as LockOwner;
    return typeof o?.pid === "number" && typeof o.host === "string" ? o : undefined;
  } catch {
    return undefined;
  }
}

const isStale = (o: LockOwner | undefined) => o !== undefined && o.host === hostname() && o.pid !== process.pid && !processAlive(o.pid);

const held = new Set<string>();
let exitHook = false;

/** Create `lock` holding `owner` atomically; false when it already exists. */
function tryCreate(lock: string, owner: LockOwner): boolean {
  const tmp = join(dirname(lock), `.${basename(lock)}.${process.pid}.${Date.now()}.0.tmp`);
  const fd = openSync(tmp, "w");
  try { writeSync(fd, JSON.stringify(owner) + "\n"); } finally { closeSync(fd); }
  try {
    linkSync(tmp, lock);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Take over a stale lock: move it aside, check it is still the dead owner's, delete it. */
function removeStale(lock: string, seen: LockOwner): void {
  const aside = `${lock}.stale.${process.pid}`;
  try { renameSync(lock, aside); } catch { return; } // someone else removed it first
  const moved = readOwner(aside);
  if (moved && moved.pid === seen.pid && moved.host === seen.host && moved.started === seen.started) {
    rmSync(aside, { force: true });
    return;
  }
  // A live owner took the lock between our read and the rename: give it back.
  try { linkSync(aside, lock); } catch { /* a third run holds it now */ }
  rmSync(aside, { force: true });
}

function describeOwner(o: LockOwner | undefined): string {
  if (!o) return "another run (the lock file cannot be read)";
  return `process ${o.pid} on ${o.host} (started ${o.started}: ${o.command})`;
}

/** The folder of an output must exist (or is created with `create`): checked before any work. */
function checkFolder(output: string, create: boolean): void {
  const dir = dirname(resolve(output));
  if (create) { mkdirSync(dir, { recursive: true }); return; }
  if (!existsSync(dir)) throw new Error(`${output}: cannot write there, the folder ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new Error(`${output}: cannot write there, ${dir} is not a folder`);
}

/**
 * Lock every path of `outputs` for this process (and remove their stale temporaries), or throw
 * naming the run that holds one. The folders of the outputs must exist (`createFolders`: they are
 * created). Returns the function that releases the locks (also run at exit).
 */
export function lockOutputs(outputs: string[], options: { createFolders?: boolean } = {}): () => void {
  for (const p of outputs) checkFolder(p, options.createFolders ?? false);
  const locks = [...new Set(outputs.map(lockPath))];
  const owner: LockOwner = {
    pid: process.pid, host: hostname(), started: new Date().toISOString(),
    command: ["aemap", ...process.argv.slice(2)].join(" "),
  };
  const taken: string[] = [];
  const release = () => {
    for (const lock of taken.splice(0)) {
      const o = readOwner(lock);
      if (o && o.pid === process.pid && o.host === owner.host) rmSync(lock, { force: true });
      held.delete(lock);
    }
  };
  try {
    for (const [k, lock] of locks.entries()) {
      removeStaleTemporaries(lock);
      if (held.has(lock)) throw new Error(`${outputs[k]}: already written by this process`);
      for (let attempt = 0; ; attempt++) {
        if (tryCreate(lock, owner)) break;
        const current = readOwner(lock);
        if (attempt < 2 && isStale(current)) { removeStale(lock, current!); continue; }
        const what = outputs.find((p) => lockPath(p) === lock)!;
        throw new Error(`${what}: in use by ${describeOwner(current)}; wait for it to finish, `
          + `or remove ${lock} if that run is gone`);
      }
      taken.push(lock);
      held.add(lock);
    }
  } catch (e) {
    release();
    throw e;
  }
  for (const p of outputs) removeStaleTemporaries(p);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => { for (const lock of held) if (readOwner(lock)?.pid === process.pid) rmSync(lock, { force: true }); });
  }
  return release;
}

/** `.NAME.<pid>.<ms>.<n>.tmp`: a temporary of writeTextAtomic for NAME; its pid, else undefined. */
export function temporaryOwner(entry: string, name: string): number | undefined {
  const prefix = `.${name}.`;
  if (!entry.startsWith(prefix) || !entry.endsWith(".tmp")) return undefined;
  const m = /^(\d+)\.\d+\.\d+\.tmp$/.exec(entry.slice(prefix.length));
  return m ? Number(m[1]) : undefined;
}

/** Remove the temporaries of `path` (left by writeTextAtomic) whose writer is dead. */
export function removeStaleTemporaries(path: string): string[] {
  const p = resolve(path), dir = dirname(p), name = basename(p);
  let entries: string[];
  try { entries = readdirSync(dir); } catch { return []; }
  const removed: string[] = [];
  for (const e of entries) {
    const pid = temporaryOwner(e, name);
    if (pid !== undefined && pid !== process.pid && !processAlive(pid)) {
      rmSync(join(dir, e), { force: true, recursive: true });
      removed.push(join(dir, e));
    }
  }
  return removed;
}

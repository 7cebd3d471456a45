// Crash safety and concurrent runs of `aemap train` (issue 13, item 5): kill -9 and --resume,
// stale temporaries, a failed run, two runs on the same outputs. The kill and the concurrent run
// use real child processes running the CLI from src/ (test/helpers/cli.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trainCommand } from "../src/cli/commands/train.js";
import { writeStructures } from "../src/io/files-node.js";
import { lockPath } from "../src/io/lock-node.js";
import { labelWithTeacher } from "../src/teacher/dataset.js";
import { rattle, vacancy } from "../src/structure/generators.js";
import { diamond } from "./helpers/lattice.js";
import { spawnCli, runCli, waitFor } from "./helpers/cli.js";

let dir: string;
let trainFile: string, cfg: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aemap-crash-"));
  trainFile = join(dir, "train.extxyz");
  cfg = join(dir, "cfg.json");
  writeStructures(trainFile, [1, 2, 3, 4].map((k) => labelWithTeacher(rattle(vacancy(diamond(5.431, 2), 0), 0.05, k), "vacancy-63")));
  writeFileSync(cfg, JSON.stringify({ seed: 3, network: { hidden: [6] }, checkpoint: { every: 10 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the train handler in this process, quietly. */
async function trainHere(args: Record<string, unknown>): Promise<void> {
  const so = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const se = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await (trainCommand.handler as (a: unknown) => unknown)({ train: [trainFile], config: cfg, "monitor-every": 10, "monitor-patience": 0, ...args });
  } finally { so.mockRestore(); se.mockRestore(); }
}

const logLines = (p: string) => (existsSync(p) ? readFileSync(p, "utf8").split("\n").filter((l) => l.endsWith("}")).map((l) => JSON.parse(l)) : []);
const epochOf = (p: string) => (existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as { epoch: number }).epoch : 0);
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("aemap train: kill -9, then --resume", () => {
  it("cuts the log back to the checkpoint: every epoch once, the same numbers as an uninterrupted run", { timeout: 120_000 }, async () => {
    const log = join(dir, "k.log.jsonl"), cp = join(dir, "k.cp.json");
    const args = ["train", "--train", trainFile, "--config", cfg, "--out", join(dir, "k.json"), "--log", log, "--checkpoint", cp];
    const run = spawnCli([...args, "--epochs", "100000"]);
    await waitFor(() => existsSync(cp) && logLines(log).length >= 25, 60_000, "25 epochs and a checkpoint");
    // Stop the child where the log is ahead of the checkpoint, then kill it.
    run.child.kill("SIGSTOP");
    while (logLines(log).at(-1).epoch === epochOf(cp)) {
      run.child.kill("SIGCONT");
      const n = logLines(log).length;
      await waitFor(() => logLines(log).length > n);
      run.child.kill("SIGSTOP");
    }
    const killedAt = logLines(log).at(-1).epoch, cpEpoch = epochOf(cp);
    run.child.kill("SIGKILL");
    await run.exited;
    expect(killedAt).toBeGreaterThan(cpEpoch);
    const staleLock = existsSync(lockPath(log)) ? JSON.parse(readFileSync(lockPath(log), "utf8")) : undefined;

    const total = killedAt + 10;
    const resumed = await runCli([...args, "--resume", cp, "--epochs", String(total)]);
    expect(resumed.out).not.toMatch(/in use by/);
    expect(resumed.code).toBe(0);
    const lines = logLines(log);
    expect(lines.map((l) => l.epoch)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // The killed run's lock was left behind, naming a dead process; the resumed run took it over.
    expect(staleLock?.pid).toBe(run.child.pid);
    expect(existsSync(lockPath(log))).toBe(false);

    // Independent check: an uninterrupted run of `total` epochs logs the same loss every epoch.
    const straight = join(dir, "straight.log.jsonl");
    await trainHere({ out: join(dir, "straight.json"), log: straight, epochs: total });
    expect(lines.map((l) => l.loss)).toEqual(logLines(straight).map((l) => l.loss));
  });
});

describe("aemap train: stale temporaries, failed runs, concurrent runs", () => {
  it("removes the temporaries a killed writer left beside its outputs (and only those)", async () => {
    const cp = join(dir, "t.cp.json");
    const orphan = join(dir, `.t.cp.json.${deadPid()}.1700000000000.0.tmp`);
    const live = join(dir, `.t.cp.json.${process.pid === 1 ? 2 : 1}.1700000000000.0.tmp`); // pid 1 is alive
    writeFileSync(orphan, "{\"half\":");
    writeFileSync(live, "{\"half\":");
    await trainHere({ out: join(dir, "t.json"), checkpoint: cp, epochs: 3 });
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(epochOf(cp)).toBe(3);
    expect(readdirSync(dir).filter((e) => e.startsWith(".t.") && !e.includes("1700000000000"))).toEqual([]);
  });

  it("leaves an existing --log untouched when the run fails after reading its input", async () => {
    const log = join(dir, "f.log.jsonl");
    writeFileSync(log, "{\"epoch\":1,\"from\":\"an earlier run\"}\n");
    const bad = join(dir, "no-energy.extxyz");
    writeStructures(bad, [rattle(vacancy(diamond(5.431, 2), 0), 0.05, 9)]);
    await expect(trainHere({ train: [bad], out: join(dir, "f.json"), log })).rejects.toThrow(/reference energy/);
    expect(readFileSync(log, "utf8")).toBe("{\"epoch\":1,\"from\":\"an earlier run\"}\n");
    expect(existsSync(join(dir, "f.json"))).toBe(false);
    expect(existsSync(lockPath(log))).toBe(false);
  });

  it("stops before any work when an output's folder does not exist (naming it, not a temporary file)", async () => {
    const out = join(dir, "no-such-folder", "m.json");
    await expect(trainHere({ out })).rejects.toThrow(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot write there, the folder .*no-such-folder does not exist$`));
  });

  it("refuses a second run on the same --log or --checkpoint while the first runs", { timeout: 120_000 }, async () => {
    const log = join(dir, "c.log.jsonl"), cp = join(dir, "c.cp.json");
    const first = spawnCli(["train", "--train", trainFile, "--config", cfg, "--epochs", "100000", "--out", join(dir, "c1.json"), "--log", log, "--checkpoint", cp]);
    try {
      await waitFor(() => logLines(log).length >= 2, 60_000, "the first run's log");
      const owner = new RegExp(`in use by process ${first.child.pid} on `);
      await expect(trainHere({ out: join(dir, "c2.json"), log })).rejects.toThrow(owner);
      await expect(trainHere({ out: join(dir, "c3.json"), checkpoint: cp })).rejects.toThrow(owner);
      expect(existsSync(join(dir, "c2.json")) || existsSync(join(dir, "c3.json"))).toBe(false);
    } finally {
      first.child.kill("SIGKILL");
      await first.exited;
    }
    // The owner is dead now: its lock is stale and the next run proceeds.
    await trainHere({ out: join(dir, "c4.json"), log, epochs: 2 });
    expect(logLines(log).map((l) => l.epoch)).toEqual([1, 2]);
  });
});

// Run the aemap CLI from the TypeScript sources in a child process (Node with the hooks of
// ts-hooks.mjs), for tests that need a real process: kill -9, two runs at once.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const register = fileURLToPath(new URL("./ts-register.mjs", import.meta.url));
const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

/** Start `aemap ARGS` (stdout and stderr collected in `out()`). */
export function spawnCli(args: string[], cwd = root): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", register, main, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (d) => { text += String(d); });
  child.stderr!.on("data", (d) => { text += String(d); });
  const exited = new Promise<number | null>((res) => child.on("close", (code) => res(code)));
  return { child, out: () => text, exited };
}

/** Run `aemap ARGS` to the end. */
export async function runCli(args: string[], cwd = root): Promise<{ code: number | null; out: string }> {
  const c = spawnCli(args, cwd);
  const code = await c.exited;
  return { code, out: c.out() };
}

/** Poll `test` every few milliseconds until it is true (or throw after `ms`). */
export async function waitFor(test: () => boolean, ms = 60_000, what = "condition"): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

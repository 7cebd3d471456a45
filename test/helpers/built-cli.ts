// Run the built command-line program (dist/src/cli/main.js, made by `npm run build`, which
// `npm test` runs first) as a user would: its exit status, stdout and stderr.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `aemap ARGS` in folder `cwd` (default: the repository). */
export function aemap(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`npm run build\` first`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd, encoding: "utf8", env: { ...process.env, AEMAP_DEBUG: "", ...options.env }, maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The stderr of a failed run must be one clear message: no stack trace, no WASM or Node internals. */
export const INTERNAL = /\n\s+at |~lib\/|node:internal|Maximum call stack|Cannot read properties|undefined undefined|EISDIR|ENOENT|EPIPE|\.tmp\b/;

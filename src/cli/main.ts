#!/usr/bin/env node
// aemap command-line interface. Each command lives in src/cli/commands/<name>.ts and exports a
// yargs CommandModule; this file only wires them together.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initWasm } from "../node.js";
import { commands } from "./commands/index.js";
import { fileErrorMessage } from "../io/files-node.js";

// package.json is two folders up from src/cli, three from dist/src/cli.
const pkgPath = ["../../package.json", "../../../package.json"].map((p) => fileURLToPath(new URL(p, import.meta.url))).find(existsSync)!;
const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string };

// `aemap describe FILE | head`: the reader went away; stop quietly, as other command-line tools do.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

/**
 * The one line a user sees for an error. aemap's own checks already write messages that name the
 * file and what was expected; file-system errors are reworded with their path; anything else is
 * an internal failure and is called one (the details with AEMAP_DEBUG=1), never shown raw.
 */
function userMessage(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!(e instanceof Error)) return `internal error: ${String(err)}`;
  if (e.code && e.path) return fileErrorMessage(e, e.path, /write|open|rename|mkdir|unlink/.test(e.syscall ?? "") ? "write" : "read");
  if (/~lib\/rt\/(tlsf|itcms|tcms)/.test(e.message)) return "out of WebAssembly memory (the kernels address at most 4 GiB): the structures or the data set are too large; split them";
  const internal = /~lib\//.test(e.message) || e instanceof RangeError || e instanceof TypeError || e instanceof ReferenceError || e.code !== undefined;
  if (internal) return `internal error (${e.name}${e.code ? " " + e.code : ""}): this is a bug in aemap; run again with AEMAP_DEBUG=1 to see the details, and please report them`;
  return e.message;
}

function fail(err: unknown): never {
  process.stderr.write(`aemap: ${userMessage(err)}\n`);
  if (process.env.AEMAP_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}

await initWasm();
let cli = yargs(hideBin(process.argv))
  .scriptName("aemap")
  .version(pkg.version)
  .usage("aemap: Behler–Parrinello neural network potentials and their atomic-energy mapping\n\nUsage: $0 <command> [options]")
  .strict()
  .demandCommand(1, "Give a command; see --help.")
  .recommendCommands()
  .wrap(Math.min(110, process.stdout.columns || 110))
  .fail((msg, err, y) => {
    if (err) fail(err);
    process.stderr.write(`${y.help()}\n\naemap: ${msg}\n`);
    process.exit(1);
  });
for (const c of commands) cli = cli.command(c);
try {
  await cli.parseAsync();
} catch (err) {
  // Synchronous handler errors bypass yargs' .fail(): report them the same way.
  fail(err);
}

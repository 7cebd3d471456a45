#!/usr/bin/env node
// aemap command-line interface. Each command lives in src/cli/commands/<name>.ts and exports a
// yargs CommandModule; this file only wires them together.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initWasm } from "../node.js";
import { commands } from "./commands/index.js";

// package.json is two folders up from src/cli, three from dist/src/cli.
const pkgPath = ["../../package.json", "../../../package.json"].map((p) => fileURLToPath(new URL(p, import.meta.url))).find(existsSync)!;
const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string };

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
    if (err) {
      process.stderr.write(`aemap: ${err.message}\n`);
      if (process.env.AEMAP_DEBUG) process.stderr.write(`${err.stack}\n`);
    } else {
      process.stderr.write(`${y.help()}\n\naemap: ${msg}\n`);
    }
    process.exit(1);
  });
for (const c of commands) cli = cli.command(c);
try {
  await cli.parseAsync();
} catch (err) {
  // Synchronous handler errors bypass yargs' .fail(): report them the same way.
  const e = err as Error;
  process.stderr.write(`aemap: ${e.message}\n`);
  if (process.env.AEMAP_DEBUG) process.stderr.write(`${e.stack}\n`);
  process.exit(1);
}

// Module hooks that let a child Node process run the TypeScript sources directly (tests spawn the
// CLI from src/, so they test the code as it is, not a possibly stale dist/ build). Imports of
// "./x.js" resolve to "./x.ts" when only the .ts file exists; .ts files have their types stripped by
// vite's oxc transform (vite is a dev dependency; nothing is type-checked here).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transformWithOxc } from "vite";

export async function resolve(specifier, context, next) {
  if (specifier.endsWith(".js") && (specifier.startsWith(".") || specifier.startsWith("file:")) && context.parentURL?.endsWith(".ts")) {
    const url = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(url))) {
      const tsUrl = new URL(url.href.replace(/\.js$/, ".ts"));
      if (existsSync(fileURLToPath(tsUrl))) return { url: tsUrl.href, shortCircuit: true };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const path = fileURLToPath(url);
  const out = await transformWithOxc(readFileSync(path, "utf8"), path, { sourcemap: false });
  return { format: "module", source: out.code, shortCircuit: true };
}

// Copies the compiled WASM module and its AssemblyScript bindings next to the compiled TypeScript,
// so dist/ is self-contained (dist/build/aemap.wasm is found relative to dist/src/wasm/).
import { mkdirSync, copyFileSync, readdirSync } from "node:fs";
mkdirSync("dist/build", { recursive: true });
for (const f of readdirSync("build")) {
  if (/\.(wasm|js|d\.ts)$/.test(f)) copyFileSync(`build/${f}`, `dist/build/${f}`);
}

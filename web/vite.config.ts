// Vite config of the web page: `npm run web` (dev server) and `npm run web:build` (static files in
// web/dist). The page imports the library from ../src and the WASM module by URL
// (new URL("../../build/aemap.wasm", import.meta.url) in src/wasm/module.ts), so run
// `npm run asbuild` (or `npm run build`) first. Everything is bundled: the page fetches nothing
// from other hosts.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  // The bundled Si sets and the WASM are imported as assets; keep them as files, never inlined.
  build: {
    outDir: "dist", emptyOutDir: true, target: "es2022", assetsInlineLimit: 0, chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      // 3Dmol.js calls eval() in its callback helper; known, harmless here, and not ours to change.
      onwarn(warning, warn) {
        if (warning.code === "EVAL" && /3dmol/i.test(warning.id ?? warning.message)) return;
        warn(warning);
      },
    },
  },
  worker: { format: "es" },
  server: { fs: { allow: [repo] } },
  clearScreen: false,
});

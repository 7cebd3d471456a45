import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

// The library entry must load in a browser: nothing it reaches (statically or by dynamic import)
// may import a Node built-in. Node-only code lives in src/node.ts, src/cli/ and files named *-node.ts.
const NODE_BUILTINS = new Set(["fs", "path", "os", "url", "crypto", "worker_threads", "child_process", "util", "stream", "process"]);

function reachable(entry: string): { files: string[]; nodeImports: string[] } {
  const seen = new Set<string>(), nodeImports: string[] = [];
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith("node:") || NODE_BUILTINS.has(spec)) { nodeImports.push(`${relative(".", file)} imports ${spec}`); continue; }
      if (!spec.startsWith(".")) continue;
      const ts = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      if (existsSync(ts)) walk(ts);
    }
  };
  walk(resolve(entry));
  return { files: [...seen].map((f) => relative(".", f)), nodeImports };
}

describe("library entry src/index.ts", () => {
  const { files, nodeImports } = reachable("src/index.ts");
  it("reaches no Node built-in module", () => {
    expect(nodeImports).toEqual([]);
  });
  it("reaches no Node-only file (src/node.ts, src/cli/, *-node.ts)", () => {
    expect(files.filter((f) => f === "src/node.ts" || f.startsWith("src/cli/") || /-node\.ts$/.test(f))).toEqual([]);
    // sanity: the walk does follow the entry's imports
    expect(files).toContain("src/io/index.ts");
    expect(files).toContain("src/train/trainer.ts");
  });
  it("the Node entry does reach the Node-only file helpers (the check can fail)", () => {
    expect(reachable("src/node.ts").files).toContain("src/io/files-node.ts");
    expect(reachable("src/node.ts").nodeImports.length).toBeGreaterThan(0);
  });
});

// docs/config.md lists every key of DEFAULT_CONFIG with its default (and nothing else): the table
// is read back and compared with the code, so the documentation cannot drift.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { DEFAULT_CONFIG, resolveConfig } from "../src/train/config.js";

/** Leaf keys of the config: dotted path → default (free-form maps such as reference.energies are leaves). */
function leaves(o: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const path = prefix ? `${prefix}.${k}` : k;
    const isMap = v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !isMap) Object.assign(out, leaves(v as Record<string, unknown>, path));
    else out[path] = v;
  }
  return out;
}

describe("docs/config.md", () => {
  const doc = readFileSync(new URL("../docs/config.md", import.meta.url), "utf8");
  const rows = new Map<string, string>();
  for (const m of doc.matchAll(/^\| `([A-Za-z.]+)` \| `([^`]*)` \|/gm)) rows.set(m[1], m[2]);
  const keys = leaves(DEFAULT_CONFIG as unknown as Record<string, unknown>);

  it("has one row per key of DEFAULT_CONFIG, with the default value", () => {
    expect(Object.keys(keys).length).toBeGreaterThan(25);
    for (const [path, value] of Object.entries(keys)) {
      expect(rows.has(path), `docs/config.md: no row for '${path}'`).toBe(true);
      expect(JSON.parse(rows.get(path)!), `docs/config.md: default of '${path}'`).toEqual(value);
    }
    expect([...rows.keys()].sort()).toEqual(Object.keys(keys).sort());
  });

  it("documents keys that resolveConfig accepts (each documented default round-trips)", () => {
    for (const [path, text] of rows) {
      const patch: Record<string, unknown> = {};
      path.split(".").reduce((o, k, i, all) => (o[k] = i === all.length - 1 ? JSON.parse(text) : {}) as Record<string, unknown>, patch);
      const warnings: string[] = [];
      resolveConfig(patch, (w) => warnings.push(w));
      expect(warnings, path).toEqual([]);
    }
  });
});

describe("docs/units.md", () => {
  it("gives the unit of every key of the units record (KEY_UNITS)", async () => {
    const { KEY_UNITS } = await import("../src/util/units-record.js");
    const doc = readFileSync(new URL("../docs/units.md", import.meta.url), "utf8");
    const documented = new Map<string, string>();
    for (const m of doc.matchAll(/^ *\| ((?:`\w+`(?:, )?)+) \| ([^|]+?) *\|$/gm)) {
      for (const k of m[1].matchAll(/`(\w+)`/g)) documented.set(k[1], m[2].trim());
    }
    expect(Object.fromEntries(documented)).toEqual(KEY_UNITS);
  });
});

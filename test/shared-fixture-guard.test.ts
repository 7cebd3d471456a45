// Fixtures kept outside the repository are reached only through test/helpers/shared-fixture.ts,
// which skips a suite (with its reason) when they are absent. A test that names the outside
// folder directly would fail in a fresh clone, as eight suites once did.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { sharedFixture, SHARED_FIXTURES } from "./helpers/shared-fixture.js";

const HELPER = join("test", "helpers", "shared-fixture.ts");
const SELF = join("test", "shared-fixture-guard.test.ts");

/** Every .ts file under `dir` (recursively). */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Lines that reach the outside folder: "../shared" in a string, or "shared" as a path part next to "..". */
const OUTSIDE = [/\.\.[\\/]+shared\b/, /["'`]\.\.["'`]\s*,\s*(["'`]\.\.["'`]\s*,\s*)*["'`]shared["'`]/, /[\\/]work[\\/]shared\b/];

describe("tests reach outside fixtures only through the shared-fixture helper", () => {
  it("no test file names ../shared itself", () => {
    const offenders: string[] = [];
    for (const file of tsFiles("test")) {
      const rel = relative(".", file);
      if (rel === HELPER || rel === SELF) continue;
      readFileSync(file, "utf8").split("\n").forEach((line, k) => {
        if (OUTSIDE.some((re) => re.test(line))) offenders.push(`${rel}:${k + 1}: ${line.trim()}`);
      });
    }
    expect(offenders, "use sharedFixture() from test/helpers/shared-fixture.ts").toEqual([]);
  });

  it("the patterns catch the forms a test might use", () => {
    for (const line of [
      `const p = "../shared/data/si-mlearn/training.json";`,
      "readFileSync(`../shared/fixtures/${x}`)",
      `join(root, "..", "shared", "fixtures")`,
      `resolve("/work/shared/fixtures/n2p2")`,
    ]) expect(OUTSIDE.some((re) => re.test(line)), line).toBe(true);
    expect(OUTSIDE.some((re) => re.test(`readFileSync("data/si-mlearn/training.json")`))).toBe(false);
  });

  it("resolves under shared/fixtures beside the repository, and reports a missing fixture with its path", () => {
    expect(relative(process.cwd(), SHARED_FIXTURES).split(/[\\/]/)).toEqual(["..", "shared", "fixtures"]);
    const root = mkdtempSync(join(tmpdir(), "aemap-shared-"));
    try {
      mkdirSync(join(root, "n2p2-potentials", "Si"), { recursive: true });
      const here = sharedFixture("n2p2-potentials/Si", root);
      expect(here.present).toBe(true);
      expect(here.path).toBe(join(root, "n2p2-potentials", "Si"));
      expect(here.skipReason).toBeUndefined();
      const gone = sharedFixture("lammps/missing.data", root);
      expect(gone.present).toBe(false);
      expect(gone.skipReason).toContain("'lammps/missing.data' not found under " + root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

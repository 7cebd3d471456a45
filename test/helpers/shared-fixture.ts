// Cross-check fixtures made with other programs (n2p2, LAMMPS, ...) are kept outside the repository,
// in `shared/fixtures` beside the checkout: CI has that folder, a user's fresh clone does not.
// A suite that needs one asks for it here and skips itself, saying what is missing, when it is
// absent. Tests never name that folder themselves (test/shared-fixture-guard.test.ts checks it),
// so a fresh clone always passes `npm test`.
//
//   const fx = sharedFixture("n2p2-potentials/Si");
//   describeWithFixture(fx, "n2p2 cross-check", () => { ... readFileSync(fx.path) ... });
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";

/** The shared fixture folder: `shared/fixtures` next to the repository root. */
export const SHARED_FIXTURES = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "shared", "fixtures");

export interface SharedFixture {
  /** The path asked for, relative to the fixture folder. */
  name: string;
  /** Absolute path. */
  path: string;
  present: boolean;
  /** Why a suite using it is skipped (undefined when present). */
  skipReason?: string;
}

/** Resolve `relative` under the shared fixture folder (`root`, for tests of this helper). */
export function sharedFixture(relative: string, root = SHARED_FIXTURES): SharedFixture {
  const path = join(root, relative);
  const present = existsSync(path);
  return {
    name: relative, path, present,
    skipReason: present ? undefined : `cross-check fixture '${relative}' not found under ${root} (kept outside the repository; a fresh clone does not have it)`,
  };
}

/** describe() that runs when every fixture is present, else is skipped with the reason in its name and on the console. */
export function describeWithFixture(fixtures: SharedFixture | SharedFixture[], name: string, body: () => void): void {
  const missing = (Array.isArray(fixtures) ? fixtures : [fixtures]).filter((f) => !f.present);
  if (missing.length) {
    const reason = missing.map((f) => f.skipReason).join("; ");
    console.warn(`skipped "${name}": ${reason}`);
    describe.skip(`${name} [skipped: ${reason}]`, body);
  } else describe(name, body);
}

/**
 * Migrations of the design file format, tldraw style: each one is a named, pure function
 * from a file of version N to a file of version N + 1, registered under N.
 *
 * Adding a format version is one entry here (plus a fixture in `migrations.test.ts`, which
 * fails for any migration without one) and bumping `FORMAT_VERSION` in `types.ts`.
 *
 * Migrations run on a deep copy of the parsed JSON, before the schema: they may assume only
 * that the value is a JSON object whose `version` is their `from`. A migration that throws
 * refuses the file ("corrupted file (migration … failed)"), it never half-loads it.
 */
import { FORMAT_VERSION, type Problem, type Result } from './types';

/** A JSON object as read from a file (prototype-free: keys are plain data). */
export type JsonObject = { [key: string]: unknown };

export interface Migration {
  /** The version this migration upgrades from; it produces version `from + 1`. */
  from: number;
  /** A stable name for messages and for the fixture that tests it: `"1→2 rename components"`. */
  name: string;
  /** Pure: returns the upgraded file (without touching `version`; the runner sets it). */
  up(file: JsonObject): JsonObject;
}

/**
 * Every migration, by the version it upgrades from. Format 1 is the first released
 * version, so none exists yet.
 */
export const MIGRATIONS: readonly Migration[] = [];

/**
 * Runs the migrations that take `file` (of version `from`) up to `to`, each on a copy.
 * Returns a problem when a step is missing or throws.
 */
export function migrateFile(
  file: JsonObject,
  from: number,
  to: number = FORMAT_VERSION,
  migrations: readonly Migration[] = MIGRATIONS,
): Result<JsonObject, Problem[]> {
  const byFrom = new Map<number, Migration>();
  for (const migration of migrations) byFrom.set(migration.from, migration);
  let current = copyJson(file) as JsonObject;
  for (let version = from; version < to; version++) {
    const migration = byFrom.get(version);
    if (!migration) {
      return fail(`corrupted file: no migration from version ${version} to ${version + 1}`);
    }
    try {
      const next = migration.up(current);
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        return fail(`corrupted file (migration ${migration.name} failed: it returned no object)`);
      }
      current = { ...next, version: version + 1 };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail(`corrupted file (migration ${migration.name} failed: ${reason})`);
    }
  }
  return { ok: true, value: current };
}

function fail(message: string): Result<JsonObject, Problem[]> {
  return { ok: false, error: [{ path: '', message }] };
}

/**
 * A deep copy of a JSON value that keeps every own key as plain data, `__proto__` included,
 * without recursion (so nesting depth never overflows the stack).
 */
export function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const root: { v: unknown } = { v: undefined };
  const stack: Array<{ from: unknown; set: (v: unknown) => void }> = [
    { from: value, set: (v) => (root.v = v) },
  ];
  while (stack.length > 0) {
    const { from, set } = stack.pop()!;
    if (typeof from !== 'object' || from === null) {
      set(from);
    } else if (Array.isArray(from)) {
      const out: unknown[] = new Array<unknown>(from.length);
      set(out);
      for (let i = 0; i < from.length; i++) stack.push({ from: from[i], set: (v) => (out[i] = v) });
    } else {
      const out: JsonObject = {};
      set(out);
      for (const key of Object.keys(from)) {
        stack.push({
          from: (from as JsonObject)[key],
          set: (v) =>
            Object.defineProperty(out, key, {
              value: v,
              enumerable: true,
              writable: true,
              configurable: true,
            }),
        });
      }
    }
  }
  return root.v;
}

/**
 * What is wrong with a registry: gaps, duplicates, steps beyond the current version.
 * Empty when every version from 1 up to `currentVersion` has exactly one way up.
 */
export function checkMigrations(
  migrations: readonly Migration[] = MIGRATIONS,
  currentVersion: number = FORMAT_VERSION,
): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const froms = new Set<number>();
  for (const m of migrations) {
    if (names.has(m.name)) problems.push(`two migrations are named "${m.name}"`);
    names.add(m.name);
    if (froms.has(m.from)) problems.push(`two migrations upgrade from version ${m.from}`);
    froms.add(m.from);
    if (!Number.isInteger(m.from) || m.from < 1 || m.from >= currentVersion) {
      problems.push(
        `migration "${m.name}" upgrades from version ${m.from}, outside 1..${currentVersion - 1}`,
      );
    }
  }
  for (let v = 1; v < currentVersion; v++) {
    if (!froms.has(v)) problems.push(`no migration upgrades from version ${v}`);
  }
  return problems;
}

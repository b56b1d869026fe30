/**
 * Migrations, tldraw style: every migration has an up-fixture here (the file before and
 * after), every fixture is run, and a migration without a fixture fails this file.
 */
import { describe, expect, it } from 'vitest';
import {
  checkMigrations,
  copyJson,
  migrateFile,
  MIGRATIONS,
  type JsonObject,
  type Migration,
} from './migrations';
import { parseDesignValue } from './parse';
import { FORMAT_VERSION } from './types';

interface Fixture {
  before: JsonObject;
  after: JsonObject;
}

/** One entry per migration, by name. Add yours when you add a migration. */
const FIXTURES: Readonly<Record<string, Fixture>> = {};

/** The names of migrations without a fixture, and of fixtures without a migration. */
function findUntested(
  migrations: readonly Migration[],
  fixtures: Readonly<Record<string, Fixture>>,
) {
  const names = new Set(migrations.map((m) => m.name));
  return {
    untested: migrations.filter((m) => !Object.hasOwn(fixtures, m.name)).map((m) => m.name),
    stale: Object.keys(fixtures).filter((name) => !names.has(name)),
  };
}

/** Runs each migration on its fixture and returns the names of those that were called. */
function runFixtures(
  migrations: readonly Migration[],
  fixtures: Readonly<Record<string, Fixture>>,
): Set<string> {
  const called = new Set<string>();
  for (const m of migrations) {
    const fixture = fixtures[m.name];
    if (!fixture) continue;
    const spy: Migration = { ...m, up: (file) => (called.add(m.name), m.up(file)) };
    const result = migrateFile(fixture.before, m.from, m.from + 1, [spy]);
    expect(result, m.name).toEqual({ ok: true, value: { ...fixture.after, version: m.from + 1 } });
  }
  return called;
}

describe('the migration registry', () => {
  it('has exactly one migration from each version below the current one', () => {
    expect(checkMigrations(MIGRATIONS, FORMAT_VERSION)).toEqual([]);
  });

  it('has a fixture for every migration, and no fixture without one', () => {
    expect(findUntested(MIGRATIONS, FIXTURES)).toEqual({ untested: [], stale: [] });
  });

  it('calls every migration at least once when running the fixtures', () => {
    const called = runFixtures(MIGRATIONS, FIXTURES);
    expect([...called].sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
  });
});

describe('the meta-test itself', () => {
  const rename: Migration = {
    from: 1,
    name: '1→2 rename',
    up: ({ components, ...rest }) => ({ ...rest, nodes: components }),
  };

  it('fails for a migration without a fixture', () => {
    expect(findUntested([rename], {})).toEqual({ untested: ['1→2 rename'], stale: [] });
  });

  it('fails for a registry with a gap, a duplicate or a step past the current version', () => {
    expect(checkMigrations([], 2)).toEqual(['no migration upgrades from version 1']);
    expect(checkMigrations([rename, { ...rename, name: 'other' }], 2)).toEqual([
      'two migrations upgrade from version 1',
    ]);
    expect(checkMigrations([rename], 1)).toEqual([
      'migration "1→2 rename" upgrades from version 1, outside 1..0',
    ]);
  });

  it('runs a fixture and checks its result', () => {
    const fixtures = {
      '1→2 rename': {
        before: { format: 'archboard', version: 1, components: [] },
        after: { format: 'archboard', nodes: [] },
      },
    };
    expect([...runFixtures([rename], fixtures)]).toEqual(['1→2 rename']);
  });
});

describe('migrateFile', () => {
  const addTitle: Migration = { from: 1, name: '1→2 title', up: (f) => ({ ...f, title: 'T' }) };
  const dropNotes: Migration = {
    from: 2,
    name: '2→3 notes',
    up: (f) => ({ ...f, notes: undefined }),
  };

  it('chains migrations up to the target version and sets the version', () => {
    const result = migrateFile({ format: 'archboard', version: 1 }, 1, 3, [dropNotes, addTitle]);
    expect(result).toEqual({
      ok: true,
      value: { format: 'archboard', version: 3, title: 'T', notes: undefined },
    });
  });

  it('works on a copy: the input is never changed, even by a migration that mutates', () => {
    const mutating: Migration = {
      from: 1,
      name: 'mutates',
      up: (f) => ((f.nodes as unknown[]).push('x'), f),
    };
    const input = { format: 'archboard', version: 1, nodes: [] as unknown[] };
    migrateFile(input, 1, 2, [mutating]);
    expect(input.nodes).toEqual([]);
  });

  it('refuses a migration that returns no object', () => {
    const broken: Migration = { from: 1, name: 'broken', up: () => null as unknown as JsonObject };
    const result = migrateFile({ version: 1 }, 1, 2, [broken]);
    expect(result).toEqual({
      ok: false,
      error: [
        { path: '', message: 'corrupted file (migration broken failed: it returned no object)' },
      ],
    });
  });

  it('is what the parse pipeline runs for an older file', () => {
    const result = parseDesignValue(
      { format: 'archboard', version: 1, nodes: [], edges: [] },
      { migrations: [addTitle], currentVersion: 2 },
    );
    expect(result.ok && result.value.title).toBe('T');
  });
});

describe('copyJson', () => {
  it('copies deeply, keeping "__proto__" as an own key without touching any prototype', () => {
    const source = JSON.parse('{"a":[{"b":1}],"__proto__":{"polluted":true}}') as JsonObject;
    const copy = copyJson(source) as JsonObject;
    expect(copy).not.toBe(source);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect((copy.a as unknown[])[0]).toEqual({ b: 1 });
    expect((copy.a as unknown[])[0]).not.toBe((source.a as unknown[])[0]);
    expect(({} as JsonObject).polluted).toBeUndefined();
  });

  it('copies 100,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => copyJson(deep)).not.toThrow();
  });
});

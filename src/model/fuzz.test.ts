/**
 * Issue #5, "bad input at scale", for the parse pipeline: seeded fuzzing over the bad-input
 * corpus of reliability.md §2.A–2.F and the round-trip law, tldraw style (random seeds each
 * run, named regression cases for what fuzzing found).
 *
 * - ≥ 20,000 inputs: never an uncaught exception, never a malformed result, never more than
 *   1 s of CPU time for one input (the maximum is asserted; CPU, not wall time, so a busy
 *   shared machine does not fail it), and whatever is accepted is a valid design;
 * - ≥ 2,000 valid designs with full-Unicode text: serialize → parse is the identity;
 * - Object.prototype (and Array.prototype) unchanged after the whole corpus.
 *
 * Set FUZZ_SEED to replay a run; a failure prints its seed and path.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDesign, parseDesignValue, MAX_PROBLEMS } from './parse';
import { serializeDesign } from './serialize';
import { timed } from './testing/timing';
import {
  arbitraryBadInput,
  arbitraryDesign,
  checkDesignInvariants,
  type BadInput,
} from './testing/arbitraries';
import type { Design, Problem, Result } from './types';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const objectProtoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
const arrayProtoBefore = Object.getOwnPropertyNames(Array.prototype).sort();

afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectProtoBefore);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

function feed(bad: BadInput): Result<Design, Problem[]> {
  switch (bad.via) {
    case 'text':
    case 'bytes':
      return parseDesign(bad.input);
    default:
      return parseDesignValue(bad.input);
  }
}

/** What every result must look like, accepted or refused. */
function expectWellFormed(result: Result<Design, Problem[]>): void {
  if (result.ok) {
    expect(checkDesignInvariants(result.value)).toEqual([]);
    // An accepted design survives its own export unchanged.
    expect(parseDesign(serializeDesign(result.value))).toStrictEqual(result);
    return;
  }
  expect(Array.isArray(result.error)).toBe(true);
  expect(result.error.length).toBeGreaterThan(0);
  expect(result.error.length).toBeLessThanOrEqual(MAX_PROBLEMS);
  for (const problem of result.error) {
    expect(typeof problem.path).toBe('string');
    expect(typeof problem.message).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
    if (problem.path !== '') expect(problem.message.startsWith(`${problem.path}: `)).toBe(true);
    expect(problem.message).not.toMatch(/\n\s+at /); // never a stack trace
  }
}

/** Kinds of refusal the corpus must reach in every run, by reliability.md row or DESIGN.md §2 rule. */
const MUST_REACH: Readonly<Record<string, RegExp>> = {
  'A1 empty': /the file is empty/,
  'A2 not JSON': /it is not JSON|\(looks like/,
  'A3 truncated': /not valid JSON: .* \(position \d+\)/,
  'A5 encoding': /not UTF-8 text/,
  'A6 not an object': /expected a JSON object at the top level/,
  'A9 depth': /nested too deeply/,
  'A11 non-finite': /non-finite number/,
  'A12/E2 range': /out of range/,
  'B1 format': /looks like an Excalidraw file|"format": "archboard" is missing/,
  'B2 version': /invalid version/,
  'B4 newer': /made by a newer version/,
  'C3 special ids':
    /duplicate id "(__proto__|constructor|toString|hasOwnProperty|valueOf|prototype)"/,
  'D1 duplicate ids': /duplicate id/,
  'D2 duplicate edge ids': /duplicate edge id/,
  'D3 dangling': /no component or cluster has the id/,
  'D4 self-edge': /to itself/,
  'D5 bad id': /an id may not|non-empty string id/,
  'D7 unknown kind': /unknown kind/,
  'D8 label shape': /expected a label as a string/,
  'E1 coordinate': /position\.[xy]: expected a finite number/,
  'F5 too long': /too long/,
  '§2 edge to a server': /is a server; connect/,
  '§2 cluster and member': /with one of its own members/,
  '§2 mixed cluster': /mixes kinds/,
  '§2 role': /only databases have a role/,
  '§2 access': /access is only for|replication edge has no access/,
  '§2 undeclared group': /is not declared in/,
};

describe('the bad-input corpus (reliability.md §2.A–2.F)', () => {
  it(
    'parses 20,000 generated inputs with no exception, well-formed results, and none over 1 s',
    { timeout: 300_000 },
    () => {
      const reached = new Set<string>();
      let slowest = 0;
      let slowestNote = '';
      let accepted = 0;
      const seen = new Map<string, number>();
      fc.assert(
        fc.property(arbitraryBadInput(), (bad) => {
          let result: Result<Design, Problem[]>;
          let took: number;
          try {
            const run = timed(() => feed(bad));
            result = run.value;
            took = run.cpuMs;
          } catch (error) {
            throw new Error(`parse threw for ${bad.note}: ${String(error)}`, { cause: error });
          }
          if (took > slowest) {
            slowest = took;
            slowestNote = bad.note;
          }
          if (result.ok) accepted++;
          else {
            for (const problem of result.error) {
              for (const [row, pattern] of Object.entries(MUST_REACH))
                if (pattern.test(problem.message)) reached.add(row);
              // An internal error is only fair when the value itself throws (a getter).
              if (bad.note !== 'strange value')
                expect(problem.message).not.toMatch(/^could not read this design/);
            }
          }
          const key = bad.note.split(':')[0]!;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          expectWellFormed(result);
        }),
        { numRuns: 20_000, seed, endOnFailure: true },
      );
      // The corpus exercises every door, and some inputs survive their mutations.
      expect([...seen.keys()].sort()).toEqual([
        'JSON-ish characters',
        'foreign file',
        'mutated',
        'random bytes',
        'raw string',
        'strange value',
      ]);
      expect(accepted).toBeGreaterThan(100);
      expect(Object.keys(MUST_REACH).filter((row) => !reached.has(row))).toEqual([]);
      expect(slowest, `slowest input (${slowestNote})`).toBeLessThan(1000);
    },
  );

  it(
    'refuses every mutation that breaks the format, and accepts nothing invalid (cross-checked by invariants)',
    { timeout: 120_000 },
    () => {
      // Mutated designs that parse must keep every invariant; this is the same property as
      // above restricted to the structure-aware half, run with more mutations per input.
      fc.assert(
        fc.property(
          arbitraryBadInput().filter((b) => b.note.startsWith('mutated')),
          (bad) => {
            expectWellFormed(feed(bad));
          },
        ),
        { numRuns: 2_000, seed },
      );
    },
  );
});

describe('the round-trip law', () => {
  it(
    'serialize → parse is the identity on 2,000 valid designs with full-Unicode text',
    { timeout: 120_000 },
    () => {
      fc.assert(
        fc.property(arbitraryDesign(), (design) => {
          expect(checkDesignInvariants(design)).toEqual([]);
          const text = serializeDesign(design);
          expect(parseDesign(text)).toStrictEqual({ ok: true, value: design });
          expect(serializeDesign(design)).toBe(text); // deterministic
        }),
        { numRuns: 2_000, seed },
      );
    },
  );

  it('holds through bytes as well (UTF-8 with and without a BOM)', () => {
    fc.assert(
      fc.property(arbitraryDesign({ maxNodes: 6 }), fc.boolean(), (design, bom) => {
        const bytes = new TextEncoder().encode(serializeDesign(design));
        const input = bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) : bytes;
        expect(parseDesign(input)).toStrictEqual({ ok: true, value: design });
      }),
      { numRuns: 300, seed },
    );
  });
});

describe('edge cases kept beside the fuzzer', () => {
  it('a string input of lone surrogates is measured in UTF-8 bytes without throwing', () => {
    const result = parseDesign('\uD800'.repeat(10));
    expect(result.ok).toBe(false);
  });

  it('a key that looks like a path segment is quoted in the path', () => {
    const text = `{"format":"archboard","version":1,"nodes":[],"edges":[],"a b":${'['.repeat(40)}${']'.repeat(40)}}`;
    const result = parseDesign(text);
    expect(result.ok ? '' : result.error[0]!.path).toBe('["a b"][0][0][0][0]');
  });
});

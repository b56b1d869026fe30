/**
 * The parse pipeline against every kind of bad input in reliability.md §2.A–2.E, one test
 * per row (named by the row), each checking the JSON path it refuses at; rows our format
 * accepts (or that name fields it does not have) test the accepting behaviour.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Migration } from './migrations';
import {
  firstInvalidUtf8,
  formatProblems,
  MAX_PROBLEMS,
  parseDesign,
  parseDesignValue,
} from './parse';
import { serializeDesign } from './serialize';
import { TEMPLATES } from './templates';
import type { Design, Problem, Result } from './types';
import { LIMITS } from './types';
import { timed } from './testing/timing';

const protoNamesBefore = Object.getOwnPropertyNames(Object.prototype).sort();

afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNamesBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** A minimal valid file, as an object to tweak. */
function file(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'archboard',
    version: 1,
    nodes: [
      { id: 'u', kind: 'user' },
      { id: 'w', kind: 'web-server' },
    ],
    edges: [{ source: 'u', target: 'w' }],
    ...extra,
  };
}

function nodesFile(nodes: unknown[], edges: unknown[] = [], extra: Record<string, unknown> = {}) {
  return JSON.stringify(file({ nodes, edges, ...extra }));
}

function refused(result: Result<Design, Problem[]>): Problem[] {
  if (result.ok) throw new Error('expected the input to be refused, but it was accepted');
  return result.error;
}

function accepted(result: Result<Design, Problem[]>): Design {
  if (!result.ok)
    throw new Error(`expected the input to be accepted:\n${formatProblems(result.error)}`);
  return result.value;
}

/** The one problem of a refused input: its path, and its message that starts with the path. */
function onlyProblem(result: Result<Design, Problem[]>): Problem {
  const problems = refused(result);
  expect(problems).toHaveLength(1);
  const p = problems[0]!;
  if (p.path !== '') expect(p.message.startsWith(`${p.path}: `)).toBe(true);
  return p;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('2.A bytes and envelope', () => {
  it('A1 refuses an empty file and a whitespace-only file as not a design file', () => {
    for (const input of ['', '   \n\t ', new Uint8Array(0), utf8('  \r\n')]) {
      const p = onlyProblem(parseDesign(input));
      expect(p.path).toBe('');
      expect(p.message).toMatch(/^not an archboard design file/);
    }
  });

  it('A2 refuses non-JSON (plain text, an HTML page, a PNG, random bytes) as not a design file', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const random = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x13, 0x37]);
    const inputs = [
      'hello',
      '<!DOCTYPE html><html><body>hi</body></html>',
      '<mxfile><diagram/></mxfile>',
      png,
      random,
    ];
    const messages = inputs.map((input) => onlyProblem(parseDesign(input)).message);
    for (const message of messages) expect(message).toMatch(/^not an archboard design file/);
    expect(messages[1]).toContain('HTML page');
    expect(messages[2]).toContain('draw.io');
    expect(messages[3]).toContain('PNG image');
  });

  it('A3 refuses truncated JSON with the line, column and position where it stops', () => {
    const text = serializeDesign(TEMPLATES[0]!.design);
    const end = text.lastIndexOf('}');
    for (const cut of [1, 17, 200, Math.floor(end / 2), end - 1, end]) {
      const p = onlyProblem(parseDesign(text.slice(0, cut)));
      expect(p.path).toBe('');
      expect(p.message).toMatch(/not valid JSON: .* at line \d+, column \d+ \(position \d+\)/);
    }
    expect(onlyProblem(parseDesign('{"format": "archboard",, }')).message).toContain(
      'line 1, column 24 (position 23)',
    );
  });

  it('A4 accepts a UTF-8 byte order mark, in text and in bytes', () => {
    const text = JSON.stringify(file());
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(accepted(parseDesign(`\uFEFF${text}`)).nodes).toHaveLength(2);
    expect(accepted(parseDesign(withBom)).nodes).toHaveLength(2);
    expect(accepted(parseDesign(withBom.buffer)).nodes).toHaveLength(2);
  });

  it('A5 refuses invalid UTF-8 and UTF-16 files with an encoding message', () => {
    const text = JSON.stringify(file());
    const invalid = new Uint8Array([
      ...utf8(text.slice(0, 20)),
      0xc3,
      0x28,
      ...utf8(text.slice(20)),
    ]);
    const p = onlyProblem(parseDesign(invalid));
    expect(p.message).toContain('not UTF-8 text (invalid UTF-8 byte at offset 20)');

    // The offset counts bytes, past multi-byte characters before it.
    const accented = new Uint8Array([...utf8('{"title":"é€😀'), 0xe0, 0x80, 0x80, ...utf8('"}')]);
    expect(onlyProblem(parseDesign(accented)).message).toContain('invalid UTF-8 byte at offset 19');
    for (const [bad, offset] of [
      [[0x41, 0xc0, 0xaf], 1], // overlong
      [[0x41, 0x42, 0xed, 0xa0, 0x80], 2], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x41, 0xe2, 0x82], 1], // cut short
    ] as const) {
      expect(firstInvalidUtf8(new Uint8Array(bad))).toBe(offset);
    }

    const utf16 = (bom: boolean) => {
      const out = bom ? [0xff, 0xfe] : [];
      for (const ch of text) out.push(ch.charCodeAt(0), 0);
      return new Uint8Array(out);
    };
    expect(onlyProblem(parseDesign(utf16(true))).message).toContain('UTF-16');
    expect(onlyProblem(parseDesign(utf16(false))).message).toContain('UTF-16');
  });

  it('A6 refuses a top level that is an array, a string, a number or null: expected an object', () => {
    for (const [input, got] of [
      ['[]', 'an array'],
      ['"archboard"', 'the string "archboard"'],
      ['42', 'the number 42'],
      ['null', 'null'],
    ] as const) {
      const p = onlyProblem(parseDesign(input));
      expect(p.path).toBe('');
      expect(p.message).toContain(`expected a JSON object at the top level, got ${got}`);
    }
  });

  it('A7 refuses a file over the size cap before decoding it, as bytes or as text', () => {
    const big = new Uint8Array(LIMITS.maxFileBytes + 1).fill(0x20);
    const bigText = ' '.repeat(LIMITS.maxFileBytes + 1);
    // Under the cap in characters, over it in UTF-8 bytes (3 bytes each).
    const wide = '€'.repeat(LIMITS.maxFileBytes / 2);
    const { value: results, cpuMs } = timed(() =>
      [big, bigText, wide].map((input) => parseDesign(input)),
    );
    for (const result of results) expect(onlyProblem(result).message).toMatch(/too large.*5 MiB/);
    expect(cpuMs).toBeLessThan(500);
    // Exactly at the cap is read (and here refused for what it holds, not for its size).
    expect(
      onlyProblem(parseDesign(new Uint8Array(LIMITS.maxFileBytes).fill(0x20))).message,
    ).toMatch(/empty/);
  });

  it('A8 refuses more components or connections than the caps, before checking each one', () => {
    // 200k tiny components fit in the size cap; they are refused by count, quickly.
    const text = `{"format":"archboard","version":1,"nodes":[${'{"id":"n","kind":"user"},'.repeat(199_999)}{}],"edges":[]}`;
    expect(text.length).toBeLessThan(LIMITS.maxFileBytes);
    const { value: result, cpuMs } = timed(() => parseDesign(text));
    expect(onlyProblem(result)).toEqual({
      path: 'nodes',
      message: 'nodes: too many components: at most 5000, got 200000',
    });
    expect(cpuMs).toBeLessThan(1000);
    const edges = Array.from({ length: LIMITS.maxEdges + 1 }, () => ({ source: 'u', target: 'w' }));
    expect(onlyProblem(parseDesignValue(file({ edges }))).message).toBe(
      'edges: too many connections: at most 20000, got 20001',
    );
    // Exactly at the cap is fine.
    const atCap = Array.from({ length: LIMITS.maxNodes }, (_, i) => ({
      id: `n${i}`,
      kind: 'web-server',
    }));
    expect(accepted(parseDesignValue(file({ nodes: atCap, edges: [] }))).nodes).toHaveLength(
      LIMITS.maxNodes,
    );
  });

  it('A9 refuses values nested deeper than 32 levels, even 10,000 deep in an unknown field', () => {
    const deep = `{"format":"archboard","version":1,"nodes":[],"edges":[],"data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const p = onlyProblem(parseDesign(deep));
    expect(p.path).toBe('data[0][0][0][0]');
    expect(p.message).toContain('nested too deeply');
    const inNotes = nodesFile([
      { id: 'u', kind: 'user', notes: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) },
    ]);
    expect(onlyProblem(parseDesign(inNotes)).path).toBe('nodes[0].notes.a.a');
    // 32 levels is the limit, not a refusal: root(1) → nodes(2) → node(3) → extra(4…32).
    const ok = JSON.parse(`${'{"a":'.repeat(29)}1${'}'.repeat(29)}`);
    expect(
      accepted(parseDesignValue(file({ nodes: [{ id: 'u', kind: 'user', extra: ok }], edges: [] })))
        .nodes,
    ).toHaveLength(1);
  });

  it('A10 accepts duplicate JSON keys, keeping the last one as JSON.parse does', () => {
    const text =
      '{"format":"archboard","version":1,"nodes":[{"id":"a","id":"b","kind":"user"}],"edges":[]}';
    expect(accepted(parseDesign(text)).nodes[0]!.id).toBe('b');
  });

  it('A11 refuses 1e400 and -1e400 as not finite, with the path', () => {
    const text =
      '{"format":"archboard","version":1,"nodes":[{"id":"a","kind":"user","position":{"x":1e400,"y":-1e400}}],"edges":[]}';
    const problems = refused(parseDesign(text));
    expect(problems.map((p) => p.path)).toEqual(['nodes[0].position.x', 'nodes[0].position.y']);
    expect(problems[0]!.message).toBe(
      'nodes[0].position.x: expected a finite number, got the non-finite number Infinity',
    );
  });

  it('A12 refuses huge integers in numeric fields and numbers as ids', () => {
    const text =
      '{"format":"archboard","version":1,"nodes":[{"id":12345678901234567890,"kind":"user","position":{"x":12345678901234567890,"y":0}}],"edges":[]}';
    const problems = refused(parseDesign(text));
    expect(problems.map((p) => p.path)).toEqual(['nodes[0].id', 'nodes[0].position.x']);
    expect(problems[0]!.message).toContain('expected a non-empty string id');
    expect(problems[1]!.message).toContain('out of range: at most 1000000');
    const entry = parseDesignValue(
      file({ clusters: [{ id: 'c', entryPoints: Number('12345678901234567890') }] }),
    );
    expect(onlyProblem(entry).path).toBe('clusters[0].entryPoints');
  });
});

describe('2.B format marker and versions', () => {
  it('B1 refuses a file without the format marker, and names the tool of a recognisable one', () => {
    const cases: Array<[unknown, string, string]> = [
      [{ version: 1, nodes: [], edges: [] }, 'format', '"format": "archboard" is missing'],
      [{ format: 'drawio', version: 1 }, 'format', 'expected "archboard", got the string "drawio"'],
      [
        { type: 'excalidraw', version: 2, source: 'https://excalidraw.com', elements: [] },
        '',
        '(looks like an Excalidraw file)',
      ],
      [{ tldrawFileFormatVersion: 1, schema: {}, records: [] }, '', '(looks like a tldraw file)'],
      [
        {
          nodes: [{ id: '1', position: { x: 0, y: 0 }, data: { label: 'a' } }],
          edges: [],
          viewport: { x: 0, y: 0, zoom: 1 },
        },
        '',
        '(looks like a React Flow file)',
      ],
    ];
    for (const [value, path, text] of cases) {
      const p = onlyProblem(parseDesign(JSON.stringify(value)));
      expect(p.path).toBe(path);
      expect(p.message).toContain('not an archboard design file');
      expect(p.message).toContain(text);
    }
  });

  it('B2 refuses a missing, string, negative, fractional or non-finite version as invalid', () => {
    for (const version of [undefined, '2', -1, 0, 1.5, 'Infinity', true]) {
      const p = onlyProblem(parseDesignValue(file({ version })));
      expect(p.path).toBe('version');
      expect(p.message).toMatch(/^version: invalid version/);
    }
    const p = onlyProblem(
      parseDesign('{"format":"archboard","version":1e400,"nodes":[],"edges":[]}'),
    );
    expect(p.message).toContain('got the non-finite number Infinity');
  });

  it('B3 migrates an older version with the registered migrations, then validates the result', () => {
    // Pretend the app reads version 2, where `components` was renamed `nodes`.
    const rename: Migration = {
      from: 1,
      name: '1→2 rename components',
      up: ({ components, ...rest }) => ({ ...rest, nodes: components }),
    };
    const old = {
      format: 'archboard',
      version: 1,
      components: [{ id: 'u', kind: 'user' }],
      edges: [],
    };
    const design = accepted(parseDesignValue(old, { migrations: [rename], currentVersion: 2 }));
    expect(design.nodes.map((n) => n.id)).toEqual(['u']);
    expect(old.components).toHaveLength(1); // the input is not changed
    // The migrated file is validated like any other.
    const bad = { ...old, components: [{ id: 'u', kind: 'lb' }] };
    expect(
      onlyProblem(parseDesignValue(bad, { migrations: [rename], currentVersion: 2 })).path,
    ).toBe('nodes[0].kind');
    // A missing step refuses the file.
    expect(
      onlyProblem(parseDesignValue(old, { migrations: [], currentVersion: 2 })).message,
    ).toContain('no migration from version 1 to 2');
  });

  it('B4 refuses a file from a newer version and says so', () => {
    const p = onlyProblem(parseDesignValue(file({ version: 99 })));
    expect(p.path).toBe('version');
    expect(p.message).toContain(
      'made by a newer version of archboard (version 99); this app reads up to version 1',
    );
  });

  it('B5 refuses a file whose migration throws, naming the migration', () => {
    const broken: Migration = {
      from: 1,
      name: '1→2 split labels',
      up: (f) => {
        if (!Array.isArray(f.nodes)) throw new Error('nodes is not an array');
        return f;
      },
    };
    const p = onlyProblem(
      parseDesignValue(
        { format: 'archboard', version: 1, nodes: 'junk' },
        { migrations: [broken], currentVersion: 2 },
      ),
    );
    expect(p.message).toBe(
      'corrupted file (migration 1→2 split labels failed: nodes is not an array)',
    );
  });

  it('B6 accepts unknown keys at the top level and on a node, and drops them (DESIGN.md §2)', () => {
    const design = accepted(
      parseDesignValue(
        file({
          ext: { anything: [1, 2] },
          nodes: [{ id: 'u', kind: 'user', colour: 'red', future: { x: 1 } }],
          edges: [],
          clusters: [{ id: 'c', label: 'C', weight: 3 }],
        }),
      ),
    );
    expect(Object.keys(design)).toEqual(['title', 'nodes', 'edges', 'clusters', 'servers']);
    expect(Object.keys(design.nodes[0]!).sort()).toEqual(['id', 'kind', 'label', 'position']);
    expect(Object.keys(design.clusters[0]!).sort()).toEqual(['entryPoints', 'id', 'label', 'mode']);
  });
});

describe('2.C prototype pollution and special keys', () => {
  it('C1 treats "__proto__" keys at the top level, on a node and in an unknown field as plain data', () => {
    const text = `{"format":"archboard","version":1,"__proto__":{"polluted":1},
      "nodes":[{"id":"u","kind":"user","__proto__":{"polluted":2},"data":{"__proto__":{"polluted":3}}}],"edges":[]}`;
    const design = accepted(parseDesign(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(design)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(design.nodes[0])).toBe(Object.prototype);
    expect((design.nodes[0] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    // In a field that must be text, it is refused for its type.
    const notes =
      '{"format":"archboard","version":1,"nodes":[{"id":"u","kind":"user","notes":{"__proto__":{"polluted":1}}}],"edges":[]}';
    expect(onlyProblem(parseDesign(notes)).path).toBe('nodes[0].notes');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNamesBefore);
  });

  it('C2 treats "constructor" and "prototype" keys as plain data', () => {
    const text = `{"format":"archboard","version":1,"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1},
      "nodes":[{"id":"u","kind":"user","constructor":{"prototype":{"polluted":1}}}],"edges":[]}`;
    const design = accepted(parseDesign(text));
    expect(design.nodes[0]!.constructor).toBe(Object);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNamesBefore);
  });

  it('C3 accepts ids such as __proto__, constructor, toString and hasOwnProperty', () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
    const text = JSON.stringify({
      format: 'archboard',
      version: 1,
      nodes: [
        { id: ids[0], kind: 'user' },
        { id: ids[1], kind: 'dns' },
        { id: ids[2], kind: 'web-server', cluster: ids[4], server: ids[5] },
        { id: ids[3], kind: 'web-server', cluster: ids[4] },
      ],
      edges: [
        { id: 'toString', source: ids[0], target: ids[1] },
        { id: '__proto__', source: ids[1], target: ids[4] },
      ],
      clusters: [{ id: ids[4], label: 'web' }],
      servers: [{ id: ids[5], label: 'box' }],
    });
    const design = accepted(parseDesign(text));
    expect(design.nodes.map((n) => n.id)).toEqual(ids.slice(0, 4));
    expect(design.edges.map((e) => [e.id, e.source, e.target])).toEqual([
      ['toString', '__proto__', 'constructor'],
      ['__proto__', 'constructor', 'valueOf'],
    ]);
    // Undeclared special names are still caught (no lookup falls through to Object.prototype).
    const undeclared = nodesFile(
      [{ id: 'a', kind: 'user', cluster: 'toString' }],
      [{ source: 'a', target: 'constructor' }],
    );
    expect(refused(parseDesign(undeclared)).map((p) => p.path)).toEqual([
      'nodes[0].cluster',
      'edges[0].target',
    ]);
  });
});

describe('2.D graph integrity', () => {
  it('D1 refuses duplicate ids, across components, clusters and servers, naming the id', () => {
    const p = onlyProblem(
      parseDesign(
        nodesFile([
          { id: 'a', kind: 'user' },
          { id: 'a', kind: 'dns' },
        ]),
      ),
    );
    expect(p).toEqual({
      path: 'nodes[1].id',
      message:
        'nodes[1].id: duplicate id "a": nodes[0] has it already; ids must be unique across components, clusters and servers',
    });
    const across = parseDesignValue(file({ clusters: [{ id: 'u' }], servers: [{ id: 'w' }] }));
    expect(refused(across).map((q) => q.path)).toEqual(['clusters[0].id', 'servers[0].id']);
  });

  it('D2 refuses duplicate edge ids', () => {
    const p = onlyProblem(
      parseDesign(
        nodesFile(
          [
            { id: 'a', kind: 'user' },
            { id: 'b', kind: 'dns' },
          ],
          [
            { id: 'x', source: 'a', target: 'b' },
            { id: 'x', source: 'a', target: 'b' },
          ],
        ),
      ),
    );
    expect(p.path).toBe('edges[1].id');
    expect(p.message).toContain('duplicate edge id "x": edges[0] has it already');
  });

  it('D3 refuses an edge whose source or target does not exist, naming the missing id', () => {
    const problems = refused(
      parseDesign(nodesFile([{ id: 'a', kind: 'user' }], [{ source: 'ghost', target: 'b' }])),
    );
    expect(problems).toEqual([
      {
        path: 'edges[0].source',
        message: 'edges[0].source: no component or cluster has the id "ghost"',
      },
      {
        path: 'edges[0].target',
        message: 'edges[0].target: no component or cluster has the id "b"',
      },
    ]);
  });

  it('D4 refuses a self-edge and accepts parallel edges', () => {
    const self = onlyProblem(
      parseDesign(nodesFile([{ id: 'a', kind: 'user' }], [{ source: 'a', target: 'a' }])),
    );
    expect(self).toEqual({ path: 'edges[0]', message: 'edges[0]: connects "a" to itself' });
    const parallel = accepted(
      parseDesign(
        nodesFile(
          [
            { id: 'a', kind: 'user' },
            { id: 'b', kind: 'dns' },
          ],
          [
            { source: 'a', target: 'b' },
            { source: 'a', target: 'b' },
          ],
        ),
      ),
    );
    expect(parallel.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('D5 refuses ids that are empty, not strings, longer than 256 characters or hold control characters', () => {
    const bad: unknown[] = [
      '',
      7,
      null,
      'x'.repeat(257),
      'a\u0000b',
      'line\nbreak',
      'bidi\u202Eid',
      'zero\u200Bwidth',
      '\uD800',
    ];
    for (const id of bad) {
      const p = onlyProblem(parseDesignValue(file({ nodes: [{ id, kind: 'user' }], edges: [] })));
      expect(p.path).toBe('nodes[0].id');
    }
    expect(
      accepted(
        parseDesignValue(file({ nodes: [{ id: 'x'.repeat(256), kind: 'user' }], edges: [] })),
      ).nodes,
    ).toHaveLength(1);
    expect(
      accepted(
        parseDesignValue(file({ nodes: [{ id: 'Nginx 1 – 東京 🚀', kind: 'user' }], edges: [] })),
      ).nodes,
    ).toHaveLength(1);
  });

  it('D6 refuses a component whose cluster or server is not declared (the format has no parent chains, so no cycles)', () => {
    const problems = refused(
      parseDesignValue(
        file({ nodes: [{ id: 'w', kind: 'web-server', cluster: 'c', server: 's' }], edges: [] }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'nodes[0].cluster: cluster "c" is not declared in "clusters"',
      'nodes[0].server: server "s" is not declared in "servers"',
    ]);
    const crossed = parseDesignValue(
      file({
        nodes: [{ id: 'w', kind: 'web-server', cluster: 's', server: 'c' }],
        edges: [],
        clusters: [{ id: 'c' }],
        servers: [{ id: 's' }],
      }),
    );
    expect(refused(crossed).map((p) => p.message)).toEqual([
      'nodes[0].cluster: cluster "s" is not declared in "clusters" (it is the id of servers[0])',
      'nodes[0].server: server "c" is not declared in "servers" (it is the id of clusters[0])',
    ]);
  });

  it('D7 refuses an unknown kind, listing the kinds it expected', () => {
    const p = onlyProblem(
      parseDesign(
        nodesFile([
          { id: 'a', kind: 'user' },
          { id: 'b', kind: 'user' },
          { id: 'c', kind: 'user' },
          { id: 'd', kind: 'lb' },
        ]),
      ),
    );
    expect(p).toEqual({
      path: 'nodes[3].kind',
      message:
        'nodes[3].kind: unknown kind "lb"; expected one of user, dns, load-balancer, web-server, app-server, database',
    });
    expect(onlyProblem(parseDesign(nodesFile([{ id: 'a' }]))).message).toBe(
      'nodes[0].kind: required; expected one of user, dns, load-balancer, web-server, app-server, database',
    );
  });

  it('D8 refuses a label that is an object, a number, an array or null', () => {
    for (const [label, got] of [
      [{ text: 'x' }, 'an object'],
      [42, 'the number 42'],
      [['a'], 'an array'],
      [null, 'null'],
    ] as const) {
      const p = onlyProblem(
        parseDesignValue(file({ nodes: [{ id: 'a', kind: 'user', label }], edges: [] })),
      );
      expect(p.message).toBe(`nodes[0].label: expected a label as a string, got ${got}`);
    }
  });

  it('D9 ignores handle fields, which the format does not have (edges connect components, not handles)', () => {
    const design = accepted(
      parseDesignValue(
        file({ edges: [{ source: 'u', target: 'w', sourceHandle: 'nope', targetHandle: 'left' }] }),
      ),
    );
    expect(design.edges[0]).toEqual({ id: 'e1', source: 'u', target: 'w', kind: 'request' });
  });
});

describe('2.E numbers and geometry', () => {
  it('E1 refuses a coordinate that is 1e400, null, a string, a boolean or missing, with the path', () => {
    const cases: Array<[string, string]> = [
      ['1e400', 'got the non-finite number Infinity'],
      ['null', 'got null'],
      ['"10"', 'got the string "10"'],
      ['true', 'got the boolean true'],
    ];
    for (const [x, got] of cases) {
      const text = `{"format":"archboard","version":1,"nodes":[{"id":"a","kind":"user","position":{"x":${x},"y":0}}],"edges":[]}`;
      expect(onlyProblem(parseDesign(text)).message).toBe(
        `nodes[0].position.x: expected a finite number, ${got}`,
      );
    }
    const missing = onlyProblem(
      parseDesignValue(file({ nodes: [{ id: 'a', kind: 'user', position: { y: 0 } }], edges: [] })),
    );
    expect(missing.message).toBe('nodes[0].position.x: required; expected a finite number');
    const notObject = onlyProblem(
      parseDesignValue(file({ nodes: [{ id: 'a', kind: 'user', position: [0, 0] }], edges: [] })),
    );
    expect(notObject.path).toBe('nodes[0].position');
  });

  it('E2 refuses coordinates beyond ±1e6 and accepts them at the bound', () => {
    const at = (x: number, y: number) =>
      parseDesignValue(file({ nodes: [{ id: 'a', kind: 'user', position: { x, y } }], edges: [] }));
    expect(onlyProblem(at(1e15, 0)).message).toBe(
      'nodes[0].position.x: out of range: at most 1000000',
    );
    expect(onlyProblem(at(0, -1e6 - 1)).message).toBe(
      'nodes[0].position.y: out of range: at least -1000000',
    );
    expect(accepted(at(1e6, -1e6)).nodes[0]!.position).toEqual({ x: 1e6, y: -1e6 });
  });

  it('E3 normalises -0 to 0 (the format has no sizes, so no negative sizes)', () => {
    const design = accepted(
      parseDesignValue(
        file({
          nodes: [{ id: 'a', kind: 'user', position: { x: -0, y: -0 }, latencyMs: -0 }],
          edges: [],
        }),
      ),
    );
    expect(Object.is(design.nodes[0]!.position.x, 0)).toBe(true);
    expect(Object.is(design.nodes[0]!.position.y, 0)).toBe(true);
    expect(Object.is(design.nodes[0]!.latencyMs, 0)).toBe(true);
  });

  it('E4 ignores a viewport, whatever its zoom (the format keeps none; never a reason to refuse)', () => {
    for (const zoom of [0, -1, 1e308, 'NaN']) {
      expect(
        accepted(parseDesignValue(file({ viewport: { x: 0, y: 0, zoom } }))).nodes,
      ).toHaveLength(2);
    }
  });

  it('E5 refuses NaN and Infinity that reach it at run time, and their JSON form null', () => {
    const design = accepted(parseDesignValue(file()));
    const broken = {
      ...design,
      nodes: design.nodes.map((n, i) =>
        i === 0 ? { ...n, position: { x: NaN, y: Infinity } } : n,
      ),
    };
    expect(
      refused(parseDesignValue({ format: 'archboard', version: 1, ...broken })).map((p) => p.path),
    ).toEqual(['nodes[0].position.x', 'nodes[0].position.y']);
    // JSON.stringify writes NaN as null: the next load refuses it instead of moving it to 0.
    expect(refused(parseDesign(serializeDesign(broken))).map((p) => p.path)).toEqual([
      'nodes[0].position.x',
      'nodes[0].position.y',
    ]);
  });
});

describe("the format's own rules (DESIGN.md §2)", () => {
  const lbs = [
    { id: 'u', kind: 'user' },
    { id: 'lb1', kind: 'load-balancer', cluster: 'c' },
    { id: 'lb2', kind: 'load-balancer', cluster: 'c' },
    { id: 'w', kind: 'web-server' },
  ];

  it('refuses an edge that names a server', () => {
    const p = onlyProblem(
      parseDesignValue(
        file({ edges: [{ source: 'u', target: 's' }], servers: [{ id: 's', label: 'Box' }] }),
      ),
    );
    expect(p.message).toBe(
      'edges[0].target: "s" is a server; connect the components on it, not the server itself',
    );
  });

  it('refuses an edge between a cluster and one of its own members, either way', () => {
    const problems = refused(
      parseDesignValue(
        file({
          nodes: lbs,
          clusters: [{ id: 'c' }],
          edges: [
            { source: 'c', target: 'lb1' },
            { source: 'lb2', target: 'c' },
          ],
        }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'edges[0]: connects cluster "c" with one of its own members',
      'edges[1]: connects cluster "c" with one of its own members',
    ]);
  });

  it('refuses a cluster whose members are of more than one kind', () => {
    const nodes = [...lbs, { id: 'w2', kind: 'web-server', cluster: 'c' }];
    const p = onlyProblem(parseDesignValue(file({ nodes, clusters: [{ id: 'c' }], edges: [] })));
    expect(p.path).toBe('nodes[4].cluster');
    expect(p.message).toContain(
      'mixes kinds: nodes[1] is a load-balancer but this component is a web-server',
    );
  });

  it('refuses a role on anything but a database, and an algorithm on anything but a load balancer', () => {
    const problems = refused(
      parseDesignValue(
        file({
          nodes: [{ id: 'w', kind: 'web-server', role: 'replica', algorithm: 'least-connections' }],
          edges: [],
        }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'nodes[0].role: only databases have a role; this component is a web-server',
      'nodes[0].algorithm: only load balancers have an algorithm; this component is a web-server',
    ]);
  });

  it('refuses access except on request edges into a database or a cluster of databases', () => {
    const nodes = [
      { id: 'a', kind: 'app-server' },
      { id: 'w', kind: 'web-server' },
      { id: 'p', kind: 'database' },
      { id: 'r1', kind: 'database', role: 'replica', cluster: 'rc' },
      { id: 'r2', kind: 'database', role: 'replica', cluster: 'rc' },
    ];
    const edges = [
      { source: 'w', target: 'a', access: 'read' },
      { source: 'p', target: 'r1', kind: 'replication', access: 'write' },
      { source: 'a', target: 'rc', access: 'read' },
      { source: 'a', target: 'p', access: 'write' },
    ];
    const problems = refused(parseDesignValue(file({ nodes, edges, clusters: [{ id: 'rc' }] })));
    expect(problems.map((p) => p.message)).toEqual([
      'edges[0].access: access is only for request edges into a database; "a" is not a database',
      'edges[1].access: a replication edge has no access; only request edges into a database do',
    ]);
  });

  it('accepts a declared cluster or server with no members yet', () => {
    const design = accepted(
      parseDesignValue(file({ clusters: [{ id: 'c' }], servers: [{ id: 's' }] })),
    );
    expect(design.clusters).toEqual([
      { id: 'c', label: 'Cluster', mode: 'active-passive', entryPoints: 1 },
    ]);
    expect(design.servers).toEqual([{ id: 's', label: 'Server 1' }]);
  });

  it('refuses unknown enum values with the values it expected', () => {
    const problems = refused(
      parseDesignValue(
        file({
          nodes: [
            { id: 'd', kind: 'database', role: 'leader' },
            { id: 'l', kind: 'load-balancer', algorithm: 'random' },
          ],
          edges: [{ source: 'l', target: 'd', kind: 'sync', access: 'all' }],
          clusters: [{ id: 'c', mode: 'hot' }],
        }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'nodes[0].role: unknown role "leader"; expected one of primary, replica',
      'nodes[1].algorithm: unknown algorithm "random"; expected one of round-robin, least-connections',
      'edges[0].kind: unknown edge kind "sync"; expected one of request, replication',
      'edges[0].access: unknown access "all"; expected one of read, write, read-write',
      'clusters[0].mode: unknown cluster mode "hot"; expected one of active-active, active-passive',
    ]);
  });

  it('refuses text over its cap: labels 1,000, notes 20,000, title 1,000 characters', () => {
    const problems = refused(
      parseDesignValue(
        file({
          title: 't'.repeat(1001),
          nodes: [{ id: 'a', kind: 'user', label: 'l'.repeat(1001), notes: 'n'.repeat(20_001) }],
          edges: [],
        }),
      ),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'title: too long: at most 1000 characters, got 1001',
      'nodes[0].label: too long: at most 1000 characters, got 1001',
      'nodes[0].notes: too long: at most 20000 characters, got 20001',
    ]);
    const atCap = file({
      title: 't'.repeat(1000),
      nodes: [{ id: 'a', kind: 'user', label: 'l'.repeat(1000), notes: 'n'.repeat(20_000) }],
      edges: [],
    });
    expect(accepted(parseDesignValue(atCap)).title).toHaveLength(1000);
  });

  it('refuses latency outside 0..60000 ms and entry points outside 1..1000', () => {
    const problems = refused(
      parseDesignValue(
        file({
          nodes: [
            { id: 'a', kind: 'user', latencyMs: -1 },
            { id: 'b', kind: 'dns', latencyMs: 60_001 },
          ],
          edges: [],
          clusters: [
            { id: 'c', entryPoints: 0 },
            { id: 'd', entryPoints: 1.5 },
            { id: 'e', entryPoints: 1001 },
          ],
        }),
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'nodes[0].latencyMs',
      'nodes[1].latencyMs',
      'clusters[0].entryPoints',
      'clusters[1].entryPoints',
      'clusters[2].entryPoints',
    ]);
  });

  it('reports at most 100 problems, the last saying how many more there were', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, kind: 'lb' }));
    const problems = refused(parseDesignValue(file({ nodes, edges: [] })));
    expect(problems).toHaveLength(MAX_PROBLEMS);
    expect(problems[MAX_PROBLEMS - 1]!.message).toBe('… and 401 more problems');
  });

  it('refuses inputs that are neither text nor bytes, and values with cycles, without throwing', () => {
    expect(onlyProblem(parseDesign(42 as unknown as string)).message).toContain(
      'expected text or bytes',
    );
    const cyclic: Record<string, unknown> = file();
    cyclic.self = cyclic;
    expect(onlyProblem(parseDesignValue(cyclic)).message).toContain('nested too deeply');
    const throwing = file();
    Object.defineProperty(throwing, 'nodes', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(onlyProblem(parseDesignValue(throwing)).message).toBe(
      'could not read this design (boom)',
    );
  });

  it('does not change the value it is given', () => {
    const value = file({
      nodes: [
        { id: 'u', kind: 'user', extra: 1 },
        { id: 'w', kind: 'web-server' },
      ],
    });
    const before = JSON.stringify(value);
    accepted(parseDesignValue(value));
    expect(JSON.stringify(value)).toBe(before);
  });
});

describe('defaults (DESIGN.md §2)', () => {
  const design = accepted(
    parseDesignValue({
      format: 'archboard',
      version: 1,
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'l', kind: 'load-balancer', cluster: 'c' },
        { id: 'a', kind: 'app-server' },
        { id: 'p', kind: 'database' },
        { id: 'r', kind: 'database', role: 'replica' },
      ],
      edges: [
        { source: 'u', target: 'c' },
        { id: 'e1', source: 'c', target: 'a', label: 'HTTP' },
        { source: 'a', target: 'p' },
        { source: 'a', target: 'r' },
        { id: 'e3', source: 'a', target: 'r', access: 'read-write' },
        { source: 'p', target: 'r', kind: 'replication' },
      ],
      clusters: [{ id: 'c' }],
    }),
  );

  it('titles an untitled design "Untitled design"', () => {
    expect(design.title).toBe('Untitled design');
  });

  it('labels components from their kind, and databases are primaries unless told', () => {
    expect(design.nodes.map((n) => [n.label, n.role])).toEqual([
      ['User', undefined],
      ['HAProxy', undefined],
      ['App server', undefined],
      ['MySQL', 'primary'],
      ['MySQL replica', 'replica'],
    ]);
  });

  it('gives request edges into a primary read-write, into a replica read, and nothing elsewhere', () => {
    expect(design.edges.map((e) => [e.source, e.target, e.kind, e.access])).toEqual([
      ['u', 'c', 'request', undefined],
      ['c', 'a', 'request', undefined],
      ['a', 'p', 'request', 'read-write'],
      ['a', 'r', 'request', 'read'],
      ['a', 'r', 'request', 'read-write'],
      ['p', 'r', 'replication', undefined],
    ]);
  });

  it('numbers missing edge ids e1, e2… skipping ids the file uses', () => {
    expect(design.edges.map((e) => e.id)).toEqual(['e2', 'e1', 'e4', 'e5', 'e3', 'e6']);
  });

  it('makes clusters active-passive with one entry point, labelled after their kind', () => {
    expect(design.clusters).toEqual([
      { id: 'c', label: 'HAProxy cluster', mode: 'active-passive', entryPoints: 1 },
    ]);
  });

  it('lays out a design without positions by tier, and places the unplaced of a partly placed one on free spots', () => {
    const xs = design.nodes.map((n) => n.position.x);
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(xs[1]).toBeLessThan(xs[2]!);
    expect(xs[2]).toBeLessThan(xs[3]!);
    const partly = accepted(
      parseDesignValue(
        file({
          nodes: [
            { id: 'u', kind: 'user', position: { x: 0, y: 0 } },
            { id: 'w1', kind: 'web-server', position: { x: 400, y: 0 } },
            { id: 'w2', kind: 'web-server' },
            { id: 'w3', kind: 'web-server' },
            { id: 'd', kind: 'database' },
          ],
          edges: [],
        }),
      ),
    );
    const [u, w1, w2, w3, d] = partly.nodes;
    expect(u!.position).toEqual({ x: 0, y: 0 });
    expect(w1!.position).toEqual({ x: 400, y: 0 });
    expect(w2!.position.x).toBe(400); // in the web servers' column
    expect(w3!.position.x).toBe(400);
    expect(d!.position.x).toBeGreaterThan(400); // right of the web servers
    for (let i = 0; i < partly.nodes.length; i++) {
      for (let j = i + 1; j < partly.nodes.length; j++) {
        const a = partly.nodes[i]!.position;
        const b = partly.nodes[j]!.position;
        expect(Math.abs(a.x - b.x) >= 168 || Math.abs(a.y - b.y) >= 56).toBe(true);
      }
    }
  });
});

describe('a design at the caps', () => {
  it('parses 5,000 components and 20,000 connections, half of them unplaced, within a second of CPU', () => {
    const kinds = ['user', 'dns', 'load-balancer', 'web-server', 'app-server', 'database'];
    const nodes = Array.from({ length: LIMITS.maxNodes }, (_, i) => ({
      id: `n${i}`,
      kind: kinds[i % kinds.length],
      label: `Component ${i}`,
      ...(i % 2 ? { position: { x: (i % 50) * 200, y: Math.floor(i / 50) * 80 } } : {}),
    }));
    const edges = Array.from({ length: LIMITS.maxEdges }, (_, i) => ({
      source: `n${i % LIMITS.maxNodes}`,
      target: `n${(i * 7 + 1) % LIMITS.maxNodes}`,
    }));
    const text = JSON.stringify(file({ nodes, edges }));
    const { value: result, cpuMs } = timed(() => parseDesign(text));
    const design = accepted(result);
    expect(design.edges).toHaveLength(LIMITS.maxEdges);
    expect(cpuMs).toBeLessThan(1000);
    // The unplaced ones were put on free spots.
    const seen = new Set(design.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(seen.size).toBe(LIMITS.maxNodes);
  });
});

describe('formatProblems', () => {
  it('lists the messages, one per line, and says how many more there are', () => {
    const problems = [1, 2, 3].map((i) => ({ path: `nodes[${i}]`, message: `nodes[${i}]: bad` }));
    expect(formatProblems(problems)).toBe('nodes[1]: bad\nnodes[2]: bad\nnodes[3]: bad');
    expect(formatProblems(problems, 2)).toBe('nodes[1]: bad\nnodes[2]: bad\n… and 1 more problem');
    expect(formatProblems([])).toBe('');
  });
});

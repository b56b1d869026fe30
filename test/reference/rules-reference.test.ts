/**
 * `checkDesign` against an independent, brute-force implementation of DESIGN.md §3
 * (rules-reference.ts), finding by finding (rule, severity, nodes, flows) and checklist item
 * by checklist item, on the course templates, the format-1 fixtures, hand-picked corner
 * cases, and thousands of random designs: realistic ones (tiered, clustered, on servers,
 * with a few odd edges; realistic-designs.ts) and the model's uniformly random ones.
 *
 * A disagreement fails with the design shrunk to a minimal one (as compact JSON), ready to
 * become a table case. No disagreement class is skipped: none is known (README.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDesign, type DesignSketch } from '../../src/model/sketch';
import { parseDesign } from '../../src/model/parse';
import { TEMPLATES } from '../../src/model/templates';
import {
  arbitraryDesign,
  checkDesignInvariants,
  randomDesign,
} from '../../src/model/testing/arbitraries';
import type { Design } from '../../src/model/types';
import { compareWithReference, describeDesign, findingKey, shrinkDesign } from './compare';
import { createLayeredDesign, createRealisticDesign } from './realistic-designs';
import { referenceCheck } from './rules-reference';

/** Fails with the minimal disagreeing design when `checkDesign` and the reference disagree. */
function expectAgreement(design: Design): void {
  const discrepancy = compareWithReference(design);
  if (discrepancy === undefined) return;
  const minimal = shrinkDesign(design, (d) => compareWithReference(d) !== undefined);
  throw new Error(
    [
      'checkDesign and the reference of DESIGN.md §3 disagree.',
      `minimal design: ${describeDesign(minimal)}`,
      `on it: ${JSON.stringify(compareWithReference(minimal), null, 1)}`,
      `original design: ${describeDesign(design)}`,
      `on it: ${JSON.stringify(discrepancy, null, 1)}`,
    ].join('\n'),
  );
}

/** What the reference says, as rule(flows) strings, for the reference's own tests. */
function referenceSays(design: Design): string[] {
  return referenceCheck(design)
    .findings.map((f) => `${f.rule}:${f.nodes.join(',')}${f.flows ? `(${f.flows.join(',')})` : ''}`)
    .sort();
}

describe('the reference itself, on what DESIGN.md and the templates spell out', () => {
  const template = (id: string) => TEMPLATES.find((t) => t.id === id)!.design;

  it('gives the scale-up design only db-single-writer, and 7/7', () => {
    const report = referenceCheck(template('scale-up'));
    expect(report.findings.map(findingKey)).toEqual([
      findingKey({ rule: 'db-single-writer', severity: 'warning', nodes: ['db1'] }),
    ]);
    expect(report.checklist.every((c) => c.passed)).toBe(true);
  });

  it('flags every part of the simple stack and its one server', () => {
    expect(referenceSays(template('simple-stack'))).toEqual([
      'colocated-tiers:server1',
      'no-replica:db1',
      'server-spof:server1(static,read,write)',
      'spof:app1(read,write)',
      'spof:db1(read,write)',
      'spof:web1(static,read,write)',
    ]);
  });

  it('gives the distributed design a write-only server-spof as a warning', () => {
    const report = referenceCheck(template('distributed'));
    expect(report.findings.filter((f) => f.rule === 'server-spof')).toEqual([
      { rule: 'server-spof', severity: 'warning', nodes: ['server1'], flows: ['write'] },
    ]);
    expect(referenceSays(template('distributed'))).toEqual([
      'colocated-tiers:server1',
      'colocated-tiers:server2',
      'db-single-writer:db1',
      'server-spof:server1(write)',
      'spof:lb1(static,read,write)',
    ]);
  });

  it('finds a server that cuts only as a whole, not through one component', () => {
    // Two web servers, each on its own path; one server holds both: no component SPOF.
    const design = makeDesign({
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'w1', kind: 'web-server', server: 's' },
        { id: 'w2', kind: 'web-server', server: 's' },
      ],
      edges: [
        { source: 'u', target: 'w1' },
        { source: 'u', target: 'w2' },
      ],
      servers: [{ id: 's', label: 'S' }],
    });
    expect(referenceSays(design)).toEqual(['server-spof:s(static)']);
  });

  it('carries nothing over an out-of-order edge', () => {
    // user → web skips the load balancer that exists: the web server is not reached.
    const design = makeDesign({
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'lb', kind: 'load-balancer' },
        { id: 'w', kind: 'web-server' },
      ],
      edges: [{ source: 'u', target: 'w' }],
    });
    expect(referenceSays(design)).toEqual(['no-path:u(static)', 'orphan:lb', 'tier-order:u,w']);
  });
});

describe('checkDesign agrees with the reference of DESIGN.md §3', () => {
  it.each(TEMPLATES.map((t) => [t.id, t.design] as const))('on the %s template', (_, design) => {
    expectAgreement(design);
  });

  const fixtures = join(import.meta.dirname, '../fixtures/v1');
  it.each(readdirSync(fixtures).filter((f) => f.endsWith('.json')))('on fixture %s', (name) => {
    const parsed = parseDesign(new Uint8Array(readFileSync(join(fixtures, name))));
    if (!parsed.ok) throw new Error(`${name} does not load`);
    expectAgreement(parsed.value);
  });

  /** Corners where §3 needs a reading (rules-reference.ts lists them). */
  const corners: Record<string, DesignSketch> = {
    'an empty design': {},
    'a replication edge from an empty cluster': {
      nodes: [{ id: 'r', kind: 'database', role: 'replica' }],
      edges: [{ source: 'ec', target: 'r', kind: 'replication' }],
      clusters: [{ id: 'ec', label: 'E' }],
    },
    'a write from an empty cluster into a replica': {
      nodes: [{ id: 'r', kind: 'database', role: 'replica' }],
      edges: [{ source: 'ec', target: 'r', access: 'read-write' }],
      clusters: [{ id: 'ec', label: 'E' }],
    },
    'edges to and from an empty cluster': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'w', kind: 'web-server' },
      ],
      edges: [
        { source: 'u', target: 'w' },
        { source: 'ec', target: 'w' },
        { source: 'w', target: 'ec' },
      ],
      clusters: [{ id: 'ec', label: 'E' }],
    },
    'a database cluster holding a primary and a replica': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'a', kind: 'app-server' },
        { id: 'p0', kind: 'database' },
        { id: 'p', kind: 'database', cluster: 'dc' },
        { id: 'r', kind: 'database', role: 'replica', cluster: 'dc' },
      ],
      edges: [
        { source: 'u', target: 'a' },
        { source: 'a', target: 'dc', access: 'write' },
        { source: 'p0', target: 'dc', kind: 'replication' },
      ],
      clusters: [{ id: 'dc', label: 'D' }],
    },
    'a server holding only users': {
      nodes: [
        { id: 'u1', kind: 'user', server: 's' },
        { id: 'u2', kind: 'user', server: 's' },
        { id: 'w', kind: 'web-server' },
      ],
      edges: [
        { source: 'u1', target: 'w' },
        { source: 'u2', target: 'w' },
      ],
      servers: [{ id: 's', label: 'S' }],
    },
    'a server holding a user and one of its two web servers': {
      nodes: [
        { id: 'u', kind: 'user', server: 's' },
        { id: 'w1', kind: 'web-server', server: 's' },
        { id: 'w2', kind: 'web-server' },
      ],
      edges: [
        { source: 'u', target: 'w1' },
        { source: 'u', target: 'w2' },
      ],
      servers: [{ id: 's', label: 'S' }],
    },
    'a load balancer whose only edge onward names an empty cluster': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'l', kind: 'load-balancer' },
        { id: 'w', kind: 'web-server' },
      ],
      edges: [
        { source: 'u', target: 'l' },
        { source: 'l', target: 'ec' },
        { source: 'u', target: 'w' },
      ],
      clusters: [{ id: 'ec', label: 'E' }],
    },
    'a server holding both DNS': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'd1', kind: 'dns', server: 's' },
        { id: 'd2', kind: 'dns', server: 's' },
        { id: 'w', kind: 'web-server' },
      ],
      edges: [
        { source: 'u', target: 'd1' },
        { source: 'u', target: 'd2' },
        { source: 'd1', target: 'w' },
        { source: 'd2', target: 'w' },
      ],
      servers: [{ id: 's', label: 'S' }],
    },
    'a cluster of users': {
      nodes: [
        { id: 'u1', kind: 'user', cluster: 'uc' },
        { id: 'u2', kind: 'user', cluster: 'uc' },
        { id: 'w', kind: 'web-server' },
      ],
      edges: [{ source: 'uc', target: 'w' }],
      clusters: [{ id: 'uc', label: 'U', mode: 'active-active' }],
    },
    'web servers straight to a database (no app tier)': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'w', kind: 'web-server' },
        { id: 'p', kind: 'database' },
      ],
      edges: [
        { source: 'u', target: 'w' },
        { source: 'w', target: 'p', access: 'write' },
      ],
    },
    'a reached web server whose only edge onward runs backwards': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'l', kind: 'load-balancer' },
        { id: 'w', kind: 'web-server' },
        { id: 'a', kind: 'app-server' },
      ],
      edges: [
        { source: 'u', target: 'l' },
        { source: 'l', target: 'w' },
        { source: 'w', target: 'l' },
      ],
    },
    'a primary reached for reads only': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'a', kind: 'app-server' },
        { id: 'p', kind: 'database' },
      ],
      edges: [
        { source: 'u', target: 'a' },
        { source: 'a', target: 'p', access: 'read' },
      ],
    },
    'a replica fed by a primary nobody reaches': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'a', kind: 'app-server' },
        { id: 'p', kind: 'database' },
        { id: 'p2', kind: 'database' },
        { id: 'r', kind: 'database', role: 'replica' },
      ],
      edges: [
        { source: 'u', target: 'a' },
        { source: 'a', target: 'p' },
        { source: 'a', target: 'r' },
        { source: 'p2', target: 'r', kind: 'replication' },
      ],
    },
    'two users, one of them with a second way in': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'u2', kind: 'user' },
        { id: 'w', kind: 'web-server' },
        { id: 'w2', kind: 'web-server' },
      ],
      edges: [
        { source: 'u', target: 'w' },
        { source: 'u', target: 'w2' },
        { source: 'u2', target: 'w' },
      ],
    },
    'load balancers nobody reaches, and an active-active web cluster with one entry point': {
      nodes: [
        { id: 'u', kind: 'user' },
        { id: 'l1', kind: 'load-balancer' },
        { id: 'l2', kind: 'load-balancer' },
        { id: 'w1', kind: 'web-server', cluster: 'wc' },
        { id: 'w2', kind: 'web-server', cluster: 'wc' },
      ],
      edges: [
        { source: 'l1', target: 'wc' },
        { source: 'l2', target: 'wc' },
      ],
      clusters: [{ id: 'wc', label: 'W', mode: 'active-active', entryPoints: 1 }],
    },
  };
  it.each(Object.entries(corners))('on %s', (_, sketch) => {
    expectAgreement(makeDesign(sketch));
  });

  // About 5,000 random designs in all; a few seconds on a quiet machine.
  const property = (arbitrary: fc.Arbitrary<Design>, numRuns: number) => {
    fc.assert(
      fc.property(arbitrary, (design) => {
        expect(checkDesignInvariants(design)).toEqual([]);
        expectAgreement(design);
      }),
      // Designs built from a seed do not shrink; expectAgreement shrinks the design itself.
      { numRuns, endOnFailure: true },
    );
  };

  it('on 3,000 realistic designs (tiered, clustered, on servers, a few odd edges)', () => {
    property(fc.integer().map(createRealisticDesign), 3000);
  });

  it('on 1,000 wide designs (up to six components a tier, up to six servers)', () => {
    property(
      fc.integer().map((seed) => createLayeredDesign(seed, true)),
      1000,
    );
  });

  it('on 1,000 uniformly random designs', () => {
    property(
      fc.integer().map((seed) => randomDesign(seed)),
      700,
    );
    property(arbitraryDesign({ maxNodes: 10 }), 300);
  });
});

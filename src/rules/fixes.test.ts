import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFlowDesign } from '../graph/testing/flow-designs';
import { NODE_SIZE } from '../model/catalogue';
import { parseDesign } from '../model/parse';
import { serializeDesign } from '../model/serialize';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import { checkDesign } from './check-design';
import { applyFix, nextLabel } from './fixes';
import { keyOf, variant } from './testing/sketches';
import type { Finding, Fix } from './types';

const remove = <T>(list: T[], pick: (x: T) => boolean) => {
  for (let i = list.length - 1; i >= 0; i--) if (pick(list[i]!)) list.splice(i, 1);
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The fixed design is valid: it survives serialize → parse unchanged. */
function expectValid(design: Design): void {
  const parsed = parseDesign(serializeDesign(design));
  expect(parsed).toEqual({ ok: true, value: design });
}

/** New components overlap nothing. */
function expectNoOverlap(before: Design, after: Design): void {
  const old = new Set(before.nodes.map((n) => n.id));
  for (const fresh of after.nodes.filter((n) => !old.has(n.id))) {
    for (const other of after.nodes) {
      if (other === fresh) continue;
      const apart =
        Math.abs(fresh.position.x - other.position.x) >= NODE_SIZE.width ||
        Math.abs(fresh.position.y - other.position.y) >= NODE_SIZE.height;
      expect(apart).toBe(true);
    }
  }
}

/**
 * Applies the fix of the finding `key` and checks: that finding is gone, no new finding
 * appears (except those `allowed`), the result is a valid design, nothing overlaps, and
 * the input is untouched.
 */
function expectFixResolves(
  design: Design,
  key: string,
  kind: Fix['kind'],
  allowed: readonly string[] = [],
): Design {
  deepFreeze(design);
  const before = checkDesign(design);
  const finding = before.findings.find((f) => keyOf(f) === key);
  expect(finding, `no finding ${key}`).toBeDefined();
  expect(finding!.fix?.kind).toBe(kind);
  const after = applyFix(design, finding!.fix!);
  const keys = checkDesign(after).findings.map(keyOf);
  expect(keys).not.toContain(key);
  const old = new Set(before.findings.map(keyOf));
  expect(keys.filter((k) => !old.has(k) && !allowed.includes(k))).toEqual([]);
  expectValid(after);
  expectNoOverlap(design, after);
  return after;
}

describe('applyFix resolves the finding it is attached to, and adds none', () => {
  it('add-peer: a second web server wired like the only one', () => {
    const d = variant((s) => {
      remove(s.nodes, (n) => n.id === 'web2');
      remove(s.edges, (e) => e.source === 'web2' || e.target === 'web2');
    });
    const after = expectFixResolves(d, 'spof web1', 'add-peer');
    const peer = after.nodes.at(-1)!;
    expect(peer).toMatchObject({ kind: 'web-server', label: 'Nginx 2' });
    expect(peer.server).toBeUndefined();
    const wiring = after.edges.filter((e) => e.source === peer.id || e.target === peer.id);
    expect(wiring.map((e) => `${e.source}>${e.target}`)).toEqual([
      `lbc>${peer.id}`,
      `${peer.id}>app1`,
      `${peer.id}>app2`,
    ]);
    // Right below the original, in its column.
    const web1 = after.nodes.find((n) => n.id === 'web1')!;
    expect(peer.position.x).toBe(web1.position.x);
    expect(peer.position.y).toBeGreaterThan(web1.position.y);
  });

  it('add-peer: a second app server, in the simple web stack (off the shared server)', () => {
    const d = getTemplate('simple-stack')!;
    expectFixResolves(d, 'spof app1', 'add-peer');
  });

  it('add-peer: a second replica fed like the first, when reads rest on one replica', () => {
    const d = variant((s) => {
      for (const e of s.edges) if (e.target === 'db1') e.access = 'write';
    });
    const after = expectFixResolves(d, 'spof db2', 'add-peer');
    const peer = after.nodes.at(-1)!;
    expect(peer).toMatchObject({ kind: 'database', role: 'replica' });
    expect(
      after.edges.some(
        (e) => e.kind === 'replication' && e.source === 'db1' && e.target === peer.id,
      ),
    ).toBe(true);
  });

  it('cluster-load-balancers: a second HAProxy, both in an active-active cluster with two entry points', () => {
    const d = getTemplate('distributed')!;
    const after = expectFixResolves(d, 'spof lb1', 'cluster-load-balancers');
    const cluster = after.clusters.at(-1)!;
    expect(cluster).toMatchObject({
      mode: 'active-active',
      entryPoints: 2,
      label: 'HAProxy cluster',
    });
    const members = after.nodes.filter((n) => n.cluster === cluster.id);
    expect(members.map((n) => n.label)).toEqual(['HAProxy', 'HAProxy 2']);
    expect(after.edges.filter((e) => e.source === 'lb1' || e.target === 'lb1')).toEqual([]);
    expect(after.edges.some((e) => e.source === 'dns' && e.target === cluster.id)).toBe(true);
  });

  it('cluster-load-balancers: two separately wired load balancers become one cluster', () => {
    const d = variant((s) => {
      for (const n of s.nodes) delete n.cluster;
      s.clusters = [];
      remove(s.edges, (e) => e.source === 'dns' || e.source === 'lbc');
      s.edges.push(
        { source: 'dns', target: 'lb1' },
        { source: 'dns', target: 'lb2' },
        { source: 'lb1', target: 'web1' },
        { source: 'lb2', target: 'web2' },
      );
    });
    const after = expectFixResolves(d, 'lb-not-clustered lb1 lb2', 'cluster-load-balancers');
    expect(after.nodes.filter((n) => n.kind === 'load-balancer').map((n) => n.cluster)).toEqual([
      'lbc1',
      'lbc1',
    ]);
    // dns → lb1 and dns → lb2 became one edge dns → cluster.
    expect(after.edges.filter((e) => e.source === 'dns').map((e) => e.target)).toEqual(['lbc1']);
  });

  it('cluster-load-balancers: a standby reached but wired to nothing joins its peer', () => {
    const d = variant((s) => {
      for (const n of s.nodes) delete n.cluster;
      s.clusters = [];
      remove(s.edges, (e) => e.source === 'dns' || e.source === 'lbc');
      s.edges.push(
        { source: 'dns', target: 'lb1' },
        { source: 'dns', target: 'lb2' },
        { source: 'lb1', target: 'web1' },
        { source: 'lb1', target: 'web2' },
      );
    });
    const before = checkDesign(d).findings.map(keyOf);
    expect(before).toEqual(expect.arrayContaining(['spof lb1', 'dead-end lb2']));
    const after = expectFixResolves(d, 'lb-not-clustered lb1 lb2', 'cluster-load-balancers');
    expect(checkDesign(after).findings.map(keyOf)).toEqual(['db-single-writer db1']);
  });

  it('add-replica: a replica fed by the primary, serving reads to every app server', () => {
    const d = variant((s) => {
      remove(s.nodes, (n) => n.id === 'db2');
      remove(s.edges, (e) => e.target === 'db2');
    });
    // The primary stops being a SPOF of reads; the single writer remains, as a warning.
    const after = expectFixResolves(d, 'no-replica db1', 'add-replica', ['db-single-writer db1']);
    expect(checkDesign(after).findings.map(keyOf)).toEqual(['db-single-writer db1']);
    const replica = after.nodes.at(-1)!;
    expect(replica).toMatchObject({ kind: 'database', role: 'replica', label: 'MySQL replica' });
    expect(
      after.edges
        .filter((e) => e.target === replica.id)
        .map((e) => `${e.source}>${e.kind}:${e.access ?? ''}`),
    ).toEqual(['db1>replication:', 'app1>request:read', 'app2>request:read']);
  });

  it('add-replica: in the simple web stack', () => {
    expectFixResolves(getTemplate('simple-stack')!, 'no-replica db1', 'add-replica', [
      'db-single-writer db1',
    ]);
  });

  it('set-entry-points: an active-active cluster gets its second entry point', () => {
    const d = variant((s) => (s.clusters![0]!.entryPoints = 1));
    const after = expectFixResolves(d, 'lb-active-active-single-entry lbc', 'set-entry-points');
    expect(after.clusters[0]!.entryPoints).toBe(2);
  });

  it('reverse-replication: a backwards replication edge runs from the primary again', () => {
    const d = variant((s) => {
      const e = s.edges.find((x) => x.kind === 'replication')!;
      e.source = 'db2';
      e.target = 'db1';
    });
    const after = expectFixResolves(d, 'replication-direction db2 db1', 'reverse-replication');
    expect(checkDesign(after).findings.map(keyOf)).toEqual(['db-single-writer db1']);
  });

  it('make-writable: an app server that only reads from the primary may write', () => {
    const d = variant((s) => {
      s.edges.find((e) => e.source === 'app2' && e.target === 'db1')!.access = 'read';
    });
    const after = expectFixResolves(d, 'app-cannot-write app2', 'make-writable');
    expect(after.edges.find((e) => e.source === 'app2' && e.target === 'db1')!.access).toBe(
      'read-write',
    );
  });

  it('connect-writer: an app server with no edge to the primary gets one', () => {
    const d = variant((s) => remove(s.edges, (e) => e.source === 'app2' && e.target === 'db1'));
    const after = expectFixResolves(d, 'app-cannot-write app2', 'connect-writer');
    expect(after.edges.at(-1)).toMatchObject({
      source: 'app2',
      target: 'db1',
      access: 'read-write',
    });
  });
});

describe('applyFix', () => {
  it('returns the design unchanged when the fix names something that is gone', () => {
    const d = getTemplate('scale-up')!;
    const fixes: Fix[] = [
      { kind: 'add-peer', label: '', node: 'nope' },
      { kind: 'cluster-load-balancers', label: '', nodes: ['nope'] },
      { kind: 'add-replica', label: '', primary: 'nope' },
      { kind: 'set-entry-points', label: '', cluster: 'nope', entryPoints: 2 },
      { kind: 'reverse-replication', label: '', edge: 'nope' },
      { kind: 'make-writable', label: '', edge: 'nope' },
      { kind: 'connect-writer', label: '', app: 'nope', primary: 'db1' },
    ];
    for (const fix of fixes) expect(applyFix(d, fix)).toBe(d);
  });

  it('numbers labels after the original', () => {
    const d = getTemplate('scale-up')!;
    expect(nextLabel(d, 'Nginx 1')).toBe('Nginx 3');
    expect(nextLabel(d, 'App 2')).toBe('App 3');
    expect(nextLabel(d, 'MySQL primary')).toBe('MySQL primary 2');
  });

  it('on random designs: every offered fix yields a valid design without the finding it fixes', () => {
    fc.assert(
      fc.property(arbitraryFlowDesign(), (design) => {
        const report = checkDesign(design);
        const fixed = report.findings.filter(
          (f): f is Finding & { fix: Fix } => f.fix !== undefined,
        );
        for (const finding of fixed) {
          const after = applyFix(design, finding.fix);
          expect(after).not.toBe(design);
          const parsed = parseDesign(serializeDesign(after));
          expect(parsed.ok).toBe(true);
          // Gone (parallel edges each have their own finding under one key: one fewer).
          const count = (r: Finding[]) => r.filter((f) => keyOf(f) === keyOf(finding)).length;
          expect(count(checkDesign(after).findings)).toBeLessThan(count(report.findings));
        }
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryFlowDesign,
  referenceFlowVerdicts,
  type ReferenceVerdict,
} from '../graph/testing/flow-designs';
import { arbitraryDesign } from '../model/testing/arbitraries';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import { checkDesign, summarize } from './check-design';
import { RULE_ORDER } from './registry';
import { findingKeys, keyOf, variant } from './testing/sketches';
import type { Finding } from './types';

const remove = <T>(list: T[], pick: (x: T) => boolean) => {
  for (let i = list.length - 1; i >= 0; i--) if (pick(list[i]!)) list.splice(i, 1);
};

/** The documented design without its second web server: Nginx 1 carries every request. */
const oneWeb = () =>
  variant((s) => {
    remove(s.nodes, (n) => n.id === 'web2');
    remove(s.edges, (e) => e.source === 'web2' || e.target === 'web2');
  });

interface Case {
  name: string;
  design: () => Design;
  finding: string;
}

/** Each rule: a design where it fires (with the exact finding) … */
const FIRES: Case[] = [
  {
    name: 'no-user: flags a design without a user',
    design: () =>
      variant((s) => {
        remove(s.nodes, (n) => n.kind === 'user');
        remove(s.edges, (e) => e.source === 'user');
      }),
    finding: 'no-user',
  },
  {
    name: 'no-path: flags a user whose DNS leads nowhere',
    design: () => variant((s) => remove(s.edges, (e) => e.source === 'dns')),
    finding: 'no-path user',
  },
  {
    name: 'spof: flags the only web server as a SPOF',
    design: oneWeb,
    finding: 'spof web1',
  },
  {
    name: 'db-single-writer: flags the one primary that takes writes',
    design: () => variant(() => {}),
    finding: 'db-single-writer db1',
  },
  {
    name: 'server-spof: flags a server holding both web servers',
    design: () =>
      variant((s) => {
        s.servers = [{ id: 'box', label: 'Box' }];
        for (const n of s.nodes) if (n.kind === 'web-server') n.server = 'box';
      }),
    finding: 'server-spof box',
  },
  {
    name: 'dead-end: flags a reached web server with no app server to send to',
    design: () => variant((s) => remove(s.edges, (e) => e.source === 'web2')),
    finding: 'dead-end web2',
  },
  {
    name: 'lb-not-clustered: flags two reached load balancers outside one cluster',
    design: () =>
      variant((s) => {
        for (const n of s.nodes) delete n.cluster;
        s.clusters = [];
        remove(s.edges, (e) => e.source === 'dns' || e.source === 'lbc');
        for (const lb of ['lb1', 'lb2']) {
          s.edges.push(
            { source: 'dns', target: lb },
            { source: lb, target: 'web1' },
            { source: lb, target: 'web2' },
          );
        }
      }),
    finding: 'lb-not-clustered lb1 lb2',
  },
  {
    name: 'lb-active-active-single-entry: flags an active-active cluster with one entry point',
    design: () => variant((s) => (s.clusters![0]!.entryPoints = 1)),
    finding: 'lb-active-active-single-entry lbc',
  },
  {
    name: 'no-replica: flags a primary with no replica',
    design: () =>
      variant((s) => {
        remove(s.nodes, (n) => n.id === 'db2');
        remove(s.edges, (e) => e.target === 'db2');
      }),
    finding: 'no-replica db1',
  },
  {
    name: 'multiple-primaries: flags two primaries',
    design: () =>
      variant((s) => {
        s.nodes.find((n) => n.id === 'db2')!.role = 'primary';
        remove(s.edges, (e) => e.kind === 'replication');
      }),
    finding: 'multiple-primaries db1 db2',
  },
  {
    name: 'replica-unfed: flags a replica that no primary feeds',
    design: () => variant((s) => remove(s.edges, (e) => e.kind === 'replication')),
    finding: 'replica-unfed db2',
  },
  {
    name: 'replica-write: flags a read-write edge into a replica, once, by its ends',
    design: () =>
      variant(
        (s) =>
          (s.edges.find((e) => e.source === 'app1' && e.target === 'db2')!.access = 'read-write'),
      ),
    finding: 'replica-write app1 db2',
  },
  {
    name: 'replication-direction: flags replication from the replica to the primary',
    design: () =>
      variant((s) => {
        const e = s.edges.find((x) => x.kind === 'replication')!;
        e.source = 'db2';
        e.target = 'db1';
      }),
    finding: 'replication-direction db2 db1',
  },
  {
    name: 'app-cannot-write: flags an app server that only reads from the primary',
    design: () =>
      variant(
        (s) => (s.edges.find((e) => e.source === 'app2' && e.target === 'db1')!.access = 'read'),
      ),
    finding: 'app-cannot-write app2',
  },
  {
    name: 'tier-order: flags DNS sending straight to a web server, naming the edge as written',
    design: () => variant((s) => s.edges.push({ source: 'dns', target: 'web1' })),
    finding: 'tier-order dns web1',
  },
  {
    name: 'orphan: flags a component with no edge at all',
    design: () => variant((s) => s.nodes.push({ id: 'lone', kind: 'web-server', label: 'Spare' })),
    finding: 'orphan lone',
  },
  {
    name: 'colocated-tiers: flags a server running a web and an app server',
    design: () =>
      variant((s) => {
        s.servers = [{ id: 'box', label: 'Box' }];
        s.nodes.find((n) => n.id === 'web1')!.server = 'box';
        s.nodes.find((n) => n.id === 'app1')!.server = 'box';
      }),
    finding: 'colocated-tiers box',
  },
];

/** … and a design where it must not. */
const SILENT: Case[] = [
  {
    name: 'no-user: silent once a user is drawn',
    design: () => variant(() => {}),
    finding: 'no-user',
  },
  {
    name: 'no-path: silent when reads fall back to the primary (replica unreached)',
    design: () =>
      variant((s) => remove(s.edges, (e) => e.target === 'db2' && e.kind !== 'replication')),
    finding: 'no-path user',
  },
  {
    name: 'spof: silent for two web servers behind the load-balancer cluster',
    design: () => variant(() => {}),
    finding: 'spof web1',
  },
  {
    name: 'spof: silent for a primary that only cuts writes (db-single-writer instead)',
    design: () => variant(() => {}),
    finding: 'spof db1',
  },
  {
    name: 'db-single-writer: silent when the primary also carries every read (spof instead)',
    design: () =>
      variant((s) => remove(s.edges, (e) => e.target === 'db2' && e.kind !== 'replication')),
    finding: 'db-single-writer db1',
  },
  {
    name: 'server-spof: silent for a server holding one component, even a SPOF',
    design: () =>
      variant((s) => {
        s.servers = [{ id: 'box', label: 'Box' }];
        s.nodes.find((n) => n.id === 'db1')!.server = 'box';
      }),
    finding: 'server-spof box',
  },
  {
    name: 'server-spof: silent for a server whose components all have peers elsewhere',
    design: () =>
      variant((s) => {
        s.servers = [{ id: 'box', label: 'Box' }];
        s.nodes.find((n) => n.id === 'web1')!.server = 'box';
        s.nodes.find((n) => n.id === 'app1')!.server = 'box';
      }),
    finding: 'server-spof box',
  },
  {
    name: 'dead-end: silent for a web server when the design has no later tier',
    design: () =>
      variant((s) => {
        remove(s.nodes, (n) => n.kind === 'app-server' || n.kind === 'database');
        remove(s.edges, (e) => !['user', 'dns', 'lbc'].includes(e.source));
      }),
    finding: 'dead-end web1',
  },
  {
    name: 'dead-end: silent for a web server no user reaches',
    design: () =>
      variant((s) => s.nodes.push({ id: 'web3', kind: 'web-server', label: 'Nginx 3' })),
    finding: 'dead-end web3',
  },
  {
    name: 'lb-not-clustered: silent when the second load balancer is not reached',
    design: () =>
      variant((s) => {
        for (const n of s.nodes) delete n.cluster;
        s.clusters = [];
        remove(s.edges, (e) => e.source === 'dns' || e.source === 'lbc');
        s.edges.push(
          { source: 'dns', target: 'lb1' },
          { source: 'lb1', target: 'web1' },
          { source: 'lb1', target: 'web2' },
        );
      }),
    finding: 'lb-not-clustered lb1 lb2',
  },
  {
    name: 'lb-active-active-single-entry: silent for an active-passive cluster with one entry point',
    design: () =>
      variant((s) => {
        s.clusters![0]!.mode = 'active-passive';
        s.clusters![0]!.entryPoints = 1;
      }),
    finding: 'lb-active-active-single-entry lbc',
  },
  {
    name: 'no-replica: silent when a replica exists',
    design: () => variant(() => {}),
    finding: 'no-replica db1',
  },
  {
    name: 'multiple-primaries: silent with one primary',
    design: () => variant(() => {}),
    finding: 'multiple-primaries db1 db2',
  },
  {
    name: 'replica-unfed: silent when the primary replicates to it',
    design: () => variant(() => {}),
    finding: 'replica-unfed db2',
  },
  {
    name: 'replica-write: silent for read edges into a replica',
    design: () => variant(() => {}),
    finding: 'replica-write app1 db2',
  },
  {
    name: 'replication-direction: silent for primary → replica',
    design: () => variant(() => {}),
    finding: 'replication-direction db1 db2',
  },
  {
    name: 'app-cannot-write: silent when the app server writes through a read-write edge',
    design: () => variant(() => {}),
    finding: 'app-cannot-write app2',
  },
  {
    name: 'app-cannot-write: silent for an app server no user reaches',
    design: () => variant((s) => s.nodes.push({ id: 'app3', kind: 'app-server', label: 'App 3' })),
    finding: 'app-cannot-write app3',
  },
  {
    name: 'tier-order: silent for DNS → web server when the design has no load balancer',
    design: () =>
      variant((s) => {
        remove(s.nodes, (n) => n.kind === 'load-balancer');
        s.clusters = [];
        remove(s.edges, (e) => e.source === 'dns' || e.source === 'lbc');
        s.edges.push({ source: 'dns', target: 'web1' }, { source: 'dns', target: 'web2' });
      }),
    finding: 'tier-order dns web1',
  },
  {
    name: 'orphan: silent for a member connected only through its cluster',
    design: () => variant(() => {}),
    finding: 'orphan lb2',
  },
  {
    name: 'colocated-tiers: silent for a server running two components of one kind',
    design: () =>
      variant((s) => {
        s.servers = [{ id: 'box', label: 'Box' }];
        s.nodes.find((n) => n.id === 'web1')!.server = 'box';
        s.nodes.find((n) => n.id === 'web2')!.server = 'box';
      }),
    finding: 'colocated-tiers box',
  },
];

describe('checkDesign: each rule fires where it should', () => {
  it.each(FIRES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(findingKeys(c.design())).toContain(c.finding);
  });
});

describe('checkDesign: each rule stays silent where it should', () => {
  it.each(SILENT.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(findingKeys(c.design())).not.toContain(c.finding);
  });

  it('covers every rule in both tables', () => {
    const rule = (c: Case) => c.finding.split(' ')[0];
    expect(new Set(FIRES.map(rule))).toEqual(new Set(RULE_ORDER));
    expect(new Set(SILENT.map(rule))).toEqual(new Set(RULE_ORDER));
  });
});

describe('checkDesign on the templates', () => {
  it('scale-up: only db-single-writer, and the documented design 7/7', () => {
    const report = checkDesign(getTemplate('scale-up')!);
    expect(report.findings.map(keyOf)).toEqual(['db-single-writer db1']);
    expect(report.findings[0]!.severity).toBe('warning');
    expect(report.checklist.map((i) => [i.id, i.passed])).toEqual([
      ['lb-cluster', true],
      ['web-tier', true],
      ['app-tier', true],
      ['db-primary', true],
      ['db-replicas', true],
      ['request-flow', true],
      ['no-spof', true],
    ]);
    expect(report.checklist.every((i) => i.detail === '')).toBe(true);
  });

  it('simple-stack: web, app and database SPOFs, the server, no replica, colocated tiers', () => {
    const report = checkDesign(getTemplate('simple-stack')!);
    expect(report.findings.map((f) => [keyOf(f), f.severity, f.flows])).toEqual([
      ['spof web1', 'error', ['static', 'read', 'write']],
      ['spof app1', 'error', ['read', 'write']],
      ['spof db1', 'error', ['read', 'write']],
      ['server-spof server1', 'error', ['static', 'read', 'write']],
      ['no-replica db1', 'warning', undefined],
      ['colocated-tiers server1', 'warning', undefined],
    ]);
  });

  it("distributed: the load balancer, the single writer, the primary's server (write only), colocated tiers twice", () => {
    const report = checkDesign(getTemplate('distributed')!);
    expect(report.findings.map((f) => [keyOf(f), f.severity, f.flows])).toEqual([
      ['spof lb1', 'error', ['static', 'read', 'write']],
      ['db-single-writer db1', 'warning', undefined],
      ['server-spof server1', 'warning', ['write']],
      ['colocated-tiers server1', 'warning', undefined],
      ['colocated-tiers server2', 'warning', undefined],
    ]);
  });

  it('empty: no-user only, and the flow rules say nothing', () => {
    const report = checkDesign(getTemplate('empty')!);
    expect(report.findings.map(keyOf)).toEqual(['no-user']);
    expect(summarize(report)).toEqual({
      errors: 1,
      warnings: 0,
      checklistPassed: 1,
      checklistTotal: 7,
    });
  });
});

describe('checkDesign: the mentor cases of issue #3', () => {
  it('a standby load balancer wired to nothing is an orphan and does not hide the real SPOF', () => {
    const d = variant((s) => {
      for (const n of s.nodes) delete n.cluster;
      s.clusters = [];
      remove(s.edges, (e) => e.source === 'dns' || e.source === 'lbc');
      s.edges.push(
        { source: 'dns', target: 'lb1' },
        { source: 'lb1', target: 'web1' },
        { source: 'lb1', target: 'web2' },
      );
    });
    const keys = findingKeys(d);
    expect(keys).toContain('spof lb1');
    expect(keys).toContain('orphan lb2');
    expect(keys).not.toContain('lb-not-clustered lb1 lb2');
  });

  it('a standby reached from DNS but wired onward to nothing is a dead end, and still not a peer', () => {
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
    const keys = findingKeys(d);
    expect(keys).toEqual(
      expect.arrayContaining(['spof lb1', 'dead-end lb2', 'lb-not-clustered lb1 lb2']),
    );
  });

  it('each server keeping its own primary: multiple-primaries and no replica', () => {
    const d = variant((s) => {
      s.nodes.find((n) => n.id === 'db2')!.role = 'primary';
      s.servers = [
        { id: 'a', label: 'Server A' },
        { id: 'b', label: 'Server B' },
      ];
      for (const [id, server] of [
        ['web1', 'a'],
        ['app1', 'a'],
        ['db1', 'a'],
        ['web2', 'b'],
        ['app2', 'b'],
        ['db2', 'b'],
      ] as const) {
        s.nodes.find((n) => n.id === id)!.server = server;
      }
      s.edges = s.edges.filter(
        (e) =>
          e.kind !== 'replication' &&
          !(e.target.startsWith('db') && e.source.at(-1) !== e.target.at(-1)),
      );
      for (const e of s.edges) if (e.target.startsWith('db')) e.access = 'read-write';
    });
    const keys = findingKeys(d);
    expect(keys).toContain('multiple-primaries db1 db2');
    expect(keys).toContain('no-replica db1 db2');
    expect(keys).not.toContain('spof db1');
  });
});

describe('checkDesign: shape of the findings', () => {
  it('lists findings by rule order, then by node order', () => {
    const d = variant((s) => {
      remove(s.nodes, (n) => n.id === 'web2' || n.id === 'app2');
      remove(
        s.edges,
        (e) => ['web2', 'app2'].includes(e.source) || ['web2', 'app2'].includes(e.target),
      );
      s.nodes.push({ id: 'x', kind: 'web-server', label: 'Spare' });
      s.edges.push({ source: 'user', target: 'web1' });
    });
    const findings = checkDesign(d).findings;
    const ranks = findings.map((f) => RULE_ORDER.indexOf(f.rule));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(findings.filter((f) => f.rule === 'spof').map((f) => f.nodes[0])).toEqual([
      'web1',
      'app1',
    ]);
  });

  it('names a cluster edge by the cluster, once, even when several member edges break the order', () => {
    const d = variant((s) => s.edges.push({ source: 'lbc', target: 'app1' }));
    const tier = checkDesign(d).findings.filter((f) => f.rule === 'tier-order');
    expect(tier.map(keyOf)).toEqual(['tier-order lbc app1']);
    expect(tier[0]!.message).toContain('HAProxy cluster');
    expect(tier[0]!.message).toContain('skips the web server tier');
  });

  it('reports each of two parallel out-of-order edges', () => {
    const d = variant((s) =>
      s.edges.push({ source: 'web1', target: 'db1' }, { source: 'web1', target: 'db1' }),
    );
    expect(findingKeys(d).filter((k) => k.startsWith('tier-order'))).toEqual([
      'tier-order web1 db1',
      'tier-order web1 db1',
    ]);
  });

  it('names components by label in messages, never by id', () => {
    const report = checkDesign(getTemplate('simple-stack')!);
    const web = report.findings.find((f) => keyOf(f) === 'spof web1')!;
    expect(web.message).toMatch(
      /^Nginx is a single point of failure: every request passes through it/,
    );
    expect(web.message).not.toContain('web1');
    const server = report.findings.find((f) => f.rule === 'server-spof')!;
    expect(server.message).toContain('Server 1');
    expect(server.message).not.toContain('server1');
  });

  it('keeps the flows of a finding in the order static, read, write', () => {
    const d = variant((s) => remove(s.edges, (e) => e.source === 'dns'));
    const noPath = checkDesign(d).findings.find((f) => f.rule === 'no-path')!;
    expect(noPath.flows).toEqual(['static', 'read', 'write']);
  });

  it('uses one dynamic flow (to an app server) when there is no database', () => {
    const d = variant((s) => {
      remove(s.nodes, (n) => n.kind === 'database');
      remove(s.edges, (e) => e.target.startsWith('db') || e.source.startsWith('db'));
      remove(s.nodes, (n) => n.id === 'app2');
      remove(s.edges, (e) => e.target === 'app2');
    });
    const spof = checkDesign(d).findings.find((f) => f.rule === 'spof')!;
    expect(keyOf(spof)).toBe('spof app1');
    expect(spof.flows).toEqual(['dynamic']);
  });

  it('says nothing about flows when the design has no user', () => {
    const d = variant((s) => {
      remove(s.nodes, (n) => n.kind === 'user');
      remove(s.edges, (e) => e.source === 'user');
      remove(s.nodes, (n) => n.id === 'web2' || n.id === 'lb2');
      remove(s.edges, (e) => e.source === 'web2' || e.target === 'web2');
    });
    const rules = checkDesign(d).findings.map((f) => f.rule);
    expect(rules).toContain('no-user');
    expect(
      rules.filter((r) => ['no-path', 'spof', 'db-single-writer', 'server-spof'].includes(r)),
    ).toEqual([]);
  });

  it('offers a one-click fix on the findings that have a mechanical one', () => {
    const fixes = (d: Design, rule: Finding['rule']) =>
      checkDesign(d).findings.find((f) => f.rule === rule)?.fix?.kind;
    expect(fixes(oneWeb(), 'spof')).toBe('add-peer');
    expect(fixes(getTemplate('distributed')!, 'spof')).toBe('cluster-load-balancers');
    expect(fixes(getTemplate('simple-stack')!, 'no-replica')).toBe('add-replica');
  });
});

describe('checkDesign on random designs', () => {
  it('never throws, is deterministic, and keeps its contract (ids exist, flows sorted, severities as §3)', () => {
    const flowOrder = ['static', 'read', 'write', 'dynamic'];
    fc.assert(
      fc.property(fc.oneof(arbitraryFlowDesign(), arbitraryDesign({ maxNodes: 10 })), (design) => {
        const a = checkDesign(design);
        const b = checkDesign(structuredClone(design));
        expect(b).toEqual(a);
        const ids = new Set([
          ...design.nodes.map((n) => n.id),
          ...design.clusters.map((c) => c.id),
          ...design.servers.map((s) => s.id),
        ]);
        const ranks = a.findings.map((f) => RULE_ORDER.indexOf(f.rule));
        expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
        for (const f of a.findings) {
          for (const id of f.nodes) expect(ids.has(id)).toBe(true);
          if (f.flows) {
            const order = f.flows.map((x) => flowOrder.indexOf(x));
            expect(order).toEqual([...order].sort((x, y) => x - y));
            expect(f.flows.length).toBeGreaterThan(0);
          }
          expect(f.message.length).toBeGreaterThan(20);
          if (f.rule === 'server-spof') {
            expect(f.severity).toBe(
              f.flows!.length === 1 && f.flows![0] === 'write' ? 'warning' : 'error',
            );
          }
        }
        expect(a.checklist.map((i) => i.id)).toEqual([
          'lb-cluster',
          'web-tier',
          'app-tier',
          'db-primary',
          'db-replicas',
          'request-flow',
          'no-spof',
        ]);
        for (const item of a.checklist) expect(item.passed).toBe(item.detail === '');
        if (!design.nodes.some((n) => n.kind === 'user')) {
          expect(
            a.findings.filter((f) =>
              ['no-path', 'spof', 'db-single-writer', 'server-spof'].includes(f.rule),
            ),
          ).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The flow rules' findings as DESIGN.md §3's table derives them from remove-and-search verdicts. */
function expectedFlowFindings(design: Design): string[] {
  const verdicts = referenceFlowVerdicts(design);
  if (!design.nodes.some((n) => n.kind === 'user')) return [];
  const flowsWhere = (pick: (v: ReferenceVerdict) => boolean) =>
    [...verdicts].filter(([, v]) => pick(v)).map(([f]) => f);
  const out: string[] = [];
  for (const n of design.nodes) {
    const flows = flowsWhere((v) => v.pathless.includes(n.id));
    if (flows.length > 0) out.push(`no-path ${n.id} error ${flows.join(',')}`);
  }
  const writers: string[] = [];
  for (const n of design.nodes) {
    const flows = flowsWhere((v) => v.spofs.includes(n.id));
    if (flows.length === 0) continue;
    if (n.kind === 'database' && n.role === 'primary' && flows.join() === 'write')
      writers.push(n.id);
    else out.push(`spof ${n.id} error ${flows.join(',')}`);
  }
  for (const id of writers) out.push(`db-single-writer ${id} warning -`);
  for (const server of design.servers) {
    const flows = flowsWhere((v) => v.serverSpofs.includes(server.id));
    if (flows.length === 0) continue;
    out.push(
      `server-spof ${server.id} ${flows.join() === 'write' ? 'warning' : 'error'} ${flows.join(',')}`,
    );
  }
  return out;
}

describe('checkDesign: flow rules against remove-and-search', () => {
  it('no-path, spof, db-single-writer and server-spof agree finding by finding on random designs', () => {
    const flowRules = new Set(['no-path', 'spof', 'db-single-writer', 'server-spof']);
    fc.assert(
      fc.property(arbitraryFlowDesign(), (design) => {
        const actual = checkDesign(design)
          .findings.filter((f) => flowRules.has(f.rule))
          .map((f) => `${keyOf(f)} ${f.severity} ${f.flows?.join(',') ?? '-'}`);
        expect(actual).toEqual(expectedFlowFindings(design));
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { getTemplate, makeDesign, type DesignSketch } from '../model';
import type { Design } from '../model/types';
import { describeEvent, describeOutcome } from './describe';
import { simulateRequest } from './simulate';
import { createSimState, failComponent, isFailed, recoverComponent } from './state';
import type { RequestType, SimEvent, SimResult, SimState } from './types';

/** user → dns → lb → (web1, web2) → app → primary (read-write) + replica (read). */
function stack(extra: Partial<DesignSketch> = {}): Design {
  return makeDesign({
    nodes: [
      { id: 'user', kind: 'user', label: 'User' },
      { id: 'dns', kind: 'dns', label: 'DNS www.foobar.com' },
      { id: 'lb', kind: 'load-balancer', label: 'HAProxy' },
      { id: 'web1', kind: 'web-server', label: 'Nginx 1' },
      { id: 'web2', kind: 'web-server', label: 'Nginx 2' },
      { id: 'app', kind: 'app-server', label: 'App' },
      { id: 'db1', kind: 'database', role: 'primary', label: 'MySQL primary' },
      { id: 'db2', kind: 'database', role: 'replica', label: 'MySQL replica' },
      ...(extra.nodes ?? []),
    ],
    edges: [
      { source: 'user', target: 'dns' },
      { source: 'dns', target: 'lb' },
      { source: 'lb', target: 'web1' },
      { source: 'lb', target: 'web2' },
      { source: 'web1', target: 'app' },
      { source: 'web2', target: 'app' },
      { source: 'app', target: 'db1', access: 'read-write' },
      { source: 'app', target: 'db2', access: 'read' },
      { source: 'db1', target: 'db2', kind: 'replication' },
      ...(extra.edges ?? []),
    ],
    clusters: extra.clusters ?? [],
    servers: extra.servers ?? [],
  });
}

/** Sends `types` one after the other, threading the state; returns every result. */
function sendAll(design: Design, types: RequestType[], state: SimState = createSimState()) {
  const results: SimResult[] = [];
  for (const type of types) {
    const result = simulateRequest(design, type, state);
    results.push(result);
    state = result.state;
  }
  return { results, state };
}

type Hop = Extract<SimEvent, { type: 'hop' }>;
function requestHops(result: SimResult): Hop[] {
  return result.events.filter((e): e is Hop => e.type === 'hop' && e.direction === 'request');
}
/** The nodes the request entered, in order ("user>dns>lb>web1"). */
function pathOf(result: SimResult): string {
  const hops = requestHops(result);
  return [hops[0]?.from ?? '', ...hops.map((h) => h.to)].join('>');
}
function outcome(result: SimResult) {
  const last = result.events[result.events.length - 1];
  if (last?.type !== 'response') throw new Error('no response event');
  return last;
}
function trace(design: Design, result: SimResult): string[] {
  return result.events.map((e) => describeEvent(design, e));
}

describe('load balancing', () => {
  it('sends static requests to two web servers in round-robin order', () => {
    const { results } = sendAll(stack(), ['static', 'static', 'static', 'static']);
    expect(results.map((r) => outcome(r).servedBy)).toEqual(['web1', 'web2', 'web1', 'web2']);
    expect(requestHops(results[0]!)[2]).toMatchObject({
      from: 'lb',
      to: 'web1',
      choice: 'round-robin',
    });
  });

  it('fails over to the healthy web server when one fails, and says it skipped the other', () => {
    const design = stack();
    const { results } = sendAll(
      design,
      ['static', 'static', 'read'],
      failComponent(createSimState(), 'web1'),
    );
    expect(results.map((r) => outcome(r).servedBy)).toEqual(['web2', 'web2', 'db2']);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(describeEvent(design, requestHops(results[0]!)[2]!)).toBe(
      'HAProxy → Nginx 2: static page (round robin; skipped Nginx 1: down)',
    );
  });

  it('resumes round robin over both web servers once the failed one recovers', () => {
    const design = stack();
    let state = failComponent(createSimState(), 'web1');
    state = sendAll(design, ['static'], state).state;
    state = recoverComponent(state, 'web1');
    const { results } = sendAll(design, ['static', 'static'], state);
    expect(results.map((r) => outcome(r).servedBy).sort()).toEqual(['web1', 'web2']);
  });

  it('picks the web server with the fewest open connections under least connections', () => {
    const design = stack({ nodes: [] });
    design.nodes.find((n) => n.id === 'lb')!.algorithm = 'least-connections';
    const busy: SimState = { ...createSimState(), connections: { web1: 3, web2: 1 } };
    const { results } = sendAll(design, ['static', 'static'], busy);
    expect(results.map((r) => outcome(r).servedBy)).toEqual(['web2', 'web2']);
    expect(requestHops(results[0]!)[2]!.choice).toBe('least-connections');
    // Ties fall back to round robin.
    const even = sendAll(design, ['static', 'static', 'static'], createSimState()).results;
    expect(even.map((r) => outcome(r).servedBy)).toEqual(['web1', 'web2', 'web1']);
  });

  it('takes over with the passive member when the active member of an active-passive cluster fails', () => {
    const design = makeDesign({
      nodes: [
        { id: 'user', kind: 'user', label: 'User' },
        { id: 'dns', kind: 'dns', label: 'DNS' },
        { id: 'lb1', kind: 'load-balancer', label: 'HAProxy 1', cluster: 'lbc' },
        { id: 'lb2', kind: 'load-balancer', label: 'HAProxy 2', cluster: 'lbc' },
        { id: 'web', kind: 'web-server', label: 'Nginx' },
      ],
      edges: [
        { source: 'user', target: 'dns' },
        { source: 'dns', target: 'lbc' },
        { source: 'lbc', target: 'web' },
      ],
      clusters: [{ id: 'lbc', label: 'HAProxy cluster', mode: 'active-passive' }],
    });
    const healthy = sendAll(design, ['static', 'static', 'static']).results;
    expect(healthy.map((r) => requestHops(r)[1]!.to)).toEqual(['lb1', 'lb1', 'lb1']);
    expect(describeEvent(design, requestHops(healthy[0]!)[1]!)).toBe(
      'DNS → HAProxy 1: virtual IP (active member)',
    );

    const down = failComponent(createSimState(), 'lb1');
    const takeover = sendAll(design, ['static', 'static'], down).results;
    expect(takeover.map((r) => requestHops(r)[1]!.to)).toEqual(['lb2', 'lb2']);
    expect(takeover.every((r) => r.status === 200)).toBe(true);
    expect(describeEvent(design, requestHops(takeover[0]!)[1]!)).toBe(
      'DNS → HAProxy 2: virtual IP (failover; skipped HAProxy 1: down)',
    );

    const back = sendAll(design, ['static'], recoverComponent(down, 'lb1')).results;
    expect(requestHops(back[0]!)[1]!.to).toBe('lb1');
  });

  it('answers 503 at the DNS when every load balancer is down', () => {
    const design = stack();
    const result = simulateRequest(design, 'static', failComponent(createSimState(), 'lb'));
    expect(result.status).toBe(503);
    expect(outcome(result)).toMatchObject({ failedAt: 'dns', reason: 'no healthy load balancer' });
    expect(describeOutcome(design, result)).toBe(
      '503 failed at DNS www.foobar.com: no healthy load balancer',
    );
  });

  it('answers 503 at the load balancer when every web server is down', () => {
    const design = stack();
    const state = failComponent(failComponent(createSimState(), 'web1'), 'web2');
    const result = simulateRequest(design, 'read', state);
    expect(result.status).toBe(503);
    expect(pathOf(result)).toBe('user>dns>lb');
    expect(describeOutcome(design, result)).toBe('503 failed at HAProxy: no healthy web server');
  });

  it('answers 503 at the user when the DNS is down', () => {
    const design = stack();
    const result = simulateRequest(design, 'static', failComponent(createSimState(), 'dns'));
    expect(result.status).toBe(503);
    expect(outcome(result).failedAt).toBe('user');
    expect(requestHops(result)).toEqual([]);
  });
});

describe('request types', () => {
  it('serves static requests at the web tier without ever reaching the app tier', () => {
    const design = stack();
    const { results } = sendAll(design, ['static', 'static', 'static']);
    for (const r of results) {
      expect(pathOf(r)).toMatch(/^user>dns>lb>web[12]$/);
      expect(r.events.some((e) => e.type === 'served' && e.note === 'static page')).toBe(true);
    }
    // Even when the whole app and database tiers are down.
    const state = failComponent(failComponent(createSimState(), 'app'), 'db1');
    expect(simulateRequest(design, 'static', state).status).toBe(200);
  });

  it('sends reads to the replica and writes to the primary', () => {
    const { results } = sendAll(stack(), ['read', 'write']);
    expect(pathOf(results[0]!)).toMatch(/>app>db2$/);
    expect(pathOf(results[1]!)).toMatch(/>app>db1$/);
  });

  it('falls back to the primary for reads when the replica fails', () => {
    const design = stack();
    const result = simulateRequest(design, 'read', failComponent(createSimState(), 'db2'));
    expect(result.status).toBe(200);
    expect(outcome(result).servedBy).toBe('db1');
    expect(describeEvent(design, requestHops(result).at(-1)!)).toBe(
      'App → MySQL primary: read (fallback to the primary; skipped MySQL replica: down)',
    );
  });

  it('does not read from a primary that it may only write to', () => {
    const design = makeDesign({
      nodes: [
        { id: 'user', kind: 'user' },
        { id: 'app', kind: 'app-server', label: 'App' },
        { id: 'db1', kind: 'database', role: 'primary' },
        { id: 'db2', kind: 'database', role: 'replica' },
      ],
      edges: [
        { source: 'user', target: 'app' },
        { source: 'app', target: 'db1', access: 'write' },
        { source: 'app', target: 'db2', access: 'read' },
      ],
    });
    const result = simulateRequest(design, 'read', failComponent(createSimState(), 'db2'));
    expect(result.status).toBe(502);
    expect(describeOutcome(design, result)).toBe(
      '502 failed at App: no healthy database to read from',
    );
  });

  it('fails writes with 502 at the app server when the primary has failed', () => {
    const design = stack();
    const result = simulateRequest(design, 'write', failComponent(createSimState(), 'db1'));
    expect(result.status).toBe(502);
    expect(outcome(result)).toMatchObject({
      status: 502,
      failedAt: 'app',
      reason: 'no healthy primary database',
    });
    expect(result.events).toContainEqual({
      type: 'failed',
      at: 'app',
      status: 502,
      reason: 'no healthy primary database',
    });
    expect(describeOutcome(design, result)).toBe('502 failed at App: no healthy primary database');
    // Reads still work: the replica answers them.
    expect(simulateRequest(design, 'read', failComponent(createSimState(), 'db1')).status).toBe(
      200,
    );
  });

  it('never writes to a replica, even over a read-write edge', () => {
    const design = makeDesign({
      nodes: [
        { id: 'user', kind: 'user' },
        { id: 'app', kind: 'app-server' },
        { id: 'db2', kind: 'database', role: 'replica' },
      ],
      edges: [
        { source: 'user', target: 'app' },
        { source: 'app', target: 'db2', access: 'read-write' },
      ],
    });
    expect(simulateRequest(design, 'write', createSimState()).status).toBe(502);
    expect(simulateRequest(design, 'read', createSimState()).status).toBe(200);
  });

  it('lets app servers answer reads and writes when the design has no database', () => {
    const design = makeDesign({
      nodes: [
        { id: 'user', kind: 'user' },
        { id: 'web', kind: 'web-server' },
        { id: 'app', kind: 'app-server', label: 'App' },
      ],
      edges: [
        { source: 'user', target: 'web' },
        { source: 'web', target: 'app' },
      ],
    });
    const result = simulateRequest(design, 'write', createSimState());
    expect(result.status).toBe(200);
    expect(
      describeEvent(
        design,
        result.events.find((e) => e.type === 'served')!,
      ),
    ).toBe('App runs the dynamic request');
  });
});

describe('failures', () => {
  it('takes every component of a failed server down with it', () => {
    const design = stack({
      nodes: [],
      servers: [{ id: 's1', label: 'Server 1' }],
    });
    for (const id of ['web1', 'app']) design.nodes.find((n) => n.id === id)!.server = 's1';
    const state = failComponent(createSimState(), 's1');
    expect(isFailed(design, state, 'web1')).toBe(true);
    expect(isFailed(design, state, 'app')).toBe(true);
    expect(isFailed(design, state, 'web2')).toBe(false);

    const statics = sendAll(design, ['static', 'static'], state).results;
    expect(statics.map((r) => outcome(r).servedBy)).toEqual(['web2', 'web2']);
    const read = simulateRequest(design, 'read', state);
    expect(read.status).toBe(502);
    expect(describeOutcome(design, read)).toBe('502 failed at Nginx 2: no healthy app server');
    expect(simulateRequest(design, 'read', recoverComponent(state, 's1')).status).toBe(200);
  });

  it('carries nothing on out-of-order edges', () => {
    // dns → web skips the load-balancer tier; web → db skips the app tier.
    const design = stack({
      edges: [
        { source: 'dns', target: 'web1' },
        { source: 'web1', target: 'db1', access: 'read-write' },
      ],
    });
    const { results } = sendAll(design, ['static', 'read', 'write', 'static', 'read', 'write']);
    for (const r of results) {
      expect(pathOf(r)).not.toMatch(/dns>web|web1>db/);
    }
    // With the app server down, the skip edge web1 → db1 does not rescue the request.
    const down = simulateRequest(design, 'read', failComponent(createSimState(), 'app'));
    expect(down.status).toBe(502);
    expect(pathOf(down)).toMatch(/^user>dns>lb>web[12]$/);
  });

  it('forwards around a web server whose app servers are all down', () => {
    const design = stack({
      nodes: [{ id: 'app2', kind: 'app-server', label: 'App 2' }],
      edges: [
        { source: 'web2', target: 'app2' },
        { source: 'app2', target: 'db1' },
      ],
    });
    const { results } = sendAll(design, ['write', 'write'], failComponent(createSimState(), 'app'));
    expect(results.map(pathOf)).toEqual(['user>dns>lb>web2>app2>db1', 'user>dns>lb>web2>app2>db1']);
    const hop = requestHops(results[0]!)[2]!;
    expect(describeEvent(design, hop)).toBe(
      'HAProxy → Nginx 2: dynamic request (round robin; skipped Nginx 1: no healthy path onward)',
    );
  });

  it('answers 503 when the design has no user, or the user is unknown', () => {
    const design = makeDesign({ nodes: [{ id: 'web', kind: 'web-server' }] });
    const result = simulateRequest(design, 'static', createSimState());
    expect(result.status).toBe(503);
    expect(describeOutcome(design, result)).toBe('503 failed: the design has no user');
    expect(simulateRequest(stack(), 'static', createSimState(), { from: 'web1' }).status).toBe(503);
  });
});

describe('determinism and purity', () => {
  it('gives the same result for the same inputs and never changes the input state', () => {
    const design = stack();
    const state: SimState = {
      counters: { lb: 3, dns: 1 },
      connections: { web1: 2 },
      failed: ['db2'],
    };
    const before = structuredClone(state);
    const designBefore = structuredClone(design);
    const a = simulateRequest(design, 'read', state);
    const b = simulateRequest(design, 'read', state);
    expect(a).toEqual(b);
    expect(state).toEqual(before);
    expect(design).toEqual(designBefore);
    expect(a.state).not.toBe(state);
    expect(a.state.counters).not.toBe(state.counters);
    expect(a.state.counters.lb).toBe(4);
  });

  it('sums the latency of the components entered, using each node override', () => {
    const design = stack();
    design.nodes.find((n) => n.id === 'web1')!.latencyMs = 40;
    const result = simulateRequest(design, 'static', createSimState());
    // DNS 20 (default) + HAProxy 1 + Nginx 1 40.
    expect(result.totalMs).toBe(61);
    const sum = result.events.reduce((t, e) => t + ('latencyMs' in e ? e.latencyMs : 0), 0);
    expect(sum).toBe(61);
    expect(outcome(result).totalMs).toBe(61);
  });

  it('names components by label in every trace line, never by id', () => {
    const design = stack();
    const lines = sendAll(
      design,
      ['static', 'read', 'write'],
      failComponent(createSimState(), 'db1'),
    ).results.flatMap((r) => trace(design, r));
    for (const line of lines) expect(line).not.toMatch(/\b(web1|web2|db1|db2|lb|dns|app)\b/);
  });
});

describe('the scale-up template', () => {
  const design = getTemplate('scale-up')!;

  it('traces a static request from the user to a web server and back', () => {
    const result = simulateRequest(design, 'static', createSimState());
    expect(trace(design, result)).toEqual([
      'User → DNS www.foobar.com: resolve www.foobar.com',
      'DNS www.foobar.com → HAProxy 1: A record (round robin)',
      'HAProxy 1 → Nginx 1: static page (round robin)',
      'Nginx 1 serves the static page',
      'Nginx 1 → HAProxy 1: response 200',
      'HAProxy 1 → DNS www.foobar.com: response 200',
      'DNS www.foobar.com → User: response 200',
      '200 OK — served by Nginx 1 in 23 ms',
    ]);
  });

  it('traces a read from the user to the replica and back', () => {
    const result = simulateRequest(design, 'read', createSimState());
    expect(trace(design, result)).toEqual([
      'User → DNS www.foobar.com: resolve www.foobar.com',
      'DNS www.foobar.com → HAProxy 1: A record (round robin)',
      'HAProxy 1 → Nginx 1: dynamic request (round robin)',
      'Nginx 1 → App 1: read (round robin)',
      'App 1 → MySQL replica: read',
      'MySQL replica answers the read',
      'MySQL replica → App 1: response 200',
      'App 1 → Nginx 1: response 200',
      'Nginx 1 → HAProxy 1: response 200',
      'HAProxy 1 → DNS www.foobar.com: response 200',
      'DNS www.foobar.com → User: response 200',
      '200 OK — served by MySQL replica in 43 ms',
    ]);
  });

  it('traces a write from the user to the primary and back', () => {
    const result = simulateRequest(design, 'write', createSimState());
    expect(trace(design, result)).toEqual([
      'User → DNS www.foobar.com: resolve www.foobar.com',
      'DNS www.foobar.com → HAProxy 1: A record (round robin)',
      'HAProxy 1 → Nginx 1: dynamic request (round robin)',
      'Nginx 1 → App 1: write (round robin)',
      'App 1 → MySQL primary: write',
      'MySQL primary stores the write',
      'MySQL primary → App 1: response 200',
      'App 1 → Nginx 1: response 200',
      'Nginx 1 → HAProxy 1: response 200',
      'HAProxy 1 → DNS www.foobar.com: response 200',
      'DNS www.foobar.com → User: response 200',
      '200 OK — served by MySQL primary in 43 ms',
    ]);
  });

  it('spreads requests over both load balancers through DNS round robin', () => {
    const { results } = sendAll(design, ['static', 'static', 'static', 'static']);
    expect(results.map((r) => requestHops(r)[1]!.to)).toEqual(['lb1', 'lb2', 'lb1', 'lb2']);
  });

  it('keeps serving every request type when any one component fails, except writes without the primary', () => {
    for (const node of design.nodes) {
      if (node.kind === 'user') continue;
      const state = failComponent(createSimState(), node.id);
      for (const type of ['static', 'read', 'write'] as const) {
        const status = simulateRequest(design, type, state).status;
        const expected =
          node.id === 'dns' || (node.id === 'db1' && type === 'write') ? 'fails' : 'works';
        expect({ node: node.id, type, result: status === 200 ? 'works' : 'fails' }).toEqual({
          node: node.id,
          type,
          result: expected,
        });
      }
    }
  });
});

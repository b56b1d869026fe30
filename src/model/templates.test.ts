import { describe, expect, it } from 'vitest';
import { NODE_SIZE } from './catalogue';
import { parseDesign } from './parse';
import { serializeDesign } from './serialize';
import { getTemplate, TEMPLATES } from './templates';

describe('TEMPLATES', () => {
  it('offers scale-up, simple-stack, distributed and empty, in that order', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([
      'scale-up',
      'simple-stack',
      'distributed',
      'empty',
    ]);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    '%s survives serialize → parse unchanged',
    (_, template) => {
      const result = parseDesign(serializeDesign(template.design));
      expect(result).toEqual({ ok: true, value: template.design });
    },
  );

  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    '%s is laid out without overlaps, tiers left to right',
    (_, template) => {
      const nodes = template.design.nodes;
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i]!.position;
          const b = nodes[j]!.position;
          expect(
            Math.abs(a.x - b.x) >= NODE_SIZE.width || Math.abs(a.y - b.y) >= NODE_SIZE.height,
          ).toBe(true);
        }
      }
      const tier = ['user', 'dns', 'load-balancer', 'web-server', 'app-server', 'database'];
      const sorted = [...nodes].sort((a, b) => a.position.x - b.position.x);
      const tiers = sorted.map((n) => tier.indexOf(n.kind));
      expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
    },
  );

  it('scale-up is the documented design: a two-HAProxy active-active cluster with two entry points, 2 Nginx, 2 apps, primary and replica', () => {
    const d = getTemplate('scale-up')!;
    expect(d.nodes.map((n) => n.label)).toEqual([
      'User',
      'DNS www.foobar.com',
      'HAProxy 1',
      'HAProxy 2',
      'Nginx 1',
      'Nginx 2',
      'App 1',
      'App 2',
      'MySQL primary',
      'MySQL replica',
    ]);
    expect(d.clusters).toEqual([
      { id: 'lbc', label: 'HAProxy cluster', mode: 'active-active', entryPoints: 2 },
    ]);
    const edges = d.edges.map(
      (e) =>
        `${e.source}>${e.target}${e.access ? `:${e.access}` : ''}${e.kind === 'replication' ? ':replication' : ''}`,
    );
    expect(edges).toEqual([
      'user>dns',
      'dns>lbc',
      'lbc>web1',
      'lbc>web2',
      'web1>app1',
      'web1>app2',
      'web2>app1',
      'web2>app2',
      'app1>db1:read-write',
      'app2>db1:read-write',
      'app1>db2:read',
      'app2>db2:read',
      'db1>db2:replication',
    ]);
  });

  it('simple-stack puts Nginx, the app and MySQL on one server', () => {
    const d = getTemplate('simple-stack')!;
    expect(d.servers).toEqual([{ id: 'server1', label: 'Server 1' }]);
    expect(d.nodes.filter((n) => n.server === 'server1').map((n) => n.kind)).toEqual([
      'web-server',
      'app-server',
      'database',
    ]);
  });

  it('distributed spreads Nginx, app and MySQL over two servers behind one HAProxy', () => {
    const d = getTemplate('distributed')!;
    const on = (server: string) => d.nodes.filter((n) => n.server === server).map((n) => n.label);
    expect(on('server1')).toEqual(['Nginx 1', 'App 1', 'MySQL primary']);
    expect(on('server2')).toEqual(['Nginx 2', 'App 2', 'MySQL replica']);
    expect(d.nodes.filter((n) => n.kind === 'load-balancer').map((n) => n.label)).toEqual([
      'HAProxy',
    ]);
  });

  it('getTemplate returns a copy the caller may change', () => {
    const copy = getTemplate('scale-up')!;
    copy.nodes[0]!.label = 'changed';
    expect(TEMPLATES[0]!.design.nodes[0]!.label).toBe('User');
  });
});

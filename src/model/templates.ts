/**
 * Starting designs: the course's three designs (simple web stack, distributed, scale up)
 * and an empty board. Each is built through the real parse pipeline and laid out by tier.
 *
 * What the rules engine (DESIGN.md §3) should say about each, for reference and tests:
 * - `scale-up` (the seed's documented design): only `db-single-writer` on the primary;
 *   Documented design 7/7. The apps reach the primary with `read-write`, not `write`:
 *   with write-only edges the primary would not be an end of the read flow, so the single
 *   replica would be a `spof` of reads (DESIGN.md §3), and the simulator falls back to the
 *   primary for reads when no replica is healthy (§4).
 * - `simple-stack` (one server holding Nginx, the app and MySQL): `spof` for the web
 *   server, the app server and the database, `server-spof` for the server, `no-replica`,
 *   `colocated-tiers`.
 * - `distributed` (one HAProxy in front of two servers, each with Nginx + app + MySQL):
 *   `spof` for HAProxy, `db-single-writer` for the primary, `server-spof` (warning, write
 *   only) for the primary's server, `colocated-tiers` for both servers.
 */
import { makeDesign } from './factories';
import type { Design } from './types';

export type TemplateId = 'scale-up' | 'simple-stack' | 'distributed' | 'empty';

export interface Template {
  id: TemplateId;
  name: string;
  description: string;
  design: Design;
}

const scaleUp = makeDesign({
  title: 'Scale up',
  nodes: [
    { id: 'user', kind: 'user', label: 'User' },
    { id: 'dns', kind: 'dns', label: 'DNS www.foobar.com' },
    { id: 'lb1', kind: 'load-balancer', label: 'HAProxy 1', cluster: 'lbc' },
    { id: 'lb2', kind: 'load-balancer', label: 'HAProxy 2', cluster: 'lbc' },
    { id: 'web1', kind: 'web-server', label: 'Nginx 1' },
    { id: 'web2', kind: 'web-server', label: 'Nginx 2' },
    { id: 'app1', kind: 'app-server', label: 'App 1' },
    { id: 'app2', kind: 'app-server', label: 'App 2' },
    { id: 'db1', kind: 'database', role: 'primary', label: 'MySQL primary' },
    { id: 'db2', kind: 'database', role: 'replica', label: 'MySQL replica' },
  ],
  edges: [
    { source: 'user', target: 'dns' },
    { source: 'dns', target: 'lbc' },
    { source: 'lbc', target: 'web1' },
    { source: 'lbc', target: 'web2' },
    { source: 'web1', target: 'app1' },
    { source: 'web1', target: 'app2' },
    { source: 'web2', target: 'app1' },
    { source: 'web2', target: 'app2' },
    { source: 'app1', target: 'db1', access: 'read-write' },
    { source: 'app2', target: 'db1', access: 'read-write' },
    { source: 'app1', target: 'db2', access: 'read' },
    { source: 'app2', target: 'db2', access: 'read' },
    { source: 'db1', target: 'db2', kind: 'replication' },
  ],
  clusters: [{ id: 'lbc', label: 'HAProxy cluster', mode: 'active-active', entryPoints: 2 }],
});

const simpleStack = makeDesign({
  title: 'Simple web stack',
  nodes: [
    { id: 'user', kind: 'user', label: 'User' },
    { id: 'dns', kind: 'dns', label: 'DNS www.foobar.com' },
    { id: 'web1', kind: 'web-server', label: 'Nginx', server: 'server1' },
    { id: 'app1', kind: 'app-server', label: 'App', server: 'server1' },
    { id: 'db1', kind: 'database', role: 'primary', label: 'MySQL primary', server: 'server1' },
  ],
  edges: [
    { source: 'user', target: 'dns' },
    { source: 'dns', target: 'web1' },
    { source: 'web1', target: 'app1' },
    { source: 'app1', target: 'db1', access: 'read-write' },
  ],
  servers: [{ id: 'server1', label: 'Server 1' }],
});

const distributed = makeDesign({
  title: 'Distributed web infrastructure',
  nodes: [
    { id: 'user', kind: 'user', label: 'User' },
    { id: 'dns', kind: 'dns', label: 'DNS www.foobar.com' },
    { id: 'lb1', kind: 'load-balancer', label: 'HAProxy' },
    { id: 'web1', kind: 'web-server', label: 'Nginx 1', server: 'server1' },
    { id: 'web2', kind: 'web-server', label: 'Nginx 2', server: 'server2' },
    { id: 'app1', kind: 'app-server', label: 'App 1', server: 'server1' },
    { id: 'app2', kind: 'app-server', label: 'App 2', server: 'server2' },
    { id: 'db1', kind: 'database', role: 'primary', label: 'MySQL primary', server: 'server1' },
    { id: 'db2', kind: 'database', role: 'replica', label: 'MySQL replica', server: 'server2' },
  ],
  edges: [
    { source: 'user', target: 'dns' },
    { source: 'dns', target: 'lb1' },
    { source: 'lb1', target: 'web1' },
    { source: 'lb1', target: 'web2' },
    { source: 'web1', target: 'app1' },
    { source: 'web2', target: 'app2' },
    { source: 'app1', target: 'db1', access: 'read-write' },
    { source: 'app2', target: 'db1', access: 'read-write' },
    { source: 'app1', target: 'db2', access: 'read' },
    { source: 'app2', target: 'db2', access: 'read' },
    { source: 'db1', target: 'db2', kind: 'replication' },
  ],
  servers: [
    { id: 'server1', label: 'Server 1' },
    { id: 'server2', label: 'Server 2' },
  ],
});

/** The starting designs, in the order a menu shows them. */
export const TEMPLATES: readonly Template[] = [
  {
    id: 'scale-up',
    name: 'Scale up',
    description:
      'The documented design: two HAProxy load balancers in an active-active cluster, two Nginx web servers, two app servers, a MySQL primary and a replica.',
    design: scaleUp,
  },
  {
    id: 'simple-stack',
    name: 'Simple web stack',
    description:
      'One server runs Nginx, the application and MySQL: every part of it is a single point of failure.',
    design: simpleStack,
  },
  {
    id: 'distributed',
    name: 'Distributed web infrastructure',
    description:
      'One HAProxy spreads traffic over two servers, each running Nginx, an app server and MySQL (primary on one, replica on the other).',
    design: distributed,
  },
  {
    id: 'empty',
    name: 'Empty board',
    description: 'Start from nothing.',
    design: makeDesign({ title: 'Untitled design' }),
  },
];

/** The template with this id (a fresh copy, safe to change). */
export function getTemplate(id: TemplateId): Design | undefined {
  const template = TEMPLATES.find((t) => t.id === id);
  return template ? structuredClone(template.design) : undefined;
}

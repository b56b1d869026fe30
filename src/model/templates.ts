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
import { makeDesign } from './sketch';
import { TEMPLATE_LIST, type TemplateId, type TemplateInfo } from './template-list';
import type { Design } from './types';

export type { TemplateId };

export interface Template extends TemplateInfo {
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

const DESIGNS: Readonly<Record<TemplateId, Design>> = {
  'scale-up': scaleUp,
  'simple-stack': simpleStack,
  distributed,
  empty: makeDesign({ title: 'Untitled design' }),
};

/** The starting designs, in the order a menu shows them (names from {@link TEMPLATE_LIST}). */
export const TEMPLATES: readonly Template[] = TEMPLATE_LIST.map((info) => ({
  ...info,
  design: DESIGNS[info.id],
}));

/** The template with this id (a fresh copy, safe to change). */
export function getTemplate(id: TemplateId): Design | undefined {
  const template = TEMPLATES.find((t) => t.id === id);
  return template ? structuredClone(template.design) : undefined;
}

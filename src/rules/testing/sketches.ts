/**
 * Small designs for the rules' tests, in the file's own shorthand (through `makeDesign`, so
 * defaults and access are applied exactly as a loaded file gets them). Test support only.
 */
import { makeDesign, type DesignSketch } from '../../model/sketch';
import type { Design } from '../../model/types';
import { checkDesign } from '../check-design';
import type { Finding } from '../types';

type Sketch = Required<Pick<DesignSketch, 'nodes' | 'edges'>> & DesignSketch;

/** The seed's documented design (as the scale-up template): only db-single-writer. */
export function documented(): Sketch {
  return {
    nodes: [
      { id: 'user', kind: 'user', label: 'User' },
      { id: 'dns', kind: 'dns', label: 'DNS' },
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
      { source: 'app1', target: 'db1' },
      { source: 'app2', target: 'db1' },
      { source: 'app1', target: 'db2' },
      { source: 'app2', target: 'db2' },
      { source: 'db1', target: 'db2', kind: 'replication' },
    ],
    clusters: [{ id: 'lbc', label: 'HAProxy cluster', mode: 'active-active', entryPoints: 2 }],
  };
}

/** A sketch changed by `change` (which may mutate the fresh copy it gets), as a design. */
export function variant(change: (sketch: Sketch) => void, base: () => Sketch = documented): Design {
  const sketch = base();
  change(sketch);
  return makeDesign(sketch);
}

/** `rule nodes…` of every finding, e.g. `spof web1`, `tier-order dns web1`. */
export function findingKeys(design: Design): string[] {
  return checkDesign(design).findings.map(keyOf);
}

export function keyOf(finding: Finding): string {
  return [finding.rule, ...finding.nodes].join(' ');
}

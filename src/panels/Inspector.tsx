import { memo, type CSSProperties, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { KINDS, REPLICA_INFO, getIcon } from '../model/catalogue';
import {
  ACCESS_MODES,
  CLUSTER_MODES,
  COMPONENT_KINDS,
  LB_ALGORITHMS,
  LIMITS,
  type Access,
  type ClusterMode,
  type ComponentKind,
  type DatabaseRole,
  type EdgeKind,
  type LbAlgorithm,
} from '../model/types';
import { KindIcon } from '../canvas/KindIcon';
import {
  defaultAccess,
  labelOf,
  selectCanGroup,
  selectSelection,
  useDesignStore,
  useRunCommand,
  useStoreApi,
} from '../store';
import { NumberField, SelectField, TextField } from './Field';
import { ICONS } from './icons';
import { LatencyField } from './LatencyField';

const KIND_OPTIONS = COMPONENT_KINDS.map((k) => ({ value: k, label: KINDS[k].name }));
const ROLE_OPTIONS: ReadonlyArray<{ value: DatabaseRole; label: string }> = [
  { value: 'primary', label: 'Primary (takes writes)' },
  { value: 'replica', label: 'Replica (read-only copy)' },
];
const ALGORITHM_OPTIONS: ReadonlyArray<{ value: LbAlgorithm; label: string }> = LB_ALGORITHMS.map(
  (a) => ({ value: a, label: a === 'round-robin' ? 'Round robin' : 'Least connections' }),
);
const MODE_OPTIONS: ReadonlyArray<{ value: ClusterMode; label: string }> = CLUSTER_MODES.map(
  (m) => ({
    value: m,
    label:
      m === 'active-active'
        ? 'Active-active (all members serve)'
        : 'Active-passive (one serves, one waits)',
  }),
);
const EDGE_KIND_OPTIONS: ReadonlyArray<{ value: EdgeKind; label: string }> = [
  { value: 'request', label: 'Request (sends requests to)' },
  { value: 'replication', label: 'Replication (copies data to)' },
];
const ACCESS_OPTIONS: ReadonlyArray<{ value: Access; label: string }> = ACCESS_MODES.map((a) => ({
  value: a,
  label: a === 'read-write' ? 'Read and write' : a === 'read' ? 'Read only' : 'Write only',
}));
const NONE = '\u0000none';

function IconButton({
  icon,
  children,
  onClick,
  disabled,
  tone,
  label,
}: {
  icon: (typeof ICONS)[keyof typeof ICONS];
  children: ReactNode;
  onClick: () => void;
  disabled?: boolean;
  tone?: 'danger' | 'primary';
  label?: string;
}) {
  return (
    <button
      type="button"
      className={['ab-button', tone ? `ab-button--${tone}` : ''].join(' ')}
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
    >
      <KindIcon icon={icon} size={16} />
      <span>{children}</span>
    </button>
  );
}

function InfoBox({ title, role, why }: { title: string; role: string; why: string }) {
  return (
    <section className="ab-info" aria-label={`About ${title}`}>
      <h4 className="ab-info__heading">What it does</h4>
      <p>{role}</p>
      <h4 className="ab-info__heading">Why it is here</h4>
      <p>{why}</p>
    </section>
  );
}

function Header({
  icon,
  title,
  subtitle,
  color,
}: {
  icon: (typeof ICONS)[keyof typeof ICONS];
  title: string;
  subtitle: string;
  color?: { light: string; dark: string };
}) {
  const style = color
    ? ({ '--kind-light': color.light, '--kind-dark': color.dark } as CSSProperties)
    : undefined;
  return (
    <header className="ab-inspector__header" style={style}>
      <span className={['ab-inspector__icon', color ? 'has-kind' : ''].join(' ')}>
        <KindIcon icon={icon} size={18} />
      </span>
      <div className="ab-inspector__titles">
        <h3 className="ab-inspector__title">{title}</h3>
        <p className="ab-inspector__subtitle">{subtitle}</p>
      </div>
    </header>
  );
}

function NodeInspector({ id }: { id: string }) {
  const store = useStoreApi();
  const run = useRunCommand();
  const node = useDesignStore((s) => s.design.nodes.find((n) => n.id === id));
  const clusters = useDesignStore((s) => s.design.clusters);
  const servers = useDesignStore((s) => s.design.servers);
  // Ids of clusters this component may join: empty ones or those holding its kind.
  const compatible = useDesignStore(
    useShallow((s) => {
      const kind = s.design.nodes.find((n) => n.id === id)?.kind;
      return s.design.clusters
        .filter((c) => s.design.nodes.every((n) => n.cluster !== c.id || n.kind === kind))
        .map((c) => c.id);
    }),
  );
  const failed = useDesignStore((s) => s.simulation.failed.includes(id));
  if (!node) return null;
  const info = KINDS[node.kind];
  const replica = node.kind === 'database' && node.role === 'replica';
  const update = store.getState().updateNode;

  return (
    <>
      <Header
        icon={getIcon(node.kind, node.role)}
        title={node.label || info.name}
        subtitle={`${replica ? REPLICA_INFO.name : info.name} · ${node.id}`}
        color={{ light: info.color, dark: info.colorDark }}
      />
      <div className="ab-inspector__actions">
        <button
          type="button"
          className={['ab-button', failed ? 'ab-button--primary' : 'ab-button--danger'].join(' ')}
          onClick={() => store.getState().toggleFailed(id)}
        >
          <KindIcon icon={failed ? ICONS.recover : ICONS.fail} size={16} />
          <span>{failed ? 'Recover component' : 'Fail component'}</span>
        </button>
      </div>
      <div className="ab-form">
        <TextField
          label="Label"
          value={node.label}
          scope={`label:${id}`}
          maxLength={LIMITS.maxLabelLength}
          onChange={(label, key) => update(id, { label }, key)}
        />
        <SelectField<ComponentKind>
          label="Kind"
          value={node.kind}
          options={KIND_OPTIONS}
          onChange={(kind) => update(id, { kind })}
        />
        {node.kind === 'database' ? (
          <SelectField<DatabaseRole>
            label="Role"
            value={node.role ?? 'primary'}
            options={ROLE_OPTIONS}
            onChange={(role) => update(id, { role })}
          />
        ) : null}
        {node.kind === 'load-balancer' ? (
          <SelectField<LbAlgorithm>
            label="Algorithm"
            value={node.algorithm ?? 'round-robin'}
            options={ALGORITHM_OPTIONS}
            onChange={(algorithm) => update(id, { algorithm })}
          />
        ) : null}
        <SelectField<string>
          label="Cluster"
          value={node.cluster ?? NONE}
          options={[
            { value: NONE, label: 'None' },
            ...clusters
              .filter((c) => compatible.includes(c.id))
              .map((c) => ({ value: c.id, label: c.label || c.id })),
          ]}
          onChange={(cluster) => update(id, { cluster: cluster === NONE ? null : cluster })}
        />
        <SelectField<string>
          label="Server"
          value={node.server ?? NONE}
          options={[
            { value: NONE, label: 'Its own machine' },
            ...servers.map((s) => ({ value: s.id, label: s.label || s.id })),
          ]}
          onChange={(server) => update(id, { server: server === NONE ? null : server })}
          hint="Components on one server fail together."
        />
        <LatencyField id={id} />
        <TextField
          label="Notes"
          value={node.notes ?? ''}
          scope={`notes:${id}`}
          maxLength={LIMITS.maxNotesLength}
          multiline
          placeholder="Anything worth remembering about this component"
          onChange={(notes, key) => update(id, { notes }, key)}
        />
      </div>
      <div className="ab-inspector__actions">
        <IconButton icon={ICONS.copy} onClick={() => run('duplicate')}>
          Duplicate
        </IconButton>
        <IconButton icon={ICONS.server} onClick={() => run('put-on-server')}>
          Put on a server
        </IconButton>
        <IconButton icon={ICONS.trash} tone="danger" onClick={() => run('delete')}>
          Delete
        </IconButton>
      </div>
      <InfoBox
        title={replica ? REPLICA_INFO.name : info.name}
        role={replica ? REPLICA_INFO.role : info.role}
        why={replica ? REPLICA_INFO.why : info.why}
      />
    </>
  );
}

function EdgeInspector({ id }: { id: string }) {
  const store = useStoreApi();
  const run = useRunCommand();
  const edge = useDesignStore((s) => s.design.edges.find((e) => e.id === id));
  const ends = useDesignStore(
    useShallow((s) => {
      const e = s.design.edges.find((x) => x.id === id);
      return e
        ? [
            labelOf(s.design, e.source),
            labelOf(s.design, e.target),
            defaultAccess(s.design, e.target) ?? '',
          ]
        : ['', '', ''];
    }),
  );
  if (!edge) return null;
  const [from, to, intoDatabase] = ends;
  const update = store.getState().updateEdge;
  return (
    <>
      <Header
        icon={ICONS.download}
        title={`${from} → ${to}`}
        subtitle={edge.kind === 'replication' ? 'Replication' : 'Request connection'}
      />
      <div className="ab-form">
        <SelectField<EdgeKind>
          label="Connection kind"
          value={edge.kind}
          options={EDGE_KIND_OPTIONS}
          onChange={(kind) => update(id, { kind })}
        />
        {edge.kind === 'request' && intoDatabase ? (
          <SelectField<Access>
            label="Access"
            value={edge.access ?? 'read-write'}
            options={ACCESS_OPTIONS}
            onChange={(access) => update(id, { access })}
            hint="Replicas only take reads; writes go to the primary."
          />
        ) : null}
        <TextField
          label="Label"
          value={edge.label ?? ''}
          scope={`edge-label:${id}`}
          maxLength={LIMITS.maxLabelLength}
          placeholder="e.g. HTTPS, port 3306"
          onChange={(label, key) => update(id, { label }, key)}
        />
      </div>
      <div className="ab-inspector__actions">
        <IconButton icon={ICONS.trash} tone="danger" onClick={() => run('delete')}>
          Delete
        </IconButton>
      </div>
      <section className="ab-info" aria-label="About connections">
        {edge.kind === 'replication' ? (
          <p>
            A replication edge copies data from a primary database to a replica. It carries no
            requests: the replica can then serve reads while the primary takes the writes.
          </p>
        ) : (
          <p>
            A request edge means the source sends requests to the target. Requests follow these
            edges from the user to the data, tier by tier.
          </p>
        )}
      </section>
    </>
  );
}

function ClusterInspector({ id }: { id: string }) {
  const store = useStoreApi();
  const run = useRunCommand();
  const cluster = useDesignStore((s) => s.design.clusters.find((c) => c.id === id));
  const members = useDesignStore(
    useShallow((s) => s.design.nodes.filter((n) => n.cluster === id).map((n) => n.label)),
  );
  const kind = useDesignStore((s) => s.design.nodes.find((n) => n.cluster === id)?.kind);
  if (!cluster) return null;
  const update = store.getState().updateCluster;
  const color = kind ? { light: KINDS[kind].color, dark: KINDS[kind].colorDark } : undefined;
  return (
    <>
      <Header
        icon={ICONS.group}
        title={cluster.label || cluster.id}
        subtitle={`Cluster · ${members.length} member${members.length === 1 ? '' : 's'}`}
        {...(color ? { color } : {})}
      />
      <div className="ab-form">
        <TextField
          label="Label"
          value={cluster.label}
          scope={`cluster-label:${id}`}
          maxLength={LIMITS.maxLabelLength}
          onChange={(label, key) => update(id, { label }, key)}
        />
        <SelectField<ClusterMode>
          label="Mode"
          value={cluster.mode}
          options={MODE_OPTIONS}
          onChange={(mode) => update(id, { mode })}
        />
        <NumberField
          label="Entry points"
          value={cluster.entryPoints}
          min={1}
          max={LIMITS.maxEntryPoints}
          scope={`entry:${id}`}
          onChange={(entryPoints, key) => update(id, { entryPoints }, key)}
          hint="Virtual IPs or DNS records that point at the cluster. Active-active needs at least 2."
        />
      </div>
      <div className="ab-members">
        <h4 className="ab-info__heading">Members</h4>
        <ul>
          {members.map((label, i) => (
            <li key={i}>{label}</li>
          ))}
        </ul>
      </div>
      <div className="ab-inspector__actions">
        <IconButton icon={ICONS.ungroup} onClick={() => run('ungroup')}>
          Ungroup
        </IconButton>
        <IconButton
          icon={ICONS.trash}
          tone="danger"
          onClick={() => run('delete')}
          label="Delete cluster"
        >
          Delete
        </IconButton>
      </div>
      <section className="ab-info" aria-label="About clusters">
        <h4 className="ab-info__heading">What it does</h4>
        <p>
          A cluster is a set of components of one kind that stand in for each other. An edge to the
          cluster is an edge to every member.
        </p>
        <h4 className="ab-info__heading">Why it is here</h4>
        <p>
          In active-active mode every member serves traffic (each needs its own entry point); in
          active-passive mode one member serves and another takes over when it fails. Either way no
          single member is a single point of failure.
        </p>
      </section>
    </>
  );
}

function ServerInspector({ id }: { id: string }) {
  const store = useStoreApi();
  const run = useRunCommand();
  const server = useDesignStore((s) => s.design.servers.find((x) => x.id === id));
  const members = useDesignStore(
    useShallow((s) => s.design.nodes.filter((n) => n.server === id).map((n) => n.label)),
  );
  const failed = useDesignStore((s) => s.simulation.failed.includes(id));
  if (!server) return null;
  return (
    <>
      <Header
        icon={ICONS.server}
        title={server.label || server.id}
        subtitle={`Server · ${members.length} components`}
      />
      <div className="ab-inspector__actions">
        <button
          type="button"
          className={['ab-button', failed ? 'ab-button--primary' : 'ab-button--danger'].join(' ')}
          onClick={() => store.getState().toggleFailed(id)}
        >
          <KindIcon icon={failed ? ICONS.recover : ICONS.fail} size={16} />
          <span>{failed ? 'Recover server' : 'Fail server'}</span>
        </button>
      </div>
      <div className="ab-form">
        <TextField
          label="Label"
          value={server.label}
          scope={`server-label:${id}`}
          maxLength={LIMITS.maxLabelLength}
          onChange={(label, key) => store.getState().updateServer(id, { label }, key)}
        />
      </div>
      <div className="ab-members">
        <h4 className="ab-info__heading">Runs</h4>
        <ul>
          {members.map((label, i) => (
            <li key={i}>{label}</li>
          ))}
        </ul>
      </div>
      <div className="ab-inspector__actions">
        <IconButton
          icon={ICONS.trash}
          tone="danger"
          onClick={() => run('delete')}
          label="Remove server"
        >
          Remove server
        </IconButton>
      </div>
      <section className="ab-info" aria-label="About servers">
        <p>
          A server is one machine. Everything on it fails together, so a server holding several
          tiers is a single point of failure for all of them.
        </p>
      </section>
    </>
  );
}

function MultiInspector() {
  const run = useRunCommand();
  const counts = useDesignStore(
    useShallow((s) => [
      s.selection.nodes.length,
      s.selection.edges.length,
      s.selection.clusters.length + s.selection.servers.length,
    ]),
  );
  const canGroup = useDesignStore(selectCanGroup);
  const [nodes = 0, edges = 0, boxes = 0] = counts;
  const parts = [
    nodes ? `${nodes} component${nodes === 1 ? '' : 's'}` : '',
    edges ? `${edges} connection${edges === 1 ? '' : 's'}` : '',
    boxes ? `${boxes} group${boxes === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return (
    <>
      <Header icon={ICONS.group} title="Several items" subtitle={`${parts.join(', ')} selected`} />
      <div className="ab-inspector__actions ab-inspector__actions--stack">
        <IconButton icon={ICONS.group} onClick={() => run('group')} disabled={!canGroup}>
          Group into cluster
        </IconButton>
        <IconButton icon={ICONS.server} onClick={() => run('put-on-server')} disabled={!nodes}>
          Put on one server
        </IconButton>
        <IconButton icon={ICONS.copy} onClick={() => run('duplicate')} disabled={!nodes}>
          Duplicate
        </IconButton>
        <IconButton icon={ICONS.trash} tone="danger" onClick={() => run('delete')}>
          Delete
        </IconButton>
      </div>
      {!canGroup && nodes > 1 ? (
        <p className="ab-muted">
          A cluster holds components of one kind: select two load balancers, two web servers…
        </p>
      ) : null}
    </>
  );
}

function DesignSummary() {
  const counts = useDesignStore(
    useShallow((s) => [
      s.design.nodes.length,
      s.design.edges.length,
      s.design.clusters.length,
      s.design.servers.length,
    ]),
  );
  const [nodes, edges, clusters, servers] = counts;
  return (
    <div className="ab-summary">
      <p className="ab-summary__counts">
        {nodes} components · {edges} connections · {clusters} clusters · {servers} servers
      </p>
      <p className="ab-muted">
        Select a component to edit it, fail it, or read what it does. Shift-click or drag a box on
        the canvas to select several.
      </p>
    </div>
  );
}

/** The inspector: edits whatever is selected. */
export const Inspector = memo(function Inspector() {
  const selection = useDesignStore(selectSelection);
  const { nodes, edges, clusters, servers } = selection;
  const total = nodes.length + edges.length + clusters.length + servers.length;
  let body: ReactNode;
  if (total === 0) body = <DesignSummary />;
  else if (total > 1) body = <MultiInspector />;
  else if (nodes[0] !== undefined) body = <NodeInspector key={nodes[0]} id={nodes[0]} />;
  else if (edges[0] !== undefined) body = <EdgeInspector key={edges[0]} id={edges[0]} />;
  else if (clusters[0] !== undefined)
    body = <ClusterInspector key={clusters[0]} id={clusters[0]} />;
  else if (servers[0] !== undefined) body = <ServerInspector key={servers[0]} id={servers[0]} />;
  return (
    <section className="ab-panel ab-inspector" aria-labelledby="ab-inspector-title">
      <h2 className="ab-section-title" id="ab-inspector-title">
        Inspector
      </h2>
      {body}
    </section>
  );
});

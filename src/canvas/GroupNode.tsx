import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { SideHandles } from './SideHandles';
import { FindingBadge } from './FindingBadge';
import type { ClusterFlowNode, ServerFlowNode } from './to-flow';

/** The labelled box around a cluster's members; edges may attach to its handles. */
function ClusterNodeView({ id, data, selected }: NodeProps<ClusterFlowNode>) {
  return (
    <div
      className={[
        'ab-group',
        'ab-group--cluster',
        selected ? 'is-selected' : '',
        data.failed ? 'is-failed' : '',
      ].join(' ')}
      data-mode={data.mode}
    >
      <div className="ab-group__title">
        <span className="ab-group__label">{data.label}</span>
        <span className="ab-group__detail">{data.detail}</span>
      </div>
      <FindingBadge id={id} />
      {data.decoration?.badge ? (
        <span
          className="ab-badge"
          data-tone={data.decoration.badge.tone}
          title={data.decoration.badge.title}
        >
          {data.decoration.badge.text}
        </span>
      ) : null}
      <SideHandles group />
    </div>
  );
}

/** The labelled box around the components that share a machine. */
function ServerNodeView({ id, data, selected }: NodeProps<ServerFlowNode>) {
  return (
    <div
      className={[
        'ab-group',
        'ab-group--server',
        selected ? 'is-selected' : '',
        data.failed ? 'is-failed' : '',
      ].join(' ')}
    >
      <div className="ab-group__title">
        <span className="ab-group__label">{data.label}</span>
        <span className="ab-group__detail">{data.failed ? 'server · failed' : data.detail}</span>
      </div>
      <FindingBadge id={id} />
      {data.decoration?.badge ? (
        <span
          className="ab-badge"
          data-tone={data.decoration.badge.tone}
          title={data.decoration.badge.title}
        >
          {data.decoration.badge.text}
        </span>
      ) : null}
    </div>
  );
}

export const ClusterNode = memo(ClusterNodeView);
export const ServerNode = memo(ServerNodeView);

import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { HANDLE_IN, HANDLE_OUT, type ClusterFlowNode, type ServerFlowNode } from './to-flow';
import { FindingBadge } from './FindingBadge';

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
      <Handle
        type="target"
        position={Position.Left}
        id={HANDLE_IN}
        className="ab-handle ab-handle--group"
      />
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
      <Handle
        type="source"
        position={Position.Right}
        id={HANDLE_OUT}
        className="ab-handle ab-handle--group"
      />
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

import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { bezierPoint, type Side } from './geometry';
import type { ArchFlowEdge } from './to-flow';

/**
 * A connection: request edges solid with an arrow in the request direction, replication
 * dashed; the caption (access into a database, "replication", the edge's label) sits on it.
 */
function ArchEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
  markerEnd,
}: EdgeProps<ArchFlowEdge>) {
  const [path, midX, midY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const at = data?.captionAt ?? 0.5;
  const label =
    at === 0.5
      ? { x: midX, y: midY }
      : bezierPoint(
          at,
          { x: sourceX, y: sourceY, side: sourcePosition as Side },
          { x: targetX, y: targetY, side: targetPosition as Side },
        );
  const kind = data?.kind ?? 'request';
  const className = [
    'ab-edge',
    `ab-edge--${kind}`,
    selected ? 'is-selected' : '',
    data?.dimmed ? 'is-dimmed' : '',
    data?.status ? `ab-status-${data.status}` : '',
  ].join(' ');
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={className}
        interactionWidth={18}
      />
      {data?.caption ? (
        <EdgeLabelRenderer>
          <div
            className={[
              'ab-edge-label',
              `ab-edge-label--${kind}`,
              selected ? 'is-selected' : '',
              data.dimmed ? 'is-dimmed' : '',
            ].join(' ')}
            style={{ transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)` }}
          >
            {data.caption}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const ArchEdge = memo(ArchEdgeView);

import { memo, type CSSProperties } from 'react';
import type { NodeProps } from '@xyflow/react';
import { KINDS, NODE_SIZE, REPLICA_INFO } from '../model/catalogue';
import { FindingBadge } from './FindingBadge';
import { SideHandles } from './SideHandles';
import { canvasIconKey, installCanvasIcons } from './KindIcon';
import { textWidth, type TextFont } from './text-width';
import type { ComponentFlowNode } from './to-flow';

/**
 * Room for a line of text in a component: its width less the borders (4 + 1), the paddings
 * (8 + 8), the icon (30) and the gap after it (8), less 2px for rounding (canvas.css).
 */
const TEXT_ROOM = NODE_SIZE.width - 5 - 16 - 30 - 8 - 2;
const LABEL_FONT: TextFont = { size: 12.5, weight: 600 };
const KIND_FONT: TextFont = { size: 10.5, weight: 400 };
const FAILED_KIND_FONT: TextFont = { size: 10.5, weight: 600 };

/** True when `text` fits on one line of a component as it is: no clip, no wrap needed. */
export function fitsLine(text: string, font: TextFont): boolean {
  // Anything the layout would collapse or break differently is measured the safe way: clipped.
  if (/\p{Cc}|[^\S ]/u.test(text)) return false;
  return textWidth(text, font) <= TEXT_ROOM;
}

installCanvasIcons();

/**
 * A component on the canvas: kind icon and colour, the label as plain text, a handle on each
 * side, a badge slot, and the failed look.
 */
function ComponentNodeView({ id, data, selected }: NodeProps<ComponentFlowNode>) {
  const info = KINDS[data.kind];
  const down = data.failed || data.serverFailed;
  const kindName =
    data.kind === 'database' && data.role === 'replica' ? REPLICA_INFO.name : info.name;
  const kindLine = down ? `${kindName} · failed` : kindName;
  const style = { '--kind-light': info.color, '--kind-dark': info.colorDark } as CSSProperties;
  const badge = data.decoration?.badge;
  const status = data.decoration?.status;
  return (
    <div
      className={[
        'ab-node',
        selected ? 'is-selected' : '',
        down ? 'is-failed' : '',
        status ? `ab-status-${status}` : '',
      ].join(' ')}
      data-kind={data.kind}
      style={style}
      title={down ? `${data.label}: failed` : undefined}
    >
      <span className="ab-node__icon" data-icon={canvasIconKey(data.kind, data.role)} />
      <span className="ab-node__text">
        <span
          className={
            fitsLine(data.label, LABEL_FONT) ? 'ab-node__label' : 'ab-node__label is-clamped'
          }
          title={data.label}
        >
          {data.label}
        </span>
        <span
          className={
            fitsLine(kindLine, down ? FAILED_KIND_FONT : KIND_FONT)
              ? 'ab-node__kind'
              : 'ab-node__kind is-clamped'
          }
        >
          {kindLine}
        </span>
      </span>
      <FindingBadge id={id} />
      {badge ? (
        <span
          className="ab-badge"
          data-tone={badge.tone}
          title={badge.title}
          aria-label={badge.title}
        >
          {badge.text}
        </span>
      ) : null}
      {down ? <span className="ab-node__cross" aria-hidden="true" /> : null}
      <SideHandles />
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);

import { createContext, memo, useContext, useId } from 'react';
import { createPortal } from 'react-dom';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { bezierPoint, type Side } from './geometry';
import { textWidth } from './text-width';
import type { ArchFlowEdge } from './to-flow';

/**
 * The SVG group every edge caption is drawn into (one `<svg>` inside React Flow's edge-label
 * layer: above all edges, below the nodes). `null` until the canvas has mounted it.
 *
 * Why not React Flow's `EdgeLabelRenderer`: each one looks its layer up with a
 * `querySelector` on every React Flow store update (every drag move, pan and wheel step), and
 * an HTML pill per edge, each with its own transform, costs the browser a paint chunk apiece.
 * Plain SVG shapes at flow coordinates in one layer cost neither.
 */
export const CaptionLayerContext = createContext<SVGGElement | null>(null);

/** Caption metrics, in flow pixels: the same pill the HTML caption used to draw. */
export const CAPTION = {
  fontSize: 10.5,
  fontWeight: 600,
  height: 20,
  /** Horizontal padding plus the 1px border, on each side. */
  padX: 7,
  /** The widest pill; longer text is cut with an ellipsis. */
  maxWidth: 180,
} as const;

/** The width of a caption's text (the theme's font, 10.5px, semibold), cached per text. */
export function captionTextWidth(text: string, italic: boolean): number {
  return textWidth(text, { size: CAPTION.fontSize, weight: CAPTION.fontWeight, italic });
}

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
  const layer = useContext(CaptionLayerContext);
  const [path, midX, midY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const kind = data?.kind ?? 'request';
  const className = [
    'ab-edge',
    `ab-edge--${kind}`,
    selected ? 'is-selected' : '',
    data?.dimmed ? 'is-dimmed' : '',
    data?.status ? `ab-status-${data.status}` : '',
  ].join(' ');
  let caption = null;
  if (data?.caption && layer) {
    const at = data.captionAt;
    const point =
      at === 0.5
        ? { x: midX, y: midY }
        : bezierPoint(
            at,
            { x: sourceX, y: sourceY, side: sourcePosition as Side },
            { x: targetX, y: targetY, side: targetPosition as Side },
          );
    caption = createPortal(
      <EdgeCaption
        text={data.caption}
        x={point.x}
        y={point.y}
        kind={kind}
        selected={!!selected}
        dimmed={data.dimmed}
      />,
      layer,
    );
  }
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={className}
        interactionWidth={18}
      />
      {caption}
    </>
  );
}

/** The pill on an edge: a rounded rect and the text, cut with an ellipsis when too long. */
const EdgeCaption = memo(function EdgeCaption({
  text,
  x,
  y,
  kind,
  selected,
  dimmed,
}: {
  text: string;
  x: number;
  y: number;
  kind: string;
  selected: boolean;
  dimmed: boolean;
}) {
  const clipId = useId();
  const italic = kind === 'replication';
  const textWidth = captionTextWidth(text, italic);
  const room = CAPTION.maxWidth - 2 * CAPTION.padX;
  const cut = textWidth > room;
  const width = (cut ? room : textWidth) + 2 * CAPTION.padX;
  const left = x - width / 2;
  const top = y - CAPTION.height / 2;
  const ellipsisWidth = cut ? captionTextWidth('…', italic) : 0;
  const shown = room - ellipsisWidth;
  return (
    <g
      className={[
        'ab-edge-caption',
        `ab-edge-caption--${kind}`,
        selected ? 'is-selected' : '',
        dimmed ? 'is-dimmed' : '',
      ].join(' ')}
    >
      {/* The stroke is centred on the outline: inset half a pixel so the pill keeps its size. */}
      <rect
        className="ab-edge-caption__pill"
        x={left + 0.5}
        y={top + 0.5}
        width={width - 1}
        height={CAPTION.height - 1}
        rx={(CAPTION.height - 1) / 2}
      />
      {cut ? (
        <>
          <clipPath id={clipId}>
            <rect x={left} y={top} width={CAPTION.padX + shown} height={CAPTION.height} />
          </clipPath>
          <text
            className="ab-edge-label"
            x={left + CAPTION.padX}
            y={y}
            clipPath={`url(#${clipId})`}
          >
            {text}
          </text>
          <text className="ab-edge-caption__ellipsis" x={left + CAPTION.padX + shown} y={y}>
            …
          </text>
        </>
      ) : (
        <text className="ab-edge-label" x={x} y={y} textAnchor="middle">
          {text}
        </text>
      )}
    </g>
  );
});

export const ArchEdge = memo(ArchEdgeView);

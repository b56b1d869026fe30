import { createElement, memo } from 'react';
import type { IconNode } from '../model/catalogue';

/** The SVG elements an icon may use (lucide icons are drawn with these only). */
const ALLOWED_TAGS = new Set(['path', 'circle', 'rect', 'line', 'polyline', 'polygon', 'ellipse']);

/** A lucide icon (`[tag, attributes][]` on a 24×24 grid) drawn as inline SVG, stroked in currentColor. */
export const KindIcon = memo(function KindIcon({
  icon,
  size = 20,
  className,
}: {
  icon: IconNode;
  size?: number;
  className?: string;
}) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {icon
        .filter(([tag]) => ALLOWED_TAGS.has(tag))
        .map(([tag, attrs], i) => createElement(tag, { key: i, ...attrs }))}
    </svg>
  );
});

import { createElement, memo } from 'react';
import { KINDS, REPLICA_INFO, type IconNode, type KindInfo } from '../model/catalogue';
import type { ComponentKind, DatabaseRole } from '../model/types';

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

/** The icon of a component on the canvas: its kind, or `database-replica`. */
export function canvasIconKey(kind: ComponentKind, role: DatabaseRole | undefined): string {
  return kind === 'database' && role === 'replica' ? 'database-replica' : kind;
}

function attrValue(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An icon as a standalone SVG document, stroked in `color`. */
export function iconSvg(icon: IconNode, color: string): string {
  const parts = icon
    .filter(([tag]) => ALLOWED_TAGS.has(tag))
    .map(([tag, attrs]) => {
      const list = Object.entries(attrs)
        .filter(([name]) => /^[a-z][a-z0-9-]*$/i.test(name) && name !== 'key')
        .map(([name, value]) => ` ${name}="${attrValue(value)}"`)
        .join('');
      return `<${tag}${list}/>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" ` +
    `fill="none" stroke="${attrValue(color)}" stroke-width="2" stroke-linecap="round" ` +
    `stroke-linejoin="round">${parts}</svg>`
  );
}

const cssUrl = (svg: string) => `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;

/**
 * The canvas's icon rules: for each kind (and the replica), the icon as an SVG image in the
 * kind's light and dark colour, as `--icon-light` / `--icon-dark` on `.ab-node__icon`.
 */
export function canvasIconCss(): string {
  const rules: string[] = [];
  const entries: Array<[string, IconNode, KindInfo]> = (Object.values(KINDS) as KindInfo[]).map(
    (info) => [info.kind, info.icon, info],
  );
  entries.push(['database-replica', REPLICA_INFO.icon, KINDS.database]);
  for (const [key, icon, info] of entries) {
    rules.push(
      `.ab-node__icon[data-icon="${key}"]{--icon-light:${cssUrl(iconSvg(icon, info.color))};` +
        `--icon-dark:${cssUrl(iconSvg(icon, info.colorDark))}}`,
    );
  }
  return rules.join('\n');
}

let iconStyles: HTMLStyleElement | undefined;

/**
 * Adds the canvas's icon rules to the document once. A component's icon is then a background
 * image of one element, not an inline `<svg>`: an SVG element on each of thousands of
 * components costs the browser a transform, a clip and a paint chunk apiece, every frame a
 * component moves or the view pans.
 */
export function installCanvasIcons(): void {
  if (iconStyles || typeof document === 'undefined') return;
  iconStyles = document.createElement('style');
  iconStyles.dataset.archboard = 'canvas-icons';
  iconStyles.textContent = canvasIconCss();
  document.head.append(iconStyles);
}

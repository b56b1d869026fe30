import { memo, useCallback, type CSSProperties, type DragEvent } from 'react';
import { KINDS, NODE_SIZE, REPLICA_INFO, getIcon } from '../model/catalogue';
import { KindIcon } from '../canvas/KindIcon';
import { PALETTE_MIME } from '../canvas/Canvas';
import {
  PALETTE,
  addFromPalette,
  useCommandContext,
  useStoreApi,
  type PaletteItem,
} from '../store';

function paletteValue(item: PaletteItem): string {
  return item.role ? `${item.kind}:${item.role}` : item.kind;
}

/**
 * The palette, a rail floating over the canvas: one button per kind (and the replica
 * shortcut). Click (or Enter, or the digit key) adds the component at a free spot in view;
 * dragging drops it where the pointer is.
 */
export const Palette = memo(function Palette() {
  const store = useStoreApi();
  const ctx = useCommandContext();

  const add = useCallback(
    (item: PaletteItem) => {
      const c = ctx.viewCenter();
      addFromPalette(store, item, { x: c.x - NODE_SIZE.width / 2, y: c.y - NODE_SIZE.height / 2 });
    },
    [ctx, store],
  );

  return (
    <nav className="ab-palette" aria-label="Components">
      <ul className="ab-palette__list">
        {PALETTE.map((item) => {
          const info = KINDS[item.kind];
          const replica = item.role === 'replica';
          const style = {
            '--kind-light': info.color,
            '--kind-dark': info.colorDark,
          } as CSSProperties;
          return (
            <li key={paletteValue(item)}>
              <button
                type="button"
                className="ab-palette__item"
                style={style}
                draggable
                aria-label={`Add ${item.name}`}
                aria-keyshortcuts={item.key}
                data-tooltip={`${item.name}  ·  ${item.key}`}
                title={`${item.name} (${item.key}): ${replica ? REPLICA_INFO.role : info.role}\nClick to add, or drag onto the canvas.`}
                onClick={() => add(item)}
                onDragStart={(event: DragEvent) => {
                  event.dataTransfer.setData(PALETTE_MIME, paletteValue(item));
                  event.dataTransfer.effectAllowed = 'move';
                }}
              >
                <span className="ab-palette__icon">
                  <KindIcon icon={getIcon(item.kind, item.role)} size={18} />
                </span>
                <span className="ab-palette__name" aria-hidden="true">
                  {item.short}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
});

import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react';
import {
  formatKey,
  getCommand,
  labelOf,
  useDesignStore,
  useRunCommand,
  useStoreApi,
  type DesignStore,
} from '../store';

type Target = 'component' | 'server' | 'cluster';

interface MenuState {
  id: string;
  target: Target;
  x: number;
  y: number;
  /** The element that had focus, to return to when the menu closes. */
  returnFocus: HTMLElement | null;
}

interface Item {
  label: string;
  command: string;
  danger?: boolean;
}

function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

function keyOf(command: string): string | undefined {
  const key = getCommand(command).keys?.[0];
  return key ? formatKey(key, isMac()) : undefined;
}

function targetOf(store: DesignStore, id: string): Target | undefined {
  const { design } = store.getState();
  if (design.nodes.some((n) => n.id === id)) return 'component';
  if (design.servers.some((s) => s.id === id)) return 'server';
  if (design.clusters.some((c) => c.id === id)) return 'cluster';
  return undefined;
}

/**
 * The context menu of a component, server or cluster on the canvas (right-click, or the menu
 * key / Shift+F10 on a focused node): fail or recover, duplicate, delete. Every item runs a
 * command of the registry, on the node the menu was opened on (selected first).
 */
export function useNodeContextMenu() {
  const store = useStoreApi();
  const [menu, setMenu] = useState<MenuState | null>(null);

  const open = useCallback(
    (event: ReactMouseEvent, id: string) => {
      const target = targetOf(store, id);
      if (!target) return;
      event.preventDefault();
      const state = store.getState();
      const bucket =
        target === 'component' ? 'nodes' : target === 'server' ? 'servers' : 'clusters';
      if (!state.selection[bucket].includes(id)) state.setSelection({ [bucket]: [id] });
      let { clientX: x, clientY: y } = event;
      if (x === 0 && y === 0 && event.currentTarget instanceof Element) {
        // Opened from the keyboard: place it at the node.
        const box = event.currentTarget.getBoundingClientRect();
        x = box.left + box.width / 2;
        y = box.top + box.height / 2;
      }
      const active = document.activeElement;
      setMenu({ id, target, x, y, returnFocus: active instanceof HTMLElement ? active : null });
    },
    [store],
  );

  const close = useCallback(() => setMenu(null), []);
  const element = menu ? <NodeContextMenu menu={menu} onClose={close} /> : null;
  return { open, close, element };
}

function NodeContextMenu({ menu, onClose }: { menu: MenuState; onClose: () => void }) {
  const run = useRunCommand();
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: menu.x, top: menu.y });
  const failed = useDesignStore((s) => s.simulation.failed.includes(menu.id));
  const label = useDesignStore((s) => labelOf(s.design, menu.id));

  const items: Item[] = [];
  if (menu.target !== 'cluster') {
    const what = menu.target === 'server' ? 'server' : 'component';
    items.push({ label: `${failed ? 'Recover' : 'Fail'} ${what}`, command: 'toggle-failed' });
  }
  if (menu.target === 'component') items.push({ label: 'Duplicate', command: 'duplicate' });
  if (menu.target === 'cluster') items.push({ label: 'Ungroup', command: 'ungroup' });
  items.push({ label: 'Delete', command: 'delete', danger: true });

  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    setPlace({
      left: Math.max(4, Math.min(menu.x, window.innerWidth - box.width - 4)),
      top: Math.max(4, Math.min(menu.y, window.innerHeight - box.height - 4)),
    });
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menu.x, menu.y]);

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (!(event.target instanceof Node) || !ref.current?.contains(event.target)) onClose();
    };
    const onWheel = () => onClose();
    const onBlur = () => onClose();
    document.addEventListener('pointerdown', onPointer, true);
    document.addEventListener('wheel', onWheel, { capture: true, passive: true });
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('wheel', onWheel, true);
      window.removeEventListener('blur', onBlur);
    };
  }, [onClose]);

  const finish = () => {
    onClose();
    menu.returnFocus?.focus();
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(
      ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [],
    );
    const index = buttons.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      finish();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      buttons[event.key === 'Home' ? 0 : buttons.length - 1]?.focus();
    }
  };

  return (
    <div
      ref={ref}
      className="ab-context-menu"
      role="menu"
      aria-label={`${label} actions`}
      style={{ left: place.left, top: place.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) => {
        const key = keyOf(item.command);
        return (
          <button
            key={item.command}
            type="button"
            role="menuitem"
            className={['ab-context-menu__item', item.danger ? 'is-danger' : ''].join(' ')}
            onClick={() => {
              run(item.command);
              finish();
            }}
          >
            <span>{item.label}</span>
            {key ? <kbd className="ab-kbd">{key}</kbd> : null}
          </button>
        );
      })}
    </div>
  );
}

import { memo, useEffect, useRef } from 'react';
import { COMMANDS, formatKey, useDesignStore, useStoreApi, type Command } from '../store';
import { KindIcon } from '../canvas/KindIcon';
import { ICONS } from './icons';
import { isMac } from './platform';

const GROUPS: ReadonlyArray<Command['group']> = ['Edit', 'Add', 'View', 'File', 'Simulate'];

/** Help: how to draw, and every keyboard shortcut (from the command registry). */
export const HelpDialog = memo(function HelpDialog() {
  const store = useStoreApi();
  const open = useDesignStore((s) => s.ui.dialog === 'help');
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const mac = isMac();
  return (
    <dialog
      ref={ref}
      className="ab-dialog"
      aria-labelledby="ab-help-title"
      onClose={() => store.getState().setDialog(undefined)}
      onClick={(e) => {
        if (e.target === e.currentTarget) store.getState().setDialog(undefined);
      }}
    >
      {open ? (
        <div className="ab-dialog__body">
          <header className="ab-dialog__header">
            <h2 id="ab-help-title">Help and keyboard shortcuts</h2>
            <button
              type="button"
              className="ab-tool"
              aria-label="Close"
              onClick={() => store.getState().setDialog(undefined)}
            >
              <KindIcon icon={ICONS.close} size={18} />
            </button>
          </header>
          <section className="ab-help__intro">
            <p>
              Add components from the palette (click, drag, or press 1–7). Connect them by dragging
              from a dot on the edge of a component to another component. Select two load balancers
              (shift-click) and group them into a cluster. Fail a component from the inspector to
              see what breaks.
            </p>
            <p>
              Drag on empty canvas to select an area; scroll to pan; Ctrl + scroll or pinch to zoom;
              middle button or Space + drag to pan. Drop or paste a design file to open it.
            </p>
          </section>
          <div className="ab-help__grid">
            {GROUPS.map((group) => (
              <section key={group} className="ab-help__group">
                <h3>{group}</h3>
                <dl>
                  {COMMANDS.filter((c) => c.group === group && c.keys?.length).map((c) => (
                    <div key={c.id} className="ab-help__row">
                      <dt>{c.label}</dt>
                      <dd>
                        {c.keys!.map((k) => (
                          <kbd key={k} className="ab-kbd">
                            {formatKey(k, mac)}
                          </kbd>
                        ))}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
          <p className="ab-muted ab-help__credits">
            Canvas built with React Flow. Icons by Lucide.
          </p>
        </div>
      ) : null}
    </dialog>
  );
});

import { memo, useEffect, useRef, useState } from 'react';
import { TEMPLATE_LIST, loadTemplate, type TemplateId } from '../model/template-list';
import { LIMITS } from '../model/types';
import { KindIcon } from '../canvas/KindIcon';
import {
  formatKey,
  getCommand,
  selectCanRedo,
  selectCanUndo,
  selectRedoLabel,
  selectUndoLabel,
  useCommandContext,
  useDesignStore,
  useRunCommand,
  useStoreApi,
} from '../store';
import { ICONS } from './icons';
import { isMac } from './platform';

/** How the templates menu names each template. */
export const TEMPLATE_LABELS: Readonly<Record<TemplateId, string>> = {
  'scale-up': 'Scale up (documented)',
  'simple-stack': 'Simple web stack',
  distributed: 'Distributed',
  empty: 'Empty',
};

function shortcut(id: string): string {
  const key = getCommand(id).keys?.[0];
  return key ? ` (${formatKey(key, isMac())})` : '';
}

function ToolButton({
  command,
  icon,
  label,
  text,
  disabled,
  title,
}: {
  command: string;
  icon: (typeof ICONS)[keyof typeof ICONS];
  /** The accessible name (e.g. `Export PNG`). */
  label: string;
  /** Visible text, when the icon alone would not do. */
  text?: string;
  disabled?: boolean;
  title?: string;
}) {
  const run = useRunCommand();
  return (
    <button
      type="button"
      className={['ab-tool', text ? 'ab-tool--text' : ''].join(' ')}
      aria-label={label}
      title={title ?? `${label}${shortcut(command)}`}
      disabled={disabled}
      onClick={() => run(command)}
    >
      <KindIcon icon={icon} size={18} />
      {text ? <span className="ab-tool__text">{text}</span> : null}
    </button>
  );
}

let titleSessions = 0;

function TitleInput() {
  const store = useStoreApi();
  const title = useDesignStore((s) => s.design.title);
  const key = useRef<string | null>(null);
  return (
    <input
      className="ab-title"
      aria-label="Design title"
      value={title}
      maxLength={LIMITS.maxTitleLength}
      spellCheck={false}
      onFocus={() => {
        key.current = `title#${++titleSessions}`;
      }}
      onChange={(e) =>
        store.getState().setTitle(e.target.value, (key.current ??= `title#${++titleSessions}`))
      }
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'Escape') e.currentTarget.blur();
      }}
    />
  );
}

function TemplatesMenu() {
  const store = useStoreApi();
  const ctx = useCommandContext();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const load = async (id: TemplateId) => {
    setOpen(false);
    const design = await loadTemplate(id).catch(() => undefined);
    if (!design) {
      store.getState().setBanner({
        id: 'template',
        kind: 'error',
        message: `The template “${TEMPLATE_LABELS[id]}” could not be loaded. Reload the page and try again.`,
      });
      return;
    }
    store.getState().loadDesign(design, `Load template ${TEMPLATE_LABELS[id]}`);
    requestAnimationFrame(() => ctx.fitView());
  };

  return (
    <div className="ab-menu" ref={root}>
      <button
        type="button"
        className="ab-tool ab-tool--text"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <KindIcon icon={ICONS.template} size={18} />
        <span className="ab-tool__text">Templates</span>
        <KindIcon icon={ICONS.chevronDown} size={14} />
      </button>
      {open ? (
        <div
          className="ab-menu__list"
          role="menu"
          aria-label="Templates"
          onKeyDown={(e) => {
            const items = Array.from(
              e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]'),
            );
            const index = items.indexOf(document.activeElement as HTMLButtonElement);
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              items[(index + 1) % items.length]?.focus();
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              items[(index - 1 + items.length) % items.length]?.focus();
            }
          }}
        >
          {TEMPLATE_LIST.map((t, i) => (
            <button
              key={t.id}
              ref={i === 0 ? first : undefined}
              type="button"
              role="menuitem"
              className="ab-menu__item"
              onClick={() => void load(t.id)}
            >
              <span className="ab-menu__name">{TEMPLATE_LABELS[t.id]}</span>
              <span className="ab-menu__description">{t.description}</span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** The top bar: title, templates, history, files, view. */
export const Toolbar = memo(function Toolbar() {
  const canUndo = useDesignStore(selectCanUndo);
  const canRedo = useDesignStore(selectCanRedo);
  const undoLabel = useDesignStore(selectUndoLabel);
  const redoLabel = useDesignStore(selectRedoLabel);
  const theme = useDesignStore((s) => s.ui.theme);
  const snap = useDesignStore((s) => s.ui.snapToGrid);
  const run = useRunCommand();
  return (
    <header className="ab-toolbar" role="toolbar" aria-label="Editor">
      <div className="ab-toolbar__group ab-toolbar__brand">
        <span className="ab-logo" aria-hidden="true">
          <svg
            width="22"
            height="22"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          >
            <rect x="2" y="3" width="7" height="6" rx="1.5" />
            <rect x="15" y="3" width="7" height="6" rx="1.5" />
            <rect x="8.5" y="15" width="7" height="6" rx="1.5" />
            <path d="M5.5 9v2.5a1.5 1.5 0 0 0 1.5 1.5h10a1.5 1.5 0 0 0 1.5-1.5V9M12 13v2" />
          </svg>
        </span>
        <span className="ab-brand">archboard</span>
        <TitleInput />
      </div>
      <div className="ab-toolbar__group">
        <TemplatesMenu />
      </div>
      <div className="ab-toolbar__group" role="group" aria-label="History">
        <ToolButton
          command="undo"
          icon={ICONS.undo}
          label="Undo"
          disabled={!canUndo}
          title={`Undo${undoLabel ? ` ${undoLabel.toLowerCase()}` : ''}${shortcut('undo')}`}
        />
        <ToolButton
          command="redo"
          icon={ICONS.redo}
          label="Redo"
          disabled={!canRedo}
          title={`Redo${redoLabel ? ` ${redoLabel.toLowerCase()}` : ''}${shortcut('redo')}`}
        />
      </div>
      <div className="ab-toolbar__group" role="group" aria-label="Files">
        <ToolButton
          command="import"
          icon={ICONS.upload}
          label="Import"
          text="Import"
          title={`Import a JSON, PNG or SVG design${shortcut('import')}`}
        />
        <span className="ab-toolbar__label" aria-hidden="true">
          Export
        </span>
        <ToolButton command="export-json" icon={ICONS.json} label="Export JSON" text="JSON" />
        <ToolButton command="export-png" icon={ICONS.png} label="Export PNG" text="PNG" />
        <ToolButton command="export-svg" icon={ICONS.svg} label="Export SVG" text="SVG" />
      </div>
      <div className="ab-toolbar__spacer" />
      <div className="ab-toolbar__group" role="group" aria-label="View">
        <button
          type="button"
          className={['ab-tool', snap ? 'is-on' : ''].join(' ')}
          aria-label="Snap to grid"
          aria-pressed={snap}
          title="Snap to grid"
          onClick={() => run('toggle-snap')}
        >
          <KindIcon icon={ICONS.grid} size={18} />
        </button>
        <ToolButton command="fit-view" icon={ICONS.fit} label="Fit view" />
        <button
          type="button"
          className="ab-tool"
          aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          onClick={() => run('toggle-theme')}
        >
          <KindIcon icon={theme === 'dark' ? ICONS.sun : ICONS.moon} size={18} />
        </button>
        <ToolButton
          command="help"
          icon={ICONS.help}
          label="Keyboard shortcuts"
          title="Help and keyboard shortcuts (?)"
        />
      </div>
    </header>
  );
});

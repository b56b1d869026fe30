import { memo } from 'react';
import { useDesignStore, useStoreApi } from '../store';
import { KindIcon } from '../canvas/KindIcon';
import { ICONS } from './icons';

const MAX_SHOWN = 20;

/** The message without a leading copy of its path (some messages already start with it). */
function messageOf(p: { path: string; message: string }): string {
  return p.path && p.message.startsWith(`${p.path}: `)
    ? p.message.slice(p.path.length + 2)
    : p.message;
}

/** A refused import: what was wrong and where (JSON path), until dismissed. The design is unchanged. */
export const ImportAlert = memo(function ImportAlert() {
  const store = useStoreApi();
  const alert = useDesignStore((s) => s.ui.alert);
  if (!alert) return null;
  const shown = alert.problems.slice(0, MAX_SHOWN);
  const more = alert.problems.length - shown.length;
  return (
    <div className="ab-alert" role="alert">
      <div className="ab-alert__text">
        <strong className="ab-alert__title">{alert.title}</strong>
        <ul className="ab-alert__problems">
          {shown.map((p, i) => (
            <li key={i}>
              {p.path ? <code className="ab-alert__path">{p.path}</code> : null}
              {p.path ? ': ' : ''}
              {messageOf(p)}
            </li>
          ))}
          {more > 0 ? <li>…and {more} more.</li> : null}
        </ul>
        <p className="ab-alert__note">Your design on screen has not changed.</p>
      </div>
      <button
        type="button"
        className="ab-tool"
        aria-label="Dismiss"
        onClick={() => store.getState().setAlert(undefined)}
      >
        <KindIcon icon={ICONS.close} size={16} />
      </button>
    </div>
  );
});

/** Banners reported by other parts (autosave, connections…), each dismissible. */
export const Banners = memo(function Banners() {
  const store = useStoreApi();
  const banners = useDesignStore((s) => s.ui.banners);
  if (banners.length === 0) return null;
  return (
    <div className="ab-banners">
      {banners.map((b) => (
        <div
          key={b.id}
          className="ab-banner"
          data-kind={b.kind}
          role={b.kind === 'error' ? 'alert' : 'status'}
        >
          <span className="ab-banner__message">{b.message}</span>
          {b.actions?.map((a) => (
            <button
              key={a.label}
              type="button"
              className="ab-button ab-button--small"
              onClick={() => {
                a.run();
                store.getState().dismissBanner(b.id);
              }}
            >
              {a.label}
            </button>
          ))}
          <button
            type="button"
            className="ab-tool ab-tool--small"
            aria-label="Dismiss"
            onClick={() => store.getState().dismissBanner(b.id)}
          >
            <KindIcon icon={ICONS.close} size={14} />
          </button>
        </div>
      ))}
    </div>
  );
});

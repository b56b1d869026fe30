/**
 * The one place where autosave meets the store: snapshots and change notifications from
 * `DesignStore`, banners back into its `ui` slice. Everything else lives in `autosave.ts`.
 *
 * Boot, in the app:
 * ```ts
 * const saved = await loadSaved();
 * const { design, viewport } = initialFromSaved(saved, templateDesign);
 * const store = createDesignStore(design, { viewport });
 * startAutosave(store, { loaded: saved });
 * ```
 */
import { formatProblems, type Design } from '../model';
import type { Banner, DesignStore } from '../store';
import {
  getAutosaveSession,
  type AutosaveEvent,
  type AutosaveSession,
  type AutosaveSource,
  type LoadResult,
  type Viewport,
} from './autosave';
import { downloadBlob } from './download';

/** Banner ids, so the app (and tests) can find them. */
export const AUTOSAVE_BANNERS = {
  quarantined: 'autosave-quarantined',
  newer: 'autosave-newer',
  unavailable: 'autosave-unavailable',
  otherTab: 'autosave-other-tab',
  failed: 'autosave-failed',
} as const;

/** The design and viewport to open at boot: the saved ones, or the fallback. */
export function initialFromSaved(
  saved: LoadResult,
  fallback: Design,
): { design: Design; viewport?: Viewport } {
  if (saved.kind === 'ok') return { design: saved.design, viewport: saved.viewport };
  if (saved.kind === 'quarantined' && saved.recovered) {
    return { design: saved.recovered.design, viewport: saved.recovered.viewport };
  }
  return { design: fallback };
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

/** Downloads the raw text kept under a quarantine key (or a slot left in place). */
export async function downloadQuarantined(
  rawKey: string,
  session: AutosaveSession = getAutosaveSession(),
): Promise<boolean> {
  const text = await session.readQuarantined(rawKey);
  if (text === undefined) return false;
  downloadBlob(
    new Blob([text], { type: 'application/json' }),
    `archboard-saved-copy-${stamp()}.json`,
  );
  return true;
}

function firstProblem(problems: LoadResult & { kind: 'quarantined' }): string {
  const text = formatProblems(problems.problems, 1).split('\n')[0] ?? '';
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

function bannerForLoad(
  saved: LoadResult,
  session: AutosaveSession,
  store: DesignStore,
): Banner | undefined {
  const dismiss = (id: string) => store.getState().dismissBanner(id);
  switch (saved.kind) {
    case 'quarantined':
      return {
        id: AUTOSAVE_BANNERS.quarantined,
        kind: 'warning',
        message:
          `The design saved in this browser could not be read (${firstProblem(saved)}), so ` +
          `${saved.recovered ? 'an older saved copy was opened' : 'a new design was opened'}. ` +
          'The unreadable copy is kept aside: download it to recover what you can.',
        actions: [
          {
            label: 'Download saved copy',
            run: () => void downloadQuarantined(saved.rawKey, session),
          },
          {
            label: 'Discard',
            run: () =>
              void session
                .discardQuarantined(saved.rawKey)
                .then(() => dismiss(AUTOSAVE_BANNERS.quarantined)),
          },
        ],
      };
    case 'newer':
      return {
        id: AUTOSAVE_BANNERS.newer,
        kind: 'error',
        message:
          `The design saved in this browser was made by a newer version of archboard` +
          `${saved.version !== undefined ? ` (file version ${saved.version})` : ''}. ` +
          'This page will not save over it: changes here are not saved. Reload to get the newer version, or export your work.',
        actions: [
          {
            label: 'Download saved copy',
            run: () => void downloadQuarantined(saved.rawKey, session),
          },
        ],
      };
    case 'unavailable':
      return {
        id: AUTOSAVE_BANNERS.unavailable,
        kind: 'warning',
        message:
          'This browser does not let archboard save (storage is unavailable), so changes are not saved. Use Export JSON to keep your work.',
      };
    default:
      return undefined;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/**
 * Saves the store's design and viewport as they change, and shows autosave's state as
 * banners. Call once at boot, after {@link loadSaved}; pass its result as `loaded` so the
 * banner about an unreadable or newer saved copy is shown. Returns a stop function.
 */
export function startAutosave(
  store: DesignStore,
  options: { session?: AutosaveSession; loaded?: LoadResult } = {},
): () => void {
  const session = options.session ?? getAutosaveSession();
  const { setBanner, dismissBanner } = store.getState();

  const source: AutosaveSource = {
    getSnapshot: () => {
      const state = store.getState();
      return { design: state.design, viewport: state.ui.viewport };
    },
    subscribe: (listener) =>
      store.subscribe((state, previous) => {
        if (state.design !== previous.design || state.ui.viewport !== previous.ui.viewport) {
          listener();
        }
      }),
    replace: (design, viewport) => {
      const state = store.getState();
      state.loadDesign(design, 'Open the latest saved copy');
      state.setViewport(viewport);
    },
  };

  const onEvent = (event: AutosaveEvent) => {
    switch (event.kind) {
      case 'saved':
        dismissBanner(AUTOSAVE_BANNERS.failed);
        break;
      case 'writer':
        dismissBanner(AUTOSAVE_BANNERS.otherTab);
        break;
      case 'save-failed':
        setBanner({
          id: AUTOSAVE_BANNERS.failed,
          kind: 'error',
          message: event.quota
            ? `Storage is full: your latest changes are not saved (the last saved copy is kept). Free some space or use Export JSON. Retrying in ${seconds(event.retryInMs)}.`
            : `Your latest changes could not be saved (${event.message}). The last saved copy is kept. Retrying in ${seconds(event.retryInMs)}; use Export JSON to be safe.`,
          actions: [{ label: 'Retry now', run: () => void session.flush() }],
        });
        break;
      case 'read-only':
        if (event.reason === 'other-tab') {
          setBanner({
            id: AUTOSAVE_BANNERS.otherTab,
            kind: 'warning',
            message: 'This design is open in another tab; changes here are not saved.',
            actions: [{ label: 'Take over', run: () => void session.takeOver() }],
          });
        }
        break;
    }
  };

  const stopEvents = session.onEvent(onEvent);
  const stopSaving = session.start(source);
  let stopped = false;
  void (options.loaded ? Promise.resolve(options.loaded) : session.load()).then((saved) => {
    if (stopped) return;
    const banner = bannerForLoad(saved, session, store);
    if (banner) setBanner(banner);
  });
  return () => {
    stopped = true;
    stopEvents();
    stopSaving();
  };
}

export { loadSaved } from './autosave';

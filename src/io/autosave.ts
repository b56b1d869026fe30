/**
 * Autosave to IndexedDB (issue #2 "Files", issue #5; reliability.md §2.G).
 *
 * Store-agnostic core: it reads snapshots from an {@link AutosaveSource} and reports what
 * happens through {@link AutosaveEvent}s; `autosave-store.ts` binds it to the zustand store
 * and turns events into banners.
 *
 * Guarantees:
 * - every change is written within `delayMs` (default 250 ms; a throttle, so a long drag
 *   still saves) and at once on `visibilitychange` → hidden and `pagehide`;
 * - two slots and a pointer, written in ONE transaction: the previous good copy stays
 *   until the new one is committed, and a failed write leaves it loadable;
 * - loading goes through `parseDesign`; a copy that cannot be read is copied aside under a
 *   `quarantine:` key (never overwritten or deleted automatically) and the older slot is
 *   tried; data from a newer version makes the session read-only (never written over);
 * - nothing is written before the load has finished;
 * - one writer across tabs (Web Locks, `archboard-writer`); the others are read-only until
 *   the person takes over;
 * - a full disk (QuotaExceededError and its Firefox/WebKit names) keeps the design in
 *   memory, reports within one save, and retries with back-off.
 */
import { wrap, type IDBPDatabase } from 'idb';
import { FORMAT_NAME, FORMAT_VERSION, LIMITS, parseDesign, serializeDesign } from '../model';
import type { Design, Problem } from '../model';
import { crc32 } from './png';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** What is stored in a slot. */
export interface SavedRecord {
  /** The design as a format-1 file (`serializeDesign`). */
  json: string;
  viewport: Viewport;
  /** `Date.now()` at the time of the save. */
  savedAt: number;
  /**
   * CRC-32 of `json`'s UTF-8 bytes, so a flipped bit inside a label (still valid JSON, still
   * a valid design) is caught too. Optional: a record without one is read without the check.
   */
  crc?: number;
}

export type SlotName = 'a' | 'b';

/** What a quarantine key holds: the unreadable value exactly as it was found. */
export interface QuarantineRecord {
  raw: unknown;
  sourceKey: string;
  problems: Problem[];
  quarantinedAt: number;
}

export const AUTOSAVE_DB = 'archboard';
export const AUTOSAVE_STORE = 'autosave';
export const POINTER_KEY = 'pointer';
export const QUARANTINE_PREFIX = 'quarantine:';
export const WRITER_LOCK = 'archboard-writer';
export const TAB_CHANNEL = 'archboard-autosave';
export const slotKey = (slot: SlotName): string => `slot:${slot}`;

export const DEFAULT_VIEWPORT: Viewport = { x: 0, y: 0, zoom: 1 };

export type LoadResult =
  | { kind: 'empty' }
  | { kind: 'ok'; design: Design; viewport: Viewport; savedAt: number | undefined }
  | {
      kind: 'quarantined';
      problems: Problem[];
      /** Where the unreadable copy is kept (download it, or discard it, through the session). */
      rawKey: string;
      /** An older good copy, found in the other slot, to open instead of the template. */
      recovered?: { design: Design; viewport: Viewport; savedAt: number | undefined };
    }
  | { kind: 'newer'; problems: Problem[]; version: number | undefined; rawKey: string }
  /** No IndexedDB (blocked storage, private mode in some browsers): the app runs in memory. */
  | { kind: 'unavailable'; reason: string };

/** Why the session does not write. */
export type ReadOnlyReason = 'newer' | 'other-tab' | 'unavailable';

export type AutosaveEvent =
  | { kind: 'saved'; savedAt: number }
  | { kind: 'save-failed'; quota: boolean; message: string; retryInMs: number }
  | { kind: 'read-only'; reason: ReadOnlyReason }
  /** This tab became the writer again (took over, or the other tab handed over). */
  | { kind: 'writer' };

export interface AutosaveSource {
  getSnapshot(): { design: Design; viewport: Viewport };
  /** Calls `listener` after every change of the design or the viewport. */
  subscribe(listener: () => void): () => void;
  /** Replaces what is on screen (after taking over from another tab). */
  replace?(design: Design, viewport: Viewport): void;
}

/** The parts of the Web Locks API the session uses (injectable for tests). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; steal?: boolean },
    callback: (lock: unknown) => Promise<unknown> | unknown,
  ): Promise<unknown>;
}

export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface AutosaveOptions {
  dbName?: string;
  /** Longest time between a change and its save, ms (default 250; the brief allows ≤ 300). */
  delayMs?: number;
  /** The IndexedDB factory; `null` for none (the app then runs in memory). Default the page's. */
  indexedDB?: IDBFactory | null;
  /** Web Locks; `null` for none (then this tab always writes). Default `navigator.locks`. */
  locks?: LockManagerLike | null;
  /** Tab-to-tab messages; `null` for none. Default a `BroadcastChannel`. */
  channel?: ChannelLike | null;
  /** Where `visibilitychange`/`pagehide` come from. Default the page's document/window. */
  lifecycle?: {
    document?: EventTarget & { visibilityState?: string };
    window?: EventTarget;
  } | null;
  now?: () => number;
  /** How long to wait for IndexedDB to open before running in memory, ms. */
  openTimeoutMs?: number;
}

const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000];

/** True for the errors browsers raise when storage is full (Chromium, Firefox, WebKit). */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    code === 22 ||
    code === 1014
  );
}

function errorMessage(error: unknown): string {
  if (
    error instanceof Error ||
    (typeof error === 'object' && error !== null && 'message' in error)
  ) {
    const message = String((error as { message: unknown }).message);
    const name = String((error as { name?: unknown }).name ?? 'Error');
    return `${name}: ${message}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function ownValue(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** A viewport from storage: finite numbers and a sane zoom, else the default (never a reason to refuse). */
export function sanitizeViewport(value: unknown): Viewport {
  if (!isPlainObject(value)) return { ...DEFAULT_VIEWPORT };
  const x = ownValue(value, 'x');
  const y = ownValue(value, 'y');
  const zoom = ownValue(value, 'zoom');
  if (
    typeof x !== 'number' ||
    typeof y !== 'number' ||
    typeof zoom !== 'number' ||
    !Number.isFinite(x) ||
    !Number.isFinite(y) ||
    !Number.isFinite(zoom) ||
    zoom <= 0.01 ||
    zoom > 100 ||
    Math.abs(x) > 1e8 ||
    Math.abs(y) > 1e8
  ) {
    return { ...DEFAULT_VIEWPORT };
  }
  return { x, y, zoom };
}

type RecordVerdict =
  | { kind: 'ok'; design: Design; viewport: Viewport; savedAt: number | undefined }
  | { kind: 'newer'; problems: Problem[]; version: number | undefined }
  | { kind: 'bad'; problems: Problem[] };

/** The version a newer app wrote, when `json` is such a file (read only after parseDesign refused it). */
function newerVersionOf(json: string): number | undefined {
  try {
    const value: unknown = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
    if (!isPlainObject(value)) return undefined;
    const version = ownValue(value, 'version');
    return ownValue(value, 'format') === FORMAT_NAME &&
      typeof version === 'number' &&
      Number.isInteger(version) &&
      version > FORMAT_VERSION
      ? version
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The checksum stored with a save: CRC-32 of the UTF-8 bytes. */
export function checksum(json: string): number {
  return crc32(new TextEncoder().encode(json));
}

/** Judges a value read from a slot, through the one parse pipeline. Never throws. */
export function readSavedRecord(raw: unknown): RecordVerdict {
  if (!isPlainObject(raw)) {
    return {
      kind: 'bad',
      problems: [{ path: '', message: `the saved copy is ${describe(raw)}, not a saved design` }],
    };
  }
  const json = ownValue(raw, 'json');
  if (typeof json !== 'string') {
    return {
      kind: 'bad',
      problems: [
        { path: 'json', message: `json: expected the design's text, got ${describe(json)}` },
      ],
    };
  }
  const crc = ownValue(raw, 'crc');
  // A copy over the file cap is refused on its length alone (parseDesign does so at once):
  // no checksum over megabytes at boot (encoding them took up to a second in Chromium).
  const oversize = json.length > LIMITS.maxFileBytes;
  if (!oversize && crc !== undefined && crc !== checksum(json)) {
    return {
      kind: 'bad',
      problems: [{ path: '', message: 'the saved copy is damaged: its checksum does not match' }],
    };
  }
  const parsed = parseDesign(json);
  if (parsed.ok) {
    const savedAt = ownValue(raw, 'savedAt');
    return {
      kind: 'ok',
      design: parsed.value,
      viewport: sanitizeViewport(ownValue(raw, 'viewport')),
      savedAt: typeof savedAt === 'number' && Number.isFinite(savedAt) ? savedAt : undefined,
    };
  }
  const version = newerVersionOf(json);
  if (version !== undefined) return { kind: 'newer', problems: parsed.error, version };
  return { kind: 'bad', problems: parsed.error };
}

/** The text to offer for download from a quarantined value: the saved JSON when there is one. */
export function quarantinedText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (isPlainObject(raw) && typeof ownValue(raw, 'json') === 'string') return raw.json as string;
  try {
    const text = JSON.stringify(raw);
    if (typeof text === 'string') return text;
  } catch {
    // fall through
  }
  return String(raw);
}

type Role = 'loading' | 'writer' | 'follower' | 'read-only' | 'memory';

function defaultLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

function defaultChannel(): ChannelLike | null {
  try {
    return typeof BroadcastChannel === 'function' ? new BroadcastChannel(TAB_CHANNEL) : null;
  } catch {
    return null;
  }
}

function defaultLifecycle(): AutosaveOptions['lifecycle'] {
  const g = globalThis as {
    document?: EventTarget & { visibilityState?: string };
    window?: EventTarget;
  };
  return g.document && g.window ? { document: g.document, window: g.window } : null;
}

interface TabMessage {
  type: 'takeover' | 'released';
  from: string;
}

function isTabMessage(data: unknown): data is TabMessage {
  return (
    isPlainObject(data) &&
    (data.type === 'takeover' || data.type === 'released') &&
    typeof data.from === 'string'
  );
}

/**
 * One page's autosave: load once, then save every change. Create one per page (the app
 * uses {@link getAutosaveSession}); tests create their own with a fake IndexedDB.
 */
export class AutosaveSession {
  readonly options: Required<Pick<AutosaveOptions, 'dbName' | 'delayMs' | 'openTimeoutMs'>> & {
    now: () => number;
  };
  private readonly idbFactory: IDBFactory | undefined;
  private readonly locks: LockManagerLike | null;
  private channel: ChannelLike | null;
  private readonly lifecycle: AutosaveOptions['lifecycle'];
  private readonly tabId = Math.random().toString(36).slice(2);

  private db: IDBPDatabase | undefined;
  private loadPromise: Promise<LoadResult> | undefined;
  private role: Role = 'loading';
  private readOnlyReason: ReadOnlyReason | undefined;
  /** The slot holding the last copy known to be good; the next write goes to the other one. */
  private goodSlot: SlotName | undefined;
  /** Slots whose unreadable content could not be copied aside: never written. */
  private readonly protectedSlots = new Set<SlotName>();
  private releaseLock: (() => void) | undefined;

  private source: AutosaveSource | undefined;
  private unsubscribe: (() => void) | undefined;
  private listeners = new Set<(event: AutosaveEvent) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryCount = 0;
  private dirty = false;
  /** True once this tab's design differs from what it loaded or last saved. */
  private editedSinceSync = false;
  private saving: Promise<void> | undefined;
  private verified = false;
  private lastEvent: AutosaveEvent | undefined;
  private removeLifecycle: (() => void) | undefined;

  constructor(options: AutosaveOptions = {}) {
    this.options = {
      dbName: options.dbName ?? AUTOSAVE_DB,
      delayMs: Math.min(options.delayMs ?? 250, 300),
      openTimeoutMs: options.openTimeoutMs ?? 5_000,
      now: options.now ?? (() => Date.now()),
    };
    this.idbFactory =
      options.indexedDB === null
        ? undefined
        : (options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB);
    this.locks = options.locks === undefined ? defaultLocks() : options.locks;
    this.channel = options.channel === undefined ? defaultChannel() : options.channel;
    this.lifecycle = options.lifecycle === undefined ? defaultLifecycle() : options.lifecycle;
    this.channel?.addEventListener('message', (event) => this.onTabMessage(event.data));
  }

  /** Whether this session writes: loaded, holds the writer lock, and nothing made it read-only. */
  get canWrite(): boolean {
    return this.role === 'writer';
  }

  /** Why this session does not write, if it does not. */
  get readOnly(): ReadOnlyReason | undefined {
    if (this.role === 'memory') return 'unavailable';
    if (this.role === 'follower') return 'other-tab';
    return this.readOnlyReason;
  }

  /** Subscribes to save results and role changes; the last event is replayed at once. */
  onEvent(listener: (event: AutosaveEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.lastEvent) listener(this.lastEvent);
    return () => this.listeners.delete(listener);
  }

  private emit(event: AutosaveEvent): void {
    this.lastEvent = event;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not stop saving.
      }
    }
  }

  /** Reads the saved design once (later calls return the same promise). Never rejects. */
  load(): Promise<LoadResult> {
    this.loadPromise ??= this.doLoad().catch((error: unknown) => {
      this.role = 'memory';
      return { kind: 'unavailable', reason: errorMessage(error) } as const;
    });
    return this.loadPromise;
  }

  private async openDatabase(): Promise<IDBPDatabase> {
    const factory = this.idbFactory;
    if (!factory) throw new Error('IndexedDB is not available');
    const request = factory.open(this.options.dbName, 1);
    request.onupgradeneeded = () => {
      const database = request.result;
      if (!database.objectStoreNames.contains(AUTOSAVE_STORE)) {
        database.createObjectStore(AUTOSAVE_STORE);
      }
    };
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timeout = setTimeout(
        () => reject(new Error('IndexedDB did not open in time')),
        this.options.openTimeoutMs,
      );
    });
    try {
      const db = await Promise.race([wrap(request) as Promise<IDBPDatabase>, timedOut]);
      // A newer build upgrading the database in another tab: let it.
      db.addEventListener('versionchange', () => db.close());
      return db;
    } finally {
      clearTimeout(timeout);
    }
  }

  private async doLoad(): Promise<LoadResult> {
    let db: IDBPDatabase;
    try {
      db = await this.openDatabase();
    } catch (error) {
      this.role = 'memory';
      return { kind: 'unavailable', reason: errorMessage(error) };
    }
    this.db = db;
    const isWriter = await this.acquireWriterLock();

    const tx = db.transaction(AUTOSAVE_STORE, 'readonly');
    const [pointer, a, b] = await Promise.all([
      tx.store.get(POINTER_KEY) as Promise<unknown>,
      tx.store.get(slotKey('a')) as Promise<unknown>,
      tx.store.get(slotKey('b')) as Promise<unknown>,
      tx.done,
    ]);
    const raw: Record<SlotName, unknown> = { a, b };
    const order = this.slotOrder(pointer, raw);

    let result: LoadResult = { kind: 'empty' };
    const failures: { problems: Problem[]; rawKey: string }[] = [];
    for (const slot of order) {
      if (raw[slot] === undefined) continue;
      const verdict = readSavedRecord(raw[slot]);
      if (verdict.kind === 'ok') {
        this.goodSlot = slot;
        const found = {
          design: verdict.design,
          viewport: verdict.viewport,
          savedAt: verdict.savedAt,
        };
        result = failures[0]
          ? { kind: 'quarantined', ...failures[0], recovered: found }
          : { kind: 'ok', ...found };
        break;
      }
      if (verdict.kind === 'newer') {
        // Never written over: the newer app's data stays as it is.
        this.readOnlyReason = 'newer';
        result = {
          kind: 'newer',
          problems: verdict.problems,
          version: verdict.version,
          rawKey: slotKey(slot),
        };
        break;
      }
      const rawKey = await this.quarantine(slot, raw[slot], verdict.problems);
      failures.push({ problems: verdict.problems, rawKey });
    }
    if (result.kind === 'empty' && failures[0]) result = { kind: 'quarantined', ...failures[0] };

    if (this.readOnlyReason) this.role = 'read-only';
    else this.role = isWriter ? 'writer' : 'follower';
    return result;
  }

  /** The pointed slot first; without a valid pointer, the most recent save first. */
  private slotOrder(pointer: unknown, raw: Record<SlotName, unknown>): SlotName[] {
    const pointed = isPlainObject(pointer) ? ownValue(pointer, 'slot') : undefined;
    if (pointed === 'a' || pointed === 'b') return [pointed, pointed === 'a' ? 'b' : 'a'];
    const at = (slot: SlotName): number => {
      const record = raw[slot];
      const savedAt = isPlainObject(record) ? ownValue(record, 'savedAt') : undefined;
      return typeof savedAt === 'number' && Number.isFinite(savedAt) ? savedAt : -Infinity;
    };
    return at('b') > at('a') ? ['b', 'a'] : ['a', 'b'];
  }

  /** Copies an unreadable value aside; returns where it is kept. Never overwrites a key. */
  private async quarantine(slot: SlotName, raw: unknown, problems: Problem[]): Promise<string> {
    const db = this.db;
    const key = `${QUARANTINE_PREFIX}${new Date(this.options.now()).toISOString()}:${slot}:${Math.random().toString(36).slice(2, 8)}`;
    const record: QuarantineRecord = {
      raw,
      sourceKey: slotKey(slot),
      problems,
      quarantinedAt: this.options.now(),
    };
    try {
      if (!db) throw new Error('no database');
      const tx = db.transaction(AUTOSAVE_STORE, 'readwrite');
      await Promise.all([tx.store.add(record, key), tx.done]);
      return key;
    } catch {
      // Could not copy it (disk full?): keep it where it is and never write that slot.
      this.protectedSlots.add(slot);
      return slotKey(slot);
    }
  }

  /**
   * Tries to become the one tab that writes. Without Web Locks, every tab writes (the
   * browsers without them are old enough not to matter here).
   */
  private acquireWriterLock(options: { steal?: boolean; wait?: boolean } = {}): Promise<boolean> {
    const locks = this.locks;
    if (!locks) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const request = options.steal ? { steal: true } : options.wait ? {} : { ifAvailable: true };
      locks
        .request(WRITER_LOCK, request, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise<void>((release) => {
            this.releaseLock = release;
          });
        })
        .catch(() => {
          // Stolen by another tab (AbortError), or the request failed.
          resolve(false);
          this.releaseLock = undefined;
          if (this.role === 'writer') this.becomeFollower();
        });
    });
  }

  private becomeFollower(): void {
    this.clearTimers();
    this.role = 'follower';
    this.editedSinceSync = false;
    this.emit({ kind: 'read-only', reason: 'other-tab' });
  }

  private onTabMessage(data: unknown): void {
    if (!isTabMessage(data) || data.from === this.tabId) return;
    if (data.type === 'takeover' && this.role === 'writer') {
      // Save what is pending, then hand the lock over.
      void this.flush().finally(() => {
        const release = this.releaseLock;
        this.releaseLock = undefined;
        this.becomeFollower();
        release?.();
        this.channel?.postMessage({ type: 'released', from: this.tabId } satisfies TabMessage);
      });
    }
  }

  /**
   * Makes this tab the writer. A tab with no edits of its own first opens the latest saved
   * copy (so it continues from the other tab's work); a tab with edits keeps them and saves
   * them. The other tab saves what it has pending first, then turns read-only.
   */
  async takeOver(): Promise<boolean> {
    await this.load();
    if (this.role !== 'follower') return this.role === 'writer';
    this.channel?.postMessage({ type: 'takeover', from: this.tabId } satisfies TabMessage);
    // Wait for the writer to flush and hand over; steal if it does not answer in time.
    let got = await Promise.race([
      this.acquireWriterLock({ wait: true }),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 1_500)),
    ]);
    if (!got) got = await this.acquireWriterLock({ steal: true });
    if (!got) return false;
    this.role = 'writer';
    if (!this.editedSinceSync) {
      const latest = await this.readLatestGood();
      if (latest && this.source?.replace) this.source.replace(latest.design, latest.viewport);
    }
    this.emit({ kind: 'writer' });
    this.dirty = true;
    await this.saveNow();
    return true;
  }

  private async readLatestGood(): Promise<
    { design: Design; viewport: Viewport; slot: SlotName } | undefined
  > {
    const db = this.db;
    if (!db) return undefined;
    try {
      const tx = db.transaction(AUTOSAVE_STORE, 'readonly');
      const [pointer, a, b] = await Promise.all([
        tx.store.get(POINTER_KEY) as Promise<unknown>,
        tx.store.get(slotKey('a')) as Promise<unknown>,
        tx.store.get(slotKey('b')) as Promise<unknown>,
        tx.done,
      ]);
      const raw: Record<SlotName, unknown> = { a, b };
      for (const slot of this.slotOrder(pointer, raw)) {
        const verdict = readSavedRecord(raw[slot]);
        if (verdict.kind === 'ok') {
          this.goodSlot = slot;
          return { design: verdict.design, viewport: verdict.viewport, slot };
        }
      }
    } catch {
      // Nothing readable: keep this tab's design.
    }
    return undefined;
  }

  /**
   * Starts saving the source's changes. Waits for {@link load} first: nothing is written
   * before the load has finished. Returns a function that stops (after a final flush).
   */
  start(source: AutosaveSource): () => void {
    this.stopWatching();
    this.source = source;
    this.unsubscribe = source.subscribe(() => this.onChange());
    const lifecycle = this.lifecycle;
    if (lifecycle) {
      const onVisibility = () => {
        if (lifecycle.document?.visibilityState === 'hidden') void this.flush();
      };
      const onPageHide = () => void this.flush();
      lifecycle.document?.addEventListener('visibilitychange', onVisibility);
      lifecycle.window?.addEventListener('pagehide', onPageHide);
      this.removeLifecycle = () => {
        lifecycle.document?.removeEventListener('visibilitychange', onVisibility);
        lifecycle.window?.removeEventListener('pagehide', onPageHide);
      };
    }
    void this.load().then(() => {
      const reason = this.readOnly;
      if (reason) this.emit({ kind: 'read-only', reason });
    });
    return () => {
      void this.flush();
      this.stopWatching();
    };
  }

  private stopWatching(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.removeLifecycle?.();
    this.removeLifecycle = undefined;
  }

  private onChange(): void {
    this.editedSinceSync = true;
    this.dirty = true;
    if (this.role !== 'writer' && this.role !== 'loading') return;
    // A throttle, not a debounce: a save at most delayMs after the first unsaved change.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.saveNow();
    }, this.options.delayMs);
  }

  private clearTimers(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.timer = undefined;
    this.retryTimer = undefined;
  }

  /** Saves pending changes now (tab hidden, page closing, tests). Never rejects. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.saveNow();
  }

  /** Writes the latest snapshot if there is something unsaved; one write at a time. */
  private async saveNow(): Promise<void> {
    if (this.saving) {
      await this.saving;
      if (this.dirty) return this.saveNow();
      return;
    }
    if (!this.dirty || !this.source) return;
    await this.load();
    if (this.role !== 'writer') return;
    this.saving = this.writeSnapshot().finally(() => {
      this.saving = undefined;
    });
    await this.saving;
    if (this.dirty && this.role === 'writer' && this.retryTimer === undefined) {
      // Changes arrived during the write.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.saveNow();
      }, this.options.delayMs);
    }
  }

  private targetSlot(): SlotName | undefined {
    const preferred: SlotName = this.goodSlot === 'a' ? 'b' : 'a';
    if (!this.protectedSlots.has(preferred)) return preferred;
    const other: SlotName = preferred === 'a' ? 'b' : 'a';
    return this.protectedSlots.has(other) ? undefined : other;
  }

  /** The last design written, as file text with its checksum. */
  private encoded: { design: Design; json: string; crc: number } | undefined;

  private async writeSnapshot(): Promise<void> {
    const source = this.source;
    const db = this.db;
    if (!source || !db) return;
    this.dirty = false;
    let record: SavedRecord;
    try {
      const { design, viewport } = source.getSnapshot();
      // Designs are immutable: a save after a pan or zoom alone reuses the last file text and
      // its checksum instead of serializing and checksumming the whole design again.
      let encoded = this.encoded;
      if (encoded?.design !== design) {
        const json = serializeDesign(design);
        encoded = { design, json, crc: checksum(json) };
        this.encoded = encoded;
      }
      record = {
        json: encoded.json,
        viewport: sanitizeViewport(viewport),
        savedAt: this.options.now(),
        crc: encoded.crc,
      };
    } catch (error) {
      this.failed(error, false);
      return;
    }
    const slot = this.targetSlot();
    if (!slot) {
      this.failed(
        new Error('the saved copies could not be set aside, so nothing is written over them'),
        false,
      );
      return;
    }
    try {
      const tx = db.transaction(AUTOSAVE_STORE, 'readwrite');
      const written = Promise.all([
        tx.store.put(record, slotKey(slot)),
        tx.store.put({ slot, savedAt: record.savedAt }, POINTER_KEY),
        tx.done,
      ]);
      // Commit now, not when the page next goes idle: a tab being closed (the flush on
      // `pagehide`) may not live that long, and its edit was then lost (about 1 close in 3
      // inside the save delay, measured in Chromium).
      if (typeof tx.commit === 'function') tx.commit();
      await written;
      if (!this.verified) {
        // Read the first save back (reliability.md G8): a write that "succeeded" but reads
        // back different is treated as a failed one.
        const back = (await db.get(AUTOSAVE_STORE, slotKey(slot))) as unknown;
        if (!isPlainObject(back) || back.json !== record.json) {
          throw new Error('the saved copy reads back different');
        }
        this.verified = true;
      }
      this.goodSlot = slot;
      this.retryCount = 0;
      this.editedSinceSync = false;
      this.emit({ kind: 'saved', savedAt: record.savedAt });
    } catch (error) {
      this.failed(error, true);
    }
  }

  private failed(error: unknown, retry: boolean): void {
    this.dirty = true;
    this.verified = false;
    const retryInMs = RETRY_DELAYS_MS[Math.min(this.retryCount, RETRY_DELAYS_MS.length - 1)]!;
    this.retryCount++;
    this.emit({
      kind: 'save-failed',
      quota: isQuotaError(error),
      message: errorMessage(error),
      retryInMs,
    });
    if (retry && this.retryTimer === undefined) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.saveNow();
      }, retryInMs);
    }
  }

  /** The value kept under a quarantine key (or a protected slot), as text to download. */
  async readQuarantined(key: string): Promise<string | undefined> {
    const db = this.db;
    if (!db) return undefined;
    try {
      const value = (await db.get(AUTOSAVE_STORE, key)) as unknown;
      if (value === undefined) return undefined;
      if (key.startsWith(QUARANTINE_PREFIX) && isPlainObject(value) && 'raw' in value) {
        return quarantinedText(value.raw);
      }
      return quarantinedText(value);
    } catch {
      return undefined;
    }
  }

  /** Every quarantine key, oldest first. */
  async listQuarantined(): Promise<string[]> {
    const db = this.db;
    if (!db) return [];
    try {
      const keys = await db.getAllKeys(
        AUTOSAVE_STORE,
        IDBKeyRange.bound(QUARANTINE_PREFIX, `${QUARANTINE_PREFIX}\uffff`),
      );
      return keys.filter((k): k is string => typeof k === 'string');
    } catch {
      return [];
    }
  }

  /**
   * Deletes a quarantined copy: only ever on the person's request ("Discard"). For a
   * protected slot, allows it to be written again instead.
   */
  async discardQuarantined(key: string): Promise<void> {
    const db = this.db;
    if (!db) return;
    if (key === slotKey('a') || key === slotKey('b')) {
      this.protectedSlots.delete(key === slotKey('a') ? 'a' : 'b');
      return;
    }
    if (!key.startsWith(QUARANTINE_PREFIX)) return;
    try {
      await db.delete(AUTOSAVE_STORE, key);
    } catch {
      // Stays; harmless.
    }
  }

  /** Stops everything and closes the database (tests; page teardown). */
  async close(): Promise<void> {
    await this.flush();
    this.stopWatching();
    this.clearTimers();
    this.releaseLock?.();
    this.releaseLock = undefined;
    this.channel?.close();
    this.channel = null;
    this.db?.close();
    this.db = undefined;
  }
}

let defaultSession: AutosaveSession | undefined;

/** The page's autosave session (created on first use). */
export function getAutosaveSession(): AutosaveSession {
  defaultSession ??= new AutosaveSession();
  return defaultSession;
}

/** Reads the saved design (see {@link AutosaveSession.load}). Call once at boot. */
export function loadSaved(): Promise<LoadResult> {
  return getAutosaveSession().load();
}

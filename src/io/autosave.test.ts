import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { getTemplate, makeDesign, serializeDesign, type Design } from '../model';
import {
  AUTOSAVE_STORE,
  AutosaveSession,
  checksum,
  isQuotaError,
  POINTER_KEY,
  QUARANTINE_PREFIX,
  sanitizeViewport,
  slotKey,
  type AutosaveEvent,
  type AutosaveOptions,
  type AutosaveSource,
  type ChannelLike,
  type LockManagerLike,
  type QuarantineRecord,
  type Viewport,
} from './autosave';

let dbCounter = 0;
let dbName = '';
const sessions: AutosaveSession[] = [];

beforeEach(() => {
  dbName = `archboard-test-${++dbCounter}`;
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function session(options: AutosaveOptions = {}): AutosaveSession {
  const s = new AutosaveSession({
    dbName,
    locks: null,
    channel: null,
    lifecycle: null,
    ...options,
  });
  sessions.push(s);
  return s;
}

/** A tiny store: a design and a viewport, with listeners, like the app's store. */
function makeSource(design: Design, viewport: Viewport = { x: 0, y: 0, zoom: 1 }) {
  let state = { design, viewport };
  const listeners = new Set<() => void>();
  const source: AutosaveSource & {
    set(next: Partial<typeof state>): void;
    state(): typeof state;
  } = {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replace(d, v) {
      source.set({ design: d, viewport: v });
    },
    set(next) {
      state = { ...state, ...next };
      for (const l of listeners) l();
    },
    state: () => state,
  };
  return source;
}

async function rawDb() {
  return openDB(dbName, 1, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(AUTOSAVE_STORE)) db.createObjectStore(AUTOSAVE_STORE);
    },
  });
}

async function readKey(key: string): Promise<unknown> {
  const db = await rawDb();
  try {
    return (await db.get(AUTOSAVE_STORE, key)) as unknown;
  } finally {
    db.close();
  }
}

async function writeKeys(entries: Record<string, unknown>): Promise<void> {
  const db = await rawDb();
  const tx = db.transaction(AUTOSAVE_STORE, 'readwrite');
  for (const [key, value] of Object.entries(entries)) void tx.store.put(value, key);
  await tx.done;
  db.close();
}

async function allKeys(): Promise<string[]> {
  const db = await rawDb();
  try {
    return (await db.getAllKeys(AUTOSAVE_STORE)) as string[];
  } finally {
    db.close();
  }
}

/** The next event of this kind (not the one replayed on subscribing). */
function nextEvent(s: AutosaveSession, kind: AutosaveEvent['kind']): Promise<AutosaveEvent> {
  return new Promise((resolve) => {
    let replaying = true;
    const stop = s.onEvent((event) => {
      if (replaying || event.kind !== kind) return;
      stop();
      resolve(event);
    });
    replaying = false;
  });
}

const scaleUp = getTemplate('scale-up')!;
const small = makeDesign({
  title: 'Small',
  nodes: [
    { id: 'u', kind: 'user', label: 'Ünïcode 🚀 \ud800' },
    { id: 'w', kind: 'web-server' },
  ],
  edges: [{ source: 'u', target: 'w' }],
});

function record(design: Design, viewport: Viewport = { x: 1, y: 2, zoom: 1.5 }) {
  const json = serializeDesign(design);
  return { json, viewport, savedAt: 1000, crc: checksum(json) };
}

describe('AutosaveSession: saving and restoring', () => {
  it('loads nothing from an empty database', async () => {
    expect(await session().load()).toEqual({ kind: 'empty' });
  });

  it('saves within the delay, not before, and a new session restores design and viewport exactly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = session({ delayMs: 250 });
    await s.load();
    const source = makeSource(scaleUp);
    s.start(source);
    source.set({ design: small, viewport: { x: -120.5, y: 33.25, zoom: 0.75 } });
    await vi.advanceTimersByTimeAsync(200);
    expect(await readKey(slotKey('a'))).toBeUndefined();
    const saved = nextEvent(s, 'saved');
    await vi.advanceTimersByTimeAsync(60);
    vi.useRealTimers();
    await saved;
    const stored = (await readKey(slotKey('a'))) as { json: string };
    expect(stored.json).toBe(serializeDesign(small));

    const again = session();
    expect(await again.load()).toEqual({
      kind: 'ok',
      design: small,
      viewport: { x: -120.5, y: 33.25, zoom: 0.75 },
      savedAt: expect.any(Number) as unknown as number,
    });
  });

  it('saves during a continuous stream of changes (a throttle, not a debounce)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = session({ delayMs: 250 });
    await s.load();
    const source = makeSource(small);
    s.start(source);
    const savedAt: number[] = [];
    s.onEvent((e) => {
      if (e.kind === 'saved') savedAt.push(e.savedAt);
    });
    for (let i = 0; i < 20; i++) {
      source.set({ viewport: { x: i, y: 0, zoom: 1 } });
      await vi.advanceTimersByTimeAsync(50);
    }
    // 1 s of changes every 50 ms: a debounce would not have saved yet.
    expect(savedAt.length).toBeGreaterThanOrEqual(3);
  });

  it('flushes at once on visibilitychange → hidden and on pagehide', async () => {
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const window = new EventTarget();
    const s = session({ delayMs: 300, lifecycle: { document, window } });
    await s.load();
    const source = makeSource(small);
    s.start(source);
    source.set({ viewport: { x: 5, y: 5, zoom: 2 } });
    const saved = nextEvent(s, 'saved');
    document.visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    await saved;
    expect(((await readKey(slotKey('a'))) as { viewport: Viewport }).viewport).toEqual({
      x: 5,
      y: 5,
      zoom: 2,
    });
    source.set({ viewport: { x: 6, y: 6, zoom: 2 } });
    const savedAgain = nextEvent(s, 'saved');
    window.dispatchEvent(new Event('pagehide'));
    await savedAgain;
    expect(((await readKey(slotKey('b'))) as { viewport: Viewport }).viewport.x).toBe(6);
  });

  it('alternates slots and flips the pointer only with a committed write', async () => {
    const s = session();
    await s.load();
    const source = makeSource(small);
    s.start(source);
    source.set({ design: scaleUp });
    await s.flush();
    expect(await readKey(POINTER_KEY)).toMatchObject({ slot: 'a' });
    source.set({ design: small });
    await s.flush();
    expect(await readKey(POINTER_KEY)).toMatchObject({ slot: 'b' });
    expect(((await readKey(slotKey('a'))) as { json: string }).json).toBe(serializeDesign(scaleUp));
    expect(((await readKey(slotKey('b'))) as { json: string }).json).toBe(serializeDesign(small));
  });

  it('never writes before the load has finished: unreadable data is set aside first', async () => {
    await writeKeys({
      [slotKey('a')]: { json: '{"trunc', savedAt: 1 },
      [POINTER_KEY]: { slot: 'a' },
    });
    const s = session();
    const source = makeSource(small);
    s.start(source); // before load()
    source.set({ design: scaleUp });
    await s.flush();
    const quarantined = (await allKeys()).filter((k) => k.startsWith(QUARANTINE_PREFIX));
    expect(quarantined).toHaveLength(1);
    expect(((await readKey(quarantined[0]!)) as QuarantineRecord).raw).toEqual({
      json: '{"trunc',
      savedAt: 1,
    });
  });
});

describe('AutosaveSession: unreadable saved copies are quarantined', () => {
  const good = record(small);
  const json = good.json;
  const flipped = (at: number) =>
    json.slice(0, at) + String.fromCharCode(json.charCodeAt(at) ^ 0x04) + json.slice(at + 1);
  const patterns: Array<[string, unknown]> = [
    ['truncated', { ...good, json: json.slice(0, Math.floor(json.length / 2)), crc: undefined }],
    [
      'bit-flipped (breaks the JSON)',
      { ...good, json: flipped(json.indexOf(':')), crc: undefined },
    ],
    [
      'bit-flipped (inside a label, caught by the checksum)',
      { ...good, json: flipped(json.indexOf('Small') + 1) },
    ],
    ['empty string', { ...good, json: '', crc: undefined }],
    ['"null"', { ...good, json: 'null', crc: undefined }],
    ['"undefined"', { ...good, json: 'undefined', crc: undefined }],
    ['not JSON', { ...good, json: 'hello <html>', crc: undefined }],
    [
      'wrong schema',
      {
        ...good,
        json: '{"format":"archboard","version":1,"nodes":[{"id":1}],"edges":[]}',
        crc: undefined,
      },
    ],
    [
      'huge',
      {
        ...good,
        json: `{"format":"archboard","version":1,"title":"${'x'.repeat(6 * 1024 * 1024)}","nodes":[],"edges":[]}`,
        crc: undefined,
      },
    ],
    [
      '__proto__ payload',
      {
        ...good,
        json: '{"__proto__":{"format":"archboard","version":1,"nodes":[],"edges":[]}}',
        crc: undefined,
      },
    ],
    ['wrong type (json is a number)', { ...good, json: 42 }],
    ['wrong type (record is a string)', 'just a string'],
    ['wrong type (record is null)', null],
    [
      'BOM in the middle',
      { ...good, json: `${json.slice(0, 10)}\ufeff${json.slice(10)}`, crc: undefined },
    ],
  ];

  it.each(patterns)(
    '%s: quarantined, original kept, app opens, later saves leave the copy',
    async (_name, raw) => {
      await writeKeys({ [slotKey('a')]: raw, [POINTER_KEY]: { slot: 'a', savedAt: 1000 } });
      const s = session();
      const result = await s.load();
      expect(result.kind).toBe('quarantined');
      if (result.kind !== 'quarantined') return;
      expect(result.problems.length).toBeGreaterThan(0);
      expect(result.rawKey.startsWith(QUARANTINE_PREFIX)).toBe(true);
      expect(result.recovered).toBeUndefined();
      const kept = (await readKey(result.rawKey)) as QuarantineRecord;
      expect(kept.raw).toEqual(raw);
      expect(kept.sourceKey).toBe(slotKey('a'));

      // Saving goes on, and never touches the quarantined copy.
      const source = makeSource(scaleUp);
      s.start(source);
      for (const design of [small, scaleUp, small]) {
        source.set({ design });
        await s.flush();
      }
      expect(((await readKey(result.rawKey)) as QuarantineRecord).raw).toEqual(raw);
      const text = await s.readQuarantined(result.rawKey);
      const expected =
        typeof raw === 'object' &&
        raw !== null &&
        typeof (raw as { json?: unknown }).json === 'string'
          ? (raw as { json: string }).json
          : (JSON.stringify(raw) ?? String(raw));
      expect(text).toBe(typeof raw === 'string' ? raw : expected);
      expect(await s.listQuarantined()).toEqual([result.rawKey]);
    },
  );

  it('loads a saved copy that starts with a BOM (the parse pipeline accepts it)', async () => {
    await writeKeys({ [slotKey('a')]: { ...good, json: `\ufeff${json}`, crc: undefined } });
    expect((await session().load()).kind).toBe('ok');
  });

  it('opens the older good slot when the newest copy is unreadable, and overwrites only the bad slot', async () => {
    await writeKeys({
      [slotKey('a')]: { ...good, json: 'garbage', crc: undefined, savedAt: 2000 },
      [slotKey('b')]: record(scaleUp),
      [POINTER_KEY]: { slot: 'a' },
    });
    const s = session();
    const result = await s.load();
    expect(result).toMatchObject({ kind: 'quarantined', recovered: { design: scaleUp } });
    const source = makeSource(scaleUp);
    s.start(source);
    source.set({ design: small });
    await s.flush();
    expect(((await readKey(slotKey('b'))) as { json: string }).json).toBe(serializeDesign(scaleUp));
    expect(((await readKey(slotKey('a'))) as { json: string }).json).toBe(serializeDesign(small));
  });

  it('discards a quarantined copy only when asked', async () => {
    await writeKeys({ [slotKey('a')]: 'junk' });
    const s = session();
    const result = await s.load();
    if (result.kind !== 'quarantined') throw new Error('expected quarantine');
    await s.discardQuarantined(result.rawKey);
    expect(await readKey(result.rawKey)).toBeUndefined();
  });

  it('ignores a broken pointer and picks the most recent readable slot', async () => {
    await writeKeys({
      [slotKey('a')]: { ...record(small), savedAt: 1 },
      [slotKey('b')]: { ...record(scaleUp), savedAt: 2 },
      [POINTER_KEY]: { slot: '../../etc' },
    });
    expect(await session().load()).toMatchObject({ kind: 'ok', design: scaleUp });
  });

  it('falls back to the default viewport when the saved one is nonsense', async () => {
    await writeKeys({ [slotKey('a')]: { ...record(small), viewport: { x: NaN, y: 0, zoom: -1 } } });
    expect(await session().load()).toMatchObject({ kind: 'ok', viewport: { x: 0, y: 0, zoom: 1 } });
  });
});

describe('AutosaveSession: data from a newer version', () => {
  it('is refused, made read-only, and never written over', async () => {
    const newer = JSON.stringify({
      format: 'archboard',
      version: 99,
      nodes: [],
      edges: [],
      future: true,
    });
    const raw = { json: newer, viewport: { x: 0, y: 0, zoom: 1 }, savedAt: 5 };
    await writeKeys({ [slotKey('a')]: raw, [POINTER_KEY]: { slot: 'a' } });
    const s = session();
    const result = await s.load();
    expect(result).toMatchObject({ kind: 'newer', version: 99, rawKey: slotKey('a') });
    const events: AutosaveEvent[] = [];
    s.onEvent((e) => events.push(e));
    const source = makeSource(small);
    s.start(source);
    source.set({ design: scaleUp });
    await s.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(s.canWrite).toBe(false);
    expect(events).toContainEqual({ kind: 'read-only', reason: 'newer' });
    expect(await allKeys()).toEqual([POINTER_KEY, slotKey('a')]);
    expect(await readKey(slotKey('a'))).toEqual(raw);
  });
});

describe('AutosaveSession: storage full', () => {
  it('reports within one save, keeps the last good copy loadable, and retries', async () => {
    const s = session();
    await s.load();
    const source = makeSource(small);
    s.start(source);
    source.set({ design: scaleUp });
    await s.flush(); // good copy of scaleUp in slot a

    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const failed = nextEvent(s, 'save-failed');
    source.set({ design: small });
    await s.flush();
    expect(await failed).toMatchObject({ kind: 'save-failed', quota: true });
    expect(source.state().design).toBe(small); // still in memory
    put.mockRestore();

    expect(await session().load()).toMatchObject({ kind: 'ok', design: scaleUp });

    // The next attempt (a change or the retry) saves it.
    const saved = nextEvent(s, 'saved');
    source.set({ viewport: { x: 9, y: 9, zoom: 1 } });
    await s.flush();
    await saved;
    expect(await session().load()).toMatchObject({ kind: 'ok', design: small });
  });

  it('classifies the quota errors of Chromium, Firefox and WebKit', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED', code: 1014 })).toBe(true);
    expect(isQuotaError({ name: 'Error', code: 22 })).toBe(true);
    expect(isQuotaError(new Error('disk on fire'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });
});

describe('AutosaveSession: without IndexedDB', () => {
  it('runs in memory and says so', async () => {
    const s = session({ indexedDB: null });
    const result = await s.load();
    expect(result.kind).toBe('unavailable');
    const events: AutosaveEvent[] = [];
    s.onEvent((e) => events.push(e));
    const source = makeSource(small);
    s.start(source);
    source.set({ design: scaleUp });
    await s.flush();
    expect(events).toContainEqual({ kind: 'read-only', reason: 'unavailable' });
  });
});

/** An in-process Web Locks stand-in with ifAvailable, steal and queued requests. */
function fakeLocks(): LockManagerLike {
  interface Holder {
    abort: (error: unknown) => void;
  }
  const held = new Map<string, Holder>();
  const queue = new Map<string, Array<() => void>>();
  const grant = (name: string, callback: (lock: unknown) => unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const holder: Holder = { abort: reject };
      held.set(name, holder);
      Promise.resolve(callback({ name })).then((value) => {
        if (held.get(name) === holder) {
          held.delete(name);
          queue.get(name)?.shift()?.();
        }
        resolve(value);
      }, reject);
    });
  return {
    request(name, options, callback) {
      if (options.steal) {
        held.get(name)?.abort(new DOMException('stolen', 'AbortError'));
        held.delete(name);
        return grant(name, callback);
      }
      if (!held.has(name)) return grant(name, callback);
      if (options.ifAvailable) return Promise.resolve(callback(null));
      return new Promise((resolve, reject) => {
        const waiting = queue.get(name) ?? [];
        waiting.push(() => grant(name, callback).then(resolve, reject));
        queue.set(name, waiting);
      });
    },
  };
}

function channelPair(): [ChannelLike, ChannelLike] {
  const listeners: Array<Array<(e: { data: unknown }) => void>> = [[], []];
  const make = (me: number): ChannelLike => ({
    postMessage: (data) => {
      for (const l of listeners[1 - me]!) setTimeout(() => l({ data }), 0);
    },
    addEventListener: (_type, l) => listeners[me]!.push(l),
    close: () => undefined,
  });
  return [make(0), make(1)];
}

describe('AutosaveSession: two tabs', () => {
  it('lets one tab write; the other is read-only until it takes over, and no saved edit is lost', async () => {
    const locks = fakeLocks();
    const [c1, c2] = channelPair();
    const first = session({ locks, channel: c1 });
    const second = session({ locks, channel: c2 });
    await first.load();
    await second.load();
    expect(first.canWrite).toBe(true);
    expect(second.canWrite).toBe(false);
    expect(second.readOnly).toBe('other-tab');

    const one = makeSource(small);
    const two = makeSource(small);
    first.start(one);
    second.start(two);
    one.set({ design: scaleUp });
    await first.flush();
    two.set({ viewport: { x: 7, y: 7, zoom: 1 } }); // an edit in the read-only tab: not saved
    await second.flush();
    expect(await session({ dbName }).load()).toMatchObject({ design: scaleUp });

    // The first tab has a pending edit when the second takes over: it is saved first.
    one.set({ viewport: { x: 42, y: 0, zoom: 1 } });
    const lost = nextEvent(first, 'read-only');
    expect(await second.takeOver()).toBe(true);
    expect(await lost).toEqual({ kind: 'read-only', reason: 'other-tab' });
    expect(first.canWrite).toBe(false);
    expect(second.canWrite).toBe(true);
    // The second tab had its own edit, so it keeps its design and saves it.
    expect(await session().load()).toMatchObject({
      design: small,
      viewport: { x: 7, y: 7, zoom: 1 },
    });
  });

  it('a tab without edits of its own continues from the latest saved copy when it takes over', async () => {
    const locks = fakeLocks();
    const [c1, c2] = channelPair();
    const first = session({ locks, channel: c1 });
    const second = session({ locks, channel: c2 });
    await first.load();
    await second.load();
    const one = makeSource(small);
    const two = makeSource(small);
    first.start(one);
    second.start(two);
    one.set({ design: scaleUp, viewport: { x: 3, y: 4, zoom: 1.25 } });
    await first.flush();
    expect(await second.takeOver()).toBe(true);
    expect(two.state().design).toEqual(scaleUp);
    expect(two.state().viewport).toEqual({ x: 3, y: 4, zoom: 1.25 });
  });
});

describe('sanitizeViewport', () => {
  it('keeps finite values and a positive zoom, else the default', () => {
    expect(sanitizeViewport({ x: 1, y: -2, zoom: 0.5 })).toEqual({ x: 1, y: -2, zoom: 0.5 });
    expect(sanitizeViewport({ x: 1, y: 2, zoom: 0 })).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(sanitizeViewport({ x: Infinity, y: 2, zoom: 1 })).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(sanitizeViewport('x')).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(sanitizeViewport(JSON.parse('{"__proto__":{"x":1,"y":1,"zoom":1}}'))).toEqual({
      x: 0,
      y: 0,
      zoom: 1,
    });
  });
});

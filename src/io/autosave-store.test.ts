import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { getTemplate, makeDesign } from '../model';
import { createDesignStore } from '../store/create-store';
import { AUTOSAVE_STORE, AutosaveSession, POINTER_KEY, slotKey } from './autosave';
import { AUTOSAVE_BANNERS, initialFromSaved, startAutosave } from './autosave-store';

let n = 0;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function session(dbName: string) {
  const s = new AutosaveSession({ dbName, locks: null, channel: null, lifecycle: null });
  cleanups.push(() => s.close());
  return s;
}

const template = getTemplate('simple-stack')!;
const other = makeDesign({ title: 'Other', nodes: [{ id: 'u', kind: 'user' }] });

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('startAutosave with the store', () => {
  it('saves edits and viewport moves; a reload opens them', async () => {
    const dbName = `store-${++n}`;
    const s = session(dbName);
    const saved = await s.load();
    const store = createDesignStore(initialFromSaved(saved, template).design);
    cleanups.push(startAutosave(store, { session: s, loaded: saved }));
    store.getState().setTitle('Renamed');
    store.getState().setViewport({ x: 10, y: 20, zoom: 0.5 });
    await s.flush();
    const reloaded = await session(dbName).load();
    expect(reloaded).toMatchObject({ kind: 'ok', viewport: { x: 10, y: 20, zoom: 0.5 } });
    expect(initialFromSaved(reloaded, template).design.title).toBe('Renamed');
  });

  it('opens the fallback and shows a banner with Download and Discard for an unreadable copy', async () => {
    const dbName = `store-${++n}`;
    const db = await openDB(dbName, 1, {
      upgrade: (d) => void d.createObjectStore(AUTOSAVE_STORE),
    });
    await db.put(AUTOSAVE_STORE, { json: '{"format":"archboard",', savedAt: 1 }, slotKey('a'));
    await db.put(AUTOSAVE_STORE, { slot: 'a' }, POINTER_KEY);
    db.close();
    const s = session(dbName);
    const saved = await s.load();
    expect(initialFromSaved(saved, template).design).toBe(template);
    const store = createDesignStore(template);
    cleanups.push(startAutosave(store, { session: s, loaded: saved }));
    await until(() => store.getState().ui.banners.length > 0);
    const banner = store.getState().ui.banners[0]!;
    expect(banner.id).toBe(AUTOSAVE_BANNERS.quarantined);
    expect(banner.message).toMatch(/could not be read.*not valid JSON/);
    expect(banner.actions?.map((a) => a.label)).toEqual(['Download saved copy', 'Discard']);
    banner.actions![1]!.run();
    await until(() => store.getState().ui.banners.length === 0);
    expect(await s.listQuarantined()).toEqual([]);
  });

  it('shows a storage-full banner within one save and clears it once a save succeeds', async () => {
    const dbName = `store-${++n}`;
    const s = session(dbName);
    const saved = await s.load();
    const store = createDesignStore(template);
    cleanups.push(startAutosave(store, { session: s, loaded: saved }));
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    store.getState().loadDesign(other);
    await s.flush();
    const banner = store.getState().ui.banners.find((b) => b.id === AUTOSAVE_BANNERS.failed);
    expect(banner?.message).toMatch(/Storage is full/);
    expect(store.getState().design).toBe(other);
    put.mockRestore();
    store.getState().setTitle('Again');
    await s.flush();
    expect(store.getState().ui.banners.some((b) => b.id === AUTOSAVE_BANNERS.failed)).toBe(false);
  });
});

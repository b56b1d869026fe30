import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeDesign } from '../model/serialize';
import { getTemplate } from '../model/templates';
import { readDesignFromText } from './import';

const design = getTemplate('scale-up')!;

describe('openDesignText / openDesignFile (the importer loaded on first use)', () => {
  afterEach(() => {
    vi.doUnmock('./import');
    vi.resetModules();
  });

  it('give what the importer gives, for good and refused input alike', async () => {
    const { openDesignFile, openDesignText } = await import('./open');
    const json = serializeDesign(design);
    expect(await openDesignText(json)).toEqual({ ok: true, value: design });
    const bad = '{"format":"archboard","version":1,"nodes":[{"id":"a","kind":"x"}],"edges":[]}';
    expect(await openDesignText(bad)).toEqual(readDesignFromText(bad));
    const file = Object.assign(new Blob([json]), { name: 'design.json' });
    expect(await openDesignFile(file)).toEqual({ ok: true, value: design });
  });

  it('refuse with a message, not a rejection, when the importer cannot be loaded', async () => {
    vi.resetModules();
    vi.doMock('./import', () => {
      throw new Error('chunk failed to load');
    });
    const { openDesignText } = await import('./open');
    const result = await openDesignText('{}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]?.message).toMatch(/importer could not be loaded/);
  });
});

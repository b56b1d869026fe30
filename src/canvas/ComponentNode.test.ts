import { describe, expect, it } from 'vitest';
import { fitsLine } from './ComponentNode';

const FONT = { size: 12.5, weight: 600 };

describe('fitsLine', () => {
  it('lets a short label through unclipped', () => {
    expect(fitsLine('Web 1', FONT)).toBe(true);
  });

  it('clips what may not fit on one line', () => {
    expect(fitsLine('Primary database in the eu-west-1 region', FONT)).toBe(false);
  });

  it('clips text the layout would break or collapse: newlines, tabs, controls', () => {
    for (const text of ['a\nb', 'a\tb', 'a\u0000b', 'a\u2028b', 'a\u00a0b']) {
      expect(fitsLine(text, FONT), JSON.stringify(text)).toBe(false);
    }
  });
});

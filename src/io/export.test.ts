import { describe, expect, it } from 'vitest';
import { designFileName, fitScale, PNG_LIMITS } from './export';

describe('designFileName', () => {
  it('names the file after the title', () => {
    expect(designFileName('Scale up', 'png')).toBe('Scale up.png');
    expect(designFileName('Ünïcode 🚀 plan', 'json')).toBe('Ünïcode 🚀 plan.json');
  });

  it('removes what file systems refuse or what hides the real name', () => {
    expect(designFileName('a/b\\c:d*e?f"g<h>i|j', 'json')).toBe('a b c d e f g h i j.json');
    expect(designFileName('evil\u202egnp.exe', 'png')).toBe('evil gnp.exe.png');
    expect(designFileName('line\nbreak\u0000nul', 'svg')).toBe('line break nul.svg');
    expect(designFileName('../../etc/passwd', 'json')).toBe('etc passwd.json');
    expect(designFileName('lone \ud800 surrogate', 'json')).toBe('lone surrogate.json');
  });

  it('falls back to a default for empty, dot-only or reserved names, and caps the length', () => {
    expect(designFileName('', 'json')).toBe('archboard-design.json');
    expect(designFileName(' ... ', 'json')).toBe('archboard-design.json');
    expect(designFileName('CON', 'png')).toBe('archboard-design.png');
    expect(designFileName('x'.repeat(500), 'json')).toBe(`${'x'.repeat(100)}.json`);
  });
});

describe('fitScale', () => {
  it('keeps 2× for a normal board', () => {
    expect(fitScale(1600, 700, 2)).toBe(2);
  });

  it('scales a huge board down to the pixel and side limits, never up', () => {
    const area = fitScale(6000, 3000, 2);
    expect(6000 * area * 3000 * area).toBeLessThanOrEqual(PNG_LIMITS.maxPixels * 1.0001);
    const side = fitScale(200_000, 100, 2);
    expect(200_000 * side).toBeLessThanOrEqual(PNG_LIMITS.maxSide);
    expect(fitScale(10, 10, 2, { maxSide: 4, maxPixels: 100 })).toBeCloseTo(0.4);
  });
});

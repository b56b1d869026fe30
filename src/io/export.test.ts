import { describe, expect, it } from 'vitest';
import { designFileName } from './export';

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

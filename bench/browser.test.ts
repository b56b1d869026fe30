import { describe, expect, it } from 'vitest';
import { median, pngSize } from './browser';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores values that are not finite and has no median of nothing', () => {
    expect(median([1, NaN, 3, Infinity])).toBe(2);
    expect(median([])).toBeNaN();
  });
});

describe('pngSize', () => {
  const png = (width: number, height: number) => {
    const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const ihdr = Buffer.alloc(17);
    ihdr.write('IHDR', 0, 'latin1');
    ihdr.writeUInt32BE(width, 4);
    ihdr.writeUInt32BE(height, 8);
    return Buffer.concat([head, ihdr]);
  };

  it('reads the width and height of a PNG', () => {
    expect(pngSize(png(5076, 2364))).toEqual({ width: 5076, height: 2364 });
  });

  it('refuses what is not a PNG', () => {
    expect(pngSize(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(pngSize(Buffer.alloc(0))).toBeUndefined();
  });
});

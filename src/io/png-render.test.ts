import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDesign } from '../model/sketch';
import { drawDesignPng, fitScale, PNG_LIMITS, type CanvasMaker } from './png-render';

describe('fitScale', () => {
  it('keeps 2× while the picture stays within the 6 MP budget', () => {
    expect(fitScale(1600, 700, 2)).toBe(2);
    expect(fitScale(1000, 1500, 2)).toBe(2); // exactly 6 MP at 2×
  });

  it('scales a large board down to the budget', () => {
    const scale = fitScale(3000, 1000, 2); // 12 MP at 2×
    expect(scale).toBeLessThan(2);
    expect(3000 * scale * 1000 * scale).toBeCloseTo(PNG_LIMITS.budgetPixels, -3);
  });

  it('goes beyond the budget rather than below the readable scale, up to the hard limit', () => {
    // 7500 × 3000 would need 0.52 for 6 MP: drawn at 0.6 instead, 8.1 MP.
    expect(fitScale(7500, 3000, 2)).toBeCloseTo(PNG_LIMITS.readableScale);
    // 9000 × 4000 at 0.6 would be 13 MP: the hard limit rules, text or not.
    const huge = fitScale(9000, 4000, 2);
    expect(huge).toBeLessThan(PNG_LIMITS.readableScale);
    expect(9000 * huge * 4000 * huge).toBeLessThanOrEqual(PNG_LIMITS.maxPixels * 1.0001);
  });

  it('never passes the side limit, never scales up, and honours limits without a budget', () => {
    const side = fitScale(200_000, 100, 2);
    expect(200_000 * side).toBeLessThanOrEqual(PNG_LIMITS.maxSide);
    expect(fitScale(10, 10, 1)).toBe(1);
    expect(fitScale(10, 10, 2, { maxSide: 4, maxPixels: 100 })).toBeCloseTo(0.4);
  });
});

/** A 2D context that accepts every drawing call (node has no canvas). */
function fakeContext(): never {
  const target = {} as Record<string | symbol, unknown>;
  return new Proxy(target, {
    get: (t, key) => (key in t ? t[key] : () => undefined),
    set: (t, key, value) => {
      t[key] = value;
      return true;
    },
  }) as never;
}

describe('drawDesignPng', () => {
  const design = makeDesign({
    nodes: [
      { id: 'u', kind: 'user', position: { x: 0, y: 0 } },
      { id: 'w', kind: 'web-server', position: { x: 300, y: 0 } },
    ],
    edges: [{ source: 'u', target: 'w' }],
  });

  beforeEach(() => {
    vi.stubGlobal(
      'Path2D',
      class {
        addPath() {}
        moveTo() {}
        lineTo() {}
        arc() {}
        ellipse() {}
        roundRect() {}
        closePath() {}
      },
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('draws at 2× and returns the encoded blob with its size', async () => {
    const sizes: Array<[number, number]> = [];
    const released: number[] = [];
    const maker: CanvasMaker = (width, height) => {
      sizes.push([width, height]);
      return {
        context: fakeContext(),
        encode: async () => new Blob([new Uint8Array([1, 2, 3])]),
        release: () => released.push(width),
      };
    };
    const image = await drawDesignPng(design, {}, maker);
    expect(image.scale).toBe(2);
    expect(sizes).toEqual([[image.width, image.height]]);
    expect(released).toEqual([image.width]);
    expect(image.blob.size).toBe(3);
  });

  it('halves the scale when the canvas cannot be allocated or encoded, then gives up', async () => {
    const widths: number[] = [];
    let encodes = 0;
    const maker: CanvasMaker = (width) => {
      widths.push(width);
      if (widths.length === 1) return undefined; // no canvas this large
      return {
        context: fakeContext(),
        encode: async () => (++encodes === 1 ? null : new Blob([new Uint8Array([1])])),
        release: () => {},
      };
    };
    const image = await drawDesignPng(design, {}, maker);
    expect(image.scale).toBe(0.5);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.5, 1);
    expect(widths[2]! / widths[1]!).toBeCloseTo(0.5, 1);

    await expect(drawDesignPng(design, {}, () => undefined)).rejects.toThrow(/could not draw/);
  });
});

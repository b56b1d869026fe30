import { describe, expect, it } from 'vitest';
import {
  OVERVIEW_SIZE,
  overviewBounds,
  overviewFrame,
  rectsPath,
  shadeBands,
  unionRect,
} from './OverviewMap';

const toPx = (f: ReturnType<typeof overviewFrame>, x: number, y: number) => ({
  x: f.left + (x - f.frame.x) * f.scale,
  y: f.top + (y - f.frame.y) * f.scale,
});

describe('overviewFrame', () => {
  it('shows the design and the view together, inside the overview, with a margin', () => {
    const design = { x: 0, y: 0, width: 2000, height: 600 };
    const view = { x: 1500, y: 400, width: 1000, height: 500 };
    const all = unionRect(design, view);
    const f = overviewFrame(all);
    const topLeft = toPx(f, all.x, all.y);
    const bottomRight = toPx(f, all.x + all.width, all.y + all.height);
    expect(topLeft.x).toBeGreaterThan(0);
    expect(topLeft.y).toBeGreaterThan(0);
    expect(bottomRight.x).toBeLessThan(OVERVIEW_SIZE.width);
    expect(bottomRight.y).toBeLessThan(OVERVIEW_SIZE.height);
    // Centred: the same room on the left and the right.
    expect(topLeft.x).toBeCloseTo(OVERVIEW_SIZE.width - bottomRight.x, 6);
  });

  it('shows exactly the design while the view stays inside it', () => {
    const design = { x: 0, y: 0, width: 4000, height: 3000 };
    const a = overviewBounds(undefined, design, { x: 100, y: 100, width: 800, height: 400 });
    expect(a).toEqual(design);
    const b = overviewBounds(a, design, { x: 900, y: 700, width: 800, height: 400 });
    expect(b).toBe(a);
  });

  it('keeps its area while a view larger than the design pans a little, grows when it leaves', () => {
    const design = { x: 0, y: 0, width: 1000, height: 400 };
    let view = { x: -1000, y: -500, width: 3000, height: 1400 };
    const first = overviewBounds(undefined, design, view);
    expect(first.width).toBeGreaterThan(view.width);
    let redraws = 0;
    let kept = first;
    for (let step = 0; step < 20; step++) {
      view = { ...view, x: view.x + 10, y: view.y + 6 };
      const next = overviewBounds(kept, design, view);
      if (next !== kept) redraws++;
      kept = next;
      expect(kept.x).toBeLessThanOrEqual(view.x);
      expect(kept.x + kept.width).toBeGreaterThanOrEqual(view.x + view.width);
    }
    expect(redraws).toBeLessThan(5);
  });

  it('shrinks back when the view zooms in well inside it', () => {
    const design = { x: 0, y: 0, width: 1000, height: 400 };
    const wide = overviewBounds(undefined, design, {
      x: -5000,
      y: -5000,
      width: 11000,
      height: 10400,
    });
    const close = overviewBounds(wide, design, { x: 100, y: 100, width: 300, height: 150 });
    expect(close).toEqual(design);
  });

  it('uses the same flow-per-pixel scale as React Flow’s MiniMap for panning', () => {
    const view = { x: 0, y: 0, width: 1760, height: 560 };
    const f = overviewFrame(view);
    // 1760 / 176 = 10 flow units per px across; 560 / 112 = 5 down: the larger wins.
    expect(f.viewScale).toBe(10);
  });
});

describe('rectsPath', () => {
  it('draws each rectangle as one closed subpath, to a tenth of a unit', () => {
    expect(
      rectsPath([
        { x: 0, y: 0, width: 168, height: 56 },
        { x: 272.04, y: -96.06, width: 168, height: 56 },
      ]),
    ).toBe('M0 0h168v56h-168zM272 -96.1h168v56h-168z');
  });
});

describe('shadeBands', () => {
  it('shades everything outside the view, without overlap, clamped to the overview', () => {
    const size = { width: 176, height: 112 };
    const bands = shadeBands({ x: 40, y: 30, width: 60, height: 50 }, size);
    const area = bands.reduce((sum, r) => sum + r.width * r.height, 0);
    expect(area).toBe(176 * 112 - 60 * 50);
    expect(bands.every((r) => r.width >= 0 && r.height >= 0)).toBe(true);
  });

  it('shades nothing when the view covers the overview, everything when it is off it', () => {
    const size = { width: 176, height: 112 };
    const cover = shadeBands({ x: -10, y: -10, width: 400, height: 400 }, size);
    expect(cover.reduce((sum, r) => sum + r.width * r.height, 0)).toBe(0);
    const away = shadeBands({ x: 500, y: 500, width: 40, height: 40 }, size);
    expect(away.reduce((sum, r) => sum + r.width * r.height, 0)).toBe(176 * 112);
  });
});

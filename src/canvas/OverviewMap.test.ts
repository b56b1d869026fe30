import { describe, expect, it } from 'vitest';
import { OVERVIEW_SIZE, overviewFrame, unionRect } from './OverviewMap';

const toPx = (f: ReturnType<typeof overviewFrame>, x: number, y: number) => ({
  x: f.left + (x - f.frame.x) * f.scale,
  y: f.top + (y - f.frame.y) * f.scale,
});

describe('overviewFrame', () => {
  it('shows the design and the view together, inside the overview, with a margin', () => {
    const design = { x: 0, y: 0, width: 2000, height: 600 };
    const view = { x: 1500, y: 400, width: 1000, height: 500 };
    const f = overviewFrame(design, view);
    const all = unionRect(design, view);
    const topLeft = toPx(f, all.x, all.y);
    const bottomRight = toPx(f, all.x + all.width, all.y + all.height);
    expect(topLeft.x).toBeGreaterThan(0);
    expect(topLeft.y).toBeGreaterThan(0);
    expect(bottomRight.x).toBeLessThan(OVERVIEW_SIZE.width);
    expect(bottomRight.y).toBeLessThan(OVERVIEW_SIZE.height);
    // Centred: the same room on the left and the right.
    expect(topLeft.x).toBeCloseTo(OVERVIEW_SIZE.width - bottomRight.x, 6);
  });

  it('keeps its frame while the view pans inside the design (no redraw of the components)', () => {
    const design = { x: 0, y: 0, width: 4000, height: 3000 };
    const a = overviewFrame(design, { x: 100, y: 100, width: 800, height: 400 });
    const b = overviewFrame(design, { x: 900, y: 700, width: 800, height: 400 });
    expect(b.frame).toEqual(a.frame);
    expect(b.scale).toBe(a.scale);
  });

  it('uses the same flow-per-pixel scale as React Flow’s MiniMap for panning', () => {
    const view = { x: 0, y: 0, width: 1760, height: 560 };
    const f = overviewFrame(undefined, view);
    // 1760 / 176 = 10 flow units per px across; 560 / 112 = 5 down: the larger wins.
    expect(f.viewScale).toBe(10);
  });
});

import { describe, expect, it } from 'vitest';
import { GRID } from '../model/catalogue';
import { dotPlacement } from './DotGrid';

describe('dotPlacement', () => {
  it('moves the layer by the pan modulo one cell, never past the canvas edge', () => {
    for (const [tx, ty, zoom] of [
      [0, 0, 1],
      [37, -5, 1],
      [-1000.5, 333.25, 0.26],
      [12, 80, 2.5],
    ] as const) {
      const p = dotPlacement([tx, ty, zoom]);
      expect(p.cell).toBeCloseTo(GRID * zoom, 9);
      for (const [shift, pan] of [
        [p.x, tx],
        [p.y, ty],
      ] as const) {
        expect(shift).toBeLessThanOrEqual(0);
        expect(shift).toBeGreaterThan(-p.cell);
        // The dots stay where the flow puts them: the shift differs from the pan by whole cells.
        const cells = (pan - shift) / p.cell;
        expect(cells).toBeCloseTo(Math.round(cells), 6);
      }
    }
  });

  it('scales the dot with the zoom, centred half a cell plus a radius in', () => {
    const p = dotPlacement([0, 0, 2]);
    expect(p.radius).toBeCloseTo(1.2, 9);
    expect(p.at).toBeCloseTo(GRID + 1.2, 9);
  });
});

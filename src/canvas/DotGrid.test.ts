import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRID } from '../model/catalogue';
import { dotPattern, drawDots, placeDots } from './DotGrid';

const size = { width: 960, height: 460 };
const transform = fc.tuple(
  fc.double({ min: -5000, max: 5000, noNaN: true }),
  fc.double({ min: -5000, max: 5000, noNaN: true }),
  fc.double({ min: 0.1, max: 2.5, noNaN: true }),
);

describe('drawDots', () => {
  it('puts the layer origin on a grid line, half the canvas or a little more before it', () => {
    fc.assert(
      fc.property(transform, ([tx, ty, zoom]) => {
        const d = drawDots([tx, ty, zoom], size);
        const { cell } = dotPattern(zoom);
        for (const [origin, pan, half] of [
          [d.ox, tx, size.width / 2],
          [d.oy, ty, size.height / 2],
        ] as const) {
          expect(origin).toBeLessThanOrEqual(-half + 1e-6);
          expect(origin).toBeGreaterThan(-half - cell - 1e-6);
          const lines = (origin - pan) / cell;
          expect(Math.abs(lines - Math.round(lines))).toBeLessThan(1e-6);
        }
      }),
    );
  });
});

describe('placeDots', () => {
  it('keeps every dot where the flow puts it while a zoom scales the drawn layer', () => {
    const drawnAt = [120, -40, 0.5] as const;
    const drawn = drawDots(drawnAt, size);
    // Zoom in by 1.5 about the canvas centre.
    const k = 1.5;
    const cx = size.width / 2;
    const cy = size.height / 2;
    const now = [cx - (cx - drawnAt[0]) * k, cy - (cy - drawnAt[1]) * k, drawnAt[2] * k] as const;
    const place = placeDots(now, drawn, size);
    expect(place.redraw).toBe(false);
    if (place.redraw) return;
    expect(place.scale).toBeCloseTo(k, 9);
    for (const f of [-7 * GRID, 0, 3 * GRID, 40 * GRID]) {
      const local = drawnAt[0] + f * drawnAt[2] - drawn.ox;
      expect(place.x + place.scale * local).toBeCloseTo(now[0] + f * now[2], 6);
    }
    expect(place.x).toBeLessThanOrEqual(0);
    expect(place.x + 2 * place.scale * size.width).toBeGreaterThanOrEqual(size.width);
  });

  it('asks for the dots to be drawn again past the scale range or when the canvas is uncovered', () => {
    const drawn = drawDots([0, 0, 1], size);
    expect(placeDots([0, 0, 2.5], drawn, size).redraw).toBe(true);
    expect(placeDots([0, 0, 0.4], drawn, size).redraw).toBe(true);
    // Zooming out about the top-left corner shrinks the layer away from the right edge.
    expect(placeDots([0, 0, 0.55], drawn, size).redraw).toBe(true);
  });

  it('scales the dot with the zoom, centred half a cell plus a radius in', () => {
    const p = dotPattern(2);
    expect(p.cell).toBe(2 * GRID);
    expect(p.radius).toBeCloseTo(1.2, 9);
    expect(p.at).toBeCloseTo(GRID + 1.2, 9);
  });
});

import { describe, expect, it } from 'vitest';
import { bezierPoint, chooseSides } from './geometry';

const box = (x: number, y: number) => ({ x, y, width: 168, height: 56 });

describe('chooseSides', () => {
  it('goes right to left when the target is to the right', () => {
    expect(chooseSides(box(0, 0), box(272, 40))).toEqual({ source: 'right', target: 'left' });
  });
  it('goes left to right when the target is to the left', () => {
    expect(chooseSides(box(272, 0), box(0, 0))).toEqual({ source: 'left', target: 'right' });
  });
  it('goes down for a box stacked below (a replica under its primary)', () => {
    expect(chooseSides(box(0, 0), box(0, 96))).toEqual({ source: 'bottom', target: 'top' });
  });
  it('stays left to right for a neighbour far above or below in the next column', () => {
    expect(chooseSides(box(0, 0), box(272, 400))).toEqual({ source: 'right', target: 'left' });
  });
  it('goes up for a box stacked above', () => {
    expect(chooseSides(box(0, 200), box(20, 0))).toEqual({ source: 'top', target: 'bottom' });
  });
});

describe('bezierPoint', () => {
  const s = { x: 0, y: 0, side: 'right' as const };
  const t = { x: 200, y: 100, side: 'left' as const };
  it('starts at the source and ends at the target', () => {
    expect(bezierPoint(0, s, t)).toEqual({ x: 0, y: 0 });
    expect(bezierPoint(1, s, t)).toEqual({ x: 200, y: 100 });
  });
  it('passes through the middle at t = 0.5 for a symmetric curve', () => {
    expect(bezierPoint(0.5, s, t)).toEqual({ x: 100, y: 50 });
  });
  it('is closer to the target later on', () => {
    const p = bezierPoint(0.62, s, t);
    expect(p.y).toBeGreaterThan(60);
    expect(p.x).toBeGreaterThan(100);
  });
});

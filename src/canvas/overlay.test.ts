import { describe, expect, it } from 'vitest';
import { Position, type InternalNode, type ReactFlowState } from '@xyflow/react';
import type { Design } from '../model/types';
import { createRouteLookup } from './overlay';

/** A node as React Flow keeps it: measured, with a handle on each side (8 × 8, half outside). */
function internalNode(id: string, x: number, y: number, w = 168, h = 56): InternalNode {
  const handle = (side: Position, hx: number, hy: number) => ({
    id: side as string,
    type: 'source' as const,
    position: side,
    nodeId: id,
    x: hx,
    y: hy,
    width: 8,
    height: 8,
  });
  return {
    id,
    position: { x, y },
    data: {},
    measured: { width: w, height: h },
    internals: {
      positionAbsolute: { x, y },
      z: 0,
      userNode: { id, position: { x, y }, data: {} },
      handleBounds: {
        source: [
          handle(Position.Top, w / 2 - 4, -4),
          handle(Position.Right, w - 4, h / 2 - 4),
          handle(Position.Bottom, w / 2 - 4, h - 4),
          handle(Position.Left, -4, h / 2 - 4),
        ],
        target: [],
      },
    },
  } as InternalNode;
}

function flowOf(nodes: InternalNode[], edges: ReactFlowState['edges'] = []) {
  const state = {
    nodeLookup: new Map(nodes.map((n) => [n.id, n])),
    edgeLookup: new Map(edges.map((e) => [e.id, e])),
  } as unknown as ReactFlowState;
  return { getState: () => state, subscribe: () => () => {} };
}

const design = {
  nodes: [
    { id: 'db1', cluster: 'dbs' },
    { id: 'app', cluster: undefined },
  ],
  edges: [],
} as unknown as Design;

describe('the route lookup of the overlay', () => {
  it('places each side at the outer middle of its handle, as React Flow ends an edge', () => {
    const lookup = createRouteLookup(flowOf([internalNode('a', 100, 50)]), () => design);
    const a = lookup.anchorsOf('a')!;
    expect(a.right).toEqual({ x: 100 + 168 + 4, y: 50 + 28 });
    expect(a.left).toEqual({ x: 100 - 4, y: 50 + 28 });
    expect(a.top).toEqual({ x: 100 + 84, y: 50 - 4 });
    expect(a.bottom).toEqual({ x: 100 + 84, y: 50 + 56 + 4 });
    expect(lookup.anchorsOf('missing')).toBeUndefined();
  });

  it('hands out the same anchors until the node moves', () => {
    const flow = flowOf([internalNode('a', 0, 0)]);
    const lookup = createRouteLookup(flow, () => design);
    const first = lookup.anchorsOf('a');
    expect(lookup.anchorsOf('a')).toBe(first);
    flow.getState().nodeLookup.set('a', internalNode('a', 0, 30));
    const moved = lookup.anchorsOf('a');
    expect(moved).not.toBe(first);
    expect(moved?.bottom.y).toBe(30 + 56 + 4);
  });

  it("reads an edge's sides from the handles it is drawn between", () => {
    const flow = flowOf(
      [internalNode('primary', 0, 0), internalNode('replica', 0, 120)],
      [
        {
          id: 'e1',
          source: 'primary',
          target: 'replica',
          sourceHandle: 'bottom',
          targetHandle: 'top',
        },
      ],
    );
    const lookup = createRouteLookup(flow, () => design);
    expect(lookup.sidesOf('e1', { source: 'primary', target: 'replica' })).toEqual({
      source: 'bottom',
      target: 'top',
    });
  });

  it('chooses the sides from the boxes for an edge the canvas does not show', () => {
    const flow = flowOf([internalNode('a', 400, 0), internalNode('b', 0, 0)]);
    const lookup = createRouteLookup(flow, () => design);
    expect(lookup.sidesOf('gone', { source: 'a', target: 'b' })).toEqual({
      source: 'left',
      target: 'right',
    });
    expect(lookup.sidesOf('gone', { source: 'a', target: 'nowhere' })).toBeUndefined();
  });

  it('knows the cluster of a component from the design', () => {
    const lookup = createRouteLookup(flowOf([]), () => design);
    expect(lookup.clusterOf('db1')).toBe('dbs');
    expect(lookup.clusterOf('app')).toBeUndefined();
  });
});

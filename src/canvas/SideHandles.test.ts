import { describe, expect, it } from 'vitest';
import type { ReactFlowState } from '@xyflow/react';
import { selectDrawing } from './SideHandles';

const state = (connection: Partial<ReactFlowState['connection']>) =>
  ({ connection: { fromHandle: null, toHandle: null, isValid: null, ...connection } }) as never;

const handle = (nodeId: string, id: string) =>
  ({ nodeId, id, type: 'source', position: 'right', x: 0, y: 0, width: 1, height: 1 }) as never;

describe('selectDrawing', () => {
  it('is one unchanging value while no connection is drawn', () => {
    expect(selectDrawing(state({}))).toBe(selectDrawing(state({})));
    expect(selectDrawing(state({})).fromNode).toBeNull();
  });

  it('names the handle a connection starts from, the one it is over, and whether it may end there', () => {
    const over = selectDrawing(
      state({ fromHandle: handle('a', 'right'), toHandle: handle('b', 'left'), isValid: true }),
    );
    expect(over).toEqual({
      fromNode: 'a',
      fromHandle: 'right',
      toNode: 'b',
      toHandle: 'left',
      valid: true,
    });
    const loose = selectDrawing(state({ fromHandle: handle('a', 'right'), isValid: true }));
    expect(loose).toMatchObject({ toNode: null, toHandle: null, valid: false });
  });
});

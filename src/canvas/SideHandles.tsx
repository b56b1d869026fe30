import {
  createContext,
  memo,
  useContext,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';
import { useNodeId, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { XYHandle, isMouseEvent, type Connection } from '@xyflow/system';
import { shallow } from 'zustand/shallow';
import type { Side } from './geometry';
import { SIDES } from './to-flow';

/** The connection being drawn, as the handles show it: which handle it starts from and is over. */
interface Drawing {
  fromNode: string | null;
  fromHandle: string | null;
  toNode: string | null;
  toHandle: string | null;
  valid: boolean;
}

const IDLE: Drawing = {
  fromNode: null,
  fromHandle: null,
  toNode: null,
  toHandle: null,
  valid: false,
};

export function selectDrawing(s: ReactFlowState): Drawing {
  const { fromHandle, toHandle, isValid } = s.connection;
  if (!fromHandle) return IDLE;
  return {
    fromNode: fromHandle.nodeId,
    fromHandle: fromHandle.id ?? null,
    toNode: toHandle?.nodeId ?? null,
    toHandle: toHandle?.id ?? null,
    valid: !!isValid && !!toHandle,
  };
}

const DrawingContext = createContext<Drawing>(IDLE);

/**
 * One subscription to React Flow's connection state for every handle on the canvas. React
 * Flow's own `<Handle>` subscribes to its store once per handle, and every store update (each
 * step of a drag, pan or zoom) runs every subscription: 4 handles on 100 components were 400
 * selector runs per step. This one changes only when a connection starts, ends, or moves onto
 * another handle.
 */
export function HandleStateProvider({ children }: { children: ReactNode }) {
  const drawing = useStore(selectDrawing, shallow);
  return <DrawingContext.Provider value={drawing}>{children}</DrawingContext.Provider>;
}

/**
 * A connection handle as React Flow's `<Handle type="source">` renders it in loose mode (the
 * same element, classes and data attributes, so React Flow measures it and finds it as a
 * connection's end), started with React Flow's own `XYHandle` on a press, without a store
 * subscription of its own (see HandleStateProvider).
 */
const SideHandle = memo(function SideHandle({
  side,
  className,
}: {
  side: Side;
  className: string;
}) {
  const nodeId = useNodeId();
  const store = useStoreApi();
  const drawing = useContext(DrawingContext);
  const { rfId } = store.getState();
  const inProgress = drawing.fromNode !== null;
  const isFrom = drawing.fromNode === nodeId && drawing.fromHandle === side;
  const isTo = drawing.toNode === nodeId && drawing.toHandle === side;

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!nodeId) return;
    if (isMouseEvent(event.nativeEvent) && event.button !== 0) return;
    const s = store.getState();
    XYHandle.onPointerDown(event.nativeEvent, {
      handleDomNode: event.currentTarget,
      autoPanOnConnect: s.autoPanOnConnect,
      connectionMode: s.connectionMode,
      connectionRadius: s.connectionRadius,
      domNode: s.domNode,
      nodeLookup: s.nodeLookup,
      lib: s.lib,
      isTarget: false,
      handleId: side,
      nodeId,
      flowId: s.rfId,
      panBy: s.panBy,
      cancelConnection: s.cancelConnection,
      onConnectStart: s.onConnectStart,
      onConnectEnd: (...args) => store.getState().onConnectEnd?.(...args),
      updateConnection: s.updateConnection,
      onConnect: (connection: Connection) => store.getState().onConnect?.(connection),
      isValidConnection: (...args) => store.getState().isValidConnection?.(...args) ?? true,
      getTransform: () => store.getState().transform,
      getFromHandle: () => store.getState().connection.fromHandle,
      autoPanSpeed: s.autoPanSpeed,
      dragThreshold: s.connectionDragThreshold,
    });
  };

  return (
    <div
      data-handleid={side}
      data-nodeid={nodeId ?? undefined}
      data-handlepos={side}
      data-id={`${rfId}-${nodeId}-${side}-source`}
      className={[
        'react-flow__handle',
        `react-flow__handle-${side}`,
        'nodrag nopan source connectable connectablestart connectableend',
        className,
        isFrom ? 'connectingfrom' : '',
        isTo ? 'connectingto' : '',
        isTo && drawing.valid ? 'valid' : '',
        // Loose mode: any handle but the one the connection starts from can end it.
        !inProgress || !isFrom ? 'connectionindicator' : '',
      ].join(' ')}
      onPointerDown={onPointerDown}
    />
  );
});

/**
 * One handle per side; in loose mode each can start or end a connection. They sit in one
 * wrapper (`display: contents`) that shows or hides all four (canvas.css): the handles
 * inherit its visibility, so a hover or a drag restyles one element per node, not four.
 */
export function SideHandles({ group = false }: { group?: boolean }) {
  const className = group ? 'ab-handle ab-handle--group' : 'ab-handle';
  return (
    <span className={group ? 'ab-handles ab-handles--group' : 'ab-handles'}>
      {SIDES.map((side) => (
        <SideHandle key={side} side={side} className={className} />
      ))}
    </span>
  );
}

import {
  ConnectionMode,
  Controls,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  useStore as useFlowStore,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type ReactFlowState,
  type Viewport,
} from '@xyflow/react';
import {
  memo,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent as ReactMouseEvent,
  type ReactNode,
} from 'react';
import { createPortal, flushSync } from 'react-dom';
import { GRID, NODE_SIZE } from '../model/catalogue';
import type { Design, Position } from '../model/types';
import {
  EMPTY_SELECTION,
  PALETTE,
  addFromPalette,
  checkEndpoints,
  selectDesign,
  selectFailed,
  selectSelection,
  useDesignStore,
  useStoreApi,
  type Selection,
} from '../store';
import { ArchEdge, CaptionLayerContext } from './ArchEdge';
import { ComponentNode } from './ComponentNode';
import { ClusterNode, ServerNode } from './GroupNode';
import { DotGrid } from './DotGrid';
import { HandleStateProvider } from './SideHandles';
import { OverviewMap } from './OverviewMap';
import {
  createFlowAdapter,
  type ArchFlowEdge,
  type EdgeDecoration,
  type FlowNode,
  type NodeDecoration,
} from './to-flow';

/** MIME type of a palette item dragged onto the canvas: `kind` or `kind:role`. */
export const PALETTE_MIME = 'application/x-archboard-kind';

// Defined once, outside any component: React Flow re-creates every node when these change.
const nodeTypes = { component: ComponentNode, cluster: ClusterNode, server: ServerNode };
const edgeTypes = { arch: ArchEdge };
const snapGrid: [number, number] = [GRID, GRID];
const multiSelectKeys = ['Shift', 'Meta', 'Control'];
const panButtons = [1];
/** Fit with room for the palette floating at the top left. */
export const FIT_VIEW_OPTIONS = {
  padding: { top: '88px', right: '32px', bottom: '24px', left: '32px' },
  maxZoom: 1.25,
} as const;
const fitViewOptions = FIT_VIEW_OPTIONS;
const proOptions = { hideAttribution: true };
/** Above this many nodes, only those in view are rendered (performance.md §2.5: drag 3–6× cheaper). */
export const CULL_ABOVE = 400;

export interface CanvasProps {
  /** Badges and states per node, cluster or server id (findings, simulation). */
  decorations?: Readonly<Record<string, NodeDecoration>>;
  edgeDecorations?: Readonly<Record<string, EdgeDecoration>>;
  /** Fit the design into view on mount (first run, or no saved viewport). */
  fitOnInit?: boolean;
  /** Files dropped on the canvas (the app imports the first). */
  onDropFiles?: (files: File[]) => void;
  /** Right-click (or the menu key) on a component, cluster or server box. */
  onNodeContextMenu?: (event: ReactMouseEvent, id: string) => void;
  /** Drawn above the canvas, inside React Flow (tokens, traffic): may use React Flow hooks. */
  children?: ReactNode;
}

const selectConnecting = (s: ReactFlowState) => s.connection.inProgress;

function withPositions(design: Design, positions: ReadonlyMap<string, Position>): Design {
  return {
    ...design,
    nodes: design.nodes.map((n) => {
      const p = positions.get(n.id);
      return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
    }),
  };
}

interface BoxDrag {
  origin: Position;
  members: Array<{ id: string; position: Position }>;
}

/**
 * The design canvas. Reads the design from the store; during a drag, positions live in local
 * state only and are committed to the store (one undo step) when the drag ends.
 */
export const Canvas = memo(function Canvas({
  decorations,
  edgeDecorations,
  fitOnInit = false,
  onDropFiles,
  onNodeContextMenu,
  children,
}: CanvasProps) {
  const store = useStoreApi();
  const design = useDesignStore(selectDesign);
  const selection = useDesignStore(selectSelection);
  const failed = useDesignStore(selectFailed);
  const snap = useDesignStore((s) => s.ui.snapToGrid);
  const theme = useDesignStore((s) => s.ui.theme);
  const { screenToFlowPosition } = useReactFlow();

  const [dragPositions, setDragPositions] = useState<ReadonlyMap<string, Position> | null>(null);
  const dragRef = useRef<Map<string, Position> | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const boxDrags = useRef(new Map<string, BoxDrag>());
  const [adapter] = useState(createFlowAdapter);
  // While a connection is dragged every handle shows, so any side can take the drop.
  const connecting = useFlowStore(selectConnecting);

  const shown = useMemo(
    () => (dragPositions ? withPositions(design, dragPositions) : design),
    [design, dragPositions],
  );
  const view = useMemo(
    () => ({ selection, failed, decorations, edgeDecorations }),
    [selection, failed, decorations, edgeDecorations],
  );
  const { nodes, edges } = useMemo(() => adapter(shown, view), [adapter, shown, view]);
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const state = store.getState();
      const current = state.design;
      let positions: Map<string, Position> | undefined;
      let ended = false;
      let nextSelection:
        { nodes: Set<string>; clusters: Set<string>; servers: Set<string> } | undefined;
      for (const change of changes) {
        if (change.type === 'position' && change.position) {
          positions ??= new Map(dragRef.current ?? []);
          const box = boxStart(change.id, current);
          if (box) {
            const dx = change.position.x - box.origin.x;
            const dy = change.position.y - box.origin.y;
            for (const m of box.members)
              positions.set(m.id, { x: m.position.x + dx, y: m.position.y + dy });
          } else if (current.nodes.some((n) => n.id === change.id)) {
            positions.set(change.id, change.position);
          }
          if (!change.dragging) ended = true;
        } else if (change.type === 'select') {
          nextSelection ??= {
            nodes: new Set(state.selection.nodes),
            clusters: new Set(state.selection.clusters),
            servers: new Set(state.selection.servers),
          };
          const bucket = current.clusters.some((c) => c.id === change.id)
            ? nextSelection.clusters
            : current.servers.some((s) => s.id === change.id)
              ? nextSelection.servers
              : nextSelection.nodes;
          if (change.selected) bucket.add(change.id);
          else bucket.delete(change.id);
        }
      }
      if (nextSelection) {
        const latest = store.getState().selection;
        state.setSelection({
          ...latest,
          nodes: [...nextSelection.nodes],
          clusters: [...nextSelection.clusters],
          servers: [...nextSelection.servers],
        });
      }
      if (positions) {
        if (ended) {
          const moves = [...positions].map(([id, position]) => ({ id, position }));
          dragRef.current = null;
          boxDrags.current.clear();
          setDragPositions(null);
          store.getState().moveNodes(moves);
        } else {
          dragRef.current = positions;
          // Rendered now, in the pointer event's task, as React Flow's own store updates are:
          // a plain state update would wait for a scheduler task, and the browser would draw
          // a frame in between (two frames per move instead of one).
          const next = positions;
          flushSync(() => setDragPositions(next));
        }
      }

      function boxStart(id: string, d: Design): BoxDrag | undefined {
        const known = boxDrags.current.get(id);
        if (known) return known;
        const isCluster = d.clusters.some((c) => c.id === id);
        const isServer = !isCluster && d.servers.some((s) => s.id === id);
        if (!isCluster && !isServer) return undefined;
        const flow = nodesRef.current.find((n) => n.id === id);
        if (!flow) return undefined;
        const members = d.nodes
          .filter((n) => (isCluster ? n.cluster === id : n.server === id))
          .map((n) => ({ id: n.id, position: dragRef.current?.get(n.id) ?? n.position }));
        const drag = { origin: { ...flow.position }, members };
        boxDrags.current.set(id, drag);
        return drag;
      }
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<ArchFlowEdge>[]) => {
      const state = store.getState();
      let edgesSel: Set<string> | undefined;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        edgesSel ??= new Set(state.selection.edges);
        if (change.selected) edgesSel.add(change.id);
        else edgesSel.delete(change.id);
      }
      if (edgesSel) state.setSelection({ ...store.getState().selection, edges: [...edgesSel] });
    },
    [store],
  );

  const isValidConnection = useCallback<IsValidConnection<ArchFlowEdge>>(
    (c) => checkEndpoints(store.getState().design, c.source, c.target) === undefined,
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const result = store.getState().connect(c.source, c.target);
      if (!result.ok)
        store.getState().setBanner({ id: 'connect', kind: 'info', message: result.error });
    },
    [store],
  );

  // Hover looks (a node's handles, an edge's highlight) come from a `data-hover` attribute
  // set here, not from CSS :hover, so they stay off while components are dragged: the
  // pointer runs ahead of the component between frames and crosses dots, edges and other
  // components, and each hover in or out would restyle them — a repaint and a re-layering of
  // the whole canvas on every move. An attribute React does not own survives its renders.
  const draggingRef = useRef(false);
  const onItemMouseEnter = useCallback((event: ReactMouseEvent) => {
    if (!draggingRef.current) event.currentTarget.setAttribute('data-hover', '');
  }, []);
  const onItemMouseLeave = useCallback((event: ReactMouseEvent) => {
    event.currentTarget.removeAttribute('data-hover');
  }, []);
  const onNodeDragStart = useCallback(() => {
    draggingRef.current = true;
  }, []);
  const onNodeDragStop = useCallback((event: ReactMouseEvent | MouseEvent | TouchEvent) => {
    draggingRef.current = false;
    // Still over the dropped component: show its handles, as a hover would.
    if (!('clientX' in event)) return;
    const under = document.elementFromPoint(event.clientX, event.clientY);
    under?.closest('.react-flow__node')?.setAttribute('data-hover', '');
  }, []);

  const onMoveEnd = useCallback(
    (_event: unknown, viewport: Viewport) => store.getState().setViewport(viewport),
    [store],
  );

  const onPaneClick = useCallback(() => {
    const state = store.getState();
    if (state.selection !== EMPTY_SELECTION) state.setSelection({});
  }, [store]);

  // Double-click renames: the inspector shows the item's Label field; focus it, text selected.
  const onRename = useCallback(() => {
    requestAnimationFrame(() => {
      const field = document.querySelector<HTMLInputElement>('input[data-rename]');
      field?.focus();
      field?.select();
    });
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (types.includes(PALETTE_MIME) || types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = types.includes('Files') ? 'copy' : 'move';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(PALETTE_MIME);
      if (raw) {
        event.preventDefault();
        const [kind, role] = raw.split(':');
        const item = PALETTE.find(
          (p) => p.kind === kind && (p.role ?? '') === (role ?? p.role ?? ''),
        );
        if (!item) return;
        const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
        addFromPalette(store, item, {
          x: at.x - NODE_SIZE.width / 2,
          y: at.y - NODE_SIZE.height / 2,
        });
        return;
      }
      const files = Array.from(event.dataTransfer.files);
      if (files.length > 0) {
        event.preventDefault();
        onDropFiles?.(files);
      }
    },
    [screenToFlowPosition, store, onDropFiles],
  );

  const onNodeMenu = useCallback(
    (event: ReactMouseEvent, node: FlowNode) => onNodeContextMenu?.(event, node.id),
    [onNodeContextMenu],
  );

  // Edge captions are drawn into one SVG in React Flow's edge-label layer (above the edges,
  // below the nodes): found once here, handed to every edge through a context.
  const [labelHost, setLabelHost] = useState<HTMLElement | null>(null);
  const [captionLayer, setCaptionLayer] = useState<SVGGElement | null>(null);
  useLayoutEffect(() => {
    const root = rootRef.current;
    setLabelHost(root?.querySelector<HTMLElement>('.react-flow__edgelabel-renderer') ?? null);
  }, []);

  const initialViewport = useMemo(() => store.getState().ui.viewport, [store]);
  // An empty board has nothing to fit; React Flow would otherwise fit on the first component.
  const [fitAtStart] = useState(() => fitOnInit && store.getState().design.nodes.length > 0);

  return (
    <div
      ref={rootRef}
      className={connecting ? 'ab-canvas is-connecting' : 'ab-canvas'}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ArrowMarkers />
      {design.nodes.length === 0 ? (
        <div className="ab-empty" aria-hidden="true">
          <p className="ab-empty__title">An empty board</p>
          <p>
            Add components from the palette (click, drag, or press 1–7), or open a design from
            Templates. Drop a JSON, PNG or SVG export here to open it.
          </p>
        </div>
      ) : null}
      {labelHost
        ? createPortal(
            <svg className="ab-captions">
              <g ref={setCaptionLayer} />
            </svg>,
            labelHost,
          )
        : null}
      <CaptionLayerContext.Provider value={captionLayer}>
        <HandleStateProvider>
          <ReactFlow<FlowNode, ArchFlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onNodeDragStart={onNodeDragStart}
            onNodeDragStop={onNodeDragStop}
            onSelectionDragStart={onNodeDragStart}
            onSelectionDragStop={onNodeDragStop}
            onNodeMouseEnter={onItemMouseEnter}
            onNodeMouseLeave={onItemMouseLeave}
            onEdgeMouseEnter={onItemMouseEnter}
            onEdgeMouseLeave={onItemMouseLeave}
            isValidConnection={isValidConnection}
            onMoveEnd={onMoveEnd}
            onPaneClick={onPaneClick}
            onNodeDoubleClick={onRename}
            onEdgeDoubleClick={onRename}
            onNodeContextMenu={onNodeMenu}
            connectionMode={ConnectionMode.Loose}
            colorMode={theme}
            snapToGrid={snap}
            snapGrid={snapGrid}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={multiSelectKeys}
            selectionOnDrag
            selectionMode={SelectionMode.Partial}
            panOnDrag={panButtons}
            panOnScroll
            zoomOnPinch
            zoomOnDoubleClick={false}
            elevateNodesOnSelect={false}
            elevateEdgesOnSelect={false}
            minZoom={0.1}
            maxZoom={2.5}
            fitView={fitAtStart}
            fitViewOptions={fitViewOptions}
            defaultViewport={initialViewport}
            proOptions={proOptions}
            onlyRenderVisibleElements={nodes.length > CULL_ABOVE}
            aria-label="Design canvas"
          >
            <DotGrid />
            {design.nodes.length > 0 ? <OverviewMap ariaLabel="Overview of the design" /> : null}
            <Controls
              showInteractive={false}
              className="ab-controls"
              fitViewOptions={fitViewOptions}
            />
            {children}
          </ReactFlow>
        </HandleStateProvider>
      </CaptionLayerContext.Provider>
    </div>
  );
});

/** Arrowheads shared by every edge, coloured by theme variables. */
function ArrowMarkers() {
  return (
    <svg className="ab-markers" aria-hidden="true" width="0" height="0">
      <defs>
        {(
          [
            ['ab-arrow', 'var(--ab-edge)'],
            ['ab-arrow-selected', 'var(--ab-accent)'],
            ['ab-arrow-dimmed', 'var(--ab-edge-dimmed)'],
          ] as const
        ).map(([id, color]) => (
          <marker
            key={id}
            id={id}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" style={{ fill: color }} />
          </marker>
        ))}
      </defs>
    </svg>
  );
}

export type { Selection };

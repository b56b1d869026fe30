/**
 * The bare comparison arm of the browser benchmarks: `<ReactFlow>` fed from a zustand store
 * and nothing else — React, @xyflow/react and zustand only, built with the app's Vite config.
 * It shows the same diagram as the app (bench/designs.ts, same positions and node size,
 * cluster endpoints drawn as a box node like the app's canvas) with one minimal memoized
 * node type.
 *
 * Query parameters:
 * - `n`: number of components (default 100);
 * - `cull=1`: `onlyRenderVisibleElements`;
 * - `vp=x,y,zoom`: start at this viewport (the app arm's), else fit the view;
 * - `w`, `h`: size of the canvas in px (the app arm's canvas), else the whole window;
 * - `minZoom`, `maxZoom`: the app arm's zoom limits, else React Flow's defaults.
 */
import '@xyflow/react/dist/style.css';
import { memo, useCallback } from 'react';
import { createRoot } from 'react-dom/client';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Handle,
  Position,
  ReactFlow,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type NodeProps,
  type Viewport,
} from '@xyflow/react';
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { NODE_SIZE } from '../../src/model/catalogue';
import { createBenchDesign } from '../designs';

type BareNode = Node<{ label: string }, 'bare' | 'box'>;

interface BareState {
  nodes: BareNode[];
  edges: Edge[];
  onNodesChange: (changes: NodeChange<BareNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
}

const params = new URLSearchParams(location.search);
const components = Number(params.get('n') ?? 100) || 100;
const cull = params.get('cull') === '1';
const viewport = parseViewport(params.get('vp'));
const width = Number(params.get('w')) || undefined;
const height = Number(params.get('h')) || undefined;
const minZoom = Number(params.get('minZoom')) || 0.5;
const maxZoom = Number(params.get('maxZoom')) || 2;

function parseViewport(text: string | null): Viewport | undefined {
  const [x, y, zoom] = (text ?? '').split(',').map(Number);
  return x !== undefined &&
    y !== undefined &&
    zoom !== undefined &&
    [x, y, zoom].every(Number.isFinite)
    ? { x, y, zoom }
    : undefined;
}

function toFlow(count: number): { nodes: BareNode[]; edges: Edge[] } {
  const design = createBenchDesign(count);
  const nodes: BareNode[] = [];
  for (const cluster of design.clusters) {
    const members = design.nodes.filter((n) => n.cluster === cluster.id);
    if (members.length === 0) continue;
    const minX = Math.min(...members.map((m) => m.position.x)) - 16;
    const minY = Math.min(...members.map((m) => m.position.y)) - 30;
    const maxX = Math.max(...members.map((m) => m.position.x)) + NODE_SIZE.width + 16;
    const maxY = Math.max(...members.map((m) => m.position.y)) + NODE_SIZE.height + 16;
    nodes.push({
      id: cluster.id,
      type: 'box',
      position: { x: minX, y: minY },
      width: maxX - minX,
      height: maxY - minY,
      zIndex: -1,
      data: { label: cluster.label },
    });
  }
  for (const n of design.nodes) {
    nodes.push({
      id: n.id,
      type: 'bare',
      position: n.position,
      width: NODE_SIZE.width,
      height: NODE_SIZE.height,
      data: { label: n.label },
    });
  }
  const edges: Edge[] = design.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: 'out',
    targetHandle: 'in',
  }));
  return { nodes, edges };
}

const useBareStore = create<BareState>((set, get) => ({
  ...toFlow(components),
  onNodesChange: (changes) => set({ nodes: applyNodeChanges(changes, get().nodes) }),
  onEdgesChange: (changes) => set({ edges: applyEdgeChanges(changes, get().edges) }),
}));

const nodeStyle = {
  width: NODE_SIZE.width,
  height: NODE_SIZE.height,
  boxSizing: 'border-box',
  border: '1px solid #8c959f',
  borderRadius: 8,
  background: '#fff',
  display: 'flex',
  alignItems: 'center',
  padding: '0 12px',
  font: '13px sans-serif',
} as const;

const BareNodeView = memo(function BareNodeView({ data }: NodeProps<BareNode>) {
  return (
    <div style={nodeStyle}>
      <Handle type="target" position={Position.Left} id="in" />
      {data.label}
      <Handle type="source" position={Position.Right} id="out" />
    </div>
  );
});

const boxStyle = {
  width: '100%',
  height: '100%',
  boxSizing: 'border-box',
  border: '1px dashed #8c959f',
  borderRadius: 12,
  font: '12px sans-serif',
  padding: 6,
} as const;

const BoxNodeView = memo(function BoxNodeView({ data }: NodeProps<BareNode>) {
  return (
    <div style={boxStyle}>
      <Handle type="target" position={Position.Left} id="in" />
      {data.label}
      <Handle type="source" position={Position.Right} id="out" />
    </div>
  );
});

const nodeTypes = { bare: BareNodeView, box: BoxNodeView };

function BarePage() {
  const { nodes, edges, onNodesChange, onEdgesChange } = useBareStore(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
    })),
  );
  const onInit = useCallback(() => {
    document.documentElement.dataset.bareReady = 'true';
  }, []);
  return (
    <div style={{ width: width ?? '100%', height: height ?? '100%' }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onInit={onInit}
        onlyRenderVisibleElements={cull}
        fitView={viewport === undefined}
        defaultViewport={viewport}
        minZoom={minZoom}
        maxZoom={maxZoom}
      />
    </div>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<BarePage />);

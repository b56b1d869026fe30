/**
 * Design → file (format 1). The inverse of `parseDesign` on valid designs:
 * `parseDesign(serializeDesign(d))` gives back `d` exactly, Unicode included (JSON escapes
 * lone surrogates, so they survive too).
 *
 * Keys are written in a fixed order and every position is included, so the same design
 * always gives the same bytes (clean diffs when the file is kept beside code).
 */
import type { Cluster, Design, DesignEdge, DesignNode, Server } from './types';
import { FORMAT_NAME, FORMAT_VERSION } from './types';

export interface DesignFile {
  format: typeof FORMAT_NAME;
  version: number;
  title: string;
  nodes: NodeFile[];
  edges: EdgeFile[];
  clusters: Cluster[];
  servers: Server[];
}

export type NodeFile = DesignNode;
export type EdgeFile = DesignEdge;

/** The plain object written to a file, with keys in the documented order. */
export function toDesignFile(design: Design): DesignFile {
  return {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    title: design.title,
    nodes: design.nodes.map(toNodeFile),
    edges: design.edges.map(toEdgeFile),
    clusters: design.clusters.map((c) => ({
      id: c.id,
      label: c.label,
      mode: c.mode,
      entryPoints: c.entryPoints,
    })),
    servers: design.servers.map((s) => ({ id: s.id, label: s.label })),
  };
}

function toNodeFile(node: DesignNode): NodeFile {
  const out: NodeFile = { id: node.id, kind: node.kind, label: node.label } as NodeFile;
  if (node.role !== undefined) out.role = node.role;
  if (node.cluster !== undefined) out.cluster = node.cluster;
  if (node.server !== undefined) out.server = node.server;
  out.position = { x: node.position.x, y: node.position.y };
  if (node.notes !== undefined) out.notes = node.notes;
  if (node.algorithm !== undefined) out.algorithm = node.algorithm;
  if (node.latencyMs !== undefined) out.latencyMs = node.latencyMs;
  return out;
}

function toEdgeFile(edge: DesignEdge): EdgeFile {
  const out: EdgeFile = { id: edge.id, source: edge.source, target: edge.target, kind: edge.kind };
  if (edge.access !== undefined) out.access = edge.access;
  if (edge.label !== undefined) out.label = edge.label;
  return out;
}

/** The design as a pretty-printed JSON file (2-space indent, trailing newline). */
export function serializeDesign(design: Design): string {
  return `${JSON.stringify(toDesignFile(design), null, 2)}\n`;
}

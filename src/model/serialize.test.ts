import { describe, expect, it } from 'vitest';
import { makeDesign } from './sketch';
import { parseDesign } from './parse';
import { serializeDesign, toDesignFile } from './serialize';

const design = makeDesign({
  title:
    'Tricky text: \u202Eevil\u202C \u200B\u200D\uFEFF 👩‍💻 \uD800 \n\r\n\u2028\u2029 <script>alert(1)</script> ${x} {{x}}',
  nodes: [
    {
      id: 'u',
      kind: 'user',
      label: 'مستخدم \u200F',
      notes: 'line 1\nline 2\u0000end\u001b[2J',
      position: { x: -16, y: 32 },
    },
    {
      id: 'l',
      kind: 'load-balancer',
      algorithm: 'least-connections',
      latencyMs: 2.5,
      cluster: 'c',
      position: { x: 300, y: 0 },
    },
    { id: 'd', kind: 'database', role: 'replica', server: 's', position: { x: 600, y: 0 } },
  ],
  edges: [{ id: 'x', source: 'u', target: 'c', label: '\uDFFF' }],
  clusters: [{ id: 'c', label: 'LBs', mode: 'active-active', entryPoints: 2 }],
  servers: [{ id: 's', label: 'Box' }],
});

describe('serializeDesign', () => {
  it('writes format 1 with keys in a fixed order and every position', () => {
    const file = toDesignFile(design);
    expect(Object.keys(file)).toEqual([
      'format',
      'version',
      'title',
      'nodes',
      'edges',
      'clusters',
      'servers',
    ]);
    expect(Object.keys(file.nodes[1]!)).toEqual([
      'id',
      'kind',
      'label',
      'cluster',
      'position',
      'algorithm',
      'latencyMs',
    ]);
    expect(Object.keys(file.nodes[2]!)).toEqual([
      'id',
      'kind',
      'label',
      'role',
      'server',
      'position',
    ]);
    expect(Object.keys(file.edges[0]!)).toEqual(['id', 'source', 'target', 'kind', 'label']);
    expect(file.format).toBe('archboard');
    expect(file.version).toBe(1);
  });

  it('is pretty-printed and deterministic', () => {
    const text = serializeDesign(design);
    expect(text).toBe(serializeDesign(structuredClone(design)));
    expect(text.startsWith('{\n  "format": "archboard",\n  "version": 1,')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('round-trips through parseDesign exactly, bidi marks, zero-width characters, emoji and lone surrogates included', () => {
    const text = serializeDesign(design);
    expect(parseDesign(text)).toEqual({ ok: true, value: design });
    expect(parseDesign(new TextEncoder().encode(text))).toEqual({ ok: true, value: design });
    const parsed = parseDesign(text);
    if (!parsed.ok) throw new Error('refused');
    expect(parsed.value.title).toBe(design.title);
    expect(parsed.value.edges[0]!.label).toBe('\uDFFF');
  });

  it('does not copy fields a design should not hold', () => {
    const extra = { ...design, nodes: design.nodes.map((n) => ({ ...n, selected: true })) };
    expect(serializeDesign(extra)).toBe(serializeDesign(design));
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeDesign, type Design } from '../model';
import { renderDesignSvg, renderDesignSvgDocument } from './render-svg';
import { readDesignFromText } from './import';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  ']]><x>',
  '<![CDATA[ x ]]>',
  '&amp; &lt; & <',
  'ctrl \u0000\u0001\u0007\u001b[2J\u000b\u000c end',
  'lone \ud800 surrogate \udfff',
  'bidi \u202e gnp.exe',
  'nonchar \ufffe\uffff',
  '{{constructor.constructor("alert(1)")()}}',
  'line\nbreak\r\ttab',
];

function hostileDesign(): Design {
  return makeDesign({
    title: '</title><script>alert("title")</script>',
    nodes: [
      { id: 'u', kind: 'user', label: HOSTILE[0] },
      { id: 'd', kind: 'dns', label: HOSTILE[1] },
      { id: 'l1', kind: 'load-balancer', label: HOSTILE[2], cluster: 'c' },
      { id: 'l2', kind: 'load-balancer', label: HOSTILE[3], cluster: 'c' },
      { id: 'w', kind: 'web-server', label: HOSTILE[4], server: 's' },
      { id: 'a', kind: 'app-server', label: HOSTILE[5], server: 's' },
      { id: 'p', kind: 'database', label: HOSTILE[6] },
      { id: 'r', kind: 'database', role: 'replica', label: HOSTILE[7] },
      { id: 'x', kind: 'web-server', label: HOSTILE[8] },
      { id: 'y', kind: 'web-server', label: HOSTILE[9] },
      { id: 'z', kind: 'web-server', label: HOSTILE[10], notes: HOSTILE.join('|') },
      { id: 'q', kind: 'web-server', label: HOSTILE[11] },
    ],
    edges: [
      { source: 'u', target: 'd', label: '<b onmouseover=alert(1)>' },
      { source: 'd', target: 'c' },
      { source: 'c', target: 'w' },
      { source: 'w', target: 'a' },
      { source: 'a', target: 'p', access: 'write', label: ']]>' },
      { source: 'a', target: 'r' },
      { source: 'p', target: 'r', kind: 'replication' },
    ],
    clusters: [{ id: 'c', label: '<style>*{}</style>', mode: 'active-active', entryPoints: 2 }],
    servers: [{ id: 's', label: '"onload="alert(1)' }],
  });
}

function parseSvg(svg: string): Document {
  return new DOMParser().parseFromString(svg, 'image/svg+xml');
}

function expectWellFormed(svg: string): Document {
  const doc = parseSvg(svg);
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  expect(doc.documentElement.tagName).toBe('svg');
  return doc;
}

function allElements(doc: Document): Element[] {
  return Array.from(doc.getElementsByTagName('*'));
}

describe('renderDesignSvg: safety', () => {
  const svg = renderDesignSvg(hostileDesign());
  const doc = parseSvg(svg);

  it('is well-formed XML with hostile labels everywhere', () => {
    expectWellFormed(svg);
  });

  it('creates no script, image, foreignObject, style or link element, and no event attribute', () => {
    const doc = expectWellFormed(svg);
    const allowed = new Set([
      'svg',
      'title',
      'metadata',
      'archboard:design',
      'g',
      'rect',
      'text',
      'path',
      'polygon',
      'polyline',
      'circle',
      'ellipse',
      'line',
    ]);
    for (const element of allElements(doc)) {
      expect(allowed, element.tagName).toContain(element.tagName);
      for (const attribute of Array.from(element.attributes)) {
        expect(attribute.name.toLowerCase()).not.toMatch(/^on|href|src|style/);
      }
    }
  });

  it('references nothing outside the document', () => {
    expect(svg).not.toMatch(/url\(|href|<image|@import/i);
    const urls = svg.match(/https?:\/\/[^"\s]*/g) ?? [];
    expect(urls).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('draws labels as text, with the characters XML forbids removed', () => {
    const short = makeDesign({
      title: '</title><script>alert("title")</script>',
      nodes: [
        { id: 'a', kind: 'web-server', label: '<script>' },
        { id: 'b', kind: 'web-server', label: '"><img>' },
        { id: 'c', kind: 'web-server', label: ']]>&amp;' },
        { id: 'd', kind: 'web-server', label: 'a\u0000\u001b\ud800b' },
      ],
    });
    const texts = allElements(expectWellFormed(renderDesignSvg(short)))
      .filter((e) => e.tagName === 'text')
      .map((e) => e.textContent ?? '');
    expect(texts).toEqual(
      expect.arrayContaining([
        '</title><script>alert("title")</script>',
        '<script>',
        '"><img>',
        ']]>&amp;',
        'ab',
      ]),
    );
    const all = allElements(doc)
      .filter((e) => e.tagName === 'text')
      .map((e) => e.textContent ?? '')
      .join('\n');
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(all).not.toMatch(/[\ud800-\udfff]/);
    expect(all).toContain('ctrl [2J end');
  });

  it('embeds the design so that it reads back exactly, lone surrogates and controls included', () => {
    const design = hostileDesign();
    const back = readDesignFromText(renderDesignSvg(design));
    expect(back).toEqual({ ok: true, value: design });
  });
});

describe('renderDesignSvg: drawing', () => {
  const design = makeDesign({
    title: 'Scale up',
    nodes: [
      { id: 'user', kind: 'user', label: 'User' },
      { id: 'dns', kind: 'dns', label: 'DNS' },
      { id: 'lb1', kind: 'load-balancer', label: 'HAProxy 1', cluster: 'lbc' },
      { id: 'lb2', kind: 'load-balancer', label: 'HAProxy 2', cluster: 'lbc' },
      { id: 'web1', kind: 'web-server', label: 'Nginx 1' },
      { id: 'app1', kind: 'app-server', label: 'App 1' },
      { id: 'db1', kind: 'database', role: 'primary', label: 'MySQL primary' },
      { id: 'db2', kind: 'database', role: 'replica', label: 'MySQL replica' },
      { id: 'long', kind: 'web-server', label: 'A'.repeat(300) },
    ],
    edges: [
      { source: 'user', target: 'dns' },
      { source: 'dns', target: 'lbc' },
      { source: 'lbc', target: 'web1' },
      { source: 'web1', target: 'app1' },
      { source: 'app1', target: 'db1', access: 'write' },
      { source: 'app1', target: 'db2', access: 'read' },
      { source: 'db1', target: 'db2', kind: 'replication' },
    ],
    clusters: [{ id: 'lbc', label: 'HAProxy cluster', mode: 'active-active', entryPoints: 2 }],
  });
  const doc = expectWellFormed(renderDesignSvg(design));
  const texts = allElements(doc)
    .filter((e) => e.tagName === 'text')
    .map((e) => e.textContent ?? '');

  it('draws the title, every label, the cluster and its mode', () => {
    for (const label of ['Scale up', 'User', 'DNS', 'HAProxy 1', 'Nginx 1', 'App 1']) {
      expect(texts).toContain(label);
    }
    expect(texts).toContain('HAProxy cluster');
    expect(texts).toContain('active-active · 2 entry points');
  });

  it('labels replication and the access of edges into databases', () => {
    expect(texts).toContain('replication');
    expect(texts).toContain('write');
    expect(texts).toContain('read');
    const dashed = allElements(doc).filter(
      (e) => e.tagName === 'path' && e.getAttribute('stroke-dasharray'),
    );
    expect(dashed).toHaveLength(1);
  });

  it('draws one arrowhead per request edge', () => {
    const arrowheads = allElements(doc).filter((e) => e.tagName === 'polygon');
    expect(arrowheads).toHaveLength(design.edges.filter((e) => e.kind === 'request').length);
  });

  it('attaches an edge to a cluster at the cluster box, not at a member', () => {
    const lb1 = design.nodes.find((n) => n.id === 'lb1')!;
    const dns = design.nodes.find((n) => n.id === 'dns')!;
    const paths = Array.from(doc.querySelectorAll('g.edge > path'));
    expect(paths).toHaveLength(design.edges.length);
    const ends = paths.map((p) => {
      const numbers = (p.getAttribute('d') ?? '').match(/-?[\d.]+/g)!.map(Number);
      return { x0: numbers[0]!, xEnd: numbers[numbers.length - 2]! };
    });
    // Every x is shifted by the same offset; the dns→lbc curve ends before lb1 by the
    // cluster's padding, while dns→… starts at dns's right side.
    const nodeXs = Array.from(doc.querySelectorAll('g.node > rect:first-child')).map((r) =>
      Number(r.getAttribute('x')),
    );
    const offset = Math.min(...nodeXs) - Math.min(...design.nodes.map((n) => n.position.x));
    const fromDns = ends.find((e) => e.x0 === dns.position.x + 168 + offset);
    expect(fromDns).toBeDefined();
    expect(fromDns!.xEnd).toBeLessThan(lb1.position.x + offset - 8);
  });

  it('shortens a long label with an ellipsis, for drawing only', () => {
    expect(texts.some((t) => t.endsWith('…') && t.startsWith('AAAA'))).toBe(true);
    expect(texts.some((t) => t === 'A'.repeat(300))).toBe(false);
    const back = readDesignFromText(renderDesignSvg(design));
    expect(back.ok && back.value.nodes.find((n) => n.id === 'long')?.label).toBe('A'.repeat(300));
  });

  it('sizes the document to the whole design, at the requested scale', () => {
    const { width, height, svg } = renderDesignSvgDocument(design, { scale: 2 });
    const root = parseSvg(svg).documentElement;
    expect(root.getAttribute('viewBox')).toBe(`0 0 ${width} ${height}`);
    expect(root.getAttribute('width')).toBe(String(width * 2));
    expect(root.getAttribute('height')).toBe(String(height * 2));
    const xs = design.nodes.map((n) => n.position.x);
    expect(width).toBeGreaterThanOrEqual(Math.max(...xs) - Math.min(...xs) + 168);
  });

  it('leaves out the title and the embedded design when asked', () => {
    const svg = renderDesignSvg(design, { title: false, embedJson: false, theme: 'dark' });
    expect(svg).not.toContain('<metadata>');
    expectWellFormed(svg);
    expect(readDesignFromText(svg).ok).toBe(false);
  });

  it('draws an empty design as a small, valid document', () => {
    const empty = makeDesign({ title: '' });
    const { svg, width, height } = renderDesignSvgDocument(empty);
    expectWellFormed(svg);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(readDesignFromText(svg)).toEqual({ ok: true, value: empty });
  });
});

describe('renderDesignSvg: any labels (property)', () => {
  it('stays well-formed and round-trips exactly for arbitrary Unicode labels', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (labels, title) => {
          const design = makeDesign({
            title,
            nodes: labels.map((label, i) => ({ id: `n${i}`, kind: 'web-server', label })),
          });
          const svg = renderDesignSvg(design);
          expectWellFormed(svg);
          expect(readDesignFromText(svg)).toEqual({ ok: true, value: design });
        },
      ),
      { numRuns: 100 },
    );
  });
});

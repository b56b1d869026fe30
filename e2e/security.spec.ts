/**
 * Security proofs in Chromium (issue #5; reliability.md §2.F, §2.I, §3 R4, R5, R13):
 *
 * - the XSS corpus (≥ 150 payloads) in every text field of a design, imported through the
 *   `Import` file chooser, runs nowhere: canvas, inspector, findings, trace, traffic table,
 *   tooltips, minimap, context menu, PNG/SVG/JSON exports and the exported SVG opened as a
 *   document. Proved with the page's CSP switched off (so only escaping stands in the way),
 *   and again with it on (zero violations);
 * - the built page's Content Security Policy, and an injected inline script being blocked;
 * - importing a file full of `__proto__`/`constructor`/`prototype` keys and ids changes no
 *   prototype.
 */
import { expect, test, type Page } from './fixtures/test';
import { auditDocument, CLEAN_AUDIT, installCanary } from './fixtures/canary';
import { downloadFrom } from './fixtures/downloads';
import { importFile, jsonFile } from './fixtures/files';
import {
  CANARY,
  XSS_PAYLOADS,
  canaryCalls,
  XSS_TEMPLATES,
  hostileDesign,
  hostileIds,
  titleChunks,
} from './fixtures/xss-payloads';
import { parseDesign, type Design } from '../src/model';
import { LIMITS } from '../src/model/types';
import { isValidId } from '../src/model/schema';
import { checkDesign } from '../src/rules';
import { edgeCaption } from '../src/canvas/to-flow';
import { readDesignFromBytes } from '../src/io/import';
import { cleanForDrawing } from '../src/io/text';

// Independent tests: spread them over the workers.
test.describe.configure({ mode: 'parallel' });

const PAYLOADS = XSS_PAYLOADS;
const IDS = hostileIds(PAYLOADS);
/** Components drawn inside their own cluster and server box (the rest have empty ones). */
const BOXED = 36;
const FILE = hostileDesign(PAYLOADS, { boxed: BOXED });

function parsed(text: string | Uint8Array): Design {
  const result = parseDesign(text);
  if (!result.ok) throw new Error(result.error.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.value;
}

const DESIGN = parsed(JSON.stringify(FILE));

/** Payload numbers whose text targets a particular sink, for the inspector's sample. */
function indexOf(fragment: string): number {
  const i = PAYLOADS.findIndex((p) => p.includes(fragment));
  if (i < 0) throw new Error(`no payload holds ${fragment}`);
  return i;
}

const SAMPLE = [
  ...new Set([
    0, // <script>
    indexOf('<iframe srcdoc'), // a boxed one
    indexOf('</textarea><'), // the notes field is a textarea
    indexOf('<textarea autofocus'),
    indexOf('<math><mtext><table><mglyph>'),
    indexOf('{{constructor.constructor'),
    indexOf('\u202e'),
    PAYLOADS.length - 1,
  ]),
];

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeVisible();
}

/** The text of every element matching `selector`, exactly as in the DOM. */
function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => els.map((el) => el.textContent ?? ''));
}

const sorted = (list: readonly string[]) => [...list].sort();

/** What a one-line `<input>` holds of a text: HTML strips its line breaks from the value. */
const oneLine = (text: string) => text.replace(/[\r\n]/g, '');

/** Selects a canvas item by keyboard (focus, Enter), which works at any zoom. */
async function selectByKeyboard(page: Page, testId: string): Promise<void> {
  const item = page.getByTestId(testId);
  await item.focus();
  await page.keyboard.press('Enter');
}

async function expectInspectorLabel(page: Page, value: string): Promise<void> {
  await expect(page.getByRole('textbox', { name: 'Label', exact: true })).toHaveValue(value);
}

/**
 * Opens an exported SVG as a document of its own (served at a same-origin path, so the
 * context's canary is in it), checks it holds no script, foreign HTML, handler or payload
 * attribute, and returns the text of its `<title>`.
 */
async function openSvgDocument(viewer: Page, bytes: Buffer): Promise<string> {
  await viewer.route('**/exported.svg', (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: bytes }),
  );
  await viewer.goto('/exported.svg');
  await viewer.unroute('**/exported.svg');
  expect(await viewer.evaluate(() => document.documentElement.tagName)).toBe('svg');
  expect(await viewer.evaluate((name) => typeof (window as never)[name], CANARY)).toBe('function');
  const found = await viewer.evaluate(() => ({
    title: document.querySelector('title')?.textContent ?? '',
    foreign: document.querySelectorAll('foreignObject, script').length,
  }));
  expect(found.foreign).toBe(0);
  expect(await auditDocument(viewer)).toEqual(CLEAN_AUDIT);
  return found.title;
}

/** Imports the hostile design and waits until every component is drawn. */
async function importHostile(page: Page): Promise<void> {
  await importFile(page, jsonFile('hostile.json', FILE));
  await expect(page.locator('.ab-node__label')).toHaveCount(PAYLOADS.length, { timeout: 30_000 });
}

test.describe('the XSS corpus', () => {
  test('has at least 150 distinct payloads that each call the canary and fit every field', () => {
    expect(new Set(XSS_TEMPLATES).size).toBe(XSS_TEMPLATES.length);
    expect(XSS_TEMPLATES.length).toBeGreaterThanOrEqual(150);
    PAYLOADS.forEach((p, i) => {
      expect(
        canaryCalls(i).some((call) => p.includes(call)),
        `payload ${i} calls the canary: ${p}`,
      ).toBe(true);
      expect(p.length).toBeLessThanOrEqual(LIMITS.maxLabelLength);
    });
    for (const id of [...IDS.node, ...IDS.cluster, ...IDS.server, ...IDS.edge]) {
      expect(isValidId(id), id).toBe(true);
    }
    // The hostile design is a valid file that keeps every string exactly.
    expect(DESIGN.nodes.map((n) => n.label)).toEqual(PAYLOADS);
    expect(DESIGN.nodes.map((n) => n.notes)).toEqual(PAYLOADS);
    expect(DESIGN.edges.map((e) => e.label)).toEqual(PAYLOADS);
    expect(DESIGN.clusters.map((c) => c.label)).toEqual(PAYLOADS);
    expect(DESIGN.servers.map((s) => s.label)).toEqual(PAYLOADS);
    expect(DESIGN.nodes.map((n) => n.id)).toEqual(IDS.node);
    expect(DESIGN.edges.map((e) => e.id)).toEqual(IDS.edge);
    // Every payload is in one of the titles the journey below gives the design.
    expect(titleChunks(PAYLOADS).join(' ')).toBe(PAYLOADS.join(' '));
  });

  test.describe('with the CSP switched off, so only escaping stands in the way', () => {
    test.use({ bypassCSP: true, reducedMotion: 'reduce' });

    test('every render path shows the corpus as text and runs none of it', async ({
      page,
      context,
      baseURL,
    }) => {
      test.setTimeout(240_000);
      const canary = await installCanary(context, new URL(baseURL!).origin);
      await openApp(page);
      await importHostile(page);

      // Canvas: every label, box label and caption, verbatim.
      expect(sorted(await texts(page, '.ab-node__label'))).toEqual(sorted(PAYLOADS));
      const boxed = PAYLOADS.slice(0, BOXED);
      expect(sorted(await texts(page, '.react-flow__node-cluster .ab-group__label'))).toEqual(
        sorted(boxed),
      );
      expect(sorted(await texts(page, '.react-flow__node-server .ab-group__label'))).toEqual(
        sorted(boxed),
      );
      // Ids are attributes of the canvas items, exactly.
      const dataIds = (selector: string) =>
        page.locator(selector).evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
      expect(sorted((await dataIds('.react-flow__node-component')) as string[])).toEqual(
        sorted(IDS.node),
      );
      expect(sorted((await dataIds('.react-flow__edge')) as string[])).toEqual(sorted(IDS.edge));
      const captions = DESIGN.edges.map((e) => edgeCaption(e) ?? '');
      expect(sorted(await texts(page, '.ab-edge-label'))).toEqual(sorted(captions));
      for (const i of SAMPLE.slice(0, 4)) {
        await expect(page.getByText(PAYLOADS[i]!, { exact: true }).first()).toBeVisible();
      }
      await expect(page.getByRole('textbox', { name: 'Design title' })).toHaveValue(
        oneLine(FILE.title),
      );
      expect(await auditDocument(page)).toEqual(CLEAN_AUDIT);

      // Inspector: components (label, notes, the cluster and server lists), boxes, connections.
      for (const [n, i] of SAMPLE.entries()) {
        await selectByKeyboard(page, `rf__node-${IDS.node[i]}`);
        await expectInspectorLabel(page, PAYLOADS[i]!);
        await expect(page.getByRole('textbox', { name: 'Notes' })).toHaveValue(PAYLOADS[i]!);
        if (n === 0) {
          const options = (select: string) =>
            page
              .getByRole('combobox', { name: select, exact: true })
              .locator('option')
              .evaluateAll((els) => els.map((el) => el.textContent ?? ''));
          // Clusters a component may join: its kind's, and the empty ones (not on the canvas).
          expect(await options('Cluster')).toEqual(expect.arrayContaining(PAYLOADS.slice(BOXED)));
          expect(await options('Server')).toEqual(expect.arrayContaining([...PAYLOADS]));
        }
      }
      for (const i of SAMPLE.filter((i) => i < BOXED).slice(0, 2)) {
        await selectByKeyboard(page, `rf__node-${IDS.cluster[i]}`);
        await expectInspectorLabel(page, PAYLOADS[i]!);
        await selectByKeyboard(page, `rf__node-${IDS.server[i]}`);
        await expectInspectorLabel(page, PAYLOADS[i]!);
      }
      for (const i of SAMPLE.slice(0, 3)) {
        await selectByKeyboard(page, `rf__edge-${IDS.edge[i]}`);
        await expectInspectorLabel(page, PAYLOADS[i]!);
      }
      expect(await auditDocument(page)).toEqual(CLEAN_AUDIT);

      // Findings name labels; their badges carry them in tooltips (hovered).
      const findings = page.getByRole('region', { name: 'Findings', exact: true });
      const report = checkDesign(DESIGN);
      const named = [
        ...new Set(
          report.findings.flatMap((f) =>
            f.nodes.map((id) => DESIGN.nodes.find((node) => node.id === id)?.label ?? ''),
          ),
        ),
      ].filter(Boolean);
      expect(named.length).toBeGreaterThan(10);
      const findingsText = await findings.evaluate((el) => el.textContent ?? '');
      for (const label of named.slice(0, 40)) expect(findingsText).toContain(label);
      const badges = page.locator('.react-flow__node-component .ab-finding-badge');
      await expect(badges.first()).toBeVisible();
      const badgeCount = Math.min(await badges.count(), 5);
      for (let b = 0; b < badgeCount; b++) {
        await badges.nth(b).hover({ force: true });
        const title = (await badges.nth(b).getAttribute('title')) ?? '';
        expect(PAYLOADS.some((p) => title.includes(p))).toBe(true);
      }
      await page.locator('.react-flow__minimap').hover();
      await page.locator('.ab-edge-label').first().hover({ force: true });

      // A component's context menu.
      await page.getByTestId(`rf__node-${IDS.node[SAMPLE[1]!]}`).click({
        button: 'right',
        force: true,
      });
      await expect(page.getByRole('menu')).toBeVisible();
      await page.keyboard.press('Escape');

      // A request through six hostile labels, then traffic over all of them.
      await page.getByRole('combobox', { name: 'Request type' }).selectOption('read');
      await page.getByRole('button', { name: 'Send request', exact: true }).click();
      const trace = page.getByRole('list', { name: 'Request trace' });
      await expect(trace.getByRole('listitem').last()).toContainText(/\b(200|502|503)\b/, {
        timeout: 30_000,
      });
      const traceText = await trace.evaluate((el) => el.textContent ?? '');
      expect(traceText).toContain(PAYLOADS[0]);
      expect(traceText).toContain(PAYLOADS[1]);
      await page.getByRole('tab', { name: 'Traffic' }).click();
      await page.getByRole('button', { name: 'Start traffic' }).click();
      const load = page.getByRole('table', { name: 'Load per component' });
      await expect(load).toContainText(PAYLOADS[1]!, { timeout: 10_000 }); // the DNS after the user
      await page.getByRole('button', { name: 'Stop traffic' }).click();
      expect(await auditDocument(page)).toEqual(CLEAN_AUDIT);

      // Exports: each keeps every string exactly.
      const json = await downloadFrom(page, 'Export JSON');
      const exported = parsed(json.bytes);
      expect(exported).toEqual(DESIGN);
      const png = await downloadFrom(page, 'Export PNG');
      expect(readDesignFromBytes(new Uint8Array(png.bytes))).toEqual({ ok: true, value: DESIGN });
      const svg = await downloadFrom(page, 'Export SVG');
      expect(readDesignFromBytes(new Uint8Array(svg.bytes), svg.name)).toEqual({
        ok: true,
        value: DESIGN,
      });

      // The exported SVG opened as a document, in its own page with the canary in it.
      const viewer = await context.newPage();
      expect(await openSvgDocument(viewer, svg.bytes)).toBe(cleanForDrawing(FILE.title));
      await viewer.waitForTimeout(300); // let SMIL `onbegin`/`onend` timers come due
      await viewer.close();

      expect(await auditDocument(page)).toEqual(CLEAN_AUDIT);
      expect(canary.summary()).toEqual({ hits: [], dialogs: [], errors: [], external: [] });
    });

    test('every payload as the design title: the exported SVG, opened as a document, runs nothing', async ({
      page,
      context,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      const canary = await installCanary(context, new URL(baseURL!).origin);
      await openApp(page);
      // A small design, so each round (title, export, open) is quick.
      await importFile(page, jsonFile('small.json', hostileDesign(PAYLOADS.slice(0, 6))));
      await expect(page.locator('.ab-node__label')).toHaveCount(6);
      const viewer = await context.newPage();
      const titleField = page.getByRole('textbox', { name: 'Design title' });
      for (const chunk of titleChunks(PAYLOADS)) {
        await titleField.fill(chunk);
        // What a one-line field keeps of it: everything but line breaks.
        const held = await titleField.inputValue();
        expect(held.replace(/\s/g, '')).toBe(chunk.replace(/\s/g, ''));
        const svg = await downloadFrom(page, 'Export SVG');
        expect(await openSvgDocument(viewer, svg.bytes)).toBe(cleanForDrawing(held));
        const inside = readDesignFromBytes(new Uint8Array(svg.bytes), svg.name);
        expect(inside.ok && inside.value.title).toBe(held);
      }
      await downloadFrom(page, 'Export PNG');
      await viewer.waitForTimeout(300);
      await viewer.close();
      expect(await auditDocument(page)).toEqual(CLEAN_AUDIT);
      expect(canary.summary()).toEqual({ hits: [], dialogs: [], errors: [], external: [] });
    });
  });

  test('with the CSP on, the corpus renders and exports without a single violation', async ({
    page,
    context,
    baseURL,
    csp,
  }) => {
    test.setTimeout(120_000);
    const canary = await installCanary(context, new URL(baseURL!).origin);
    await openApp(page);
    await importHostile(page);
    await selectByKeyboard(page, `rf__node-${IDS.node[SAMPLE[3]!]}`);
    await expect(page.getByRole('textbox', { name: 'Notes' })).toHaveValue(PAYLOADS[SAMPLE[3]!]!);
    await selectByKeyboard(page, `rf__edge-${IDS.edge[0]}`);
    await expectInspectorLabel(page, PAYLOADS[0]!);
    await page.getByRole('button', { name: 'Send request', exact: true }).click();
    await downloadFrom(page, 'Export PNG');
    await downloadFrom(page, 'Export SVG');
    expect(canary.summary()).toEqual({ hits: [], dialogs: [], errors: [], external: [] });
    expect(csp.violations).toEqual([]);
  });
});

test.describe('Content Security Policy', () => {
  test('the built page carries the policy in a meta tag and has no inline script', async ({
    request,
  }) => {
    const html = await (await request.get('/')).text();
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta, 'a CSP meta tag').not.toBeNull();
    const policy = meta![1]!.replaceAll('&#39;', "'").replaceAll('&quot;', '"');
    const directives = new Map(
      policy
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    // The meta comes before anything it must govern.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  test('an injected inline script, event handler or javascript: URL is blocked and reported', async ({
    page,
    csp,
  }) => {
    await openApp(page);
    const ran = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown>;
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handlerRan = true;');
      img.src = 'data:,not-an-image';
      document.body.append(img);
      const link = document.createElement('a');
      link.href = 'javascript:window.__urlRan=true';
      document.body.append(link);
      link.click();
      await new Promise((resolve) => setTimeout(resolve, 200));
      script.remove();
      img.remove();
      link.remove();
      return { inline: w.__inlineRan, handler: w.__handlerRan, url: w.__urlRan };
    });
    expect(ran).toEqual({ inline: undefined, handler: undefined, url: undefined });
    const reported = await csp.take();
    expect(reported.filter((v) => v.startsWith('script-src-elem blocked inline'))).toHaveLength(2);
    expect(reported.filter((v) => v.startsWith('script-src-attr blocked inline'))).toHaveLength(1);
    expect(reported.filter((v) => !v.startsWith('console:'))).toHaveLength(3);
  });
});

test.describe('prototype pollution', () => {
  const SPECIAL = [
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
  ];

  /** A file whose ids are prototype names and whose objects carry poisoned keys everywhere. */
  function pollutingFile(): string {
    const poison =
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}';
    const node = (id: string, kind: string, label: string, x: number, extra = '') =>
      `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"id":${JSON.stringify(id)},"kind":"${kind}","label":${JSON.stringify(label)},"position":{"__proto__":{"polluted":"yes"},"x":${x},"y":0},"notes":"__proto__ constructor prototype"${extra}}`;
    const nodes = [
      node('__proto__', 'user', 'proto user', 0),
      node('constructor', 'dns', 'constructor dns', 240),
      node('toString', 'load-balancer', 'toString lb', 480, ',"cluster":"prototype"'),
      node('hasOwnProperty', 'web-server', 'hasOwnProperty web', 720, ',"server":"valueOf"'),
      node('valueOf-app', 'app-server', 'valueOf app', 960),
      node('isPrototypeOf', 'database', 'isPrototypeOf db', 1200),
    ];
    const edge = (id: string, source: string, target: string) =>
      `{"__proto__":{"polluted":"yes"},"id":"${id}","source":"${source}","target":"${target}","label":"${id}"}`;
    const edges = [
      edge('__proto__', '__proto__', 'constructor'),
      edge('constructor', 'constructor', 'prototype'),
      edge('prototype', 'prototype', 'hasOwnProperty'),
      edge('toString', 'hasOwnProperty', 'valueOf-app'),
      edge('valueOf', 'valueOf-app', 'isPrototypeOf'),
    ];
    return (
      `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},` +
      `"prototype":${poison},"format":"archboard","version":1,"title":"__proto__",` +
      `"nodes":[${nodes.join(',')}],"edges":[${edges.join(',')}],` +
      `"clusters":[{"__proto__":{"polluted":"yes"},"id":"prototype","label":"prototype cluster","mode":"active-active"}],` +
      `"servers":[{"constructor":{"prototype":{"polluted":"yes"}},"id":"valueOf","label":"valueOf server"}]}`
    );
  }

  function prototypes(page: Page) {
    return page.evaluate(() => ({
      object: Object.getOwnPropertyNames(Object.prototype).sort(),
      array: Object.getOwnPropertyNames(Array.prototype).sort(),
      func: Object.getOwnPropertyNames(Function.prototype).sort(),
      polluted: [
        ({} as Record<string, unknown>).polluted,
        ([] as unknown as Record<string, unknown>).polluted,
        (Object.create(Object.prototype) as Record<string, unknown>).polluted,
      ],
      objectProtoIsNull: Object.getPrototypeOf(Object.prototype) === null,
    }));
  }

  test('importing keys and ids named __proto__, constructor and prototype changes no prototype', async ({
    page,
  }) => {
    const text = pollutingFile();
    const design = parsed(text);
    expect(design.nodes.map((n) => n.id)).toContain('__proto__');
    await openApp(page);
    const before = await prototypes(page);
    expect(before.polluted).toEqual([undefined, undefined, undefined]);

    await importFile(page, jsonFile('polluting.json', text));
    for (const label of ['proto user', 'constructor dns', 'toString lb', 'isPrototypeOf db']) {
      await expect(page.locator('.ab-node__label', { hasText: label })).toHaveCount(1);
    }
    await expect(page.getByRole('alert')).toHaveCount(0);
    // Use the special ids: select, fail, recover, send requests, edit, undo, export, reload.
    for (const id of SPECIAL.filter((s) => design.nodes.some((n) => n.id === s))) {
      await selectByKeyboard(page, `rf__node-${id}`);
      await expect(page.getByRole('textbox', { name: 'Label', exact: true })).toHaveValue(
        design.nodes.find((n) => n.id === id)!.label,
      );
    }
    await selectByKeyboard(page, 'rf__node-__proto__');
    await page.getByRole('button', { name: 'Fail component' }).click();
    await page.getByRole('button', { name: 'Send request', exact: true }).click();
    await page.getByRole('button', { name: 'Recover component' }).click();
    await page.getByRole('button', { name: 'Send request', exact: true }).click();
    await selectByKeyboard(page, 'rf__edge-__proto__');
    await page.getByRole('textbox', { name: 'Label', exact: true }).fill('constructor.prototype');
    await expect(page.locator('.ab-edge-label', { hasText: 'constructor.prototype' })).toHaveCount(
      1,
    );
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    const exported = parsed((await downloadFrom(page, 'Export JSON')).bytes);
    expect(exported).toEqual(design);
    expect(await prototypes(page)).toEqual(before);

    // The autosaved copy loads back through the same pipeline, just as harmlessly.
    await page.waitForTimeout(600); // past the autosave delay
    await page.reload();
    await expect(page.locator('.ab-node__label', { hasText: 'proto user' })).toHaveCount(1);
    await selectByKeyboard(page, 'rf__node-constructor');
    await expect(page.getByRole('textbox', { name: 'Label', exact: true })).toHaveValue(
      'constructor dns',
    );
    expect(await prototypes(page)).toEqual(before);
  });
});

/**
 * Files (issue #2) and autosave under faults (issue #5), driven as a person does: the
 * `Import` button's file chooser, the export buttons' downloads, reloads, and a damaged or
 * newer saved copy in IndexedDB.
 */
import { expect, test, type Page } from './fixtures/test';
import { parseDesign, serializeDesign, type Design } from '../src/model';
import { readDesignFromBytes } from '../src/io/import';
import { readPngSize } from '../src/io/png';
import { renderDesignSvgDocument } from '../src/io/render-svg';
import {
  download,
  expectLabels,
  importFile,
  jsonFile,
  readAutosave,
  readViewport,
  seedAutosave,
} from './fixtures/files';

const FILE = {
  format: 'archboard',
  version: 1,
  title: 'Imported stack',
  nodes: [
    { id: 'user', kind: 'user', label: 'Visitor' },
    { id: 'lb', kind: 'load-balancer', label: 'Edge proxy Ω', position: { x: 240, y: 0 } },
    { id: 'web', kind: 'web-server', label: 'Web <b>"one"</b>', position: { x: 480, y: 0 } },
    { id: 'db', kind: 'database', label: 'Main DB 🚀', position: { x: 720, y: 0 } },
  ],
  edges: [
    { source: 'user', target: 'lb' },
    { source: 'lb', target: 'web' },
    { source: 'web', target: 'db', access: 'read-write' },
  ],
};
const LABELS = ['Visitor', 'Edge proxy Ω', 'Web <b>"one"</b>', 'Main DB 🚀'];
/** Labels of the first-run design (the documented scale-up template). */
const TEMPLATE_LABELS = ['HAProxy 1', 'Nginx 1'];

function parsed(text: string | Uint8Array): Design {
  const result = parseDesign(text);
  if (!result.ok) throw new Error(result.error.map((p) => p.message).join('\n'));
  return result.value;
}

async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeVisible();
}

test.describe('import', () => {
  test('opens a good file chosen with Import', async ({ page }) => {
    await openApp(page);
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  const BAD: Array<[string, object, string]> = [
    [
      'an unknown kind',
      { ...FILE, nodes: [FILE.nodes[0], { id: 'x', kind: 'lb', label: 'Bad one' }], edges: [] },
      'nodes[1].kind',
    ],
    [
      'an edge to nowhere',
      { ...FILE, edges: [{ source: 'user', target: 'ghost' }] },
      'edges[0].target',
    ],
    [
      'a position that is not a number',
      { ...FILE, nodes: [{ ...FILE.nodes[1], position: { x: 'ten', y: 0 } }], edges: [] },
      'nodes[0].position.x',
    ],
  ];

  for (const [name, content, path] of BAD) {
    test(`refuses ${name}, naming ${path}, and leaves the design unchanged`, async ({ page }) => {
      await openApp(page);
      await expectLabels(page, TEMPLATE_LABELS);
      await importFile(page, jsonFile('bad.json', content));
      const alert = page.getByRole('alert');
      await expect(alert).toBeVisible();
      await expect(alert).toContainText(path);
      await expectLabels(page, TEMPLATE_LABELS);
      await expect(page.getByText('Edge proxy Ω')).toHaveCount(0);
    });
  }
});

test.describe('export', () => {
  test('Export JSON, then importing it back, gives the same design', async ({ page }) => {
    await openApp(page);
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    const first = await download(page, 'Export JSON');
    expect(first.name).toBe('Imported stack.json');
    const design = parsed(first.bytes);
    expect(design.nodes.map((n) => n.label)).toEqual(LABELS);

    // Open something else, then the exported file: the same design comes back, byte for byte.
    await importFile(
      page,
      jsonFile('other.json', { ...FILE, title: 'Other', nodes: [FILE.nodes[0]], edges: [] }),
    );
    await expect(page.locator('.react-flow__node-component')).toHaveCount(1);
    await expect(page.getByText('Edge proxy Ω')).toHaveCount(0);
    await importFile(page, { name: first.name, mimeType: 'application/json', buffer: first.bytes });
    await expectLabels(page, LABELS);
    const second = await download(page, 'Export JSON');
    expect(second.bytes.toString('utf8')).toBe(first.bytes.toString('utf8'));
    expect(second.bytes.toString('utf8')).toBe(serializeDesign(design));
  });

  test('Export PNG gives a decodable image at 2× the design extent that re-opens the design', async ({
    page,
  }) => {
    await openApp(page);
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    const png = await download(page, 'Export PNG');
    expect(png.name).toBe('Imported stack.png');

    const design = parsed(JSON.stringify(FILE));
    const extent = renderDesignSvgDocument(design);
    expect(readPngSize(png.bytes)).toEqual({ width: extent.width * 2, height: extent.height * 2 });
    const decoded = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      return { width: image.naturalWidth, height: image.naturalHeight };
    }, png.bytes.toString('base64'));
    expect(decoded).toEqual({ width: extent.width * 2, height: extent.height * 2 });

    // The design travels inside the image.
    const inside = readDesignFromBytes(new Uint8Array(png.bytes));
    expect(inside).toEqual({ ok: true, value: design });

    await importFile(
      page,
      jsonFile('other.json', { ...FILE, title: 'Other', nodes: [FILE.nodes[0]], edges: [] }),
    );
    await expect(page.locator('.react-flow__node-component')).toHaveCount(1);
    await expect(page.getByText('Edge proxy Ω')).toHaveCount(0);
    await importFile(page, { name: png.name, mimeType: 'image/png', buffer: png.bytes });
    await expectLabels(page, LABELS);
  });

  test('importing a PNG that is not an archboard export says so', async ({ page }) => {
    await openApp(page);
    const plain = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await importFile(page, { name: 'photo.png', mimeType: 'image/png', buffer: plain });
    await expect(page.getByRole('alert')).toContainText('this PNG has no archboard design inside');
    await expectLabels(page, TEMPLATE_LABELS);
  });
});

test.describe('export of hostile labels', () => {
  test('the exported SVG, opened as a document, runs nothing and shows the labels as text', async ({
    page,
  }) => {
    const hostile = [
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(2)>',
      ']]><svg onload=alert(3)>',
    ];
    await openApp(page);
    await importFile(
      page,
      jsonFile('hostile.json', {
        format: 'archboard',
        version: 1,
        title: '</title><script>alert(4)</script>',
        nodes: hostile.map((label, i) => ({
          id: `n${i}`,
          kind: 'web-server',
          label,
          position: { x: 0, y: i * 120 },
        })),
        edges: [],
      }),
    );
    // The importer loads on first use: wait for the design before exporting it.
    await expect(page.locator('.react-flow__node-component')).toHaveCount(hostile.length);
    const svg = await download(page, 'Export SVG');
    expect(svg.name.endsWith('.svg')).toBe(true);

    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.route('**/exported.svg', (route) =>
      route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg.bytes }),
    );
    await page.goto('/exported.svg');
    const found = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('image, img, foreignObject').length,
      eventAttributes: Array.from(document.querySelectorAll('*')).filter((e) =>
        Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith('on')),
      ).length,
      text: Array.from(document.querySelectorAll('text'), (t) => t.textContent).join('\n'),
    }));
    expect(found).toMatchObject({ scripts: 0, images: 0, eventAttributes: 0 });
    expect(found.text).toContain('</title><script>alert(4)</script>');
    expect(dialogs).toBe(0);
    // And it opens the design again.
    const inside = readDesignFromBytes(new Uint8Array(svg.bytes), svg.name);
    expect(inside.ok && inside.value.nodes.map((n) => n.label)).toEqual(hostile);
  });
});

test.describe('autosave', () => {
  test('a reload restores the design and the viewport exactly', async ({ page }) => {
    await openApp(page);
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    // Pan and zoom the board.
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 130, box.y + box.height - 95, { steps: 5 });
    await page.mouse.up();
    await page.mouse.wheel(0, -240);
    await page.waitForTimeout(400);
    const before = await readViewport(page);
    expect(before.zoom).not.toBe(1);
    await page.waitForTimeout(600); // > the save delay

    await page.reload();
    await expectLabels(page, LABELS);
    const after = await readViewport(page);
    expect(after.x).toBeCloseTo(before.x, 3);
    expect(after.y).toBeCloseTo(before.y, 3);
    expect(after.zoom).toBeCloseTo(before.zoom, 5);
  });

  test('an edit made just before a reload is not lost (flushed on pagehide)', async ({ page }) => {
    await openApp(page);
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    await page.reload(); // at once, inside the save delay
    await expectLabels(page, LABELS);
  });

  test('a damaged saved copy is set aside: banner, the app opens, the original bytes are kept', async ({
    page,
  }) => {
    const damaged = '{"format":"archboard","version":1,"title":"Half a desi';
    const raw = { json: damaged, viewport: { x: 0, y: 0, zoom: 1 }, savedAt: 1 };
    await seedAutosave(page, { 'slot:a': raw, pointer: { slot: 'a', savedAt: 1 } });
    await openApp(page);
    await expectLabels(page, TEMPLATE_LABELS);
    const banner = page.locator('.ab-banner', { hasText: 'could not be read' });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Download saved copy' })).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Discard' })).toBeVisible();

    // Edits are saved again, and never over the quarantined copy.
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    await page.waitForTimeout(600);
    const stored = await readAutosave(page);
    const quarantined = Object.entries(stored).filter(([key]) => key.startsWith('quarantine:'));
    expect(quarantined).toHaveLength(1);
    expect((quarantined[0]![1] as { raw: unknown }).raw).toEqual(raw);

    const file = page.waitForEvent('download');
    await banner.getByRole('button', { name: 'Download saved copy' }).click();
    const saved = await file;
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(await saved.path(), 'utf8')).toBe(damaged);
  });

  test('a saved copy from a newer version is never written over', async ({ page }) => {
    const newer = JSON.stringify({ format: 'archboard', version: 99, nodes: [], edges: [] });
    const raw = { json: newer, viewport: { x: 0, y: 0, zoom: 1 }, savedAt: 1 };
    await seedAutosave(page, { 'slot:a': raw, pointer: { slot: 'a', savedAt: 1 } });
    await openApp(page);
    await expect(page.locator('.ab-banner', { hasText: 'newer version' })).toBeVisible();
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    await page.waitForTimeout(600);
    const stored = await readAutosave(page);
    expect(stored['slot:a']).toEqual(raw);
    expect(stored['slot:b']).toBeUndefined();
  });

  test('a second tab does not write until it takes over', async ({ page, context }) => {
    await openApp(page);
    await importFile(page, jsonFile('stack.json', FILE));
    await expectLabels(page, LABELS);
    await page.waitForTimeout(600);

    const second = await context.newPage();
    await openApp(second);
    await expectLabels(second, LABELS);
    const banner = second.locator('.ab-banner', { hasText: 'open in another tab' });
    await expect(banner).toBeVisible();
    await importFile(
      second,
      jsonFile('other.json', { ...FILE, title: 'Second tab', nodes: [FILE.nodes[0]], edges: [] }),
    );
    await second.waitForTimeout(600);
    const pointer = (await readAutosave(second)).pointer as { slot: string };
    const slot = (await readAutosave(second))[`slot:${pointer.slot}`] as { json: string };
    expect(parsed(slot.json).title).toBe('Imported stack');

    await banner.getByRole('button', { name: 'Take over' }).click();
    await expect(banner).toHaveCount(0);
    await expect(page.locator('.ab-banner', { hasText: 'open in another tab' })).toBeVisible();
    await second.waitForTimeout(600);
    const after = await readAutosave(second);
    const now = after[`slot:${(after.pointer as { slot: string }).slot}`] as { json: string };
    expect(parsed(now.json).title).toBe('Second tab');
  });
});

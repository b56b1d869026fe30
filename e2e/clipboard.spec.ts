/**
 * The other two ways in (issue #2): pasting design JSON and dropping a file on the canvas;
 * and copy, paste and duplicate of components. Clipboard events carry the system
 * clipboard's contents, so the tests dispatch them as the browser does on Ctrl+V.
 */
import { expect, test, type Page } from './fixtures/test';
import { EditorPage } from './fixtures/editor';
import { expectLabels } from './fixtures/files';

const DESIGN = {
  format: 'archboard',
  version: 1,
  title: 'Pasted stack',
  nodes: [
    { id: 'u', kind: 'user', label: 'Reader' },
    { id: 'w', kind: 'web-server', label: 'Pasted web' },
    { id: 'd', kind: 'database', label: 'Pasted DB' },
  ],
  edges: [
    { source: 'u', target: 'w' },
    { source: 'w', target: 'd', access: 'read' },
  ],
};
const TEMPLATE_LABELS = ['HAProxy 1', 'Nginx 1', 'MySQL replica'];

/** Pastes `text` as the browser does: a `paste` event whose clipboard holds it. */
async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.setData('text/plain', content);
    const event = new ClipboardEvent('paste', {
      clipboardData: data,
      bubbles: true,
      cancelable: true,
    });
    (document.activeElement ?? document.body).dispatchEvent(event);
  }, text);
}

/** Drops a file on the canvas, as dragging it from the desktop does. */
async function dropFile(page: Page, name: string, type: string, content: string): Promise<void> {
  const data = await page.evaluateHandle(
    ([fileName, fileType, text]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], fileName, { type: fileType }));
      return transfer;
    },
    [name, type, content] as const,
  );
  const pane = page.locator('.react-flow__pane');
  await pane.dispatchEvent('dragenter', { dataTransfer: data });
  await pane.dispatchEvent('dragover', { dataTransfer: data });
  await pane.dispatchEvent('drop', { dataTransfer: data });
}

test.describe('paste and drop', () => {
  test('pasting design JSON opens it as one undoable step', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await expectLabels(page, TEMPLATE_LABELS);
    await pasteText(page, JSON.stringify(DESIGN));
    await expectLabels(page, ['Reader', 'Pasted web', 'Pasted DB']);
    await expect(page.getByText('HAProxy 1', { exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expectLabels(page, TEMPLATE_LABELS);
    await expect(page.getByText('Pasted web', { exact: true })).toHaveCount(0);
  });

  test('pasting a broken design says what is wrong and where, and changes nothing', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const before = await editor.components.count();
    const broken = { ...DESIGN, edges: [{ source: 'u', target: 'nowhere' }] };
    await pasteText(page, JSON.stringify(broken));
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('edges[0].target');
    await expectLabels(page, TEMPLATE_LABELS);
    await expect(editor.components).toHaveCount(before);
    // Nothing was added to the history: Undo stays disabled on a fresh first-run design.
    await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  });

  test('pasting truncated JSON is refused with the line and column', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await pasteText(page, JSON.stringify(DESIGN).slice(0, 60));
    await expect(page.getByRole('alert')).toContainText(/not valid JSON/i);
    await expectLabels(page, TEMPLATE_LABELS);
  });

  test('dropping a design file on the canvas opens it', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await dropFile(page, 'dropped.json', 'application/json', JSON.stringify(DESIGN));
    await expectLabels(page, ['Reader', 'Pasted web', 'Pasted DB']);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('dropping a file that is not a design is refused and changes nothing', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await dropFile(page, 'notes.txt', 'text/plain', 'shopping list: milk, eggs');
    await expect(page.getByRole('alert')).toBeVisible();
    await expectLabels(page, TEMPLATE_LABELS);
  });
});

test.describe('copy, paste, duplicate', () => {
  test('copy then paste adds a copy of the selected component, one undo step', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const before = await editor.components.count();
    await page.getByText('Nginx 1', { exact: true }).click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      document.body.dispatchEvent(
        new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await pasteText(page, '');
    await expect(editor.components).toHaveCount(before + 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(editor.components).toHaveCount(before);
  });

  test('Ctrl+D duplicates the selection', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const before = await editor.components.count();
    await page.getByText('App 2', { exact: true }).click();
    await page.keyboard.press('Control+D');
    await expect(editor.components).toHaveCount(before + 1);
    await page.keyboard.press('Control+Z');
    await expect(editor.components).toHaveCount(before);
  });
});

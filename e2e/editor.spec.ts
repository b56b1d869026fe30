/**
 * Editor journeys: add components (click, key, drag), connect them handle to handle, cluster
 * two load balancers, edit a label, undo and redo (buttons and keys), delete with the keyboard.
 */
import { expect, test } from './fixtures/test';
import { EditorPage } from './fixtures/editor';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test.describe('editor', () => {
  test('adds components from the palette by click and by key', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();

    await editor.paletteButton('Web server').click();
    await expect(editor.component('Nginx')).toBeVisible();
    await expect(editor.labelField).toHaveValue('Nginx');

    await editor.paletteButton('Web server').click();
    await expect(editor.component('Nginx 2')).toBeVisible();
    // The second one is not on top of the first.
    const a = await editor.box('Nginx');
    const b = await editor.box('Nginx 2');
    const overlap =
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);

    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 300 } });
    await page.keyboard.press('7');
    await expect(editor.component('MySQL replica')).toBeVisible();
    await expect(editor.components).toHaveCount(3);
  });

  test('adds a component by dragging it from the palette to where it is dropped', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    await editor.dragFromPalette('Load balancer', 300, 260);
    await expect(editor.component('HAProxy')).toBeVisible();
    const box = await editor.box('HAProxy');
    // Centred on the drop point (within a grid step or two of snapping).
    expect(Math.abs(box.x + box.width / 2 - (pane.x + 300))).toBeLessThan(40);
    expect(Math.abs(box.y + box.height / 2 - (pane.y + 260))).toBeLessThan(40);
  });

  test('connects two components by dragging from handle to handle', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();
    await editor.dragFromPalette('User', 160, 300);
    await editor.dragFromPalette('Web server', 520, 300);
    await expect(editor.components).toHaveCount(2);
    await expect(editor.edges).toHaveCount(0);

    await editor.connect('User', 'Nginx');
    await expect(editor.edges).toHaveCount(1);
    // The new connection is selected and described in the inspector.
    await expect(editor.inspector.getByRole('heading', { name: 'User → Nginx' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Connection from User to Nginx' })).toHaveCount(1);

    // Undo takes the connection away in one step.
    await editor.button('Undo').click();
    await expect(editor.edges).toHaveCount(0);
  });

  test('while a connection is drawn, every handle shows and the one it would end on lights up', async ({
    page,
  }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();
    await editor.dragFromPalette('User', 160, 300);
    await editor.dragFromPalette('Web server', 520, 300);
    const user = editor.component('User');
    const nginx = editor.component('Nginx');
    await user.hover();
    const from = user.locator('.react-flow__handle-right');
    const to = nginx.locator('.react-flow__handle-left');
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 30, { steps: 8 });
    await expect(from).toHaveClass(/\bconnectingfrom\b/);
    await expect(nginx.locator('.react-flow__handle-bottom')).toBeVisible();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
    await expect(to).toHaveClass(/\bconnectingto\b/);
    await expect(to).toHaveClass(/\bvalid\b/);
    await page.mouse.up();
    await expect(editor.edges).toHaveCount(1);
    await expect(to).not.toHaveClass(/\bconnectingto\b/);
  });

  test('a dragged component is one target for the pointer, not its parts', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();
    await editor.paletteButton('Web server').click();
    const node = editor.component('Nginx');
    const start = await editor.box('Nginx');
    // Grab it by the end of its label: the component follows the pointer a frame late, so
    // each move used to leave the label and come back onto it.
    const label = (await node.locator('.ab-node__label').boundingBox())!;
    let x = label.x + label.width - 2;
    const y = label.y + label.height / 2;
    const nextFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 0; i < 3; i++) {
      await page.mouse.move((x += 6), y);
      await nextFrame();
    }
    await page.evaluate(() => {
      const w = window as unknown as { crossings: number };
      w.crossings = 0;
      const count = () => void w.crossings++;
      for (const type of ['pointerover', 'pointerout', 'mouseover', 'mouseout'])
        window.addEventListener(type, count, true);
    });
    for (let i = 0; i < 12; i++) {
      await page.mouse.move((x += 6), y);
      await nextFrame();
    }
    const crossings = await page.evaluate(
      () => (window as unknown as { crossings: number }).crossings,
    );
    await page.mouse.up();
    expect(crossings).toBe(0);
    await expect.poll(async () => (await editor.box('Nginx')).x).toBeGreaterThan(start.x + 60);
  });

  test('refuses to connect a component to itself', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();
    await editor.dragFromPalette('Web server', 400, 300);
    await editor.connect('Nginx', 'Nginx');
    await expect(editor.edges).toHaveCount(0);
  });

  test('clusters two load balancers', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();
    await editor.dragFromPalette('Load balancer', 300, 200);
    await editor.dragFromPalette('Load balancer', 300, 320);
    await editor.select('HAProxy');
    await editor.select('HAProxy 2', { add: true });
    await expect(editor.inspector.getByText('2 components selected')).toBeVisible();

    await editor.button('Group into cluster').click();
    await expect(editor.cluster('Load balancer cluster')).toBeVisible();
    await expect(editor.inspector.getByText('Cluster · 2 members')).toBeVisible();
    await editor.inspector.getByLabel('Mode').selectOption('active-active');
    await expect(editor.cluster('Load balancer cluster')).toContainText('active-active');

    // Ungroup brings back two separate load balancers.
    await editor.button('Ungroup').click();
    await expect(editor.cluster('Load balancer cluster')).toHaveCount(0);
    await expect(editor.components).toHaveCount(2);
  });

  test('edits a label in the inspector as one undo step', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.select('Nginx 1');
    await editor.labelField.fill('');
    await editor.labelField.pressSequentially('Edge web');
    await expect(editor.component('Edge web')).toBeVisible();
    await expect(editor.component('Edge web')).toContainText('Edge web');

    // Backspace while typing edits the text, it does not delete the component.
    await editor.labelField.press('Backspace');
    await expect(editor.component('Edge we')).toBeVisible();
    await editor.labelField.press('Enter');

    await editor.button('Undo').click();
    await expect(editor.component('Nginx 1')).toBeVisible();
    await editor.button('Redo').click();
    await expect(editor.component('Edge we')).toBeVisible();
  });

  test('undoes and redoes with the buttons and the keys', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.startEmpty();
    await expect(editor.button('Redo')).toBeDisabled();
    await editor.paletteButton('Application server').click();
    await expect(editor.components).toHaveCount(1);

    await editor.button('Undo').click();
    await expect(editor.components).toHaveCount(0);
    await editor.button('Redo').click();
    await expect(editor.components).toHaveCount(1);

    await page.keyboard.press(`${mod}+z`);
    await expect(editor.components).toHaveCount(0);
    await page.keyboard.press(`${mod}+Shift+z`);
    await expect(editor.components).toHaveCount(1);
    await page.keyboard.press(`${mod}+z`);
    await expect(editor.components).toHaveCount(0);
    await page.keyboard.press(`${mod}+y`);
    await expect(editor.components).toHaveCount(1);

    // Undo past the template brings the previous design back in one step.
    await page.keyboard.press(`${mod}+z`);
    await page.keyboard.press(`${mod}+z`);
    await expect(editor.component('Nginx 1')).toBeVisible();
  });

  test('deletes the selection with Delete and Backspace; Escape clears it', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    const before = await editor.components.count();

    await editor.select('Nginx 2');
    await page.keyboard.press('Delete');
    await expect(editor.component('Nginx 2')).toHaveCount(0);
    await expect(editor.components).toHaveCount(before - 1);

    await editor.select('App 2');
    await page.keyboard.press('Backspace');
    await expect(editor.component('App 2')).toHaveCount(0);

    await editor.select('App 1');
    await expect(editor.button('Fail component')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(editor.button('Fail component')).toHaveCount(0);
    await page.keyboard.press('Delete');
    await expect(editor.component('App 1')).toBeVisible();
  });

  test('fails and recovers a selected component', async ({ page }) => {
    const editor = new EditorPage(page);
    await editor.goto();
    await editor.select('Nginx 1');
    await editor.button('Fail component').click();
    await expect(editor.button('Recover component')).toBeVisible();
    await expect(editor.component('Nginx 1')).toContainText('failed');
    await editor.button('Recover component').click();
    await expect(editor.button('Fail component')).toBeVisible();
    await expect(editor.component('Nginx 1')).not.toContainText('failed');
  });
});

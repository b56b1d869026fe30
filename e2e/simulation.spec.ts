/**
 * The simulator in the app (issue #4): send each request type through the documented design
 * and read its trace hop by hop; fail a web server and see every request served by the other;
 * fail both and see the request fail where the simulator says; recover; play, pause and step
 * through a run; latency per component; traffic mode with failover live.
 *
 * Expected traces come from the simulator itself, replayed on the same design with the same
 * sequence of requests (the app starts with fresh round-robin counters), plus the words a
 * student reads: "User → DNS www.foobar.com", "200", "failed".
 */
import { getTemplate } from '../src/model/templates';
import type { Design } from '../src/model/types';
import { EditorPage } from './fixtures/editor';
import { SimulationPage, expectedLine, replay } from './fixtures/simulation';
import { expect, test } from './fixtures/test';

function scaleUp(): Design {
  const design = getTemplate('scale-up');
  if (!design) throw new Error('no scale-up template');
  return design;
}

async function open(page: import('@playwright/test').Page) {
  const editor = new EditorPage(page);
  await editor.goto();
  // The app opens on the documented design the first time (a fresh context per test).
  await expect(editor.component('Nginx 1')).toBeVisible();
  return { editor, sim: new SimulationPage(page) };
}

test.describe('one request at a time (reduced motion)', () => {
  test.use({ reducedMotion: 'reduce' });

  test('traces each request type hop by hop, in order, to a 200', async ({ page }) => {
    const { sim } = await open(page);
    // Reduced motion comes from the system setting: the whole trace shows at once.
    await expect(page.getByRole('checkbox', { name: 'Reduce motion' })).toBeChecked();
    const design = scaleUp();
    const types = ['static', 'read', 'write'] as const;
    const runs = replay(
      design,
      types.map((type) => ({ type })),
    );

    for (const [i, type] of types.entries()) {
      await sim.send(type, i + 1);
      const events = runs[i]!;
      await expect(sim.items).toHaveText(events.map((e) => expectedLine(design, e)));
      await expect(sim.items.first()).toContainText('User → DNS www.foobar.com');
      await expect(sim.items.first()).toContainText('20 ms');
      await expect(sim.outcome).toContainText('200');
      await expect(sim.outcome).not.toContainText('failed');
    }
    // Reads end at the replica, writes at the primary.
    await expect(sim.outcome).toContainText('served by MySQL primary');
    await sim.send('read', 4);
    await expect(sim.outcome).toContainText('served by MySQL replica');
  });

  test('a failed web server is skipped: every request is served by the other', async ({ page }) => {
    const { editor, sim } = await open(page);
    await editor.select('Nginx 1');
    await editor.inspector.getByRole('button', { name: 'Fail component' }).click();
    await expect(editor.inspector.getByRole('button', { name: 'Recover component' })).toBeVisible();
    await expect(editor.component('Nginx 1')).toContainText('failed');
    await expect(sim.flow('static')).toContainText('✓');
    await expect(sim.flow('static')).toContainText('served by Nginx 2');

    const design = scaleUp();
    const runs = replay(
      design,
      Array.from({ length: 4 }, () => ({ type: 'static' as const, failed: ['web1'] })),
    );
    for (let n = 1; n <= 4; n++) {
      await sim.send('static', n);
      await expect(sim.items).toHaveText(runs[n - 1]!.map((e) => expectedLine(design, e)));
      await expect(sim.outcome).toContainText('200');
      await expect(sim.outcome).toContainText('served by Nginx 2');
      // No hop goes into Nginx 1 (the trace may say it was skipped).
      await expect(sim.trace.getByText(/→ Nginx 1\b/)).toHaveCount(0);
    }
  });

  test('with both web servers failed the request fails at the load balancer; recovering brings 200 back', async ({
    page,
  }) => {
    const { editor, sim } = await open(page);
    await editor.select('Nginx 1');
    await editor.inspector.getByRole('button', { name: 'Fail component' }).click();
    // The keyboard: X fails the selection.
    await editor.select('Nginx 2');
    await page.keyboard.press('x');
    await expect(editor.inspector.getByRole('button', { name: 'Recover component' })).toBeVisible();

    const design = scaleUp();
    const runs = replay(design, [
      { type: 'static', failed: ['web1', 'web2'] },
      { type: 'static', failed: ['web1'] },
      ...Array.from({ length: 4 }, () => ({ type: 'static' as const })),
    ]);
    const events = runs[0]!;
    const last = events[events.length - 1]!;
    // The status the simulator defines for a load balancer with no healthy web server.
    expect(last.type === 'response' && last.status).toBe(503);

    await sim.send('static', 1);
    await expect(sim.items).toHaveText(events.map((e) => expectedLine(design, e)));
    await expect(sim.outcome).toContainText('503');
    await expect(sim.outcome).toContainText('failed');
    await expect(sim.outcome).toContainText(/at HAProxy [12]: no healthy web server/);
    for (const type of ['static', 'read', 'write'] as const)
      await expect(sim.flow(type)).toContainText('✗');

    // Recover Nginx 2 from its context menu, Nginx 1 from the dock.
    await editor.component('Nginx 2').getByText('Nginx 2', { exact: true }).click({
      button: 'right',
    });
    await page.getByRole('menuitem', { name: /^Recover component/ }).click();
    await expect(page.getByRole('menu')).toHaveCount(0);
    await sim.send('static', 2);
    await expect(sim.items).toHaveText(runs[1]!.map((e) => expectedLine(design, e)));
    await expect(sim.outcome).toContainText('200');
    await expect(sim.outcome).toContainText('served by Nginx 2');

    await sim.dock.getByRole('button', { name: 'Recover Nginx 1' }).click();
    await expect(sim.flow('static')).toContainText('✓');
    const served = new Set<string>();
    for (let n = 3; n <= 6; n++) {
      await sim.send('static', n);
      await expect(sim.items).toHaveText(runs[n - 1]!.map((e) => expectedLine(design, e)));
      await expect(sim.outcome).toContainText('200');
      served.add((await sim.outcome.innerText()).match(/served by (Nginx \d)/)?.[1] ?? '');
    }
    // Both web servers take requests again.
    expect(served).toEqual(new Set(['Nginx 1', 'Nginx 2']));
  });

  test('a component’s latency is edited in one undo step and shows in the trace', async ({
    page,
  }) => {
    const { editor, sim } = await open(page);
    await editor.select('DNS www.foobar.com');
    const latency = editor.inspector.getByLabel('Latency (ms)');
    await expect(latency).toHaveValue('20');
    await latency.fill('');
    await expect(latency).toHaveAttribute('aria-invalid', 'true');
    await latency.pressSequentially('75');
    await expect(latency).toHaveAttribute('aria-invalid', 'false');
    await latency.press('Tab');

    await sim.send('static', 1);
    await expect(sim.items.first()).toContainText('resolve www.foobar.com 75 ms');
    await expect(sim.outcome).toContainText('total 78 ms');

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(latency).toHaveValue('20');
  });
});

test.describe('playback (motion on)', () => {
  test.use({ reducedMotion: 'no-preference' });

  test('the trace grows as the token moves; pause, step back and forward move through it', async ({
    page,
  }) => {
    const { sim } = await open(page);
    await expect(page.getByRole('checkbox', { name: 'Reduce motion' })).not.toBeChecked();
    const design = scaleUp();
    const [events] = replay(design, [{ type: 'read' }]);
    const total = events!.length;

    await sim.requestType.selectOption('read');
    await sim.sendButton.click();
    await sim.button('Pause').click();
    const paused = await sim.items.count();
    expect(paused).toBeLessThan(total);
    await page.waitForTimeout(1200);
    await expect(sim.items).toHaveCount(paused);

    await sim.button('Step forward').click();
    await expect(sim.items).toHaveCount(paused + 1);
    await expect(sim.items.last()).toHaveText(expectedLine(design, events![paused]!));
    await sim.button('Step back').click();
    await expect(sim.items).toHaveCount(paused);

    await sim.dock.getByRole('combobox', { name: 'Speed' }).selectOption('4');
    await sim.button('Play').click();
    await expect(sim.items).toHaveCount(total, { timeout: 20_000 });
    await expect(sim.items).toHaveText(events!.map((e) => expectedLine(design, e)));
    await expect(sim.outcome).toContainText('200');
    await expect(sim.button('Play')).toBeVisible();
  });
});

test.describe('traffic mode', () => {
  test.use({ reducedMotion: 'no-preference' });

  test('runs, its counters move, and failing a web server moves its load to the other', async ({
    page,
  }) => {
    const { editor, sim } = await open(page);
    await sim.openTraffic();
    await page.getByRole('spinbutton', { name: 'Requests per second' }).fill('200');
    await sim.button('Start traffic').click();
    await expect(sim.button('Stop traffic')).toBeVisible();

    await expect.poll(() => sim.total('Sent'), { timeout: 10_000 }).toBeGreaterThan(50);
    const sent = await sim.total('Sent');
    await expect.poll(() => sim.total('Sent')).toBeGreaterThan(sent);
    await expect.poll(() => sim.rate('Nginx 1')).toBeGreaterThan(20);
    await expect.poll(() => sim.rate('Nginx 2')).toBeGreaterThan(20);
    expect(await sim.total('Failed')).toBe(0);

    // Tokens are drawn on one canvas outside React: the nodes are not re-rendered by them.
    const mutations = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const root = document.querySelector('.react-flow__nodes');
          if (!root) return resolve(-1);
          let count = 0;
          const observer = new MutationObserver((records) => (count += records.length));
          observer.observe(root, {
            subtree: true,
            childList: true,
            attributes: true,
            characterData: true,
          });
          setTimeout(() => {
            observer.disconnect();
            resolve(count);
          }, 1000);
        }),
    );
    expect(mutations).toBe(0);

    await editor.select('Nginx 1');
    await page.keyboard.press('x');
    await expect(editor.component('Nginx 1')).toContainText('failed');
    // The load moves to the peer; nothing fails.
    await expect.poll(() => sim.rate('Nginx 1'), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => sim.rate('Nginx 2')).toBeGreaterThan(120);
    expect(await sim.total('Failed')).toBe(0);

    // With both down, the errors start at the load balancers.
    await editor.select('Nginx 2');
    await page.keyboard.press('x');
    await expect.poll(() => sim.total('Failed'), { timeout: 10_000 }).toBeGreaterThan(0);

    await sim.button('Stop traffic').click();
    await expect(sim.button('Start traffic')).toBeVisible();
    const stopped = await sim.total('Sent');
    await page.waitForTimeout(600);
    expect(await sim.total('Sent')).toBe(stopped);
  });
});

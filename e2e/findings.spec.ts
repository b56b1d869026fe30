/**
 * Findings (issue #3, "In the app"): the Findings region lists what the rules engine says,
 * by rule id and labels, with the documented-design checklist; components named by a finding
 * carry a badge; one-click fixes are undoable steps. Expected findings come from the engine
 * itself, run here on the same designs.
 */
import { expect, test } from './fixtures/test';
import { getTemplate, type TemplateId } from '../src/model/templates';
import type { Design } from '../src/model/types';
import { applyFix, checkDesign } from '../src/rules';
import { download } from './fixtures/files';
import { FindingsPage, findingTitle } from './fixtures/findings';

function template(id: TemplateId): Design {
  const design = getTemplate(id);
  if (!design) throw new Error(`no template ${id}`);
  return design;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Findings', exact: true })).toBeVisible();
});

test('the documented design passes the checklist, with only db-single-writer', async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.openTemplate(/^Scale up/);
  const design = template('scale-up');
  const report = checkDesign(design);
  expect(report.findings.map((f) => f.rule)).toEqual(['db-single-writer']);
  await findings.expectReportOf(design);
  const passed = report.checklist.filter((i) => i.passed).length;
  await expect(findings.region.getByText(`Documented design: ${passed}/7`)).toBeVisible();
  await expect(findings.region.getByText('No single point of failure found')).toBeVisible();
  await expect(findings.list('Errors')).toHaveCount(0);
  await expect(findings.list('Warnings').getByRole('listitem')).toHaveCount(1);
});

test('the simple web stack shows its single points of failure, with badges', async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.openTemplate(/^Simple web stack/);
  const design = template('simple-stack');
  await findings.expectReportOf(design);
  const report = checkDesign(design);
  const spofs = report.findings.filter((f) => f.rule === 'spof' || f.rule === 'server-spof');
  expect(spofs.length).toBeGreaterThan(0);
  await expect(findings.region.getByText('No single point of failure found')).toHaveCount(0);
  for (const finding of spofs) {
    await expect(findings.item(design, finding)).toContainText(finding.rule);
  }
  // Each component named by a spof finding carries a red badge saying so.
  for (const finding of report.findings.filter((f) => f.rule === 'spof')) {
    const label = design.nodes.find((n) => n.id === finding.nodes[0])!.label;
    const badge = findings.node(label).getByRole('img', { name: /spof/ });
    await expect(badge).toBeVisible();
    await expect(badge).toHaveText(/SPOF/);
    await expect(badge).toHaveAttribute('title', new RegExp(`error · spof: ${label}`));
  }
  // The documented-design checklist says what is missing.
  const passed = report.checklist.filter((i) => i.passed).length;
  await expect(findings.region.getByText(`Documented design: ${passed}/7`)).toBeVisible();
  for (const item of report.checklist.filter((i) => !i.passed)) {
    await expect(findings.region.getByText(item.detail)).toBeVisible();
  }
});

test('fixing every error of the distributed design, then undoing every fix', async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.openTemplate(/^Distributed/);
  const start = template('distributed');
  await findings.expectReportOf(start);

  // Its SPOF: the lone load balancer.
  const spof = checkDesign(start).findings.find((f) => f.rule === 'spof')!;
  const lb = start.nodes.find((n) => n.id === spof.nodes[0])!;
  expect(lb.kind).toBe('load-balancer');
  await expect(findings.item(start, spof)).toContainText(`spof ${lb.label}`);
  await expect(findings.node(lb.label).getByRole('img', { name: /spof/ })).toBeVisible();

  const startJson = (await download(page, 'Export JSON')).bytes.toString('utf8');
  const startTexts = await findings.items.allInnerTexts();

  // Apply the offered fixes one by one until no error remains.
  let design = start;
  let fixes = 0;
  for (;;) {
    const report = checkDesign(design);
    const errors = report.findings.filter((f) => f.severity === 'error');
    const error = errors.find((f) => f.fix);
    if (!error) {
      expect(errors).toEqual([]);
      break;
    }
    const item = findings.item(design, error);
    await item.getByRole('button', { name: error.fix!.label, exact: true }).click();
    await expect(item).toHaveCount(0);
    design = applyFix(design, error.fix!);
    fixes += 1;
    // Gone, and no new error in its place: the region now shows the engine's report.
    await expect(findings.list('Errors').getByRole('listitem')).toHaveCount(errors.length - 1);
    await findings.expectReportOf(design);
    expect(fixes).toBeLessThan(10);
  }
  expect(fixes).toBeGreaterThan(0);
  await expect(findings.list('Errors')).toHaveCount(0);
  await expect(findings.region.getByText('0 errors')).toBeVisible();
  await expect(findings.node(lb.label).getByRole('img', { name: /spof/ })).toHaveCount(0);

  // Undo them all with the Undo button: the original design and findings come back.
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  for (let i = 0; i < fixes; i++) await undo.click();
  await findings.expectReportOf(start);
  expect(await findings.items.allInnerTexts()).toEqual(startTexts);
  const endJson = (await download(page, 'Export JSON')).bytes.toString('utf8');
  expect(JSON.parse(endJson)).toEqual(JSON.parse(startJson));
});

test('clicking a finding selects its component and shows it', async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.openTemplate(/^Distributed/);
  const design = template('distributed');
  const spof = checkDesign(design).findings.find((f) => f.rule === 'spof')!;
  const label = design.nodes.find((n) => n.id === spof.nodes[0])!.label;

  await findings.region
    .getByRole('button', { name: findingTitle(design, spof), exact: true })
    .click();
  await expect(findings.node(label)).toHaveClass(/\bselected\b/);
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Fail component' })).toBeVisible();
  // Framed: the component is inside the visible canvas.
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  const node = (await findings.node(label).boundingBox())!;
  expect(node.x).toBeGreaterThanOrEqual(canvas.x);
  expect(node.x + node.width).toBeLessThanOrEqual(canvas.x + canvas.width);

  // A finding about a server selects the server's box.
  const server = checkDesign(design).findings.find((f) => f.rule === 'server-spof')!;
  await findings.region
    .getByRole('button', { name: findingTitle(design, server), exact: true })
    .click();
  const serverLabel = design.servers.find((s) => s.id === server.nodes[0])!.label;
  await expect(
    page.locator('.react-flow__node.selected').filter({ hasText: serverLabel }),
  ).toHaveCount(1);
});

test('dragging a component does not run the rules', async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.openTemplate(/^Distributed/);
  const design = template('distributed');
  await findings.expectReportOf(design);
  const before = await findings.rulesRuns();
  expect(before).toBeGreaterThan(0);

  const node = findings.node('Nginx 1');
  const box = (await node.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + box.width / 2 + i * 12, box.y + box.height / 2 + i * 9);
  }
  await page.mouse.up();
  await expect.poll(async () => (await node.boundingBox())!.y).toBeGreaterThan(box.y + 40);
  expect(await findings.rulesRuns()).toBe(before);
  await findings.expectReportOf(design);
});

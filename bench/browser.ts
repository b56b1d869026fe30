/**
 * The browser benchmarks of issue #5 — B1 canvas, B3 tokens, B4 export, B6 cold load —
 * measured in headless Debian Chromium through the Playwright library (trace off).
 *
 * Method (performance.md §1, §5, §9):
 * - calibrate first: a blank page's rAF must tick at 60 Hz, else nothing is measured;
 * - every figure is a ratio of two arms measured interleaved in one run (A B A B …), the
 *   first pair a discarded warm-up, gated on the median of the per-pair ratios, with the
 *   absolute numbers of each arm beside it;
 * - main-thread time is the delta of CDP `Performance.getMetrics` → `TaskDuration` (and
 *   `ScriptDuration`) around a scripted stage, one page open at a time;
 * - counters (React commits, renders per node) come from a minimal React DevTools hook in
 *   the page (bench/page-probe.js), so they need no app code; rules runs come from the
 *   app's `performance.mark('archboard:rules-run')` (or `window.__archboardStats`).
 *
 * A benchmark whose app feature is missing reports `value: null, pass: false` and a
 * `detail` saying what is missing — never a made-up number.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from '@playwright/test';
import { createBenchDesignJson, ID_PREFIX } from './designs';
import { round } from './bundle';
import { missing, result, type BenchResult } from './types';

export type Log = (line: string) => void;

/** Launch flags that work on the project's machines (performance.md §1). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const VIEWPORT = { width: 1280, height: 720 };
const PROBE = readFileSync(join(import.meta.dirname, 'page-probe.js'), 'utf8');

export interface BrowserBenchOptions {
  appUrl: string;
  bareUrl: string;
  log: Log;
  /** Which benchmarks to run: B1, B3, B4, B6 (default all). */
  only?: ReadonlySet<string>;
  /** Fewer pairs and sizes: a smoke run of the harness, not a gate. */
  quick?: boolean;
  /** B1 sizes to run (default 100, 500, 2,000). */
  sizes?: readonly number[];
  /**
   * Self-test of the method: the "app" arm is the bare page too (an A/A run), so every
   * B1/B6 ratio should come out near 1.
   */
  selfTest?: boolean;
}

interface Metrics {
  taskMs: number;
  scriptMs: number;
}

interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The page-side settings of the app arm that the bare arm copies. */
interface ArmSettings {
  cull: boolean;
  viewport?: Viewport;
  canvas?: { width: number; height: number };
  minZoom?: number;
  maxZoom?: number;
}

interface Loaded {
  page: Page;
  cdp: CDPSession;
  context: BrowserContext;
  /** Components of the design shown in the DOM once loaded. */
  shown: number;
  settings: ArmSettings;
  close: () => Promise<void>;
}

/** Thrown when the app lacks what a benchmark needs; becomes a `missing` result. */
class AppFeatureMissing extends Error {}

// --- statistics -------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- page plumbing ----------------------------------------------------------------------

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  const get = (name: string) => (list.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { taskMs: get('TaskDuration'), scriptMs: get('ScriptDuration') };
}

function delta(a: Metrics, b: Metrics): Metrics {
  return { taskMs: b.taskMs - a.taskMs, scriptMs: b.scriptMs - a.scriptMs };
}

/** Waits until the page's main thread is quiet: < 10 % busy over a 300 ms window. */
async function waitQuiet(cdp: CDPSession, maxMs = 10_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = await metrics(cdp);
  while (Date.now() < deadline) {
    await sleep(300);
    const now = await metrics(cdp);
    if (now.taskMs - last.taskMs < 30) return;
    last = now;
  }
}

async function newPage(browser: Browser, storageState?: string): Promise<Loaded> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    acceptDownloads: true,
    ...(storageState ? { storageState: JSON.parse(storageState) as never } : {}),
  });
  await context.addInitScript({ content: PROBE });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const cdp = await context.newCDPSession(page);
  await cdp
    .send('Performance.enable', { timeDomain: 'threadTicks' })
    .catch(() => cdp.send('Performance.enable'));
  return {
    page,
    cdp,
    context,
    shown: 0,
    settings: { cull: false },
    close: () => context.close(),
  };
}

const shownOf = (page: Page, prefix = ID_PREFIX) =>
  page.evaluate(
    (p) =>
      [...document.querySelectorAll(`.react-flow__node[data-id^="${p}"]`)].filter(
        (el) => (el as HTMLElement).style.visibility !== 'hidden',
      ).length,
    prefix,
  );

/**
 * Waits until the design's components are on the canvas: all `n` of them, or (culling) a
 * count that has not changed for a second. Returns how many are shown.
 */
async function waitForDesign(page: Page, n: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const shown = await shownOf(page);
    if (shown >= n) return shown;
    if (shown !== last) {
      last = shown;
      stableSince = Date.now();
    } else if (shown > 0 && Date.now() - stableSince > 1000) return shown;
    await sleep(100);
  }
  return last;
}

async function readSettings(page: Page): Promise<Omit<ArmSettings, 'cull'>> {
  const [viewport, canvas] = (await page.evaluate(
    '[window.__bench.viewport(), window.__bench.canvasRect()]',
  )) as [Viewport | null, Rect | null];
  return {
    ...(viewport ? { viewport } : {}),
    ...(canvas
      ? { canvas: { width: Math.round(canvas.width), height: Math.round(canvas.height) } }
      : {}),
  };
}

/** React Flow props the app passes (culling and zoom limits), read from the fiber tree. */
async function readFlowProps(
  page: Page,
): Promise<{ cull: boolean; minZoom?: number; maxZoom?: number } | null> {
  return page.evaluate(`(() => {
    const root = window.__bench.lastRoot;
    if (!root) return null;
    const stack = [root.current];
    while (stack.length) {
      const f = stack.pop();
      const p = f.memoizedProps;
      if (p && typeof p === 'object' && Array.isArray(p.nodes) && Array.isArray(p.edges) && 'onNodesChange' in p) {
        return { cull: !!p.onlyRenderVisibleElements, minZoom: p.minZoom, maxZoom: p.maxZoom };
      }
      if (f.sibling) stack.push(f.sibling);
      if (f.child) stack.push(f.child);
    }
    return null;
  })()`);
}

// --- the two arms -----------------------------------------------------------------------

interface Arm {
  name: 'app' | 'bare';
  open: (browser: Browser, n: number, copy?: ArmSettings) => Promise<Loaded>;
}

function bareUrlFor(base: string, n: number, s: ArmSettings | undefined): string {
  const q = new URLSearchParams({ n: String(n) });
  if (s?.cull) q.set('cull', '1');
  if (s?.viewport) q.set('vp', `${s.viewport.x},${s.viewport.y},${s.viewport.zoom}`);
  if (s?.canvas) {
    q.set('w', String(s.canvas.width));
    q.set('h', String(s.canvas.height));
  }
  if (s?.minZoom !== undefined) q.set('minZoom', String(s.minZoom));
  if (s?.maxZoom !== undefined) q.set('maxZoom', String(s.maxZoom));
  return `${base}/?${q.toString()}`;
}

function bareArm(baseUrl: string, name: 'app' | 'bare' = 'bare'): Arm {
  return {
    name,
    async open(browser, n, copy) {
      const loaded = await newPage(browser);
      try {
        await loaded.page.goto(bareUrlFor(baseUrl, n, copy));
        loaded.shown = await waitForDesign(loaded.page, n, 90_000);
        if (loaded.shown === 0) throw new Error(`bare page showed no component (n=${n})`);
        await waitQuiet(loaded.cdp);
        loaded.settings = { cull: copy?.cull ?? false, ...(await readSettings(loaded.page)) };
        return loaded;
      } catch (error) {
        await loaded.close();
        throw error;
      }
    },
  };
}

/** Opens the app and imports the design through its own `Import` chooser (DESIGN.md §5). */
async function importIntoApp(page: Page, appUrl: string, n: number): Promise<number> {
  await page.goto(`${appUrl}/?bench`);
  const button = page.getByRole('button', { name: 'Import', exact: true });
  try {
    await button.waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    throw new AppFeatureMissing('the app shows no "Import" button (DESIGN.md §5)');
  }
  let chooser;
  try {
    [chooser] = await Promise.all([
      page.waitForEvent('filechooser', { timeout: 5000 }),
      button.click(),
    ]);
  } catch {
    throw new AppFeatureMissing('"Import" did not open a file chooser');
  }
  await chooser.setFiles({
    name: `bench-${n}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(createBenchDesignJson(n)),
  });
  const shown = await waitForDesign(page, n, 90_000);
  if (shown <= 0) throw new AppFeatureMissing(`the imported ${n}-component design never appeared`);
  return shown;
}

function appArm(appUrl: string): Arm {
  return {
    name: 'app',
    async open(browser, n) {
      const loaded = await newPage(browser);
      try {
        loaded.shown = await importIntoApp(loaded.page, appUrl, n);
        await waitQuiet(loaded.cdp);
        const props = await readFlowProps(loaded.page);
        loaded.settings = {
          cull: props?.cull ?? loaded.shown < n,
          ...(props?.minZoom !== undefined ? { minZoom: props.minZoom } : {}),
          ...(props?.maxZoom !== undefined ? { maxZoom: props.maxZoom } : {}),
          ...(await readSettings(loaded.page)),
        };
        return loaded;
      } catch (error) {
        await loaded.close();
        throw error;
      }
    },
  };
}

// --- stages (B1) ------------------------------------------------------------------------

interface StageResult {
  perStepMs: number;
  scriptPerStepMs: number;
  /** React commits per input step (React Flow itself commits about 2.5 times per drag move). */
  commitsPerStep: number;
  over50: number;
  /** Wall-clock ms per step, to size the next stages within the time budget. */
  wallPerStepMs: number;
}

const nextFrame = (page: Page) => page.evaluate('window.__bench.nextFrame()');

async function timed(
  loaded: Loaded,
  steps: number,
  body: () => Promise<void>,
): Promise<StageResult> {
  const { page, cdp } = loaded;
  await page.evaluate('window.__bench.startFrames()');
  const commits0 = (await page.evaluate('window.__bench.commits')) as number;
  const before = await metrics(cdp);
  const t0 = Date.now();
  await body();
  await nextFrame(page);
  await nextFrame(page);
  const wall = Date.now() - t0;
  const after = await metrics(cdp);
  const commits1 = (await page.evaluate('window.__bench.commits')) as number;
  const frames = (await page.evaluate('window.__bench.stopFrames()')) as { over50: number };
  const d = delta(before, after);
  return {
    perStepMs: d.taskMs / steps,
    scriptPerStepMs: d.scriptMs / steps,
    commitsPerStep: (commits1 - commits0) / steps,
    over50: frames.over50,
    wallPerStepMs: wall / steps,
  };
}

async function dragTarget(page: Page): Promise<{ id: string; x: number; y: number }> {
  for (const prefix of [`${ID_PREFIX}web`, `${ID_PREFIX}app`, ID_PREFIX]) {
    const node = (await page.evaluate(`window.__bench.centralNode(${JSON.stringify(prefix)})`)) as {
      id: string;
      x: number;
      y: number;
    } | null;
    if (node) return node;
  }
  throw new Error('no component of the design is visible to drag');
}

async function drag(
  loaded: Loaded,
  steps: number,
  direction: 1 | -1,
): Promise<StageResult & { id: string }> {
  const { page } = loaded;
  const target = await dragTarget(page);
  await page.mouse.move(target.x, target.y);
  const stage = await timed(loaded, steps, async () => {
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(target.x + direction * 5 * i, target.y);
      await nextFrame(page);
    }
    await page.mouse.up();
  });
  return { ...stage, id: target.id };
}

async function canvasCentre(page: Page): Promise<{ x: number; y: number }> {
  const c = (await page.evaluate('window.__bench.canvasRect()')) as Rect | null;
  if (!c) throw new Error('no React Flow canvas on the page');
  return { x: Math.round(c.x + c.width / 2), y: Math.round(c.y + c.height / 2) };
}

/**
 * Pans with the middle button from the canvas centre: React Flow pans on a middle-button
 * drag wherever it starts (node, edge or pane), whatever the app does with the left button.
 */
async function pan(loaded: Loaded, steps: number, direction: 1 | -1): Promise<StageResult> {
  const { page } = loaded;
  const start = await canvasCentre(page);
  await page.mouse.move(start.x, start.y);
  return timed(loaded, steps, async () => {
    await page.mouse.down({ button: 'middle' });
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(start.x + direction * 5 * i, start.y + direction * 3 * i);
      await nextFrame(page);
    }
    await page.mouse.up({ button: 'middle' });
  });
}

/**
 * Zooms in, then out, with Ctrl + wheel at the canvas centre (a pinch on a trackpad sends the
 * same events): a zoom in both arms. A plain wheel is not: the bare page zooms on it, the app
 * pans on it (`panOnScroll`, as whiteboards do). Each notch of 100 scales the view by about
 * 1.15 in either arm, so eight of them stay within the zoom limits.
 */
async function zoom(loaded: Loaded, steps: number): Promise<StageResult> {
  const { page } = loaded;
  const at = await canvasCentre(page);
  await page.mouse.move(at.x, at.y);
  return timed(loaded, steps, async () => {
    await page.keyboard.down('Control');
    try {
      for (let i = 0; i < steps; i++) {
        await page.mouse.wheel(0, i < steps / 2 ? -100 : 100);
        await nextFrame(page);
      }
    } finally {
      await page.keyboard.up('Control');
    }
  });
}

interface DragCount {
  rulesRuns: number;
  nonDragged: number;
  /** The components (not dragged) that re-rendered most, as `id×count`. */
  rerendered: string[];
  dragged: number;
  commits: number;
}

/**
 * One more (untimed) drag with the render counter on, from the first move (the drag has
 * started: its component is selected, the previous selection cleared) through the drop and
 * whatever follows it.
 */
async function countDuringDrag(loaded: Loaded, steps: number): Promise<DragCount> {
  const { page, cdp } = loaded;
  const target = await dragTarget(page);
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  await page.mouse.move(target.x - 5, target.y);
  await nextFrame(page);
  await waitQuiet(cdp);
  const rules0 = (await page.evaluate('window.__bench.rulesRuns()')) as number;
  const commits0 = (await page.evaluate('window.__bench.commits')) as number;
  await page.evaluate('window.__bench.startCounting()');
  for (let i = 2; i <= steps; i++) {
    await page.mouse.move(target.x - 5 * i, target.y);
    await nextFrame(page);
  }
  await page.mouse.up();
  await waitQuiet(cdp);
  const renders = (await page.evaluate('window.__bench.stopCounting()')) as Record<string, number>;
  const rules1 = (await page.evaluate('window.__bench.rulesRuns()')) as number;
  const commits1 = (await page.evaluate('window.__bench.commits')) as number;
  const others = Object.entries(renders).filter(([id]) => id !== target.id);
  return {
    rulesRuns: rules0 < 0 || rules1 < 0 ? -1 : rules1 - rules0,
    nonDragged: others.reduce((sum, [, count]) => sum + count, 0),
    rerendered: others
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id, count]) => `${id}×${count}`),
    dragged: renders[target.id] ?? 0,
    commits: commits1 - commits0,
  };
}

// --- calibration ------------------------------------------------------------------------

interface Calibration {
  ok: boolean;
  frames: number;
  p50: number;
  detail: string;
}

async function calibrate(browser: Browser): Promise<Calibration> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>calibration</title><p>calibrating</p>');
    await page.evaluate(PROBE);
    await page.evaluate('window.__bench.startFrames()');
    await sleep(2000);
    const f = (await page.evaluate('window.__bench.stopFrames()')) as {
      frames: number;
      p50: number;
    };
    const ok = f.frames >= 100 && Math.abs(f.p50 - 16.7) <= 0.5;
    return {
      ok,
      frames: f.frames,
      p50: f.p50,
      detail: `rAF on a blank page: ${f.frames} callbacks in 2 s, median interval ${f.p50.toFixed(2)} ms`,
    };
  } finally {
    await context.close();
  }
}

// --- B1 ---------------------------------------------------------------------------------

const STAGES = ['drag', 'pan', 'zoom'] as const;
type Stage = (typeof STAGES)[number];

interface B1Plan {
  n: number;
  pairs: number;
  dragSteps: number;
  panSteps: number;
  zoomSteps: number;
  target: number;
}

type Steps = Record<Stage, number>;

/** Wall-clock budget of one stage, so a slow arm cannot stretch the run past ~10 minutes. */
const STAGE_BUDGET_MS = 5000;
const MIN_STEPS: Steps = { drag: 6, pan: 6, zoom: 4 };

/**
 * The steps of each stage for the measured pairs: the plan's, or fewer when the slower arm
 * of the warm-up pair would overrun the budget. Both arms always get the same input.
 */
function fitSteps(plan: Steps, warmUp: ReadonlyArray<Record<Stage, StageResult>>): Steps {
  const out = { ...plan };
  for (const s of STAGES) {
    const slowest = Math.max(...warmUp.map((r) => r[s].wallPerStepMs));
    const fit = Math.floor(STAGE_BUDGET_MS / Math.max(1, slowest));
    out[s] = Math.max(MIN_STEPS[s], Math.min(plan[s], fit - (fit % 2)));
  }
  return out;
}

/**
 * A few untimed steps of each stage before the timed ones, in both arms: a drag of another
 * component than the timed drag's (so the timed drag still selects its component), a pan and a
 * zoom. Each page is fresh, and the first drag, pan or zoom on it compiles that code and loads
 * what loads on first use; that is a cost of opening the page (B6), not of a step.
 */
async function warmUp(loaded: Loaded): Promise<void> {
  const { page, cdp } = loaded;
  const timed = await dragTarget(page);
  for (const prefix of [`${ID_PREFIX}app`, `${ID_PREFIX}db`, `${ID_PREFIX}lb`, ID_PREFIX]) {
    const node = (await page.evaluate(`window.__bench.centralNode(${JSON.stringify(prefix)})`)) as {
      id: string;
      x: number;
      y: number;
    } | null;
    if (!node || node.id === timed.id) continue;
    await page.mouse.move(node.x, node.y);
    await page.mouse.down();
    for (let i = 1; i <= 4; i++) {
      await page.mouse.move(node.x + 3 * i, node.y);
      await nextFrame(page);
    }
    await page.mouse.up();
    break;
  }
  await waitQuiet(cdp);
  await pan(loaded, 3, 1);
  await waitQuiet(cdp);
  await zoom(loaded, 2);
  await waitQuiet(cdp);
}

async function measureStages(
  loaded: Loaded,
  steps: Steps,
  flip: boolean,
): Promise<Record<Stage, StageResult>> {
  const dir = flip ? -1 : 1;
  const out = {} as Record<Stage, StageResult>;
  await warmUp(loaded);
  out.drag = await drag(loaded, steps.drag, dir);
  await waitQuiet(loaded.cdp);
  out.pan = await pan(loaded, steps.pan, dir);
  await waitQuiet(loaded.cdp);
  out.zoom = await zoom(loaded, steps.zoom);
  await waitQuiet(loaded.cdp);
  return out;
}

async function runB1(
  browser: Browser,
  bare: Arm,
  app: Arm,
  plans: readonly B1Plan[],
  log: Log,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const counts: Array<{ n: number; app: DragCount; bare: DragCount }> = [];
  let countProblem: string | undefined;
  for (const plan of plans) {
    const label = (stage: Stage) => `B1 ${stage} N=${plan.n} (app/bare)`;
    const samples: Record<Stage, Array<{ app: StageResult; bare: StageResult }>> = {
      drag: [],
      pan: [],
      zoom: [],
    };
    let settings: ArmSettings | undefined;
    let steps: Steps = { drag: plan.dragSteps, pan: plan.panSteps, zoom: plan.zoomSteps };
    try {
      const t0 = Date.now();
      // The warm-up pair, discarded, runs the app first to learn what the bare arm copies:
      // its viewport, canvas size, zoom limits and culling.
      {
        const w = await app.open(browser, plan.n);
        settings = w.settings;
        log(
          `  B1 N=${plan.n}: app shows ${w.shown} components, culling ${settings.cull ? 'on' : 'off'}, ` +
            `zoom ${settings.viewport?.zoom.toFixed(3) ?? '?'}, canvas ${settings.canvas?.width ?? '?'}×${settings.canvas?.height ?? '?'}`,
        );
        const planned: Steps = { drag: plan.dragSteps, pan: plan.panSteps, zoom: plan.zoomSteps };
        const wa = await measureStages(w, planned, false);
        await w.close();
        const v = await bare.open(browser, plan.n, settings);
        const wb = await measureStages(v, planned, false);
        await v.close();
        steps = fitSteps(planned, [wa, wb]);
        if (STAGES.some((s) => steps[s] < planned[s])) {
          log(`  B1 N=${plan.n}: steps cut to fit the time budget: ${JSON.stringify(steps)}`);
        }
      }
      for (let pair = 1; pair <= plan.pairs; pair++) {
        const a = await bare.open(browser, plan.n, settings);
        const ra = await measureStages(a, steps, pair % 2 === 1);
        const ca = pair === 1 ? await countDuringDrag(a, 10) : undefined;
        await a.close();
        const b = await app.open(browser, plan.n, settings);
        const rb = await measureStages(b, steps, pair % 2 === 1);
        const cb = pair === 1 ? await countDuringDrag(b, 10) : undefined;
        await b.close();
        if (ca && cb) counts.push({ n: plan.n, app: cb, bare: ca });
        for (const s of STAGES) samples[s].push({ app: rb[s], bare: ra[s] });
        log(
          `  B1 N=${plan.n} pair ${pair} (${((Date.now() - t0) / 1000).toFixed(0)} s): ` +
            STAGES.map(
              (s) => `${s} ${ra[s].perStepMs.toFixed(1)}/${rb[s].perStepMs.toFixed(1)} ms`,
            ).join(', '),
        );
      }
      for (const s of STAGES) {
        const list = samples[s];
        const ratios = list.map((x) => x.app.perStepMs / x.bare.perStepMs);
        results.push(
          result(label(s), round(median(ratios), 3), 'ratio', plan.target, {
            absolute: {
              appMsPerStep: round(median(list.map((x) => x.app.perStepMs))),
              bareMsPerStep: round(median(list.map((x) => x.bare.perStepMs))),
              appScriptMsPerStep: round(median(list.map((x) => x.app.scriptPerStepMs))),
              bareScriptMsPerStep: round(median(list.map((x) => x.bare.scriptPerStepMs))),
              appCommitsPerStep: round(median(list.map((x) => x.app.commitsPerStep)), 1),
              bareCommitsPerStep: round(median(list.map((x) => x.bare.commitsPerStep)), 1),
              appFramesOver50: median(list.map((x) => x.app.over50)),
              bareFramesOver50: median(list.map((x) => x.bare.over50)),
              pairs: list.length,
              steps: steps[s],
              culling: settings?.cull ? 'on' : 'off',
            },
          }),
        );
      }
    } catch (error) {
      const detail = describeError(error);
      log(`  B1 N=${plan.n}: ${detail}`);
      if (error instanceof AppFeatureMissing) countProblem = detail;
      for (const s of STAGES) results.push(missing(label(s), 'ratio', plan.target, detail));
    }
  }

  // The counters: 0 rules runs and 0 re-renders of components not being dragged.
  const rulesName = 'B1 rules runs during a drag';
  const rendersName = 'B1 re-renders of components not dragged, during a drag';
  if (counts.length === 0) {
    const why = countProblem ?? 'no drag could be counted';
    results.push(missing(rulesName, 'count', 0, why), missing(rendersName, 'count', 0, why));
  } else {
    const perN = (f: (c: (typeof counts)[number]) => number) =>
      Object.fromEntries(counts.map((c) => [`N=${c.n}`, f(c)]));
    if (counts.some((c) => c.app.rulesRuns < 0)) {
      results.push(
        missing(
          rulesName,
          'count',
          0,
          "the app does not report rules runs: call performance.mark('archboard:rules-run') " +
            'where checkDesign runs (or expose window.__archboardStats.rulesRuns)',
        ),
      );
    } else {
      results.push(
        result(rulesName, Math.max(...counts.map((c) => c.app.rulesRuns)), 'count', 0, {
          absolute: perN((c) => c.app.rulesRuns),
        }),
      );
    }
    const broken = counts.find((c) => c.app.dragged === 0 || c.bare.dragged === 0);
    if (broken) {
      results.push(
        missing(
          rendersName,
          'count',
          0,
          `the render counter saw no render of the dragged component at N=${broken.n} ` +
            '(React DevTools hook not reached?): no figure rather than a false 0',
        ),
      );
    } else {
      const worst = counts.find((c) => c.app.rerendered.length > 0);
      results.push(
        result(rendersName, Math.max(...counts.map((c) => c.app.nonDragged)), 'count', 0, {
          ...(worst ? { detail: `at N=${worst.n}: ${worst.app.rerendered.join(', ')}` } : {}),
          absolute: {
            ...perN((c) => c.app.nonDragged),
            ...Object.fromEntries(counts.map((c) => [`bare N=${c.n}`, c.bare.nonDragged])),
            ...Object.fromEntries(counts.map((c) => [`dragged renders N=${c.n}`, c.app.dragged])),
          },
        }),
      );
    }
  }
  return results;
}

// --- B3 ---------------------------------------------------------------------------------

interface Window2s {
  taskMsPerS: number;
  /** Main-thread ms per animation frame drawn, × 60: the cost of a second at 60 fps. */
  taskMsPer60Frames: number;
  frames: number;
  p95: number;
  over50: number;
  commits: number;
  tokens: number;
}

const tokensInFlight = (page: Page) =>
  page.evaluate('window.__archboardBench.tokensInFlight()') as Promise<number>;

/** Waits until the tokens in flight stop changing (one token lifetime after a rate change). */
async function settleTokens(page: Page, maxMs = 12_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  await sleep(1000);
  let last = await tokensInFlight(page);
  let calm = 0;
  while (Date.now() < deadline) {
    await sleep(500);
    const now = await tokensInFlight(page);
    calm = Math.abs(now - last) <= Math.max(5, 0.04 * now) ? calm + 1 : 0;
    last = now;
    if (calm >= 2) break;
  }
  return last;
}

async function setTraffic(
  page: Page,
  settings: { running: boolean; rate?: number; speed?: number },
) {
  await page.evaluate(`window.__archboardBench.setTraffic(${JSON.stringify(settings)})`);
}

/** One measured window of traffic mode at `rate` requests/s and `speed`. */
async function trafficWindow(
  loaded: Loaded,
  rate: number,
  speed: number,
  ms: number,
): Promise<Window2s> {
  const { page, cdp } = loaded;
  await setTraffic(page, { running: true, rate, speed });
  await settleTokens(page);
  const commits0 = (await page.evaluate('window.__bench.commits')) as number;
  await page.evaluate('window.__bench.startFrames()');
  const before = await metrics(cdp);
  const t0 = Date.now();
  await sleep(ms);
  const after = await metrics(cdp);
  const elapsed = Date.now() - t0;
  const frames = (await page.evaluate('window.__bench.stopFrames()')) as {
    frames: number;
    p95: number;
    over50: number;
  };
  const commits1 = (await page.evaluate('window.__bench.commits')) as number;
  const taskMs = delta(before, after).taskMs;
  return {
    taskMsPerS: (taskMs / elapsed) * 1000,
    taskMsPer60Frames: (taskMs / Math.max(1, frames.frames)) * 60,
    frames: frames.frames,
    p95: frames.p95,
    over50: frames.over50,
    commits: commits1 - commits0,
    tokens: await tokensInFlight(page),
  };
}

/** Traffic mode's rate limit, requests per second (src/store/simulation.ts). */
const MAX_TRAFFIC_RATE = 1000;

async function runB3(
  browser: Browser,
  appUrl: string,
  pairs: number,
  log: Log,
): Promise<BenchResult[]> {
  const names = {
    p95: 'B3 1,000 tokens: frame interval p95',
    over50: 'B3 1,000 tokens: frames over 50 ms in 2 s',
    added1k: 'B3 1,000 tokens: added main-thread time at 60 fps (vs no tokens)',
    added5k: 'B3 5,000 tokens: added main-thread time at 60 fps (vs no tokens)',
    commits: 'B3 React commits caused by tokens, per 2 s',
  };
  const all = (detail: string) => [
    missing(names.p95, 'ms', 16.8, detail),
    missing(names.over50, 'count', 1, detail),
    missing(names.added1k, 'ms/s', 200, detail),
    missing(names.added5k, 'ms/s', 400, detail),
    missing(names.commits, 'count', 0, detail),
  ];
  let loaded: Loaded | undefined;
  try {
    loaded = await newPage(browser);
    const { page } = loaded;
    await importIntoApp(page, appUrl, 200);
    await waitQuiet(loaded.cdp);
    const hasHook = await page.evaluate(
      "typeof window.__archboardBench?.setTraffic === 'function' && typeof window.__archboardBench?.tokensInFlight === 'function'",
    );
    if (!hasHook) {
      return all(
        'traffic mode is not benchmarkable: with ?bench in the URL the app must expose ' +
          'window.__archboardBench.setTraffic({ running, rate, speed }) and tokensInFlight() ' +
          '(src/app/bench-stats.ts)',
      );
    }
    // Traffic mode as a person opens it: its tab mounts the panel that draws the tokens.
    const tab = page.getByRole('tab', { name: 'Traffic', exact: true });
    if (!(await tab.isVisible())) throw new AppFeatureMissing('the app shows no "Traffic" tab');
    await tab.click();
    await page
      .getByRole('button', { name: /^(Start|Stop) traffic$/ })
      .waitFor({ state: 'visible', timeout: 15_000 });

    // Rates for 1,000 and 5,000 tokens: tokens in flight grow with the rate.
    const probeRate = 200;
    await setTraffic(page, { running: true, rate: probeRate, speed: 1 });
    const probe = await settleTokens(page);
    if (probe < 20) throw new Error(`traffic mode at ${probeRate} requests/s drew ${probe} tokens`);
    const rateFor = (tokens: number, speed: number) =>
      Math.min(MAX_TRAFFIC_RATE, Math.max(1, Math.round((probeRate * tokens * speed) / probe)));
    // 5,000 tokens need long-lived tokens: half speed doubles their time on screen.
    const configs = [
      { k: 1000, speed: 1, rate: rateFor(1000, 1) },
      { k: 5000, speed: 0.5, rate: rateFor(5000, 0.5) },
    ];
    log(
      `  B3: ${probe} tokens at ${probeRate} req/s; ` +
        configs.map((c) => `${c.k} tokens → ${c.rate} req/s at ${c.speed}×`).join(', '),
    );

    const rows: Array<{ k: number; a: Window2s; b: Window2s }> = [];
    for (let pair = 0; pair <= pairs; pair++) {
      for (const c of configs) {
        // A: the same page, loop running, no tokens to speak of (1 request/s).
        const a = await trafficWindow(loaded, 1, c.speed, 2000);
        const b = await trafficWindow(loaded, c.rate, c.speed, 2000);
        if (pair > 0) rows.push({ k: c.k, a, b });
        log(
          `  B3 pair ${pair} k=${c.k}: ${a.taskMsPerS.toFixed(0)} → ${b.taskMsPerS.toFixed(0)} ms/s, ` +
            `${a.frames} → ${b.frames} frames, ` +
            `p95 ${b.p95.toFixed(1)} ms, >50 ms: ${b.over50}, commits ${a.commits} → ${b.commits}, ` +
            `tokens ${a.tokens} → ${b.tokens}`,
        );
      }
    }
    await setTraffic(page, { running: false });
    const of = (k: number) => rows.filter((r) => r.k === k);
    // Gated per frame drawn (× 60 fps): on a busy machine fewer frames get drawn, and a
    // per-second figure would then shrink with the frame rate and hide the cost of tokens.
    const added = (k: number) =>
      round(median(of(k).map((r) => r.b.taskMsPer60Frames - r.a.taskMsPer60Frames)), 1);
    const abs = (k: number) => ({
      tokensInFlight: median(of(k).map((r) => r.b.tokens)),
      noTokensInFlight: median(of(k).map((r) => r.a.tokens)),
      tokensMsPerS: round(median(of(k).map((r) => r.b.taskMsPerS)), 1),
      noTokensMsPerS: round(median(of(k).map((r) => r.a.taskMsPerS)), 1),
      tokensMsPer60Frames: round(median(of(k).map((r) => r.b.taskMsPer60Frames)), 1),
      noTokensMsPer60Frames: round(median(of(k).map((r) => r.a.taskMsPer60Frames)), 1),
      framesIn2s: median(of(k).map((r) => r.b.frames)),
      noTokensFramesIn2s: median(of(k).map((r) => r.a.frames)),
      p95Ms: round(median(of(k).map((r) => r.b.p95))),
      noTokensP95Ms: round(median(of(k).map((r) => r.a.p95))),
      rate: configs.find((c) => c.k === k)?.rate ?? 0,
      pairs: of(k).length,
    });
    const short = (k: number) => {
      const got = median(of(k).map((r) => r.b.tokens));
      return got < 0.8 * k
        ? { detail: `only ${got} tokens in flight at the highest rate (${MAX_TRAFFIC_RATE} req/s)` }
        : {};
    };
    // Commits in a window move by ±1 with the phase of timers that run in both arms (traffic
    // stats are published four times a second): the mean difference over the pairs, rounded,
    // is what the tokens cause. A React-driven token would add ~120 commits per window.
    const meanDiff = (k: number) => {
      const list = of(k).map((r) => r.b.commits - r.a.commits);
      return list.reduce((sum, d) => sum + d, 0) / Math.max(1, list.length);
    };
    const commitsAdded = Math.max(0, Math.round(meanDiff(1000)), Math.round(meanDiff(5000)));
    // A frame target is only meaningful when the page without tokens meets it.
    const baseP95 = median(of(1000).map((r) => r.a.p95));
    // One vsync of jitter (16.7 → 16.8 ms) is a page at 60 fps; beyond that the machine is busy.
    const busy =
      baseP95 > 17.5
        ? {
            detail:
              `without tokens the same page already had a p95 of ${round(baseP95, 1)} ms: ` +
              'the machine is too busy for frame targets, rerun on a quiet one',
          }
        : {};
    return [
      result(names.p95, round(median(of(1000).map((r) => r.b.p95))), 'ms', 16.8, {
        absolute: abs(1000),
        ...short(1000),
        ...busy,
      }),
      result(names.over50, median(of(1000).map((r) => r.b.over50)), 'count', 1, {
        absolute: {
          max: Math.max(...of(1000).map((r) => r.b.over50)),
          noTokens: median(of(1000).map((r) => r.a.over50)),
        },
        ...busy,
      }),
      result(names.added1k, added(1000), 'ms/s', 200, { absolute: abs(1000), ...short(1000) }),
      result(names.added5k, added(5000), 'ms/s', 400, { absolute: abs(5000), ...short(5000) }),
      result(names.commits, commitsAdded, 'count', 0, {
        absolute: {
          meanAdded1k: round(meanDiff(1000)),
          meanAdded5k: round(meanDiff(5000)),
          noTokens: median(rows.map((r) => r.a.commits)),
          tokens1k: median(of(1000).map((r) => r.b.commits)),
          tokens5k: median(of(5000).map((r) => r.b.commits)),
        },
      }),
    ];
  } catch (error) {
    return all(describeError(error));
  } finally {
    await loaded?.close();
  }
}

// --- B4 ---------------------------------------------------------------------------------

/** Width and height from a PNG's IHDR, or undefined when it is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 24 || !data.subarray(0, 8).equals(signature)) return undefined;
  if (data.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

async function exportPng(page: Page): Promise<{ ms: number; width: number; height: number }> {
  const button = page.getByRole('button', { name: 'Export PNG', exact: true });
  if (!(await button.isVisible())) {
    throw new AppFeatureMissing('the app shows no "Export PNG" button (DESIGN.md §5)');
  }
  const t0 = performance.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 20_000 }),
    button.click(),
  ]);
  const path = await download.path();
  const ms = performance.now() - t0;
  const size = existsSync(path) ? pngSize(readFileSync(path)) : undefined;
  if (!size || size.width === 0 || size.height === 0) {
    throw new Error(
      `"Export PNG" downloaded ${download.suggestedFilename()}, which is not a valid PNG`,
    );
  }
  return { ms, ...size };
}

async function runB4(
  browser: Browser,
  appUrl: string,
  pairs: number,
  log: Log,
): Promise<BenchResult[]> {
  const ratioName = 'B4 export PNG, 500 vs 50 components';
  const absName = 'B4 export PNG of 500 components';
  const pages: Loaded[] = [];
  try {
    const small = await newPage(browser);
    pages.push(small);
    await importIntoApp(small.page, appUrl, 50);
    const large = await newPage(browser);
    pages.push(large);
    await importIntoApp(large.page, appUrl, 500);
    await waitQuiet(small.cdp);
    await waitQuiet(large.cdp);
    const rows: Array<{ a: number; b: number; size: string }> = [];
    for (let pair = 0; pair <= pairs; pair++) {
      const a = await exportPng(small.page);
      const b = await exportPng(large.page);
      log(
        `  B4 pair ${pair}: 50 → ${a.ms.toFixed(0)} ms, 500 → ${b.ms.toFixed(0)} ms (${b.width}×${b.height})`,
      );
      if (pair > 0) rows.push({ a: a.ms, b: b.ms, size: `${b.width}×${b.height}` });
    }
    const abs = {
      ms50: round(median(rows.map((r) => r.a)), 1),
      ms500: round(median(rows.map((r) => r.b)), 1),
      msPerNode: round(median(rows.map((r) => (r.b - r.a) / 450)), 3),
      png500: rows[0]?.size ?? '?',
      pairs: rows.length,
    };
    return [
      result(ratioName, round(median(rows.map((r) => r.b / r.a)), 3), 'ratio', 3, {
        absolute: abs,
      }),
      result(absName, abs.ms500, 'ms', 1500, { absolute: abs }),
    ];
  } catch (error) {
    const detail = describeError(error);
    return [missing(ratioName, 'ratio', 3, detail), missing(absName, 'ms', 1500, detail)];
  } finally {
    for (const p of pages) await p.close();
  }
}

// --- B6 ---------------------------------------------------------------------------------

interface ColdLoad {
  tti: number;
  readyAt: number;
  taskMs: number;
  scriptMs: number;
}

async function coldLoad(
  browser: Browser,
  url: string,
  n: number,
  state?: string,
): Promise<ColdLoad> {
  const loaded = await newPage(browser, state);
  try {
    await loaded.page.goto(url);
    const r = (await loaded.page.evaluate(`window.__bench.waitReady(${n}, 500, 30000)`)) as {
      ok: boolean;
      shown: number;
      readyAt: number;
      tti: number;
    };
    if (!r.ok) {
      throw new AppFeatureMissing(
        `${url}: ${r.shown} of ${n} components shown after 30 s (does the app reopen its autosaved design?)`,
      );
    }
    const m = await metrics(loaded.cdp);
    return { tti: r.tti, readyAt: r.readyAt, taskMs: m.taskMs, scriptMs: m.scriptMs };
  } finally {
    await loaded.close();
  }
}

/** The app, with the design imported and autosaved, as a storage state to start from. */
async function seedAutosave(browser: Browser, appUrl: string, n: number): Promise<string> {
  const loaded = await newPage(browser);
  try {
    await importIntoApp(loaded.page, appUrl, n);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      await sleep(500);
      const state = JSON.stringify(await loaded.context.storageState({ indexedDB: true }));
      if (state.includes(`${ID_PREFIX}app1`)) return state;
    }
    throw new AppFeatureMissing('the imported design was not autosaved to IndexedDB within 15 s');
  } finally {
    await loaded.close();
  }
}

async function runB6(
  browser: Browser,
  appUrl: string,
  bareUrl: string,
  pairs: number,
  selfTest: boolean,
  log: Log,
): Promise<BenchResult[]> {
  const n = 100;
  const name = `B6 cold load to interactive, ${n} components (app/bare)`;
  try {
    const state = selfTest ? undefined : await seedAutosave(browser, appUrl, n);
    const appTarget = selfTest ? `${bareUrl}/?n=${n}` : `${appUrl}/?bench`;
    const rows: Array<{ a: ColdLoad; b: ColdLoad }> = [];
    const bareLoad = () => coldLoad(browser, `${bareUrl}/?n=${n}`, n);
    const appLoad = () => coldLoad(browser, appTarget, n, state);
    for (let pair = 0; pair <= pairs; pair++) {
      // Order alternates (A B, B A, …): closing a browser context costs the next load a
      // little, and which arm pays must not depend on its name.
      const first = pair % 2 === 0 ? await bareLoad() : await appLoad();
      await sleep(1000);
      const second = pair % 2 === 0 ? await appLoad() : await bareLoad();
      await sleep(1000);
      const [a, b] = pair % 2 === 0 ? [first, second] : [second, first];
      log(`  B6 pair ${pair}: bare ${a.tti.toFixed(0)} ms, app ${b.tti.toFixed(0)} ms`);
      if (pair > 0) rows.push({ a, b });
    }
    return [
      result(name, round(median(rows.map((r) => r.b.tti / r.a.tti)), 3), 'ratio', 1.3, {
        absolute: {
          appMs: round(median(rows.map((r) => r.b.tti)), 1),
          bareMs: round(median(rows.map((r) => r.a.tti)), 1),
          appShownMs: round(median(rows.map((r) => r.b.readyAt)), 1),
          bareShownMs: round(median(rows.map((r) => r.a.readyAt)), 1),
          appMainThreadMs: round(median(rows.map((r) => r.b.taskMs)), 1),
          bareMainThreadMs: round(median(rows.map((r) => r.a.taskMs)), 1),
          pairs: rows.length,
        },
      }),
    ];
  } catch (error) {
    return [missing(name, 'ratio', 1.3, describeError(error))];
  }
}

// --- entry ------------------------------------------------------------------------------

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}

/** The B1 sizes and their targets (≤ 1.3, ≤ 1.5 at 2,000). */
export function b1Plans(quick: boolean): B1Plan[] {
  if (quick) {
    return [
      { n: 100, pairs: 2, dragSteps: 20, panSteps: 20, zoomSteps: 10, target: 1.3 },
      { n: 500, pairs: 2, dragSteps: 20, panSteps: 20, zoomSteps: 10, target: 1.3 },
      { n: 2000, pairs: 1, dragSteps: 10, panSteps: 10, zoomSteps: 6, target: 1.5 },
    ];
  }
  return [
    { n: 100, pairs: 5, dragSteps: 30, panSteps: 30, zoomSteps: 16, target: 1.3 },
    { n: 500, pairs: 3, dragSteps: 30, panSteps: 30, zoomSteps: 16, target: 1.3 },
    { n: 2000, pairs: 2, dragSteps: 16, panSteps: 16, zoomSteps: 8, target: 1.5 },
  ];
}

/** Runs the browser benchmarks against two running servers. */
export async function runBrowserBench(options: BrowserBenchOptions): Promise<BenchResult[]> {
  const { log, quick = false, selfTest = false } = options;
  const want = (id: string) => !options.only || options.only.has(id);
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  const browser = await chromium.launch({
    headless: true,
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  const results: BenchResult[] = [];
  try {
    const cal = await calibrate(browser);
    log(`calibration: ${cal.detail}${cal.ok ? '' : ' — NOT 60 Hz, browser benchmarks skipped'}`);
    if (!cal.ok) {
      const detail = `calibration failed: ${cal.detail} (need ≥ 100 and 16.7 ± 0.5 ms)`;
      return [missing('calibration: rAF at 60 Hz', 'ms', 17.2, detail)];
    }
    const bare = bareArm(options.bareUrl);
    const app = selfTest ? bareArm(options.bareUrl, 'app') : appArm(options.appUrl);
    const pairs = quick ? 2 : 5;
    if (want('B1')) {
      log('B1 canvas: app vs bare React Flow, drag / pan / zoom…');
      const plans = b1Plans(quick).filter((p) => !options.sizes || options.sizes.includes(p.n));
      results.push(...(await runB1(browser, bare, app, plans, log)));
    }
    if (want('B3')) {
      log('B3 tokens: traffic mode with 1,000 and 5,000 tokens vs none…');
      results.push(...(await runB3(browser, options.appUrl, quick ? 1 : 2, log)));
    }
    if (want('B4')) {
      log('B4 export: PNG of 500 vs 50 components…');
      results.push(...(await runB4(browser, options.appUrl, quick ? 1 : 3, log)));
    }
    if (want('B6')) {
      log('B6 cold load: time to interactive, app vs bare…');
      results.push(
        ...(await runB6(browser, options.appUrl, options.bareUrl, pairs, selfTest, log)),
      );
    }
    return results;
  } finally {
    await browser.close();
  }
}

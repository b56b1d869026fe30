// In-page probe of the browser benchmarks, installed with `page.addInitScript` before any
// script of the page runs (both arms alike). Plain JavaScript on purpose: Playwright ships
// it as text, and a transpiled function would carry helpers the page does not have.
//
// window.__bench:
// - commits: React commits so far, counted through a minimal React DevTools hook (React
//   calls `onCommitFiberRoot` in production builds too). No app code needed.
// - startCounting() / stopCounting(): while on, every commit walks the fiber tree and counts,
//   per React Flow node id, the renders of that node's component and of every component
//   inside it (a fiber "rendered" when its props or hook state object changed).
// - startFrames() / stopFrames(): rAF interval recorder with a generation token.
// - loafs: long animation frames (> 50 ms), from PerformanceObserver.
// - waitReady(expected): resolves when `expected` React Flow nodes are measured and shown,
//   then a 500 ms window passes with no long animation frame (time to interactive).
(() => {
  const B = {
    commits: 0,
    counting: false,
    renders: new Map(),
    lastRoot: null,
    gen: 0,
    frameTimes: [],
    loafs: [],
  };
  window.__bench = B;

  // --- React commits and per-node renders -------------------------------------------
  const FUNCTION_TAGS = new Set([0, 11, 15]); // function, forwardRef, simple memo
  const records = new WeakMap();

  function nodeIdOf(fiber) {
    const props = fiber.memoizedProps;
    if ((FUNCTION_TAGS.has(fiber.tag) || fiber.tag === 14) && props && typeof props === 'object') {
      if (
        'positionAbsoluteX' in props &&
        'isConnectable' in props &&
        typeof props.id === 'string'
      ) {
        return props.id;
      }
    }
    return undefined;
  }

  function walk(rootFiber, count) {
    const stack = [rootFiber, undefined];
    while (stack.length > 0) {
      const owner = stack.pop();
      const fiber = stack.pop();
      if (!fiber) continue;
      const id = nodeIdOf(fiber) ?? owner;
      if (id !== undefined && FUNCTION_TAGS.has(fiber.tag)) {
        let rec =
          records.get(fiber) ?? (fiber.alternate ? records.get(fiber.alternate) : undefined);
        const rendered =
          rec === undefined ||
          rec.props !== fiber.memoizedProps ||
          rec.state !== fiber.memoizedState;
        if (rec === undefined) rec = {};
        rec.props = fiber.memoizedProps;
        rec.state = fiber.memoizedState;
        records.set(fiber, rec);
        if (fiber.alternate) records.set(fiber.alternate, rec);
        if (count && rendered) B.renders.set(id, (B.renders.get(id) ?? 0) + 1);
      }
      if (fiber.sibling) stack.push(fiber.sibling, owner);
      if (fiber.child) stack.push(fiber.child, id);
    }
  }

  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject(internals) {
      const id = this.renderers.size + 1;
      this.renderers.set(id, internals);
      return id;
    },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      B.commits += 1;
      B.lastRoot = root;
      if (B.counting) walk(root.current, true);
    },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    setStrictMode() {},
  };

  B.startCounting = () => {
    B.renders = new Map();
    if (B.lastRoot) walk(B.lastRoot.current, false); // baseline: every fiber seen once
    B.counting = true;
  };
  B.stopCounting = () => {
    B.counting = false;
    return Object.fromEntries(B.renders);
  };

  // --- rules runs (the app marks each run; see bench/README.md) -------------------------
  B.rulesRuns = () => {
    const stats = window.__archboardStats;
    if (stats && typeof stats.rulesRuns === 'number') return stats.rulesRuns;
    const marks = performance.getEntriesByName('archboard:rules-run', 'mark').length;
    return marks > 0 ? marks : -1; // -1: the app does not report rules runs
  };

  // --- frames ---------------------------------------------------------------------------
  B.startFrames = () => {
    const gen = ++B.gen;
    B.frameTimes = [];
    const loop = (t) => {
      if (B.gen !== gen) return;
      B.frameTimes.push(t);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
  B.stopFrames = () => {
    B.gen += 1;
    const t = B.frameTimes;
    const intervals = [];
    for (let i = 1; i < t.length; i++) intervals.push(t[i] - t[i - 1]);
    const sorted = [...intervals].sort((a, b) => a - b);
    const pick = (q) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
    return {
      frames: t.length,
      p50: pick(0.5),
      p95: pick(0.95),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      over50: intervals.filter((d) => d > 50).length,
    };
  };
  B.nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  // --- long animation frames ------------------------------------------------------------
  try {
    const type = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
      ? 'long-animation-frame'
      : 'longtask';
    B.loafType = type;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        B.loafs.push({
          start: e.startTime,
          end: e.startTime + e.duration,
          blocking: e.blockingDuration ?? 0,
        });
      }
    }).observe({ type, buffered: true });
  } catch {
    B.loafType = 'none';
  }

  // --- readiness and time to interactive -------------------------------------------------
  function shownNodes() {
    const all = document.querySelectorAll('.react-flow__node').length;
    const hidden = document.querySelectorAll(
      '.react-flow__node[style*="visibility: hidden"]',
    ).length;
    return all - hidden;
  }
  B.shownNodes = shownNodes;

  B.waitReady = (expected, quietMs = 500, timeoutMs = 30000) =>
    new Promise((resolve) => {
      const start = performance.now();
      let readyAt = -1;
      const poll = () => {
        const now = performance.now();
        if (now - start > timeoutMs) {
          resolve({ ok: false, shown: shownNodes(), readyAt, tti: -1 });
          return;
        }
        if (readyAt < 0) {
          if (shownNodes() >= expected) readyAt = now;
          requestAnimationFrame(poll);
          return;
        }
        let t = readyAt;
        for (const l of [...B.loafs].sort((a, b) => a.start - b.start)) {
          if (l.end <= t) continue;
          if (l.start < t + quietMs) t = Math.max(t, l.end);
          else break;
        }
        if (now >= t + quietMs + 50) resolve({ ok: true, shown: shownNodes(), readyAt, tti: t });
        else setTimeout(poll, 50);
      };
      requestAnimationFrame(poll);
    });

  // --- geometry helpers -------------------------------------------------------------------
  B.canvasRect = () => {
    const el = document.querySelector('.react-flow');
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  };
  B.viewport = () => {
    const el = document.querySelector('.react-flow__viewport');
    const m =
      el &&
      /translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)\s*scale\(([-\d.e]+)\)/.exec(el.style.transform);
    return m ? { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) } : null;
  };
  /** The shown node of the given id prefix nearest to the canvas centre. */
  B.centralNode = (prefix) => {
    const c = B.canvasRect();
    if (!c) return null;
    const cx = c.x + c.width / 2;
    const cy = c.y + c.height / 2;
    let best = null;
    for (const el of document.querySelectorAll('.react-flow__node')) {
      const id = el.getAttribute('data-id') ?? '';
      if (!id.startsWith(prefix)) continue;
      const r = el.getBoundingClientRect();
      const x = r.x + r.width / 2;
      const y = r.y + r.height / 2;
      if (x < c.x + 40 || x > c.x + c.width - 40 || y < c.y + 40 || y > c.y + c.height - 40)
        continue;
      const hit = document.elementFromPoint(x, y);
      if (!hit || !el.contains(hit)) continue; // covered by a panel
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (!best || d < best.d) best = { id, x, y, d };
    }
    return best;
  };
})();

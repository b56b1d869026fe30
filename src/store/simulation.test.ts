import { describe, expect, it } from 'vitest';
import { getTemplate } from '../model/templates';
import type { Design } from '../model/types';
import { simulateRequest } from '../sim';
import { findCommandForKey, getCommand, type CommandContext } from './commands';
import { createDesignStore, type DesignStore } from './create-store';
import { checkFlows, describeTraceLine, selectFlowChecks, selectSimState } from './simulation';

const noop = () => {};
const INERT_COMMAND_CONTEXT_FOR_TESTS: CommandContext = {
  viewCenter: () => ({ x: 0, y: 0 }),
  fitView: noop,
  openImport: noop,
  exportJson: noop,
  exportPng: noop,
  exportSvg: noop,
};

function scaleUp(): Design {
  const design = getTemplate('scale-up');
  if (!design) throw new Error('scale-up template missing');
  return design;
}

function servedBy(store: DesignStore): string | undefined {
  const run = store.getState().simulation.run;
  const last = run?.result.events[run.result.events.length - 1];
  return last?.type === 'response' ? last.servedBy : undefined;
}

describe('sending a request', () => {
  it('applies the simulator result: the run holds its events and the counters advance', () => {
    const store = createDesignStore(scaleUp());
    const before = selectSimState(store.getState());
    const run = store.getState().sendRequest('static');
    const expected = simulateRequest(store.getState().design, 'static', before);
    expect(run.result.events).toEqual(expected.events);
    expect(run.id).toBe(1);
    expect(store.getState().simulation.counters).toEqual(expected.state.counters);
    expect(store.getState().simulation.run).toBe(run);
  });

  it('spreads successive static requests over both web servers (round robin kept in the store)', () => {
    const store = createDesignStore(scaleUp());
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 4; i++) {
      store.getState().sendRequest('static');
      seen.add(servedBy(store));
    }
    expect(seen).toEqual(new Set(['web1', 'web2']));
  });

  it('sends the selected request type by default', () => {
    const store = createDesignStore(scaleUp());
    store.getState().setRequestType('write');
    const run = store.getState().sendRequest();
    expect(run.type).toBe('write');
    expect(servedBy(store)).toBe('db1');
  });

  it('numbers runs in the order they were sent', () => {
    const store = createDesignStore(scaleUp());
    store.getState().sendRequest('static');
    expect(store.getState().sendRequest('read').id).toBe(2);
  });
});

describe('failures stay in sync with the simulator', () => {
  it('hands the simulator exactly the failed ids of the slice', () => {
    const store = createDesignStore(scaleUp());
    store.getState().toggleFailed('web1');
    expect(selectSimState(store.getState()).failed).toEqual(['web1']);
    store.getState().toggleFailed('web1');
    expect(selectSimState(store.getState()).failed).toEqual([]);
  });

  it('routes every request around a failed web server, and recovers', () => {
    const store = createDesignStore(scaleUp());
    store.getState().toggleFailed('web1');
    for (let i = 0; i < 6; i++) {
      const run = store.getState().sendRequest('static');
      expect(run.result.status).toBe(200);
      expect(servedBy(store)).toBe('web2');
      const visited = run.result.events.flatMap((e) => (e.type === 'hop' ? [e.from, e.to] : []));
      expect(visited).not.toContain('web1');
    }
    store.getState().toggleFailed('web2');
    const failed = store.getState().sendRequest('static');
    expect(failed.result.status).toBe(503);
    expect(failed.result.events.some((e) => e.type === 'failed')).toBe(true);
    store.getState().setFailed([]);
    expect(store.getState().sendRequest('static').result.status).toBe(200);
  });

  it('fails every component of a failed server', () => {
    const design = getTemplate('simple-stack')!;
    const store = createDesignStore(design);
    store.getState().toggleFailed('server1');
    expect(store.getState().sendRequest('static').result.status).not.toBe(200);
  });

  it('forgets a failed component once it is deleted', () => {
    const store = createDesignStore(scaleUp());
    store.getState().toggleFailed('web1');
    store.getState().setSelection({ nodes: ['web1'] });
    store.getState().removeSelection();
    expect(selectSimState(store.getState()).failed).toEqual([]);
  });

  it('keeps the same simulator state object while the slice is unchanged', () => {
    const store = createDesignStore(scaleUp());
    const a = selectSimState(store.getState());
    store.getState().setTheme('dark');
    expect(selectSimState(store.getState())).toBe(a);
    store.getState().toggleFailed('web1');
    expect(selectSimState(store.getState())).not.toBe(a);
  });
});

describe('playback', () => {
  it('starts a run at its first event and plays it', () => {
    const store = createDesignStore(scaleUp());
    const run = store.getState().sendRequest('read');
    expect(run.cursor).toBe(0);
    expect(store.getState().simulation.playing).toBe(true);
  });

  it('advances one event per call from the animation, and stops at the end', () => {
    const store = createDesignStore(scaleUp());
    const run = store.getState().sendRequest('static');
    const total = run.result.events.length;
    for (let i = 0; i < total; i++) store.getState().advanceRun(run.id, i);
    expect(store.getState().simulation.run?.cursor).toBe(total);
    expect(store.getState().simulation.playing).toBe(false);
  });

  it('ignores a stale advance (an older run, or a cursor that moved)', () => {
    const store = createDesignStore(scaleUp());
    const first = store.getState().sendRequest('static');
    const second = store.getState().sendRequest('static');
    store.getState().advanceRun(first.id, 0);
    expect(store.getState().simulation.run?.cursor).toBe(0);
    store.getState().advanceRun(second.id, 3);
    expect(store.getState().simulation.run?.cursor).toBe(0);
  });

  it('steps forward and back within the run and pauses', () => {
    const store = createDesignStore(scaleUp());
    const run = store.getState().sendRequest('static');
    store.getState().stepRun(1);
    store.getState().stepRun(1);
    expect(store.getState().simulation.run?.cursor).toBe(2);
    expect(store.getState().simulation.playing).toBe(false);
    store.getState().stepRun(-1);
    store.getState().stepRun(-1);
    store.getState().stepRun(-1);
    expect(store.getState().simulation.run?.cursor).toBe(0);
    store.getState().finishRun();
    store.getState().stepRun(1);
    expect(store.getState().simulation.run?.cursor).toBe(run.result.events.length);
  });

  it('replays a finished run from the start', () => {
    const store = createDesignStore(scaleUp());
    store.getState().sendRequest('static');
    store.getState().finishRun();
    store.getState().play();
    expect(store.getState().simulation.run?.cursor).toBe(0);
    expect(store.getState().simulation.playing).toBe(true);
  });

  it('accepts only the offered speeds', () => {
    const store = createDesignStore(scaleUp());
    store.getState().setSpeed(4);
    store.getState().setSpeed(3);
    expect(store.getState().simulation.speed).toBe(4);
  });
});

describe('reduced motion', () => {
  it('shows the whole run at once, without playing', () => {
    const store = createDesignStore(scaleUp());
    store.getState().setReducedMotion(true);
    const run = store.getState().sendRequest('write');
    expect(run.cursor).toBe(run.result.events.length);
    expect(store.getState().simulation.playing).toBe(false);
  });

  it('finishes a playing run when turned on', () => {
    const store = createDesignStore(scaleUp());
    const run = store.getState().sendRequest('read');
    store.getState().setReducedMotion(true);
    expect(store.getState().simulation.run?.cursor).toBe(run.result.events.length);
    expect(store.getState().simulation.playing).toBe(false);
  });

  it('follows the system setting until the person chooses', () => {
    const store = createDesignStore(scaleUp());
    store.getState().setReducedMotion(true, { fromSystem: true });
    expect(store.getState().simulation.reducedMotion).toBe(true);
    store.getState().setReducedMotion(false);
    store.getState().setReducedMotion(true, { fromSystem: true });
    expect(store.getState().simulation.reducedMotion).toBe(false);
  });
});

describe('flow checks', () => {
  it('says which request types still work with the current failures', () => {
    const design = scaleUp();
    const ok = (failed: string[]) => checkFlows(design, failed).map((f) => [f.type, f.ok]);
    expect(ok([])).toEqual([
      ['static', true],
      ['read', true],
      ['write', true],
    ]);
    // The lone primary takes every write; reads fall back to it only while it is up.
    expect(ok(['db1'])).toEqual([
      ['static', true],
      ['read', true],
      ['write', false],
    ]);
    expect(ok(['web1', 'web2']).every(([, works]) => works === false)).toBe(true);
  });

  it('names the component that answers or where the request fails', () => {
    const design = scaleUp();
    const [staticFlow] = checkFlows(design, ['web1']);
    expect(staticFlow?.servedBy).toBe('web2');
    const [broken] = checkFlows(design, ['web1', 'web2']);
    expect(broken?.status).toBe(503);
    expect(broken?.outcome).toMatch(/^503 failed at HAProxy [12]/);
  });

  it('recomputes only when the design or the failures change', () => {
    const store = createDesignStore(scaleUp());
    const a = selectFlowChecks(store.getState());
    store.getState().sendRequest('static');
    expect(selectFlowChecks(store.getState())).toBe(a);
    store.getState().toggleFailed('db1');
    expect(selectFlowChecks(store.getState())).not.toBe(a);
  });
});

describe('trace lines', () => {
  it('ends with the outcome: its status and the total time', () => {
    const store = createDesignStore(scaleUp());
    store.getState().toggleFailed('web1');
    store.getState().toggleFailed('web2');
    const run = store.getState().sendRequest('static');
    const lines = run.result.events.map((e) => describeTraceLine(run.design, e));
    const last = lines[lines.length - 1]!;
    expect(last.kind).toBe('outcome');
    expect(last.status).toBe(503);
    expect(last.text).toContain('failed');
    expect(lines[0]!.text).toBe('User → DNS www.foobar.com: resolve www.foobar.com');
    expect(lines[0]!.ms).toBe(20);
  });
});

describe('commands', () => {
  it('X fails the selection, and recovers it when it is all failed', () => {
    const store = createDesignStore(scaleUp());
    const command = findCommandForKey({
      key: 'x',
      code: 'KeyX',
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
    });
    expect(command?.id).toBe('toggle-failed');
    store.getState().setSelection({ nodes: ['web1', 'web2'] });
    command!.perform(store, INERT_COMMAND_CONTEXT_FOR_TESTS);
    expect(store.getState().simulation.failed).toEqual(['web1', 'web2']);
    store.getState().setSelection({ nodes: ['web1'] });
    command!.perform(store, INERT_COMMAND_CONTEXT_FOR_TESTS);
    expect(store.getState().simulation.failed).toEqual(['web2']);
  });

  it('X fails a selected server, and with it every component on it', () => {
    const store = createDesignStore(getTemplate('simple-stack')!);
    store.getState().setSelection({ servers: ['server1'] });
    getCommand('toggle-failed').perform(store, INERT_COMMAND_CONTEXT_FOR_TESTS);
    expect(selectSimState(store.getState()).failed).toEqual(['server1']);
    const run = store.getState().sendRequest('static');
    expect(run.result.status).not.toBe(200);
    getCommand('toggle-failed').perform(store, INERT_COMMAND_CONTEXT_FOR_TESTS);
    expect(store.getState().sendRequest('static').result.status).toBe(200);
  });

  it('is disabled with nothing selected', () => {
    const store = createDesignStore(scaleUp());
    expect(getCommand('toggle-failed').isEnabled(store.getState())).toBe(false);
  });

  it('sends a request of the selected type', () => {
    const store = createDesignStore(scaleUp());
    store.getState().setRequestType('read');
    getCommand('send-request').perform(store, INERT_COMMAND_CONTEXT_FOR_TESTS);
    expect(store.getState().simulation.run?.type).toBe('read');
  });
});

describe('traffic settings', () => {
  it('clamps the rate to 1…1,000 requests per second', () => {
    const store = createDesignStore(scaleUp());
    store.getState().setTraffic({ rate: 5000 });
    expect(store.getState().simulation.traffic.rate).toBe(1000);
    store.getState().setTraffic({ rate: 0 });
    expect(store.getState().simulation.traffic.rate).toBe(1);
    store.getState().setTraffic({ rate: Number.NaN });
    expect(store.getState().simulation.traffic.rate).toBe(1);
  });

  it('refuses negative mix weights', () => {
    const store = createDesignStore(scaleUp());
    store.getState().setTraffic({ mix: { static: -1, read: 2, write: 0 } });
    expect(store.getState().simulation.traffic.mix).toEqual({ static: 6, read: 2, write: 0 });
  });
});

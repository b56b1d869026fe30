import {
  Suspense,
  lazy,
  memo,
  useEffect,
  useId,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { KindIcon } from '../canvas/KindIcon';
import type { IconNode } from '../model/catalogue';
import {
  REQUEST_TYPES,
  SIM_SPEEDS,
  formatKey,
  getCommand,
  labelOf,
  selectFlowChecks,
  selectPlaying,
  selectReducedMotion,
  selectRequestType,
  selectRun,
  useDesignStore,
  useStoreApi,
  type FlowCheck,
  type RequestType,
} from '../store';
import { isMac } from './platform';
import { SIM_ICONS } from './sim-icons';
import { TraceList } from './TraceList';
import './simulation.css';

// Traffic mode is its own chunk: the initial bundle stays small until someone opens it.
const TrafficPanel = lazy(() => import('./TrafficPanel'));

type Tab = 'request' | 'traffic';

const REQUEST_HINTS: Record<RequestType, string> = {
  static: 'A page or an image: a web server answers it.',
  read: 'Dynamic, reads data: goes on to an app server and a database that allows reads.',
  write: 'Dynamic, writes data: goes on to an app server and the primary database.',
};

function shortcut(id: string): string {
  const key = getCommand(id).keys?.[0];
  return key ? ` (${formatKey(key, isMac())})` : '';
}

function DockButton({
  icon,
  label,
  onClick,
  disabled,
  pressed,
  title,
}: {
  icon: IconNode;
  label: string;
  onClick: () => void;
  disabled?: boolean;
  pressed?: boolean;
  title?: string;
}) {
  return (
    <button
      type="button"
      className="ab-tool"
      aria-label={label}
      title={title ?? label}
      disabled={disabled}
      aria-pressed={pressed}
      onClick={onClick}
    >
      <KindIcon icon={icon} size={17} />
    </button>
  );
}

/** Follows `prefers-reduced-motion` until the person sets the toggle themselves. */
function useSystemReducedMotion() {
  const store = useStoreApi();
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-reduced-motion: reduce)');
    if (!query) return;
    const apply = () => store.getState().setReducedMotion(query.matches, { fromSystem: true });
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [store]);
}

function RequestControls() {
  const store = useStoreApi();
  const id = useId();
  const type = useDesignStore(selectRequestType);
  const run = useDesignStore(selectRun);
  const playing = useDesignStore(selectPlaying);
  const total = run?.result.events.length ?? 0;
  const cursor = run?.cursor ?? 0;
  const sim = store.getState();
  return (
    <>
      <div className="ab-dock__group">
        <label className="ab-dock__label" htmlFor={id}>
          Request type
        </label>
        <select
          id={id}
          className="ab-input ab-select ab-dock__select"
          value={type}
          title={REQUEST_HINTS[type]}
          onChange={(e) => {
            const next = REQUEST_TYPES.find((t) => t === e.target.value);
            if (next) store.getState().setRequestType(next);
          }}
        >
          {REQUEST_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="ab-button ab-button--primary ab-dock__send"
          title={`Send one ${type} request through the design${shortcut('send-request')}`}
          onClick={() => store.getState().sendRequest()}
        >
          <KindIcon icon={SIM_ICONS.send} size={15} />
          <span>Send request</span>
        </button>
      </div>
      <div className="ab-dock__group" role="group" aria-label="Playback">
        <DockButton
          icon={SIM_ICONS.stepBack}
          label="Step back"
          disabled={!run || cursor === 0}
          onClick={() => sim.stepRun(-1)}
        />
        <DockButton
          icon={playing ? SIM_ICONS.pause : SIM_ICONS.play}
          label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause' : cursor >= total && run ? 'Replay' : 'Play'}
          disabled={!run}
          onClick={() => (playing ? sim.pause() : sim.play())}
        />
        <DockButton
          icon={SIM_ICONS.stepForward}
          label="Step forward"
          disabled={!run || cursor >= total}
          onClick={() => sim.stepRun(1)}
        />
        <DockButton
          icon={SIM_ICONS.clear}
          label="Clear trace"
          disabled={!run}
          onClick={() => sim.clearRun()}
        />
      </div>
    </>
  );
}

function MotionControls() {
  const store = useStoreApi();
  const speed = useDesignStore((s) => s.simulation.speed);
  const reduced = useDesignStore(selectReducedMotion);
  useSystemReducedMotion();
  return (
    <div className="ab-dock__group ab-dock__group--end">
      <select
        className="ab-input ab-select ab-dock__select ab-dock__speed"
        aria-label="Speed"
        title="Animation speed"
        value={speed}
        onChange={(e) => store.getState().setSpeed(Number(e.target.value))}
      >
        {SIM_SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      <label className="ab-dock__check" title="Highlight hops without moving tokens">
        <input
          type="checkbox"
          checked={reduced}
          onChange={(e) => store.getState().setReducedMotion(e.target.checked)}
        />
        <span>Reduce motion</span>
      </label>
    </div>
  );
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function flowDetail(check: FlowCheck, label: (id: string) => string): string {
  if (check.ok) return check.servedBy !== undefined ? `served by ${label(check.servedBy)}` : 'OK';
  if (check.failedAt === undefined) return check.outcome;
  return `${check.status} at ${label(check.failedAt)}${check.reason ? `: ${check.reason}` : ''}`;
}

/** Which request types still work with the current failures, and the failed components. */
const FlowStatus = memo(function FlowStatus() {
  const store = useStoreApi();
  const checks = useDesignStore(selectFlowChecks);
  const design = useDesignStore((s) => s.design);
  const failedIds = useDesignStore((s) => s.simulation.failed);
  const failed = failedIds.map((id) => ({ id, label: labelOf(design, id) }));
  const names = listWords(failed.map((f) => f.label));
  const broken = checks.filter((c) => !c.ok).map((c) => c.type);
  const label = (id: string) => labelOf(design, id);

  let summary: ReactNode;
  if (failed.length === 0)
    summary = broken.length
      ? `${listWords(broken)} requests fail even with nothing failed: check the findings.`
      : 'Nothing is failed. Select a component and press X (or Fail component) to see what breaks.';
  else if (broken.length === 0)
    summary = `Requests are rerouted around ${names}: no request type depends on ${
      failed.length === 1 ? 'it' : 'them'
    } alone.`;
  else
    summary = `${listWords(broken)} requests now fail: nothing else can do the work of ${names}.`;

  return (
    <section className="ab-flows" aria-labelledby="ab-flows-title">
      <h3 className="ab-flows__title" id="ab-flows-title">
        {failed.length ? `With ${names} failed` : 'What works now'}
      </h3>
      <ul className="ab-flows__list" aria-label="Outcome by kind of request">
        {checks.map((check) => (
          <li key={check.type} className="ab-flows__item" data-ok={check.ok}>
            <KindIcon icon={check.ok ? SIM_ICONS.ok : SIM_ICONS.broken} size={15} />
            <span className="ab-flows__type">
              {check.type} {check.ok ? '✓' : '✗'}
            </span>
            <span className="ab-flows__detail">{flowDetail(check, label)}</span>
          </li>
        ))}
      </ul>
      <p className="ab-flows__summary">{summary}</p>
      {failed.length ? (
        <ul className="ab-flows__failed" aria-label="Failed components">
          {failed.map((f) => (
            <li key={f.id}>
              <button
                type="button"
                className="ab-button ab-button--small ab-flows__recover"
                onClick={() => store.getState().toggleFailed(f.id)}
              >
                <KindIcon icon={SIM_ICONS.recover} size={13} />
                <span>Recover {f.label}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
});

/**
 * The simulation dock under the canvas: send one request and follow it hop by hop (trace,
 * playback, speed, reduced motion), see which request types survive the current failures, or
 * switch to traffic mode.
 */
export const SimulationPanel = memo(function SimulationPanel() {
  const [tab, setTab] = useState<Tab>('request');
  const [trafficOpened, setTrafficOpened] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const trafficRunning = useDesignStore((s) => s.simulation.traffic.running);
  const baseId = useId();
  const tabId = (t: Tab) => `${baseId}-tab-${t}`;
  const panelId = (t: Tab) => `${baseId}-panel-${t}`;

  const choose = (t: Tab) => {
    setTab(t);
    setCollapsed(false);
    if (t === 'traffic') setTrafficOpened(true);
  };
  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Tab = tab === 'request' ? 'traffic' : 'request';
    choose(next);
    document.getElementById(tabId(next))?.focus();
  };

  return (
    <section
      className={['ab-dock', collapsed ? 'is-collapsed' : ''].join(' ')}
      aria-label="Simulation"
    >
      <div className="ab-dock__bar">
        <div
          className="ab-dock__tabs"
          role="tablist"
          aria-label="Simulation mode"
          onKeyDown={onTabKey}
        >
          {(['request', 'traffic'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={tabId(t)}
              aria-selected={tab === t}
              aria-controls={panelId(t)}
              tabIndex={tab === t ? 0 : -1}
              className="ab-dock__tab"
              onClick={() => choose(t)}
            >
              {t === 'request' ? 'Request' : 'Traffic'}
              {t === 'traffic' && trafficRunning ? (
                <span className="ab-dock__live" title="Traffic is running">
                  live
                </span>
              ) : null}
            </button>
          ))}
        </div>
        {tab === 'request' ? <RequestControls /> : <span className="ab-dock__spacer" />}
        <MotionControls />
        <DockButton
          icon={collapsed ? SIM_ICONS.expand : SIM_ICONS.collapse}
          label={collapsed ? 'Show simulation' : 'Hide simulation'}
          onClick={() => setCollapsed(!collapsed)}
        />
      </div>
      <div
        className="ab-dock__body"
        role="tabpanel"
        id={panelId('request')}
        aria-labelledby={tabId('request')}
        hidden={collapsed || tab !== 'request'}
      >
        <TraceList />
        <FlowStatus />
      </div>
      {trafficOpened ? (
        <div
          className="ab-dock__body ab-dock__body--single"
          role="tabpanel"
          id={panelId('traffic')}
          aria-labelledby={tabId('traffic')}
          hidden={collapsed || tab !== 'traffic'}
        >
          <Suspense fallback={<p className="ab-muted">Loading traffic mode…</p>}>
            <TrafficPanel />
          </Suspense>
        </div>
      ) : null}
    </section>
  );
});

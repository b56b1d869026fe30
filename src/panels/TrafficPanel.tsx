/**
 * Traffic mode (loaded on demand): start and stop a stream of requests, set its rate and its
 * static/read/write mix, and watch the load: tokens and per-component counters on the canvas,
 * a chart of served and failed requests per second, and the load on each component here.
 * Failing a component while it runs shows the load moving to its peers, or the errors
 * starting where a single point of failure was.
 */
import { memo, useEffect, useId, useMemo, useState } from 'react';
import { KindIcon } from '../canvas/KindIcon';
import { getOverlay } from '../canvas/overlay';
import { createTrafficLayer } from '../canvas/traffic-layer';
import {
  REQUEST_TYPES,
  TRAFFIC_MAX_RATE,
  TRAFFIC_MIN_RATE,
  selectTraffic,
  useDesignStore,
  useStoreApi,
  type RequestType,
  type TrafficMix,
  type TrafficStats,
} from '../store';
import { getTrafficRunner } from '../store/traffic-runner';
import { SIM_ICONS } from './sim-icons';

const SLIDER_MAX = 1000;

/** The rate slider is logarithmic: 1, 10, 100 and 1,000 requests per second are equally far apart. */
function rateToSlider(rate: number): number {
  return Math.round((Math.log10(Math.max(1, rate)) / 3) * SLIDER_MAX);
}
function sliderToRate(value: number): number {
  return Math.round(10 ** ((3 * value) / SLIDER_MAX));
}

function formatRate(x: number): string {
  return x >= 10 ? Math.round(x).toString() : x.toFixed(1).replace(/\.0$/, '');
}

function percent(mix: TrafficMix, type: RequestType): number {
  const total = mix.static + mix.read + mix.write;
  return total > 0 ? Math.round((mix[type] / total) * 100) : Math.round(100 / 3);
}

function RateControl() {
  const store = useStoreApi();
  const rate = useDesignStore((s) => s.simulation.traffic.rate);
  const sliderId = useId();
  const numberId = useId();
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const invalid =
    draft !== undefined &&
    !(Number(draft) >= TRAFFIC_MIN_RATE && Number(draft) <= TRAFFIC_MAX_RATE);
  return (
    <div className="ab-traffic__rate">
      <label className="ab-dock__label" htmlFor={sliderId}>
        Rate
      </label>
      <input
        id={sliderId}
        type="range"
        min={0}
        max={SLIDER_MAX}
        step={1}
        value={rateToSlider(rate)}
        aria-valuetext={`${rate} requests per second`}
        onChange={(e) =>
          store.getState().setTraffic({ rate: sliderToRate(Number(e.target.value)) })
        }
      />
      <input
        id={numberId}
        className="ab-input ab-traffic__number"
        type="number"
        inputMode="numeric"
        min={TRAFFIC_MIN_RATE}
        max={TRAFFIC_MAX_RATE}
        step={1}
        aria-label="Requests per second"
        aria-invalid={invalid}
        value={draft ?? rate}
        onChange={(e) => {
          const text = e.target.value;
          const n = Number(text);
          if (
            text !== '' &&
            Number.isInteger(n) &&
            n >= TRAFFIC_MIN_RATE &&
            n <= TRAFFIC_MAX_RATE
          ) {
            setDraft(undefined);
            store.getState().setTraffic({ rate: n });
          } else setDraft(text);
        }}
        onBlur={() => setDraft(undefined)}
      />
      <span className="ab-traffic__unit">req/s</span>
      {invalid ? (
        <p className="ab-traffic__error" role="alert">
          Between {TRAFFIC_MIN_RATE} and {TRAFFIC_MAX_RATE.toLocaleString('en')}.
        </p>
      ) : null}
    </div>
  );
}

function MixControl() {
  const store = useStoreApi();
  const mix = useDesignStore((s) => s.simulation.traffic.mix);
  const baseId = useId();
  return (
    <fieldset className="ab-traffic__mix">
      <legend className="ab-dock__label">Mix</legend>
      {REQUEST_TYPES.map((type) => (
        <div key={type} className="ab-traffic__mixrow">
          <label htmlFor={`${baseId}-${type}`}>{type}</label>
          <input
            id={`${baseId}-${type}`}
            type="range"
            min={0}
            max={10}
            step={1}
            value={mix[type]}
            aria-valuetext={`${percent(mix, type)} percent`}
            onChange={(e) =>
              store.getState().setTraffic({ mix: { ...mix, [type]: Number(e.target.value) } })
            }
          />
          <span className="ab-traffic__pct">{percent(mix, type)}%</span>
        </div>
      ))}
    </fieldset>
  );
}

const CHART_W = 240;
const CHART_H = 64;
const CHART_POINTS = 60;

/** Served (green) and failed (red) requests per second over the last minute, stacked bars. */
function Chart({ stats }: { stats: TrafficStats | undefined }) {
  const series = stats?.series ?? [];
  const last = series[series.length - 1]?.second ?? 0;
  const bars = series.filter((s) => s.second > last - CHART_POINTS);
  const max = Math.max(1, ...bars.map((s) => s.served + s.failed));
  const barWidth = CHART_W / CHART_POINTS;
  const complete = bars.length > 1 ? bars[bars.length - 2] : bars[0];
  const label = complete
    ? `Requests per second, last minute. Latest full second: ${complete.served} served, ${complete.failed} failed.`
    : 'Requests per second: no traffic yet.';
  return (
    <svg
      className="ab-traffic__svg"
      viewBox={`0 0 ${CHART_W} ${CHART_H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <line
        x1={0}
        y1={CHART_H - 0.5}
        x2={CHART_W}
        y2={CHART_H - 0.5}
        className="ab-traffic__axis"
      />
      {bars.map((s) => {
        const x = (CHART_POINTS - 1 - (last - s.second)) * barWidth;
        const hServed = (s.served / max) * (CHART_H - 4);
        const hFailed = (s.failed / max) * (CHART_H - 4);
        return (
          <g key={s.second}>
            <rect
              x={x + 0.5}
              y={CHART_H - hServed}
              width={barWidth - 1}
              height={hServed}
              className="ab-traffic__served"
            />
            <rect
              x={x + 0.5}
              y={CHART_H - hServed - hFailed}
              width={barWidth - 1}
              height={hFailed}
              className="ab-traffic__failed"
            />
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Rows the load table lists at most. A course design has a dozen components; a board of
 * hundreds would rewrite hundreds of cells four times a second (a whole-page layout each
 * time), while every component already shows its own counter on the canvas.
 */
const MAX_LOAD_ROWS = 40;

function LoadTable({ stats }: { stats: TrafficStats | undefined }) {
  const nodes = useDesignStore((s) => s.design.nodes);
  const { rows, hidden } = useMemo(() => {
    const all = nodes
      .filter((n) => n.kind !== 'user' && stats && Object.hasOwn(stats.components, n.id))
      .map((n, order) => ({ id: n.id, label: n.label, order, ...stats!.components[n.id]! }));
    if (all.length <= MAX_LOAD_ROWS) return { rows: all, hidden: 0 };
    // The components with errors, then the busiest; shown in the design's order.
    const kept = [...all]
      .sort(
        (a, b) =>
          b.errorsPerSecond - a.errorsPerSecond ||
          b.requestsPerSecond - a.requestsPerSecond ||
          a.order - b.order,
      )
      .slice(0, MAX_LOAD_ROWS)
      .sort((a, b) => a.order - b.order);
    return { rows: kept, hidden: all.length - kept.length };
  }, [nodes, stats]);
  return (
    <table className="ab-traffic__table" aria-label="Load per component">
      <thead>
        <tr>
          <th scope="col">Component</th>
          <th scope="col">req/s</th>
          <th scope="col">errors/s</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={3} className="ab-traffic__none">
              No traffic yet.
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.id} data-errors={r.errorsPerSecond > 0}>
              <th scope="row">{r.label}</th>
              <td>{formatRate(r.requestsPerSecond)}</td>
              <td>{r.errorsPerSecond > 0 ? formatRate(r.errorsPerSecond) : '0'}</td>
            </tr>
          ))
        )}
        {hidden > 0 ? (
          <tr>
            <td colSpan={3} className="ab-traffic__none">
              {hidden} quieter components not listed: each shows its counter on the canvas.
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

const TrafficPanel = memo(function TrafficPanel() {
  const store = useStoreApi();
  const settings = useDesignStore(selectTraffic);
  const runner = getTrafficRunner(store);
  const [stats, setStats] = useState<TrafficStats | undefined>(runner.stats);

  useEffect(() => {
    const overlay = getOverlay(store);
    const remove = overlay.add(createTrafficLayer(store, runner));
    const unsubscribe = runner.subscribe(setStats);
    return () => {
      unsubscribe();
      remove();
    };
  }, [store, runner]);

  const totals = stats?.totals;
  const failedShare =
    totals && totals.started > 0 ? Math.round((totals.failed / totals.started) * 100) : 0;

  return (
    <div className="ab-traffic">
      <div className="ab-traffic__controls">
        <div className="ab-traffic__buttons">
          <button
            type="button"
            className={[
              'ab-button',
              settings.running ? 'ab-button--danger' : 'ab-button--primary',
            ].join(' ')}
            onClick={() => store.getState().setTraffic({ running: !settings.running })}
          >
            <KindIcon icon={settings.running ? SIM_ICONS.stop : SIM_ICONS.play} size={15} />
            <span>{settings.running ? 'Stop traffic' : 'Start traffic'}</span>
          </button>
          <button
            type="button"
            className="ab-button"
            disabled={!stats}
            onClick={() => runner.reset()}
          >
            Reset
          </button>
        </div>
        <RateControl />
        <MixControl />
      </div>
      <div className="ab-traffic__chart">
        <div className="ab-traffic__charthead">
          <h3 className="ab-trace__title">Per second</h3>
          <span className="ab-traffic__legend">
            <i className="ab-traffic__swatch ab-traffic__swatch--served" /> served
            <i className="ab-traffic__swatch ab-traffic__swatch--failed" /> failed
          </span>
        </div>
        <Chart stats={stats} />
        <dl className="ab-traffic__totals" aria-label="Traffic totals">
          <div>
            <dt>Sent</dt>
            <dd data-testid="traffic-sent">{totals?.started ?? 0}</dd>
          </div>
          <div>
            <dt>Served</dt>
            <dd data-testid="traffic-served">{totals?.served ?? 0}</dd>
          </div>
          <div data-failing={(totals?.failed ?? 0) > 0}>
            <dt>Failed</dt>
            <dd data-testid="traffic-failed">
              {totals?.failed ?? 0}
              {failedShare > 0 ? ` (${failedShare}%)` : ''}
            </dd>
          </div>
        </dl>
        <p className="ab-traffic__hint">
          {settings.running
            ? 'Fail a component now (select it, press X) and watch the load move or the errors start.'
            : 'Start traffic to send many requests at once.'}
        </p>
      </div>
      <LoadTable stats={stats} />
    </div>
  );
});

export default TrafficPanel;

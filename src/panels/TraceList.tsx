import { memo, useEffect, useMemo, useRef } from 'react';
import {
  describeTraceLine,
  formatMs,
  selectRun,
  useDesignStore,
  type SimulationRun,
  type TraceLine,
} from '../store';

const MARK: Record<TraceLine['kind'], string> = {
  request: '→',
  response: '←',
  served: '●',
  failed: '✕',
  outcome: '',
};

const KIND_WORD: Record<TraceLine['kind'], string> = {
  request: 'request',
  response: 'response',
  served: 'served',
  failed: 'failed',
  outcome: 'outcome',
};

function useTraceLines(run: SimulationRun | undefined): TraceLine[] {
  return useMemo(
    () => (run ? run.result.events.map((e) => describeTraceLine(run.design, e)) : []),
    // The lines depend on the run's result and design only, not on its cursor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [run?.result, run?.design],
  );
}

/**
 * The request trace (DESIGN.md §5): one item per hop, in order, each with the labels of both
 * ends and the time spent there; the last item is the outcome with its status code. Items
 * appear as the canvas animation reaches them; a polite live region reads each one out.
 */
export const TraceList = memo(function TraceList() {
  const run = useDesignStore(selectRun);
  const lines = useTraceLines(run);
  const shown = run ? lines.slice(0, run.cursor) : [];
  const listRef = useRef<HTMLOListElement>(null);
  const finished = run !== undefined && run.cursor >= lines.length;
  const latest = shown[shown.length - 1];

  useEffect(() => {
    const list = listRef.current;
    const last = list?.lastElementChild;
    if (list && last instanceof HTMLElement) {
      // Keep the newest line in view without moving the page.
      const top = last.offsetTop - list.offsetTop;
      if (top + last.offsetHeight > list.scrollTop + list.clientHeight || top < list.scrollTop)
        list.scrollTop = top + last.offsetHeight - list.clientHeight;
    }
  }, [shown.length]);

  // The live region: each line as it is reached; a run shown at once is read as its outcome.
  const announcement = !run
    ? ''
    : run.cursor === lines.length && lines.length > 0
      ? `Request ${run.id}, ${run.type}: ${lines[lines.length - 1]!.text}`
      : latest
        ? latest.text
        : `Request ${run.id}, ${run.type}, sent.`;

  return (
    <div className="ab-trace">
      <div className="ab-trace__head">
        <h3 className="ab-trace__title" id="ab-trace-title">
          Request trace
        </h3>
        {run ? (
          <span className="ab-trace__meta">
            #{run.id} · {run.type} · step {Math.min(run.cursor, lines.length)} of {lines.length}
          </span>
        ) : null}
      </div>
      <ol ref={listRef} className="ab-trace__list" aria-label="Request trace">
        {shown.map((line, i) => (
          <li
            key={`${run?.id}-${i}`}
            className={`ab-trace__item ab-trace__item--${line.kind}`}
            data-status={line.status}
            aria-current={!finished && i === shown.length - 1 ? 'step' : undefined}
          >
            {line.kind === 'outcome' ? (
              <>
                <span className="ab-trace__status" data-ok={line.status === 200} aria-hidden="true">
                  {line.status}
                </span>{' '}
                <span className="ab-trace__text">{line.text}</span>{' '}
                <span className="ab-trace__ms">total {formatMs(line.ms)} ms</span>
              </>
            ) : (
              <>
                <span className="ab-trace__mark" aria-hidden="true" title={KIND_WORD[line.kind]}>
                  {MARK[line.kind]}
                </span>{' '}
                <span className="ab-trace__text">{line.text}</span>{' '}
                <span className="ab-trace__ms">{formatMs(line.ms)} ms</span>
              </>
            )}
          </li>
        ))}
      </ol>
      {!run ? (
        <p className="ab-trace__empty">
          Press <strong>Send request</strong> to follow one request from the user to the data and
          back, hop by hop. Fail a component first (select it, press X) to see where requests go
          instead.
        </p>
      ) : shown.length === 0 ? (
        <p className="ab-trace__empty">
          The request is on its way: each hop appears here as the token reaches it on the canvas.
        </p>
      ) : null}
      <p className="ab-visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </div>
  );
});

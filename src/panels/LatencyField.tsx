import { useId, useRef, useState } from 'react';
import { KINDS } from '../model/catalogue';
import { LIMITS } from '../model/types';
import { useDesignStore, useStoreApi } from '../store';

let sessions = 0;

/**
 * "Latency (ms)": the time a request spends in this component in the simulator (the kind's
 * default until set). One focus of the field is one undo step, however many keys are typed;
 * a value outside 0…60,000 ms is shown as invalid and not written.
 */
export function LatencyField({ id }: { id: string }) {
  const store = useStoreApi();
  const inputId = useId();
  const hintId = useId();
  const kind = useDesignStore((s) => s.design.nodes.find((n) => n.id === id)?.kind);
  const own = useDesignStore((s) => s.design.nodes.find((n) => n.id === id)?.latencyMs);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const session = useRef<string | null>(null);
  if (!kind) return null;
  const fallback = KINDS[kind].latencyMs;
  const value = own ?? fallback;
  const max = LIMITS.maxLatencyMs;
  const invalid = draft !== undefined;

  return (
    <div className="ab-field">
      <label className="ab-field__label" htmlFor={inputId}>
        Latency (ms)
      </label>
      <input
        id={inputId}
        className="ab-input ab-input--number"
        type="number"
        inputMode="decimal"
        min={0}
        max={max}
        step="any"
        value={draft ?? value}
        aria-invalid={invalid}
        aria-describedby={hintId}
        onFocus={() => {
          session.current = `latency:${id}#${++sessions}`;
        }}
        onChange={(e) => {
          const text = e.target.value.trim();
          const n = Number(text);
          if (text === '' || !Number.isFinite(n) || n < 0 || n > max) {
            setDraft(e.target.value);
            return;
          }
          setDraft(undefined);
          session.current ??= `latency:${id}#${++sessions}`;
          store.getState().updateNode(id, { latencyMs: n }, session.current);
        }}
        onBlur={() => setDraft(undefined)}
      />
      <p className={invalid ? 'ab-field__hint ab-field__error' : 'ab-field__hint'} id={hintId}>
        {invalid
          ? `Enter a time from 0 to ${max.toLocaleString('en')} ms.`
          : `Time a request spends here in the simulation (default for a ${KINDS[
              kind
            ].name.toLowerCase()}: ${fallback} ms).`}
      </p>
    </div>
  );
}

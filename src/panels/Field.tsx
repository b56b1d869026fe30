import { useId, useRef, type ReactNode } from 'react';

let sessions = 0;

/**
 * A coalescing key for one editing session of one field: every change made while the field
 * keeps focus shares the key, so the store makes the whole edit ONE undo step.
 */
function useEditSession(scope: string) {
  const key = useRef<string | null>(null);
  return {
    key: () => (key.current ??= `${scope}#${++sessions}`),
    onFocus: () => {
      key.current = `${scope}#${++sessions}`;
    },
  };
}

export function Field({
  label,
  htmlFor,
  children,
  hint,
}: {
  label: string;
  htmlFor: string;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <div className="ab-field">
      <label className="ab-field__label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {hint ? <p className="ab-field__hint">{hint}</p> : null}
    </div>
  );
}

export function TextField({
  label,
  value,
  onChange,
  scope,
  maxLength,
  multiline = false,
  placeholder,
}: {
  label: string;
  value: string;
  /** Called on every change with the session's coalescing key. */
  onChange: (value: string, coalesceKey: string) => void;
  /** What is being edited, e.g. `label:web1`: part of the coalescing key. */
  scope: string;
  maxLength: number;
  multiline?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  const session = useEditSession(scope);
  return (
    <Field label={label} htmlFor={id}>
      {multiline ? (
        <textarea
          id={id}
          className="ab-input ab-input--area"
          value={value}
          maxLength={maxLength}
          rows={4}
          placeholder={placeholder}
          onFocus={session.onFocus}
          onChange={(e) => onChange(e.target.value, session.key())}
        />
      ) : (
        <input
          id={id}
          className="ab-input"
          type="text"
          value={value}
          maxLength={maxLength}
          placeholder={placeholder}
          spellCheck={false}
          // The canvas focuses the inspector's Label field on double-click (rename in place).
          data-rename={label === 'Label' ? '' : undefined}
          onFocus={session.onFocus}
          onChange={(e) => onChange(e.target.value, session.key())}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
          }}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  hint,
}: {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <Field label={label} htmlFor={id} {...(hint ? { hint } : {})}>
      <select
        id={id}
        className="ab-input ab-select"
        value={value}
        onChange={(e) => {
          const next = options.find((o) => o.value === e.target.value);
          if (next) onChange(next.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function NumberField({
  label,
  value,
  min,
  max,
  onChange,
  scope,
  hint,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number, coalesceKey: string) => void;
  scope: string;
  hint?: string;
}) {
  const id = useId();
  const session = useEditSession(scope);
  return (
    <Field label={label} htmlFor={id} {...(hint ? { hint } : {})}>
      <input
        id={id}
        className="ab-input ab-input--number"
        type="number"
        inputMode="numeric"
        value={value}
        min={min}
        max={max}
        step={1}
        onFocus={session.onFocus}
        onChange={(e) => {
          const n = Number.parseInt(e.target.value, 10);
          if (Number.isFinite(n)) onChange(Math.max(min, Math.min(max, n)), session.key());
        }}
      />
    </Field>
  );
}

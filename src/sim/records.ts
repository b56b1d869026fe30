/**
 * Counts kept in plain records keyed by ids from the file. Ids are untrusted: a component
 * may be called `__proto__` or `constructor`, so reads check own properties and writes
 * define own properties (never the prototype setter).
 */

/** The count under `key`: a non-negative integer, 0 when absent or not a valid count. */
export function readCount(record: Readonly<Record<string, number>>, key: string): number {
  if (!Object.hasOwn(record, key)) return 0;
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** Sets `record[key]` as an own, enumerable property, whatever the key. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  // Plain assignment is fast and safe for every key but `__proto__` (the prototype setter).
  if (key !== '__proto__') record[key] = value;
  else
    Object.defineProperty(record, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
}

/** Sets the count under `key` as an own, enumerable property. */
export function writeCount(record: Record<string, number>, key: string, value: number): void {
  setOwn(record, key, value);
}

/** Adds `by` to the count under `key`. */
export function addCount(record: Record<string, number>, key: string, by = 1): void {
  writeCount(record, key, readCount(record, key) + by);
}

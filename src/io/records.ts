/** @file Records keyed by names from outside (files, state dicts, module names): no prototype, own keys only. */

/**
 * A record for names that come from outside: no prototype, so a key such as "__proto__" or
 * "constructor" is an ordinary entry and nothing is inherited.
 * @example
 * const tensors = namedRecord([["__proto__", t]]); Object.keys(tensors); // ["__proto__"]
 */
export function namedRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/**
 * `record[key]` when `key` is the record's own entry, else undefined (never an inherited member such as
 * `toString`, whatever prototype the record has).
 * @example
 * own({}, "constructor"); // undefined
 */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

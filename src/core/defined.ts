/** Dropping the fields left undefined from an object of options or request fields. */

/** `T` with every field optional and never `undefined` (what {@link defined} returns). */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * A copy of `value` without its undefined fields, so optional fields can be written as they are
 * (`{ filters: query.filters }`) and still fit types with exact optional properties.
 */
export function defined<T extends object>(value: T): Defined<T> {
  // A plain loop: it runs on every call (callInit), where entries/filter/fromEntries cost three arrays.
  const out: Partial<T> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as Defined<T>;
}

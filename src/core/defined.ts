/** Dropping the fields left undefined from an object of options or request fields. */

/** `T` with every field optional and never `undefined` (what {@link defined} returns). */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * A copy of `value` without its undefined fields, so optional fields can be written as they are
 * (`{ filters: query.filters }`) and still fit types with exact optional properties.
 */
export function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}

/**
 * Marking fields a provider always sends as required in the facade's types.
 *
 * Provider specs often leave every response field optional (protobuf-generated documents mark
 * nothing required; others forget server-assigned ids). The facade knows better for a few
 * fields (an id, a state) and says so in its own types, with a comment naming why at each use,
 * so callers do not write checks for cases that cannot happen. The specs stay as the providers
 * publish them.
 */

/** `T` with the fields `K` required and never `undefined`. */
export type WithRequired<T, K extends keyof T> = T & { [P in K]-?: Exclude<T[P], undefined> };

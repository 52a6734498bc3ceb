/**
 * Results of lifecycle state changes (activate, deactivate, lock, enable...).
 *
 * `{ changed: true, ...data }` when the provider applied (or accepted) the change, with the data
 * it answered; `{ changed: false }` when the provider said the target already was in the
 * requested state. Either way the target ends up in the requested state, so re-running an
 * offboarding job is safe. Each provider's facade types its results with only the cases that
 * provider can produce, so a caller never narrows a case that cannot happen.
 */

/** The provider applied or accepted the change; `T` is what it answered. */
export type Changed<T extends object = {}> = { changed: true } & T;

/** The provider said the target already was in the requested state. */
export type Unchanged = { changed: false };

/** A change that may turn out to be a no-op (providers that tell the two apart). */
export type LifecycleResult<T extends object = {}> = Changed<T> | Unchanged;

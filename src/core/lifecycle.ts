/**
 * Result of a lifecycle state change (activate, deactivate, lock, enable...).
 *
 * `{ changed: true, ...data }` when the provider applied (or accepted) the change, with the data
 * it answered; `{ changed: false }` when the provider said the target already was in the
 * requested state. Either way the target ends up in the requested state, so re-running an
 * offboarding job is safe. Each provider's facade documents how it tells the two apart.
 */
export type LifecycleResult<T extends object = {}> = ({ changed: true } & T) | { changed: false };

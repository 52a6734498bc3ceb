/**
 * SailPoint accounts (v3 API): listing, reading, and the state changes that start background
 * tasks.
 *
 * Already-in-state: SailPoint documents no distinct answer for enabling an enabled account,
 * disabling a disabled one or unlocking an unlocked one. Each call is accepted with 202 and
 * starts a task that drives the source to the requested state (`forceProvisioning` pushes it
 * even when ISC's own record already shows that state), so repeating a call is safe and ends
 * in the same state. The state changes therefore always resolve `{ changed: true, taskId }`,
 * meaning "a state-change task was accepted"; `changed: false` is never produced, so the result
 * type does not admit it and `taskId` reads without narrowing. A caller that
 * wants to skip no-op tasks reads the account first (`disabled`, `locked`). Any error answer,
 * including a 400 a tenant might send for a redundant change, rejects: its meaning is not
 * documented, so it is not guessed at.
 */
import type { components, paths } from '../../generated/sailpoint/schema.js';
import type { operations } from '../../generated/sailpoint/operations.js';
import {
  ProviderConfigError,
  ProviderError,
  callInit,
  offsetPages,
  type CallOptions,
  type Changed,
  type TypedClient,
  type WithRequired,
} from '../core/index.js';
import { defined } from '../core/defined.js';
import { plainCount } from '../core/response-body.js';
import type { TaskWaitOptions } from './task-wait.js';
import type { SailPointTaskStatus, SailPointTasks } from './tasks.js';

const PROVIDER = 'sailpoint';

// Required: ISC assigns `id` to every account it returns (the spec marks it read-only and, in
// places, not required); the spec is kept as SailPoint publishes it.
/** An account on a source. */
export type SailPointAccount = WithRequired<components['schemas']['Account'], 'id'>;

/** Filters and paging of `accounts.list`. */
export interface SailPointAccountListQuery {
  /**
   * Filter expression in ISC's collection filter syntax.
   * @example 'sourceId eq "2c9180867a5e3b0d017a61c4f2d80f3e"'
   */
  filters?: string | undefined;
  /**
   * Comma-separated sort fields, `-` for descending.
   * @example '-modified,name'
   */
  sorters?: string | undefined;
  /**
   * Page size: accounts fetched per request (1 to 250; not a cap on the total).
   * @default 250
   */
  limit?: number | undefined;
  /**
   * `SLIM` leaves out the heavier account fields.
   * @default undefined (the server's FULL)
   */
  detailLevel?: 'SLIM' | 'FULL' | undefined;
}

/** Options of the account state changes. */
export interface SailPointStateChangeOptions extends CallOptions {
  /** Have an external process confirm the change first. */
  externalVerificationId?: string | undefined;
  /** Provision the change to the source even if ISC believes the account already is in that state. */
  forceProvisioning?: boolean | undefined;
  /**
   * Wait for the task to finish (`true` for the default wait options) and resolve with it.
   * @default false
   */
  wait?: boolean | Omit<TaskWaitOptions, 'signal'> | undefined;
}

/** Options of `accounts.unlock`. */
export interface SailPointUnlockOptions extends SailPointStateChangeOptions {
  /** Also unlock the ISC user account once the workflow finishes. */
  unlockIDNAccount?: boolean | undefined;
}

/** Options of `accounts.delete`. */
export interface SailPointDeleteOptions extends CallOptions {
  /** Wait for the delete task to finish and resolve with it. */
  wait?: SailPointStateChangeOptions['wait'];
}

/** A state-change task was accepted (never `changed: false`, see above); `task` is the finished task when `wait` was set. */
export type SailPointAccountChange = Changed<{ taskId: string; task?: SailPointTaskStatus }>;

/** Account operations (v3). */
export interface SailPointAccounts {
  /** Every matching account, fetched page by page (offset paging) as the caller iterates. */
  list(query?: SailPointAccountListQuery, options?: CallOptions): AsyncIterable<SailPointAccount>;
  /** One account by id; rejects with `ProviderNotFoundError` when there is none. */
  get(id: string, options?: CallOptions): Promise<SailPointAccount>;
  /** Start a task that enables the account on its source. */
  enable(id: string, options?: SailPointStateChangeOptions): Promise<SailPointAccountChange>;
  /** Start a task that disables the account on its source. */
  disable(id: string, options?: SailPointStateChangeOptions): Promise<SailPointAccountChange>;
  /** Start a task that unlocks the account on its source. */
  unlock(id: string, options?: SailPointUnlockOptions): Promise<SailPointAccountChange>;
  /** Start a task that removes the account from ISC (delimited-file sources only; not from the source). */
  delete(id: string, options?: SailPointDeleteOptions): Promise<SailPointAccountChange>;
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 250;
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
    throw new ProviderConfigError('limit must be an integer from 1 to 250', { provider: PROVIDER, operationId: 'listAccounts' });
  }
  return limit;
}

/** The account operations of `client`; `tasks` follows the tasks they start. */
export function sailPointAccounts(client: TypedClient<paths, typeof operations>, tasks: SailPointTasks): SailPointAccounts {
  const { raw, call, unwrap } = client;
  const accountPath = (id: string) => ({ path: { id } });

  /** Resolve an accepted task, following it first when the caller's options `o` asked to wait. */
  async function accepted(pending: Promise<{ id: string } | undefined>, o: SailPointDeleteOptions | undefined): Promise<SailPointAccountChange> {
    const result = await pending;
    if (!result || typeof result.id !== 'string') {
      throw new ProviderError(`${PROVIDER}: the state change was accepted without a task id`, { provider: PROVIDER });
    }
    const wait = o?.wait;
    if (!wait) return { changed: true, taskId: result.id };
    const task = await tasks.wait(result.id, { ...(wait === true ? {} : wait), signal: o?.signal });
    return { changed: true, taskId: result.id, task };
  }

  const toggleBody = (o: SailPointStateChangeOptions | undefined) => defined({ externalVerificationId: o?.externalVerificationId, forceProvisioning: o?.forceProvisioning });

  const accounts: SailPointAccounts = {
    list(query = {}, o) {
      const limit = pageSize(query.limit);
      return offsetPages({
        provider: PROVIDER,
        operationId: 'listAccounts',
        limit,
        fetchPage: async (offset, size) => {
          const result = await raw.GET('/v3/accounts', {
            params: {
              query: defined({
                limit: size,
                offset,
                // Counting costs the server extra work: asked once, on the first page.
                count: offset === 0 || undefined,
                filters: query.filters,
                sorters: query.sorters,
                detailLevel: query.detailLevel,
              }),
            },
            ...callInit(o),
          });
          return { items: unwrap(result, 'listAccounts') as SailPointAccount[], total: plainCount(result.response.headers.get('x-total-count')) };
        },
        items: (page) => page.items,
        total: (page) => page.total,
        key: (account) => account.id,
      });
    },
    get: (id, o) => call('getAccount', raw.GET('/v3/accounts/{id}', { params: accountPath(id), ...callInit(o) })) as Promise<SailPointAccount>,
    enable: (id, o) =>
      accepted(call('enableAccount', raw.POST('/v3/accounts/{id}/enable', { params: accountPath(id), body: toggleBody(o), ...callInit(o) })), o),
    disable: (id, o) =>
      accepted(call('disableAccount', raw.POST('/v3/accounts/{id}/disable', { params: accountPath(id), body: toggleBody(o), ...callInit(o) })), o),
    unlock: (id, o) =>
      accepted(
        call(
          'unlockAccount',
          raw.POST('/v3/accounts/{id}/unlock', {
            params: accountPath(id),
            body: defined({ ...toggleBody(o), unlockIDNAccount: o?.unlockIDNAccount }),
            ...callInit(o),
          }),
        ),
        o,
      ),
    delete: (id, o) => accepted(call('deleteAccount', raw.DELETE('/v3/accounts/{id}', { params: accountPath(id), ...callInit(o) })), o),
  };
  return accounts;
}

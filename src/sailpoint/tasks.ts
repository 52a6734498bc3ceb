/** SailPoint background tasks (beta task status API): reading one, and waiting for it to finish. */
import type { components, paths } from '../../generated/sailpoint/schema.js';
import type { operations } from '../../generated/sailpoint/operations.js';
import { callInit, encodePathParam, type CallOptions, type TypedClient, type WithRequired } from '../core/index.js';
import type { SecretSet } from '../core/secrets.js';
import { waitForTask, type TaskWaitOptions } from './task-wait.js';

const PROVIDER = 'sailpoint';

// Required: ISC assigns `id` to every task it returns (the spec does not always say so).
/** State of a background task. */
export type SailPointTaskStatus = WithRequired<components['schemas']['TaskStatus'], 'id'>;

/** Background task operations. */
export interface SailPointTasks {
  /** The task's current state; rejects with `ProviderNotFoundError` when there is none. */
  get(id: string, options?: CallOptions): Promise<SailPointTaskStatus>;
  /**
   * Poll the task until it finishes: resolves with it on SUCCESS or WARNING, rejects with a
   * `SailPointTaskError` on ERROR or TERMINATED and with a `ProviderTimeoutError` past `timeoutMs`.
   */
  wait(id: string, options?: TaskWaitOptions): Promise<SailPointTaskStatus>;
}

/** The task operations of `client`; `secrets` are masked in the errors a wait throws. */
export function sailPointTasks(client: TypedClient<paths, typeof operations>, secrets: SecretSet): SailPointTasks {
  const { raw, call } = client;
  const taskUrl = (id: string): string => `${client.baseUrl}/beta/task-status/${encodePathParam(id, 'task id', PROVIDER)}`;
  const tasks: SailPointTasks = {
    get: (id, o) => call('getTaskStatus', raw.GET('/beta/task-status/{id}', { params: { path: { id } }, ...callInit(o) })) as Promise<SailPointTaskStatus>,
    wait: (id, o) => waitForTask({ get: (taskId, { signal }) => tasks.get(taskId, { signal }), url: taskUrl, redact: secrets.redact }, id, o),
  };
  return tasks;
}

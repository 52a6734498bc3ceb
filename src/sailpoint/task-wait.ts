/**
 * Following a SailPoint background task until it finishes.
 *
 * Account state changes answer 202 with a task id and do the work later, on the source. The task
 * is polled with growing pauses (SailPoint counts every call against a per-token rate limit, so a
 * long task should not be read every second), until it reports a completion status or the
 * deadline passes.
 */
import { MAX_TIMEOUT_MS, ProviderConfigError, ProviderTimeoutError, sleep } from '../core/index.js';
import type { components } from '../../generated/sailpoint/schema.js';
import { SailPointTaskError } from './task-error.js';

type TaskStatus = components['schemas']['TaskStatus'];

/** Options of `tasks.wait`. */
export interface TaskWaitOptions {
  /**
   * Give up (rejecting with a timeout error) once this much time has passed. `Infinity` waits
   * for as long as it takes.
   * @default 300000 (five minutes)
   */
  timeoutMs?: number | undefined;
  /**
   * Pause before the second read; each further pause is 1.5 times longer, up to 15 s (or
   * `intervalMs`, if that is longer).
   * @default 1000
   */
  intervalMs?: number | undefined;
  /** Aborts the wait. */
  signal?: AbortSignal | undefined;
}

/** Default of {@link TaskWaitOptions.timeoutMs}. */
export const DEFAULT_TASK_TIMEOUT_MS = 300_000;
/** Default of {@link TaskWaitOptions.intervalMs}. */
export const DEFAULT_TASK_INTERVAL_MS = 1_000;
const BACKOFF_FACTOR = 1.5;
const MAX_INTERVAL_MS = 15_000;

/**
 * Outcome of a task as last read: `success` (SUCCESS, WARNING, or completed without a status),
 * `failure` (ERROR, TERMINATED) or `running`. TEMPERROR counts as running: SailPoint retries
 * tasks that hit a temporary error, so the wait goes on until a final status or the deadline.
 */
export function taskOutcome(task: TaskStatus): 'success' | 'failure' | 'running' {
  switch (task.completionStatus) {
    case 'SUCCESS':
    case 'WARNING':
      return 'success';
    case 'ERROR':
    case 'TERMINATED':
      return 'failure';
    case 'TEMPERROR':
      return 'running';
    default:
      return task.completed ? 'success' : 'running';
  }
}

/** What {@link waitForTask} needs from the client. */
export interface WaitForTaskContext {
  /** Read the task once. */
  get: (id: string, options: { signal: AbortSignal }) => Promise<TaskStatus>;
  /** The task's URL, for error messages. */
  url: (id: string) => string;
  /** Scrubs secrets from task message text before it goes into an error. */
  redact?: ((text: string) => string) | undefined;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new ProviderConfigError(`${name} must be a positive number`, { provider: 'sailpoint', operationId: 'getTaskStatus' });
  }
  return value;
}

/**
 * Poll a task until it finishes.
 *
 * @returns the finished task (SUCCESS or WARNING).
 * @throws SailPointTaskError when the task ends in ERROR or TERMINATED.
 * @throws ProviderTimeoutError when `timeoutMs` passes first (an in-flight read is aborted).
 */
export async function waitForTask(context: WaitForTaskContext, id: string, options: TaskWaitOptions = {}): Promise<TaskStatus> {
  const timeoutMs = positive(options.timeoutMs, DEFAULT_TASK_TIMEOUT_MS, 'timeoutMs');
  const intervalMs = positive(options.intervalMs, DEFAULT_TASK_INTERVAL_MS, 'intervalMs');
  const maxInterval = Math.max(intervalMs, MAX_INTERVAL_MS);

  // One signal ends everything at the deadline: the pause between reads and a read in flight.
  const deadline = new AbortController();
  const timer =
    Number.isFinite(timeoutMs) && timeoutMs <= MAX_TIMEOUT_MS
      ? setTimeout(() => {
          const url = context.url(id);
          deadline.abort(
            new ProviderTimeoutError({ provider: 'sailpoint', operationId: 'getTaskStatus', method: 'GET', url, timeoutMs }, `waiting for task ${id} to finish timed out`),
          );
        }, timeoutMs)
      : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  try {
    let pause = intervalMs;
    for (;;) {
      const task = await context.get(id, { signal });
      const outcome = taskOutcome(task);
      if (outcome === 'success') return task;
      if (outcome === 'failure') {
        throw new SailPointTaskError(task, { operationId: 'getTaskStatus', method: 'GET', url: context.url(id) }, context.redact);
      }
      await sleep(pause, signal);
      pause = Math.min(pause * BACKOFF_FACTOR, maxInterval);
    }
  } finally {
    clearTimeout(timer);
  }
}

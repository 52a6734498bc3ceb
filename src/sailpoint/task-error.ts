/**
 * A SailPoint background task that ended in failure (ERROR or TERMINATED).
 */
import { ProviderError, isProviderError, redact, type ProviderErrorJSON } from '../core/index.js';
import { truncate } from '../core/errors/shared.js';
import type { components } from '../../generated/sailpoint/schema.js';

type TaskStatus = components['schemas']['TaskStatus'];

/** Longest part of the task's messages copied into the error message. */
const MAX_MESSAGE = 500;

/** JSON form of a {@link SailPointTaskError}. */
export interface SailPointTaskErrorJSON extends ProviderErrorJSON {
  taskId: string;
  completionStatus: string;
  messages: string[];
}

/**
 * The text of a task's messages, errors first (falls back to every message when none is an
 * error), scrubbed with `scrub` (default: token-shaped text only).
 */
export function taskMessages(task: TaskStatus, scrub: (text: string) => string = redact): string[] {
  const texts = (only?: string) =>
    (Array.isArray(task.messages) ? task.messages : [])
      .filter((m) => only === undefined || m?.type === only)
      .map((m) => scrub(m?.localizedText?.message || m?.key || ''))
      .filter((text) => text !== '');
  const errors = texts('ERROR');
  return errors.length > 0 ? errors : texts();
}

/**
 * A task that `tasks.wait` (or a state change with `wait`) followed ended in ERROR or TERMINATED.
 * The task as last read is kept in `task` (left out of `toJSON()`, like response bodies).
 */
export class SailPointTaskError extends ProviderError {
  /** Id of the task. */
  declare readonly taskId: string;
  /** How the task ended: `ERROR` or `TERMINATED`. */
  declare readonly completionStatus: string;
  /** The task's messages (error messages first), scrubbed of token-shaped text. */
  declare readonly messages: string[];
  /** The task as last read. Not serialized by `toJSON()`. */
  declare readonly task: TaskStatus;

  /**
   * @param scrub applied to each message text; pass one that knows the client's secrets.
   */
  constructor(task: TaskStatus, init: { operationId?: string; method?: string; url?: string } = {}, scrub: (text: string) => string = redact) {
    const messages = taskMessages(task, scrub);
    const status = task.completionStatus ?? 'unknown';
    const text = truncate(messages.join('; '), MAX_MESSAGE);
    super(`sailpoint task ${task.id} ended with ${status}${text ? `: ${text}` : ''}`, { provider: 'sailpoint', ...init });
    // A literal, like the core errors: minified bundles keep a readable name.
    this.name = 'SailPointTaskError';
    this.taskId = task.id;
    this.completionStatus = status;
    this.messages = messages;
    Object.defineProperty(this, 'task', { value: task, enumerable: false });
  }

  override toJSON(): SailPointTaskErrorJSON {
    return { ...super.toJSON(), taskId: this.taskId, completionStatus: this.completionStatus, messages: this.messages };
  }
}

/** True when a SailPoint task ended in ERROR or TERMINATED. */
export function isSailPointTaskError(err: unknown): err is SailPointTaskError {
  return isProviderError(err) && err.name === 'SailPointTaskError';
}

/**
 * The replay's `tsc --noEmit -p tsconfig.json --skipLibCheck`, run by one long-lived process per
 * copy (./typecheck-server.mjs) instead of a new `tsc` at each step: the later steps then reuse
 * the parse of every unchanged file and the verdicts on files the step could not affect.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILER_NODE_FLAGS } from '../helpers/tsc.js';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'typecheck-server.mjs');

/** How a check ended, shaped like a finished `tsc` run. */
export interface TypecheckRun {
  /** 0 when clean, 1 with errors, 124 when the time limit killed the check. */
  code: number;
  /** The diagnostics as `tsc` prints them (without colours). */
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Keeps at most this much of the server's stderr, for the failure message. */
const STDERR_LIMIT = 64 * 1024;

/** An answer longer than this is not waited for: the server is stopped and the check fails. */
const ANSWER_LIMIT = 64 * 1024 * 1024;

/** One server for the copy at `root`, started on the first check and again after a kill. */
export class Typechecker {
  private child: ChildProcessWithoutNullStreams | undefined;
  private pending: ((line: string | undefined) => void) | undefined;
  private stderr = '';

  constructor(private readonly root: string) {}

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [...COMPILER_NODE_FLAGS, SERVER, this.root], { cwd: this.root, stdio: ['pipe', 'pipe', 'pipe'] });
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end === -1) {
        if (buffered.length > ANSWER_LIMIT) {
          this.stderr += `\nthe answer passed ${ANSWER_LIMIT} characters without ending`;
          child.kill('SIGKILL');
        }
        return;
      }
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (this.child === child) this.settle(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_LIMIT);
    });
    // A server killed at its time limit is no longer this.child: its exit settles nothing.
    child.on('exit', () => {
      if (this.child !== child) return;
      this.child = undefined;
      this.settle(undefined);
    });
    return child;
  }

  private settle(line: string | undefined): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(line);
  }

  /** Check the copy as it is now; one check at a time. */
  check(timeoutMs: number): Promise<TypecheckRun> {
    if (this.pending) throw new Error('a check is already running');
    const started = Date.now();
    const child = (this.child ??= this.start());
    this.stderr = '';
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        this.child = undefined;
        this.pending = undefined;
        resolve({ code: 124, stdout: '', stderr: `${this.stderr}\n(killed after ${timeoutMs} ms)`, seconds: (Date.now() - started) / 1000 });
      }, timeoutMs);
      this.pending = (line) => {
        clearTimeout(timer);
        const seconds = (Date.now() - started) / 1000;
        if (line === undefined) return resolve({ code: 1, stdout: '', stderr: `the type-check server exited\n${this.stderr}`, seconds });
        const answer = JSON.parse(line) as { errors: number; output: string };
        resolve({ code: answer.errors === 0 ? 0 : 1, stdout: answer.output, stderr: this.stderr, seconds });
      };
      child.stdin.write('check\n');
    });
  }

  /** Stop the server (the copy is about to be removed). */
  close(): void {
    this.child?.stdin.end();
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

/**
 * The one way the pipeline writes the files it owns: a batch of files is written entirely or not
 * at all, even when the process is killed (`kill -9`) half-way.
 *
 * A batch goes through three states, recorded in a journal (`.cache/write-journal.json`, written
 * by temp file and rename so the journal itself is never half-written):
 *
 * | step | on disk | a run that finds the journal |
 * |---|---|---|
 * | 1. journal `prepared` | temp files beside their targets, being written | removes the temps: every file is **old** |
 * | 2. journal `committed` | every temp complete | renames the remaining temps: every file is **new** |
 * | 3. journal removed | every target renamed | nothing to do |
 *
 * Renames within one folder are atomic, and the journal is marked `committed` only when every
 * temp file exists in full, so a kill at any moment leaves a state that the next run resolves
 * to all-old or all-new ({@link recoverInterruptedWrite}). Files whose content is `null` are
 * deleted as part of the batch.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from './errors.js';
import { repoRelative } from './paths.js';

/** Where the journal lives below the repository root (git-ignored). */
export const JOURNAL = '.cache/write-journal.json';

interface Journal {
  state: 'prepared' | 'committed';
  /** What the batch is, for the message a later run prints (`regen sailpoint`). */
  label: string;
  /** Absolute target paths with their temp file, or `null` for a deletion. */
  entries: { target: string; temp: string | null }[];
}

/** How a run found (and left) an interrupted batch. */
export interface Recovery {
  label: string;
  /** `old`: the batch had not committed, its temps were removed; `new`: it was completed. */
  outcome: 'old' | 'new';
  /** Repository-relative targets of the batch. */
  files: string[];
}

/**
 * Test hook: when `IDLC_FAULT_AT` names this point, announce it on stderr and wait (bounded) so
 * a test can `kill -9` the process exactly here. Costs one environment lookup otherwise.
 */
export function faultPoint(name: string): void {
  if (process.env.IDLC_FAULT_AT !== name) return;
  process.stderr.write(`fault-point ${name}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
}

/** Remove a temp file if it is there; a path that cannot exist (a parent is a file) is not an error. */
function removeTemp(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
  }
}

function writeDurably(file: string, content: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeJournal(file: string, journal: Journal): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  writeDurably(temp, `${JSON.stringify(journal, null, 2)}\n`);
  renameSync(temp, file);
}

/**
 * Write every file, or none (see the module comment). Only files whose bytes change are
 * touched, so an unchanged file keeps its timestamp. Pass `root` (the repository) for the
 * journal; `label` names the batch in a later recovery message.
 */
export function writeFilesAtomically(files: ReadonlyMap<string, string | null>, options: { root?: string; label?: string } = {}): void {
  const changed = [...files].filter(([target, content]) => (content === null ? existsSync(target) : !existsSync(target) || readFileSync(target, 'utf8') !== content));
  if (changed.length === 0) return;
  const journalFile = options.root ? path.join(options.root, JOURNAL) : undefined;
  // A batch never starts over another one's leftovers.
  if (journalFile) recoverInterruptedWrite(options.root!);
  const journal: Journal = {
    state: 'prepared',
    label: options.label ?? 'write',
    entries: changed.map(([target, content]) => ({ target: path.resolve(target), temp: content === null ? null : `${path.resolve(target)}.tmp-${process.pid}` })),
  };
  // Fault points only in journaled batches: scratch writes (the cache) are not what a test kills.
  const point = journalFile ? faultPoint : () => {};
  if (journalFile) writeJournal(journalFile, journal);
  point('prepared');
  try {
    changed.forEach(([target, content], i) => {
      if (content === null) return;
      mkdirSync(path.dirname(target), { recursive: true });
      writeDurably(journal.entries[i]!.temp!, content);
      point(`temp:${i}`);
    });
  } catch (err) {
    for (const entry of journal.entries) if (entry.temp) removeTemp(entry.temp);
    if (journalFile) rmSync(journalFile, { force: true });
    throw err;
  }
  if (journalFile) writeJournal(journalFile, { ...journal, state: 'committed' });
  point('committed');
  finish(journal, point);
  if (journalFile) rmSync(journalFile, { force: true });
  point('done');
}

/** Rename each remaining temp into place and apply the deletions: idempotent, so a re-run after a kill is safe. */
function finish(journal: Journal, point: (name: string) => void = () => {}): void {
  journal.entries.forEach((entry, i) => {
    if (entry.temp === null) rmSync(entry.target, { force: true });
    else if (existsSync(entry.temp)) renameSync(entry.temp, entry.target);
    point(`rename:${i}`);
  });
}

/**
 * Resolve a batch an earlier run left behind (it was killed): roll it back when it had not
 * committed, forward when it had. Returns what was found, or undefined when there was nothing.
 */
export function recoverInterruptedWrite(root: string): Recovery | undefined {
  const file = path.join(root, JOURNAL);
  if (!existsSync(file)) return undefined;
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(file, 'utf8')) as Journal;
  } catch {
    // The journal is written by rename, so an unreadable one was not written by us.
    throw new PipelineError('the write journal is unreadable; check the files it guards with `git status` and remove it', repoRelative(file, root));
  }
  if (journal.state === 'committed') finish(journal);
  else for (const entry of journal.entries) if (entry.temp) removeTemp(entry.temp);
  rmSync(file, { force: true });
  return { label: journal.label, outcome: journal.state === 'committed' ? 'new' : 'old', files: journal.entries.map((e) => repoRelative(e.target, root)) };
}

/** One line describing a recovery, for the log of the run that did it. */
export function describeRecovery(recovery: Recovery): string {
  const what = recovery.outcome === 'new' ? 'completed it: every file of that write is new' : 'rolled it back: every file of that write is old';
  return `recovered an interrupted write (${recovery.label}, ${recovery.files.length} file(s)); ${what}`;
}

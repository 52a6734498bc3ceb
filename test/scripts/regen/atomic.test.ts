/**
 * The journaled batch writer: all files or none, unchanged files untouched, and an interrupted
 * batch resolved by the next run to all-old (not committed) or all-new (committed). The journal
 * states here are the ones a killed process leaves; test/scripts/regen/kill.test.ts kills real
 * processes to reach them.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRecovery, JOURNAL, recoverInterruptedWrite, writeFilesAtomically } from '../../../scripts/lib/atomic.js';

let root: string;
const file = (rel: string) => path.join(root, rel);
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'idlc-atomic-'));
  mkdirSync(file('a'));
  writeFileSync(file('a/one.txt'), 'old one');
  writeFileSync(file('a/two.txt'), 'old two');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A journal as a process killed at that moment leaves it, with its temp files. */
function leaveJournal(state: 'prepared' | 'committed', written: Record<string, string>, renamed: string[] = []): void {
  const entries = Object.keys(written).map((rel) => ({ target: file(rel), temp: `${file(rel)}.tmp-4242` }));
  for (const [rel, text] of Object.entries(written)) {
    if (renamed.includes(rel)) writeFileSync(file(rel), text);
    else writeFileSync(`${file(rel)}.tmp-4242`, text);
  }
  mkdirSync(path.dirname(file(JOURNAL)), { recursive: true });
  writeFileSync(file(JOURNAL), JSON.stringify({ state, label: 'regen test', entries }));
}

describe('writeFilesAtomically', () => {
  it('writes every file, creates folders, deletes null entries, and leaves no journal or temp file', () => {
    writeFilesAtomically(new Map([[file('a/one.txt'), 'new one'], [file('b/three.txt'), 'three'], [file('a/two.txt'), null]]), { root });
    expect(readFileSync(file('a/one.txt'), 'utf8')).toBe('new one');
    expect(readFileSync(file('b/three.txt'), 'utf8')).toBe('three');
    expect(existsSync(file('a/two.txt'))).toBe(false);
    expect(existsSync(file(JOURNAL))).toBe(false);
    expect(existsSync(`${file('a/one.txt')}.tmp-${process.pid}`)).toBe(false);
  });

  it('leaves a file whose bytes do not change untouched', () => {
    const before = statSync(file('a/two.txt')).mtimeMs;
    writeFilesAtomically(new Map([[file('a/one.txt'), 'new one'], [file('a/two.txt'), 'old two']]), { root });
    expect(statSync(file('a/two.txt')).mtimeMs).toBe(before);
  });

  it('a failure while writing temp files leaves every target as it was', () => {
    mkdirSync(file('blocker'));
    writeFileSync(file('blocker/x'), '');
    // A target under a regular file cannot be created: the second temp fails.
    expect(() => writeFilesAtomically(new Map([[file('a/one.txt'), 'new one'], [file('blocker/x/y.txt'), 'y']]), { root })).toThrow();
    expect(readFileSync(file('a/one.txt'), 'utf8')).toBe('old one');
    expect(existsSync(`${file('a/one.txt')}.tmp-${process.pid}`)).toBe(false);
    expect(existsSync(file(JOURNAL))).toBe(false);
  });
});

describe('recoverInterruptedWrite', () => {
  it('nothing to do without a journal', () => {
    expect(recoverInterruptedWrite(root)).toBeUndefined();
  });

  it('a batch killed before it committed is rolled back: every file old, no temp left', () => {
    leaveJournal('prepared', { 'a/one.txt': 'new one', 'a/two.txt': 'new two' });
    const recovery = recoverInterruptedWrite(root)!;
    expect(recovery).toEqual({ label: 'regen test', outcome: 'old', files: ['a/one.txt', 'a/two.txt'] });
    expect(describeRecovery(recovery)).toBe('recovered an interrupted write (regen test, 2 file(s)); rolled it back: every file of that write is old');
    expect([readFileSync(file('a/one.txt'), 'utf8'), readFileSync(file('a/two.txt'), 'utf8')]).toEqual(['old one', 'old two']);
    expect(existsSync(`${file('a/one.txt')}.tmp-4242`)).toBe(false);
    expect(existsSync(file(JOURNAL))).toBe(false);
  });

  it('a batch killed between renames is rolled forward: every file new', () => {
    leaveJournal('committed', { 'a/one.txt': 'new one', 'a/two.txt': 'new two' }, ['a/one.txt']);
    expect(recoverInterruptedWrite(root)!.outcome).toBe('new');
    expect([readFileSync(file('a/one.txt'), 'utf8'), readFileSync(file('a/two.txt'), 'utf8')]).toEqual(['new one', 'new two']);
    expect(existsSync(file(JOURNAL))).toBe(false);
  });

  it('the next batch resolves a leftover journal before it starts', () => {
    leaveJournal('committed', { 'a/two.txt': 'new two' });
    writeFilesAtomically(new Map([[file('a/one.txt'), 'newer one']]), { root });
    expect([readFileSync(file('a/one.txt'), 'utf8'), readFileSync(file('a/two.txt'), 'utf8')]).toEqual(['newer one', 'new two']);
  });

  it('an unreadable journal is one error naming it', () => {
    mkdirSync(path.dirname(file(JOURNAL)), { recursive: true });
    writeFileSync(file(JOURNAL), '{ torn');
    expect(() => recoverInterruptedWrite(root)).toThrow(/write journal is unreadable/);
  });
});

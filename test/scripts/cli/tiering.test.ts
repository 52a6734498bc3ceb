/**
 * The V8 tiering of the pipeline's processes (scripts/build/tiering.mjs): a later optimization
 * on Node 20's V8 11, nothing on other V8 versions.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tieringFlags } from '../../../scripts/build/tiering.mjs';
import { repoRoot } from '../../helpers/temp-repo.js';

describe('tiering flags', () => {
  it('raise the interrupt budget on V8 11 only', () => {
    expect(tieringFlags({ ...process.versions, v8: '11.3.244.8-node.33' })).toEqual(['--interrupt-budget=202752']);
    for (const v8 of ['12.4.254.21-node.33', '13.6.233.10-node.18', '10.2.154.26-node.26']) expect(tieringFlags({ ...process.versions, v8 })).toEqual([]);
  });

  it('are flags this Node accepts: a process started with them runs, without a warning', () => {
    const run = spawnSync(process.execPath, [...tieringFlags(), '-e', 'process.stdout.write("ok")'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ok');
  });
});

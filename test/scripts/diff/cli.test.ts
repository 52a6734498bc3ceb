/**
 * The `specs:diff` command end to end: the JSON contract a script reads, exit codes, the
 * one-line error, the markdown report, and `--provider/--base` against a git ref.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES_BY_ID } from '../../../scripts/lib/diff/registry.js';
import { runSpecsDiff } from '../../../scripts/lib/diff/command.js';
import { makeTempRepo, repoRoot, runScript } from '../../helpers/temp-repo.js';

const CORPUS = path.join(repoRoot, 'test/fixtures/diff/corpus');
const pair = (name: string, baseExt = 'yaml', revExt = 'yaml') => [path.join(CORPUS, name, `base.${baseExt}`), path.join(CORPUS, name, `revision.${revExt}`)];

const RULE_FIXTURES = path.join(repoRoot, 'test/fixtures/diff/rules');

/**
 * Rules whose default level was brought to oasdiff's rule table, or that were split off to
 * match it; each has its fixture pair under test/fixtures/diff/rules.
 */
const CORRECTED: readonly string[] = [
  'request-parameter-max-length-decreased', 'request-parameter-max-length-set', 'request-parameter-min-length-increased',
  'request-parameter-max-decreased', 'request-parameter-max-set', 'request-parameter-min-increased', 'request-parameter-min-set',
  'request-parameter-max-items-decreased', 'request-parameter-min-items-increased', 'request-parameter-min-items-set',
  'request-parameter-pattern-added', 'request-parameter-default-changed', 'request-parameter-format-changed',
  'request-property-max-length-decreased', 'request-property-max-length-set', 'request-property-min-length-increased',
  'request-property-max-decreased', 'request-property-max-set', 'request-property-min-increased', 'request-property-min-set',
  'request-property-max-items-decreased', 'request-property-max-items-set', 'request-property-min-items-increased', 'request-property-min-items-set',
  'request-property-pattern-added', 'request-property-default-changed', 'request-property-format-changed',
  'response-success-status-added', 'response-error-status-removed', 'response-property-format-changed', 'response-property-variant-added',
  'response-property-constraint-relaxed', 'response-header-became-optional', 'response-required-header-removed',
  'server-removed', 'server-variable-changed',
];

/** The level oasdiff's table gives a rule (INFO where oasdiff has none: servers). */
function oasdiffLevel(id: string): string {
  const levels = new Set(RULES_BY_ID.get(id)!.oasdiff.map((o) => o.level));
  expect(levels.size, `${id} has one oasdiff level`).toBeLessThanOrEqual(1);
  return levels.size === 0 ? 'INFO' : [...levels][0]!;
}

const rulePair = (id: string) => [path.join(RULE_FIXTURES, `${id}_base.yaml`), path.join(RULE_FIXTURES, `${id}_revision.yaml`)];

describe('specs:diff --format json gives oasdiff\'s level on each corrected rule', () => {
  // The command as a function (scripts/diff.ts only parses flags into these options), so the
  // whole list runs in one process; the next test runs the real command on a few.
  it.each(CORRECTED)('%s', async (id) => {
    const { output, exitCode } = await runSpecsDiff({ files: rulePair(id), format: 'json', cache: false });
    expect(exitCode).toBe(0);
    const changes = (JSON.parse(output) as { changes: { id: string; level: string; oasdiff: { id: string; level: string }[] }[] }).changes;
    expect(changes.map((c) => c.id)).toEqual([id]);
    expect(changes[0]!.level).toBe(oasdiffLevel(id));
    // The output carries oasdiff's rules for the change beside ours, as the registry records them.
    expect(changes[0]!.oasdiff).toEqual(RULES_BY_ID.get(id)!.oasdiff.map(({ id: rule, level }) => ({ id: rule, level })));
    for (const rule of changes[0]!.oasdiff) expect(rule.level).toBe(changes[0]!.level);
  });

  it('the command prints the same levels', async () => {
    for (const id of ['request-parameter-default-changed', 'request-property-max-length-decreased', 'response-property-variant-added', 'server-removed']) {
      const run = await runScript(repoRoot, 'diff.ts', [...rulePair(id), '--format', 'json', '--no-cache']);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { changes: { id: string; level: string }[] }).changes.map((c) => `${c.id} ${c.level}`)).toEqual([`${id} ${oasdiffLevel(id)}`]);
    }
    const same = await runScript(repoRoot, 'diff.ts', [...pair('nochange-swagger2-formdata-vs-oas3'), '--format', 'json', '--no-cache']);
    expect(JSON.parse(same.stdout)).toEqual({ changes: [], summary: { ERR: 0, WARN: 0, INFO: 0 }, semver: 'none' });
  });
});

describe('specs:diff command', () => {
  it('prints only the JSON document with --format json, in the exact contract shape', async () => {
    const run = await runScript(repoRoot, 'diff.ts', [...pair('mixed-release'), '--format', 'json', '--no-cache']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual(['changes', 'summary', 'semver']);
    expect(result.summary).toEqual({ ERR: 1, WARN: 0, INFO: 7 });
    expect(result.semver).toBe('major');
    for (const change of result.changes) {
      expect(Object.keys(change).filter((k) => !['id', 'level', 'direction', 'operation', 'pointer', 'message', 'breaksCompile', 'affects', 'oasdiff'].includes(k))).toEqual([]);
      expect(['ERR', 'WARN', 'INFO']).toContain(change.level);
      if (change.operation) expect(Object.keys(change.operation)).toEqual(['method', 'path', 'operationId']);
    }
  });

  it('exits 1 when a change reaches --fail-on, 0 below it', async () => {
    expect((await runScript(repoRoot, 'diff.ts', [...pair('resp-enum-added'), '--fail-on', 'ERR', '--no-cache'])).code).toBe(0);
    expect((await runScript(repoRoot, 'diff.ts', [...pair('resp-enum-added'), '--fail-on', 'WARN', '--no-cache'])).code).toBe(1);
    expect((await runScript(repoRoot, 'diff.ts', [...pair('nochange-swagger2-vs-oas3', 'json', 'yaml'), '--fail-on', 'INFO', '--no-cache'])).code).toBe(0);
  });

  it('applies a level file', async () => {
    const run = await runScript(repoRoot, 'diff.ts', [...pair('resp-enum-added'), '--format', 'json', '--levels', path.join(repoRoot, 'test/fixtures/diff/levels/strict.yaml'), '--fail-on', 'ERR', '--no-cache']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).summary).toEqual({ ERR: 5, WARN: 0, INFO: 0 });
  });

  it('exits 2 with one line for bad input', async () => {
    const missing = await runScript(repoRoot, 'diff.ts', ['no/such/base.yaml', pair('op-removed')[1]!, '--no-cache']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: no\/such\/base\.yaml/);
    const flag = await runScript(repoRoot, 'diff.ts', [...pair('op-removed'), '--format', 'xml', '--no-cache']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim()).toBe("error: command line: --format must be md, json or text (got 'xml')");
    const notSpec = await runScript(repoRoot, 'diff.ts', [path.join(repoRoot, 'package.json'), pair('op-removed')[1]!, '--no-cache']);
    expect(notSpec.code).toBe(2);
    expect(notSpec.stdout).toBe('');
  });

  it('renders markdown and text', async () => {
    const md = await runScript(repoRoot, 'diff.ts', [...pair('op-removed'), '--format', 'md', '--no-cache']);
    expect(md.stdout).toContain('| Provider | ERR | WARN | INFO | Semver | Lint | Facade |');
    expect(md.stdout).toContain('`operation-removed`');
    const text = await runScript(repoRoot, 'diff.ts', [...pair('op-removed'), '--no-cache']);
    expect(text.stdout).toMatch(/^ERR  operation-removed  DELETE \/accounts\/\{accountId\}/m);
    expect(text.stdout).toContain('1 ERR, 0 WARN, 0 INFO; suggested bump: major');
  });

  describe('--provider against a git ref', () => {
    let repo: ReturnType<typeof makeTempRepo>;
    beforeAll(() => {
      repo = makeTempRepo();
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.root, stdio: 'ignore' });
      git('init', '-q');
      git('add', '-A');
      git('-c', 'user.name=test', '-c', 'user.email=test@example.test', 'commit', '-q', '-m', 'base');
      const spec = path.join(repo.root, 'specs/zitadel/openapi.yaml');
      writeFileSync(spec, readFileSync(spec, 'utf8').replace('operationId: getUser\n', 'operationId: fetchUser\n'));
    });
    afterAll(() => repo.cleanup());

    it('diffs the committed spec against the working tree and names the facade code that uses the operation', async () => {
      const run = await runScript(repo.root, 'diff.ts', ['--provider', 'zitadel', '--base', 'HEAD', '--format', 'json']);
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout);
      expect(result.changes.map((c: { id: string }) => c.id)).toEqual(['operation-id-changed']);
      const affects = result.changes[0].affects as { symbol: string; file: string }[];
      expect(affects.length).toBeGreaterThan(0);
      expect(affects.every((a) => a.file.startsWith('src/zitadel/'))).toBe(true);
    });

    it('refuses an unknown ref with one line', async () => {
      const run = await runScript(repo.root, 'diff.ts', ['--provider', 'zitadel', '--base', 'no-such-ref']);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toMatch(/^error: command line: cannot read specs\/zitadel\/openapi\.yaml at git ref 'no-such-ref'$/);
    });
  });
});

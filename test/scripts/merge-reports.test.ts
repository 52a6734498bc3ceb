import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoteHeadings, mergeReports, readProviderReports, verdictOf, type ProviderReport } from '../../scripts/lib/merge-reports/index.js';
import { repoRoot, runScript } from '../helpers/temp-repo.js';

const diff = (semver: string, ERR: number, WARN = 0, INFO = 0) => ({ changes: [], summary: { ERR, WARN, INFO }, semver });
const report = (provider: string, json: unknown, markdown = `# ${provider} review\n\n## Changes\n\n- something\n`): ProviderReport => ({ provider, json, markdown });

describe('verdictOf', () => {
  it.each([
    ['a bare DiffResult', diff('minor', 0, 1, 2), { semver: 'minor', errors: 0, warnings: 1, infos: 2, breaking: false }],
    ['ERR means breaking', diff('minor', 1), { semver: 'minor', errors: 1, breaking: true }],
    ['major means breaking', diff('major', 0), { semver: 'major', breaking: true }],
    ['a wrapped result', { provider: 'x', diff: diff('patch', 0, 3) }, { semver: 'patch', warnings: 3, breaking: false }],
    ['several results add up', { sources: [diff('patch', 0, 1), diff('minor', 0, 2)] }, { semver: 'minor', warnings: 3 }],
    ['an explicit flag', { breaking: true }, { semver: 'none', breaking: true }],
    ['no result at all', {}, { semver: 'none', errors: 0, breaking: false }],
  ])('%s', (_name, json, expected) => {
    expect(verdictOf(report('p', json))).toMatchObject(expected);
  });
});

describe('demoteHeadings', () => {
  it('shifts headings one level, not inside code fences', () => {
    expect(demoteHeadings('# A\n## B\n```md\n# not a heading\n```\n###### F')).toBe('## A\n### B\n```md\n# not a heading\n```\n###### F');
  });
});

describe('mergeReports', () => {
  it('puts a summary table first, then each provider under its own heading, sorted', () => {
    const merged = mergeReports([report('zitadel', diff('minor', 0, 1)), report('dfns', diff('patch', 0, 0, 4))], { appendix: '## Public API changes\n\n- changed: `X`' });
    expect(merged).toMatchObject({ breaking: false, semver: 'minor' });
    const md = merged.markdown;
    expect(md.startsWith('# Upstream spec sync\n\nNo breaking changes.\n\nSuggested version bump: **minor**.\n')).toBe(true);
    expect(md).toContain('| dfns | patch | no | 0 | 0 | 4 |\n| zitadel | minor | no | 0 | 1 | 0 |');
    expect(md.indexOf('## dfns')).toBeLessThan(md.indexOf('## zitadel'));
    expect(md).toContain('## dfns\n\n## dfns review\n\n### Changes');
    expect(md.trimEnd().endsWith('## Public API changes\n\n- changed: `X`')).toBe(true);
  });

  it('flags breaking changes and lists providers that did not report', () => {
    const merged = mergeReports([report('sailpoint', diff('major', 2))], { expected: ['dfns', 'sailpoint'], runUrl: 'https://ci.example/run/1' });
    expect(merged.breaking).toBe(true);
    expect(merged.markdown).toContain('**Breaking changes.**');
    expect(merged.markdown).toContain('| dfns | — | sync failed | — | — | — |');
    expect(merged.markdown).toContain('see https://ci.example/run/1): dfns.');
  });

  it('cuts an oversized body at a line, closes an open fence and points to the artifacts', () => {
    const big = `# big\n\n\`\`\`diff\n${'+ line\n'.repeat(5000)}\`\`\`\n`;
    const merged = mergeReports([report('dfns', diff('minor', 0), big)], { maxLength: 2000, runUrl: 'https://ci.example/run/2' });
    expect(merged.markdown.length).toBeLessThanOrEqual(2000);
    expect(merged.markdown).toMatch(/\n```\n\n---\n_The review report was cut .*https:\/\/ci\.example\/run\/2/);
  });
});

describe('npm run reports:merge', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idlc-merge-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads report-<p>.json with the .md next to it and writes the document and GitHub outputs', async () => {
    writeFileSync(path.join(dir, 'report-dfns.json'), JSON.stringify(diff('major', 1)));
    writeFileSync(path.join(dir, 'report-dfns.md'), '# Dfns\n\nbreaking stuff\n');
    writeFileSync(path.join(dir, 'report-zitadel.json'), JSON.stringify(diff('none', 0)));
    expect(readProviderReports([path.join(dir, 'report-zitadel.json')])).toEqual([{ provider: 'zitadel', markdown: '', json: diff('none', 0) }]);

    const out = path.join(dir, 'review.md');
    const outputs = path.join(dir, 'github-output');
    writeFileSync(outputs, '');
    const result = await runScript(repoRoot, 'merge-reports.ts', [
      '--out', out, '--github-output', outputs, '--expect', 'dfns,zitadel,sailpoint',
      path.join(dir, 'report-dfns.json'), path.join(dir, 'report-zitadel.json'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(outputs, 'utf8')).toBe('breaking=true\nsemver=major\n');
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('## dfns\n\n## Dfns\n\nbreaking stuff');
    expect(md).toContain('| sailpoint | — | sync failed |');
  });

  it('fails with one line for an unreadable report', async () => {
    writeFileSync(path.join(dir, 'report-bad.json'), '{ nope');
    const result = await runScript(repoRoot, 'merge-reports.ts', [path.join(dir, 'report-bad.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: .*report-bad\.json: cannot read report/);
  });
});

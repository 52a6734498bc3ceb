/**
 * Versioning with @changesets/cli: the changesets regen writes (one per provider whose spec
 * changed, bump from the spec diff) are consumed by `changeset version` into CHANGELOG.md and
 * package.json. Runs on a throwaway copy of package.json and .changeset/config.json; the real tree
 * is never touched.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/temp-repo.js';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const CHANGESET_BIN = path.join(repoRoot, 'node_modules/@changesets/cli/bin.js');

/** A changeset as regen writes it: front matter naming this package and the bump, then the summary. */
function changeset(bump: 'major' | 'minor' | 'patch', summary: string): string {
  return `---\n${JSON.stringify(pkg.name)}: ${bump}\n---\n\n${summary}\n`;
}

function bumped(version: string, bump: 'major' | 'minor' | 'patch'): string {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  // Before 1.0.0 changesets still bumps the named part (0.1.0 + major = 1.0.0).
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function tempProject(): string {
  dir = mkdtempSync(path.join(tmpdir(), 'idlc-changeset-'));
  cpSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'));
  mkdirSync(path.join(dir, '.changeset'));
  cpSync(path.join(repoRoot, '.changeset/config.json'), path.join(dir, '.changeset/config.json'));
  // The changelog generator named in config.json is resolved from the project.
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function runChangeset(cwd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CHANGESET_BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('.changeset/config.json', () => {
  it('is the restricted, main-branch, no-commit configuration', () => {
    const config = JSON.parse(readFileSync(path.join(repoRoot, '.changeset/config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ access: 'restricted', baseBranch: 'main', commit: false, changelog: '@changesets/cli/changelog' });
  });
});

describe('changeset version', () => {
  it('turns the regen changesets into a version bump and a changelog entry per provider', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, '.changeset/spec-sync-zitadel.md'), changeset('minor', 'zitadel: new optional `nickName` on users (spec 2.71.0).'));
    writeFileSync(path.join(root, '.changeset/spec-sync-dfns.md'), changeset('patch', 'dfns: clarified error responses of `deactivateUser`.'));

    const result = await runChangeset(root, ['version']);
    expect(result.code, result.output).toBe(0);

    const next = bumped(pkg.version, 'minor');
    expect((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version).toBe(next);
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toBe(
      [
        `# ${pkg.name}`,
        '',
        `## ${next}`,
        '',
        '### Minor Changes',
        '',
        '- zitadel: new optional `nickName` on users (spec 2.71.0).',
        '',
        '### Patch Changes',
        '',
        '- dfns: clarified error responses of `deactivateUser`.',
        '',
      ].join('\n'),
    );
    // Consumed: only the config is left.
    expect(readdirSync(path.join(root, '.changeset'))).toEqual(['config.json']);
  });

  it('a breaking spec change is a major bump, added on top of the existing changelog', async () => {
    const root = tempProject();
    writeFileSync(path.join(root, 'CHANGELOG.md'), `# ${pkg.name}\n\n## ${pkg.version}\n\n### Minor Changes\n\n- First release.\n`);
    writeFileSync(path.join(root, '.changeset/spec-sync-sailpoint.md'), changeset('major', 'sailpoint: `accounts.disable` now requires `externalVerificationId`.'));

    const result = await runChangeset(root, ['version']);
    expect(result.code, result.output).toBe(0);

    const next = bumped(pkg.version, 'major');
    expect((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version).toBe(next);
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    expect(changelog.indexOf(`## ${next}`)).toBeLessThan(changelog.indexOf(`## ${pkg.version}`));
    expect(changelog).toContain('### Major Changes\n\n- sailpoint: `accounts.disable` now requires `externalVerificationId`.');
    expect(changelog).toContain('- First release.');
  });

  it('maintains the committed CHANGELOG.md: a new release goes on top, the history stays', async () => {
    const committed = readFileSync(path.join(repoRoot, 'CHANGELOG.md'), 'utf8');
    expect(committed.startsWith(`# ${pkg.name}\n\n## ${pkg.version}\n`)).toBe(true);
    const root = tempProject();
    cpSync(path.join(repoRoot, 'CHANGELOG.md'), path.join(root, 'CHANGELOG.md'));
    writeFileSync(path.join(root, '.changeset/spec-sync-dfns.md'), changeset('patch', 'dfns: clarified error responses of `deactivateUser`.'));

    const result = await runChangeset(root, ['version']);
    expect(result.code, result.output).toBe(0);
    const next = bumped(pkg.version, 'patch');
    const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toBe(`# ${pkg.name}\n\n## ${next}\n\n### Patch Changes\n\n- dfns: clarified error responses of \`deactivateUser\`.\n\n${committed.slice(`# ${pkg.name}\n\n`.length)}`);
  });

  it('without changesets it changes nothing', async () => {
    const root = tempProject();
    const before = readFileSync(path.join(root, 'package.json'), 'utf8');
    const result = await runChangeset(root, ['version']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/No unreleased changesets found/);
    expect(existsSync(path.join(root, 'CHANGELOG.md'))).toBe(false);
    expect(readFileSync(path.join(root, 'package.json'), 'utf8')).toBe(before);
  });
});

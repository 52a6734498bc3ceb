/**
 * The GitHub workflows: schema-valid according to @action-validator/cli (run as its binary, on
 * this Node, offline), and saying what the project needs them to say.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/temp-repo.js';

const WORKFLOWS = path.join(repoRoot, '.github/workflows');
const VALIDATOR = path.join(repoRoot, 'node_modules/@action-validator/cli/cli.mjs');

function validate(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VALIDATOR, file], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  id?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix?: Record<string, unknown> };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const load = (name: string): Workflow => parse(readFileSync(path.join(WORKFLOWS, name), 'utf8')) as Workflow;
const runs = (job: Job): string[] => job.steps.flatMap((s) => (s.run ? [s.run.replace(/\s+/g, ' ').trim()] : []));

describe('workflow files', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();

  it('are the two the project runs', () => {
    expect(files).toEqual(['ci.yml', 'spec-sync.yml']);
  });

  it.each(files)('%s passes action-validator', async (file) => {
    const result = await validate(path.join(WORKFLOWS, file));
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it.each(files)('%s pins every action by full commit SHA', (file) => {
    const uses = Object.values(load(file).jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref, ref).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
    // Each pin carries the tag it stands for, so updates are reviewable.
    const text = readFileSync(path.join(WORKFLOWS, file), 'utf8');
    for (const line of text.split('\n').filter((l) => /uses: /.test(l))) expect(line, line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});

describe('the validator', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idlc-workflow-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a broken workflow, so a pass above means something', async () => {
    const file = path.join(dir, 'broken.yml');
    writeFileSync(file, 'name: broken\non: [push]\njobs:\n  test:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo hi\n');
    const result = await validate(file);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("Additional property 'runs-onn' is not allowed");
  });
});

describe('ci.yml', () => {
  const ci = load('ci.yml');
  const job = Object.values(ci.jobs)[0]!;

  it('runs on pushes and pull requests with read-only permissions', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('tests on Node 20 and 22', () => {
    expect(job.strategy?.matrix?.node).toEqual(['20', '22']);
    const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
  });

  it('installs, tests, checks generated code and API reports, then runs the package round trip, in that order', () => {
    expect(runs(job)).toEqual(['npm ci', 'npm test', 'npm run regen -- --check', 'npm run api:check']);
  });
});

describe('spec-sync.yml', () => {
  const sync = load('spec-sync.yml');
  const providers = readdirSync(path.join(repoRoot, 'specs'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it('runs daily and by hand', () => {
    expect(Object.keys(sync.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect((sync.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it('has one matrix job per provider that pulls, regenerates and uploads its report', () => {
    const job = sync.jobs.provider!;
    expect([...(job.strategy?.matrix?.provider as string[])].sort()).toEqual(providers);
    const commands = runs(job).join('\n');
    expect(commands).toContain('npm run specs:pull -- --provider "${{ matrix.provider }}" --update --accept --accept-breaking --no-regen');
    expect(commands).toContain(
      'npm run regen -- --provider "${{ matrix.provider }}" --accept-breaking --report "report-${{ matrix.provider }}.md" --json "report-${{ matrix.provider }}.json"',
    );
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(String(upload?.with?.path)).toContain('report-${{ matrix.provider }}.md');
  });

  it('merges the reports and opens or updates one pull request, labelled when breaking', () => {
    const job = sync.jobs['pull-request']!;
    expect(job.needs).toBe('provider');
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const merge = job.steps.find((s) => s.id === 'merge');
    expect(merge?.run).toContain('reports:merge');
    const pr = job.steps.find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(pr?.with).toMatchObject({ branch: 'spec-sync/upstream', 'body-path': '.spec-sync/review.md' });
    expect(String(pr?.with?.labels)).toBe("${{ steps.merge.outputs.breaking == 'true' && 'spec-sync,breaking' || 'spec-sync,non-breaking' }}");
  });

  it('uses only npm scripts that exist', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const used = [...new Set(Object.values({ ...sync.jobs, ...load('ci.yml').jobs }).flatMap((job) => runs(job).flatMap((r) => [...r.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]!))))];
    expect(used).toEqual(expect.arrayContaining(['specs:pull', 'regen', 'api:report', 'reports:merge', 'api:check']));
    expect(used.filter((name) => !scripts.includes(name))).toEqual([]);
  });
});

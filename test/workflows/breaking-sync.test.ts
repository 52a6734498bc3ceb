/**
 * A breaking sync still produces the pull request: the commands of `spec-sync.yml` (read from the
 * workflow, not copied) run in a throwaway repository against an upstream Dfns release that drops
 * a field the facade reads. The provider job still writes its review report, the merge step
 * reports `breaking=true` with every ERR and each `src/` compile error at the top of the body,
 * and the label expression picks `breaking`. The only change to the workflow's commands: the
 * pull is given the upstream document with `--from` instead of downloading it.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { makeTempRepo, repoRoot, runScript } from '../helpers/temp-repo.js';

const pinned = path.resolve(repoRoot, '../shared/upstream/dfns/dfns-openapi-1.578.2.yaml');

interface Step {
  id?: string;
  run?: string;
  with?: Record<string, unknown>;
  uses?: string;
}
const workflow = parse(readFileSync(path.join(repoRoot, '.github/workflows/spec-sync.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const scripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** A workflow `run` command as a shell command for this machine: `npm run x --` becomes the command of script x. */
function localCommand(run: string, provider: string): string {
  return run
    .replace(/\$\{\{ matrix\.provider \}\}/g, provider)
    .replace(/npm run (?:--silent )?([\w:-]+)(?: --)?/g, (_m, name: string) => {
      const command = scripts[name];
      if (!command) throw new Error(`no npm script ${name}`);
      return command.replace(/^node /, `"${process.execPath}" `);
    });
}

function sh(root: string, command: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { cwd: root, env: { ...process.env, NO_COLOR: '1', INIT_CWD: root, ...env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('spec-sync.yml on a breaking upstream release', () => {
  let repo: ReturnType<typeof makeTempRepo>;
  let next: string;

  beforeAll(async () => {
    repo = makeTempRepo();
    // The state a previous sync left: Dfns imported from its pinned document.
    const first = await runScript(repo.root, 'pull.ts', ['--provider', 'dfns', '--from', `api=${pinned}`, '--accept', '--accept-breaking']);
    expect(first.code, first.stderr).toBe(0);
    const doc = parse(readFileSync(pinned, 'utf8')) as Record<string, any>;
    delete doc.paths['/auth/users'].get.responses['200'].content['application/json'].schema.properties.nextPageToken;
    next = path.join(repo.root, 'dfns-next.yaml');
    writeFileSync(next, stringify(doc));
    // Our overlay's mock answer shows the field too; a release without it would come with that
    // example changed, so the copy's overlay drops it as well (else lint stops the run first).
    const overlayFile = path.join(repo.root, 'specs/dfns/overlay.yaml');
    writeFileSync(overlayFile, readFileSync(overlayFile, 'utf8').replace(/^ +nextPageToken: .*\n/m, ''));
  }, 300_000);
  afterAll(() => repo.cleanup());

  it('the provider job writes the report, the merge says breaking with the ERR and the compile error on top, the label is breaking', async () => {
    const provider = workflow.jobs.provider!.steps.flatMap((s) => (s.run && /specs:pull|npm run regen/.test(s.run) ? [s.run.replace(/\s+/g, ' ').trim()] : []));
    expect(provider).toHaveLength(2);
    const pull = await sh(repo.root, `${localCommand(provider[0]!, 'dfns')} --from "api=${next}"`);
    expect(pull.code, pull.stderr).toBe(0);
    const regen = await sh(repo.root, localCommand(provider[1]!, 'dfns'));
    expect(regen.code, regen.stderr).toBe(0);
    expect(existsSync(path.join(repo.root, 'report-dfns.md'))).toBe(true);
    const json = JSON.parse(readFileSync(path.join(repo.root, 'report-dfns.json'), 'utf8'));
    expect(json.providers.find((p: { provider: string }) => p.provider === 'dfns').breaking).toBe(true);

    // The pull-request job: the reports arrive as artifacts in .spec-sync/, then the merge step.
    mkdirSync(path.join(repo.root, '.spec-sync'), { recursive: true });
    for (const ext of ['md', 'json']) copyFileSync(path.join(repo.root, `report-dfns.${ext}`), path.join(repo.root, `.spec-sync/report-dfns.${ext}`));
    // The API-report step before the merge writes this file; its content is not the question here.
    writeFileSync(path.join(repo.root, '.spec-sync/api-changes.md'), '');
    const steps = workflow.jobs['pull-request']!.steps;
    const merge = steps.find((s) => s.id === 'merge')!;
    const output = path.join(repo.root, 'github-output');
    writeFileSync(output, '');
    const merged = await sh(repo.root, localCommand(merge.run!.replace(/\s+/g, ' ').trim(), 'dfns'), { GITHUB_OUTPUT: output, RUN_URL: 'https://example.invalid/run/1' });
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toContain('breaking=true');

    const body = readFileSync(path.join(repo.root, '.spec-sync/review.md'), 'utf8');
    const top = body.slice(0, body.indexOf('\n## '));
    expect(top).toMatch(/^- dfns: ERR `response-property-removed` `GET \/auth\/users`: response property 'nextPageToken' \(status 200\) was removed.* \(used by `createDfnsClient\.users\.list[\w.]*`\)$/m);
    expect(top).toMatch(/^- dfns: `src\/` does not compile: src\/dfns\/index\.ts:\d+: Property 'nextPageToken' does not exist/m);
    expect(top).toContain('carries the `breaking` label');

    // The label the create-pull-request step gets for this verdict.
    const labels = String(steps.find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'))!.with!.labels);
    const choice = /^\$\{\{ steps\.merge\.outputs\.breaking == 'true' && '([^']+)' \|\| '([^']+)' \}\}$/.exec(labels);
    expect(choice).not.toBeNull();
    const breaking = /breaking=(\w+)/.exec(readFileSync(output, 'utf8'))![1] === 'true';
    expect((breaking ? choice![1] : choice![2])!.split(',')).toEqual(['spec-sync', 'breaking']);
    expect(choice![2]!.split(',')).toEqual(['spec-sync', 'non-breaking']);
  }, 600_000);
});

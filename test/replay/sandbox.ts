/**
 * A throwaway copy of the repository in which the replay runs the real commands, as a scheduled
 * sync would: `specs:pull` with the dated upstream files, then the project's type-check and the
 * provider's contract tests. Every command has a time limit; the copy links node_modules and is
 * removed afterwards.
 *
 * `api/` is left out of the copy: the public API reports are not what the replay asserts, and
 * rebuilding them costs seconds per step (regen skips them where a project keeps none).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { makeTempRepo, repoRoot } from '../helpers/temp-repo.js';
import { readReview, type ReviewedProvider } from './review.js';
import { Typechecker } from './typecheck.js';

/** What a command printed and how it ended. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Seconds the command took. */
  seconds: number;
}

/** Copied besides the pipeline files, so tsc and the contract tests can run in the copy. */
const EXTRA_ENTRIES = ['tsconfig.build.json', 'vitest.config.ts'];
const PIPELINE_ENTRIES = ['specs', 'scripts', 'generated', 'src', 'redocly.yaml', 'package.json', 'tsconfig.json', ...EXTRA_ENTRIES];

/** One run of `specs:pull` and the review it produced. */
export interface PullRun extends Run {
  args: string[];
  /** The review per provider, read from the report files the run wrote. */
  review: Map<string, ReviewedProvider>;
}

/** A repository copy to replay in. */
export class Sandbox {
  readonly root: string;
  readonly cleanup: () => void;
  private jsonFlag: boolean | undefined;
  private checker: Typechecker | undefined;

  constructor() {
    const repo = makeTempRepo(PIPELINE_ENTRIES);
    this.root = repo.root;
    this.cleanup = () => {
      this.checker?.close();
      repo.cleanup();
    };
    mkdirSync(path.join(this.root, 'test'), { recursive: true });
    cpSync(path.join(repoRoot, 'test', 'contract'), path.join(this.root, 'test', 'contract'), { recursive: true });
  }

  /** Run `node <args>` in the copy, killed after `timeoutMs`. */
  exec(args: string[], timeoutMs: number): Promise<Run> {
    const start = Date.now();
    // npm sets INIT_CWD to where `npm test` was typed; the commands would resolve paths there.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    delete env.INIT_CWD;
    return new Promise((resolve) => {
      execFile(process.execPath, args, { cwd: this.root, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : error.killed ? 124 : 1) : 0;
        resolve({ code, stdout, stderr: error?.killed ? `${stderr}\n(killed after ${timeoutMs} ms)` : stderr, seconds: (Date.now() - start) / 1000 });
      });
    });
  }

  /** A pipeline command the way `npm run` starts it: the built launcher where the project has one. */
  private script(name: string, args: string[], timeoutMs: number): Promise<Run> {
    const launcher = path.join(this.root, 'scripts', 'build', 'run.mjs');
    if (existsSync(launcher)) return this.exec([launcher, name.replace(/\.ts$/, ''), ...args], timeoutMs);
    return this.exec(['--import', 'tsx', path.join(this.root, 'scripts', name), ...args], timeoutMs);
  }

  /** Whether this version of `specs:pull` writes the JSON review itself (`--json <file>`). */
  private async pullTakesJson(): Promise<boolean> {
    if (this.jsonFlag === undefined) {
      const probe = await this.script('pull.ts', ['--json', path.join(this.root, '.cache', 'probe.json'), '--provider', 'no-such-provider'], 60_000);
      this.jsonFlag = !/unknown flag --json/.test(probe.stderr);
    }
    return this.jsonFlag;
  }

  /**
   * `specs:pull --provider <p> --from <id>=<file>… --update --accept [--accept-breaking]`, then
   * the review it wrote: the `--json` report where the command has one, else the reports pull
   * and regen leave in `.cache/upstream/<p>/` (cleared before the run, so nothing stale is read).
   */
  async pull(provider: string, files: Record<string, string>, options: { acceptBreaking?: boolean; noContract?: boolean; timeoutMs?: number } = {}): Promise<PullRun> {
    const cache = path.join(this.root, '.cache', 'upstream', provider);
    for (const name of ['report.json', 'regen-report.json']) rmSync(path.join(cache, name), { force: true });
    const json = path.join(this.root, '.cache', 'replay', `${provider}-review.json`);
    rmSync(json, { force: true });
    const args = ['--provider', provider, ...Object.entries(files).flatMap(([id, file]) => ['--from', `${id}=${file}`]), '--update', '--accept'];
    if (options.acceptBreaking) args.push('--accept-breaking');
    if (options.noContract) args.push('--no-contract');
    if (await this.pullTakesJson()) {
      mkdirSync(path.dirname(json), { recursive: true });
      args.push('--json', json);
    }
    const run = await this.script('pull.ts', args, options.timeoutMs ?? 300_000);
    const candidates = [json, path.join(cache, 'regen-report.json'), path.join(cache, 'report.json')];
    return { ...run, args, review: readReview(provider, candidates.filter((f) => existsSync(f))) };
  }

  /**
   * `tsc --noEmit -p tsconfig.json --skipLibCheck` in the copy, by one process kept for the
   * copy's life (./typecheck.ts): only generated/ and specs/ change between steps, so each later
   * check reuses the parse of every other file and the verdicts on files the step cannot reach.
   * The libraries' declarations are not checked: a sync changes none of them, and
   * `npm run typecheck` checks them on the committed tree; that check is over half of a cold run.
   */
  typecheck(timeoutMs = 300_000): Promise<Run> {
    this.checker ??= new Typechecker(this.root);
    return this.checker.check(timeoutMs);
  }

  /** The contract tests of the given providers (`vitest run test/contract/<p>.test.ts`). */
  contract(providers: string[], timeoutMs = 300_000): Promise<Run> {
    const vitest = path.join(this.root, 'node_modules', 'vitest', 'vitest.mjs');
    return this.exec([vitest, 'run', '--project', 'unit', ...providers.map((p) => `test/contract/${p}.test.ts`)], timeoutMs);
  }

  /** A file of the copy, as text. */
  read(rel: string): string {
    return readFileSync(path.join(this.root, rel), 'utf8');
  }

  /** The provider's spec as it stands in the copy. */
  spec(provider: string): Record<string, any> {
    return YAML.parse(this.read(`specs/${provider}/openapi.yaml`), { maxAliasCount: -1 }) as Record<string, any>;
  }
}

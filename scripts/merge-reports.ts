/**
 * `npm run reports:merge -- [--out review.md] [--github-output <file>] [--expect dfns,zitadel]
 *   [--run-url <url>] [--appendix api.md] report-<p>.json...`
 *
 * Merge per-provider review reports into one Markdown document (stdout, or `--out`); with
 * `--github-output` also append `breaking=true|false` and `semver=<bump>` for later workflow
 * steps. See scripts/lib/merge-reports.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs, runCli } from './lib/cli.js';
import { PipelineError } from './lib/errors.js';
import { mergeReports, readProviderReports } from './lib/merge-reports/index.js';

runCli(async (argv) => {
  const args = parseArgs(argv, { string: ['out', 'github-output', 'expect', 'run-url', 'appendix'] });
  if (args.positionals.length === 0) throw new PipelineError('give at least one report-<provider>.json', 'command line');
  const last = (name: string): string | undefined => args.flags.get(name)?.at(-1);
  const appendixFile = last('appendix');
  const merged = mergeReports(readProviderReports(args.positionals), {
    expected: (args.flags.get('expect') ?? []).flatMap((v) => v.split(',')).filter(Boolean),
    runUrl: last('run-url'),
    appendix: appendixFile && existsSync(appendixFile) ? readFileSync(appendixFile, 'utf8') : undefined,
  });
  const out = last('out');
  if (out) writeFileSync(out, merged.markdown);
  else process.stdout.write(merged.markdown);
  const githubOutput = last('github-output');
  if (githubOutput) appendFileSync(githubOutput, `breaking=${merged.breaking}\nsemver=${merged.semver}\n`);
  process.stderr.write(`merged ${merged.verdicts.length} report(s): semver ${merged.semver}, breaking ${merged.breaking}\n`);
  return 0;
});

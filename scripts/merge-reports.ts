/**
 * `npm run reports:merge -- [--out review.md] [--github-output <file>] [--expect dfns,zitadel]
 *   [--run-url <url>] [--appendix api.md] report-<p>.json...`
 *
 * Merge per-provider review reports into one Markdown document (stdout, or `--out`); with
 * `--github-output` also append `breaking=true|false` and `semver=<bump>` for later workflow
 * steps. Flags and help: scripts/lib/commands.ts; the merge: scripts/lib/merge-reports.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';

runCommand(COMMANDS['reports:merge'], async (args) => {
  const { mergeReports, readProviderReports } = await import('./lib/merge-reports/index.js');
  const appendixFile = args.value('appendix');
  const merged = mergeReports(readProviderReports([...args.positionals]), {
    expected: args.values('expect').flatMap((v) => v.split(',')).filter(Boolean),
    runUrl: args.value('run-url'),
    appendix: appendixFile ? readFileSync(appendixFile, 'utf8') : undefined,
  });
  const out = args.value('out');
  if (out) writeFileSync(out, merged.markdown);
  else process.stdout.write(merged.markdown);
  const githubOutput = args.value('github-output');
  if (githubOutput) appendFileSync(githubOutput, `breaking=${merged.breaking}\nsemver=${merged.semver}\n`);
  process.stderr.write(`merged ${merged.verdicts.length} report(s): semver ${merged.semver}, breaking ${merged.breaking}\n`);
  return 0;
});

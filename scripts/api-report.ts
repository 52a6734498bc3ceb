/**
 * `npm run api:report` rewrites api/<entry>.api.md from the current code;
 * `npm run api:check` (`--check`) writes nothing and fails, naming each changed symbol and
 * printing the diff, when the public surface no longer matches the committed reports.
 * `--diff-out <file>` also writes the Markdown summary (used by the spec-sync workflow).
 * Flags and help: scripts/lib/commands.ts; the reports: scripts/lib/api-report.
 */
import { writeFileSync } from 'node:fs';
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';

runCommand(COMMANDS['api:report'], async (args) => {
  const { checkApiReports, updateApiReports } = await import('./lib/api-report/index.js');
  const check = args.has('check');
  const result = check ? await checkApiReports() : await updateApiReports();
  const diffOut = args.value('diff-out');
  if (diffOut) writeFileSync(diffOut, result.markdown);
  if (!result.changed) {
    process.stdout.write('api reports up to date\n');
    return 0;
  }
  if (!check) {
    for (const report of result.reports) process.stdout.write(`updated ${report}\n`);
    for (const s of result.symbols) process.stdout.write(`  ${s.kind}: ${s.specifier} ${s.symbol}\n`);
    return 0;
  }
  const out = process.stderr;
  out.write(`${result.diff}\n`);
  for (const s of result.symbols) out.write(`error: ${s.report}: public API ${s.kind}: ${s.symbol} (${s.specifier})\n`);
  out.write(`error: ${result.reports.length} API report(s) out of date; review the change and run \`npm run api:report\`\n`);
  return 1;
});

/**
 * Every stage command and its flags, as data: the one source of both the `--help` text and the
 * argument checks (see ./cli.ts). An entry file under `scripts/` picks its row and runs it with
 * `runCommand`; `package.json` runs the built entry through `scripts/run.mjs`.
 */
import type { CommandSpec, FlagSpec } from './cli.js';

const PROVIDER: FlagSpec = { name: 'provider', value: '<id>', repeat: true, help: 'only this provider (default: every provider under specs/)' };
const BAD_INPUT = 'exit: 0 done, 2 bad input (one `error:` line on stderr, nothing written)';

/** The commands, by npm script name. */
export const COMMANDS = {
  regen: {
    name: 'regen',
    entry: 'regen',
    summary:
      'The main job: for each provider whose spec changed since its generated code was built, lint, generate and review (spec diff, compile check, facade type-check), then write generated/, a changeset and the API reports. Nothing is written when any provider fails.',
    flags: [
      { name: 'check', help: 'rebuild in memory and write nothing; exit 1 naming each stale generated file', conflicts: ['accept-breaking', 'report', 'json'] },
      PROVIDER,
      { name: 'report', value: '<file.md>', path: 'output', help: 'write the Markdown review report here' },
      { name: 'json', value: '<file.json>', path: 'output', help: 'write the JSON review report here' },
      { name: 'accept-breaking', help: 'write even when the review finds breaking changes' },
      { name: 'from', value: '<source>=<file>', pair: true, path: 'file', repeat: true, help: 'a pinned upstream document to re-import a spec from when its provider.yaml or overlay changed (default: the cache specs:pull keeps)' },
      { name: 'no-contract', help: "skip running the facade's contract calls against a mock of each changed spec" },
    ],
    notes: ['exit: 0 done, 1 stale output (--check), 2 bad input or breaking changes refused (one `error:` line)'],
  },
  generate: {
    name: 'generate',
    entry: 'generate',
    summary: 'Regenerate generated/ from the specs, without the lint gate, the review or the unchanged shortcut. Writes atomically.',
    flags: [PROVIDER],
    notes: [BAD_INPUT],
  },
  'specs:lint': {
    name: 'specs:lint',
    entry: 'lint',
    summary: 'Lint every normalized spec with redocly.yaml and print each problem and a total per provider. The gate is zero errors and zero warnings.',
    flags: [PROVIDER],
    notes: ['exit: 0 clean, 1 any error or warning, 2 bad input'],
  },
  'specs:diff': {
    name: 'specs:diff',
    entry: 'diff',
    summary:
      "Compare two OpenAPI documents (Swagger 2.0, OpenAPI 3.0 or 3.1; YAML or JSON), or a provider's spec at a git ref against its working tree, and report every change with its level. With --format json, stdout holds only the JSON result.",
    positionals: { label: '<base> <revision>', help: 'the two documents (files or http(s) URLs); omit with --provider', min: 0, max: 2, path: 'file', url: true },
    flags: [
      { name: 'format', value: '<format>', choices: ['md', 'json', 'text'], help: 'output format (default: text)' },
      { name: 'fail-on', value: '<level>', choices: ['ERR', 'WARN', 'INFO'], help: 'exit 1 when a change at or above this level exists' },
      { name: 'levels', value: '<file>', path: 'file', help: 'a YAML file overriding rule levels' },
      { name: 'provider', value: '<id>', help: "diff this provider's committed spec against its working-tree spec" },
      { name: 'base', value: '<git-ref>', requires: ['provider'], help: 'git ref of the base with --provider (default: HEAD)' },
      { name: 'compile-check', help: 'confirm each verdict with the TypeScript compiler' },
      { name: 'src', value: '<dir>', path: 'dir', help: 'folder searched for uses of changed operations (default: src/<provider> with --provider)' },
      { name: 'no-cache', help: 'do not read or write the parsed-document cache in .cache/specs-diff/' },
    ],
    notes: ['exit: 0 done, 1 a change at or above --fail-on, 2 bad input (one `error:` line)'],
  },
  'specs:normalize': {
    name: 'specs:normalize',
    entry: 'normalize',
    summary:
      "Normalize one upstream document (Swagger 2.0, OpenAPI 3.0 or 3.1; YAML or JSON; one file or a root with relative $refs) into canonical OpenAPI 3.1.0. Without --config every operation is kept; with one, the provider's keep-list, paths, ids and overlay apply.",
    positionals: { label: '<input>', help: 'the upstream document', min: 1, max: 1, path: 'file' },
    flags: [
      { name: 'config', value: '<provider.yaml>', path: 'file', help: 'apply this provider config' },
      { name: 'out', value: '<file>', path: 'output', required: true, help: 'where to write the normalized document (.json writes JSON)' },
      { name: 'types', value: '<file.ts>', path: 'output', help: 'also write openapi-typescript types for the result' },
      { name: 'source', value: '<id>=<file>', pair: true, path: 'file', repeat: true, requires: ['config'], help: "the document for another of the config's sources" },
      { name: 'allow-remote', value: '<host>', repeat: true, help: 'allow fetching remote $refs from this host' },
      { name: 'no-overlay', help: "skip the overlay the config names (see upstream as it is)" },
      { name: 'strict', help: 'an overlay action that matches nothing is an error, not a warning' },
    ],
    userCwd: true,
    notes: ['Relative paths are relative to the directory the command was started from.', 'exit: 0 done (warnings on stderr), 2 bad input (one `error:` line, nothing written)'],
  },
  'specs:pull': {
    name: 'specs:pull',
    entry: 'pull',
    summary:
      "Fetch each provider's upstream documents, check them against specs/<p>/upstream.lock.json (a changed source is refused without --update), normalize, and review the candidate against the committed spec. With --accept the candidate replaces the committed spec and lock, and the clients are regenerated.",
    flags: [
      PROVIDER,
      { name: 'from', value: '<source>=<file|url>', pair: true, path: 'file', url: true, repeat: true, help: 'read this source from a local file or URL instead of its upstream URL' },
      { name: 'update', help: 'accept sources whose sha256 differs from the lock' },
      { name: 'accept', help: 'replace the committed spec and lock with the candidate, then regenerate' },
      { name: 'accept-breaking', requires: ['accept'], help: 'accept a candidate with breaking changes too' },
      { name: 'no-regen', requires: ['accept'], help: 'leave regeneration to its own step' },
      { name: 'no-contract', requires: ['accept'], help: "skip running the facade's contract calls against a mock of the candidate" },
      { name: 'allow-remote', value: '<host>', repeat: true, help: 'allow fetching remote $refs from this host' },
    ],
    userCwd: true,
    notes: ['Relative paths are relative to the directory the command was started from.', 'exit: 0 done, 1 changes found or refused, 2 bad input (one `error:` line)'],
  },
  'specs:reproduce': {
    name: 'specs:reproduce',
    entry: 'reproduce',
    summary:
      "Rebuild every committed spec from the upstream documents pinned in specs/<p>/upstream.lock.json (found under --upstream by sha256), provider.yaml and the overlay (strict), and print `<p>: reproducible` for each; otherwise the first differing line. With --write, replace the committed specs with the rebuilt ones and record in each lock the provider.yaml and overlay they were built from.",
    flags: [
      { name: 'upstream', value: '<folder>', path: 'dir', required: true, help: 'the folder holding the pinned upstream documents (searched recursively)' },
      PROVIDER,
      { name: 'write', help: 'replace the committed specs with the rebuilt ones, and their locks\' provider.yaml and overlay hashes (all or none)' },
    ],
    userCwd: true,
    notes: ['Relative paths are relative to the directory the command was started from.', 'exit: 0 reproducible (or written), 1 a spec differs, 2 bad input (one `error:` line)'],
  },
  'api:report': {
    name: 'api:report',
    entry: 'api-report',
    summary: 'Rewrite api/<entry>.api.md from the current code. With --check (`npm run api:check`) write nothing and fail, naming each changed symbol, when the public surface no longer matches the committed reports.',
    flags: [
      { name: 'check', help: 'write nothing; exit 1 when a report is out of date' },
      { name: 'diff-out', value: '<file>', path: 'output', help: 'also write the Markdown summary of the change here' },
    ],
    notes: ['exit: 0 up to date or updated, 1 out of date (--check), 2 bad input'],
  },
  'reports:merge': {
    name: 'reports:merge',
    entry: 'merge-reports',
    summary: 'Merge per-provider review reports into one Markdown document (stdout, or --out); with --github-output also append breaking=true|false and semver=<bump> for later workflow steps.',
    positionals: { label: '<report-<p>.json>...', help: 'the per-provider JSON reports (their .md beside them is used when present)', min: 1, max: Number.MAX_SAFE_INTEGER, path: 'file' },
    flags: [
      { name: 'out', value: '<file>', path: 'output', help: 'write the merged Markdown here instead of stdout' },
      { name: 'github-output', value: '<file>', path: 'output', help: 'append breaking= and semver= lines to this file' },
      { name: 'expect', value: '<p1,p2>', repeat: true, help: 'providers whose report must be present' },
      { name: 'run-url', value: '<url>', help: 'link to the workflow run, for the report' },
      { name: 'appendix', value: '<file>', path: 'file', help: 'Markdown appended to the merged report' },
    ],
    notes: [BAD_INPUT],
  },
} satisfies Record<string, CommandSpec>;

/** A command's npm script name. */
export type CommandName = keyof typeof COMMANDS;

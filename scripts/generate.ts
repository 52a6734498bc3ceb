/**
 * `npm run generate [-- --provider <id>]`: regenerate `generated/` from the specs without the
 * lint gate and without the unchanged shortcut. Writes atomically, like regen.
 */
import path from 'node:path';
import { parseArgs, runCli } from './lib/cli.js';
import { GENERATED_README, generateProvider } from './lib/generate/index.js';
import { readSpecFile } from './lib/generate/spec-file.js';
import { repoRelative, repoRoot } from './lib/paths.js';
import { selectProviders } from './lib/providers.js';
import { writeFilesAtomically } from './lib/atomic.js';
import { lockSha256, readLockText } from './lib/regen/inputs.js';

runCli(async (argv) => {
  const args = parseArgs(argv, { string: ['provider'] });
  const outputs = new Map<string, string>();
  for (const provider of selectProviders(args.flags.get('provider'))) {
    const files = await generateProvider(readSpecFile(provider.specFile, repoRelative(provider.specFile)), lockSha256(readLockText(provider)));
    for (const [name, content] of Object.entries(files)) outputs.set(path.join(provider.generatedDir, name), content);
    process.stdout.write(`${provider.id.padEnd(10)} generated ${Object.keys(files).join(', ')}\n`);
  }
  outputs.set(path.join(repoRoot, 'generated', 'README.md'), GENERATED_README);
  writeFilesAtomically(outputs);
});

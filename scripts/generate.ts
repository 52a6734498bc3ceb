/**
 * `npm run generate [-- --provider <id>]`: regenerate `generated/` from the specs without the
 * lint gate and without the unchanged shortcut. Writes atomically, like regen.
 */
import path from 'node:path';
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';

runCommand(COMMANDS.generate, async (args) => {
  const [{ GENERATED_README, generateProvider }, { readSpecFile }, { repoRelative, repoRoot }, { selectProviders }, { writeFilesAtomically }, { lockSha256, readLockText }] = await Promise.all([
    import('./lib/generate/index.js'),
    import('./lib/generate/spec-file.js'),
    import('./lib/paths.js'),
    import('./lib/providers.js'),
    import('./lib/atomic.js'),
    import('./lib/regen/inputs.js'),
  ]);
  const outputs = new Map<string, string>();
  for (const provider of selectProviders(args.values('provider'))) {
    const files = await generateProvider(readSpecFile(provider.specFile, repoRelative(provider.specFile)), lockSha256(readLockText(provider)));
    for (const [name, content] of Object.entries(files)) outputs.set(path.join(provider.generatedDir, name), content);
    process.stdout.write(`${provider.id.padEnd(10)} generated ${Object.keys(files).join(', ')}\n`);
  }
  outputs.set(path.join(repoRoot, 'generated', 'README.md'), GENERATED_README);
  writeFilesAtomically(outputs);
});

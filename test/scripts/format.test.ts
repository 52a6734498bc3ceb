/**
 * The pipeline formats what it writes with prettier on Babel's TypeScript parser; it relies on
 * prettier printing the same text from that tree as from the `typescript` parser's. Checked on
 * every committed generated file and API report code block, and on the wording of a text
 * neither parser accepts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { FORMAT_OPTIONS, formatTypeScript } from '../../scripts/lib/format.js';
import { repoRoot } from '../helpers/temp-repo.js';

/** Every committed generated `.ts` file, and every TypeScript block of the API reports. */
function committedTypeScript(): { where: string; code: string }[] {
  const out: { where: string; code: string }[] = [];
  for (const provider of readdirSync(path.join(repoRoot, 'generated'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
    for (const name of ['schema.ts', 'operations.ts']) out.push({ where: `generated/${provider}/${name}`, code: readFileSync(path.join(repoRoot, 'generated', provider, name), 'utf8') });
  }
  for (const name of readdirSync(path.join(repoRoot, 'api')).filter((f) => f.endsWith('.api.md'))) {
    const text = readFileSync(path.join(repoRoot, 'api', name), 'utf8');
    for (const [index, block] of [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].entries()) out.push({ where: `api/${name} block ${index + 1}`, code: block[1]! });
  }
  return out;
}

describe('formatTypeScript', () => {
  it('prints every committed generated file and API report block as the typescript parser does, and leaves them as they are', async () => {
    const texts = committedTypeScript();
    expect(texts.filter((t) => t.where.startsWith('api/')).length).toBeGreaterThan(50);
    for (const { where, code } of texts) {
      const ours = await formatTypeScript(code);
      expect(ours, where).toBe(await prettier.format(code, { ...FORMAT_OPTIONS, parser: 'typescript' }));
      // The committed text is the formatter's own output (report blocks are stored trimmed).
      expect(where.startsWith('api/') ? ours.trimEnd() : ours, where).toBe(where.startsWith('api/') ? code.trimEnd() : code);
    }
  }, 60_000);

  it('words a text neither parser accepts as the typescript parser does, with its line and column', async () => {
    await expect(formatTypeScript('export type Broken = {\n  a: string;\n')).rejects.toThrow(/^'\}' expected\. \(3:1\)/);
  });
});

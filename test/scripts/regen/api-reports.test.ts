/**
 * Regen keeps the public API reports in step with the generated types and shows their change in
 * the review report, next to the spec diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo, runScript } from '../../helpers/temp-repo.js';

describe('regen and the API reports', () => {
  let repo: ReturnType<typeof makeTempRepo>;
  beforeAll(() => {
    repo = makeTempRepo(['specs', 'scripts', 'generated', 'src', 'api', 'redocly.yaml', 'package.json', 'tsconfig.json', 'tsconfig.build.json']);
  });
  afterAll(() => repo.cleanup());

  it('rewrites the report of the entry whose types changed and puts the diff in the review', async () => {
    const spec = path.join(repo.root, 'specs/zitadel/openapi.yaml');
    const text = readFileSync(spec, 'utf8');
    const anchor = /\n {4}User:\n(?: {6}.*\n)*? {6}properties:\n/.exec(text)?.[0];
    expect(anchor).toBeDefined();
    writeFileSync(spec, text.replace(anchor!, `${anchor}        displayTitle:\n          type: string\n          description: A title shown next to the user's name.\n`));

    const run = await runScript(repo.root, 'regen.ts', ['--provider', 'zitadel', '--report', 'review.md']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^api\s+reports\s+\d+ changed/m);
    expect(run.stdout).toContain('updated api/zitadel.api.md');
    expect(readFileSync(path.join(repo.root, 'api/zitadel.api.md'), 'utf8')).toContain('displayTitle');
    expect(readFileSync(path.join(repo.root, 'api/dfns.api.md'), 'utf8')).not.toContain('displayTitle');
    const review = readFileSync(path.join(repo.root, 'review.md'), 'utf8');
    expect(review).toContain('## Public API changes');
    expect(review).toContain('displayTitle');
  }, 180_000);
});

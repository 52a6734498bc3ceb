/**
 * Our corpus: base/revision pairs under test/fixtures/diff/corpus/<case>/ with the expected
 * verdict in expected.yaml (exact summary, exact set of rule ids, semver). Cases named
 * `nochange-*` are rewrites that must report nothing: reformatting, key order, YAML anchors,
 * 3.0 → 3.1, inline → $ref, Swagger 2.0 vs OpenAPI 3, allOf flattening, and more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffSpecs } from '../../../scripts/lib/diff/index.js';
import { readDiffInput } from '../../../scripts/lib/diff/input.js';
import { RULES } from '../../../scripts/lib/diff/registry.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const CORPUS = path.join(repoRoot, 'test/fixtures/diff/corpus');
const cases = readdirSync(CORPUS).filter((name) => readdirSync(path.join(CORPUS, name)).includes('expected.yaml')).sort();

interface Expected {
  semver: string;
  summary: { ERR: number; WARN: number; INFO: number };
  ids: string[];
}

describe('diff corpus', () => {
  it('has at least 40 cases, no-change cases included, covering every area', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.startsWith('nochange-')).length).toBeGreaterThanOrEqual(6);
    const expectedIds = new Set(cases.flatMap((c) => (parse(readFileSync(path.join(CORPUS, c, 'expected.yaml'), 'utf8')) as Expected).ids));
    const areas = new Set(RULES.filter((r) => expectedIds.has(r.id)).map((r) => r.area));
    expect([...areas].sort()).toEqual(['docs', 'operations', 'parameters', 'request-body', 'response-headers', 'responses', 'security', 'servers']);
  });

  it.each(cases)('%s', async (name) => {
    const dir = path.join(CORPUS, name);
    const files = readdirSync(dir);
    const base = await readDiffInput(path.join(dir, files.find((f) => f.startsWith('base.'))!));
    const revision = await readDiffInput(path.join(dir, files.find((f) => f.startsWith('revision.'))!));
    const expected = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as Expected;
    const result = diffSpecs(base.doc, revision.doc);
    expect({ summary: result.summary, semver: result.semver, ids: [...new Set(result.changes.map((c) => c.id))].sort() }).toEqual({
      summary: expected.summary,
      semver: expected.semver,
      ids: [...expected.ids].sort(),
    });
    // Reversing a no-change pair must report nothing either.
    if (name.startsWith('nochange-')) expect(diffSpecs(revision.doc, base.doc).changes).toEqual([]);
  });

  it('gives byte-identical output for the same inputs', async () => {
    const dir = path.join(CORPUS, 'mixed-release');
    const base = await readDiffInput(path.join(dir, 'base.yaml'));
    const revision = await readDiffInput(path.join(dir, 'revision.yaml'));
    expect(JSON.stringify(diffSpecs(base.doc, revision.doc))).toBe(JSON.stringify(diffSpecs(base.doc, revision.doc)));
  });
});

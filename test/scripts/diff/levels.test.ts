/** Level files override the default profile; their mistakes name the file and the line. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../scripts/lib/errors.js';
import { diffSpecs } from '../../../scripts/lib/diff/index.js';
import { readDiffInput } from '../../../scripts/lib/diff/input.js';
import { parseLevels, readLevels } from '../../../scripts/lib/diff/levels.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const LEVELS = path.join(repoRoot, 'test/fixtures/diff/levels');
const RULES = path.join(repoRoot, 'test/fixtures/diff/rules');

describe('level files', () => {
  it('parses levels case-insensitively, with OFF', () => {
    expect([...readLevels(path.join(LEVELS, 'strict.yaml'))]).toEqual([
      ['response-property-enum-value-added', 'ERR'],
      ['operation-description-changed', 'OFF'],
      ['schema-description-changed', 'OFF'],
    ]);
    expect(parseLevels('', 'empty.yaml').size).toBe(0);
  });

  it('refuses an unknown rule id with the file and line', () => {
    expect(() => readLevels(path.join(LEVELS, 'unknown-rule.yaml'))).toThrowError(PipelineError);
    try {
      readLevels(path.join(LEVELS, 'unknown-rule.yaml'));
    } catch (err) {
      expect((err as PipelineError).toLine()).toMatch(/unknown-rule\.yaml:2: unknown rule id 'no-such-rule'/);
    }
    expect(() => parseLevels('operation-removed: LOUD\n', 'x.yaml')).toThrowError(/must be ERR, WARN, INFO or OFF/);
    expect(() => parseLevels('- a\n', 'x.yaml')).toThrowError(/mapping/);
  });

  it('changes levels and drops OFF rules in the result, and the semver follows', async () => {
    const base = await readDiffInput(path.join(RULES, 'response-property-enum-value-added_base.yaml'));
    const revision = await readDiffInput(path.join(RULES, 'response-property-enum-value-added_revision.yaml'));
    expect(diffSpecs(base.doc, revision.doc).semver).toBe('minor');
    const strict = diffSpecs(base.doc, revision.doc, { levels: readLevels(path.join(LEVELS, 'strict.yaml')) });
    expect(strict.changes.every((c) => c.level === 'ERR')).toBe(true);
    expect(strict.semver).toBe('major');

    const docBase = await readDiffInput(path.join(RULES, 'operation-description-changed_base.yaml'));
    const docRevision = await readDiffInput(path.join(RULES, 'operation-description-changed_revision.yaml'));
    expect(diffSpecs(docBase.doc, docRevision.doc, { levels: new Map([['operation-description-changed', 'OFF']]) })).toEqual({ changes: [], summary: { ERR: 0, WARN: 0, INFO: 0 }, semver: 'none' });
  });
});

/** specs:normalize --types uses the generate stage's generator and options, not its own. */
import { describe, expect, it } from 'vitest';
import { typesOf } from '../../../scripts/lib/generate/index.js';
import { typesFor } from '../../../scripts/lib/normalize/run.js';

const doc = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas: { Page: { type: 'object', properties: { size: { type: 'integer', default: 50 } } } } },
};

describe('typesFor', () => {
  it('is the generate stage output under a header', async () => {
    const types = await typesFor(doc, 'x.yaml');
    expect(types).toBe(`/**\n * Types for x.yaml, written by specs:normalize. Do not edit.\n */\n\n${await typesOf(doc, 'x.yaml')}`);
  });

  it('keeps a field that only has a default optional (defaultNonNullable: false, as generate does)', async () => {
    expect(await typesFor(doc, 'x.yaml')).toMatch(/size\?: number;/);
  });
});

/**
 * The rule registry's invariants, and each rule tested alone on its fixture pair
 * (test/fixtures/diff/rules/<id>_base.yaml → <id>_revision.yaml).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileCheck } from '../../../scripts/lib/diff/compile-check.js';
import { diffSpecs } from '../../../scripts/lib/diff/index.js';
import { readDiffInput } from '../../../scripts/lib/diff/input.js';
import { MESSAGES } from '../../../scripts/lib/diff/messages.js';
import { RULES } from '../../../scripts/lib/diff/registry.js';
import type { RuleCheck } from '../../../scripts/lib/diff/rules/rule.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const FIXTURES = path.join(repoRoot, 'test/fixtures/diff/rules');
const LEVELS = ['ERR', 'WARN', 'INFO'];
const DIRECTIONS = ['request', 'response', 'none'];
const AREAS = ['operations', 'parameters', 'request-body', 'responses', 'response-headers', 'security', 'servers', 'docs'];
const KINDS = ['add', 'remove', 'change', 'narrow', 'widen', 'deprecate', 'rename'];

describe('rule registry', () => {
  it('holds at least 60 rules with unique kebab-case ids', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(60);
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s has every field, a message, logic and a fixture pair', (id, rule) => {
    expect(LEVELS).toContain(rule.level);
    expect(DIRECTIONS).toContain(rule.direction);
    expect(AREAS).toContain(rule.area);
    expect(KINDS).toContain(rule.kind);
    expect(MESSAGES[id], `message for ${id}`).toBeTruthy();
    const checks: readonly RuleCheck[] = Array.isArray(rule.check) ? rule.check : [rule.check as RuleCheck];
    if (rule.emittedBy) expect(checks).toHaveLength(0);
    else {
      expect(checks.length).toBeGreaterThan(0);
      for (const c of checks) expect(typeof c.check).toBe('function');
    }
    expect(existsSync(path.join(FIXTURES, `${id}_base.yaml`)), `${id}_base.yaml`).toBe(true);
    expect(existsSync(path.join(FIXTURES, `${id}_revision.yaml`)), `${id}_revision.yaml`).toBe(true);
  });

  it('has no message and no fixture without a rule', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const key of Object.keys(MESSAGES)) expect(ids.has(key), `message ${key}`).toBe(true);
    for (const file of readdirSync(FIXTURES)) {
      const id = file.replace(/_(base|revision)\.yaml$/, '');
      expect(ids.has(id), `fixture ${file}`).toBe(true);
    }
  });

  it('covers every category the review needs, with documentation changes at INFO', () => {
    for (const area of AREAS) expect(RULES.some((r) => r.area === area), area).toBe(true);
    for (const rule of RULES.filter((r) => r.area === 'docs')) expect(rule.level).toBe('INFO');
  });

  it('rates what the TypeScript-client profile demands', () => {
    const level = (id: string) => RULES.find((r) => r.id === id)?.level;
    expect(level('operation-id-changed')).toBe('ERR');
    expect(level('response-property-became-optional')).toBe('ERR');
    expect(level('response-property-enum-value-added')).toBe('WARN');
    expect(level('operation-description-changed')).toBe('INFO');
    expect(level('schema-description-changed')).toBe('INFO');
  });
});

describe('levels against oasdiff', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s records its oasdiff counterparts and says why where its level differs', (id, rule) => {
    expect(Array.isArray(rule.oasdiff), `${id}.oasdiff`).toBe(true);
    for (const o of rule.oasdiff) {
      expect(o.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(LEVELS).toContain(o.level);
    }
    const differs = rule.oasdiff.some((o) => o.level !== rule.level);
    if (differs) expect(rule.differs, `${id} differs from oasdiff without saying why`).toMatch(/\w{3,}/);
    else expect(rule.differs, `${id} says it differs from oasdiff but does not`).toBeUndefined();
  });

  it("takes oasdiff's verdicts where the contract tightens, and keeps the deliberate differences", () => {
    const level = (id: string) => RULES.find((r) => r.id === id)?.level;
    for (const id of [
      'request-property-max-length-decreased',
      'request-property-min-length-increased',
      'request-parameter-max-length-decreased',
      'request-parameter-pattern-added',
      'request-property-pattern-added',
      'request-parameter-default-changed',
      'response-property-variant-added',
      'response-header-became-optional',
    ]) {
      expect(level(id), id).toBe('ERR');
    }
    for (const id of ['request-parameter-max-length-set', 'request-property-max-length-set', 'request-parameter-pattern-changed']) expect(level(id), id).toBe('WARN');
    for (const id of ['server-removed', 'server-added', 'server-variable-changed', 'request-property-default-changed', 'response-success-status-added']) expect(level(id), id).toBe('INFO');
    const opId = RULES.find((r) => r.id === 'operation-id-changed')!;
    expect(opId.level).toBe('ERR');
    expect(opId.oasdiff.map((o) => o.level)).toContain('INFO');
    expect(opId.differs).toMatch(/SDK method/);
  });
});

describe('each rule alone on its fixture pair', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s', async (id, rule) => {
    const base = await readDiffInput(path.join(FIXTURES, `${id}_base.yaml`));
    const revision = await readDiffInput(path.join(FIXTURES, `${id}_revision.yaml`));
    let result = diffSpecs(base.doc, revision.doc);
    // Rules the compile check emits need it; their fixtures also add an optional property so
    // the operation is one the check compiles, and that harmless INFO is the only other change.
    if (rule.emittedBy) result = await compileCheck(base.doc, revision.doc, result);
    const others = result.changes.filter((c) => c.id !== id);
    if (rule.emittedBy) for (const c of others) expect(c).toMatchObject({ level: 'INFO', breaksCompile: false });
    else expect(others.map((c) => c.id)).toEqual([]);
    const own = result.changes.filter((c) => c.id === id);
    expect(own.length).toBeGreaterThan(0);
    for (const change of own) {
      expect(change.level).toBe(rule.level);
      expect(change.direction).toBe(rule.direction);
      expect(change.message).not.toContain('«');
      expect(change.pointer).toMatch(/^\//);
    }
  });
});

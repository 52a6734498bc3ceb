/**
 * The freshness links of ./inputs.ts and the lock format, on real files in a throwaway folder:
 * which provider file the lock says changed, what a lock without recorded inputs gives, and a
 * lock serialization that stays byte-stable.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listProviders } from '../../../scripts/lib/providers.js';
import { formatLock, inputHashes, readLock, type UpstreamLock } from '../../../scripts/lib/pull/lock.js';
import { currentInputs, staleImportInputs, unrecordedInputs } from '../../../scripts/lib/regen/inputs.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const root = mkdtempSync(path.join(tmpdir(), 'idlc-inputs-'));
cpSync(path.join(repoRoot, 'specs/dfns'), path.join(root, 'specs/dfns'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));
const provider = () => listProviders(root).find((p) => p.id === 'dfns')!;
const lockFile = path.join(root, 'specs/dfns/upstream.lock.json');
const source = { url: 'https://example.org/openapi.yaml', format: 'openapi-3.1', version: '1.0.0', sha256: 'a'.repeat(64), bytes: 10 };

describe('lock format', () => {
  it('without inputs, writes exactly the keys an older lock had', () => {
    expect(formatLock({ provider: 'dfns', sources: { api: source } })).toBe(`${JSON.stringify({ provider: 'dfns', sources: { api: source } }, null, 2)}\n`);
  });

  it('with inputs, sorts them and reads back what it wrote', () => {
    const lock: UpstreamLock = { provider: 'dfns', sources: { api: source }, inputs: { 'provider.yaml': 'b'.repeat(64), 'overlay.yaml': 'c'.repeat(64) } };
    const text = formatLock(lock);
    expect(Object.keys(JSON.parse(text).inputs)).toEqual(['overlay.yaml', 'provider.yaml']);
    writeFileSync(lockFile, text);
    expect(formatLock(readLock(lockFile, 'lock', 'dfns'))).toBe(text);
  });

  it('rejects an input digest that is not sha256, naming the pointer', () => {
    writeFileSync(lockFile, formatLock({ provider: 'dfns', sources: { api: source }, inputs: { 'provider.yaml': 'nope' } }));
    expect(() => readLock(lockFile, 'specs/dfns/upstream.lock.json', 'dfns')).toThrow(/input "provider\.yaml" needs a sha256/);
  });
});

describe('staleImportInputs', () => {
  it('is empty when the lock records the current provider.yaml and overlay', () => {
    writeFileSync(lockFile, formatLock({ provider: 'dfns', sources: { api: source }, inputs: currentInputs(provider()) }));
    expect(Object.keys(currentInputs(provider())).sort()).toEqual(['overlay.yaml', 'provider.yaml']);
    expect(staleImportInputs(provider(), root)).toEqual([]);
    expect(unrecordedInputs(provider(), root)).toBeUndefined();
  });

  it.each(['provider.yaml', 'overlay.yaml'])('names an edited %s', (name) => {
    writeFileSync(lockFile, formatLock({ provider: 'dfns', sources: { api: source }, inputs: currentInputs(provider()) }));
    const file = path.join(root, 'specs/dfns', name);
    const original = readFileSync(file, 'utf8');
    appendFileSync(file, '# edited\n');
    try {
      expect(staleImportInputs(provider(), root)).toEqual([{ file: `specs/dfns/${name}`, reason: 'changed since specs/dfns/openapi.yaml was built from it' }]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('names a deleted overlay', () => {
    writeFileSync(lockFile, formatLock({ provider: 'dfns', sources: { api: source }, inputs: currentInputs(provider()) }));
    const file = path.join(root, 'specs/dfns/overlay.yaml');
    const original = readFileSync(file, 'utf8');
    rmSync(file);
    try {
      expect(inputHashes({ configFile: path.join(root, 'specs/dfns/provider.yaml'), overlayFile: file })['overlay.yaml']).toBe('missing');
      expect(staleImportInputs(provider(), root)).toEqual([{ file: 'specs/dfns/overlay.yaml', reason: 'deleted since specs/dfns/openapi.yaml was built from it' }]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a lock that predates recorded inputs is a note, not a stale file', () => {
    writeFileSync(lockFile, formatLock({ provider: 'dfns', sources: { api: source } }));
    expect(staleImportInputs(provider(), root)).toEqual([]);
    expect(unrecordedInputs(provider(), root)).toMatch(/^specs\/dfns\/upstream\.lock\.json does not record which provider\.yaml and overlay/);
  });

  it('no lock: nothing to check', () => {
    rmSync(lockFile, { force: true });
    expect(staleImportInputs(provider(), root)).toEqual([]);
    expect(unrecordedInputs(provider(), root)).toBeUndefined();
  });
});

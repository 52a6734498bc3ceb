/**
 * Upstream prose never reaches the project: no line of 70 or more characters in `specs/` (the
 * normalized specs, provider configs, overlays and locks) stands word for word in any upstream
 * snapshot under ../shared/upstream. Each line is checked as written (trimmed) and, for a
 * `key: value` line, by its value alone, since upstream may spell the key or indentation
 * differently. Short lines (field names, enum values, reason phrases) are facts, not prose, and
 * so is a `key: value` line whose value is one token without spaces (a URL such as the OAuth
 * authorize endpoint, a pattern): those are what the API is, not how upstream words it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/temp-repo.js';

const MIN = 70;
const upstreamDir = path.resolve(repoRoot, '../shared/upstream');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : entry.isFile() ? [file] : [];
  });
}

/** The candidate strings of one line: the line, and the value of a `key: value` line. */
function candidates(line: string): string[] {
  const trimmed = line.trim().replace(/^- /, '');
  const out = [trimmed];
  const value = /^[^\s:'"]+:\s+(.*)$/.exec(trimmed)?.[1];
  if (value !== undefined) {
    const bare = value.replace(/^['"]|['"]$/g, '');
    if (!/\s/.test(bare)) return [];
    out.push(bare);
  }
  return [...new Set(out)].filter((s) => s.length >= MIN);
}

describe('no upstream prose in specs/', () => {
  const upstream = filesUnder(upstreamDir).filter((f) => !f.endsWith('README.md')).map((f) => readFileSync(f, 'utf8'));
  const ours = filesUnder(path.join(repoRoot, 'specs'));

  it('has upstream snapshots and project files to compare', () => {
    expect(upstream.length).toBeGreaterThanOrEqual(9);
    expect(ours.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['openapi.yaml', 'provider.yaml', 'overlay.yaml', 'upstream.lock.json']));
  });

  it.each(ours.map((f) => [path.relative(repoRoot, f).split(path.sep).join('/'), f]))('%s holds no line of 70+ characters found in an upstream snapshot', (_rel, file) => {
    const found: string[] = [];
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const text of candidates(line)) if (upstream.some((doc) => doc.includes(text))) found.push(`${index + 1}: ${text}`);
      });
    expect(found).toEqual([]);
  });

  it('would catch a copied sentence (the check is live)', () => {
    const sample = upstream.join('\n').split('\n').find((l) => l.trim().length >= MIN + 10 && /^[\s\w"'-]*description["']?:\s/.test(l))!;
    expect(sample).toBeDefined();
    expect(candidates(sample).some((text) => upstream.some((doc) => doc.includes(text)))).toBe(true);
  });
});

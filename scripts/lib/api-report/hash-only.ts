/**
 * Whether new generated files can change the public API surface at all. A regen whose generated
 * TypeScript differs from the files on disk only in recorded sha256 values (the header's
 * `spec-sha256`/`lock-sha256` lines and the `generated` constant, which move with every new spec
 * or lock even when no type does) gives the same declarations, unless one of those values is
 * itself part of the surface. The committed reports are that surface as last written: when none
 * of the old values appears in any of them, none of the new values can appear in the new
 * surface either (the program is otherwise the same text), so the reports cannot change and the
 * compile that rebuilds them (seconds) is skipped. Anything else, and any doubt (a new file, a
 * missing report), answers "may change".
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readApiEntries } from './entries.js';

/** A sha256 as the generator records it. */
const SHA256 = /\b[0-9a-f]{64}\b/g;

/** The text with every recorded sha256 replaced by one placeholder. */
function masked(text: string): string {
  return text.replace(SHA256, '<sha256>');
}

/**
 * True when writing `outputs` (absolute path → new content) may change what `npm run api:report`
 * prints; false only when every changed `.ts` file differs in recorded sha256 values alone and
 * none of the old values appears in the committed reports.
 */
export function apiSurfaceMayChange(root: string, outputs: ReadonlyMap<string, string>): boolean {
  const old: string[] = [];
  for (const [file, content] of outputs) {
    if (!file.endsWith('.ts')) continue;
    if (!existsSync(file)) return true;
    const current = readFileSync(file, 'utf8');
    if (current === content) continue;
    if (masked(current) !== masked(content)) return true;
    old.push(...(current.match(SHA256) ?? []));
  }
  if (old.length === 0) return false;
  let reports: string[];
  try {
    reports = readApiEntries(root).map((entry) => readFileSync(path.join(root, entry.report), 'utf8'));
  } catch {
    return true;
  }
  return old.some((value) => reports.some((report) => report.includes(value)));
}

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Write every file, or none: each goes to a temp file beside its target first (same folder, so
 * the rename cannot cross file systems), and only when all temp files exist are they renamed
 * into place. A failure while writing removes the temp files and leaves the targets untouched.
 */
export function writeFilesAtomically(files: ReadonlyMap<string, string>): void {
  const temps: [string, string][] = [];
  try {
    for (const [target, content] of files) {
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}.tmp-${process.pid}`;
      writeFileSync(temp, content);
      temps.push([temp, target]);
    }
  } catch (err) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    throw err;
  }
  for (const [temp, target] of temps) renameSync(temp, target);
}

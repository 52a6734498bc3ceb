import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory a command was started from. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A path relative to the repository root, with forward slashes, for messages and headers. */
export function repoRelative(file: string, root = repoRoot): string {
  return path.relative(root, file).split(path.sep).join('/');
}

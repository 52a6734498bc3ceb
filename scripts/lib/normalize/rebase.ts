/**
 * Path rebasing: from the path a source writes to the path a client calls. ZITADEL's merged
 * document puts every service under one basePath (`/management/v1`), so its admin, auth, system
 * and v2 paths are wrong as written; SailPoint's documents each live under their own version
 * prefix (`/v3`, `/beta`) while we keep one server per tenant.
 */
import type { NormalizeSource } from './config.js';

/**
 * The rebased path for an upstream operation: the first rule that matches (by upstream
 * operationId prefix or by path prefix) supplies the prefix; otherwise the source's base path;
 * otherwise the path is unchanged. Undefined when the source has rules and none matches.
 */
export function rebasePath(source: NormalizeSource, upstreamPath: string, upstreamOperationId: string | undefined): string | undefined {
  for (const rule of source.rebase) {
    const hit =
      rule.operationIdPrefix !== undefined
        ? upstreamOperationId !== undefined && upstreamOperationId.startsWith(rule.operationIdPrefix)
        : upstreamPath.startsWith(rule.pathPrefix!);
    if (hit) return `${rule.prefix}${upstreamPath}`;
  }
  if (source.rebase.length > 0) return undefined;
  return `${source.basePath ?? ''}${upstreamPath}`;
}

/** The `{name}` template variables of a path, in order. */
export function pathParams(route: string): string[] {
  return [...route.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
}

/** The path with every `{name}` replaced by `{}`, to compare shapes. */
export function pathShape(route: string): string {
  return route.replace(/\{[^}]*\}/g, '{}');
}

/**
 * Map upstream path variable names to ours by position (`{idpId_1}` → `{idpId}`), or undefined
 * when the two paths do not have the same number of variables.
 */
export function paramRenames(upstreamPath: string, ourPath: string): Map<string, string> | undefined {
  const from = pathParams(upstreamPath);
  const to = pathParams(ourPath);
  if (from.length !== to.length) return undefined;
  const renames = new Map<string, string>();
  from.forEach((name, i) => {
    if (name !== to[i]) renames.set(name, to[i]!);
  });
  return renames;
}

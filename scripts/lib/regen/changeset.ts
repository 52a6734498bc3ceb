/**
 * The changeset regen writes (`@changesets/cli` format): the largest suggested bump, then per
 * provider one line for each added, removed and changed operation with its level, so the
 * CHANGELOG that `changeset version` builds says what changed for a consumer, not how many.
 */
import type { Change, Level, Semver } from '../diff/types.js';
import type { ProviderReview } from './provider-review.js';

const BUMP_ORDER: Semver[] = ['none', 'patch', 'minor', 'major'];
const LEVEL_RANK: Record<Level, number> = { ERR: 0, WARN: 1, INFO: 2 };
/** At most this many change messages per operation line; the review report has them all. */
const MESSAGES_PER_OPERATION = 3;

/** How an operation changed, from the rule ids of its changes. */
function verb(changes: readonly Change[]): 'added' | 'removed' | 'changed' {
  if (changes.some((c) => c.id === 'operation-removed')) return 'removed';
  if (changes.some((c) => c.id === 'operation-added')) return 'added';
  return 'changed';
}

function worst(changes: readonly Change[]): Level {
  return changes.reduce<Level>((acc, c) => (LEVEL_RANK[c.level] < LEVEL_RANK[acc] ? c.level : acc), 'INFO');
}

/** One line per operation (by operationId), most severe first, then document-level changes. */
export function changeLines(review: ProviderReview): string[] {
  const byOperation = new Map<string, Change[]>();
  const documentLevel: Change[] = [];
  for (const c of review.result.changes) {
    if (!c.operation) documentLevel.push(c);
    else byOperation.set(c.operation.operationId || `${c.operation.method} ${c.operation.path}`, [...(byOperation.get(c.operation.operationId || `${c.operation.method} ${c.operation.path}`) ?? []), c]);
  }
  const entries = [...byOperation].sort(([a, ca], [b, cb]) => LEVEL_RANK[worst(ca)] - LEVEL_RANK[worst(cb)] || (a < b ? -1 : a > b ? 1 : 0));
  const lines = entries.map(([id, changes]) => {
    const op = changes[0]!.operation!;
    const kind = verb(changes);
    const messages = kind === 'changed' ? changes.slice(0, MESSAGES_PER_OPERATION).map((c) => c.message) : [];
    const more = kind === 'changed' && changes.length > MESSAGES_PER_OPERATION ? `; and ${changes.length - MESSAGES_PER_OPERATION} more` : '';
    return `${kind} \`${id}\` (${op.method} ${op.path}), ${worst(changes)}${messages.length ? `: ${messages.join('; ')}${more}` : ''}`;
  });
  for (const c of documentLevel) lines.push(`document, ${c.level}: ${c.message}`);
  if (!review.facade.ok) lines.push(`the facade needed changes to compile (${review.facade.errors.length} error(s) against the new types)`);
  return lines;
}

/**
 * A changeset for the regenerated providers. Undefined when nothing a consumer sees changed.
 * The file name derives from the spec hashes, so re-running regen rewrites the same file.
 */
export function changesetFor(reviews: readonly ProviderReview[], packageName: string): { name: string; content: string } | undefined {
  const relevant = reviews.filter((r) => r.result.semver !== 'none' || !r.facade.ok);
  if (relevant.length === 0) return undefined;
  const bump = relevant.reduce<Semver>((acc, r) => {
    const own: Semver = r.facade.ok ? r.result.semver : 'major';
    return BUMP_ORDER.indexOf(own) > BUMP_ORDER.indexOf(acc) ? own : acc;
  }, 'none');
  if (bump === 'none') return undefined;
  const sections = relevant.map((r) => {
    const { ERR, WARN, INFO } = r.result.summary;
    return [`${r.provider} (${ERR} ERR, ${WARN} WARN, ${INFO} INFO):`, '', ...changeLines(r).map((line) => `- ${line}`)].join('\n');
  });
  const name = `regen-${relevant.map((r) => r.provider).join('-')}-${relevant.map((r) => r.specSha256.slice(0, 8)).join('')}`.slice(0, 80);
  const content = `---\n${JSON.stringify(packageName)}: ${bump}\n---\n\nRegenerated the clients from updated specs.\n\n${sections.join('\n\n')}\n`;
  return { name, content };
}

/** `.changeset/config.json` for a repository that has none yet (the defaults `changeset init` writes, not committing). */
export const CHANGESET_CONFIG = `${JSON.stringify(
  {
    $schema: 'https://unpkg.com/@changesets/config@3.1.4/schema.json',
    changelog: '@changesets/cli/changelog',
    commit: false,
    fixed: [],
    linked: [],
    access: 'restricted',
    baseBranch: 'main',
    updateInternalDependencies: 'patch',
    ignore: [],
  },
  null,
  2,
)}\n`;

/**
 * The API-review report: markdown for a pull-request comment and plain text for a terminal,
 * both rendered from diff results (never from anything the JSON does not hold), so the report
 * and the machine-readable result cannot disagree.
 */
import type { Change, DiffResult, Level } from '../diff/types.js';

/** One provider's section of the review. */
export interface ProviderReport {
  provider: string;
  result: DiffResult;
  /**
   * Lint status of the revision spec as shown in the summary table.
   * @default 'not run'
   */
  lint?: string;
  /** What was compared, for the section header (`generated/x/openapi.json` → `specs/x/openapi.yaml`). */
  base?: string;
  revision?: string;
  /** Whether the compile check ran (otherwise the compile column says so). */
  compileChecked?: boolean;
  /** Facade type-check outcome against the revision's types, when regen ran it. */
  facade?: { ok: boolean; errors: string[] };
  /** Each facade method's contract call against a mock of the revision, when regen ran them. */
  methods?: { method: string; ok: boolean; error?: string }[];
}

const RANK: Record<Level, number> = { ERR: 0, WARN: 1, INFO: 2 };
const ICON: Record<Level, string> = { ERR: '🔴', WARN: '🟠', INFO: '🔵' };

/** Markdown table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function compileVerdict(c: Change, checked: boolean): string {
  if (c.breaksCompile === true) return 'breaks';
  if (c.breaksCompile === false) return 'compiles';
  return checked ? '–' : 'not checked';
}

function affects(c: Change): string {
  if (!c.affects || c.affects.length === 0) return '–';
  return c.affects.map((a) => `${code(a.symbol)} (${a.file}:${a.line})`).join('<br>');
}

interface Group {
  key: string;
  title: string;
  worst: Level;
  changes: Change[];
}

function groupByOperation(changes: readonly Change[]): Group[] {
  const groups = new Map<string, Group>();
  for (const c of changes) {
    const key = c.operation ? `${c.operation.method} ${c.operation.path}` : '';
    let g = groups.get(key);
    if (!g) {
      const title = c.operation ? `${code(`${c.operation.method} ${c.operation.path}`)}${c.operation.operationId ? ` — ${code(c.operation.operationId)}` : ''}` : 'Document-level changes';
      g = { key, title, worst: c.level, changes: [] };
      groups.set(key, g);
    }
    g.changes.push(c);
    if (RANK[c.level] < RANK[g.worst]) g.worst = c.level;
  }
  // Document-level first, then the most severe operations, then by method and path.
  return [...groups.values()].sort((a, b) => {
    if ((a.key === '') !== (b.key === '')) return a.key === '' ? -1 : 1;
    return RANK[a.worst] - RANK[b.worst] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
}

function renderGroup(g: Group, checked: boolean): string[] {
  const out = [`#### ${ICON[g.worst]} ${g.title}`, '', '| Level | Rule | Change | Compile | Facade uses |', '|---|---|---|---|---|'];
  for (const c of g.changes) out.push(`| ${c.level} | ${code(c.id)} | ${cell(c.message)} | ${compileVerdict(c, checked)} | ${affects(c)} |`);
  out.push('');
  return out;
}

/**
 * Markdown for a pull-request comment: one summary table across providers, then per provider
 * the changes grouped by operation (most severe first) with message, compile verdict and the
 * facade symbols each change touches. Operations with only INFO changes fold into a details
 * block so the breaking ones stay on screen.
 */
export function renderMarkdown(reports: readonly ProviderReport[], title = 'API review'): string {
  // The methods column only when a contract run happened (regen), so plain diffs keep their table.
  const withMethods = reports.some((r) => r.methods);
  const out: string[] = [`## ${title}`, '', `| Provider | ERR | WARN | INFO | Semver | Lint | Facade |${withMethods ? ' Methods |' : ''}`, `|---|---:|---:|---:|---|---|---|${withMethods ? '---|' : ''}`];
  for (const r of reports) {
    const facade = r.facade ? (r.facade.ok ? 'compiles' : `${r.facade.errors.length} error(s)`) : '–';
    const failing = r.methods?.filter((m) => !m.ok).length ?? 0;
    const methods = r.methods ? (failing === 0 ? `${r.methods.length} work` : `${failing} of ${r.methods.length} fail`) : '–';
    out.push(`| ${r.provider} | ${r.result.summary.ERR} | ${r.result.summary.WARN} | ${r.result.summary.INFO} | ${r.result.semver} | ${r.lint ?? 'not run'} | ${facade} |${withMethods ? ` ${methods} |` : ''}`);
  }
  out.push('');
  for (const r of reports) {
    out.push(`### ${r.provider}`, '');
    if (r.base || r.revision) out.push(`Compared ${code(r.base ?? 'base')} → ${code(r.revision ?? 'revision')}.`, '');
    if (r.facade && !r.facade.ok) {
      out.push('The facade does not compile against the new types:', '');
      for (const e of r.facade.errors.slice(0, 20)) out.push(`- ${cell(e)}`);
      if (r.facade.errors.length > 20) out.push(`- … ${r.facade.errors.length - 20} more`);
      out.push('');
    }
    const broken = r.methods?.filter((m) => !m.ok) ?? [];
    if (broken.length > 0) {
      out.push('Facade methods that no longer work against a mock of the new spec:', '');
      for (const m of broken) out.push(`- ${code(m.method)}: ${cell(m.error ?? 'failed')}`);
      out.push('');
    }
    if (r.result.changes.length === 0) {
      out.push('No changes.', '');
      continue;
    }
    const groups = groupByOperation(r.result.changes);
    const loud = groups.filter((g) => g.worst !== 'INFO' || g.key === '');
    const quiet = groups.filter((g) => g.worst === 'INFO' && g.key !== '');
    for (const g of loud) out.push(...renderGroup(g, r.compileChecked ?? false));
    if (quiet.length > 0) {
      out.push(`<details><summary>${quiet.length} operation(s) with informational changes only</summary>`, '');
      for (const g of quiet) out.push(...renderGroup(g, r.compileChecked ?? false));
      out.push('</details>', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** One line per change plus a summary line, for terminals and logs. */
export function renderText(result: DiffResult): string {
  const lines = result.changes.map((c) => {
    const op = c.operation ? `${c.operation.method} ${c.operation.path}` : '(document)';
    const compile = c.breaksCompile === true ? ' [breaks compile]' : '';
    const uses = c.affects && c.affects.length > 0 ? ` [used by ${c.affects.map((a) => a.symbol).join(', ')}]` : '';
    return `${c.level.padEnd(4)} ${c.id}  ${op}  ${c.message}${compile}${uses}`;
  });
  lines.push(`${result.summary.ERR} ERR, ${result.summary.WARN} WARN, ${result.summary.INFO} INFO; suggested bump: ${result.semver}`);
  return `${lines.join('\n')}\n`;
}

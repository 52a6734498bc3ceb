/**
 * Line diffs of API reports: the `diff` package computes the edit script (`diffArrays`) and the
 * unified-diff hunks (`structuredPatch`); this module only adds the old/new line indices the
 * report needs to name the member a hunk is in, and renders hunk headers with a label.
 */
import { diffArrays, structuredPatch } from 'diff';

/** One line of an edit script: kept (` `), removed (`-`) or added (`+`). */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
  /** 0-based index in the old text (kept and removed lines). */
  oldIndex?: number;
  /** 0-based index in the new text (kept and added lines). */
  newIndex?: number;
}

/** The shortest edit script turning `a` into `b`, removals before additions at each change. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const script: DiffLine[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  for (const part of diffArrays([...a], [...b])) {
    for (const text of part.value) {
      if (part.removed) script.push({ op: '-', text, oldIndex: oldIndex++ });
      else if (part.added) script.push({ op: '+', text, newIndex: newIndex++ });
      else script.push({ op: ' ', text, oldIndex: oldIndex++, newIndex: newIndex++ });
    }
  }
  return script;
}

/** A unified-diff hunk: a run of changes with up to `context` kept lines around it. */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

/** Lines as text `structuredPatch` reads: a final newline, so no "no newline at end" marker. */
function asText(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Group an edit script into hunks with `context` unchanged lines on each side. */
export function toHunks(script: readonly DiffLine[], context = 3): Hunk[] {
  const before = script.filter((l) => l.op !== '+').map((l) => l.text);
  const after = script.filter((l) => l.op !== '-').map((l) => l.text);
  const patch = structuredPatch('a', 'b', asText(before), asText(after), '', '', { context });
  return patch.hunks.map((h) => {
    let oldIndex = h.oldStart - 1;
    let newIndex = h.newStart - 1;
    const lines: DiffLine[] = h.lines
      .filter((line) => !line.startsWith('\\'))
      .map((line) => {
        const op = line[0] as DiffLine['op'];
        const text = line.slice(1);
        if (op === '-') return { op, text, oldIndex: oldIndex++ };
        if (op === '+') return { op, text, newIndex: newIndex++ };
        return { op, text, oldIndex: oldIndex++, newIndex: newIndex++ };
      });
    // Unified-diff convention (as git and `diff -u` print it): an empty side starts at the line
    // before the hunk.
    return {
      oldStart: h.oldLines === 0 ? h.oldStart - 1 : h.oldStart,
      oldLines: h.oldLines,
      newStart: h.newLines === 0 ? h.newStart - 1 : h.newStart,
      newLines: h.newLines,
      lines,
    };
  });
}

/** Render a hunk header plus its lines; `label` goes after the `@@` like git's function context. */
export function formatHunk(hunk: Hunk, label?: string): string {
  const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
  const header = `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@${label ? ` ${label}` : ''}`;
  return [header, ...hunk.lines.map((l) => `${l.op}${l.text}`)].join('\n');
}

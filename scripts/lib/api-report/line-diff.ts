/**
 * A small line diff (Myers' O(ND) algorithm, "An O(ND) Difference Algorithm and Its Variations",
 * 1986) and unified-diff hunks, so API report differences print without a git checkout or an
 * extra dependency.
 */

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
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace backwards to recover the path.
  const script: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      script.push({ op: ' ', text: a[x]!, oldIndex: x, newIndex: y });
    }
    if (d > 0) {
      if (x === prevX) {
        y--;
        script.push({ op: '+', text: b[y]!, newIndex: y });
      } else {
        x--;
        script.push({ op: '-', text: a[x]!, oldIndex: x });
      }
    }
  }
  script.reverse();
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

/** Group an edit script into hunks with `context` unchanged lines on each side. */
export function toHunks(script: readonly DiffLine[], context = 3): Hunk[] {
  const changed = script.map((line, i) => (line.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return [];
  const hunks: Hunk[] = [];
  let start = Math.max(0, changed[0]! - context);
  let end = Math.min(script.length - 1, changed[0]! + context);
  const flush = (): void => {
    const lines = script.slice(start, end + 1);
    const firstOld = lines.find((l) => l.oldIndex !== undefined)?.oldIndex;
    const firstNew = lines.find((l) => l.newIndex !== undefined)?.newIndex;
    const oldLines = lines.filter((l) => l.op !== '+').length;
    const newLines = lines.filter((l) => l.op !== '-').length;
    hunks.push({
      oldStart: oldLines === 0 ? oldStartBefore(script, start) : firstOld! + 1,
      oldLines,
      newStart: newLines === 0 ? newStartBefore(script, start) : firstNew! + 1,
      newLines,
      lines,
    });
  };
  for (const i of changed.slice(1)) {
    if (i - context <= end + 1) end = Math.min(script.length - 1, i + context);
    else {
      flush();
      start = Math.max(0, i - context);
      end = Math.min(script.length - 1, i + context);
    }
  }
  flush();
  return hunks;
}

/** Unified diff convention: an empty side's start is the line before the hunk. */
function oldStartBefore(script: readonly DiffLine[], at: number): number {
  for (let i = at - 1; i >= 0; i--) if (script[i]!.oldIndex !== undefined) return script[i]!.oldIndex! + 1;
  return 0;
}

function newStartBefore(script: readonly DiffLine[], at: number): number {
  for (let i = at - 1; i >= 0; i--) if (script[i]!.newIndex !== undefined) return script[i]!.newIndex! + 1;
  return 0;
}

/** Render a hunk header plus its lines; `label` goes after the `@@` like git's function context. */
export function formatHunk(hunk: Hunk, label?: string): string {
  const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
  const header = `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@${label ? ` ${label}` : ''}`;
  return [header, ...hunk.lines.map((l) => `${l.op}${l.text}`)].join('\n');
}

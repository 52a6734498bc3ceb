/**
 * How every bench reports its targets: one line per target with the measured figure beside the
 * goal and whether it is met, then one `summary:` line per bench. The figures depend on the
 * machine, so a missed target is printed, never turned into an exit code or a test failure.
 */

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One target of a bench. */
export interface Target {
  /** What is measured, e.g. `zitadel.users.deactivate / raw fetch`. */
  label: string;
  /** The measured figure; undefined when its subject did not run. */
  value: number | undefined;
  /** `>=`: higher is better (speed ratios); `<=`: lower is better (seconds, sizes, cost ratios). */
  direction: '>=' | '<=';
  /** The figure the target asks for. */
  goal: number;
  /**
   * How the figure prints: `x` a ratio (`2.31×`), `s` seconds, `KB`, `MB`, `` a plain count.
   * @default 'x'
   */
  unit?: 'x' | 's' | 'KB' | 'MB' | '';
}

function format(value: number, unit: Target['unit']): string {
  switch (unit ?? 'x') {
    case 'x':
      return `${value.toFixed(2)}×`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'KB':
      return `${value.toFixed(1)} KB`;
    case 'MB':
      return `${Math.round(value)} MB`;
    default:
      return String(value);
  }
}

/** Whether a target is met; undefined when it was not measured. */
export function isMet(target: Target): boolean | undefined {
  if (target.value === undefined || Number.isNaN(target.value)) return undefined;
  return target.direction === '>=' ? target.value >= target.goal : target.value <= target.goal;
}

/** The line of one target: label, figure, goal, verdict. */
export function targetLine(target: Target, labelWidth = target.label.length): string {
  const met = isMet(target);
  const figure = target.value === undefined || Number.isNaN(target.value) ? 'n/a' : format(target.value, target.unit);
  const verdict = met === undefined ? 'not measured' : met ? 'met' : 'MISSED';
  return `  ${target.label.padEnd(labelWidth)}  ${figure.padStart(9)}  (target ${target.direction} ${format(target.goal, target.unit)})  ${verdict}`;
}

/** The summary line of a bench: how many targets were met, and each one missed with its figure. */
export function summaryLine(bench: string, targets: readonly Target[]): string {
  const measured = targets.filter((t) => isMet(t) !== undefined);
  const missed = measured.filter((t) => isMet(t) === false);
  const unmeasured = targets.length - measured.length;
  const parts = [`${measured.length - missed.length} of ${targets.length} targets met`];
  if (missed.length > 0) parts.push(`missed: ${missed.map((t) => `${t.label.trim()} ${format(t.value!, t.unit)} (target ${t.direction} ${format(t.goal, t.unit)})`).join('; ')}`);
  if (unmeasured > 0) parts.push(`${unmeasured} not measured`);
  return `summary: ${bench} bench: ${parts.join('; ')}`;
}

/** Print every target's line under a heading, then the bench's summary line. */
export function printTargets(bench: string, targets: readonly Target[], heading = 'targets:'): void {
  const width = Math.max(...targets.map((t) => t.label.length));
  console.log(heading);
  for (const target of targets) console.log(targetLine(target, width));
  console.log(summaryLine(bench, targets));
}

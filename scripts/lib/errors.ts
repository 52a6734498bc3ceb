/**
 * One error type for every pipeline stage. A stage throws it for bad input (spec, config, overlay,
 * flag); the CLI wrapper prints it as exactly one line and exits non-zero, so a user never sees a
 * stack trace for a mistake in their own files.
 *
 * Line format: `error: <file>[:<line>|#<json-pointer>]: <reason>`
 */
export class PipelineError extends Error {
  override name = 'PipelineError';
  constructor(
    message: string,
    /** The file at fault, as the user named it (relative paths stay relative). */
    readonly file?: string,
    /** A 1-based line number, or a JSON pointer starting with `#`. */
    readonly location?: number | string,
    /** Process exit code the CLI should use. */
    readonly exitCode = 2,
  ) {
    super(message);
  }

  /** The single line printed on stderr. */
  toLine(): string {
    const where = this.file
      ? `${this.file}${this.location === undefined ? '' : typeof this.location === 'number' ? `:${this.location}` : this.location.startsWith('#') ? this.location : `#${this.location}`}: `
      : '';
    return `error: ${where}${oneLine(this.message)}`;
  }
}

/** Collapse whitespace so a message can never spill over several lines. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Print a one-line warning with its location on stderr. */
export function warn(message: string, file?: string, location?: number | string): void {
  const where = file
    ? `${file}${location === undefined ? '' : typeof location === 'number' ? `:${location}` : location.startsWith('#') ? location : `#${location}`}: `
    : '';
  process.stderr.write(`warning: ${where}${oneLine(message)}\n`);
}

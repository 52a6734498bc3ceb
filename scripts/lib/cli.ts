import { PipelineError, oneLine } from './errors.js';

/**
 * Run a CLI entry point: resolve to an exit code, print a PipelineError as one line, and turn
 * anything unexpected into one line too (the full stack only with DEBUG set).
 */
export function runCli(main: (argv: string[]) => Promise<number | void>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (err: unknown) => {
      if (err instanceof PipelineError) {
        process.stderr.write(`${err.toLine()}\n`);
        process.exitCode = err.exitCode;
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`error: ${oneLine(message)}\n`);
      if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = 1;
    },
  );
}

/** Minimal flag parser: `--name value`, `--flag`, repeated flags collect into arrays. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(argv: string[], spec: { boolean?: string[]; string?: string[] }, file = 'command line'): ParsedArgs {
  const booleans = new Set(spec.boolean ?? []);
  const strings = new Set(spec.string ?? []);
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (booleans.has(name)) {
      if (eq !== -1) throw new PipelineError(`flag --${name} takes no value`, file);
      flags.set(name, [...(flags.get(name) ?? []), 'true']);
    } else if (strings.has(name)) {
      const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new PipelineError(`flag --${name} needs a value`, file);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else {
      throw new PipelineError(`unknown flag --${name}`, file);
    }
  }
  return { positionals, flags };
}

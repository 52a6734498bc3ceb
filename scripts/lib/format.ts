/**
 * The formatting of every TypeScript text the pipeline writes: the generated files and the code
 * blocks of the API reports. Fixed here, never read from a config file, so output does not
 * depend on the machine.
 */
import * as prettier from 'prettier';

/** Prettier's options, bar the parser. */
export const FORMAT_OPTIONS = { printWidth: 100, singleQuote: true, trailingComma: 'all' } as const satisfies prettier.Options;

/**
 * `code` formatted. Parsed with Babel's TypeScript parser: prettier prints the same text from its
 * tree as from the `typescript` parser's (every generated file and API report, and the types of
 * the whole upstream documents, compare byte-identical), and loading and running it costs about
 * half as much, 0.4 s of a cold generating run. A text Babel refuses is parsed by the
 * `typescript` parser instead, which also words the error of a text neither can parse; the same
 * text always takes the same path.
 */
export async function formatTypeScript(code: string): Promise<string> {
  try {
    return await prettier.format(code, { ...FORMAT_OPTIONS, parser: 'babel-ts' });
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return prettier.format(code, { ...FORMAT_OPTIONS, parser: 'typescript' });
  }
}

/**
 * The one client API, checked by the compiler: `one-api.ts` uses all three clients with the same
 * option names and call shapes and must compile without a diagnostic under the strictest
 * settings a consumer may use (each `@ts-expect-error` in it is itself a diagnostic once its
 * line compiles).
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const program = path.join(import.meta.dirname, 'one-api.ts');

describe('one client API', () => {
  it('a consumer program compiles under strict, exactOptionalPropertyTypes and skipLibCheck: false', () => {
    const options: ts.CompilerOptions = {
      strict: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: false,
      // Every package's declarations are checked; TypeScript's own lib files (DOM the largest) are not.
      skipDefaultLibCheck: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: ['node'],
    };
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([program], options));
    const text = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${path.relative(process.cwd(), d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : ''));
    expect(text).toEqual([]);
    // One whole-program check with library types included; slow on a loaded machine.
  }, 240_000);
});

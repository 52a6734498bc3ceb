/**
 * The generate stage: one normalized spec in, the files of `generated/<provider>/` out, as
 * strings. Nothing here touches the disk, so regen can build every provider first and write only
 * when all of them succeeded.
 */
import { openapiTypescript } from '../cjs.js';
import { PipelineError } from '../errors.js';
import type { OperationMeta } from '../../../src/core/operations.js';
import { HTTP_METHODS } from '../openapi/kinds.js';
import { formatTypeScript } from '../format.js';
import { toPointer } from '../openapi/pointer.js';
import type { SpecFile } from './spec-file.js';
import { generatorVersion } from './version.js';

/** The metadata the facade reads for one operation: the runtime's own row type. */
export type { OperationMeta };

/** Collect per-operation metadata from a normalized spec, in path then method order. */
export function collectOperations(spec: SpecFile): Record<string, OperationMeta> {
  const ops: Record<string, OperationMeta> = {};
  const globalSecurity = spec.doc.security as Record<string, string[]>[] | undefined;
  for (const [route, item] of Object.entries<Record<string, any>>(spec.doc.paths ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const pointer = toPointer(['paths', route, method]);
      const id = op.operationId;
      if (typeof id !== 'string') throw new PipelineError('operation has no operationId', spec.rel, pointer);
      if (ops[id]) throw new PipelineError(`duplicate operationId '${id}'`, spec.rel, `${pointer}/operationId`);
      if (typeof op['x-idempotent'] !== 'boolean') throw new PipelineError(`operation '${id}' lacks a boolean x-idempotent`, spec.rel, pointer);
      const security = (op.security ?? globalSecurity ?? []) as Record<string, string[]>[];
      ops[id] = {
        method: method.toUpperCase(),
        path: route,
        idempotent: op['x-idempotent'],
        tags: [...(op.tags ?? [])],
        security: security.map((req) => Object.keys(req).sort()),
        ...(op.deprecated === true ? { deprecated: true } : {}),
      };
    }
  }
  return ops;
}

/** The files `generated/<provider>/` holds, keyed by file name. */
export type GeneratedFiles = Record<string, string>;

function header(spec: SpecFile, what: string, lockSha256: string): string {
  return [
    '/**',
    ` * ${what}`,
    ` * Generated from ${spec.rel}. DO NOT EDIT: change the spec and run \`npm run regen\`.`,
    ` * spec-sha256: ${spec.sha256}`,
    ` * lock-sha256: ${lockSha256}`,
    ` * generator: ${generatorVersion()}`,
    ' */',
    '',
  ].join('\n');
}

function generatedConst(spec: SpecFile): string {
  return `/** Where this file came from; regen compares it with the spec to find stale output. */\nexport const generated = ${JSON.stringify({ spec: spec.rel, specSha256: spec.sha256, generator: generatorVersion() })} as const;\n`;
}

/**
 * openapi-typescript's output for a spec, with the project's one set of options. Every stage
 * that makes types (generate, and specs:normalize --types) calls this, so the types a reviewer
 * sees for an import are the types the clients get. `file` names the spec in errors.
 */
export async function typesOf(doc: Record<string, any>, file: string): Promise<string> {
  try {
    const { default: openapiTS, astToString } = openapiTypescript();
    // A deep copy: openapi-typescript annotates the document it is given.
    const ast = await openapiTS(structuredClone(doc) as never, {
      silent: true,
      alphabetize: false,
      // A default is what the server assumes when a field is absent, so a request may omit it.
      defaultNonNullable: false,
    });
    return astToString(ast);
  } catch (err) {
    throw new PipelineError(`openapi-typescript failed: ${err instanceof Error ? err.message : String(err)}`, file);
  }
}

/**
 * Generate every file for one provider from its parsed, already linted spec. `lockSha256` is the
 * sha256 of the provider's `upstream.lock.json` (`none` without one), recorded in the headers so
 * regen can tell output built under another lock.
 */
export async function generateProvider(spec: SpecFile, lockSha256 = 'none'): Promise<GeneratedFiles> {
  const types = await typesOf(spec.doc, spec.rel);
  const operations = collectOperations(spec);
  const schemaTs = `${header(spec, 'TypeScript types for every path, operation and component of the spec.', lockSha256)}${generatedConst(spec)}\n${types}`;
  const operationsTs =
    `${header(spec, 'Per-operation metadata the facade reads: method, path, retry safety, tags, security.', lockSha256)}${generatedConst(spec)}\n` +
    `/** Every operation of the spec by operationId. */\nexport const operations = ${JSON.stringify(operations, null, 2)} as const;\n\n` +
    `/** An operationId of this provider. */\nexport type OperationId = keyof typeof operations;\n`;
  return {
    'schema.ts': await formatTypeScript(schemaTs),
    'operations.ts': await formatTypeScript(operationsTs),
    // The exact spec this output was built from: the baseline the next regen diffs against.
    'openapi.json': `${JSON.stringify(spec.doc, null, 2)}\n`,
  };
}

export { GENERATED_README } from './readme.js';

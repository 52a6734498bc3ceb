import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from './errors.js';
import { repoRoot, repoRelative } from './paths.js';
import { parseText } from './openapi/parse.js';
import { parsedOnce } from './stage-cache.js';

/** One upstream document a provider's spec is built from. */
export interface ProviderSource {
  id: string;
  url: string;
  format: 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';
  [key: string]: unknown;
}

/** One kept operation: the upstream selector and our metadata. */
export interface ProviderOperation {
  /** A source id, or `ours` for an operation written by hand (see {@link ProviderConfig.handWritten}). */
  source: string;
  select: string;
  path: string;
  tag: string;
  idempotent: boolean;
  [key: string]: unknown;
}

/** `specs/<id>/provider.yaml`: data only. Every stage loops over these. */
export interface ProviderConfig {
  id: string;
  title: string;
  spec: string;
  overlay?: string;
  sources: ProviderSource[];
  operations: Record<string, ProviderOperation>;
  /** For each operation with `source: ours`: where its facts come from, since no upstream document holds it. */
  handWritten?: Record<string, string>;
  [key: string]: unknown;
}

/** A provider as the pipeline sees it: its config plus resolved file locations. */
export interface Provider {
  id: string;
  config: ProviderConfig;
  /** Absolute path of `specs/<id>/`. */
  dir: string;
  /** Absolute path of the normalized spec. */
  specFile: string;
  /** Absolute path of `generated/<id>/`. */
  generatedDir: string;
  /** Absolute path of provider.yaml. */
  configFile: string;
}

/** Read and check one provider.yaml; every problem names the file and the line. */
export function readProviderConfig(configFile: string, root = repoRoot): ProviderConfig {
  const rel = repoRelative(configFile, root);
  const text = readFileSync(configFile, 'utf8');
  const data = parsedOnce(root, rel, text, () => parseText(text, rel, { syntaxErrorLabel: 'YAML syntax error' })) as Partial<ProviderConfig> | null;
  if (!data || typeof data !== 'object') throw new PipelineError('provider config must be a YAML mapping', rel, 1);
  for (const key of ['id', 'title', 'spec'] as const) {
    if (typeof data[key] !== 'string' || data[key] === '') throw new PipelineError(`missing string field '${key}'`, rel, `#/${key}`);
  }
  if (!Array.isArray(data.sources)) throw new PipelineError("missing list 'sources'", rel, '#/sources');
  if (!data.operations || typeof data.operations !== 'object') throw new PipelineError("missing mapping 'operations'", rel, '#/operations');
  for (const [id, op] of Object.entries(data.operations)) {
    for (const key of ['select', 'path', 'tag'] as const) {
      if (typeof op?.[key] !== 'string') throw new PipelineError(`operation ${id} needs a string '${key}'`, rel, `#/operations/${id}/${key}`);
    }
    if (typeof op.idempotent !== 'boolean') throw new PipelineError(`operation ${id} needs a boolean 'idempotent'`, rel, `#/operations/${id}/idempotent`);
  }
  return data as ProviderConfig;
}

/** Every provider under `specs/`, sorted by id. */
export function listProviders(root = repoRoot): Provider[] {
  const specsDir = path.join(root, 'specs');
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(specsDir, entry.name, 'provider.yaml')))
    .map((entry) => entry.name)
    .sort()
    .map((id) => {
      const dir = path.join(specsDir, id);
      const configFile = path.join(dir, 'provider.yaml');
      const config = readProviderConfig(configFile, root);
      if (config.id !== id) throw new PipelineError(`id '${config.id}' does not match its folder '${id}'`, repoRelative(configFile, root), '#/id');
      return { id, config, dir, configFile, specFile: path.join(dir, config.spec), generatedDir: path.join(root, 'generated', id) };
    });
}

/** The providers a `--provider` flag selects (all when none is given). */
export function selectProviders(ids: string[] | undefined, root = repoRoot): Provider[] {
  const all = listProviders(root);
  if (!ids || ids.length === 0) return all;
  return ids.map((id) => {
    const found = all.find((p) => p.id === id);
    if (!found) throw new PipelineError(`unknown provider '${id}' (known: ${all.map((p) => p.id).join(', ')})`, 'command line');
    return found;
  });
}

/**
 * Upstream's placeholder URLs never reach the project. The prose check (./no-upstream-prose.test.ts)
 * lets one-token values through, since a URL is a fact about the API; but an upstream snapshot
 * also carries made-up hosts (SailPoint hard-codes its OAuth endpoints to `example-tenant`), and
 * a client built from those would send credentials to a host that is nobody's.
 *
 * | rule | what fails |
 * |---|---|
 * | placeholder host | a URL in `specs/` whose host has a placeholder label (`example`, `example-…`, `…-example`, `your…`, `sample…`) and stands word for word in an upstream snapshot |
 * | tenant host | an OAuth flow URL of a normalized spec on the same domain as a templated server host (`{tenant}.api.identitynow.com`) that does not use the server's variable in that place |
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/temp-repo.js';

const upstreamDir = path.resolve(repoRoot, '../shared/upstream');
const specsDir = path.join(repoRoot, 'specs');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : entry.isFile() ? [file] : [];
  });
}

/** Host labels that name no real host: upstream's stand-ins for the reader's own tenant or domain. */
const PLACEHOLDER_LABEL = /^(example|example-[a-z0-9-]+|[a-z0-9-]+-example|your[a-z0-9-]*|sample[a-z0-9-]*)$/i;

/** Every absolute http(s) URL in a text (server variables in braces included). */
function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[A-Za-z0-9{}._~%-]+(?::\d+)?(?:\/[^\s"'`<>)\]]*)?/g)].map((m) => m[0].replace(/[.,;:]+$/, ''));
}

function hostOf(url: string): string {
  return /^https?:\/\/([^/:]+)/.exec(url)![1]!.toLowerCase();
}

/** URLs with a placeholder host label that also stand verbatim in an upstream snapshot. */
function copiedPlaceholders(text: string, upstream: readonly string[]): string[] {
  return [...new Set(urlsIn(text))].filter((url) => hostOf(url).split('.').some((label) => PLACEHOLDER_LABEL.test(label)) && upstream.some((doc) => doc.includes(url)));
}

interface Flow {
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
}

/**
 * OAuth flow URLs on the domain of a templated server host (`{tenant}.<domain>`) whose first
 * label is not the server's variable: `example-tenant.api.identitynow.com` where the servers
 * say `{tenant}.api.identitynow.com`.
 */
function untemplatedFlowUrls(doc: { servers?: { url: string }[]; components?: { securitySchemes?: Record<string, { flows?: Record<string, Flow> }> } }): string[] {
  const templated = (doc.servers ?? [])
    .map((s) => /^https?:\/\/(\{[^}]+\})\.([^/:]+)/.exec(s.url))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ variable: m[1]!, domain: m[2]!.toLowerCase().split('.').slice(-2).join('.') }));
  const out: string[] = [];
  for (const [name, scheme] of Object.entries(doc.components?.securitySchemes ?? {})) {
    for (const [flowName, flow] of Object.entries(scheme.flows ?? {})) {
      for (const key of ['authorizationUrl', 'tokenUrl', 'refreshUrl'] as const) {
        const url = flow[key];
        if (url === undefined || !/^https?:\/\//.test(url)) continue;
        const [first, ...rest] = hostOf(url).split('.');
        const domain = rest.slice(-2).join('.');
        for (const t of templated) if (domain === t.domain && first !== t.variable.toLowerCase()) out.push(`${name}.${flowName}.${key}: ${url} (servers use ${t.variable})`);
      }
    }
  }
  return out;
}

describe('no upstream placeholder URLs in specs/', () => {
  const upstream = filesUnder(upstreamDir).filter((f) => !f.endsWith('README.md')).map((f) => readFileSync(f, 'utf8'));
  const ours = filesUnder(specsDir);
  const specs = ours.filter((f) => path.basename(f) === 'openapi.yaml');

  it('has upstream snapshots and normalized specs to compare', () => {
    expect(upstream.length).toBeGreaterThanOrEqual(9);
    expect(specs.length).toBeGreaterThanOrEqual(3);
  });

  it.each(ours.map((f) => [path.relative(repoRoot, f).split(path.sep).join('/'), f]))('%s holds no placeholder URL copied from an upstream snapshot', (_rel, file) => {
    expect(copiedPlaceholders(readFileSync(file, 'utf8'), upstream)).toEqual([]);
  });

  it.each(specs.map((f) => [path.relative(repoRoot, f).split(path.sep).join('/'), f]))('%s: OAuth flow URLs on a tenant host use the servers entry variable', (_rel, file) => {
    expect(untemplatedFlowUrls(parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('would catch the upstream placeholder OAuth URLs (both checks are live)', () => {
    // The line upstream SailPoint writes, as the importer kept it before the overlay fixed it.
    const token = urlsIn(upstream.join('\n')).find((url) => hostOf(url).startsWith('example-tenant.') && url.endsWith('/oauth/token'));
    expect(token).toBeDefined();
    expect(copiedPlaceholders(`          tokenUrl: ${token}\n`, upstream)).toEqual([token]);
    const doc = {
      servers: [{ url: 'https://{tenant}.api.identitynow.com' }],
      components: { securitySchemes: { clientCredentials: { flows: { clientCredentials: { tokenUrl: token! } } } } },
    };
    expect(untemplatedFlowUrls(doc)).toEqual([`clientCredentials.clientCredentials.tokenUrl: ${token} (servers use {tenant})`]);
    // Our own URLs pass: a templated tenant host, and a real host that upstream also writes.
    expect(copiedPlaceholders('tokenUrl: https://{tenant}.api.identitynow.com/oauth/token\nurl: https://api.dfns.io\n', upstream)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './temp-repo.js';

type Node = Record<string, any>;

/** A committed normalized spec, parsed, with small helpers to walk it through `$ref`s. */
export class SpecView {
  readonly doc: Node;
  constructor(readonly provider: string) {
    this.doc = parse(readFileSync(path.join(repoRoot, 'specs', provider, 'openapi.yaml'), 'utf8')) as Node;
  }

  /** Follow local `$ref`s until a real node is reached. */
  resolve(node: Node | undefined): Node {
    let current = node;
    for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
      if (hops > 20) throw new Error(`ref loop at ${current.$ref}`);
      const pointer = (current.$ref as string).replace(/^#\//, '').split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
      current = pointer.reduce<Node | undefined>((acc, key) => acc?.[key], this.doc);
    }
    if (!current) throw new Error('unresolvable node');
    return current;
  }

  operation(method: string, route: string): Node {
    const op = this.doc.paths?.[route]?.[method.toLowerCase()];
    if (!op) throw new Error(`${this.provider}: no ${method} ${route}`);
    return op;
  }

  /** Parameters of an operation (path item and operation level), resolved, by `in:name`. */
  parameters(method: string, route: string): Map<string, Node> {
    const item = this.doc.paths[route];
    const all = [...(item.parameters ?? []), ...(this.operation(method, route).parameters ?? [])].map((p: Node) => this.resolve(p));
    return new Map(all.map((p) => [`${p.in}:${p.name}`, p]));
  }

  /** The effective properties and required list of a schema, merging `allOf` parts. */
  shape(schemaNode: Node | undefined): { properties: Record<string, Node>; required: string[]; schema: Node } {
    const schema = this.resolve(schemaNode);
    const properties: Record<string, Node> = {};
    const required: string[] = [];
    for (const part of schema.allOf ?? []) {
      const sub = this.shape(part);
      Object.assign(properties, sub.properties);
      required.push(...sub.required);
    }
    for (const [key, value] of Object.entries<Node>(schema.properties ?? {})) properties[key] = this.resolve(value);
    required.push(...(schema.required ?? []));
    return { properties, required, schema };
  }

  requestSchema(method: string, route: string, media = 'application/json'): Node {
    const body = this.resolve(this.operation(method, route).requestBody);
    return this.resolve(body.content[media].schema);
  }

  responseSchema(method: string, route: string, status: string, media = 'application/json'): Node {
    const response = this.resolve(this.operation(method, route).responses[status]);
    return this.resolve(response.content[media].schema);
  }
}

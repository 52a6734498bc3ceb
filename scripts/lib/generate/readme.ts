/**
 * `generated/README.md`: the first of the three do-not-edit markers. A module of its own, so a run
 * that reuses generated files (../stage-cache.ts) loads no generator.
 */
export const GENERATED_README = `# generated/ — DO NOT EDIT

Everything here is written by \`npm run regen\` from the normalized specs in \`specs/<provider>/openapi.yaml\`:

- \`<provider>/schema.ts\`: openapi-typescript types for every path, operation and component.
- \`<provider>/operations.ts\`: per-operation metadata (method, path, retry safety, tags, security).
- \`<provider>/openapi.json\`: the exact spec the files above were built from; the next regen diffs against it.

Each TypeScript file is headed by the sha256 of the spec and of its upstream lock, and the generator version. Hand edits are
caught by \`npm run regen -- --check\` and lost at the next regeneration: change the spec instead.
`;

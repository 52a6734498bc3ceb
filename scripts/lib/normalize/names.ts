/**
 * Identifier spelling: our camelCase operationIds and PascalCase component names.
 *
 * Upstream names come in every style (`UserService_DeactivateUser`, `get-task-status-v1`,
 * `accounts-export-report-arguments`, `Campaign-2`, `v1ListUserGrantRequest`); generated code and
 * the facade need names that are valid TypeScript identifiers and read as one style.
 */

/** Split any spelling into words: separators, case changes, letter/digit boundaries. */
export function words(text: string): string[] {
  return (
    text
      // Letters with diacritics keep their base letter (Über → Uber) instead of vanishing.
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      // Path templates and punctuation become separators.
      .replace(/[^A-Za-z0-9]+/g, ' ')
      // fooBar → foo Bar, HTTPServer → HTTP Server
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '')
  );
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * `PascalCase` from any spelling. Existing inner capitals are kept (`IDPConfig` stays
 * `IDPConfig`) so names that are already PascalCase do not change; a leading digit gets a
 * `Schema` prefix because an identifier cannot start with one.
 */
export function pascalCase(text: string): string {
  const out = words(text).map(capitalize).join('');
  if (out === '') return 'Schema';
  return /^[0-9]/.test(out) ? `Schema${out}` : out;
}

/** `camelCase` from any spelling (`UserService_DeactivateUser` → `userServiceDeactivateUser`). */
export function camelCase(text: string): string {
  const parts = words(text);
  if (parts.length === 0) return 'operation';
  const [first, ...rest] = parts;
  // A leading acronym lowers as a whole (`HTTPGet` → `httpGet`), a normal word only its initial.
  const head = /^[A-Z0-9]+$/.test(first!) ? first!.toLowerCase() : first!.charAt(0).toLowerCase() + first!.slice(1);
  const out = head + rest.map(capitalize).join('');
  return /^[0-9]/.test(out) ? `op${capitalize(out)}` : out;
}

/** True when `name` is lower camelCase as the lint rule requires. */
export function isCamelCase(name: string): boolean {
  return /^[a-z][a-zA-Z0-9]*$/.test(name);
}

/** True when `name` is a PascalCase TypeScript identifier. */
export function isPascalIdentifier(name: string): boolean {
  return /^[A-Z][A-Za-z0-9]*$/.test(name);
}

/**
 * A name not in `taken`: `base`, else `base` + qualifier, else `base2`, `base3`... Adds the
 * result to `taken`.
 */
export function uniqueIdentifier(base: string, taken: Set<string>, qualifier?: string): string {
  let name = base;
  if (taken.has(name) && qualifier) name = `${base}${qualifier}`;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

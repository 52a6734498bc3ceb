/**
 * A tiny typed API for exercising the core client without any provider: the shape
 * openapi-typescript generates, written by hand, plus its operations table.
 */
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Item = { id: string };
type Problem = { message: string };

interface ItemOp {
  parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
  requestBody?: never;
  responses: { 200: Json<Item>; default: Json<Problem> };
}

export interface fixturePaths {
  '/items': {
    parameters: NoParams;
    get: {
      parameters: { query?: { cursor?: string; limit?: number }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<{ items: Item[]; next?: string }>; default: Json<Problem> };
    };
    post: {
      parameters: NoParams;
      requestBody: { content: { 'application/json': { name: string } } };
      responses: { 200: Json<Item>; default: Json<Problem> };
    };
  };
  '/items/{id}': {
    parameters: NoParams;
    get: ItemOp;
    put: ItemOp;
  };
  '/items/{id}/parts/{partId}': {
    parameters: NoParams;
    get: {
      parameters: { query?: never; header?: never; path: { id: string; partId: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<Item>; default: Json<Problem> };
    };
  };
}

export const fixtureOperations = {
  listItems: { method: 'GET', path: '/items', idempotent: true, tags: ['Items'], security: [['bearer']] },
  createItem: { method: 'POST', path: '/items', idempotent: false, tags: ['Items'], security: [['bearer']] },
  getItem: { method: 'GET', path: '/items/{id}', idempotent: true, tags: ['Items'], security: [['bearer']] },
  putItem: { method: 'PUT', path: '/items/{id}', idempotent: true, tags: ['Items'], security: [['bearer']] },
  getPart: { method: 'GET', path: '/items/{id}/parts/{partId}', idempotent: true, tags: ['Items'], security: [['bearer']] },
} as const;

/** Error details the way a provider with `{ message, code }` bodies would extract them. */
export function fixtureErrorDetails(_status: number, body: unknown, headers: Headers) {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { message?: string; code?: string };
  return { code: b.code, message: b.message, trackingId: headers.get('x-trace-id') ?? undefined };
}

/**
 * idlc/operation-idempotency: every mutating operation (anything but GET, HEAD, OPTIONS, TRACE)
 * carries a boolean `x-idempotent`. The client retries 502/503/504 and timeouts only where this
 * says true, so a missing flag must be a decision, not an accident.
 */
const SAFE = new Set(['get', 'head', 'options', 'trace']);

export default function OperationIdempotency() {
  return {
    PathItem: {
      enter(pathItem, ctx) {
        for (const method of ['put', 'post', 'delete', 'patch']) {
          const operation = pathItem[method];
          if (!operation || SAFE.has(method)) continue;
          if (typeof operation['x-idempotent'] !== 'boolean') {
            ctx.report({
              message: `${method.toUpperCase()} operation must declare x-idempotent: true or false.`,
              location: ctx.location.child([method]).key(),
            });
          }
        }
      },
    },
  };
}

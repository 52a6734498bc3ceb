/**
 * idlc/operation-error-response: every operation declares at least one 4xx or `default` response
 * whose media type has a schema. Without one, openapi-fetch types `error` as never and callers
 * cannot read the provider's error body safely.
 */
export default function OperationErrorResponse() {
  return {
    Operation: {
      enter(operation, ctx) {
        const responses = operation.responses ?? {};
        const ok = Object.entries(responses).some(([status, response]) => {
          if (!(status === 'default' || /^4(\d\d|XX)$/i.test(status))) return false;
          const resolved = response && response.$ref ? ctx.resolve(response).node : response;
          const content = resolved?.content ?? {};
          return Object.values(content).some((media) => media && media.schema);
        });
        if (!ok) {
          ctx.report({ message: 'Operation must declare a 4xx or default error response with a schema.', location: ctx.location.child('responses') });
        }
      },
    },
  };
}

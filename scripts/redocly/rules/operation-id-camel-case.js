/**
 * idlc/operation-id-camel-case: every operation has an operationId that is lower camelCase and
 * unique in the document. The facade and the generated operation table key on these ids, so a
 * clash or an odd spelling would surface as a broken method name in consumer code.
 */
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

export default function OperationIdCamelCase() {
  const seen = new Map();
  return {
    Operation: {
      enter(operation, ctx) {
        const id = operation.operationId;
        if (typeof id !== 'string' || id === '') {
          ctx.report({ message: 'Operation must have an operationId.', location: ctx.location.key() });
          return;
        }
        if (!CAMEL_CASE.test(id)) {
          ctx.report({ message: `operationId "${id}" must be lower camelCase (letters and digits, starting lower-case).`, location: ctx.location.child('operationId') });
        }
        const first = seen.get(id);
        if (first) {
          ctx.report({ message: `operationId "${id}" is already used by another operation.`, location: ctx.location.child('operationId'), from: first });
        } else {
          seen.set(id, ctx.location.child('operationId'));
        }
      },
    },
  };
}

// Project lint rules for the normalized specs, loaded by redocly.yaml. One rule per file, named
// after its id; severities live in redocly.yaml, never in the rule code.
import operationIdCamelCase from './rules/operation-id-camel-case.js';
import operationErrorResponse from './rules/operation-error-response.js';
import operationIdempotency from './rules/operation-idempotency.js';

export default function idlcPlugin() {
  return {
    id: 'idlc',
    rules: {
      oas3: {
        'operation-id-camel-case': operationIdCamelCase,
        'operation-error-response': operationErrorResponse,
        'operation-idempotency': operationIdempotency,
      },
    },
  };
}

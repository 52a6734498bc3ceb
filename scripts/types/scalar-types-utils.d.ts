/**
 * @scalar/openapi-upgrader 0.1.11 publishes type declarations that import `UnknownObject` from
 * `@scalar/types/utils`, but lists `@scalar/types` only as a devDependency, so it is never
 * installed and `tsc` with skipLibCheck off fails inside node_modules. This declares the one
 * type those declarations use, with the meaning it has there (any JSON object).
 */
declare module '@scalar/types/utils' {
  export type UnknownObject = Record<string, unknown>;
}

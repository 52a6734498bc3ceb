/**
 * `node --require scripts/build/compile-cache-preload.cjs …`: the V8 code cache of
 * ./compile-cache.cjs in a process the pipeline or its tests start.
 */
'use strict';

require('./compile-cache.cjs').installCompileCache();

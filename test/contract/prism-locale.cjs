/**
 * Preloaded into the Prism process (`node --require <this> prism mock …`, ./prism.ts).
 *
 * Prism's schema faker takes `require('@faker-js/faker').default`. faker 6's main entry builds
 * that instance with all 57 of its locales, read and compiled before the server listens: about
 * 0.8 s of each start's 2 s of CPU. The instance uses one of them, `en` (faker's default locale
 * and fallback), and nothing in Prism changes the locale. So that one request is answered with
 * the main entry's exports built the same way from faker's own modules, with only the `en`
 * locale: the same `Faker` class, options and data. Any other faker layout loads as before.
 */
'use strict';
const { existsSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const load = Module._load;
/** The exports built per faker copy (a tree may hold more than one). */
const built = new Map();

function enOnly(main) {
  const dir = path.dirname(main);
  if (built.has(dir)) return built.get(dir);
  const files = { faker: 'faker.js', error: 'errors/faker-error.js', name: 'name.js', en: 'locales/en/index.js' };
  let exports;
  if (path.basename(main) === 'index.js' && Object.values(files).every((file) => existsSync(path.join(dir, file)))) {
    const { Faker } = load(path.join(dir, files.faker), null, false);
    const { FakerError } = load(path.join(dir, files.error), null, false);
    const { Gender } = load(path.join(dir, files.name), null, false);
    const en = load(path.join(dir, files.en), null, false);
    if (typeof Faker === 'function' && en?.default) {
      const faker = new Faker({ locales: { en: en.default } });
      exports = Object.freeze({ __esModule: true, Faker, FakerError, Gender, default: faker, faker });
    }
  }
  built.set(dir, exports);
  return exports;
}

Module._load = function (request, parent, isMain) {
  if (request === '@faker-js/faker') {
    const exports = enOnly(Module._resolveFilename(request, parent, isMain));
    if (exports) return exports;
  }
  return load.apply(this, arguments);
};

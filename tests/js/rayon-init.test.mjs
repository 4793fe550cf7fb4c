// The pool workers start without wasm-bindgen's "deprecated parameters" warning: the build
// rewrites wasm-bindgen-rayon's positional init call to the object form (scripts/lib/rayon-init.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { rayonHelpers, withObjectInit } from '../../scripts/lib/rayon-init.mjs';

test('the positional init call becomes the object form, once, and an unknown helper is refused', () => {
  const before = "const pkg = await import(data.mainJS);\n  await pkg.default(data.module, data.memory);\n";
  const after = withObjectInit(before);
  assert.match(after, /pkg\.default\(\{ module_or_path: data\.module, memory: data\.memory \}\)/);
  assert.equal(withObjectInit(after), after);
  assert.throws(() => withObjectInit('await pkg.default(init);'), /no longer calls/);
});

test('the built threaded package calls init in the object form only', () => {
  const helpers = rayonHelpers('www/pkg');
  assert.ok(helpers.length >= 1, 'www/pkg has wasm-bindgen-rayon\'s worker helper (run `npm run build:wasm`)');
  for (const file of helpers) assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /pkg\.default\(data\.module, data\.memory\)/, file);
});

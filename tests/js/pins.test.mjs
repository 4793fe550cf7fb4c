import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PINS } from '../../scripts/lib/pins.mjs';

const read = (/** @type {string} */ f) => fs.readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');

test('setup installs the toolchain rust-toolchain.toml pins', () => {
  assert.match(read('rust-toolchain.toml'), new RegExp(`channel = "${PINS.toolchain}"`));
});

test('setup installs the wasm-bindgen-cli that matches the crate exactly', () => {
  assert.match(read('Cargo.toml'), new RegExp(`wasm-bindgen = "=${PINS.wasmBindgen.replace(/\./g, '\\.')}"`));
});

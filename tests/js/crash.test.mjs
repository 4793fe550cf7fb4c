// The worker's crash diagnosis (www/worker/crash.js): a panic's own message first, then a trap,
// with out-of-memory told by memory grown to its limit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { panicOf, crashOf, memoryNote } from '../../www/worker/crash.js';

const GIB = 2 ** 30;
/** A stand-in for a module's memory of `bytes` bytes. @param {number} bytes */
const memoryOf = (bytes) => /** @type {WebAssembly.Memory} */ (/** @type {unknown} */ ({ buffer: { byteLength: bytes } }));

test('a panic message is the diagnosis, whatever the error was', () => {
  const wasm = { panicMessage: () => 'panicked at src/lib.rs:1: boom', memory: null };
  assert.equal(panicOf(new Error('anything'), wasm), 'panicked at src/lib.rs:1: boom');
});

test('a trap without a panic message is a trap; memory at its limit says out of memory', () => {
  const trap = new WebAssembly.RuntimeError('unreachable');
  const small = { panicMessage: () => '', memory: memoryOf(64 * 2 ** 20) };
  assert.equal(panicOf(trap, small), 'the module trapped: unreachable');
  const full = { panicMessage: () => '', memory: memoryOf(GIB) };
  assert.match(/** @type {string} */ (panicOf(trap, full)), /^the module trapped: unreachable — most likely out of memory: .* 1024 MiB, its limit/);
  assert.match(memoryNote(memoryOf(GIB - 32 * 2 ** 20)), /out of memory/, 'within 64 MiB of the limit counts');
  assert.equal(memoryNote(null), '');
});

test('an ordinary error is no crash; a broken instance does not hide the trap', () => {
  const fine = { panicMessage: () => '', memory: null };
  assert.equal(panicOf(new Error('HTTP 404'), fine), null);
  assert.equal(crashOf(new Error('HTTP 404'), 'HTTP 404', fine), null);
  assert.equal(crashOf(undefined, 'Uncaught RuntimeError: unreachable', fine), 'the module trapped: Uncaught RuntimeError: unreachable');
  const broken = { panicMessage: () => { throw new Error('instance gone'); }, memory: null };
  assert.equal(panicOf(new WebAssembly.RuntimeError('unreachable'), broken), 'the module trapped: unreachable');
});

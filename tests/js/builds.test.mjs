// Both wasm builds stop growing their memory at 1 GiB: the pipeline's 512 MiB page budget and
// worker.js's out-of-memory note count on it. Reads the limit from the built modules (npm test
// runs this after the wasm build).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const GIB = JSON.parse(readFileSync(new URL('../../www/spec.json', import.meta.url), 'utf8')).constants.maxMemoryBytes;
const PAGE = 65_536;

/**
 * The memory's maximum in bytes, defined (memory section) or imported (import section).
 * @param {Uint8Array} wasm
 * @returns {number | null} null when the memory has no maximum
 */
function memoryMax(wasm) {
  let at = 8; // magic and version
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[at++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(byte & 0x80)) return result;
    }
  };
  const name = () => {
    const len = u32();
    at += len;
  };
  const limits = () => {
    const flags = u32();
    u32(); // minimum
    return flags & 1 ? u32() * PAGE : null;
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const size = u32();
    const end = at + size;
    if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = wasm[at++];
        if (kind === 2) return limits();
        if (kind === 0) u32(); // function: type index
        else if (kind === 1) { at++; limits(); } // table: element type, limits
        else if (kind === 3) at += 2; // global: value type, mutability
        else if (kind === 4) { at++; u32(); } // tag
      }
    } else if (id === 5) {
      u32(); // count
      return limits();
    }
    at = end;
  }
  throw new Error('no memory in this module');
}

for (const pkg of ['pkg', 'pkg-single']) {
  test(`www/${pkg}'s memory stops growing at 1 GiB`, () => {
    const wasm = readFileSync(new URL(`../../www/${pkg}/parallel_playground_bg.wasm`, import.meta.url));
    assert.equal(memoryMax(new Uint8Array(wasm)), GIB);
  });
}

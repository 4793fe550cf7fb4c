// Reads a `pub const NAME: u32 = ...;` (or usize, u64) from the Rust sources, so a test can pin a JS constant
// that must stay equal to it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/**
 * @param {string} file path under src/, e.g. 'strategy.rs'
 * @param {string} name the constant's name
 * @returns {number}
 */
export function rustConst(file, name) {
  const rust = readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
  const m = rust.match(new RegExp(`pub const ${name}: (?:u32|u64|usize) = ([\\d_]+);`));
  assert.ok(m, `src/${file} defines ${name}`);
  return Number(m[1].replaceAll('_', ''));
}

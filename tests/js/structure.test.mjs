// Small files with one job: no source file over 400 lines (Rust counted up to its test module),
// no JavaScript function over 60 lines. Rust functions are held to 60 lines by clippy's
// `too_many_lines` (clippy.toml), which counts code, not comments.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FOLDERS = ['src', 'www', 'server', 'scripts', 'bench', 'site'];
const SKIP = new Set(['pkg', 'pkg-single', 'node_modules', '.venv', '__pycache__']);
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 60;

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return SKIP.has(name) ? [] : sources(full);
    return /\.(rs|js|mjs|py|css|html)$/.test(name) ? [full] : [];
  });
}

const files = FOLDERS.flatMap((f) => sources(path.join(ROOT, f)));
const rel = (/** @type {string} */ f) => path.relative(ROOT, f);

/** Lines that count: a Rust file up to its `#[cfg(test)]` module, other files whole. */
function countedLines(/** @type {string} */ file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (!file.endsWith('.rs')) return lines;
  const tests = lines.findIndex((l) => l.startsWith('#[cfg(test)]'));
  return tests < 0 ? lines : lines.slice(0, tests);
}

/**
 * Functions longer than the limit, found by their opening line and the closing brace at the
 * same indentation (the code is formatted, so the two line up).
 * @param {string[]} lines
 */
export function longFunctions(lines) {
  const opening = /^(\s*)(?:export\s+)?(?:async\s+)?(?:function\*?\s*[\w$]*\s*\(|(?:const|let)\s+[\w$]+\s*=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>\s*\{$|(?:static\s+)?(?:get\s+|set\s+)?[\w$]+\s*\([^)]*\)\s*\{$)/;
  /** @type {{ line: number, length: number, text: string }[]} */
  const long = [];
  lines.forEach((text, i) => {
    const m = text.match(opening);
    if (!m || !text.trimEnd().endsWith('{') || /^\s*(if|for|while|switch|catch)\b/.test(text)) return;
    const close = lines.findIndex((l, j) => j > i && l.startsWith(`${m[1]}}`));
    const length = close < 0 ? 0 : close - i + 1;
    if (length > MAX_FUNCTION_LINES) long.push({ line: i + 1, length, text: text.trim() });
  });
  return long;
}

test(`no source file is over ${MAX_FILE_LINES} lines`, () => {
  const over = files
    .map((f) => ({ file: rel(f), lines: countedLines(f).length }))
    .filter((f) => f.lines > MAX_FILE_LINES);
  assert.deepEqual(over, []);
});

test(`no JavaScript function is over ${MAX_FUNCTION_LINES} lines`, () => {
  const over = files
    .filter((f) => /\.m?js$/.test(f))
    .flatMap((f) => longFunctions(readFileSync(f, 'utf8').split('\n')).map((l) => `${rel(f)}:${l.line} (${l.length} lines) ${l.text}`));
  assert.deepEqual(over, []);
});

test('the function finder sees a long function and passes a short one', () => {
  const body = (/** @type {number} */ n) => Array.from({ length: n }, () => '  x();');
  assert.equal(longFunctions(['function f() {', ...body(70), '}']).length, 1);
  assert.equal(longFunctions(['export async function f(a, b) {', ...body(10), '}']).length, 0);
  assert.equal(longFunctions(['const f = async (a) => {', ...body(70), '};']).length, 1);
  assert.equal(longFunctions(['class A {', '  run(x) {', ...body(70), '  }', '}']).length, 1);
});

test("www/'s modules are in folders that say what they hold; at the top only the entry point", () => {
  const top = readdirSync(path.join(ROOT, 'www')).filter((f) => /\.m?js$/.test(f));
  assert.deepEqual(top, ['main.js']);
  for (const folder of ['model', 'protocol', 'page', 'views', 'worker']) {
    assert.ok(statSync(path.join(ROOT, 'www', folder)).isDirectory(), `www/${folder}/`);
  }
});

test("the Workers the Rust glue starts sit beside the dedicated worker's script", () => {
  // src/web/ starts them by a URL relative to the dedicated worker's own (self.location.href).
  const client = readFileSync(path.join(ROOT, 'www/protocol/worker-boot.js'), 'utf8');
  assert.match(client, /new URL\('\.\.\/worker\/entry\.js', import\.meta\.url\)/);
  const rust = files.filter((f) => f.endsWith('.rs')).map((f) => readFileSync(f, 'utf8')).join('\n');
  const started = [...rust.matchAll(/new URL\('([\w.-]+\.js)', self\.location\.href\)/g)].map((m) => m[1]);
  for (const file of new Set(['task-worker.js', ...started])) {
    assert.ok(statSync(path.join(ROOT, 'www/worker', file), { throwIfNoEntry: false })?.isFile(), `www/worker/${file}`);
  }
});

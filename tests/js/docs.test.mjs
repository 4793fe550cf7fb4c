// The documentation holds together: README.md stays short enough for a newcomer, every relative
// link and image in README.md and docs/*.md points at a file that exists (and, for `#anchors`
// into markdown, at a heading that exists), the benchmark's generated block lives in
// docs/benchmarks.md only, and the README's tables name exactly the presets and strategies of
// www/spec.json.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const README = path.join(ROOT, 'README.md');
const DOCS = path.join(ROOT, 'docs');
const MAX_README_LINES = 200;
const BENCH_START = '<!-- bench:start -->';
const BENCH_END = '<!-- bench:end -->';

const read = (/** @type {string} */ file) => fs.readFileSync(file, 'utf8');
const docFiles = () =>
  fs.readdirSync(DOCS).filter((n) => n.endsWith('.md')).map((n) => path.join(DOCS, n));

/** The text without fenced code blocks, where `#` lines are not headings. */
const withoutFences = (/** @type {string} */ text) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

/** The text without fenced code blocks and inline code, where brackets are not links. */
export function prose(/** @type {string} */ text) {
  return withoutFences(text).replace(/`[^`\n]*`/g, '');
}

/**
 * Link and image targets: inline `[text](target)` / `![alt](target)` (nested ones too, as in a
 * linked image), reference definitions `[name]: target`, and HTML `src=` / `href=`.
 * @param {string} text
 * @returns {string[]}
 */
export function linkTargets(text) {
  const body = prose(text);
  const inline = [...body.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+["'(][^)]*)?\)/g)].map((m) => m[1]);
  const defs = [...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)].map((m) => m[1]);
  const html = [...body.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
  return [...inline, ...defs, ...html];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(/** @type {string} */ heading) {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a markdown file offers, with GitHub's -1, -2 suffixes for repeated headings. */
export function anchors(/** @type {string} */ text) {
  const seen = new Map();
  const out = new Set();
  for (const m of withoutFences(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/**
 * The relative links of one markdown file that do not resolve, as "target: why".
 * @param {string} file
 * @returns {string[]}
 */
export function brokenLinks(file) {
  const text = read(file);
  const broken = [];
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // http:, mailto:
    const [rawPath, anchor] = target.split('#');
    const filePath = decodeURIComponent(rawPath.split('?')[0]);
    const resolved = filePath ? path.resolve(path.dirname(file), filePath) : file;
    if (!fs.existsSync(resolved)) {
      broken.push(`${target}: no such file`);
      continue;
    }
    const isMarkdown = resolved.endsWith('.md') && fs.statSync(resolved).isFile();
    if (anchor && isMarkdown && !anchors(read(resolved)).has(decodeURIComponent(anchor))) {
      broken.push(`${target}: no heading #${anchor} in ${path.relative(ROOT, resolved)}`);
    }
  }
  return broken;
}

const occurrences = (/** @type {string} */ text, /** @type {string} */ s) => text.split(s).length - 1;

test(`README.md is at most ${MAX_README_LINES} lines`, () => {
  const lines = read(README).replace(/\n$/, '').split('\n').length;
  assert.ok(lines <= MAX_README_LINES, `README.md has ${lines} lines`);
});

test('every relative link and image in README.md and docs/*.md resolves', () => {
  const files = [README, ...docFiles()];
  assert.ok(files.length > 1, 'docs/ holds markdown files');
  const broken = files.flatMap((f) => brokenLinks(f).map((b) => `${path.relative(ROOT, f)}: ${b}`));
  assert.deepEqual(broken, []);
});

test('the link check catches a missing file, a missing image and a missing heading', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-test-'));
  try {
    fs.writeFileSync(path.join(dir, 'other.md'), '# Other page\n\n## Adding a strategy\n\n## Adding a strategy\n\n### `idealMs`\n\n```\n# not a heading\n```\n');
    const file = path.join(dir, 'page.md');
    const text = [
      '# Page',
      '[fine](other.md#adding-a-strategy) [fine too](other.md#adding-a-strategy-1) [self](#page) [code](other.md#idealms)',
      '[fenced](other.md#not-a-heading)',
      '[![fine](other.md)](other.md) [web](https://example.com/x.md) `[code](missing.md)`',
      '```', '[in a code block](missing.md)', '```',
      '[gone](missing.md) ![gone](img/missing.png) [bad anchor](other.md#no-such-heading)',
      '[bad self](#nowhere)',
      '[ref]: also-missing.md',
    ].join('\n');
    fs.writeFileSync(file, text);
    assert.deepEqual(brokenLinks(file), [
      'other.md#not-a-heading: no heading #not-a-heading in ' + path.relative(ROOT, path.join(dir, 'other.md')),
      'missing.md: no such file',
      'img/missing.png: no such file',
      'other.md#no-such-heading: no heading #no-such-heading in ' + path.relative(ROOT, path.join(dir, 'other.md')),
      '#nowhere: no heading #nowhere in ' + path.relative(ROOT, file),
      'also-missing.md: no such file',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('headings slug as GitHub makes them', () => {
  assert.equal(slug('Faults, Cancel and crashes'), 'faults-cancel-and-crashes');
  assert.equal(slug('`idealMs`: what improved'), 'idealms-what-improved');
  assert.equal(slug('Why targets are missed'), 'why-targets-are-missed');
  assert.equal(slug('Start, test — and the first start'), 'start-test--and-the-first-start');
});

test('the benchmark block is in docs/benchmarks.md, once, and not in README.md', () => {
  const bench = read(path.join(DOCS, 'benchmarks.md'));
  assert.equal(occurrences(bench, BENCH_START), 1, `${BENCH_START} once in docs/benchmarks.md`);
  assert.equal(occurrences(bench, BENCH_END), 1, `${BENCH_END} once in docs/benchmarks.md`);
  assert.ok(bench.indexOf(BENCH_START) < bench.indexOf(BENCH_END), 'start before end');
  const readme = read(README);
  assert.equal(occurrences(readme, BENCH_START) + occurrences(readme, BENCH_END), 0, 'no bench markers in README.md');
});

test("README.md's presets and strategies tables are the ones www/spec.json makes", async () => {
  const { withTables, tables } = await import('../../scripts/docs-tables.mjs');
  const readme = read(README);
  assert.equal(withTables(readme), readme, 'run `npm run docs:tables` after changing www/spec.json');
  // The maker itself: one row per preset and strategy, in the spec's order.
  const spec = JSON.parse(read(path.join(ROOT, 'www', 'spec.json')));
  const ids = (/** @type {string} */ table) => [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(ids(tables().presets), spec.presets.map((/** @type {{id: string}} */ p) => p.id));
  assert.deepEqual(ids(tables().strategies), spec.strategies.map((/** @type {{id: string}} */ s) => s.id));
});

// The page's interrupted result counts a strategy's spans as the core's report does
// (src/report.rs `from_spans`): every fixture in tests/fixtures/report/ holds one family's spans
// and the counts the core makes of them; the page's code must make the same.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { interruptedResult } from '../../www/model/report.js';

/** @typedef {import('../../www/model/report.js').Span} Span */
/**
 * @typedef {object} Fixture
 * @property {string} about
 * @property {string} strategy
 * @property {number} wallMs
 * @property {Span[]} spans
 * @property {[number, string][]} failures
 * @property {{ tasks: number, ok: number, failed: number, cancelled: number, peakInFlight: number,
 *   peakOnWire: number | null, lanesUsed: number }} expect
 */

const DIR = new URL('../fixtures/report/', import.meta.url);
const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

/**
 * What the worker's progress messages would have said once every task was reported: a task is
 * ok when all its spans are, failed when one of them failed, else cancelled (the core's rule),
 * a queue delivery the broker took back (phase `lost`) left out: the task's other span decides.
 * @param {Fixture} f
 */
function liveAfterEveryTask(f) {
  /** @type {Map<number, Span[]>} */
  const byTask = new Map();
  for (const s of f.spans) byTask.set(s.task, [...(byTask.get(s.task) ?? []), s]);
  const groups = [...byTask.values()].map((g) => g.filter((s) => s.phase !== 'lost'));
  const failed = groups.filter((g) => !g.every((s) => s.ok) && g.some((s) => !s.ok && !s.cancelled)).length;
  const cancelled = groups.filter((g) => !g.every((s) => s.ok) && !g.some((s) => !s.ok && !s.cancelled)).length;
  const total = groups.length;
  return { strategy: f.strategy, total, startedAt: performance.now() - f.wallMs, done: total, failed, cancelled, spans: f.spans };
}

test('there are report fixtures to check', () => {
  assert.ok(names.length > 0, `no fixtures in ${DIR.pathname}`);
});

for (const name of names) {
  test(`${name}: the page counts the spans as the core does`, () => {
    const f = /** @type {Fixture} */ (JSON.parse(readFileSync(new URL(name, DIR), 'utf8')));
    const r = interruptedResult(liveAfterEveryTask(f));
    const got = {
      tasks: r.tasks,
      ok: r.ok,
      failed: r.failed,
      cancelled: r.cancelled,
      peakInFlight: r.peakInFlight,
      peakOnWire: r.peakOnWire ?? null,
      lanesUsed: r.lanesUsed,
    };
    assert.deepEqual(got, f.expect, f.about);
    // The failed tasks the page lists are among those the core gave reasons for.
    const withReasons = new Set(f.failures.map(([task]) => task));
    for (const task of r.failures?.flatMap((x) => x.tasks) ?? []) assert.ok(withReasons.has(task), `task ${task} failed without a reason`);
  });
}

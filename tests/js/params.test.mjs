import test from 'node:test';
import assert from 'node:assert/strict';
import { normalize, fromQuery, toQuery, defaults, SPEC, NAMES } from '../../www/model/params.js';
import { usualFor } from '../../www/model/spec.js';

test('defaults are inside their ranges', () => {
  const d = defaults();
  for (const name of NAMES) {
    const s = SPEC[name];
    if (s.kind === 'int') assert.ok(d[name] >= s.min && d[name] <= s.max, name);
  }
});

test('valid input passes unchanged without notes', () => {
  const { params, notes } = normalize({ workload: 'cpu', tasks: 12, latency: '250' });
  assert.equal(params.workload, 'cpu');
  assert.equal(params.tasks, 12);
  assert.equal(params.latency, 250);
  assert.deepEqual(notes, []);
});

test('NaN, negative, fractional and huge values are clamped with a note each', () => {
  const { params, notes } = normalize({ tasks: 'abc', latency: -5, concurrency: 2.6, work: 1e12 });
  assert.equal(params.tasks, SPEC.tasks.default);
  assert.equal(params.latency, SPEC.latency.min);
  assert.equal(params.concurrency, 3);
  assert.equal(params.work, SPEC.work.max);
  assert.equal(notes.length, 4);
  assert.match(notes[0], /tasks "abc" is not a number/);
  assert.match(notes[1], /latency -5 is outside/);
  assert.match(notes[2], /rounded to 3/);
});

test('empty strings, booleans, Infinity and unknown choices fall back to defaults', () => {
  const { params, notes } = normalize({ tasks: '', latency: true, work: Infinity, workload: 'gpu', x: 1 });
  assert.equal(params.tasks, SPEC.tasks.default);
  assert.equal(params.latency, SPEC.latency.default);
  assert.equal(params.work, SPEC.work.default);
  assert.equal(params.workload, SPEC.workload.default);
  assert.equal(notes.length, 5);
  assert.match(notes.at(-1), /unknown parameter "x"/);
});

test('non-object input is refused with a note', () => {
  assert.match(normalize(/** @type {any} */ ('tasks=6')).notes[0], /must be an object/);
  assert.match(normalize(/** @type {any} */ ([1])).notes[0], /must be an object/);
});

test('query strings round-trip and keep only non-defaults', () => {
  const { params } = normalize({ workload: 'fetch', tasks: 24, latency: 500 });
  const query = toQuery(params);
  assert.equal(query, '?workload=fetch&tasks=24&latency=500');
  const back = fromQuery(query);
  assert.deepEqual(back.params, params);
  assert.equal(back.autorun, false);
  assert.equal(fromQuery('?autorun=1').autorun, true);
  assert.equal(toQuery(defaults()), '');
});

test('strategy lists accept arrays or comma strings and drop unknown ids with a note', async () => {
  const { selectedStrategies } = await import('../../www/model/params.js');
  const a = normalize({ strategies: 'cpu-rayon, fetch-map,cpu-rayon' });
  assert.deepEqual(a.params.strategies, ['cpu-rayon', 'fetch-map']);
  assert.deepEqual(a.notes, []);
  const b = normalize({ strategies: ['cpu-rayon', 'cpu-magic'] });
  assert.deepEqual(b.params.strategies, ['cpu-rayon']);
  assert.match(b.notes[0], /unknown strategies ignored: cpu-magic/);
  assert.deepEqual(selectedStrategies(normalize({ workload: 'race' }).params), usualFor('race'));
  assert.deepEqual(selectedStrategies(a.params), ['cpu-rayon', 'fetch-map']);
  assert.equal(toQuery(a.params), '?strategies=cpu-rayon%2Cfetch-map');
  assert.deepEqual(fromQuery(toQuery(a.params)).params.strategies, ['cpu-rayon', 'fetch-map']);
});

test('without the pool (not cross-origin isolated) what needs it is left out, with a note', async () => {
  const { selectedStrategies, usualStrategies } = await import('../../www/model/params.js');
  const { setPoolAvailable, cannotRunHere, noIsolationNote } = await import('../../www/model/pool.js');
  setPoolAvailable(false);
  try {
    const all = normalize({});
    assert.deepEqual(selectedStrategies(all.params), ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'cpu-sequential']);
    assert.deepEqual(all.params.strategies, [], 'the URL keeps asking for the usual set');
    assert.deepEqual(all.refused, []);
    assert.match(all.notes.join(' '), /left out: cpu-rayon \(needs the thread pool, which needs a cross-origin isolated page/);
    assert.deepEqual(usualStrategies('pipeline'), ['pipeline-sequential']);
    const mixed = normalize({ strategies: 'fetch-map,cpu-queue' });
    assert.deepEqual(selectedStrategies(mixed.params), ['fetch-map']);
    assert.match(mixed.notes.join(' '), /left out: cpu-queue/);
    // Nothing runnable left: refused, saying what does run.
    const rayon = normalize({ strategies: 'cpu-rayon' });
    assert.equal(rayon.refused.length, 1);
    assert.match(rayon.refused[0], /^cpu-rayon needs the thread pool.*only the fetch strategies but fetch-threads, cpu-sequential, cpu-worker-per-task, cpu-event-loop, pipeline-sequential and queue-broker run here/);
    assert.match(normalize({ workload: 'race' }).refused[0], /race-unsynchronized, race-atomic, race-mutex need the thread pool/);
    assert.deepEqual(normalize({ workload: 'fetch' }).notes, []);
    // The strategy box's tooltip and the page's setup note say it in the same words.
    assert.equal(cannotRunHere('cpu-rayon'), 'cpu-rayon needs the thread pool, which needs a cross-origin isolated page (SharedArrayBuffer); this page is not.');
    assert.match(noIsolationNote(), /single-threaded build instead: the fetch strategies but fetch-threads, cpu-sequential, cpu-worker-per-task, cpu-event-loop, pipeline-sequential and queue-broker work;/);
  } finally {
    setPoolAvailable(true);
  }
  assert.deepEqual(normalize({ strategies: 'cpu-rayon' }).refused, []);
  assert.deepEqual(fromQuery('?isolation=off').notes, [], 'isolation is a page key, not an unknown parameter');
});

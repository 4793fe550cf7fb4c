// The lesson checks the screenshot script applies before it saves a preset's picture
// (www/model/lessons.js): each passes on a report where the lesson holds and fails, saying why, on
// one where it does not; and the seed box's sentence is made from the measured numbers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { lessonProblems, lessonSentence, checkOf, sweepProblems, faultsProblems } from '../../www/model/lessons.js';
import { PRESETS, presetById } from '../../www/model/presets.js';
import { defaults } from '../../www/model/params.js';

/** @param {string} strategy @param {number} wallMs @param {Record<string, unknown>} [extra] */
const res = (strategy, wallMs, extra = {}) => ({ strategy, wallMs, ok: 1, failed: 0, cancelled: 0, tasks: 1, ...extra });

/** A report of a preset's parameters with these results. @param {string} id @param {any[]} results */
const report = (id, results) => ({
  params: { ...defaults(), ...presetById(id)?.params },
  env: { crossOriginIsolated: true, hardwareConcurrency: 2, poolThreads: 2, browser: 'test' },
  results,
  notes: [],
  cancelled: false,
  preset: id,
});

/** Reports where each preset's lesson holds, as the page measured them on 2 cores. */
const GOOD = {
  'six-endpoints': [res('fetch-sequential', 6040), res('fetch-concurrent', 1012)],
  'thousand-calls': [
    res('fetch-sequential', 14000),
    res('fetch-concurrent', 2100, { peakOnWire: 6 }),
    res('fetch-bounded', 2300),
    res('fetch-multiport', 700, { peakOnWire: 36 }),
    res('fetch-sharded', 450, { peakOnWire: 240 }),
    res('fetch-same-url', 12000),
    res('fetch-threads', 4300),
    res('fetch-processes', 9800),
  ],
  'choosing-the-approach': [
    res('fetch-sequential', 3050),
    res('fetch-threads', 520),
    res('fetch-processes', 640),
    res('fetch-concurrent', 518),
    res('cpu-sequential', 1000),
    res('cpu-threads-gil', 1050),
    res('cpu-rayon', 540),
    res('cpu-event-loop', 990),
  ],
  'fifty-pages': [res('pipeline-sequential', 17000, { checksum: 7 }), res('pipeline-fetch-then-parse', 4000, { checksum: 7 }), res('pipeline-overlapped', 3100, { checksum: 7 })],
  'pool-map-squares': [
    res('cpu-sequential', 0.1),
    res('cpu-rayon', 0.4, { detail: { values: [1, 4, 9, 16, 25] } }),
    res('cpu-worker-per-task', 120, { detail: { meanStartupMs: 40 } }),
  ],
  'repos-per-user': [
    res('fetch-sequential', 3300),
    res('fetch-bounded', 900),
    res('fetch-concurrent', 450),
    res('fetch-map', 900, { detail: { order: [0, 1, 2, 3, 4, 5, 6, 7] } }),
    res('fetch-as-completed', 900, { detail: { order: [2, 0, 5, 1, 3, 7, 4, 6] } }),
  ],
  'race-condition': [
    res('race-unsynchronized', 40, { detail: { expected: 12_000_000, actual: 7_000_000, lost: 5_000_000 } }),
    res('race-atomic', 200, { detail: { expected: 12_000_000, actual: 12_000_000, lost: 0 } }),
    res('race-mutex', 900, { detail: { expected: 12_000_000, actual: 12_000_000, lost: 0 } }),
  ],
  'browser-limit': [
    res('fetch-sequential', 12100),
    res('fetch-concurrent', 2030, { peakOnWire: 6 }),
    res('fetch-multiport', 540, { peakOnWire: 24 }),
    res('fetch-sharded', 530, { peakOnWire: 24 }),
  ],
  'uneven-work': [res('cpu-sequential', 3000, { checksum: 1 }), res('cpu-rayon', 1550, { checksum: 1 }), res('cpu-static-chunks', 2400, { checksum: 1 }), res('cpu-queue', 1560, { checksum: 1 })],
  'task-queue': [
    res('cpu-queue', 900, { checksum: 7 }),
    res('queue-broker', 1300, { checksum: 7, detail: { workers: [{ kind: 'browser', name: 'this page #1.ab', taken: 20 }, { kind: 'python', name: 'pid 9', taken: 4 }], redelivered: 1, brokerMsPerTask: 2.5 } }),
  ],
};

/** Each preset's report where the lesson fails, and what the check must say. */
const BAD = {
  'six-endpoints': [[res('fetch-sequential', 6040), res('fetch-concurrent', 5900)], /fetch-concurrent .* at least 3× faster than fetch-sequential/],
  'thousand-calls': [GOOD['thousand-calls'].map((r) => (r.strategy === 'fetch-sharded' ? { ...r, peakOnWire: 6 } : r)), /fetch-sharded should get past 6 on the wire, had 6/],
  // Threads that computed in parallel: the GIL model would have failed.
  'choosing-the-approach': [GOOD['choosing-the-approach'].map((r) => (r.strategy === 'cpu-threads-gil' ? { ...r, wallMs: 560 } : r)), /threads under the GIL should not speed up CPU work, measured 1.79×/],
  'fifty-pages': [GOOD['fifty-pages'].map((r) => (r.strategy === 'pipeline-overlapped' ? { ...r, wallMs: 16000 } : r)), /pipeline-overlapped .* at least 3× faster/],
  'pool-map-squares': [GOOD['pool-map-squares'].map((r) => (r.strategy === 'cpu-worker-per-task' ? { ...r, wallMs: 0.2 } : r)), /cpu-rayon .* faster than cpu-worker-per-task/],
  'repos-per-user': [GOOD['repos-per-user'].map((r) => (r.strategy === 'fetch-as-completed' ? { ...r, detail: { order: [0, 1, 2, 3, 4, 5, 6, 7] } } : r)), /fetch-as-completed should deliver as requests finish/],
  // The README's old picture: "race-unsynchronized: 12000000 of 12000000 (lost 0)".
  'race-condition': [GOOD['race-condition'].map((r) => (r.strategy === 'race-unsynchronized' ? { ...r, detail: { expected: 12_000_000, actual: 12_000_000, lost: 0 } } : r)), /race-unsynchronized should lose updates, lost 0 of 12000000/],
  'browser-limit': [GOOD['browser-limit'].map((r) => (r.strategy === 'fetch-concurrent' ? { ...r, wallMs: 560, peakOnWire: 24 } : r)), /fetch-concurrent should have at most 6 on the wire, had 24/],
  'uneven-work': [GOOD['uneven-work'].map((r) => (r.strategy === 'cpu-static-chunks' ? { ...r, wallMs: 1580 } : r)), /cpu-rayon .* at least 1.1× faster than cpu-static-chunks/],
  'task-queue': [GOOD['task-queue'].map((r) => (r.strategy === 'queue-broker' ? { ...r, checksum: 6 } : r)), /queue-broker's workers should compute what cpu-queue computes/],
};

test('every preset has a lesson check (its own, or its compare pair)', () => {
  for (const p of PRESETS) assert.ok(checkOf(p.id), p.id);
  assert.equal(checkOf('no-such-preset'), null);
  assert.match(lessonProblems('no-such-preset', report('six-endpoints', []))[0], /no lesson check/);
});

for (const [id, results] of Object.entries(GOOD)) {
  test(`${id}: the check passes when the lesson holds and fails, saying why, when it does not`, () => {
    assert.deepEqual(lessonProblems(id, report(id, results)), []);
    const [bad, says] = BAD[/** @type {keyof typeof BAD} */ (id)];
    const problems = lessonProblems(id, report(id, bad));
    assert.ok(problems.some((p) => says.test(p)), problems.join('\n'));
  });
}

test('a failed, cancelled or incomplete run fails every lesson', () => {
  const good = report('six-endpoints', GOOD['six-endpoints']);
  assert.deepEqual(lessonProblems('six-endpoints', { ...good, error: 'the pool did not start' }), ['the run failed: the pool did not start']);
  assert.deepEqual(lessonProblems('six-endpoints', { ...good, cancelled: true }), ['the run was cancelled']);
  assert.deepEqual(lessonProblems('six-endpoints', { ...good, results: good.results.slice(0, 1) }), ['no result for fetch-concurrent']);
  const failing = good.results.map((r) => (r.strategy === 'fetch-sequential' ? { ...r, failed: 2 } : r));
  assert.match(lessonProblems('six-endpoints', { ...good, results: failing })[0], /fetch-sequential: 2 failed/);
});

test("a preset without its own check is held to its compare pair (another engineer's new preset, say)", () => {
  const lesson = checkOf('new-preset', { compare: ['fetch-sequential', 'fetch-threads'] });
  assert.ok(lesson);
  assert.deepEqual(lesson.needs, ['fetch-sequential', 'fetch-threads']);
  const r = (/** @type {number} */ ms) => ({ 'fetch-sequential': res('fetch-sequential', 6000), 'fetch-threads': res('fetch-threads', ms) });
  assert.deepEqual(lesson.check(r(1000), {}).filter(Boolean), []);
  assert.match(String(lesson.check(r(5500), {})[0]), /fetch-threads .* at least 1.2× faster than fetch-sequential/);
  assert.equal(checkOf('new-preset', {}), null, 'no check and no pair: the script refuses it');
});

test('the seed box sentence comes from the measured numbers', () => {
  const six = lessonSentence('six-endpoints', report('six-endpoints', GOOD['six-endpoints']));
  assert.equal(six, 'fetch-concurrent took 1.01 s, 1.0× the 1000 ms each request waits, and fetch-sequential 6.04 s, 6.0×: fetch-concurrent is 6.0× faster: its waits overlapped.');
  const slower = lessonSentence('six-endpoints', report('six-endpoints', BAD['six-endpoints'][0]));
  assert.match(slower, /no faster here \(1\.0×\): its waits did not overlap/);
  assert.match(lessonSentence('race-condition', report('race-condition', GOOD['race-condition'])), /lost 5,000,000 of 12,000,000 increments \(41\.7%\).*race-atomic and race-mutex lost none/);
  assert.match(lessonSentence('race-condition', report('race-condition', BAD['race-condition'][0])), /lost no updates/);
  assert.match(lessonSentence('browser-limit', report('browser-limit', GOOD['browser-limit'])), /at most 6 on the wire to one host, so it took 2\.03 s; .* had 24 and took 540 ms/);
  assert.match(lessonSentence('uneven-work', report('uneven-work', GOOD['uneven-work'])), /cpu-rayon took 1\.55 s and cpu-static-chunks 2\.40 s: cpu-rayon is 1\.5× faster: work stealing/);
  assert.match(lessonSentence('task-queue', report('task-queue', GOOD['task-queue'])), /queue-broker 1\.30 s through Redis \(2\.5 ms of broker per task\), its tasks taken by this page: 20 tasks, python pid 9: 4 tasks; 1 redelivered/);
  // A hundred workers: six named, the rest counted.
  const many = GOOD['task-queue'].map((r) =>
    r.strategy === 'queue-broker'
      ? { ...r, detail: { ...r.detail, workers: Array.from({ length: 100 }, (_, i) => ({ kind: 'python', name: `pid ${i}`, taken: i < 6 ? 2 : 1 })) } }
      : r,
  );
  assert.match(lessonSentence('task-queue', report('task-queue', many)), /taken by python pid 0: 2 tasks, .*python pid 5: 2 tasks, 94 more workers: 94 tasks; 1 redelivered/);
  const seven = many.map((r) => (r.strategy === 'queue-broker' ? { ...r, detail: { ...r.detail, workers: r.detail.workers.slice(0, 7) } } : r));
  assert.match(lessonSentence('task-queue', report('task-queue', seven)), /python pid 5: 2 tasks, 1 more worker: 1 task; /);
  assert.match(lessonSentence('pool-map-squares', report('pool-map-squares', GOOD['pool-map-squares'])), /\[1, 4, 9, 16, 25\]; a Web Worker per task took 120 ms \(40 ms to start each\)/);
  assert.equal(lessonSentence('six-endpoints', report('six-endpoints', [])), '');
});

test('the sweep picture needs an ideal within the cores and a small serial share', () => {
  assert.deepEqual(sweepProblems({ serialFraction: 0.11, fitNote: 'fit on 1, 2 threads' }, [1, 2, 2], 2), []);
  const old = sweepProblems({ serialFraction: 0.33, fitNote: 'fit on 1, 2, 4 threads' }, [1, 2, 4], 2);
  assert.equal(old.length, 2);
  assert.match(old[0], /at most the 2 cores, reached 4\.00/);
  assert.match(old[1], /under 25% serial, found 33\.0%/);
  assert.match(sweepProblems({ serialFraction: null }, [1], 2)[0], /found no fit/);
});

test('the faults picture needs counts that add up, failures and a cancel', () => {
  const r = (/** @type {number} */ ok, /** @type {number} */ failed, /** @type {number} */ cancelled) => ({ strategy: 'fetch-bounded', wallMs: 1, ok, failed, cancelled, tasks: 60 });
  const base = { params: defaults(), env: {}, notes: [] };
  assert.deepEqual(faultsProblems({ ...base, cancelled: true, results: [r(20, 10, 30)] }), []);
  assert.match(faultsProblems({ ...base, cancelled: true, results: [r(20, 10, 20)] })[0], /is not its 60 tasks/);
  assert.deepEqual(faultsProblems({ ...base, cancelled: false, results: [r(50, 10, 0)] }), ['nothing was cancelled: the Cancel did not show']);
  assert.deepEqual(faultsProblems({ ...base, cancelled: true, results: [r(30, 0, 30)] }), ['no task failed: the errors, hangs and timeout did not show']);
});

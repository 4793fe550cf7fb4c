// Parameters that tie together (fault shares, per-family task limits) and values that cannot be
// repaired (a target that is not a URL), as the page normalises them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { normalize, targetProblem, PAGE_SLACK_BYTES } from '../../www/model/params.js';
import { htmlPage } from '../../server/mock-api.mjs';
import { FAMILIES, STRATEGIES } from '../../www/model/spec.js';

test('fault shares over 100% are reduced, last first, with a note', () => {
  const { params, notes } = normalize({ errors: 60, hangs: 30, slow: 20, drops: 10 });
  assert.deepEqual([params.errors, params.hangs, params.slow, params.drops], [60, 30, 10, 0]);
  assert.match(notes.join(' '), /more than 100% of the requests/);
  assert.deepEqual(normalize({ errors: 50, drops: 50 }).notes, []);
});

test('tasks are lowered to the limit of every family that runs', () => {
  assert.equal(normalize({ workload: 'cpu', tasks: 1_000_000 }).params.tasks, 1_000_000);
  const all = normalize({ workload: 'all', tasks: 1_000_000 });
  assert.equal(all.params.tasks, FAMILIES.fetch.maxTasks, 'the basics include fetch strategies');
  assert.match(all.notes.join(' '), new RegExp(`fetch strategies run at most ${FAMILIES.fetch.maxTasks} tasks`));
  assert.equal(normalize({ workload: 'race', tasks: 500 }).params.tasks, FAMILIES.race.maxTasks);
  assert.equal(normalize({ strategies: ['cpu-rayon'], tasks: 2_000_000 }).params.tasks, 1_000_000);
  // cpu-worker-per-task has a limit of its own: one Web Worker per task.
  const own = /** @type {number} */ (STRATEGIES['cpu-worker-per-task'].maxTasks);
  const workers = normalize({ strategies: ['cpu-rayon', 'cpu-worker-per-task'], tasks: own + 1 });
  assert.equal(workers.params.tasks, own);
  assert.match(workers.notes.join(' '), new RegExp(`cpu-worker-per-task runs at most ${own} tasks`));
  assert.equal(normalize({ strategies: ['cpu-rayon'], tasks: 100 }).params.tasks, 100);
});

test('a target that is not an http(s) URL is refused, not clamped', () => {
  for (const bad of ['not a url', 'example.com', 'ftp://example.com/', 'javascript:alert(1)', 'http://u:p@127.0.0.1:8790/api/delay']) {
    const { params, refused } = normalize({ target: bad });
    assert.equal(refused.length, 1, bad);
    assert.equal(params.target, bad.trim(), 'kept as typed, so it can be fixed');
    assert.notEqual(targetProblem(bad), '');
  }
  const ok = normalize({ target: ' https://example.com/data.json ' });
  assert.deepEqual(ok.refused, []);
  assert.equal(ok.params.target, 'https://example.com/data.json');
  assert.deepEqual(normalize({ target: '' }).refused, []);
  assert.match(targetProblem('https://user@example.com/'), /user name or password/);
  // Only runs that make requests need it: a CPU run with a half-typed URL goes ahead, with a note.
  const cpu = normalize({ workload: 'cpu', target: 'https://' });
  assert.deepEqual(cpu.refused, []);
  assert.match(cpu.notes.join(' '), /No strategy here makes requests/);
  assert.equal(normalize({ workload: 'pipeline', target: 'nope' }).refused.length, 1);
  assert.equal(targetProblem('https://example.com/a@b?c=d@e'), '', 'an @ in the path is fine');
});

test('settings that cannot apply are named: mock-API knobs with a target, faults in fetch-same-url', () => {
  const target = 'https://example.com/data.json';
  assert.deepEqual(normalize({ target }).notes, [], 'defaults say nothing');
  assert.match(normalize({ target, errors: 20, latency: 50 }).notes.join(' '), /latency, errors are made by the mock API/);
  assert.match(normalize({ target, strategies: ['fetch-multiport'] }).notes.join(' '), /every request goes to the target/);
  assert.match(normalize({ strategies: ['fetch-same-url'], hangs: 5 }).notes.join(' '), /fetch-same-url .* faults do not apply/);
  assert.deepEqual(normalize({ strategies: ['fetch-concurrent'], hangs: 5 }).notes, []);
});

test('pipeline-fetch-then-parse says in advance when its pages will not all fit', () => {
  const big = normalize({ workload: 'pipeline', strategies: ['pipeline-fetch-then-parse'], tasks: 1100, bytes: 1_048_576 });
  assert.match(big.notes.join(' '), /about 1,101 MiB, over the 512 MiB it may hold, so pages past that fail/);
  assert.equal(big.params.tasks, 1100, 'run as asked: the pages that fit are parsed');
  assert.deepEqual(normalize({ workload: 'pipeline', strategies: ['pipeline-fetch-then-parse'], tasks: 500, bytes: 1_048_576 }).notes, []);
  assert.deepEqual(normalize({ workload: 'pipeline', strategies: ['pipeline-overlapped'], tasks: 1100, bytes: 1_048_576 }).notes, [], 'it parses as pages arrive');
  // Exactly 512 pages of 1 MiB: the mock's pages run a little over 1 MiB, so the last ones will not fit.
  assert.match(normalize({ workload: 'pipeline', strategies: ['pipeline-fetch-then-parse'], tasks: 512, bytes: 1_048_576 }).notes.join(' '), /page not kept/);
  // The note speaks of the tasks that run: 200,000 asked for, 10,000 (the pipeline's limit) run.
  const clamped = normalize({ workload: 'pipeline', strategies: ['pipeline-fetch-then-parse'], tasks: 200_000, bytes: 100_000 });
  assert.equal(clamped.params.tasks, 10_000);
  assert.match(clamped.notes.join(' '), /10000 pages of about 100000 bytes come to about 963 MiB/);
});

test('a mock page runs at most PAGE_SLACK_BYTES over the bytes asked for', () => {
  for (const bytes of [0, 1, 100, 5_000, 65_536, 1_048_576]) {
    for (const task of [0, 1, 7, 999]) {
      const size = Buffer.byteLength(htmlPage(bytes, task));
      assert.ok(size >= bytes && size <= bytes + PAGE_SLACK_BYTES, `bytes ${bytes}, task ${task}: ${size}`);
    }
  }
});

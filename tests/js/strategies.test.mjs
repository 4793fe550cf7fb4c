import test from 'node:test';
import assert from 'node:assert/strict';
import {
  STRATEGIES, STRATEGY_IDS, FAMILIES, FAMILY_COLOURS, WORKLOADS, PRESETS, SPREADING, ONE_HOST_AT_ONCE, CPU_BASELINE, AMDAHL_FIT,
  usualFor, maxTasksOf, familyOf, sequentialOf, isSequential,
} from '../../www/model/spec.js';
import { idealOf } from '../../www/model/results.js';
import { SPEC } from '../../www/model/params.js';
import { checkOf } from '../../www/model/lessons.js';

test('every strategy in spec.json is complete: family, colour, the Python it models, what to expect', () => {
  for (const id of STRATEGY_IDS) {
    const info = STRATEGIES[id];
    assert.ok(id.startsWith(`${info.family}-`), id);
    assert.ok(info.models && info.python && info.expect, id);
    assert.ok(FAMILY_COLOURS[info.family], id);
  }
  assert.deepEqual(Object.keys(WORKLOADS), SPEC.workload.values, 'a workload entry per workload choice');
});

test('every workload runs the usual strategies of its families, in table order, and has some', () => {
  for (const [workload, { families }] of Object.entries(WORKLOADS)) {
    const expected = STRATEGY_IDS.filter((id) => STRATEGIES[id].usual && families.includes(STRATEGIES[id].family));
    assert.deepEqual(usualFor(workload), expected, workload);
    assert.ok(expected.length > 0, `${workload} runs nothing by default`);
    for (const family of families) assert.ok(FAMILIES[family], `${workload}: unknown family ${family}`);
  }
});

test("a strategy's task limit is the lower of its own and its family's", () => {
  for (const id of STRATEGY_IDS) {
    const limits = [STRATEGIES[id].maxTasks, FAMILIES[STRATEGIES[id].family].maxTasks].filter((m) => m != null);
    assert.equal(maxTasksOf(id), limits.length ? Math.min(...limits) : undefined, id);
  }
});

test("a strategy's baseline is its own family's sequential strategy, where the family has one", () => {
  for (const id of STRATEGY_IDS) {
    const baseline = sequentialOf(id);
    if (baseline === undefined) {
      assert.ok(!STRATEGY_IDS.some((s) => familyOf(s) === familyOf(id) && isSequential(s)), `${id}: its family has a sequential strategy`);
      continue;
    }
    assert.equal(familyOf(baseline), familyOf(id), id);
    assert.ok(isSequential(baseline), id);
    assert.equal(STRATEGIES[baseline].ideal?.inFlight ?? STRATEGIES[baseline].ideal?.threads ?? 'one', 'one', `${baseline} runs one task at a time`);
  }
  assert.equal(familyOf('no-such-thing'), undefined);
});

test("the page's per-strategy fields in spec.json name what the page reads, once where it needs one", () => {
  const one = (/** @type {string} */ field) => STRATEGY_IDS.filter((id) => /** @type {Record<string, unknown>} */ (STRATEGIES[id])[field]);
  // The worker hands the CPU baseline's time to the CPU ideals after it: a CPU strategy that runs anywhere.
  assert.equal(one('cpuBaseline').length, 1);
  assert.equal(CPU_BASELINE, one('cpuBaseline')[0]);
  assert.equal(familyOf(CPU_BASELINE ?? ''), 'cpu');
  assert.equal(STRATEGIES[CPU_BASELINE ?? ''].needsPool, false);
  assert.equal(sequentialOf(CPU_BASELINE ?? ''), CPU_BASELINE, 'the CPU baseline is the CPU family\'s sequential strategy');
  // The sweep fits Amdahl's law to one CPU strategy that spreads over the pool.
  assert.equal(one('amdahlFit').length, 1);
  assert.equal(AMDAHL_FIT, one('amdahlFit')[0]);
  assert.equal(familyOf(AMDAHL_FIT ?? ''), 'cpu');
  assert.equal(STRATEGIES[AMDAHL_FIT ?? ''].ideal?.threads, 'pool');
  // The per-host cap's lesson: one fetch strategy starting every request at once.
  assert.equal(one('meetsHostCap').length, 1);
  assert.equal(ONE_HOST_AT_ONCE, one('meetsHostCap')[0]);
  assert.deepEqual(STRATEGIES[ONE_HOST_AT_ONCE ?? ''].ideal, { model: 'requests', inFlight: 'all' });
  // Past the cap: fetch strategies spread over ports or host names.
  assert.deepEqual(SPREADING, one('spreadsOver'));
  assert.ok(SPREADING.length > 0);
  for (const id of SPREADING) {
    assert.equal(familyOf(id), 'fetch', id);
    assert.ok(['ports', 'hosts'].includes(String(STRATEGIES[id].spreadsOver)), id);
  }
  for (const id of one('oneUrl')) assert.equal(STRATEGIES[id].ideal?.model, 'one-url', id);
  for (const id of one('workerKind')) assert.ok(['threads', 'processes'].includes(String(STRATEGIES[id].workerKind)), id);
  for (const id of one('holdsEveryPage')) assert.equal(familyOf(id), 'pipeline', id);
});

test('every preset names known strategies and parameters', () => {
  for (const preset of PRESETS) {
    for (const id of /** @type {string[]} */ (preset.params.strategies ?? [])) assert.ok(STRATEGIES[id], `${preset.id}: ${id}`);
    for (const id of preset.compare ?? []) assert.ok(STRATEGIES[id], `${preset.id}: ${id}`);
    if (preset.compare) assert.equal(preset.compare.length, 2, `${preset.id}: compare names a pair`);
    for (const name of Object.keys(preset.params)) assert.ok(SPEC[name], `${preset.id}: ${name}`);
    const check = checkOf(preset.id, preset);
    assert.ok(check, `${preset.id}: no lesson check and no compare pair`);
    const listed = /** @type {string[]} */ (preset.params.strategies ?? []);
    const runs = listed.length ? listed : usualFor(String(preset.params.workload ?? 'all'));
    for (const id of check.needs) assert.ok(runs.includes(id), `${preset.id}: its lesson needs ${id}, which the preset does not run`);
  }
});

test('a result shows the ideal the core gave it, and none when it was stopped', () => {
  assert.equal(idealOf({ idealMs: 6420 }), 6420);
  assert.equal(idealOf({ idealMs: null }), null);
  assert.equal(idealOf({}), null, 'a result saved before results carried one');
  assert.equal(idealOf({ idealMs: 6000, cancelled: 3 }), null);
  assert.equal(idealOf({ idealMs: 6000, interrupted: true }), null);
  assert.equal(idealOf({ idealMs: 6000, cancelled: 0 }), 6000);
});

import test from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGIES, STRATEGY_IDS, FAMILY_COLOURS, WORKLOADS, PRESETS, usualFor, maxTasksOf, familyOf, sequentialOf, isSequential } from '../../www/model/spec.js';
import { idealOf } from '../../www/model/results.js';
import { SPEC } from '../../www/model/params.js';

test('every strategy in spec.json is complete: family, colour, the Python it models, what to expect', () => {
  for (const id of STRATEGY_IDS) {
    const info = STRATEGIES[id];
    assert.ok(id.startsWith(`${info.family}-`), id);
    assert.ok(info.models && info.python && info.expect, id);
    assert.ok(FAMILY_COLOURS[info.family], id);
  }
  assert.deepEqual(Object.keys(WORKLOADS), SPEC.workload.values, 'a workload entry per workload choice');
});

test('usual sets and task limits come from the table', () => {
  assert.deepEqual(usualFor('all'), ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'cpu-sequential', 'cpu-rayon']);
  assert.deepEqual(usualFor('race'), ['race-unsynchronized', 'race-atomic', 'race-mutex']);
  assert.equal(maxTasksOf('cpu-worker-per-task'), 64);
  assert.equal(maxTasksOf('fetch-map'), 100_000);
  assert.equal(maxTasksOf('cpu-rayon'), undefined);
});

test('family lookups: the family of a strategy and the sequential baseline of that family', () => {
  assert.equal(familyOf('pipeline-fetch-then-parse'), 'pipeline');
  assert.equal(familyOf('no-such-thing'), undefined);
  assert.equal(sequentialOf('fetch-map'), 'fetch-sequential');
  assert.equal(sequentialOf('cpu-worker-per-task'), 'cpu-sequential');
  assert.equal(sequentialOf('race-atomic'), undefined, 'the race family has no sequential strategy');
  assert.deepEqual(STRATEGY_IDS.filter(isSequential), ['fetch-sequential', 'cpu-sequential', 'pipeline-sequential']);
});

test('every preset names known strategies and parameters', () => {
  for (const preset of PRESETS) {
    for (const id of /** @type {string[]} */ (preset.params.strategies ?? [])) assert.ok(STRATEGIES[id], `${preset.id}: ${id}`);
    for (const id of preset.compare ?? []) assert.ok(STRATEGIES[id], `${preset.id}: ${id}`);
    for (const name of Object.keys(preset.params)) assert.ok(SPEC[name], `${preset.id}: ${name}`);
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

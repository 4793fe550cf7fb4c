// Log-scale sliders (www/model/scale.js) and the controls each family reads (spec.json's
// families.*.params, read by www/model/spec.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { gridOf, positionOf, valueAt, stepFrom, lastPosition, isLog } from '../../www/model/scale.js';
import { PARAMS, FAMILIES, paramsUsedBy } from '../../www/model/spec.js';

const tasks = PARAMS.tasks;

test('spec.json marks the wide ranges as log scale, and only those', () => {
  const log = Object.keys(PARAMS).filter((n) => isLog(PARAMS[n]));
  assert.deepEqual(log.sort(), ['bytes', 'latency', 'reclaimMs', 'tasks', 'timeout', 'work']);
});

test('tasks 6, 24 and 1000 sit at visibly different places (they sat at 0.000, 0.000, 0.001 of a linear slider)', () => {
  const at = (/** @type {number} */ v) => positionOf(tasks, v) / lastPosition(tasks);
  const [six, twentyFour, thousand] = [6, 24, 1000].map(at);
  assert.ok(Math.abs(six - 5 / 54) < 1e-9, `6 at ${six}`);
  assert.ok(Math.abs(twentyFour - 10.4 / 54) < 1e-9, `24 at ${twentyFour}`);
  assert.ok(Math.abs(thousand - 27 / 54) < 1e-9, `1000 at ${thousand}`);
  // At least 5% of the slider's width apart: on a 300 px slider, 15 px.
  assert.ok(twentyFour - six > 0.05 && thousand - twentyFour > 0.05);
});

test('every decade takes the same width', () => {
  const widths = [1, 10, 100, 1000, 10000, 100000].map((d) => positionOf(tasks, d * 10) - positionOf(tasks, d));
  assert.deepEqual(widths, [9, 9, 9, 9, 9, 9]);
  assert.deepEqual(gridOf(tasks).slice(0, 12), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30]);
});

test('0 stays reachable at the leftmost position where the range starts at 0', () => {
  for (const name of ['latency', 'bytes', 'timeout']) {
    assert.equal(valueAt(PARAMS[name], 0), 0, name);
    assert.equal(positionOf(PARAMS[name], 0), 0, name);
    assert.equal(valueAt(PARAMS[name], 1), 1, name);
  }
});

test('both ends are exact, whatever the max', () => {
  for (const name of ['tasks', 'latency', 'bytes', 'timeout', 'work']) {
    const spec = PARAMS[name];
    assert.equal(valueAt(spec, lastPosition(spec)), spec.max, name);
    assert.equal(valueAt(spec, 0), spec.min, name);
    assert.equal(positionOf(spec, spec.max), lastPosition(spec), name);
  }
  assert.equal(valueAt(PARAMS.bytes, lastPosition(PARAMS.bytes) - 1), 1_000_000);
});

test('a position never rounds a typed value: positions are derived from values, and grid values map back exactly', () => {
  for (const v of gridOf(tasks)) assert.equal(valueAt(tasks, positionOf(tasks, v)), v);
  // 24 is not on the grid: its position lies between 20's and 30's, and the value stays 24 in the params.
  const p = positionOf(tasks, 24);
  assert.ok(p > positionOf(tasks, 20) && p < positionOf(tasks, 30));
  assert.equal(valueAt(tasks, 2.4), 3, 'a dragged thumb lands on the nearest grid value');
});

test('arrow keys step to the next round value, page keys by a decade', () => {
  assert.equal(stepFrom(tasks, 24, 'ArrowRight'), 30);
  assert.equal(stepFrom(tasks, 24, 'ArrowLeft'), 20);
  assert.equal(stepFrom(tasks, 20, 'ArrowUp'), 30);
  assert.equal(stepFrom(tasks, 9, 'ArrowUp'), 10);
  assert.equal(stepFrom(tasks, 10, 'ArrowDown'), 9);
  assert.equal(stepFrom(tasks, 6, 'PageUp'), 60);
  assert.equal(stepFrom(tasks, 1, 'ArrowDown'), 1, 'stops at the end');
  assert.equal(stepFrom(tasks, 1_000_000, 'ArrowUp'), 1_000_000);
  assert.equal(stepFrom(tasks, 500, 'Home'), 1);
  assert.equal(stepFrom(tasks, 500, 'End'), 1_000_000);
  assert.equal(stepFrom(PARAMS.latency, 1, 'ArrowLeft'), 0);
  assert.equal(stepFrom(tasks, 500, 'a'), null);
});

test('each family lists the parameters it reads, all of them real parameters', () => {
  for (const [name, f] of Object.entries(FAMILIES)) {
    assert.ok(f.params.length, name);
    for (const p of f.params) assert.ok(PARAMS[p], `${name} reads unknown ${p}`);
  }
});

test('the chosen strategies decide the controls: the race shows no latency, the pipeline no kernel', () => {
  const race = paramsUsedBy(['race-unsynchronized', 'race-atomic', 'race-mutex']);
  assert.deepEqual([...race.keys()], ['workload', 'strategies', 'tasks', 'work', 'repeat']);
  assert.equal(race.get('tasks')?.label, 'Workers');
  assert.equal(race.get('work')?.unit, 'k increments');
  assert.match(String(race.get('work')?.help), /adds 1 to the shared counter/);
  assert.equal(paramsUsedBy(['cpu-rayon']).get('work')?.help, PARAMS.work.help);
  const pipeline = paramsUsedBy(['pipeline-sequential']);
  assert.ok(!pipeline.has('kernel') && !pipeline.has('threads') && !pipeline.has('work'));
  assert.ok(['tasks', 'latency', 'concurrency', 'bytes'].every((n) => pipeline.has(n)));
  assert.equal(pipeline.get('tasks')?.label, 'Pages');
  const cpu = paramsUsedBy(['cpu-rayon']);
  assert.ok(['kernel', 'tasks', 'work', 'threads'].every((n) => cpu.has(n)) && !cpu.has('latency') && !cpu.has('timeout'));
  // Fetch and CPU together: both sets, and the shared parameter keeps its own name.
  const both = paramsUsedBy(['fetch-sequential', 'cpu-rayon']);
  assert.ok(both.has('latency') && both.has('kernel') && both.has('errors'));
  // A race and a CPU run name tasks differently: the general name is used.
  assert.equal(paramsUsedBy(['race-atomic', 'cpu-rayon']).get('tasks')?.label, PARAMS.tasks.label);
});

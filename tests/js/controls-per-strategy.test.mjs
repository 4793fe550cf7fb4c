// A control shows only for the strategies that read it (spec.json's families.*.onlyFor), and
// every family says what its controls mean (families.*.help).
import test from 'node:test';
import assert from 'node:assert/strict';
import { FAMILIES, STRATEGIES, paramsUsedBy } from '../../www/model/spec.js';

test('Concurrency k and max_workers show only with a fetch strategy that reads them', () => {
  const plain = paramsUsedBy(['fetch-sequential', 'fetch-concurrent', 'fetch-multiport']);
  assert.ok(plain.has('latency') && !plain.has('concurrency') && !plain.has('maxWorkers'));
  assert.ok(paramsUsedBy(['fetch-sequential', 'fetch-bounded']).has('concurrency'));
  assert.ok(!paramsUsedBy(['fetch-bounded']).has('maxWorkers'));
  const executors = paramsUsedBy(['fetch-threads', 'fetch-processes']);
  assert.ok(executors.has('maxWorkers') && !executors.has('concurrency'));
  // The pipeline reads concurrency whatever the fetch strategies chosen beside it.
  assert.ok(paramsUsedBy(['fetch-sequential', 'pipeline-overlapped']).has('concurrency'));
});

test('onlyFor names the family’s own strategies and parameters; every family has help', () => {
  for (const [name, f] of Object.entries(FAMILIES)) {
    assert.ok(f.help && f.help.length > 40, `${name} says what its controls mean`);
    for (const [param, ids] of Object.entries(f.onlyFor ?? {})) {
      assert.ok(f.params.includes(param), `${name}.onlyFor.${param} is one of its params`);
      for (const id of ids) assert.equal(STRATEGIES[id]?.family, name, `${name}.onlyFor.${param}: ${id} is a ${name} strategy`);
    }
  }
});

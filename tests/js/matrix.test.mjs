import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matrixOf } from '../../www/model/matrix.js';
import { PRESETS } from '../../www/model/spec.js';

const spec = PRESETS.find((p) => p.id === 'choosing-the-approach')?.matrix;
const done = (strategy, wallMs) => ({ strategy, wallMs, ok: 6, tasks: 6 });

test('the preset has a 2 x 4 matrix of the seed-001 strategies, one rule per row', () => {
  assert.ok(spec);
  assert.deepEqual(spec.columns, ['sequential', 'threads (GIL)', 'processes', 'event loop']);
  assert.deepEqual(spec.rows.map((r) => r.strategies), [
    ['fetch-sequential', 'fetch-threads', 'fetch-processes', 'fetch-concurrent'],
    ['cpu-sequential', 'cpu-threads-gil', 'cpu-rayon', 'cpu-event-loop'],
  ]);
  const preset = PRESETS.find((p) => p.id === 'choosing-the-approach');
  assert.deepEqual([...preset.params.strategies].sort(), spec.rows.flatMap((r) => r.strategies).sort());
  for (const row of spec.rows) assert.match(row.rule, /\.$/);
});

test('each cell has its speedup against the row’s sequential cell, and the fastest wins', () => {
  const m = matrixOf(spec, [
    done('fetch-sequential', 3000), done('fetch-threads', 520), done('fetch-processes', 690), done('fetch-concurrent', 505),
    done('cpu-sequential', 1000), done('cpu-threads-gil', 1030), done('cpu-rayon', 520), done('cpu-event-loop', 1001),
  ]);
  assert.ok(m);
  const [io, cpu] = m.rows;
  assert.equal(io.winner, 'fetch-concurrent');
  assert.equal(cpu.winner, 'cpu-rayon');
  assert.deepEqual(io.cells.map((c) => c.speedup?.toFixed(2)), ['1.00', '5.77', '4.35', '5.94']);
  assert.deepEqual(cpu.cells.filter((c) => c.winner).map((c) => c.column), ['processes']);
  assert.equal(cpu.rule, spec.rows[1].rule);
});

test('a failed or cancelled run neither wins nor gets a speedup; no matching results, no matrix', () => {
  const m = matrixOf(spec, [
    done('fetch-sequential', 3000),
    { strategy: 'fetch-threads', wallMs: 100, ok: 3, tasks: 6 },
    done('fetch-concurrent', 600),
  ]);
  assert.ok(m);
  const [io, cpu] = m.rows;
  assert.equal(io.winner, 'fetch-concurrent');
  assert.equal(io.cells[1].speedup, null);
  assert.equal(io.cells[2].wallMs, null, 'not run');
  assert.equal(cpu.winner, null);
  assert.equal(matrixOf(spec, [done('race-atomic', 1)]), null);
  assert.equal(matrixOf(undefined, [done('fetch-sequential', 1)]), null);
});

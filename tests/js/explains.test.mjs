// The seed box's sentence about this run on this machine (www/explains.js): the same preset
// run on a 2-core and on a 16-core machine says each machine's cores, Python's default for
// them and that run's numbers; and spec.json's own text claims no figure from elsewhere as here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { thisRunExplains, pythonThreads, rounds } from '../../www/model/explains.js';
import { PRESETS, presetById } from '../../www/model/presets.js';
import { defaults } from '../../www/model/params.js';

/** @param {string} strategy @param {number} wallMs @param {Record<string, unknown>} [detail] */
const res = (strategy, wallMs, detail) => ({ strategy, wallMs, ok: 1, failed: 0, cancelled: 0, tasks: 1, ...(detail ? { detail } : {}) });

/** A preset's report as a machine with `cores` cores measured it. @param {string} id @param {number} cores @param {any[]} results */
const report = (id, cores, results) => ({
  params: { ...defaults(), ...presetById(id)?.params },
  env: { crossOriginIsolated: true, hardwareConcurrency: cores, poolThreads: cores, browser: 'test' },
  results,
  notes: [],
  cancelled: false,
  preset: id,
});

const preset = (/** @type {string} */ id) => /** @type {import('../../www/model/spec.js').Preset} */ (presetById(id));

test("Python's defaults and the rounds", () => {
  assert.equal(pythonThreads(2), 6);
  assert.equal(pythonThreads(8), 12);
  assert.equal(pythonThreads(16), 20);
  assert.equal(pythonThreads(64), 32);
  assert.equal(rounds(1000, 6), 167);
  assert.equal(rounds(1000, 12), 84);
});

test('thousand-calls on 2 and on 16 cores: each machine its own default, rounds and numbers', () => {
  const two = thisRunExplains(preset('thousand-calls'), report('thousand-calls', 2, [
    res('fetch-sequential', 15560), res('fetch-threads', 4360, { workers: 6 }), res('fetch-processes', 9860, { workers: 2 }),
  ]), 2);
  assert.match(two, /This machine reports 2 cores/);
  assert.match(two, /min\(32, 2 \+ 4\) = 6 threads: ⌈1000 \/ 6⌉ = 167 rounds of 10 ms/);
  assert.match(two, /fetch-threads \(6 threads\) 4\.36 s against fetch-sequential’s 15\.56 s \(3\.6×\), 26 ms a round/);
  assert.match(two, /fetch-processes, with 2 processes, 9\.86 s/);
  assert.doesNotMatch(two, /keeps at most 6 connections/);
  const sixteen = thisRunExplains(preset('thousand-calls'), report('thousand-calls', 16, [
    res('fetch-sequential', 12000), res('fetch-threads', 2000, { workers: 20 }), res('fetch-processes', 3000, { workers: 16 }),
  ]), 16);
  assert.match(sixteen, /This machine reports 16 cores/);
  assert.match(sixteen, /min\(32, 16 \+ 4\) = 20 threads, but the browser keeps at most 6 connections to one host/);
  assert.match(sixteen, /⌈1000 \/ 6⌉ = 167 rounds/);
  assert.match(sixteen, /fetch-threads \(20 threads\) 2\.00 s against fetch-sequential’s 12\.00 s \(6\.0×\)/);
  assert.match(sixteen, /fetch-processes, with 16 processes, 3\.00 s/);
  assert.doesNotMatch(sixteen, /2 cores|2 \+ 4/);
});

test('six-endpoints on 2 and on 16 cores: os.cpu_count() workers, and this run’s start-ups', () => {
  const results = [res('fetch-sequential', 6010), res('fetch-concurrent', 1005), res('fetch-threads', 1040, { workers: 6 }),
    res('fetch-processes', 1250, { workers: 6, startupMs: [120, 236, 150, 180, 200, 130], maxStartupMs: 236 })];
  const two = thisRunExplains(preset('six-endpoints'), report('six-endpoints', 2, results), 2);
  assert.match(two, /reports 2 cores, so ProcessPoolExecutor\(\) would start os\.cpu_count\(\) = 2 workers: ⌈6 \/ 2⌉ = 3 rounds of 1\.00 s; the preset sets max_workers = 6/);
  assert.match(two, /fetch-threads 1\.04 s, fetch-processes 1\.25 s with start-ups of 120 ms–236 ms per worker: 210 ms more, for starting its 6 processes/);
  const sixteen = thisRunExplains(preset('six-endpoints'), report('six-endpoints', 16, results), 16);
  assert.match(sixteen, /os\.cpu_count\(\) = 16 workers, enough for all 6 requests at once/);
});

test('choosing-the-approach on 2 and on 16 cores: the most processes can gain, and this run’s matrix', () => {
  const results = [res('fetch-sequential', 3060), res('fetch-threads', 520), res('fetch-processes', 643, { workers: 6, maxStartupMs: 129 }),
    res('fetch-concurrent', 521), res('cpu-sequential', 1000), res('cpu-threads-gil', 1030), res('cpu-rayon', 550), res('cpu-event-loop', 935)];
  const two = thisRunExplains(preset('choosing-the-approach'), report('choosing-the-approach', 2, results), 2);
  assert.match(two, /reports 2 cores, so processes can compute 6 equal tasks at most 6 \/ ⌈6 \/ 2⌉ = 2\.0× faster/);
  assert.match(two, /I\/O — sequential 3\.06 s, threads 520 ms, processes 643 ms \(start-up up to 129 ms\), event loop 521 ms; CPU — threads under the GIL 0\.97×, processes \(the pool\) 1\.82×, event loop 1\.07×/);
  const sixteen = thisRunExplains(preset('choosing-the-approach'), report('choosing-the-approach', 16, results), 16);
  assert.match(sixteen, /reports 16 cores, so processes can compute 6 equal tasks at most 6 \/ ⌈6 \/ 16⌉ = 6\.0× faster/);
});

test('before a run the sentence says the cores and the formula only; other presets say nothing', () => {
  const before = thisRunExplains(preset('thousand-calls'), null, 8);
  assert.match(before, /min\(32, 8 \+ 4\) = 12 threads, but the browser keeps at most 6/);
  assert.doesNotMatch(before, /This run/);
  // Another preset's report is not this preset's run.
  assert.doesNotMatch(thisRunExplains(preset('six-endpoints'), report('thousand-calls', 4, [res('fetch-threads', 10)]), 4), /This run/);
  assert.equal(thisRunExplains(preset('race-condition'), null, 8), '');
  assert.equal(thisRunExplains(preset('thousand-calls'), null, 0), '');
});

test('spec.json never calls a figure from another machine "here"', () => {
  for (const p of PRESETS) {
    for (const field of ['explains', 'shows', 'published']) {
      const text = /** @type {any} */ (p)[field] ?? '';
      assert.doesNotMatch(text, /\bhere\b|this machine/i, `${p.id}.${field} says "here" or "this machine": ${text}`);
    }
    if (p.explains && /\d{4}-\d{2}-\d{2}/.test(p.explains)) assert.match(p.explains, /2-core test machine \(2026-12-01/, `${p.id}.explains names the machine and date of its figures`);
  }
});

import test from 'node:test';
import assert from 'node:assert/strict';
import { toTrace } from '../../www/model/trace.js';

const report = {
  results: [
    {
      strategy: 'fetch-concurrent',
      wallMs: 30,
      failures: [{ reason: 'HTTP 500 Internal Server Error', count: 1, tasks: [1] }],
      spans: [
        { task: 0, lane: 0, startMs: 0, endMs: 10, ok: true, sentMs: 4, receivedMs: 9 },
        { task: 1, lane: 1, startMs: 0, endMs: 12, ok: false },
        { task: 2, lane: 0, startMs: 10, endMs: 10, ok: false, cancelled: true },
      ],
    },
    {
      strategy: 'pipeline-overlapped',
      wallMs: 20,
      spans: [
        { task: 0, lane: 0, startMs: 0, endMs: 8, ok: true, phase: 'fetch' },
        { task: 0, lane: 0, startMs: 8, endMs: 11, ok: true, phase: 'parse' },
      ],
    },
  ],
};

test('a report becomes Chrome Trace Event Format: processes, named threads, complete events in µs', () => {
  const { traceEvents } = toTrace(report);
  for (const e of traceEvents) {
    assert.ok(typeof e.name === 'string' && Number.isInteger(e.pid) && Number.isInteger(e.tid), JSON.stringify(e));
    assert.ok(e.ph === 'X' || e.ph === 'M', e.ph);
    if (e.ph === 'X') assert.ok(e.ts >= 0 && e.dur >= 0, JSON.stringify(e));
  }
  const meta = traceEvents.filter((e) => e.ph === 'M');
  assert.deepEqual(meta.filter((e) => e.name === 'process_name').map((e) => e.args.name), ['fetch-concurrent', 'pipeline-overlapped']);
  assert.deepEqual(meta.filter((e) => e.name === 'thread_name' && e.pid === 2).map((e) => e.args.name), ['fetch lane 0', 'parse lane 0']);
  const ok = traceEvents.find((e) => e.name === 'task 0' && e.pid === 1);
  assert.deepEqual([ok.ts, ok.dur, ok.args.status], [4000, 6000, 'ok']);
  const queued = traceEvents.find((e) => e.name === 'task 0 queued in the browser');
  assert.deepEqual([queued.ts, queued.dur, queued.tid], [0, 4000, ok.tid]);
  const failed = traceEvents.find((e) => e.name === 'task 1');
  assert.deepEqual(failed.args, { task: 1, status: 'failed', reason: 'HTTP 500 Internal Server Error' });
  assert.equal(traceEvents.find((e) => e.name === 'task 2').args.status, 'cancelled');
});

test('every span is in the trace, and events on one thread never overlap', () => {
  const { traceEvents } = toTrace(report);
  const tasks = traceEvents.filter((e) => e.ph === 'X' && !e.name.endsWith('queued in the browser'));
  assert.equal(tasks.length, report.results.flatMap((r) => r.spans).length);
  const byThread = new Map();
  for (const e of traceEvents.filter((x) => x.ph === 'X')) {
    const key = `${e.pid}:${e.tid}`;
    byThread.set(key, [...(byThread.get(key) ?? []), e]);
  }
  for (const events of byThread.values()) {
    events.sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < events.length; i++) assert.ok(events[i].ts >= events[i - 1].ts + events[i - 1].dur, 'nested or apart');
  }
  assert.ok(JSON.parse(JSON.stringify(toTrace(report))).traceEvents.length > 0, 'plain JSON');
});

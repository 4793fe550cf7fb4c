// A joined tab takes I/O tasks too (the bench's scale-out rows send them): each is one GET to its
// own site's mock API, awaited on its worker's event loop, at most as many at once as its pool
// has threads. The producer here is this test, on the server's Redis, as the bench's is.
import { test, expect } from './fixtures.mjs';
import { brokerClient, createRun, followRun } from '../../server/queue/broker.mjs';

test('a joined tab answers I/O tasks with the body size, as many at once as its pool has threads', async ({ page, baseURL }) => {
  await page.goto('/?join=1');
  await expect(page.locator('#join-status')).toContainText('is a worker of the task queue');
  const threads = await page.evaluate(() => window.playground.ready);
  /** @type {{ redis: string }} */
  const info = await (await fetch(`${baseURL}/api/queue`)).json();
  const location = { url: info.redis, socket: info.redis.startsWith('unix://') ? info.redis.slice('unix://'.length) : null };
  const [client, reader] = [brokerClient(location), brokerClient(location)];
  try {
    const tasks = 6;
    const descriptors = Array.from({ length: tasks }, (_, task) => ({ kind: 'io', latencyMs: 300, bytes: 1000 + task, task, tasks }));
    const run = await createRun(client, descriptors, { reclaimMs: 30_000 });
    const s = await followRun(reader, run, tasks);
    expect({ ok: s.ok, failed: s.failed, duplicates: s.duplicates }).toEqual({ ok: tasks, failed: 0, duplicates: 0 });
    expect(s.results.map((/** @type {{ value: string }} */ r) => r.value)).toEqual(descriptors.map((d) => String(d.bytes)));
    const done = s.deliveries.filter((/** @type {{ status: string }} */ d) => d.status === 'ok');
    expect(done.every((/** @type {{ worker: string }} */ d) => d.worker.includes('joined tab'))).toBe(true);
    // The most deliveries in flight at any moment: the tab's slots, all used. A delivery's start
    // is the broker's estimate (now minus idle, in whole ms), up to 1 ms early: a task taken the
    // moment another ended may seem to begin 1 ms before that end.
    const inFlight = Math.max(...done.map((/** @type {{ delivered: number }} */ a) =>
      done.filter((/** @type {{ delivered: number, ended: number }} */ b) => b.delivered <= a.delivered && a.delivered + 1 < b.ended).length));
    expect(inFlight).toBe(Math.min(threads, tasks));
    await expect(page.locator('#join-tasks li', { hasText: 'took task' })).toHaveCount(tasks);
    await expect(page.locator('#join-tasks li').last()).toContainText('300 ms request');
  } finally {
    client.disconnect();
    reader.disconnect();
  }
});

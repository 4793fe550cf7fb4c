// Section `pipeline`: seed 003's pages fetched and parsed, sequentially and the two overlapped
// ways, when the page has the pipeline strategies.
import { playground, hasStrategy } from '../lib/contenders.mjs';
import { rounds, stat, sameWork, rawSamples } from '../lib/measure.mjs';
import { compare, unavailable } from '../lib/report.mjs';
import { single, fmt } from '../lib/stats.mjs';

const IDS = ['pipeline-sequential', 'pipeline-fetch-then-parse', 'pipeline-overlapped'];

/** @param {import('../lib/session.mjs').Context} ctx */
export async function measure(ctx) {
  const { tasks, latency, concurrency: k, bytes } = ctx.cfg.pipeline;
  const label = `${tasks} pages (${fmt(bytes / 1000)} kB, ${latency} ms) fetched + parsed`;
  if (!IDS.every((id) => hasStrategy(ctx, id))) {
    ctx.rows.push(unavailable({ id: 'io.pipeline', section: 'I/O', label }, 'skipped', 'the page has no pipeline strategies yet'));
    return;
  }
  const samples = await rounds(`pipeline ${label}`, ctx.cfg.pipeline, {
    page: () => playground(ctx, IDS, { workload: 'pipeline', tasks, latency, bytes, concurrency: k }),
  });
  sameWork(samples, IDS);
  ctx.raw.pipeline = rawSamples(samples);
  const seq = { label: 'pipeline-sequential', stat: stat(samples, 'pipeline-sequential') };
  ctx.rows.push(
    compare({
      id: 'io.pipeline.sequential',
      section: 'I/O',
      label: `seed 003: ${label}, pipeline-sequential`,
      ours: seq,
      peer: { label: `fetch alone ${tasks}·${latency}`, stat: single(tasks * latency, 'ms') },
      of: 'fetch time',
    }),
    ...IDS.slice(1).map((id) =>
      compare({
        id: `io.pipeline.${id}`,
        section: 'I/O',
        label: `seed 003: ${label}, ${id} (k = ${k}) vs pipeline-sequential`,
        ours: { label: id, stat: stat(samples, id) },
        peer: seq,
      }),
    ),
  );
}

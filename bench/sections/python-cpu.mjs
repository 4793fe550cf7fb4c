// Section `python-cpu`: cpu-rayon against the seeds' process pools (multiprocessing.Pool,
// ProcessPoolExecutor) on the same kernel and tasks as the `cpu` section.
import { playground, python } from '../lib/contenders.mjs';
import { rounds, series, stat, sameWork } from '../lib/measure.mjs';
import { compare } from '../lib/report.mjs';
import { say } from '../lib/log.mjs';

/** @param {import('../lib/session.mjs').Context} ctx */
export async function measure(ctx) {
  const { tasks, work } = ctx.cfg.cpu;
  const { repeats, warmup } = ctx.cfg.pythonCpu;
  // Ours are the CPU section's cpu-rayon runs; run alone, this section measures them first.
  const samples = ctx.cpuSamples
    ? new Map(ctx.cpuSamples)
    : await rounds(`cpu (${tasks} tasks x ${work}k numbers)`, ctx.cfg.cpu, {
        rayon: () => playground(ctx, ['cpu-rayon'], { workload: 'cpu', kernel: 'primes', tasks, work }),
      });
  say(`cpu vs Python: multiprocessing.Pool and ProcessPoolExecutor, ${warmup + repeats} runs each`);
  // Each pool is started and warmed before timing, as our pool is (start-up is in raw.pythonCpu).
  const py = await python(ctx, 'cpu_pool.py', {
    tasks, work, processes: ctx.P, repeats, warmup, methods: 'pool,executor',
  });
  ctx.raw.pythonCpu = py;
  for (const [method, r] of Object.entries(py.results)) samples.set(`py:${method}`, series(r.runs_ms, r.checksum));
  sameWork(samples, ['cpu-rayon', 'py:pool', 'py:executor']);
  const par = { label: 'cpu-rayon', stat: stat(samples, 'cpu-rayon') };
  const target = { text: '≥ 10x faster', minSpeedup: 10 };
  ctx.rows.push(
    compare({
      id: 'cpu.vs-python-pool',
      section: 'CPU',
      label: `cpu-rayon vs Python multiprocessing.Pool(${ctx.P}).map (same kernel, ${tasks} tasks x ${work}k numbers)`,
      ours: par,
      peer: { label: 'Pool.map', stat: stat(samples, 'py:pool') },
      target,
    }),
    compare({
      id: 'cpu.vs-python-executor',
      section: 'CPU',
      label: `cpu-rayon vs Python ProcessPoolExecutor(${ctx.P}).map (same kernel)`,
      ours: par,
      peer: { label: 'ProcessPoolExecutor', stat: stat(samples, 'py:executor') },
      target,
    }),
  );
}

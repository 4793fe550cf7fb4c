// What each preset's run must show for its lesson to hold, checked on a report (the screenshot
// script refuses to save a picture of a lesson that failed), and the one sentence the seed box
// says about what a run's numbers mean. Pure: reports in, strings out.
import { presetById } from './presets.js';

/** @typedef {import('./results.js').Report} Report */
/** @typedef {Record<string, any>} ById  strategy id -> its result */

/** ms as a person reads them. @param {number} ms */
export const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** @param {number} a @param {number} b */
const times = (a, b) => `${(a / b).toFixed(1)}×`;

/**
 * One check: `ok` when the lesson holds; `says` what it expected, with the measured numbers.
 * @param {boolean} ok
 * @param {string} says
 */
const expectThat = (ok, says) => (ok ? null : says);

/** `fast` took at most `1/factor` of `slow`'s time. @param {ById} r @param {string} fast @param {string} slow @param {number} factor */
function faster(r, fast, slow, factor) {
  const [f, s] = [r[fast].wallMs, r[slow].wallMs];
  return expectThat(f * factor <= s, `${fast} (${fmt(f)}) should be at least ${factor}× faster than ${slow} (${fmt(s)}), measured ${times(s, f)}`);
}

/** Each of `ids` had more than 6 on the wire and was `factor` times faster than fetch-concurrent.
 * @param {ById} r @param {string[]} ids @param {number} factor */
const pastTheCap = (r, ids, factor) =>
  ids.flatMap((id) => [
    expectThat(r[id].peakOnWire > 6, `${id} should get past 6 on the wire, had ${r[id].peakOnWire}`),
    faster(r, id, 'fetch-concurrent', factor),
  ]);

/** @type {Record<string, { needs: string[], check: (r: ById, params: any) => (string | null)[] }>} */
const CHECKS = {
  'six-endpoints': {
    needs: ['fetch-sequential', 'fetch-concurrent'],
    check: (r, p) => [
      faster(r, 'fetch-concurrent', 'fetch-sequential', 3),
      expectThat(r['fetch-concurrent'].wallMs < 1.5 * p.latency, `fetch-concurrent should take about one latency (${p.latency} ms), took ${fmt(r['fetch-concurrent'].wallMs)}`),
    ],
  },
  'thousand-calls': {
    needs: ['fetch-sequential', 'fetch-concurrent', 'fetch-multiport', 'fetch-sharded', 'fetch-same-url', 'fetch-threads'],
    check: (r) => [
      faster(r, 'fetch-concurrent', 'fetch-sequential', 2),
      faster(r, 'fetch-threads', 'fetch-sequential', 2),
      expectThat(r['fetch-concurrent'].peakOnWire <= 6, `fetch-concurrent should have at most 6 on the wire to one host, had ${r['fetch-concurrent'].peakOnWire}`),
      ...pastTheCap(r, ['fetch-multiport', 'fetch-sharded'], 1),
      faster(r, 'fetch-sharded', 'fetch-sequential', 5),
      faster(r, 'fetch-concurrent', 'fetch-same-url', 3),
    ],
  },
  'choosing-the-approach': {
    needs: ['fetch-sequential', 'fetch-threads', 'fetch-processes', 'fetch-concurrent', 'cpu-sequential', 'cpu-threads-gil', 'cpu-rayon', 'cpu-event-loop'],
    check: (r) => {
      const cpu = (/** @type {string} */ id) => r['cpu-sequential'].wallMs / r[id].wallMs;
      return [
        expectThat(cpu('cpu-threads-gil') <= 1.2, `threads under the GIL should not speed up CPU work, measured ${cpu('cpu-threads-gil').toFixed(2)}×`),
        expectThat(cpu('cpu-rayon') >= 1.5, `processes (the pool) should speed up CPU work at least 1.5×, measured ${cpu('cpu-rayon').toFixed(2)}×`),
        expectThat(Math.abs(cpu('cpu-event-loop') - 1) < 0.2, `the event loop should run CPU work at about sequential speed, measured ${cpu('cpu-event-loop').toFixed(2)}×`),
        faster(r, 'fetch-threads', 'fetch-sequential', 3),
        faster(r, 'fetch-concurrent', 'fetch-sequential', 3),
        expectThat(r['fetch-processes'].wallMs > r['fetch-threads'].wallMs, `fetch-processes (${fmt(r['fetch-processes'].wallMs)}) should pay its start-up over fetch-threads (${fmt(r['fetch-threads'].wallMs)})`),
      ];
    },
  },
  'fifty-pages': {
    needs: ['pipeline-sequential', 'pipeline-overlapped'],
    check: (r) => [
      faster(r, 'pipeline-overlapped', 'pipeline-sequential', 3),
      expectThat(r['pipeline-overlapped'].checksum === r['pipeline-sequential'].checksum, 'pipeline-overlapped should parse the same pages as pipeline-sequential (checksums differ)'),
    ],
  },
  'pool-map-squares': {
    needs: ['cpu-rayon', 'cpu-worker-per-task'],
    check: (r) => [
      expectThat(JSON.stringify(r['cpu-rayon'].detail?.values) === '[1,4,9,16,25]', `cpu-rayon should compute [1, 4, 9, 16, 25], computed ${JSON.stringify(r['cpu-rayon'].detail?.values)}`),
      faster(r, 'cpu-rayon', 'cpu-worker-per-task', 1),
    ],
  },
  'repos-per-user': {
    needs: ['fetch-sequential', 'fetch-bounded', 'fetch-concurrent', 'fetch-map', 'fetch-as-completed'],
    check: (r) => {
      const order = (/** @type {string} */ id) => r[id].detail?.order ?? [];
      const inOrder = (/** @type {number[]} */ o) => o.length > 1 && o.every((v, i) => v === i);
      return [
        faster(r, 'fetch-bounded', 'fetch-sequential', 1.5),
        faster(r, 'fetch-concurrent', 'fetch-bounded', 1),
        expectThat(inOrder(order('fetch-map')), `fetch-map should deliver in input order, delivered ${order('fetch-map').join(', ')}`),
        expectThat(!inOrder(order('fetch-as-completed')), 'fetch-as-completed should deliver as requests finish, out of input order; it delivered in order'),
      ];
    },
  },
  'race-condition': {
    needs: ['race-unsynchronized', 'race-atomic', 'race-mutex'],
    check: (r) => [
      expectThat(r['race-unsynchronized'].detail?.lost > 0, `race-unsynchronized should lose updates, lost ${r['race-unsynchronized'].detail?.lost} of ${r['race-unsynchronized'].detail?.expected}`),
      ...['race-atomic', 'race-mutex'].map((id) =>
        expectThat(r[id].detail?.lost === 0 && r[id].detail?.actual === r[id].detail?.expected, `${id} should be exact, counted ${r[id].detail?.actual} of ${r[id].detail?.expected}`),
      ),
    ],
  },
  'browser-limit': {
    needs: ['fetch-concurrent', 'fetch-multiport', 'fetch-sharded'],
    check: (r, p) => [
      expectThat(r['fetch-concurrent'].peakOnWire <= 6, `fetch-concurrent should have at most 6 on the wire, had ${r['fetch-concurrent'].peakOnWire}`),
      expectThat(r['fetch-concurrent'].wallMs >= 3.6 * p.latency, `fetch-concurrent should take about ${Math.ceil(p.tasks / 6)} rounds of ${p.latency} ms, took ${fmt(r['fetch-concurrent'].wallMs)}`),
      ...pastTheCap(r, ['fetch-multiport', 'fetch-sharded'], 2),
    ],
  },
  'uneven-work': {
    needs: ['cpu-rayon', 'cpu-static-chunks'],
    check: (r) => [
      faster(r, 'cpu-rayon', 'cpu-static-chunks', 1.1),
      expectThat(r['cpu-rayon'].checksum === r['cpu-static-chunks'].checksum, 'cpu-static-chunks and cpu-rayon should compute the same rows (checksums differ)'),
    ],
  },
  // Which wins depends on the workers that joined, so the lesson is that the broker did the
  // same work through its workers, each task once, and said what a task cost it.
  'task-queue': {
    needs: ['cpu-queue', 'queue-broker'],
    check: (r) => {
      const d = r['queue-broker'].detail ?? {};
      return [
        expectThat(r['cpu-queue'].checksum === r['queue-broker'].checksum, 'queue-broker\'s workers should compute what cpu-queue computes (checksums differ)'),
        expectThat(d.workers?.length > 0, 'queue-broker should name the workers that took its tasks'),
        expectThat(typeof d.brokerMsPerTask === 'number', 'queue-broker should say what a task cost the broker (brokerMsPerTask)'),
      ];
    },
  },
};

/**
 * The check a preset's lesson gets: its own, or for a preset without one but with a `compare`
 * pair, that the second of the pair is at least 1.2× faster than the first; null for neither.
 * @param {string} id
 * @param {{ compare?: string[] } | undefined} [preset] the preset (by default the spec's of that id)
 */
export function checkOf(id, preset = presetById(id)) {
  if (CHECKS[id]) return CHECKS[id];
  const compare = preset?.compare;
  if (!compare) return null;
  const [slow, fast] = compare;
  return { needs: [slow, fast], check: (/** @type {ById} */ r) => [faster(r, fast, slow, 1.2)] };
}

/**
 * What is wrong with a preset's report for its lesson: an empty list when the lesson holds.
 * Every run must have finished, uncancelled, with no failed task, and have run the strategies
 * the lesson compares.
 * @param {string} id the preset
 * @param {Report} report
 * @returns {string[]}
 */
export function lessonProblems(id, report) {
  const lesson = checkOf(id);
  if (!lesson) return [`preset ${id} has no lesson check (add one in www/model/lessons.js) and no compare pair`];
  if (report.error) return [`the run failed: ${report.error}`];
  if (report.cancelled) return ['the run was cancelled'];
  /** @type {ById} */
  const r = Object.fromEntries(report.results.map((x) => [x.strategy, x]));
  const missing = lesson.needs.filter((s) => !r[s]);
  if (missing.length) return [`no result for ${missing.join(', ')}`];
  const failed = report.results.filter((x) => x.failed > 0 || x.cancelled > 0).map((x) => `${x.strategy}: ${x.failed} failed, ${x.cancelled} cancelled`);
  return [...failed, ...lesson.check(r, report.params).filter((p) => p != null)];
}

/**
 * One sentence on what a preset's measured numbers mean; '' when the report has no results.
 * @param {string} id
 * @param {Report} report
 */
export function lessonSentence(id, report) {
  /** @type {ById} */
  const r = Object.fromEntries(report.results.map((x) => [x.strategy, x]));
  const p = report.params;
  if (!report.results.length) return '';
  if (id === 'race-condition' && r['race-unsynchronized']) {
    const u = r['race-unsynchronized'].detail ?? {};
    const exact = ['race-atomic', 'race-mutex'].filter((s) => r[s]?.detail?.lost === 0);
    const share = u.expected ? ((100 * u.lost) / u.expected).toFixed(1) : '?';
    return u.lost > 0
      ? `Without a lock ${p.tasks} workers lost ${u.lost.toLocaleString('en')} of ${u.expected.toLocaleString('en')} increments (${share}%): two read the same value and both wrote back value + 1${exact.length ? `; ${exact.join(' and ')} lost none` : ''}.`
      : `This time the unsynchronised counter lost no updates (its workers did not overlap): run it again, or with more workers.`;
  }
  const special = SENTENCES[id]?.(r, p);
  if (special) return special;
  const [slow, fast] = presetById(id)?.compare ?? [];
  if (!slow || !fast || !r[slow] || !r[fast]) return '';
  const [s, f] = [r[slow].wallMs, r[fast].wallMs];
  const family = slow.split('-')[0];
  if (family === 'fetch' && p.latency > 0) {
    const rounds = (/** @type {number} */ ms) => (ms / p.latency).toFixed(1);
    const verdict = s > 1.2 * f ? `${times(s, f)} faster: its waits overlapped` : `no faster here (${times(s, f)}): its waits did not overlap`;
    return `${fast} took ${fmt(f)}, ${rounds(f)}× the ${p.latency} ms each request waits, and ${slow} ${fmt(s)}, ${rounds(s)}×: ${fast} is ${verdict}.`;
  }
  const verdict = s > 1.1 * f ? `${times(s, f)} faster` : `not faster here (${times(s, f)})`;
  const why = s > 1.1 * f && WHY[id] ? `: ${WHY[id]}` : '';
  return `${fast} took ${fmt(f)} and ${slow} ${fmt(s)}: ${fast} is ${verdict}${why}.`;
}

/** Why the faster of a preset's pair is faster, said only when the numbers show it is. @type {Record<string, string>} */
const WHY = {
  'fifty-pages': 'it parses each page as soon as it arrives, while the next ones are still on their way',
  'uneven-work': 'work stealing keeps every lane busy, while one static chunk holds the expensive rows',
};

/** Sentences of presets whose lesson is not one pair's ratio. @type {Record<string, (r: ById, p: any) => string>} */
const SENTENCES = {
  'pool-map-squares': (r) => {
    const [pool, each] = [r['cpu-rayon'], r['cpu-worker-per-task']];
    if (!pool || !each) return '';
    const values = pool.detail?.values ? `[${pool.detail.values.join(', ')}]` : 'the squares';
    return `Both compute ${values}; a Web Worker per task took ${fmt(each.wallMs)} (${fmt(each.detail?.meanStartupMs ?? 0)} to start each) for work the pool did in ${fmt(pool.wallMs)}: starting a worker costs far more than this work.`;
  },
  'browser-limit': (r, p) => hostLimit(r, p),
  'thousand-calls': (r, p) => hostLimit(r, p),
  'choosing-the-approach': (r) => approach(r),
  'task-queue': (r) => queueSentence(r),
};

/** How many of the broker's workers the task-queue lesson names; the rest it counts. */
const NAMED_WORKERS = 6;

/** The broker against threads in the tab, and who took the tasks. @param {ById} r */
function queueSentence(r) {
  const [local, broker] = [r['cpu-queue'], r['queue-broker']];
  if (!local || !broker?.detail) return '';
  const d = broker.detail;
  /** @type {{ kind: string, name: string, taken: number }[]} */
  const workers = d.workers ?? [];
  const count = (/** @type {number} */ n, /** @type {string} */ noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  // "this page: 24 tasks", "python pid 4711: 3 tasks" (a browser worker's name says what it is);
  // past a few, the rest are counted, not named (a queue can have a hundred workers).
  const named = workers.slice(0, NAMED_WORKERS).map((w) => {
    const name = w.name.split(' #')[0];
    return `${w.kind === 'browser' ? name : `${w.kind} ${name}`}: ${count(w.taken, 'task')}`;
  });
  const rest = workers.slice(NAMED_WORKERS);
  const others = rest.length ? [`${count(rest.length, 'more worker')}: ${count(rest.reduce((sum, w) => sum + w.taken, 0), 'task')}`] : [];
  const who = [...named, ...others].join(', ');
  const redone = d.redelivered ? `; ${d.redelivered} redelivered after their worker went silent` : '';
  return `cpu-queue took ${fmt(local.wallMs)} with threads in this tab; queue-broker ${fmt(broker.wallMs)} through Redis (${(d.brokerMsPerTask ?? 0).toFixed(1)} ms of broker per task), its tasks taken by ${who}${redone}.`;
}

/** @param {ById} r @param {any} p */
function hostLimit(r, p) {
  const one = r['fetch-concurrent'];
  const spread = [
    ['fetch-multiport', 'over several ports'],
    ['fetch-sharded', 'over several host names'],
  ].filter(([id]) => r[id]);
  if (!one || !spread.length) return '';
  const past = spread.map(([id, how]) => `${how} ${id} had ${r[id].peakOnWire} and took ${fmt(r[id].wallMs)}`).join('; ');
  return `fetch-concurrent started all ${p.tasks} requests at once, but the browser kept at most ${one.peakOnWire} on the wire to one host, so it took ${fmt(one.wallMs)}; ${past}.`;
}

/** Seed 001's rule in the run's own numbers. @param {ById} r */
function approach(r) {
  const ids = ['fetch-sequential', 'fetch-threads', 'cpu-sequential', 'cpu-threads-gil', 'cpu-rayon'];
  if (!ids.every((id) => r[id])) return '';
  const x = (/** @type {string} */ slow, /** @type {string} */ fast) => times(r[slow].wallMs, r[fast].wallMs);
  return `Threads made the waits ${x('fetch-sequential', 'fetch-threads')} faster but the computing ${x('cpu-sequential', 'cpu-threads-gil')} (the GIL lets one compute at a time); processes computed ${x('cpu-sequential', 'cpu-rayon')} faster on the cores.`;
}

/**
 * What is wrong with a threads sweep of primes for its picture: an ideal above the cores, an
 * Amdahl fit past 25% serial (primes has no serial part) or none at all.
 * @param {{ serialFraction: number | null, fitNote?: string }} sweep what playground.sweep returned
 * @param {number[]} idealSpeedups the ideal CPU speedup line's values
 * @param {number} cores
 */
export function sweepProblems(sweep, idealSpeedups, cores) {
  return [
    expectThat(Math.max(...idealSpeedups) <= cores + 1e-9, `the ideal CPU speedup should stay at most the ${cores} cores, reached ${Math.max(...idealSpeedups).toFixed(2)}`),
    expectThat(sweep.serialFraction != null && sweep.serialFraction < 0.25, `the Amdahl fit for primes should find under 25% serial, found ${sweep.serialFraction == null ? 'no fit' : `${(sweep.serialFraction * 100).toFixed(1)}%`} (${sweep.fitNote ?? ''})`),
  ].filter((p) => p != null);
}

/**
 * What is wrong with a faulty, cancelled fetch run for its picture: the counts must add up and
 * show what it is about (tasks that failed, tasks that were cancelled).
 * @param {Report} report
 */
export function faultsProblems(report) {
  const problems = report.results.flatMap((r) => (r.ok + r.failed + r.cancelled === r.tasks ? [] : [`${r.strategy}: ${r.ok} ok + ${r.failed} failed + ${r.cancelled} cancelled is not its ${r.tasks} tasks`]));
  if (!report.results.some((r) => r.failed > 0)) problems.push('no task failed: the errors, hangs and timeout did not show');
  if (!report.cancelled || !report.results.some((r) => r.cancelled > 0)) problems.push('nothing was cancelled: the Cancel did not show');
  return problems;
}

// The bridge's messages: every message a WebSocket client sends is checked here before anything
// acts on it (types, ranges, lengths), so the broker only ever sees well-formed requests. A
// message that fails is answered by closing that client's connection with the reason; the
// shapes are listed in docs/task-queue.md.
import SPEC from '../../www/spec.json' with { type: 'json' };
import { DEFAULTS, LIMITS } from './broker.mjs';

/** The largest message a client may send; `ws` closes the connection (1009) on a larger one. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Close codes (4000-4999 are the application's own). */
export const CLOSE = Object.freeze({
  malformed: 4400,
  unauthorized: 4401,
  forged: 4403,
  unavailable: 4503,
});

const KERNELS = /** @type {string[]} */ (SPEC.params.kernel.values);
const RUN_ID = /^[0-9a-f]{16}$/;
const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;
const NAME = /^[\w .:#()-]{1,40}$/;
const KIND = /^[a-z]{1,16}$/;

/**
 * @typedef {{ kind: 'cpu', kernel: string, work: number } | { kind: 'io', latencyMs: number, bytes: number }} TaskTemplate
 * @typedef {{ type: 'hello', role: 'producer' } | { type: 'hello', role: 'worker', name: string, kind: string, host: string, threads: number }} Hello
 * @typedef {{ type: 'submit', count: number, task: TaskTemplate, reclaimMs: number, maxDeliveries: number }} Submit
 * @typedef {{ type: 'cancel', run: string }} Cancel
 * @typedef {{ type: 'result', run: string, id: string, ok: boolean, value: string, error: string, thread: number, runMs: number }} Result
 * @typedef {Hello | Submit | Cancel | Result} ClientMessage
 * @typedef {{ ok: true, message: ClientMessage } | { ok: false, reason: string }} Checked
 */

/**
 * @param {unknown} v
 * @param {number} min
 * @param {number} max
 */
const intIn = (v, min, max) => Number.isInteger(v) && /** @type {number} */ (v) >= min && /** @type {number} */ (v) <= max;

/**
 * @param {unknown} v
 * @param {number} max
 */
const shortString = (v, max) => typeof v === 'string' && v.length <= max;

/**
 * A task template: a CPU kernel with its work per task, or a request to the mock API.
 * @param {any} t
 * @returns {TaskTemplate | string} the template, or why not
 */
export function checkTemplate(t) {
  if (!t || typeof t !== 'object') return 'task must be an object';
  if (t.kind === 'cpu') {
    if (!KERNELS.includes(t.kernel)) return `task.kernel must be one of ${KERNELS.join(', ')}`;
    const { min, max } = SPEC.params.work;
    if (!intIn(t.work, min, max)) return `task.work must be a whole number from ${min} to ${max}`;
    return { kind: 'cpu', kernel: t.kernel, work: t.work };
  }
  if (t.kind === 'io') {
    if (!intIn(t.latencyMs, SPEC.params.latency.min, SPEC.params.latency.max)) return 'task.latencyMs out of range';
    if (!intIn(t.bytes, SPEC.params.bytes.min, SPEC.params.bytes.max)) return 'task.bytes out of range';
    return { kind: 'io', latencyMs: t.latencyMs, bytes: t.bytes };
  }
  return 'task.kind must be "cpu" or "io"';
}

/**
 * @param {any} m
 * @returns {Checked}
 */
function checkHello(m) {
  if (m.role === 'producer') return { ok: true, message: { type: 'hello', role: 'producer' } };
  if (m.role !== 'worker') return { ok: false, reason: 'hello.role must be "producer" or "worker"' };
  if (!shortString(m.name, 40) || !NAME.test(m.name)) return { ok: false, reason: 'hello.name: 1-40 letters, digits, spaces or .:#()-' };
  if (!KIND.test(String(m.kind))) return { ok: false, reason: 'hello.kind: 1-16 lowercase letters' };
  if (m.host !== undefined && (!shortString(m.host, 64) || !NAME.test(m.host))) return { ok: false, reason: 'hello.host: up to 64 letters, digits or .:-' };
  if (!intIn(m.threads, 1, 64)) return { ok: false, reason: 'hello.threads must be a whole number from 1 to 64' };
  return { ok: true, message: { type: 'hello', role: 'worker', name: m.name, kind: m.kind, host: m.host ?? '', threads: m.threads } };
}

/**
 * @param {any} m
 * @returns {Checked}
 */
function checkSubmit(m) {
  if (!intIn(m.count, 1, LIMITS.maxTasks)) return { ok: false, reason: `submit.count must be a whole number from 1 to ${LIMITS.maxTasks}` };
  const task = checkTemplate(m.task);
  if (typeof task === 'string') return { ok: false, reason: task };
  const reclaimMs = m.reclaimMs ?? DEFAULTS.reclaimMs;
  if (!intIn(reclaimMs, LIMITS.minReclaimMs, LIMITS.maxReclaimMs)) return { ok: false, reason: `submit.reclaimMs must be ${LIMITS.minReclaimMs}-${LIMITS.maxReclaimMs}` };
  const maxDeliveries = m.maxDeliveries ?? DEFAULTS.maxDeliveries;
  if (!intIn(maxDeliveries, 1, LIMITS.maxDeliveries)) return { ok: false, reason: `submit.maxDeliveries must be 1-${LIMITS.maxDeliveries}` };
  return { ok: true, message: { type: 'submit', count: m.count, task, reclaimMs, maxDeliveries } };
}

/**
 * @param {any} m
 * @returns {Checked}
 */
function checkResult(m) {
  if (!RUN_ID.test(String(m.run)) || !ENTRY_ID.test(String(m.id))) return { ok: false, reason: 'result: bad run or id' };
  if (typeof m.ok !== 'boolean') return { ok: false, reason: 'result.ok must be true or false' };
  if (m.value !== undefined && !shortString(m.value, 1024)) return { ok: false, reason: 'result.value: a string of up to 1024 characters' };
  if (m.error !== undefined && !shortString(m.error, 1024)) return { ok: false, reason: 'result.error: a string of up to 1024 characters' };
  if (m.thread !== undefined && !intIn(m.thread, 0, 63)) return { ok: false, reason: 'result.thread must be 0-63' };
  if (m.runMs !== undefined && !(typeof m.runMs === 'number' && m.runMs >= 0 && m.runMs < 1e9)) return { ok: false, reason: 'result.runMs out of range' };
  const { run, id, ok, value = '', error = '', thread = 0, runMs = 0 } = m;
  return { ok: true, message: { type: 'result', run, id, ok, value, error, thread, runMs } };
}

/**
 * Parses and checks one message a client sent.
 * @param {string} text
 * @returns {Checked}
 */
export function checkMessage(text) {
  if (text.length > MAX_MESSAGE_BYTES) return { ok: false, reason: 'message too large' };
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) return { ok: false, reason: 'a message is a JSON object' };
  if (m.type === 'hello') return checkHello(m);
  if (m.type === 'submit') return checkSubmit(m);
  if (m.type === 'result') return checkResult(m);
  if (m.type === 'cancel') {
    return RUN_ID.test(String(m.run)) ? { ok: true, message: { type: 'cancel', run: m.run } } : { ok: false, reason: 'cancel: bad run' };
  }
  return { ok: false, reason: `unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}` };
}

/**
 * The descriptors of a run: the template with each task's index and the run's task count (the
 * prime kernel deals its blocks by both).
 * @param {TaskTemplate} template
 * @param {number} count
 */
export function descriptors(template, count) {
  return Array.from({ length: count }, (_, task) => ({ ...template, task, tasks: count }));
}

/**
 * A close reason fits in 123 bytes (the WebSocket limit).
 * @param {string} reason
 */
export function closeReason(reason) {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}

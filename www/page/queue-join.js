// The task queue on the page: a tab opened with the join link (`?join=<token>`) becomes a
// worker of the broker with its own threads (docs/task-queue.md), and the task-queue preset
// shows where other workers come from: the join link and the Python workers' command.
import { TO_WORKER, FROM_WORKER } from '../protocol/messages.js';

/** How to start Python workers on the server's machine (scripts/worker.mjs). */
export const PYTHON_WORKERS = 'npm run worker -- --processes 2';

/** The name a joined tab gives the broker (the server adds a number and a tag of its own). */
const JOIN_NAME = 'joined tab';

/**
 * What the server says of its queue (`/api/queue`: available, reason, joinLink); null when no
 * server answers (the static build) or it answers this page nothing.
 * @returns {Promise<{ available: boolean, reason: string, joinLink?: string } | null>}
 */
export async function queueInfo() {
  try {
    const res = await fetch('api/queue', { cache: 'no-store' });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** @param {string} tag @param {string} [text] */
function el(tag, text = '') {
  const e = document.createElement(tag);
  e.textContent = text;
  return e;
}

/**
 * Shows (for the task-queue preset) or hides the join link and the Python command.
 * @param {string | null} presetId
 * @param {{ available: boolean, reason: string, joinLink?: string } | null} info
 */
export function showQueueInfo(presetId, info) {
  let box = document.getElementById('queue-info');
  if (!box) {
    box = el('section');
    box.id = 'queue-info';
    box.className = 'alert';
    box.dataset.kind = 'info';
    document.getElementById('notes')?.before(box);
  }
  box.hidden = presetId !== 'task-queue';
  box.replaceChildren();
  if (!info) {
    box.append(el('p', 'The task queue needs the playground server (npm start), which starts Redis: this page has none, so queue-broker is refused.'));
    return;
  }
  if (!info.available) {
    box.append(el('p', `The task queue is not available, so queue-broker is refused: ${info.reason}`));
    return;
  }
  const link = Object.assign(el('a', info.joinLink ?? ''), { href: info.joinLink ?? '', target: '_blank', id: 'join-link' });
  const join = el('p', 'More workers for queue-broker: open ');
  join.append(link, ' in other tabs, browsers or machines that reach this server.');
  const python = el('p', 'Python workers on this machine: ');
  python.append(el('code', PYTHON_WORKERS), ' in the project folder.');
  box.append(join, python);
  if (info.joinLink) drawQr(box, info.joinLink);
}

/** The QR generator, served by the playground server only (the static build has no queue). */
const QR_MODULE = new URL('../../node_modules/qrcode-generator/dist/qrcode.mjs', import.meta.url).href;

/**
 * A QR code of the join link, for phones (qrcode-generator, pinned in package.json); nothing
 * if it does not load.
 * @param {HTMLElement} box
 * @param {string} link
 */
async function drawQr(box, link) {
  try {
    const { default: qrcode } = await import(QR_MODULE);
    const code = qrcode(0, 'M');
    code.addData(link);
    code.make();
    const img = Object.assign(document.createElement('img'), { src: code.createDataURL(3, 2), alt: `QR code of ${link}`, id: 'join-qr' });
    box.append(img);
  } catch {
    // The link above is the same thing.
  }
}

/**
 * Makes this tab a worker of the task queue: says so at the top, lists the tasks it takes and
 * answers, and has a Leave button that closes its socket at once (its task in hand goes to
 * another worker after the run's reclaimMs).
 * @param {{ worker: { ready: Promise<number> | null, worker: Worker | null } | null }} controller
 * @param {string} token
 */
export async function joinMode(controller, token) {
  const box = el('section');
  box.id = 'join';
  box.className = 'alert';
  box.dataset.kind = 'info';
  const status = el('p', 'This tab is joining the task queue as a worker…');
  status.id = 'join-status';
  const leave = Object.assign(el('button', 'Leave'), { type: 'button', id: 'join-leave', disabled: true });
  const taken = el('ol');
  taken.id = 'join-tasks';
  box.append(status, leave, taken);
  document.body.prepend(box);
  await controller.worker?.ready;
  const worker = controller.worker?.worker;
  if (!worker) return;
  worker.addEventListener('message', ({ data }) => {
    if (data?.type === FROM_WORKER.joined) {
      status.textContent = `This tab is a worker of the task queue (${data.id}): it takes tasks from the broker and runs them with the same Rust kernels, on ${crossOriginIsolated ? 'its pool' : 'its one thread'}.`;
      leave.disabled = false;
    } else if (data?.type === FROM_WORKER.joinFailed) {
      status.textContent = `This tab could not join the task queue: ${data.message}`;
    } else if (data?.type === FROM_WORKER.queueTask) {
      const s = data.seen;
      const text = s.event === 'took'
        ? `took task ${s.task} of ${s.tasks} (${s.kernel}, delivery ${s.delivery})`
        : `answered task ${s.task}: ${s.ok ? `ok on thread ${s.thread}, ${Math.round(s.runMs ?? 0)} ms` : `failed: ${s.error}`}`;
      taken.prepend(el('li', text));
      while (taken.children.length > 50) taken.lastElementChild?.remove();
    }
  });
  leave.addEventListener('click', () => {
    worker.postMessage({ type: TO_WORKER.leave });
    leave.disabled = true;
    status.textContent = 'This tab left the task queue: the task it held goes to another worker after the run\u2019s reclaimMs.';
  });
  worker.postMessage({ type: TO_WORKER.join, token, name: JOIN_NAME });
}

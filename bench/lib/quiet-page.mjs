// A page the bench times without Playwright watching it. Playwright instruments every page it
// drives and their workers (its Network domain reports every request), and that costs every
// request the browser makes, ours more than the JavaScript peers': on 2 cores, 500 sequential
// 0 ms requests took 21% longer for ours and 13% for the peer in Playwright pages than in pages
// nobody watched (docs/benchmarks.md, "What the bench does to what it measures"). A quiet page
// is made through the browser's own DevTools session, in a browser context of its own, with
// Runtime, Page, Inspector (and Performance, Tracing when asked) but no Network; it offers the
// few calls the bench makes.
//
// It uses the non-flat `Target.sendMessageToTarget` routing because Playwright's CDPSession
// cannot address a child session by id.

/** @typedef {(params: any) => void} Listener */

/**
 * A DevTools session with one target, routed through its parent's session: `send` resolves to
 * the result (rejects on a protocol error, or once the target crashed or went away), `on`/
 * `once`/`off` take its events, `fail` rejects what is pending and every later call.
 * @typedef {object} QuietSession
 * @property {(method: string, params?: Record<string, unknown>) => Promise<any>} send
 * @property {(event: string, fn: Listener) => void} on
 * @property {(event: string, fn: Listener) => void} once
 * @property {(event: string, fn: Listener) => void} off
 * @property {(reason: string) => void} fail
 */

/**
 * The calls the bench makes on a page.
 * @typedef {object} QuietPage
 * @property {<A, R>(fn: (arg: A) => R | Promise<R>, arg?: A) => Promise<R>} evaluate  runs `fn(arg)` in the page (arg and result JSON-serialisable)
 * @property {(url: string) => Promise<void>} goto       navigates and waits for the load event
 * @property {<A>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number }) => Promise<void>} waitForFunction  until `fn(arg)` is truthy
 */

/** The least a parent session offers: Playwright's browser session, or one of ours. */
/** @typedef {{ send: (method: string, params?: any) => Promise<any>, on: (event: string, fn: Listener) => unknown }} Parent */

/**
 * The sessions of the targets one session attached (non-flat: their messages travel inside the
 * parent's `Target.sendMessageToTarget` / `Target.receivedMessageFromTarget`).
 */
class Router {
  /** @param {Parent} parent */
  constructor(parent) {
    this.parent = parent;
    this.nextId = 0;
    /** @type {Map<string, { replies: Map<number, { resolve: Function, reject: Function, method: string }>, listeners: Map<string, Set<Listener>>, failed: string | null }>} */
    this.sessions = new Map();
    parent.on('Target.receivedMessageFromTarget', (/** @type {any} */ { sessionId, message }) => {
      const s = this.sessions.get(sessionId);
      if (!s) return;
      const m = JSON.parse(message);
      if (m.id !== undefined) {
        const reply = s.replies.get(m.id);
        s.replies.delete(m.id);
        if (m.error) reply?.reject(new Error(`${reply.method}: ${m.error.message}`));
        else reply?.resolve(m.result);
        return;
      }
      for (const fn of [...(s.listeners.get(m.method) ?? [])]) {
        // A listener that throws must not stop the others, nor reach the parent's emitter.
        try {
          fn(m.params);
        } catch (err) {
          console.error(`bench: a listener of ${m.method} threw: ${/** @type {Error} */ (err).message}`);
        }
      }
    });
    parent.on('Target.detachedFromTarget', (/** @type {any} */ { sessionId }) => {
      this.fail(sessionId, 'the target went away');
      this.sessions.delete(sessionId);
    });
  }

  /** @param {string} sessionId @param {string} reason */
  fail(sessionId, reason) {
    const s = this.sessions.get(sessionId);
    if (!s || s.failed) return;
    s.failed = reason;
    for (const reply of s.replies.values()) reply.reject(new Error(`${reply.method}: ${reason}`));
    s.replies.clear();
    for (const fn of [...(s.listeners.get('quiet:failed') ?? [])]) fn({ reason });
  }

  /**
   * @param {string} sessionId
   * @returns {QuietSession}
   */
  session(sessionId) {
    /** @type {{ replies: Map<number, { resolve: Function, reject: Function, method: string }>, listeners: Map<string, Set<Listener>>, failed: string | null }} */
    const s = { replies: new Map(), listeners: new Map(), failed: null };
    this.sessions.set(sessionId, s);
    const on = (/** @type {string} */ event, /** @type {Listener} */ fn) => {
      if (!s.listeners.has(event)) s.listeners.set(event, new Set());
      s.listeners.get(event)?.add(fn);
    };
    const off = (/** @type {string} */ event, /** @type {Listener} */ fn) => s.listeners.get(event)?.delete(fn);
    return {
      send: (method, params = {}) =>
        new Promise((resolve, reject) => {
          if (s.failed) return reject(new Error(`${method}: ${s.failed}`));
          const id = ++this.nextId;
          s.replies.set(id, { resolve, reject, method });
          this.parent.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
        }),
      on,
      off,
      once: (event, fn) => {
        const wrapped = (/** @type {any} */ params) => {
          off(event, wrapped);
          fn(params);
        };
        on(event, wrapped);
      },
      fail: (reason) => this.fail(sessionId, reason),
    };
  }
}

/** @type {WeakMap<import('playwright-core').Browser, Promise<{ session: import('playwright-core').CDPSession, router: Router }>>} */
const routers = new WeakMap();

/** @param {import('playwright-core').Browser} browser */
function routerOf(browser) {
  let r = routers.get(browser);
  if (!r) {
    r = browser.newBrowserCDPSession().then((session) => ({ session, router: new Router(/** @type {Parent} */ (/** @type {unknown} */ (session))) }));
    // A failed start is not kept: the next page tries again.
    r.catch(() => routers.delete(browser));
    routers.set(browser, r);
  }
  return r;
}

/**
 * Reports the errors of `session`'s target and of every worker it starts, at any depth (the
 * pool's threads are workers of the page's worker), into `problems`: Runtime only, never Network,
 * and workers are not held at their start (`waitForDebuggerOnStart: false`), so an error a
 * worker throws before it is attached goes unseen.
 * @param {QuietSession} session
 * @param {string[]} problems
 * @param {string} where  e.g. "page", "worker blob:…"
 */
async function watchErrors(session, problems, where) {
  const prefix = where === 'page' ? '' : `${where}: `;
  session.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => problems.push(`${prefix}page error: ${d.exception?.description ?? d.text}`));
  session.on('Runtime.consoleAPICalled', ({ type, args }) => {
    if (type === 'error') problems.push(`${prefix}console error: ${args.map((/** @type {any} */ a) => a.value ?? a.description ?? '').join(' ')}`);
  });
  const workers = new Router(session);
  session.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    const worker = workers.session(sessionId);
    watchErrors(worker, problems, `worker ${targetInfo.url}`).catch(() => {});
  });
  await session.send('Runtime.enable');
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
}

/** How long a navigation may take to its load event. */
const GOTO_TIMEOUT_MS = 60_000;

/**
 * `fn(arg)` as an expression for Runtime.evaluate.
 * @param {Function} fn
 * @param {unknown} arg
 */
const call = (fn, arg) => `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;

/**
 * The page's calls over its session.
 * @param {QuietSession} cdp
 * @returns {QuietPage}
 */
function pageCalls(cdp) {
  /** @type {QuietPage['evaluate']} */
  const evaluate = async (fn, arg) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: call(fn, arg),
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`evaluate: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  };
  return {
    evaluate,
    async goto(url) {
      /** @type {(err: Error) => void} */
      let stop = () => {};
      const loaded = new Promise((resolve, reject) => {
        stop = reject;
        cdp.once('Page.loadEventFired', resolve);
        cdp.once('quiet:failed', ({ reason }) => reject(new Error(`goto ${url}: ${reason}`)));
      });
      // Not awaited when the navigation fails or stays in the document: no unhandled rejection.
      loaded.catch(() => {});
      const timer = setTimeout(() => stop(new Error(`goto ${url}: no load event after ${GOTO_TIMEOUT_MS} ms`)), GOTO_TIMEOUT_MS);
      try {
        const { errorText, loaderId } = await cdp.send('Page.navigate', { url });
        if (errorText) throw new Error(`goto ${url}: ${errorText}`);
        // No new document (a change of the hash only): no load event comes.
        if (loaderId) await loaded;
      } finally {
        clearTimeout(timer);
      }
    },
    async waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
      const until = Date.now() + timeout;
      const late = () => new Error(`waitForFunction: not true after ${timeout} ms: ${fn.toString().slice(0, 120)}`);
      for (;;) {
        /** @type {ReturnType<typeof setTimeout> | undefined} */
        let timer;
        // A condition whose promise never settles must not outlast the timeout either.
        const expired = new Promise((_, reject) => {
          timer = setTimeout(() => reject(late()), Math.max(0, until - Date.now()));
        });
        try {
          if (await Promise.race([evaluate(fn, arg), expired])) return;
        } finally {
          clearTimeout(timer);
        }
        if (Date.now() > until) throw late();
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/**
 * A blank page in a fresh browser context of its own (so a cold load really is cold), with
 * `initScript` run before any of its pages' scripts. Page exceptions, console errors and a crash
 * are collected in `problems`.
 * @param {import('playwright-core').Browser} browser
 * @param {() => void} initScript
 * @returns {Promise<{ page: QuietPage, cdp: QuietSession, problems: string[], context: { close: () => Promise<void> } }>}
 */
export async function quietPage(browser, initScript) {
  const { session: root, router } = await routerOf(browser);
  const { browserContextId } = await root.send('Target.createBrowserContext', { disposeOnDetach: true });
  const { targetId } = await root.send('Target.createTarget', { url: 'about:blank', browserContextId });
  const { sessionId } = await root.send('Target.attachToTarget', { targetId, flatten: false });
  const cdp = router.session(sessionId);
  /** @type {string[]} */
  const problems = [];
  // A crashed page answers nothing more: what waits on it fails instead of hanging the bench.
  cdp.on('Inspector.targetCrashed', () => {
    problems.push('the page crashed');
    cdp.fail('the page crashed');
  });
  // Nobody is there to answer a dialog: dismiss it rather than leave the page waiting.
  cdp.on('Page.javascriptDialogOpening', ({ type, message }) => {
    problems.push(`a ${type} dialog: ${message}`);
    cdp.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => {});
  });
  await Promise.all([watchErrors(cdp, problems, 'page'), cdp.send('Page.enable'), cdp.send('Inspector.enable')]);
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: call(initScript, undefined) });

  const page = pageCalls(cdp);
  const context = {
    close: async () => {
      await root.send('Target.closeTarget', { targetId }).catch(() => {});
      await root.send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
    },
  };
  return { page, cdp, problems, context };
}

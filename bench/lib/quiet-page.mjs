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
 * A DevTools session with one target, over the browser session's message routing: `send`
 * resolves to the result (rejects on a protocol error), `on`/`once`/`off` take its events.
 * @typedef {object} QuietSession
 * @property {(method: string, params?: Record<string, unknown>) => Promise<any>} send
 * @property {(event: string, fn: Listener) => void} on
 * @property {(event: string, fn: Listener) => void} once
 * @property {(event: string, fn: Listener) => void} off
 */

/**
 * The calls the bench makes on a page.
 * @typedef {object} QuietPage
 * @property {<A, R>(fn: (arg: A) => R | Promise<R>, arg?: A) => Promise<R>} evaluate  runs `fn(arg)` in the page (arg and result JSON-serialisable)
 * @property {(url: string) => Promise<void>} goto       navigates and waits for the load event
 * @property {<A>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number }) => Promise<void>} waitForFunction  until `fn(arg)` is truthy
 */

/** One browser session's routing to the targets it attached, by session id. */
class Router {
  /** @param {import('playwright-core').CDPSession} browserSession */
  constructor(browserSession) {
    this.browser = browserSession;
    this.nextId = 0;
    /** @type {Map<string, { replies: Map<number, { resolve: Function, reject: Function, method: string }>, listeners: Map<string, Set<Listener>> }>} */
    this.sessions = new Map();
    browserSession.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
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
      for (const fn of [...(s.listeners.get(m.method) ?? [])]) fn(m.params);
    });
    browserSession.on('Target.detachedFromTarget', ({ sessionId }) => {
      const s = this.sessions.get(sessionId);
      if (!s) return;
      for (const reply of s.replies.values()) reply.reject(new Error(`${reply.method}: the page went away`));
      this.sessions.delete(sessionId);
    });
  }

  /**
   * @param {string} sessionId
   * @returns {QuietSession}
   */
  session(sessionId) {
    const s = { replies: new Map(), listeners: new Map() };
    this.sessions.set(sessionId, s);
    const on = (/** @type {string} */ event, /** @type {Listener} */ fn) => {
      if (!s.listeners.has(event)) s.listeners.set(event, new Set());
      s.listeners.get(event).add(fn);
    };
    const off = (/** @type {string} */ event, /** @type {Listener} */ fn) => s.listeners.get(event)?.delete(fn);
    return {
      send: (method, params = {}) =>
        new Promise((resolve, reject) => {
          const id = ++this.nextId;
          s.replies.set(id, { resolve, reject, method });
          this.browser.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
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
    };
  }
}

/** @type {WeakMap<import('playwright-core').Browser, Promise<{ session: import('playwright-core').CDPSession, router: Router }>>} */
const routers = new WeakMap();

/** @param {import('playwright-core').Browser} browser */
function routerOf(browser) {
  let r = routers.get(browser);
  if (!r) {
    r = browser.newBrowserCDPSession().then((session) => ({ session, router: new Router(session) }));
    routers.set(browser, r);
  }
  return r;
}

/**
 * `fn(arg)` as an expression for Runtime.evaluate.
 * @param {Function} fn
 * @param {unknown} arg
 */
const call = (fn, arg) => `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;

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
  cdp.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => problems.push(`page error: ${d.exception?.description ?? d.text}`));
  cdp.on('Runtime.consoleAPICalled', ({ type, args }) => {
    if (type === 'error') problems.push(`console error: ${args.map((/** @type {any} */ a) => a.value ?? a.description ?? '').join(' ')}`);
  });
  cdp.on('Inspector.targetCrashed', () => problems.push('the page crashed'));
  // Nobody is there to answer a dialog: dismiss it rather than leave the page waiting.
  cdp.on('Page.javascriptDialogOpening', ({ type, message }) => {
    problems.push(`a ${type} dialog: ${message}`);
    cdp.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => {});
  });
  await Promise.all([cdp.send('Runtime.enable'), cdp.send('Page.enable'), cdp.send('Inspector.enable')]);
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: call(initScript, undefined) });

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
  /** @type {QuietPage} */
  const page = {
    evaluate,
    async goto(url) {
      const loaded = new Promise((resolve) => cdp.once('Page.loadEventFired', resolve));
      const { errorText } = await cdp.send('Page.navigate', { url });
      if (errorText) throw new Error(`goto ${url}: ${errorText}`);
      await loaded;
    },
    async waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
      const until = Date.now() + timeout;
      while (!(await evaluate(fn, arg))) {
        if (Date.now() > until) throw new Error(`waitForFunction: not true after ${timeout} ms: ${fn.toString().slice(0, 120)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  const context = {
    close: async () => {
      await root.send('Target.closeTarget', { targetId }).catch(() => {});
      await root.send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
    },
  };
  return { page, cdp, problems, context };
}

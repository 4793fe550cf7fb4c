// The messages between the page and its dedicated worker (www/worker/worker.js), defined once:
// every `type` string and each message's shape. The page (worker-client.js, worker-boot.js, the
// controller and the progress view), the worker, its experiment loop and the tests import these,
// so a renamed message cannot leave one side listening for the old name.

/** @typedef {import('../model/report.js').Span} Span */
/** @typedef {import('../model/report.js').StrategyResult} StrategyResult */

/** What the page sends the worker. */
export const TO_WORKER = Object.freeze(
  /** @type {const} */ ({
    /** Start: load the module and build a pool of `threads` (once per worker). */
    init: 'init',
    /** Run an experiment with these parameters. */
    run: 'run',
    /** Stop the run: abort its requests, start no further task. */
    cancel: 'cancel',
    /** Tests only: panic in the worker's module or in a pool thread. */
    panic: 'panic',
    /** Tests only: block the worker's thread for `ms`, so Cancel must terminate it. */
    stall: 'stall',
    /** Join the task queue as a worker (a page opened with the join link). */
    join: 'join',
    /** Leave the task queue at once, even mid-task. */
    leave: 'leave',
  }),
);

/** What the worker sends the page. */
export const FROM_WORKER = Object.freeze(
  /** @type {const} */ ({
    /** A start-up step began (each is timed by the page: www/protocol/worker-boot.js). */
    booting: 'booting',
    /** Started: the pool's size (0 without one) and whether the page is isolated. */
    ready: 'ready',
    /** The start failed. */
    fatal: 'fatal',
    strategyStart: 'strategy-start',
    /** repeat > 1: before each further run of the strategy. */
    repeatStart: 'repeat-start',
    /** Counts so far and the spans finished since the last progress message. */
    progress: 'progress',
    strategyDone: 'strategy-done',
    /** The run ended; `notRun` lists the strategies a cancel kept from starting. */
    runDone: 'run-done',
    runError: 'run-error',
    /** The module panicked or trapped: this worker must be replaced. */
    crashed: 'crashed',
    /** Joined the task queue: the worker's id as the broker names it. */
    joined: 'joined',
    /** Joining failed, or the queue closed: why. */
    joinFailed: 'join-failed',
    /** A task the joined worker took or answered. */
    queueTask: 'queue-task',
  }),
);

/** The user-timing marks the page sets on its main thread: when it posts a run to the worker and
 * when each strategy's result message arrives (DevTools' performance panel shows them; the bench
 * splits the main thread's busy time at them). */
export const RUN_MARKS = Object.freeze(/** @type {const} */ ({ start: 'playground:run-start', result: 'playground:result' }));

/**
 * Page → worker.
 * @typedef {{ type: typeof TO_WORKER.init, threads: number }} InitMessage
 * @typedef {{ type: typeof TO_WORKER.run, runId: number, params: Record<string, any> }} RunMessage
 * @typedef {{ type: typeof TO_WORKER.cancel, runId: number }} CancelMessage
 * @typedef {{ type: typeof TO_WORKER.panic, where: 'worker' | 'pool' }} PanicMessage
 * @typedef {{ type: typeof TO_WORKER.stall, ms: number }} StallMessage
 * @typedef {{ type: typeof TO_WORKER.join, token: string, name: string }} JoinMessage
 * @typedef {{ type: typeof TO_WORKER.leave }} LeaveMessage
 * @typedef {InitMessage | RunMessage | CancelMessage | PanicMessage | StallMessage | JoinMessage | LeaveMessage} ToWorker
 */

/**
 * Worker → page: its start-up.
 * @typedef {{ type: typeof FROM_WORKER.booting, step: 'module' | 'pool' }} Booting
 * @typedef {{ type: typeof FROM_WORKER.ready, poolThreads: number, isolated: boolean,
 *   boot?: Record<string, number> }} Ready  `boot`: the worker's start-up marks, ms since the epoch
 * @typedef {{ type: typeof FROM_WORKER.fatal, message: string }} Fatal
 * @typedef {{ type: typeof FROM_WORKER.crashed, message: string }} Crashed
 */

/**
 * Worker → page: a run. Every one carries its `runId`.
 * @typedef {{ type: typeof FROM_WORKER.strategyStart, runId: number, strategy: string, total: number, reps: number }} StrategyStart
 * @typedef {{ type: typeof FROM_WORKER.repeatStart, runId: number, strategy: string, rep: number }} RepeatStart
 * @typedef {{ type: typeof FROM_WORKER.progress, runId: number, strategy: string, done: number, failed: number,
 *   cancelled: number, total: number, rep: number, reps: number, spans: Span[] }} Progress
 * @typedef {{ type: typeof FROM_WORKER.strategyDone, runId: number, result: StrategyResult }} StrategyDone
 * @typedef {{ type: typeof FROM_WORKER.runDone, runId: number, cancelled: boolean, notRun: string[] }} RunDone
 * @typedef {{ type: typeof FROM_WORKER.runError, runId: number, message: string }} RunError
 * @typedef {StrategyStart | RepeatStart | Progress | StrategyDone | RunDone | RunError} RunEvent
 */

/**
 * Worker → page: the join mode.
 * @typedef {{ type: typeof FROM_WORKER.joined, id: string }} Joined
 * @typedef {{ type: typeof FROM_WORKER.joinFailed, message: string }} JoinFailed
 * @typedef {{ event: 'took' | 'answered', run: string, task: number, tasks?: number, kernel?: string,
 *   delivery?: number, ok?: boolean, thread?: number, runMs?: number, error?: string }} QueueTaskSeen
 * @typedef {{ type: typeof FROM_WORKER.queueTask, seen: QueueTaskSeen }} QueueTask
 */

/** @typedef {Booting | Ready | Fatal | Crashed | RunEvent | Joined | JoinFailed | QueueTask} FromWorker */

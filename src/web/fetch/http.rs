//! The HTTP client of a run: GETs through gloo-net that Cancel and the per-task timeout abort,
//! with failure reasons in plain words, starts paced so a Cancel gets in, and the browser's
//! Resource Timing entries matched back to the tasks.

use crate::family::fetch::wire::{attach_wire_times, WireEntry};
use crate::model::{Run, TaskError, TaskOutcome};
use crate::params::Params;
use crate::schedule::{Pace, StartPacer};
use crate::web::cancel::{self, Stopped};
use crate::web::js::{now_ms, performance};
use futures::future::{self, Either, FutureExt};
use gloo_net::http::{Request, Response};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A target the core accepted (`Params::validate`) must parse in the browser's own URL parser
/// too, or every request would fail the same way.
pub fn check_target_parses(target: &str) -> Result<(), String> {
    if target.is_empty() || web_sys::Url::new(target).is_ok() {
        return Ok(());
    }
    Err(format!(
        "target `{target}` is not a URL the browser can parse"
    ))
}

/// How long a burst of request starts may hold this worker's thread before the rest wait for the
/// event loop to turn (see [`StartPacer`]): well inside the page's 100 ms cancel grace.
const START_SLICE_MS: f64 = 20.0;

/// How this run's requests are made: cancellable, with the per-task timeout, and with failure
/// reasons in plain words.
pub struct Requests {
    timeout_ms: u32,
    /// A real target instead of the mock API: network errors then mostly mean CORS.
    real_target: bool,
    /// Resolves when the person cancels this run.
    stopped: Option<Stopped>,
    /// Lets the event loop turn during a long burst of starts, so a Cancel message gets in.
    pacer: RefCell<StartPacer>,
    /// The timer armed when a slice filled (see [`StartPacer`]).
    turn: RefCell<Option<LoopTurn>>,
    /// The run's abort signal, read once: every request without a timeout is sent with it.
    run_signal: Option<web_sys::AbortSignal>,
    /// The `init` of a request without a timeout, by `no_store`, built once per run.
    inits: RefCell<[Option<web_sys::RequestInit>; 2]>,
}

/// A 0 ms timer: it fires when the event loop next turns, which is all it is for.
struct LoopTurn {
    turned: Rc<Cell<bool>>,
    fired: future::Shared<futures::channel::oneshot::Receiver<()>>,
    /// Cleared when dropped (the run is over, or a new slice has its own timer).
    _timer: gloo_timers::callback::Timeout,
}

impl LoopTurn {
    fn arm() -> LoopTurn {
        let turned = Rc::new(Cell::new(false));
        let (tell, fired) = futures::channel::oneshot::channel();
        let flag = turned.clone();
        let timer = gloo_timers::callback::Timeout::new(0, move || {
            flag.set(true);
            let _ = tell.send(());
        });
        LoopTurn {
            turned,
            fired: fired.shared(),
            _timer: timer,
        }
    }
}

impl Requests {
    pub fn new(params: &Params) -> Requests {
        Requests {
            timeout_ms: params.timeout,
            real_target: !params.target.is_empty(),
            stopped: cancel::stopped(),
            pacer: RefCell::new(StartPacer::new(START_SLICE_MS)),
            turn: RefCell::new(None),
            run_signal: cancel::abort_signal(),
            inits: RefCell::new([None, None]),
        }
    }

    /// `fetch_length` with the `init` of one request: the run's, built once and shared by its
    /// requests, unless this one has a timeout signal of its own.
    fn fetch(&self, url: &str, guard: &Abortable, no_store: bool) -> js_sys::Promise {
        let build = || {
            let init = web_sys::RequestInit::new();
            if let Some(signal) = guard.signal(self.run_signal.as_ref()) {
                init.set_signal(Some(&signal));
            }
            if no_store {
                init.set_cache(web_sys::RequestCache::NoStore);
            }
            init
        };
        if guard.timeout.is_some() {
            return fetch_length(url, &build(), self.real_target);
        }
        let mut inits = self.inits.borrow_mut();
        let init = inits[usize::from(no_store)].get_or_insert_with(build);
        fetch_length(url, init, self.real_target)
    }

    /// Waits, if this start comes when a burst of starts has held the thread for a slice,
    /// until the event loop has turned (see [`StartPacer`]), so a Cancel message gets in.
    async fn pace(&self) -> Result<(), TaskError> {
        loop {
            let turned = self.turn.borrow().as_ref().is_some_and(|t| t.turned.get());
            let fired = match self.pacer.borrow_mut().before_start(now_ms(), turned) {
                Pace::Go => {
                    if turned {
                        *self.turn.borrow_mut() = None;
                    }
                    return Ok(());
                }
                Pace::Wait => self
                    .turn
                    .borrow_mut()
                    .get_or_insert_with(LoopTurn::arm)
                    .fired
                    .clone(),
            };
            // `Err` only if the timer was dropped: ask again.
            let _ = self.unless_cancelled(fired).await?;
        }
    }

    /// `work`, or `Cancelled` the moment the person cancels, whichever comes first. The
    /// request is aborted too, but waiting for a thousand aborts to come back, one executor
    /// wake-up each, takes longer than the page's cancel grace; raced, the strategy ends in one
    /// poll.
    async fn unless_cancelled<T>(&self, work: impl Future<Output = T>) -> Result<T, TaskError> {
        let Some(stopped) = self.stopped.clone() else {
            return Ok(work.await);
        };
        futures::pin_mut!(work);
        match future::select(work, stopped).await {
            Either::Left((value, _)) => Ok(value),
            Either::Right((Ok(()), _)) => Err(TaskError::Cancelled),
            // The run ended (its sender dropped) without a cancel: just finish.
            Either::Right((Err(_), work)) => Ok(work.await),
        }
    }

    /// One GET whose whole body is read, so the span covers the download too. `Ok` carries the
    /// body size (summed into the checksum) and the absolute URL that answered (the key of its
    /// Resource Timing entry).
    ///
    /// The lightest path measured (the same JavaScript in a Worker is the bar): one promise
    /// from [`fetch_length`] for the answer and its body, so one await through
    /// wasm-bindgen-futures rather than two; the body's length read in JavaScript, never copied
    /// into wasm memory; the run's `init` shared by its requests; one race against Cancel.
    pub async fn bytes(&self, url: String, no_store: bool) -> Result<(u64, String), TaskError> {
        self.ready_to_send().await?;
        let guard = Abortable::new(self.timeout_ms);
        let answer = self.fetch(&url, &guard, no_store);
        let exchange = async move {
            let answer = JsFuture::from(answer)
                .await
                .map_err(|stage| match stage.as_f64() {
                    Some(READ_FAILED) => broke_while_reading(),
                    _ => self.network_error(&url),
                })?;
            if let Some(len) = answer.as_f64() {
                return Ok((len as u64, url));
            }
            if let Some(pair) = answer.dyn_ref::<js_sys::Array>() {
                let len = pair.get(0).as_f64().unwrap_or(0.0);
                return Ok((len as u64, pair.get(1).as_string().unwrap_or(url)));
            }
            let response: web_sys::Response = answer.unchecked_into();
            Err(http_status(response.status(), &response.status_text()))
        };
        guard.check(self.unless_cancelled(exchange).await?)
    }

    /// One GET of a page, its body as text.
    pub async fn text(&self, url: String) -> Result<String, TaskError> {
        let (response, guard) = self.send(&url, true).await?;
        let body = self.unless_cancelled(response.text()).await?;
        guard.check(body.map_err(|_| broke_while_reading()))
    }

    /// Paces the start (see [`Requests::pace`]); a task that has not started when Cancel comes
    /// is cancelled without sending anything.
    async fn ready_to_send(&self) -> Result<(), TaskError> {
        self.pace().await?;
        if cancel::cancelled() {
            return Err(TaskError::Cancelled);
        }
        Ok(())
    }

    async fn send(&self, url: &str, no_store: bool) -> Result<(Response, Abortable), TaskError> {
        self.ready_to_send().await?;
        let guard = Abortable::new(self.timeout_ms);
        let signal = guard.signal(self.run_signal.as_ref());
        let mut request = Request::get(url).abort_signal(signal.as_ref());
        if no_store {
            request = request.cache(web_sys::RequestCache::NoStore);
        }
        let response = self.unless_cancelled(request.send()).await?;
        let response = guard.check(response.map_err(|_| self.network_error(url)))?;
        if !response.ok() {
            let reason = http_status(response.status(), &response.status_text());
            return Err(TaskError::Failed(reason));
        }
        Ok((response, guard))
    }

    fn network_error(&self, url: &str) -> String {
        if self.real_target {
            let host = web_sys::Url::new(url).map(|u| u.host()).unwrap_or_default();
            format!(
                "network error: {host} is unreachable, or it refused this page by CORS (the \
                 answer must carry Access-Control-Allow-Origin; the browser does not say which)"
            )
        } else {
            "network error: the connection closed without an answer".to_string()
        }
    }
}

/// What [`fetch_length`] rejects with when the body broke off (the request itself failing
/// rejects with 0).
const READ_FAILED: f64 = 1.0;

#[wasm_bindgen(inline_js = "
export function fetch_length(url, init, withUrl) {
  return fetch(url, init).then(
    (r) => r.ok ? r.arrayBuffer().then((b) => withUrl ? [b.byteLength, r.url] : b.byteLength, () => { throw 1; }) : r,
    () => { throw 0; },
  );
}
")]
extern "C" {
    /// `fetch(url, init)` on this worker's global scope with the whole body read: the body's
    /// length (with the URL that answered, if `with_url`) when the answer is 2xx, the
    /// `Response` itself when not; rejects with 0 if the request failed, 1 if the body broke.
    fn fetch_length(url: &str, init: &web_sys::RequestInit, with_url: bool) -> js_sys::Promise;
}

/// A failure reason for an answer that is not 2xx, e.g. `HTTP 500 Internal Server Error`.
fn http_status(status: u16, text: &str) -> String {
    format!("HTTP {status} {text}").trim_end().to_string()
}

fn broke_while_reading() -> String {
    "the connection broke while the body was arriving".to_string()
}

/// The per-task timeout of one request, and its failure told apart after the fact: aborted by
/// Cancel (the run's controller) or by the timeout is how a failure becomes `cancelled` or
/// `timed out`.
struct Abortable {
    timeout: Option<(web_sys::AbortSignal, u32)>,
}

impl Abortable {
    fn new(timeout_ms: u32) -> Abortable {
        let timeout = (timeout_ms > 0).then(|| {
            (
                web_sys::AbortSignal::timeout_with_u32(timeout_ms),
                timeout_ms,
            )
        });
        Abortable { timeout }
    }

    /// The signal the request is sent with: Cancel's (`run`, [`cancel::abort_signal`]) or the
    /// timeout, whichever fires first.
    fn signal(&self, run: Option<&web_sys::AbortSignal>) -> Option<web_sys::AbortSignal> {
        // AbortSignal.any (Chrome 116, Firefox 124, Safari 17.4) only when there are two
        // signals to combine: without a timeout, older browsers still get Cancel.
        match (run, &self.timeout) {
            (Some(run), Some((t, _))) => {
                Some(web_sys::AbortSignal::any(&js_sys::Array::of2(run, t)))
            }
            (Some(run), None) => Some(run.clone()),
            (None, Some((t, _))) => Some(t.clone()),
            (None, None) => None,
        }
    }

    /// Passes a success through; a failure of an aborted request is `cancelled` or
    /// `timed out`, whatever error the browser reported for the abort. Cancel raises the flag
    /// as it aborts the run's signal.
    fn check<T>(&self, outcome: Result<T, String>) -> Result<T, TaskError> {
        let reason = match outcome {
            Ok(value) => return Ok(value),
            Err(reason) => reason,
        };
        if cancel::cancelled() {
            return Err(TaskError::Cancelled);
        }
        match &self.timeout {
            Some((t, ms)) if t.aborted() => {
                Err(TaskError::Failed(format!("timed out after {ms} ms")))
            }
            _ => Err(TaskError::Failed(reason)),
        }
    }
}

/// A fetch run's GETs, remembering which URL answered each task so that, once the run is over,
/// each span gets the times the browser really sent its request and received the answer.
pub struct WireTimedGets {
    requests: Requests,
    /// Looked up only at the end, because a Resource Timing look-up per request during the run
    /// cost more than the rest of the request's overhead.
    answered_by: RefCell<Vec<Option<String>>>,
    /// Epoch ms of the strategy's start, the spans' zero.
    origin: f64,
}

impl WireTimedGets {
    /// Clears this worker's Resource Timing buffer, so it holds this run's answers only.
    pub fn start(params: &Params, clock: &dyn Fn() -> f64) -> WireTimedGets {
        performance().clear_resource_timings();
        WireTimedGets {
            requests: Requests::new(params),
            answered_by: RefCell::new(vec![None; params.tasks as usize]),
            origin: now_ms() - clock(),
        }
    }

    /// Task `task`'s GET of `url`; `Ok` is the body size.
    pub async fn get(&self, task: u32, url: String, no_store: bool) -> TaskOutcome {
        let (len, answered_from) = self.requests.bytes(url, no_store).await?;
        if let Some(slot) = self.answered_by.borrow_mut().get_mut(task as usize) {
            *slot = Some(answered_from);
        }
        Ok(len)
    }

    /// `run` with each span's wire times, where the browser recorded them.
    pub fn with_wire_times(&self, mut run: Run) -> Run {
        let entries = wire_entries(self.origin);
        attach_wire_times(&mut run.spans, &self.answered_by.borrow(), entries);
        run
    }
}

/// Every answer in this worker's Resource Timing buffer: when the browser sent the request and
/// received its whole answer, in ms since `origin` (epoch ms). Cross-origin answers need
/// `Timing-Allow-Origin` for this; the mock API sends it.
fn wire_entries(origin: f64) -> Vec<WireEntry> {
    let perf = performance();
    let base = perf.time_origin() - origin;
    perf.get_entries_by_type("resource")
        .iter()
        .filter_map(|entry| entry.dyn_into::<web_sys::PerformanceResourceTiming>().ok())
        .filter(|t| t.request_start() > 0.0 && t.response_end() >= t.request_start())
        .map(|t| WireEntry {
            url: t.name(),
            sent_ms: base + t.request_start(),
            received_ms: base + t.response_end(),
        })
        .collect()
}

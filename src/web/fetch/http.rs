//! The HTTP client of a run: GETs (a page's through gloo-net, the rest through [`off_stack`])
//! that Cancel and the per-task timeout abort, with failure reasons in plain words, starts
//! paced so a Cancel gets in, and the browser's Resource Timing entries matched back to the
//! tasks.

use super::off_stack;
use crate::family::fetch::wire::{attach_wire_times, WireEntry};
use crate::model::{Run, TaskError, TaskOutcome};
use crate::params::Params;
use crate::schedule::{Pace, StartPacer};
use crate::web::cancel::{self, Stopped};
use crate::web::js::{now_ms, performance};
use futures::future::{self, Either, FutureExt};
use gloo_net::http::{Request, Response};
use js_sys::Array;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
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

/// How long a burst of request starts may take in Rust before the rest wait for the event loop
/// to turn (see [`StartPacer`]). The browser's `fetch` calls of a slice's starts run right after
/// it, as promise reactions ([`off_stack`]), so the thread is held longer: a Cancel during the
/// first burst of 1000 requests took 150-390 ms to end the run here, inside the page's 1 s grace.
const START_SLICE_MS: f64 = 20.0;

/// How this run's requests are made: cancellable, with the per-task timeout, and with failure
/// reasons in plain words.
pub struct Requests {
    timeout_ms: u32,
    /// A real target instead of the mock API: network errors then mostly mean CORS.
    real_target: bool,
    /// Resolves when the person cancels this run.
    stopped: Option<Stopped>,
    /// Aborted when the person cancels this run.
    run_signal: Option<web_sys::AbortSignal>,
    /// The options every GET of the run is sent with when there is no per-task timeout (then
    /// they are the same for all), by `no_store`: made once, not per request.
    shared_init: RefCell<[Option<web_sys::RequestInit>; 2]>,
    /// Lets the event loop turn during a long burst of starts, so a Cancel message gets in.
    pacer: RefCell<StartPacer>,
    /// The timer out, if one is (see [`StartPacer`]).
    turn: RefCell<Option<LoopTurn>>,
}

/// A 0 ms timer: it fires when the event loop next turns, which is all it is for.
struct LoopTurn {
    /// When it fired (epoch ms), once it has.
    fired_at: Rc<Cell<Option<f64>>>,
    fired: future::Shared<futures::channel::oneshot::Receiver<()>>,
    /// Cleared when dropped (the run is over).
    _timer: gloo_timers::callback::Timeout,
}

impl LoopTurn {
    fn arm() -> LoopTurn {
        let fired_at = Rc::new(Cell::new(None));
        let (tell, fired) = futures::channel::oneshot::channel();
        let at = fired_at.clone();
        let timer = gloo_timers::callback::Timeout::new(0, move || {
            at.set(Some(now_ms()));
            let _ = tell.send(());
        });
        LoopTurn {
            fired_at,
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
            run_signal: cancel::abort_signal(),
            shared_init: RefCell::new([None, None]),
            pacer: RefCell::new(StartPacer::new(START_SLICE_MS)),
            turn: RefCell::new(None),
        }
    }

    /// Waits, if this start comes when a burst of starts has held the thread for a slice,
    /// until the event loop has turned (see [`StartPacer`]), so a Cancel message gets in.
    async fn pace(&self) -> Result<(), TaskError> {
        loop {
            let fired_at = self.turn.borrow().as_ref().and_then(|t| t.fired_at.get());
            if fired_at.is_some() {
                *self.turn.borrow_mut() = None;
            }
            match self.pacer.borrow_mut().before_start(now_ms(), fired_at) {
                Pace::Go { arm: true } => {
                    *self.turn.borrow_mut() = Some(LoopTurn::arm());
                    return Ok(());
                }
                Pace::Go { arm: false } => return Ok(()),
                Pace::Wait => {}
            }
            let Some(fired) = self.turn.borrow().as_ref().map(|t| t.fired.clone()) else {
                return Ok(());
            };
            // `Err` only if the timer was dropped, i.e. the run is over: ask again.
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
    /// The lightest path measured (a plain JavaScript pool per 0 ms request is the bar): the
    /// browser's own `fetch(url, init)` called off the wasm stack with no `Request` object built
    /// first, the body read as an `ArrayBuffer` whose length is all we need (not copied into
    /// wasm memory), both chained into one promise (see [`off_stack`]), and one race against
    /// Cancel around the whole exchange.
    pub async fn bytes(&self, url: String, no_store: bool) -> Result<(u64, String), TaskError> {
        self.ready_to_send().await?;
        let guard = Abortable::new(self.run_signal.clone(), self.timeout_ms);
        let init = self.init(&guard, no_store);
        let exchange = async {
            let answer: Array = JsFuture::from(off_stack::fetch_with_body(&url, &init))
                .await
                .map_err(|_| self.network_error(&url))?
                .unchecked_into();
            let response: web_sys::Response = answer.get(0).unchecked_into();
            if !response.ok() {
                return Err(http_status(response.status(), &response.status_text()));
            }
            let body = answer.get(1);
            let Some(body) = body.dyn_ref::<js_sys::ArrayBuffer>() else {
                return Err(broke_while_reading());
            };
            // The mock API's URLs are built absolute and need no normalising; a target's may.
            let answered = if self.real_target {
                response.url()
            } else {
                url.clone()
            };
            Ok((u64::from(body.byte_length()), answered))
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
        let guard = Abortable::new(self.run_signal.clone(), self.timeout_ms);
        let mut request = Request::get(url).abort_signal(guard.signal.as_ref());
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

    /// The options a GET is sent with: its signal and, if `no_store`, no cache.
    fn init(&self, guard: &Abortable, no_store: bool) -> web_sys::RequestInit {
        let fresh = || {
            let init = web_sys::RequestInit::new();
            if let Some(signal) = guard.signal.as_ref() {
                init.set_signal(Some(signal));
            }
            if no_store {
                init.set_cache(web_sys::RequestCache::NoStore);
            }
            init
        };
        if guard.timeout.is_some() {
            return fresh();
        }
        // The browser reads the options when `fetch` is called and keeps no hold on them.
        self.shared_init.borrow_mut()[usize::from(no_store)]
            .get_or_insert_with(fresh)
            .clone()
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

/// A failure reason for an answer that is not 2xx, e.g. `HTTP 500 Internal Server Error`.
fn http_status(status: u16, text: &str) -> String {
    format!("HTTP {status} {text}").trim_end().to_string()
}

fn broke_while_reading() -> String {
    "the connection broke while the body was arriving".to_string()
}

/// The signal one request is sent with: aborted by Cancel (the run's controller) or by the
/// per-task timeout, whichever comes first. Telling which one fired, after the fact, is how a
/// failure becomes `cancelled` or `timed out`.
struct Abortable {
    signal: Option<web_sys::AbortSignal>,
    run: Option<web_sys::AbortSignal>,
    timeout: Option<(web_sys::AbortSignal, u32)>,
}

impl Abortable {
    /// `run`: the run's signal, aborted by Cancel.
    fn new(run: Option<web_sys::AbortSignal>, timeout_ms: u32) -> Abortable {
        let timeout = (timeout_ms > 0).then(|| {
            (
                web_sys::AbortSignal::timeout_with_u32(timeout_ms),
                timeout_ms,
            )
        });
        // AbortSignal.any (Chrome 116, Firefox 124, Safari 17.4) only when there are two
        // signals to combine: without a timeout, older browsers still get Cancel.
        let signal = match (&run, &timeout) {
            (Some(run), Some((t, _))) => {
                Some(web_sys::AbortSignal::any(&js_sys::Array::of2(run, t)))
            }
            (Some(run), None) => Some(run.clone()),
            (None, Some((t, _))) => Some(t.clone()),
            (None, None) => None,
        };
        Abortable {
            signal,
            run,
            timeout,
        }
    }

    /// Passes a success through; a failure of an aborted request is `cancelled` or
    /// `timed out`, whatever error the browser reported for the abort.
    fn check<T>(&self, outcome: Result<T, String>) -> Result<T, TaskError> {
        let reason = match outcome {
            Ok(value) => return Ok(value),
            Err(reason) => reason,
        };
        if self.run.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
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

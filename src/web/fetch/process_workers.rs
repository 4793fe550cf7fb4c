//! `fetch-processes`' workers: k Web Workers, each instantiating this module afresh with its
//! own memory (a process), started for the run and terminated after it.
//!
//! Each makes its requests with a synchronous `XMLHttpRequest` ([`super::xhr`]): the worker's
//! only thread blocks in it, as a process's does in `requests.get`, so one request per process
//! at a time, and the same request code as `fetch-threads`. Cancel terminates the workers,
//! which is safe at any moment: nothing else shares their memory.

use super::urls::{next_run_nonce, task_url};
use crate::family::fetch::detail::Workers;
use crate::family::fetch::processes::{fetch_processes, Answer};
use crate::model::{Span, TaskError};
use crate::params::Params;
use crate::report::{Detail, Outcome};
use crate::web::cancel;
use crate::web::js::{describe, main_js, now_ms};
use crate::web::progress::Progress;
use futures::future::{self, Either};
use std::cell::RefCell;
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The process's script, started from a Blob so that it runs wherever the module is served
/// from.
const PROCESS_SCRIPT: &str = include_str!("../../../www/worker/fetch-process-worker.js");

#[wasm_bindgen(inline_js = "
let url;
export function spawn_process(source, module, mainJS, lane) {
  url ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: `fetch-processes ${lane}` });
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      worker.terminate();
      reject(new Error(`process ${lane} did not start: ${why}`));
    };
    worker.onmessage = ({ data }) => (data.ready ? resolve(worker) : fail(data.error));
    worker.onerror = (e) => fail(e.message || 'script error');
    worker.postMessage({ module, mainJS });
  });
}
export function process_get(worker, url, timeoutMs) {
  return new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (e) => resolve({ bytes: 0, error: `the process failed: ${e.message || 'script error'}`, startedAt: 0, endedAt: 0 });
    worker.postMessage({ url, timeoutMs });
  });
}
export function end_process(worker) {
  worker.terminate();
}
")]
extern "C" {
    fn spawn_process(source: &str, module: JsValue, main_js: &str, lane: u32) -> js_sys::Promise;
    fn process_get(worker: &JsValue, url: &str, timeout_ms: u32) -> js_sys::Promise;
    fn end_process(worker: &JsValue);
}

/// `work`, or `None` the moment the person cancels.
async fn unless_cancelled<T>(work: impl Future<Output = T>) -> Option<T> {
    let Some(stopped) = cancel::stopped() else {
        return Some(work.await);
    };
    futures::pin_mut!(work);
    match future::select(work, stopped).await {
        Either::Left((value, _)) => Some(value),
        Either::Right((Ok(()), _)) => None,
        Either::Right((Err(_), work)) => Some(work.await),
    }
}

/// Runs `fetch-processes` with `k` workers started for the run.
pub async fn run(params: &Params, k: u32, clock: &dyn Fn() -> f64, progress: &Progress) -> Outcome {
    let (module, url) = (wasm_bindgen::module(), main_js());
    let workers: RefCell<Vec<Option<JsValue>>> = RefCell::new(vec![None; k as usize]);
    let origin = now_ms() - clock();
    let nonce = next_run_nonce();
    let start = |lane: u32| {
        let promise = spawn_process(PROCESS_SCRIPT, module.clone(), &url, lane);
        let workers = &workers;
        async move {
            match unless_cancelled(JsFuture::from(promise)).await {
                Some(Ok(worker)) => workers.borrow_mut()[lane as usize] = Some(worker),
                Some(Err(e)) => return Err(describe(&e)),
                // Cancelled while starting: its first task ends cancelled (see `get`).
                None => {}
            }
            Ok(())
        }
    };
    let get = |lane: u32, task: u32| {
        let sent = clock();
        let worker = workers.borrow()[lane as usize].clone();
        let url = task_url(&params.api, params, nonce, task);
        let reply = worker
            .filter(|_| !cancel::cancelled())
            .map(|w| JsFuture::from(process_get(&w, &url, params.timeout)));
        async move {
            let reply = match reply {
                Some(reply) => unless_cancelled(reply).await,
                None => None,
            };
            answer(reply, sent, clock(), origin)
        }
    };
    let on_span = |s: Span| progress.record(s);
    let (run, startups) = fetch_processes(params.tasks, k, clock, &on_span, start, get).await;
    for worker in workers.into_inner().into_iter().flatten() {
        end_process(&worker);
    }
    Ok((
        run,
        Some(Detail::Workers(Workers::processes(startups.startup_ms))),
    ))
}

/// A process's reply (epoch ms) on the run's clock; `None` = cancelled.
fn answer(reply: Option<Result<JsValue, JsValue>>, sent: f64, now: f64, origin: f64) -> Answer {
    let cancelled = Answer {
        start_ms: sent,
        end_ms: now,
        outcome: Err(TaskError::Cancelled),
    };
    let reply = match reply {
        None => return cancelled,
        Some(Err(e)) => {
            return Answer {
                outcome: Err(TaskError::Failed(describe(&e))),
                ..cancelled
            }
        }
        Some(Ok(reply)) => reply,
    };
    let field = |name: &str| js_sys::Reflect::get(&reply, &name.into()).unwrap_or_default();
    let ms = |name: &str| field(name).as_f64().map_or(now, |t| t - origin);
    let error = field("error").as_string().unwrap_or_default();
    Answer {
        start_ms: ms("startedAt"),
        end_ms: ms("endedAt"),
        outcome: match error.is_empty() {
            true => Ok(field("bytes").as_f64().unwrap_or(0.0) as u64),
            false => Err(TaskError::Failed(error)),
        },
    }
}

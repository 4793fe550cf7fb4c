//! The queue family's glue: this worker is the producer of a run on the playground server's
//! `/queue` bridge (docs/task-queue.md), and this page's pool joins as one of its workers.
//! Without a server (the static build) or without Redis the run fails with the reason.

pub mod io_task;
pub mod socket;
pub mod worker;

use crate::family::queue::{QueueFn, Summary};
use crate::model::{RunClock, Span, Status};
use crate::params::Params;
use crate::report::{Detail, Outcome};
use crate::web::progress::Progress;
use crate::web::{cancel, pool};
use serde_json::{json, Value};
use socket::{bridge_url, Incoming, Socket};
use std::rc::Rc;

/// How often the run looks at the page's Cancel while it waits for the broker.
const CANCEL_POLL_MS: u32 = 50;

/// Runs `params.tasks` CPU tasks through the broker and shapes its summary with `shape`.
pub async fn run(
    shape: QueueFn,
    params: &Params,
    clock: impl RunClock,
    progress: Progress,
) -> Outcome {
    let url = bridge_url("")?;
    let mut producer = Socket::open(&url).await?;
    producer.send(&json!({ "type": "hello", "role": "producer" }))?;
    expect_welcome(&mut producer).await?;
    let threads = pool::threads().max(1);
    let own = worker::join(&url, "this page", threads, Rc::new(|_| {})).await?;
    producer.send(&json!({
        "type": "submit", "count": params.tasks, "reclaimMs": params.reclaim_ms,
        "maxDeliveries": params.max_deliveries,
        "task": { "kind": "cpu", "kernel": params.kernel.id(), "work": params.work },
    }))?;
    let (summary, offset) = follow(&mut producer, clock, &progress).await?;
    drop(own);
    let (run, detail) = shape(&summary, offset);
    Ok((run, Some(Detail::Queue(detail))))
}

async fn expect_welcome(socket: &mut Socket) -> Result<(), String> {
    match socket.next().await {
        Incoming::Message(m) if m["type"] == "welcome" => Ok(()),
        Incoming::Message(m) if m["type"] == "refused" => Err(m["reason"]
            .as_str()
            .unwrap_or("the queue was refused")
            .to_string()),
        Incoming::Message(m) => Err(format!("the bridge answered {m}")),
        Incoming::Open => Err("the bridge did not answer".into()),
        Incoming::Closed(why) => Err(why),
    }
}

/// Follows the run to its summary, sending `cancel` once when the page's Cancel is pressed;
/// returns the summary and the offset from the broker's clock to the run's.
async fn follow(
    producer: &mut Socket,
    clock: impl RunClock,
    progress: &Progress,
) -> Result<(Summary, f64), String> {
    let (mut offset, mut run_id, mut cancel_sent) = (0.0, Value::Null, false);
    let mut lanes: Vec<(String, u64)> = Vec::new();
    loop {
        let next = producer.next();
        let tick = gloo_timers::future::TimeoutFuture::new(CANCEL_POLL_MS);
        let incoming = match futures::future::select(Box::pin(next), tick).await {
            futures::future::Either::Left((incoming, _)) => Some(incoming),
            futures::future::Either::Right(_) => None,
        };
        if cancel::cancelled() && !cancel_sent && !run_id.is_null() {
            producer.send(&json!({ "type": "cancel", "run": run_id }))?;
            cancel_sent = true;
        }
        let m = match incoming {
            None | Some(Incoming::Open) => continue,
            Some(Incoming::Closed(why)) => return Err(why),
            Some(Incoming::Message(m)) => m,
        };
        match m["type"].as_str() {
            Some("run") => {
                offset = clock() - m["serverTime"].as_f64().unwrap_or(0.0);
                run_id = m["run"].clone();
            }
            Some("event") => live_span(&m["event"], offset, &mut lanes, progress),
            Some("summary") => {
                let summary = serde_json::from_value(m["summary"].clone())
                    .map_err(|e| format!("the broker's summary did not read: {e}"))?;
                return Ok((summary, offset));
            }
            Some("refused") => return Err(m["reason"].as_str().unwrap_or("refused").into()),
            _ => {}
        }
    }
}

/// The live timeline's span for a finished delivery (the report's spans come from the summary).
fn live_span(event: &Value, offset: f64, lanes: &mut Vec<(String, u64)>, progress: &Progress) {
    if event["kind"] != "done" && event["kind"] != "dead" {
        return;
    }
    let key = (
        event["worker"].as_str().unwrap_or("").to_string(),
        event["thread"].as_u64().unwrap_or(0),
    );
    let lane = lanes.iter().position(|l| *l == key).unwrap_or_else(|| {
        lanes.push(key);
        lanes.len() - 1
    }) as u32;
    let end = event["completed"].as_f64().unwrap_or(0.0) + offset;
    let start = event["delivered"].as_f64().map_or(end, |d| d + offset);
    let status = if event["status"] == "ok" {
        Status::Ok
    } else {
        Status::Failed
    };
    let task = event["task"].as_u64().unwrap_or(0) as u32;
    progress.record(Span::with_status(task, lane, start, end, status));
}

thread_local! {
    /// The worker a join page runs, until it leaves.
    static JOINED: std::cell::RefCell<Option<worker::Joined>> = const { std::cell::RefCell::new(None) };
}

/// Joins as a worker of its own (a page opened with the join link); resolves to its id.
pub async fn join_here(
    token: &str,
    name: &str,
    on_task: js_sys::Function,
) -> Result<String, String> {
    leave_here();
    let tell = Rc::new(move |seen: Value| {
        let _ = on_task.call1(&wasm_bindgen::JsValue::NULL, &seen.to_string().into());
    });
    let joined = worker::join(&bridge_url(token)?, name, pool::threads().max(1), tell).await?;
    let id = joined.id.clone();
    JOINED.with(|j| *j.borrow_mut() = Some(joined));
    Ok(id)
}

/// Leaves, closing the worker's socket at once.
pub fn leave_here() {
    JOINED.with(|j| j.borrow_mut().take());
}

//! This page's threads as a worker of the broker (role worker on the `/queue` bridge): the page
//! running `queue-broker` joins with its pool, a tab opened with the join link with its one
//! thread. Each task runs the same kernel call the CPU strategies make, on the pool, and is
//! answered with the pool thread that ran it.

use super::io_task;
use super::socket::{Incoming, Socket};
use crate::family::cpu::Kernel;
use crate::web::pool;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use web_sys::WebSocket;

/// The stop flags of the tasks in hand, by run, so that the broker's `cancel` stops them.
type InHand = Rc<RefCell<Vec<(String, Arc<AtomicBool>)>>>;

/// Called with each task taken (`{run, task, tasks, kernel, delivery}`) and each answered
/// (`{run, task, ok, thread, runMs}`), for a join page to show.
pub type OnTask = Rc<dyn Fn(Value)>;

/// A joined worker; leaving (or dropping it) closes its socket, and the broker gives what it
/// held to another worker `reclaimMs` later.
pub struct Joined {
    ws: WebSocket,
    /// The worker's id as the broker names it.
    pub id: String,
}

impl Joined {
    pub fn leave(&self) {
        let _ = self.ws.close();
    }
}

impl Drop for Joined {
    fn drop(&mut self) {
        self.leave();
    }
}

/// Joins the broker at `url` as worker `name` with `threads` threads.
pub async fn join(url: &str, name: &str, threads: u32, on_task: OnTask) -> Result<Joined, String> {
    let mut socket = Socket::open(url).await?;
    let hello = json!({ "type": "hello", "role": "worker", "name": name, "kind": "browser",
                        "threads": threads.clamp(1, 64) });
    socket.send(&hello)?;
    let id = match socket.next().await {
        Incoming::Message(m) if m["type"] == "welcome" => {
            m["worker"].as_str().unwrap_or("").to_string()
        }
        Incoming::Message(m) if m["type"] == "refused" => {
            return Err(m["reason"]
                .as_str()
                .unwrap_or("the queue was refused")
                .to_string())
        }
        Incoming::Message(m) => return Err(format!("the bridge answered {m}")),
        Incoming::Open => return Err("the bridge did not answer".into()),
        Incoming::Closed(why) => return Err(why),
    };
    let ws = socket.raw();
    wasm_bindgen_futures::spawn_local(serve(socket, on_task));
    Ok(Joined { ws, id })
}

/// Takes tasks until the socket closes.
async fn serve(mut socket: Socket, on_task: OnTask) {
    let in_hand: InHand = Rc::default();
    while let Incoming::Message(m) = socket.next().await {
        match m["type"].as_str() {
            Some("task") => take(socket.raw(), &m, &in_hand, on_task.clone()),
            Some("cancel") => {
                let run = m["run"].as_str().unwrap_or("");
                let mut held = in_hand.borrow_mut();
                for (_, stop) in held.iter().filter(|(r, _)| r == run) {
                    stop.store(true, Ordering::SeqCst);
                }
                held.retain(|(r, _)| r != run);
            }
            _ => {}
        }
    }
    for (_, stop) in in_hand.borrow().iter() {
        stop.store(true, Ordering::SeqCst);
    }
}

/// Starts one task on the pool and answers it when it is done (not at all if it was cancelled).
fn take(ws: WebSocket, m: &Value, in_hand: &InHand, on_task: OnTask) {
    let (run, id, d) = (m["run"].clone(), m["id"].clone(), &m["descriptor"]);
    let number = |key: &str| d[key].as_u64().unwrap_or(0) as u32;
    let (task, tasks, work) = (number("task"), number("tasks"), number("work"));
    let kernel = d["kernel"].as_str().and_then(Kernel::from_id);
    let answer = move |ws: &WebSocket, fields: Value| {
        let mut message = json!({ "type": "result", "run": run, "id": id });
        message
            .as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        let _ = ws.send_with_str(&message.to_string());
    };
    let io = d["kind"] == "io";
    let kernel = match (io, kernel.filter(|_| d["kind"] == "cpu")) {
        (true, _) => None,
        (false, Some(kernel)) => Some(kernel),
        (false, None) => {
            let error = "a browser worker takes CPU tasks of a known kernel and I/O tasks";
            answer(&ws, json!({ "ok": false, "error": error }));
            return;
        }
    };
    let what = kernel.map_or_else(|| format!("{} ms request", d["latencyMs"]), |k| k.id());
    on_task(
        json!({ "event": "took", "run": m["run"], "task": task, "tasks": tasks,
                    "kernel": what, "delivery": m["delivery"] }),
    );
    let stop = Arc::new(AtomicBool::new(false));
    let run_id = m["run"].as_str().unwrap_or("").to_string();
    in_hand.borrow_mut().push((run_id, stop.clone()));
    let (in_hand, mine) = (in_hand.clone(), stop.clone());
    let work_done: Work = match kernel {
        Some(kernel) => compute(kernel, (task, tasks, work), stop),
        None => Box::pin(request(d.clone(), stop)),
    };
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = work_done.await;
        in_hand.borrow_mut().retain(|(_, s)| !Arc::ptr_eq(s, &mine));
        let fields = match outcome {
            Ok((None, ..)) => return,
            Ok((Some(value), thread, ms)) => {
                json!({ "ok": true, "value": value.to_string(), "thread": thread, "runMs": ms })
            }
            Err(e) => json!({ "ok": false, "error": e }),
        };
        let mut seen = fields.clone();
        seen["event"] = "answered".into();
        seen["task"] = task.into();
        on_task(seen);
        answer(&ws, fields);
    });
}

/// A task's value (`None`: cancelled, not answered), the thread that ran it and its time (ms).
type Work = Pin<Box<dyn Future<Output = Result<(Option<u64>, u32, f64), String>>>>;

/// A CPU task on the pool (on this worker's own thread in the single-threaded build).
fn compute(kernel: Kernel, (task, tasks, work): (u32, u32, u32), stop: Arc<AtomicBool>) -> Work {
    Box::pin(pool::start_work(move || {
        let started = js_sys::Date::now();
        let value = kernel.run_checked(task, tasks, work, &mut || !stop.load(Ordering::SeqCst));
        let thread = rayon::current_thread_index().unwrap_or(0) as u32;
        (value, thread, js_sys::Date::now() - started)
    }))
}

/// An I/O task on this worker's event loop (no pool thread: it waits, it does not compute);
/// `Ok((None, ..))` if its run was cancelled meanwhile, so that it is not answered.
async fn request(d: Value, stop: Arc<AtomicBool>) -> Result<(Option<u64>, u32, f64), String> {
    let started = js_sys::Date::now();
    let size = io_task::get(&io_task::delay_url(&d)?).await?;
    let value = (!stop.load(Ordering::SeqCst)).then_some(size);
    Ok((value, 0, js_sys::Date::now() - started))
}

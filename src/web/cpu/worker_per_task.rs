//! `cpu-worker-per-task`'s Workers: one short-lived Web Worker per task (www/task-worker.js),
//! each with its own instance of this module, plugged into the core's strategy.

use crate::family::cpu::{self, CpuJob, WorkerReply};
use crate::model::Span;
use crate::report::{Detail, Outcome};
use crate::web::js::{describe, now_ms};
use crate::web::progress::Progress;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = "
export function spawn_task_worker(module, kernel, task, tasks, work) {
  // One short-lived Worker per task: a `threading.Thread` or a process per task. It gets its own
  // instance and memory of the already-compiled module, runs one task and ends.
  const url = new URL('task-worker.js', self.location.href);
  const spawnedAt = performance.timeOrigin + performance.now();
  const worker = new Worker(url, { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) reject(new Error(data.error));
      else resolve({ spawnedAt, ...data });
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`task worker failed: ${e.message || 'script error'}`));
    };
    worker.postMessage({ module, kernel, task, tasks, work });
  });
}
")]
extern "C" {
    fn spawn_task_worker(
        module: JsValue,
        kernel: &str,
        task: u32,
        tasks: u32,
        work: u32,
    ) -> js_sys::Promise;
}

/// Runs [`cpu::cpu_worker_per_task`] with a real Web Worker per task.
pub async fn run(job: CpuJob, clock: &dyn Fn() -> f64, progress: &Progress) -> Outcome {
    let kernel = job.kernel.id();
    let origin = now_ms() - clock();
    let module = wasm_bindgen::module();
    let spawn = |task: u32| {
        // Spawned on the call, not when awaited, so every Worker starts before any reply.
        let promise = spawn_task_worker(module.clone(), &kernel, task, job.tasks, job.work);
        async move {
            match JsFuture::from(promise).await {
                Ok(reply) => Ok(reply_times(&reply, origin)),
                Err(e) => Err(describe(&e)),
            }
        }
    };
    let on_span = |s: Span| progress.record(s);
    let (run, startup) = cpu::cpu_worker_per_task(job.tasks, clock, &on_span, spawn).await;
    Ok((run, Some(Detail::Startup(startup))))
}

/// A task Worker's reply (epoch ms from www/task-worker.js) on the strategy's clock.
fn reply_times(reply: &JsValue, origin: f64) -> WorkerReply {
    let field = |name: &str| {
        js_sys::Reflect::get(reply, &name.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    };
    WorkerReply {
        spawned_ms: field("spawnedAt") - origin,
        started_ms: field("startedAt") - origin,
        ended_ms: field("endedAt") - origin,
        value: field("value") as u64,
    }
}

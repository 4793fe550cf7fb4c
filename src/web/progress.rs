//! Live progress: tasks finished (and their spans) counted from any thread, posted to the
//! page's callback every so often.

use crate::model::{Phase, Span, Status};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsValue;

/// How often progress (and the spans finished meanwhile) is posted to the page: ten times a
/// second fills the timeline live, and every message wakes the page's main thread, which shares
/// the cores with the pool.
pub const PROGRESS_EVERY_MS: u32 = 100;
/// Above this many tasks only counts are posted live; the spans arrive with the result.
const LIVE_SPANS_UP_TO: u32 = 5_000;

/// Spans finished since the last progress message, collected from any thread.
#[derive(Clone, Default)]
pub struct Progress {
    done: Arc<AtomicU32>,
    failed: Arc<AtomicU32>,
    cancelled: Arc<AtomicU32>,
    pending: Arc<Mutex<Vec<Span>>>,
    live_spans: bool,
    /// The counts last posted (zeros before the first post: the page starts from zero). A tick
    /// that would repeat them with no new span posts nothing, so a run of a few long tasks
    /// wakes the page only when one ends.
    posted: Arc<Mutex<(u32, u32, u32)>>,
}

impl Progress {
    /// Progress of a run of `tasks` tasks.
    pub fn new(tasks: u32) -> Progress {
        Progress {
            live_spans: tasks <= LIVE_SPANS_UP_TO,
            ..Progress::default()
        }
    }

    pub fn record(&self, span: Span) {
        // Two-stage tasks (the pipeline) count when their last stage ends.
        if (span.phase == Some(Phase::Fetch) && span.ok)
            || matches!(span.phase, Some(Phase::Startup | Phase::Lost))
        {
            self.push(span);
            return;
        }
        match span.status() {
            Status::Failed => self.failed.fetch_add(1, Ordering::SeqCst),
            Status::Cancelled => self.cancelled.fetch_add(1, Ordering::SeqCst),
            Status::Ok => 0,
        };
        self.done.fetch_add(1, Ordering::SeqCst);
        self.push(span);
    }

    fn push(&self, span: Span) {
        if self.live_spans {
            self.pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(span);
        }
    }

    /// Posts `(done, total, newSpansJson, failed, cancelled)` to the page's callback, unless
    /// nothing changed since the last post.
    pub fn flush(&self, callback: &js_sys::Function, total: u32) {
        let spans = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let json = serde_json::to_string(&spans).unwrap_or_else(|_| "[]".into());
        // `record` bumps failed/cancelled before done: read them first, so a snapshot never
        // has more failed + cancelled tasks than done ones.
        let failed = self.failed.load(Ordering::SeqCst);
        let cancelled = self.cancelled.load(Ordering::SeqCst);
        let done = self.done.load(Ordering::SeqCst).min(total);
        let counts = (done, failed, cancelled);
        let mut posted = self.posted.lock().unwrap_or_else(|e| e.into_inner());
        if spans.is_empty() && *posted == counts {
            return;
        }
        *posted = counts;
        drop(posted);
        // A throwing progress callback must not abort the run.
        let _ = callback.call5(
            &JsValue::NULL,
            &done.into(),
            &total.into(),
            &json.into(),
            &failed.into(),
            &cancelled.into(),
        );
    }
}

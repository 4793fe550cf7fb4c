//! Cancelling the running strategy: the flag CPU tasks check, the abort controller of its
//! requests, and the stop signal its in-flight requests race.

use futures::channel::oneshot;
use futures::future::{self, FutureExt};
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

/// Raised by [`cancel`]: CPU tasks check it before starting (in any pool thread), fetch tasks
/// before sending. Lowered when the next strategy starts.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Resolves when the person cancels the running strategy (or with `Err` once it has ended).
pub type Stopped = future::Shared<oneshot::Receiver<()>>;

thread_local! {
    /// Aborts every request of the running strategy at once when the person cancels.
    static RUN_ABORT: RefCell<Option<web_sys::AbortController>> = const { RefCell::new(None) };
    /// Tells the running strategy's requests that the person cancelled: each in-flight request
    /// races it, so the strategy ends without waiting for every aborted fetch to come back.
    static RUN_STOP: RefCell<Option<(oneshot::Sender<()>, Stopped)>> = const { RefCell::new(None) };
}

/// The flag, for jobs that check it from pool threads.
pub fn flag() -> &'static AtomicBool {
    &CANCEL
}

pub fn cancelled() -> bool {
    CANCEL.load(Ordering::SeqCst)
}

/// Stops the running strategy: no task starts any more, its requests are aborted and the
/// ones in flight stop waiting.
pub fn cancel() {
    CANCEL.store(true, Ordering::SeqCst);
    if let Some((tell, _)) = RUN_STOP.with(|c| c.borrow_mut().take()) {
        let _ = tell.send(());
    }
    RUN_ABORT.with(|c| {
        if let Some(controller) = c.borrow().as_ref() {
            controller.abort();
        }
    });
}

/// Readies a new strategy for [`cancel`]: the flag lowered, a fresh controller and signal.
pub fn arm() -> Result<(), String> {
    CANCEL.store(false, Ordering::SeqCst);
    let abort = web_sys::AbortController::new().map_err(|e| super::js::describe(&e))?;
    RUN_ABORT.with(|c| *c.borrow_mut() = Some(abort));
    let (tell, told) = oneshot::channel();
    RUN_STOP.with(|c| *c.borrow_mut() = Some((tell, told.shared())));
    Ok(())
}

/// The strategy has ended: a late [`cancel`] has nothing left to abort.
pub fn disarm() {
    RUN_ABORT.with(|c| c.borrow_mut().take());
    RUN_STOP.with(|c| c.borrow_mut().take());
}

/// The running strategy's abort signal, for its requests.
pub fn abort_signal() -> Option<web_sys::AbortSignal> {
    RUN_ABORT.with(|c| c.borrow().as_ref().map(web_sys::AbortController::signal))
}

/// Resolves when the running strategy is cancelled.
pub fn stopped() -> Option<Stopped> {
    RUN_STOP.with(|c| c.borrow().as_ref().map(|(_, told)| told.clone()))
}

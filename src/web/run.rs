//! Running one strategy: it must be able to run here, Cancel is armed for it, its family runs
//! while a ticker posts progress, and what it hands back becomes its result.

use super::fetch::http;
use super::js::now_ms;
use super::progress::{Progress, PROGRESS_EVERY_MS};
use super::{cancel, dispatch, pool};
use crate::params::Params;
use crate::plan::plan;
use crate::report::StrategyResult;
use crate::strategy::Strategy;
use futures::future::{self, Either};
use std::future::Future;

/// Runs `strategy` to its result, posting progress to `on_progress` meanwhile.
pub async fn run_strategy(
    strategy: Strategy,
    params: &Params,
    on_progress: &js_sys::Function,
) -> Result<StrategyResult, String> {
    check_can_start(strategy, params)?;
    let params = &with_cores(params);
    let plan = plan(strategy);
    dispatch::prepare(plan, params).await?;
    let progress = Progress::new(params.tasks);
    cancel::arm()?;
    let t0 = now_ms();
    let clock = move || now_ms() - t0;
    let work = dispatch::run_plan(plan, params, clock, progress.clone());
    let outcome = with_ticker(work, &progress, on_progress, params.tasks).await;
    cancel::disarm();
    let (run, detail) = outcome?;
    let wall_ms = clock();
    progress.flush(on_progress, params.tasks);
    Ok(StrategyResult::of_run(
        strategy,
        params,
        pool::threads(),
        wall_ms,
        run,
        detail,
    ))
}

/// `params` with the machine's cores filled in when the page did not send them: Python's
/// default worker counts (and so the ideals) depend on them.
fn with_cores(params: &Params) -> Params {
    let mut params = params.clone();
    if params.context.cores == 0 {
        let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into());
        let cores = navigator
            .and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()))
            .ok()
            .and_then(|c| c.as_f64());
        params.context.cores = cores.unwrap_or(0.0) as u32;
    }
    params
}

/// Why `strategy` cannot start now: a target the browser cannot parse, a module instance
/// broken by an earlier panic, or no pool where it needs one.
fn check_can_start(strategy: Strategy, params: &Params) -> Result<(), String> {
    if strategy.makes_requests() {
        http::check_target_parses(&params.target)?;
    }
    if pool::panicked() {
        return Err(format!(
            "this module instance panicked earlier and must be replaced: {}",
            pool::panic_message()
        ));
    }
    pool::check_runnable(strategy)
}

/// `work`, while its progress is posted every [`PROGRESS_EVERY_MS`]. A panic in a pool thread
/// fails it, because `work` would otherwise wait forever for a thread that no longer exists.
async fn with_ticker<T>(
    work: impl Future<Output = Result<T, String>>,
    progress: &Progress,
    on_progress: &js_sys::Function,
    total: u32,
) -> Result<T, String> {
    let ticker = async {
        loop {
            gloo_timers::future::TimeoutFuture::new(PROGRESS_EVERY_MS).await;
            progress.flush(on_progress, total);
            if pool::panicked() {
                break pool::panic_message();
            }
        }
    };
    futures::pin_mut!(work, ticker);
    match future::select(work, ticker).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right((message, _)) => Err(format!("panicked: {message}")),
    }
}

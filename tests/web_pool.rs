//! The glue's life with its pool: refused before the pool exists, one pool per module
//! instance, bad input refused with a message, and every strategy running through its plan.
#![cfg(target_arch = "wasm32")]

mod web_common;

use wasm_bindgen_test::*;
use web_common::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn pool_lifecycle_and_work_on_several_threads() {
    if pool_threads() > 0 {
        // Another test needed the pool first; its life before that cannot be checked here.
        assert!(start_pool(2).await.is_err(), "a second pool is refused");
        return;
    }
    let refused = run_strategy(
        "cpu-rayon".into(),
        params(json!({})),
        js_sys::Function::new_no_args(""),
    )
    .await;
    assert!(
        refused.is_err(),
        "cpu-rayon must refuse to run before the pool exists"
    );
    assert_eq!(pool_threads(), 0);

    assert_eq!(start_pool(2).await.ok(), Some(2));
    assert_eq!(pool_threads(), 2);
    assert!(start_pool(2).await.is_err(), "a second pool is refused");
    let r = run("cpu-rayon", json!({ "tasks": 32, "work": 60 })).await;
    assert_eq!(
        r["lanesUsed"],
        2,
        "both pool threads ran tasks: {:?}",
        lanes(&r)
    );
}

#[wasm_bindgen_test]
async fn bad_input_is_refused_with_a_message() {
    let noop = js_sys::Function::new_no_args("");
    let unknown = run_strategy("fetch-sideways".into(), params(json!({})), noop.clone()).await;
    assert!(unknown.is_err());
    let out_of_range =
        run_strategy("cpu-sequential".into(), params(json!({ "tasks": 0 })), noop).await;
    assert!(out_of_range.is_err());
    assert!(strategies_for("{").is_err());
}

/// A workload runs its usual strategies, whatever the spec lists as usual.
#[wasm_bindgen_test]
fn a_workload_runs_the_usual_strategies_of_its_families() {
    use parallel_playground::strategy::{Strategy, Workload};
    for (name, workload) in [("fetch", Workload::Fetch), ("cpu", Workload::Cpu)] {
        let ids = strategies_for(&params(json!({ "workload": name }))).unwrap();
        let usual: Vec<&str> = Strategy::for_workload(workload)
            .iter()
            .map(|s| s.id())
            .collect();
        assert_eq!(ids, usual, "{name}");
        assert!(!ids.is_empty(), "{name} runs something");
    }
}

/// Every strategy in www/spec.json runs through its plan (a strategy without one does not
/// build) and accounts for its tasks.
#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn every_strategy_in_the_spec_runs() {
    use parallel_playground::plan::{plan, CpuPlan, Plan};
    use parallel_playground::strategy::Strategy;
    ensure_pool().await;
    for &strategy in Strategy::ALL {
        // It starts a Worker from the page's www/worker/task-worker.js, which this runner does not serve.
        if matches!(plan(strategy), Plan::Cpu(CpuPlan::WorkerPerTask)) {
            continue;
        }
        // It needs the playground server's /queue bridge and its Redis, which this runner does
        // not have: tests/e2e/task-queue.spec.mjs runs it against the real server.
        if matches!(plan(strategy), Plan::Queue(_)) {
            continue;
        }
        let args = json!({
            "tasks": 2, "work": 1, "latency": 0, "mirrors": [api(), api()], "shards": [api()],
        });
        let r = run(strategy.id(), args).await;
        assert_eq!(r["strategy"], strategy.id());
        assert_eq!(r["ok"], 2, "{}: {r}", strategy.id());
    }
}

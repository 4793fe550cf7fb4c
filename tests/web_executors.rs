//! The fetch executors: `fetch-threads`' Workers on the shared memory and `fetch-processes`'
//! Workers with their own, each blocked in its requests.
#![cfg(target_arch = "wasm32")]

mod web_common;

use wasm_bindgen_test::*;
use web_common::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// fetch-threads' k threads are blocked in their requests at the same time: with k = 6 (the
/// browser's connections per host) six 300 ms requests overlap into one round, and the GIL,
/// released while they wait, does not serialise them.
#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn fetch_threads_has_k_requests_in_flight_at_once() {
    // Refused without the pool (`needsPool` in the spec), which this binary starts itself.
    ensure_pool().await;
    let six = json!({ "workload": "fetch", "tasks": 12, "latency": 300, "maxWorkers": 6 });
    let r = run("fetch-threads", six).await;
    assert_eq!(r["ok"], 12, "{r}");
    assert_eq!(r["peakInFlight"], 6, "six threads blocked at once: {r}");
    assert_eq!(lanes(&r).len(), 6);
    assert_eq!(r["detail"]["workers"], 6);
    let wall = r["wallMs"].as_f64().unwrap();
    assert!(
        (600.0..1_200.0).contains(&wall),
        "two rounds of 300 ms: {wall}"
    );
    // Fewer threads than tasks: k lanes, ceil(tasks / k) rounds.
    let two = run(
        "fetch-threads",
        json!({ "workload": "fetch", "tasks": 4, "latency": 200, "maxWorkers": 2 }),
    )
    .await;
    assert_eq!(two["peakInFlight"], 2, "{two}");
    assert!(two["wallMs"].as_f64().unwrap() >= 400.0);
}

/// fetch-processes starts k workers with their own memory for the run, and says what each cost.
#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn fetch_processes_start_their_workers_and_time_it() {
    let r = run(
        "fetch-processes",
        json!({ "workload": "fetch", "tasks": 6, "latency": 200, "maxWorkers": 3 }),
    )
    .await;
    assert_eq!(r["ok"], 6, "{r}");
    assert_eq!(r["peakInFlight"], 3, "{r}");
    let startups = r["detail"]["startupMs"].as_array().unwrap();
    assert_eq!(startups.len(), 3);
    assert!(startups.iter().all(|s| s.as_f64().unwrap() > 0.0));
    let startup_spans = r["spans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["phase"] == "startup")
        .count();
    assert_eq!(startup_spans, 3, "a start-up span per worker");
    let max = r["detail"]["maxStartupMs"].as_f64().unwrap();
    assert!(r["wallMs"].as_f64().unwrap() >= 400.0 + max * 0.9);
}

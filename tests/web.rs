//! Tests of the browser glue, run in headless Chromium by `npm run test:wasm`
//! (`wasm-pack test --headless --chrome --release`, with the playground server started by
//! scripts/with-server.mjs, whose address arrives as PLAYGROUND_ORIGIN at compile time).
//!
//! They run in a dedicated worker, as the page's code does. Typed by hand (`wasm-pack test
//! --headless --chrome --release`) the tests that need the mock API are listed as ignored, with
//! the reason; `npm run test:wasm` starts the server and runs them all.
#![cfg(target_arch = "wasm32")]

use parallel_playground::web::{
    cancel_run, pool_threads, run_strategy, start_pool, strategies_for,
};
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// The mock API the fetch tests call. The test runner serves the tests from its own port, so
/// this is cross-origin: it also checks the API's CORS and CORP headers under COEP.
fn api() -> String {
    let origin = option_env!("PLAYGROUND_ORIGIN").unwrap_or("http://127.0.0.1:8787");
    format!("{origin}/api/delay")
}

fn params(overrides: Value) -> String {
    let mut p = json!({
        "workload": "all", "tasks": 6, "latency": 0, "concurrency": 2,
        "work": 20, "bytes": 64, "threads": 2, "api": api(),
        "pages": api().replace("/api/delay", "/api/page"),
    });
    for (k, v) in overrides.as_object().unwrap() {
        p[k] = v.clone();
    }
    p.to_string()
}

async fn run(strategy: &str, overrides: Value) -> Value {
    let noop = js_sys::Function::new_no_args("");
    let json = run_strategy(strategy.into(), params(overrides), noop)
        .await
        .unwrap_or_else(|e| panic!("{strategy} failed: {:?}", wasm_bindgen::JsValue::from(e)));
    serde_json::from_str(&json).unwrap()
}

fn lanes(result: &Value) -> std::collections::BTreeSet<u64> {
    result["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["lane"].as_u64().unwrap())
        .collect()
}

/// One test for the pool's whole life, because rayon's global pool exists once per module
/// instance and the tests share one instance.
/// Starts the pool the tests share (one module instance, one rayon pool), if no test has yet.
async fn ensure_pool() {
    if pool_threads() == 0 {
        assert_eq!(start_pool(2).await.ok(), Some(2));
    }
}

#[wasm_bindgen_test]
async fn pool_lifecycle_and_work_on_several_threads() {
    if pool_threads() > 0 {
        // Another test needed the pool first; its life before that cannot be checked here.
        assert!(start_pool(2).await.is_err(), "a second pool is refused");
        return cpu_work_on_the_pool().await;
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
    cpu_work_on_the_pool().await;
}

/// Every CPU strategy, kernel and race on the pool's two threads.
async fn cpu_work_on_the_pool() {
    let args = json!({ "tasks": 32, "work": 60 });
    let par = run("cpu-rayon", args.clone()).await;
    let seq = run("cpu-sequential", args).await;
    assert_eq!(par["checksum"], seq["checksum"], "same primes either way");
    assert_eq!(par["ok"], 32);
    assert_eq!(lanes(&seq).len(), 1);
    assert_eq!(
        lanes(&par).len(),
        2,
        "both pool threads ran tasks: {:?}",
        lanes(&par)
    );
    assert_eq!(par["lanesUsed"], 2);

    // The other CPU strategies and kernels do the same work on the pool.
    for kernel in ["mandelbrot", "sha256", "squares"] {
        let args = json!({ "tasks": 8, "work": 20, "kernel": kernel });
        let seq = run("cpu-sequential", args.clone()).await;
        for id in ["cpu-rayon", "cpu-static-chunks", "cpu-queue"] {
            let r = run(id, args.clone()).await;
            assert_eq!(r["checksum"], seq["checksum"], "{id} on {kernel}");
            assert_eq!(r["detail"], seq["detail"], "{id} on {kernel}");
        }
        // Only the squares kernel's values mean something to read.
        let squares = json!([1, 4, 9, 16, 25, 36, 49, 64]);
        let shown = if kernel == "squares" {
            squares
        } else {
            Value::Null
        };
        assert_eq!(seq["detail"]["values"], shown, "{kernel}");
    }

    // Two workers on two threads lose updates without synchronisation; atomics do not.
    let race = json!({ "tasks": 2, "work": 2000 });
    let lost = |r: &Value| r["detail"]["lost"].as_u64().unwrap();
    let mut unsync_lost = 0;
    for _ in 0..3 {
        unsync_lost += lost(&run("race-unsynchronized", race.clone()).await);
    }
    assert!(unsync_lost > 0, "no update was lost in three races");
    let atomic = run("race-atomic", race.clone()).await;
    assert_eq!(lost(&atomic), 0);
    assert_eq!(atomic["detail"]["expected"], 2 * 2000 * 1000, "{atomic}");
    assert_eq!(lost(&run("race-mutex", race).await), 0);
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn the_pipeline_parses_every_page_on_the_pool() {
    ensure_pool().await;
    // The pipeline parses every page on the pool, whichever way it is fed.
    let pages = json!({ "tasks": 5, "latency": 50, "bytes": 20000 });
    let seq = run("pipeline-sequential", pages.clone()).await;
    assert_eq!(seq["ok"], 5, "{seq}");
    for id in ["pipeline-fetch-then-parse", "pipeline-overlapped"] {
        let r = run(id, pages.clone()).await;
        assert_eq!(r["checksum"], seq["checksum"], "{id}");
        let parses = r["spans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["phase"] == "parse")
            .count();
        assert_eq!(parses, 5);
    }

    // Overlapped means it: a page is parsed while later pages are still being fetched (the
    // parse used to be handed to the pool only after the last fetch).
    let r = run(
        "pipeline-overlapped",
        json!({ "tasks": 8, "latency": 150, "bytes": 20000, "concurrency": 2 }),
    )
    .await;
    let times = |phase: &str, key: &str| -> Vec<f64> {
        r["spans"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["phase"] == phase)
            .map(|s| s[key].as_f64().unwrap())
            .collect()
    };
    let first_parse = times("parse", "startMs")
        .into_iter()
        .fold(f64::MAX, f64::min);
    let last_fetch = times("fetch", "endMs").into_iter().fold(0.0, f64::max);
    assert!(
        first_parse < last_fetch - 300.0,
        "first parse at {first_parse} ms, last fetch ended at {last_fetch} ms"
    );
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn fetch_concurrent_overlaps_and_sequential_does_not() {
    let slow = json!({ "tasks": 6, "latency": 300 });
    let seq = run("fetch-sequential", slow.clone()).await;
    let all = run("fetch-concurrent", slow.clone()).await;
    let two = run("fetch-bounded", slow).await;
    for r in [&seq, &all, &two] {
        assert_eq!(r["ok"], 6, "{r}");
        assert_eq!(r["failed"], 0);
        assert!(
            r["checksum"].as_u64().unwrap() >= 6 * 64,
            "bodies were read"
        );
    }
    let wall = |r: &Value| r["wallMs"].as_f64().unwrap();
    assert!(
        wall(&seq) >= 6.0 * 300.0,
        "sequential waits for each: {}",
        wall(&seq)
    );
    assert!(
        wall(&all) < 3.0 * 300.0,
        "concurrent overlaps: {}",
        wall(&all)
    );
    assert!(wall(&two) >= 3.0 * 300.0 && wall(&two) < wall(&seq));
    assert_eq!(seq["peakInFlight"], 1);
    assert_eq!(all["peakInFlight"], 6);
    assert_eq!(two["peakInFlight"], 2);
    // Each result carries the core's ideal: ceil(6 / k) x 300 ms with equal latencies.
    assert_eq!(seq["idealMs"], 1800.0);
    assert_eq!(all["idealMs"], 300.0);
    assert_eq!(two["idealMs"], 900.0);
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn map_delivers_in_input_order_and_resource_timing_marks_sends() {
    let args = json!({ "tasks": 6, "latency": 200, "jitter": 80, "concurrency": 6 });
    let map = run("fetch-map", args.clone()).await;
    let done = run("fetch-as-completed", args).await;
    assert_eq!(map["detail"]["order"], json!([0, 1, 2, 3, 4, 5]));
    let order: Vec<u64> = done["detail"]["order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_ne!(
        order,
        [0, 1, 2, 3, 4, 5],
        "jitter scrambles completion order"
    );
    let first = |r: &Value| r["detail"]["firstResultMs"].as_f64().unwrap();
    assert!(first(&done) <= first(&map));
    let delivered = |r: &Value| r["detail"]["deliveredMs"].as_array().unwrap().len();
    assert_eq!((delivered(&map), delivered(&done)), (6, 6));
    // The ideal is the slowest task's own latency (up to 360 ms here), which no run can beat.
    for r in [&map, &done] {
        let ideal = r["idealMs"].as_f64().expect("idealMs");
        assert!((40.0..=360.0).contains(&ideal), "{ideal}");
        assert!(r["wallMs"].as_f64().unwrap() >= ideal - 1.0, "{r}");
    }
    // The mock API allows Resource Timing, so each span knows when it was sent and received.
    for s in map["spans"].as_array().unwrap() {
        let sent = s["sentMs"].as_f64().expect("sentMs");
        assert!(sent >= s["startMs"].as_f64().unwrap() - 1.0);
        assert!(s["receivedMs"].as_f64().unwrap() >= sent);
    }
    assert!(map["peakOnWire"].as_u64().unwrap() <= 6);
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn same_url_requests_are_sent_one_after_another_and_the_spans_show_it() {
    // Chromium's cache lock lets one request per URL go at a time; Resource Timing shows each
    // one sent only after the one before it was answered (entries paired by completion order).
    let r = run("fetch-same-url", json!({ "tasks": 4, "latency": 200 })).await;
    assert_eq!(r["ok"], 4, "{r}");
    let mut sent: Vec<f64> = r["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sentMs"].as_f64().expect("every span has its wire times"))
        .collect();
    sent.sort_by(f64::total_cmp);
    for pair in sent.windows(2) {
        assert!(pair[1] - pair[0] >= 150.0, "sent one at a time: {sent:?}");
    }
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn multiport_spreads_over_the_api_and_its_mirrors_and_needs_them() {
    // The same API as two "mirrors": what counts here is the spread the result reports.
    let r = run(
        "fetch-multiport",
        json!({ "tasks": 6, "mirrors": [api(), api()] }),
    )
    .await;
    assert_eq!(r["ok"], 6, "{r}");
    assert_eq!(r["detail"], json!({ "ports": 3 }));
    let noop = js_sys::Function::new_no_args("");
    let alone = run_strategy("fetch-multiport".into(), params(json!({})), noop).await;
    let message = wasm_bindgen::JsValue::from(alone.expect_err("no mirrors, no run"));
    let message = js_sys::Error::from(message).message();
    assert!(
        String::from(message).contains("needs the mock API on other ports"),
        "refused for its reason"
    );
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn sharded_spreads_over_host_names_past_six_on_the_wire_and_needs_them() {
    // The server's own host names, as /api/mirrors offers them to a page on a loopback name.
    let port = api()
        .rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let shards: Vec<String> = (0..40)
        .map(|i| format!("http://s{i}.localhost:{port}/api/delay"))
        .collect();
    let r = run(
        "fetch-sharded",
        json!({ "tasks": 24, "latency": 300, "shards": shards }),
    )
    .await;
    assert_eq!(r["ok"], 24, "{r}");
    assert_eq!(
        r["detail"],
        json!({ "hosts": 4 }),
        "one host name per 6 requests"
    );
    assert!(
        r["peakOnWire"].as_u64().unwrap() > 6,
        "past one host's 6: {r}"
    );
    let noop = js_sys::Function::new_no_args("");
    let alone = run_strategy("fetch-sharded".into(), params(json!({})), noop).await;
    let message = wasm_bindgen::JsValue::from(alone.expect_err("no host names, no run"));
    let message = String::from(js_sys::Error::from(message).message());
    assert!(
        message.contains("needs the playground's own server"),
        "{message}"
    );
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn failed_requests_are_counted_with_a_reason() {
    let origin = api().trim_end_matches("/api/delay").to_string();
    let r = run(
        "fetch-concurrent",
        json!({ "tasks": 3, "api": format!("{origin}/api/missing") }),
    )
    .await;
    assert_eq!((r["ok"].as_u64(), r["failed"].as_u64()), (Some(0), Some(3)));
    assert!(r["error"].as_str().unwrap().contains("HTTP 404"), "{r}");
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
    let ids = strategies_for(&params(json!({ "workload": "fetch" }))).unwrap();
    assert_eq!(
        ids,
        ["fetch-sequential", "fetch-concurrent", "fetch-bounded"]
    );
}

fn count(r: &Value, key: &str) -> u64 {
    r[key].as_u64().unwrap_or_else(|| panic!("{key} in {r}"))
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn a_timeout_aborts_hung_requests_and_says_so() {
    let r = run(
        "fetch-concurrent",
        json!({ "tasks": 4, "latency": 10, "hangs": 100, "timeout": 200 }),
    )
    .await;
    assert_eq!((count(&r, "failed"), count(&r, "cancelled")), (4, 0));
    assert_eq!(r["failures"][0]["reason"], "timed out after 200 ms", "{r}");
    assert!(r["wallMs"].as_f64().unwrap() < 2_000.0, "{r}");
}

#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn cancel_aborts_requests_in_flight_and_accounts_for_every_task() {
    let started = js_sys::Date::now();
    // Cancel 300 ms into a run whose requests never answer: without it, it would never end.
    wasm_bindgen_futures::spawn_local(async {
        gloo_timers::future::TimeoutFuture::new(300).await;
        cancel_run();
    });
    let r = run(
        "fetch-bounded",
        json!({ "tasks": 10, "latency": 0, "hangs": 100, "concurrency": 3 }),
    )
    .await;
    assert_eq!(count(&r, "cancelled"), 10, "{r}");
    assert_eq!(count(&r, "ok") + count(&r, "failed"), 0);
    assert!(js_sys::Date::now() - started < 3_000.0);
    // The next strategy starts with the flag lowered.
    let next = run("fetch-sequential", json!({ "tasks": 2 })).await;
    assert_eq!(count(&next, "ok"), 2);
}

/// Every strategy in www/spec.json has its arm in the glue's dispatch: a missing one would fail
/// here with "<id> is not a <family> strategy".
#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn every_strategy_in_the_spec_runs() {
    use parallel_playground::strategy::Strategy;
    ensure_pool().await;
    for &strategy in Strategy::ALL {
        // It starts a Worker from the page's www/worker/task-worker.js, which this runner does not serve.
        if strategy == Strategy::CpuWorkerPerTask {
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

/// Threads under the modelled GIL never compute at once: no two held slices overlap.
#[wasm_bindgen_test]
async fn threads_under_the_gil_never_compute_at_once() {
    ensure_pool().await;
    let r = run(
        "cpu-threads-gil",
        json!({ "workload": "cpu", "tasks": 6, "work": 300 }),
    )
    .await;
    assert_eq!(r["ok"], 6, "{r}");
    assert_eq!(r["peakInFlight"], 1, "two threads held the lock at once");
    let mut slices: Vec<(f64, f64)> = r["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["startMs"].as_f64().unwrap(), s["endMs"].as_f64().unwrap()))
        .collect();
    slices.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(slices.windows(2).all(|w| w[1].0 >= w[0].1 - 1e-6));
    assert!(lanes(&r).len() >= 2, "the pool's two threads took turns");
}

/// fetch-threads' k threads are blocked in their requests at the same time: with k = 6 (the
/// browser's connections per host) six 300 ms requests overlap into one round, and the GIL,
/// released while they wait, does not serialise them.
#[wasm_bindgen_test]
#[cfg_attr(
    not(mock_api),
    ignore = "needs the mock API: `npm run test:wasm` starts it"
)]
async fn fetch_threads_has_k_requests_in_flight_at_once() {
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

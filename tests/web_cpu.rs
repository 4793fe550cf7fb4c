//! The CPU family, the race and the pipeline on the pool's two threads.
#![cfg(target_arch = "wasm32")]

mod web_common;

use wasm_bindgen_test::*;
use web_common::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
async fn cpu_work_on_the_pool() {
    ensure_pool().await;
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

    // Every CPU function on the pool does the same work as cpu-sequential, on every kernel.
    use parallel_playground::plan::{plan, CpuPlan, Plan};
    use parallel_playground::strategy::Strategy;
    let on_pool: Vec<&str> = Strategy::ALL
        .iter()
        .filter(|s| matches!(plan(**s), Plan::Cpu(CpuPlan::OnPool(_))))
        .map(|s| s.id())
        .collect();
    assert!(on_pool.len() > 1, "{on_pool:?}");
    for kernel in ["mandelbrot", "sha256", "squares"] {
        let args = json!({ "tasks": 8, "work": 20, "kernel": kernel });
        let seq = run("cpu-sequential", args.clone()).await;
        for &id in &on_pool {
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
}

/// Two workers on two threads lose updates without synchronisation; atomics do not.
#[wasm_bindgen_test]
async fn the_race_loses_updates_only_unsynchronised() {
    ensure_pool().await;
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

    // Overlapped means it: a page is parsed while later pages are still being fetched, not
    // after the last fetch.
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

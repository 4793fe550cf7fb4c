//! The fetch family on this worker's event loop, against the mock API: overlap, delivery
//! order, wire times, the cache lock, spreading over ports and host names, failures, timeouts
//! and Cancel.
#![cfg(target_arch = "wasm32")]

mod web_common;

use wasm_bindgen_test::*;
use web_common::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

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
    let message = refusal("fetch-multiport", json!({})).await;
    assert!(
        message.contains("needs the mock API on other ports"),
        "refused for its reason: {message}"
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
    let message = refusal("fetch-sharded", json!({})).await;
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

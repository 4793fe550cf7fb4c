//! The shared report fixtures (`tests/fixtures/report/<family>.json`), which the page's node
//! tests read too: each one's spans, fed through the report, give the counts it expects. The
//! spans are written exactly as the report serialises them, so both sides read the same shape.
#![cfg(not(target_arch = "wasm32"))]

use parallel_playground::model::Span;
use parallel_playground::report::StrategyResult;
use parallel_playground::stats::{distinct_lanes_of, peak_overlap_of};
use serde_json::{json, Value};
use std::path::PathBuf;

/// One file per family, and the executor with its start-up spans.
const FIXTURES: &[&str] = &[
    "fetch",
    "fetch-processes",
    "cpu",
    "race",
    "pipeline",
    "queue",
];

fn fixture(name: &str) -> Value {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests/fixtures/report"]
        .iter()
        .collect::<PathBuf>()
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn spans_of(f: &Value) -> Vec<Span> {
    serde_json::from_value(f["spans"].clone()).unwrap()
}

fn result_of(f: &Value) -> StrategyResult {
    let failures: Vec<(u32, String)> = serde_json::from_value(f["failures"].clone()).unwrap();
    let wall_ms = f["wallMs"].as_f64().unwrap();
    let strategy = f["strategy"].as_str().unwrap();
    StrategyResult::from_spans(strategy, wall_ms, spans_of(f), 0, failures)
}

/// Two JSON values alike, numbers compared as numbers (the report writes `0.0`, a fixture `0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn every_family_has_its_fixture_in_the_agreed_shape() {
    let names: Vec<String> =
        std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
    for name in FIXTURES {
        assert!(names.contains(&format!("{name}.json")), "{name}.json");
        let f = fixture(name);
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        let want = ["about", "expect", "failures", "spans", "strategy", "wallMs"];
        assert_eq!(keys, want, "{name}: its fields");
        let expect: Vec<&str> = f["expect"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let counts = [
            "cancelled",
            "failed",
            "lanesUsed",
            "ok",
            "peakInFlight",
            "peakOnWire",
            "tasks",
        ];
        assert_eq!(expect, counts, "{name}: what it expects");
    }
    assert_eq!(names.len(), FIXTURES.len(), "{names:?}");
}

#[test]
fn spans_are_written_as_the_report_serialises_them() {
    for name in FIXTURES {
        let f = fixture(name);
        for (written, span) in f["spans"].as_array().unwrap().iter().zip(spans_of(&f)) {
            let serialised = serde_json::to_value(span).unwrap();
            assert!(
                same(written, &serialised),
                "{name}: {written} is {serialised} in a report"
            );
        }
    }
}

#[test]
fn the_report_counts_each_fixture_as_it_expects() {
    for name in FIXTURES {
        let f = fixture(name);
        let r = result_of(&f);
        let got = json!({
            "tasks": r.tasks, "ok": r.ok, "failed": r.failed, "cancelled": r.cancelled,
            "peakInFlight": r.peak_in_flight, "peakOnWire": r.peak_on_wire,
            "lanesUsed": r.lanes_used,
        });
        assert_eq!(got, f["expect"], "{name}");
        assert_eq!(
            r.failures.iter().map(|g| g.count).sum::<u32>(),
            r.failed,
            "{name}"
        );
    }
}

/// What the fixtures are for: where a task has more than one span, counting every span (not
/// each task's first stage) overcounts, and the fixtures show by how much.
#[test]
fn counting_every_span_overcounts_the_two_stage_fixtures() {
    for name in ["pipeline", "fetch-processes"] {
        let f = fixture(name);
        let spans = spans_of(&f);
        let every_peak = peak_overlap_of(spans.iter().map(|s| (s.start_ms, s.end_ms)));
        let expect = &f["expect"];
        assert!(
            every_peak > expect["peakInFlight"].as_u64().unwrap() as u32,
            "{name}"
        );
    }
    let spans = spans_of(&fixture("pipeline"));
    let every_lane = distinct_lanes_of(spans.iter().map(|s| s.lane));
    assert!(
        every_lane > 2,
        "the pipeline's parses ran on a lane no fetch used"
    );
}

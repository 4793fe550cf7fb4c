//! Report types: what a run hands back to the page, serialised as camelCase JSON.
//!
//! The shape is documented in the README ("The report") and is what `window.playground.run()`
//! resolves to, so changes here are changes to a public interface.

use serde::{Deserialize, Serialize};

/// One task's life: when it started and ended, and on which lane.
///
/// Times are ms since the strategy started, on one clock shared by every worker
/// (`performance.timeOrigin + performance.now()`), so spans from different pool threads line up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub task: u32,
    /// For CPU work the rayon thread index; for fetch the in-flight slot that ran the task.
    pub lane: u32,
    pub start_ms: f64,
    pub end_ms: f64,
    pub ok: bool,
    /// For strategies whose tasks have two stages (the pipeline): `fetch` or `parse`. Lanes are
    /// numbered per phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// For fetches: when the browser actually sent the request (Resource Timing's
    /// `requestStart`). Between `start_ms` and this the request waited inside the browser,
    /// e.g. for one of the 6 connections it allows per host:port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_ms: Option<f64>,
    /// For fetches: when the last byte of the answer arrived (Resource Timing's `responseEnd`).
    /// `end_ms` is later: it is when the code got to see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_ms: Option<f64>,
}

/// A stage of a two-stage task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Fetch,
    Parse,
}

impl Span {
    /// A one-stage span.
    pub fn new(task: u32, lane: u32, start_ms: f64, end_ms: f64, ok: bool) -> Span {
        Span {
            task,
            lane,
            start_ms,
            end_ms,
            ok,
            phase: None,
            sent_ms: None,
            received_ms: None,
        }
    }
}

/// The outcome of one strategy in one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyResult {
    /// Stable id, e.g. `fetch-bounded` (see [`crate::strategy::Strategy`]).
    pub strategy: String,
    pub wall_ms: f64,
    pub tasks: u32,
    pub ok: u32,
    pub failed: u32,
    /// Most tasks that were running at the same moment, read off the spans (as the code sees
    /// it: a fetch counts from the call, even while the browser still holds it back).
    pub peak_in_flight: u32,
    /// Most requests really on the wire at once (from `sent_ms`), for fetch strategies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_on_wire: Option<u32>,
    /// Distinct lanes that ran at least one task (threads that really worked, for CPU).
    pub lanes_used: u32,
    /// A value derived from the work itself (primes found, bytes received), so two strategies
    /// that did the same work can be checked to agree.
    pub checksum: u64,
    /// The first failure's reason, if any task failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What a strategy shows beyond time: the race counter, the order results were delivered,
    /// the values computed. Shape per strategy, documented in the README.
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub detail: serde_json::Value,
    pub spans: Vec<Span>,
}

impl StrategyResult {
    /// Builds a result from spans, deriving the counts so they cannot disagree with the spans.
    /// A task counts once however many stages it has, and is ok only if every stage was.
    pub fn from_spans(
        strategy: &str,
        wall_ms: f64,
        mut spans: Vec<Span>,
        checksum: u64,
        error: Option<String>,
    ) -> Self {
        spans.sort_by(|a, b| a.task.cmp(&b.task).then(a.start_ms.total_cmp(&b.start_ms)));
        let (mut tasks, mut ok) = (0u32, 0u32);
        for group in spans.chunk_by(|a, b| a.task == b.task) {
            tasks += 1;
            ok += u32::from(group.iter().all(|s| s.ok));
        }
        let first_phase: Vec<Span> = spans
            .iter()
            .filter(|s| s.phase != Some(Phase::Parse))
            .copied()
            .collect();
        let on_wire: Vec<Span> = first_phase
            .iter()
            .filter_map(|s| {
                s.sent_ms.map(|sent| Span {
                    start_ms: sent,
                    end_ms: s.received_ms.unwrap_or(s.end_ms),
                    ..*s
                })
            })
            .collect();
        StrategyResult {
            strategy: strategy.to_string(),
            wall_ms,
            tasks,
            ok,
            failed: tasks - ok,
            peak_on_wire: (!on_wire.is_empty()).then(|| crate::stats::peak_overlap(&on_wire)),
            peak_in_flight: crate::stats::peak_overlap(&first_phase),
            lanes_used: crate::stats::distinct_lanes(&first_phase),
            checksum,
            error,
            detail: serde_json::Value::Null,
            spans,
        }
    }

    /// Attaches strategy-specific detail.
    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(task: u32, lane: u32, start_ms: f64, end_ms: f64, ok: bool) -> Span {
        Span::new(task, lane, start_ms, end_ms, ok)
    }

    #[test]
    fn two_stage_tasks_count_once() {
        let fetch = Span {
            phase: Some(Phase::Fetch),
            ..span(0, 0, 0.0, 5.0, true)
        };
        let parse = Span {
            phase: Some(Phase::Parse),
            ..span(0, 0, 5.0, 6.0, false)
        };
        let r = StrategyResult::from_spans("pipeline", 6.0, vec![parse, fetch], 0, None);
        assert_eq!((r.tasks, r.ok, r.failed), (1, 0, 1));
        assert_eq!(
            r.spans[0].phase,
            Some(Phase::Fetch),
            "stages in start order"
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["spans"][1]["phase"], "parse");
    }

    #[test]
    fn counts_are_derived_from_spans() {
        let r = StrategyResult::from_spans(
            "fetch-concurrent",
            12.0,
            vec![
                span(2, 1, 0.0, 10.0, false),
                span(0, 0, 0.0, 10.0, true),
                span(1, 0, 10.0, 12.0, true),
            ],
            7,
            Some("HTTP 500".into()),
        );
        assert_eq!((r.tasks, r.ok, r.failed), (3, 2, 1));
        assert_eq!(r.peak_in_flight, 2);
        assert_eq!(r.lanes_used, 2);
        assert_eq!(r.spans[0].task, 0, "spans are sorted by task");
    }

    #[test]
    fn peak_on_wire_counts_from_when_requests_were_sent() {
        // Three calls at once, but the browser sent the third only when the first ended.
        // The code saw the first two answers at 12 ms, but they arrived at 10.
        let sent = |s: Span, at: f64, received: f64| Span {
            sent_ms: Some(at),
            received_ms: Some(received),
            ..s
        };
        let spans = vec![
            sent(span(0, 0, 0.0, 12.0, true), 0.0, 10.0),
            sent(span(1, 1, 0.0, 12.0, true), 0.0, 10.0),
            sent(span(2, 2, 0.0, 20.0, true), 10.0, 19.0),
        ];
        let r = StrategyResult::from_spans("fetch-concurrent", 20.0, spans, 0, None);
        assert_eq!(r.peak_in_flight, 3);
        assert_eq!(r.peak_on_wire, Some(2));
        let plain =
            StrategyResult::from_spans("cpu-rayon", 1.0, vec![span(0, 0, 0.0, 1.0, true)], 0, None);
        assert_eq!(plain.peak_on_wire, None);
    }

    #[test]
    fn serialises_in_camel_case() {
        let r =
            StrategyResult::from_spans("cpu-rayon", 1.5, vec![span(0, 0, 0.0, 1.5, true)], 3, None);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["wallMs"], 1.5);
        assert_eq!(json["spans"][0]["startMs"], 0.0);
        assert!(json.get("error").is_none());
    }
}

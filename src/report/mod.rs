//! Report types: what a run hands back to the page, serialised as camelCase JSON.
//!
//! The shape is documented in the README ("The report") and is what `window.playground.run()`
//! resolves to, so changes here are changes to a public interface.

pub mod detail;

pub use detail::Detail;

use crate::model::{Run, Span, Status};
use crate::params::Params;
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};

/// Failed tasks that share a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// Why they failed, in plain words (`HTTP 500`, `timed out after 2000 ms`, ...).
    pub reason: String,
    /// How many tasks failed for this reason.
    pub count: u32,
    /// The first few of those tasks, by index (at most [`FAILURE_TASKS_SHOWN`]).
    pub tasks: Vec<u32>,
}

/// Task indices listed per failure reason (the count is always complete), as the page lists
/// them for a stopped worker too.
pub const FAILURE_TASKS_SHOWN: usize = crate::spec::FAILURE_TASKS_SHOWN as usize;
/// Distinct failure reasons kept; the rest are folded into one "other reasons" entry.
pub const FAILURE_REASONS_SHOWN: usize = crate::spec::FAILURE_REASONS_SHOWN as usize;
/// Spans a report carries at most, because a million would be tens of MB of JSON for a timeline
/// no screen can show. Above it, every n-th task's span is kept (plus failed ones and requests
/// aborted in flight, up to the same number) and `spanSample` says n. Counts are always taken
/// from every task.
/// What a strategy's run hands back to be shaped into its result, or why it did not run.
pub type Outcome = Result<(Run, Option<Detail>), String>;

pub const MAX_REPORT_SPANS: usize = 20_000;

/// Groups `(task, reason)` pairs by reason, most frequent first, counts complete.
pub fn group_failures(mut failures: Vec<(u32, String)>) -> Vec<Failure> {
    failures.sort_by_key(|(task, _)| *task);
    let mut groups: Vec<Failure> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (task, reason) in failures {
        let at = *index.entry(reason.clone()).or_insert_with(|| {
            groups.push(Failure {
                reason,
                count: 0,
                tasks: Vec::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[at];
        group.count += 1;
        if group.tasks.len() < FAILURE_TASKS_SHOWN {
            group.tasks.push(task);
        }
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then(a.tasks.cmp(&b.tasks)));
    if groups.len() > FAILURE_REASONS_SHOWN {
        let rest = groups.split_off(FAILURE_REASONS_SHOWN - 1);
        let mut tasks: Vec<u32> = rest.iter().flat_map(|g| g.tasks.iter().copied()).collect();
        tasks.sort_unstable();
        tasks.truncate(FAILURE_TASKS_SHOWN);
        groups.push(Failure {
            reason: format!("{} other reasons", rest.len()),
            count: rest.iter().map(|g| g.count).sum(),
            tasks,
        });
    }
    groups
}

/// Keeps at most about [`MAX_REPORT_SPANS`] spans (sorted by task): every `stride`-th task's
/// spans, and while there is room the failed ones and the cancelled ones that had started (an
/// aborted request), but not those cancelled before they started, whose zero-length spans show
/// nothing the count does not say. Returns the stride (1 = all kept).
fn sample_spans(spans: Vec<Span>) -> (Vec<Span>, u32) {
    if spans.len() <= MAX_REPORT_SPANS {
        return (spans, 1);
    }
    let stride = (spans.len().div_ceil(MAX_REPORT_SPANS)) as u32;
    let mut unusual_left = MAX_REPORT_SPANS;
    let kept = spans
        .into_iter()
        .filter(|s| {
            if s.task % stride == 0 {
                return true;
            }
            let telling = s.status() == Status::Failed || (!s.ok && s.end_ms > s.start_ms);
            if telling && unusual_left > 0 {
                unusual_left -= 1;
                return true;
            }
            false
        })
        .collect();
    (kept, stride)
}

/// The outcome of one strategy in one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyResult {
    /// Stable id, e.g. `fetch-bounded` (see [`crate::strategy::Strategy`]).
    pub strategy: String,
    pub wall_ms: f64,
    /// What the strategy would take with no overhead at all ([`crate::ideal`]): for fetches
    /// each task's own floor under the strategy's in-flight limit, for CPU work the measured
    /// sequential time over the threads the cores allow. Null for a stopped result and where
    /// no model applies or no finite ideal exists (the race, the pipeline, a real target URL,
    /// a hang no timeout ends, a CPU run without cpu-sequential before it).
    #[serde(default)]
    pub ideal_ms: Option<f64>,
    pub tasks: u32,
    pub ok: u32,
    pub failed: u32,
    /// Tasks cancelled before or while they ran. `ok + failed + cancelled = tasks`, always.
    pub cancelled: u32,
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
    /// The first failure's reason (by task index), if any task failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Every failure, grouped by reason, most frequent first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Failure>,
    /// 1 when `spans` holds every task; n when only every n-th task's spans (plus failed and
    /// cancelled ones) were kept because the run was too large to carry them all.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub span_sample: u32,
    /// What a strategy shows beyond time: the race counter, the order results were delivered,
    /// the values computed. Shape per strategy ([`Detail`]), documented in the README.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
    pub spans: Vec<Span>,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl StrategyResult {
    /// Builds a result from spans, its counts read off them by [`crate::stats::Counts::of`].
    /// `failures` are `(task, reason)` pairs.
    pub fn from_spans(
        strategy: &str,
        wall_ms: f64,
        mut spans: Vec<Span>,
        checksum: u64,
        failures: Vec<(u32, String)>,
    ) -> Self {
        let order =
            |a: &Span, b: &Span| a.task.cmp(&b.task).then(a.start_ms.total_cmp(&b.start_ms));
        // Usually sorted already (the CPU strategies collect in task order): a check is cheaper
        // than even an adaptive sort of a million spans.
        if !spans.is_sorted_by(|a, b| order(a, b).is_le()) {
            spans.sort_by(order);
        }
        let counts = crate::stats::Counts::of(&spans);
        let error = failures
            .iter()
            .min_by_key(|(task, _)| *task)
            .map(|(_, reason)| reason.clone());
        let (spans, span_sample) = sample_spans(spans);
        StrategyResult {
            strategy: strategy.to_string(),
            wall_ms,
            ideal_ms: None,
            tasks: counts.tasks,
            ok: counts.ok,
            failed: counts.failed,
            cancelled: counts.cancelled,
            peak_on_wire: counts.peak_on_wire,
            peak_in_flight: counts.peak_in_flight,
            lanes_used: counts.lanes_used,
            checksum,
            error,
            failures: group_failures(failures),
            span_sample,
            detail: None,
            spans,
        }
    }

    /// The result of one run of `strategy` as the page gets it: counts from the spans, its
    /// detail, and its ideal time, for which the glue supplies the pool's threads.
    pub fn of_run(
        strategy: Strategy,
        params: &Params,
        pool_threads: u32,
        wall_ms: f64,
        run: Run,
        detail: Option<Detail>,
    ) -> Self {
        let mut result = StrategyResult::from_spans(
            strategy.id(),
            wall_ms,
            run.spans,
            run.checksum,
            run.failures,
        );
        result.detail = detail;
        let context = crate::params::Context {
            pool_threads,
            ..params.context
        };
        result.ideal_ms =
            crate::ideal::for_result(strategy, params, &context, result.cancelled, result.wall_ms);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phase;

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
        let r = StrategyResult::from_spans("pipeline", 6.0, vec![parse, fetch], 0, vec![]);
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
            vec![(2, "HTTP 500".into())],
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
        let r = StrategyResult::from_spans("fetch-concurrent", 20.0, spans, 0, vec![]);
        assert_eq!(r.peak_in_flight, 3);
        assert_eq!(r.peak_on_wire, Some(2));
        let plain = StrategyResult::from_spans(
            "cpu-rayon",
            1.0,
            vec![span(0, 0, 0.0, 1.0, true)],
            0,
            vec![],
        );
        assert_eq!(plain.peak_on_wire, None);
    }

    #[test]
    fn ok_failed_and_cancelled_add_up_to_tasks() {
        let cancelled = |task| Span::with_status(task, 0, 5.0, 5.0, Status::Cancelled);
        let mut spans = vec![
            span(0, 0, 0.0, 1.0, true),
            span(1, 0, 1.0, 2.0, false),
            cancelled(2),
            cancelled(3),
        ];
        // A two-stage task whose fetch was fine and whose parse was cancelled is cancelled;
        // one with a failed stage is failed even if another stage was cancelled.
        let stage = |task, phase, status| Span {
            phase: Some(phase),
            ..Span::with_status(task, 0, 0.0, 1.0, status)
        };
        spans.push(stage(4, Phase::Fetch, Status::Ok));
        spans.push(stage(4, Phase::Parse, Status::Cancelled));
        spans.push(stage(5, Phase::Fetch, Status::Failed));
        spans.push(stage(5, Phase::Parse, Status::Cancelled));
        let r = StrategyResult::from_spans("x", 5.0, spans, 0, vec![(1, "HTTP 500".into())]);
        assert_eq!((r.tasks, r.ok, r.failed, r.cancelled), (6, 1, 2, 3));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["spans"][2]["cancelled"], true);
        assert!(
            json["spans"][0].get("cancelled").is_none(),
            "compact when false"
        );
        assert_eq!(r.spans[2].status(), Status::Cancelled);
    }

    #[test]
    fn failures_are_grouped_by_reason_with_complete_counts() {
        let mut failures: Vec<(u32, String)> = (0..30).map(|t| (t, "HTTP 500".into())).collect();
        failures.push((7, "timed out after 100 ms".into()));
        let groups = group_failures(failures);
        assert_eq!(groups[0].reason, "HTTP 500");
        assert_eq!(groups[0].count, 30);
        assert_eq!(groups[0].tasks.len(), FAILURE_TASKS_SHOWN);
        assert_eq!(groups[1].count, 1);
        // Many distinct reasons fold into one entry, still counting every task.
        let many = group_failures((0..100).map(|t| (t, format!("reason {t}"))).collect());
        assert_eq!(many.len(), FAILURE_REASONS_SHOWN);
        assert_eq!(many.iter().map(|g| g.count).sum::<u32>(), 100);
    }

    #[test]
    fn huge_runs_keep_a_sample_of_spans_but_every_count() {
        let n = 1_000_000u32;
        let spans: Vec<Span> = (0..n)
            .map(|t| span(t, t % 2, f64::from(t), f64::from(t) + 1.0, t != 17))
            .collect();
        let r = StrategyResult::from_spans("cpu-rayon", 1.0, spans, 0, vec![]);
        assert_eq!((r.tasks, r.ok, r.failed), (n, n - 1, 1));
        assert!(
            r.spans.len() <= MAX_REPORT_SPANS + 1,
            "{} spans",
            r.spans.len()
        );
        assert_eq!(r.span_sample, 50);
        assert!(
            r.spans.iter().any(|s| s.task == 17),
            "the failed task is kept"
        );
        // A cancelled run: tasks never started are sampled like ok ones (no extra spans),
        // a request aborted in flight is kept.
        let cancelled: Vec<Span> = (0..n)
            .map(|t| match t {
                t if t < 1_000 => span(t, 0, f64::from(t), f64::from(t) + 1.0, true),
                1_001 => Span::with_status(t, 0, 1_000.0, 1_200.0, Status::Cancelled),
                _ => Span::with_status(t, 0, 1_200.0, 1_200.0, Status::Cancelled),
            })
            .collect();
        let r = StrategyResult::from_spans("cpu-rayon", 1.0, cancelled, 0, vec![]);
        assert_eq!((r.ok, r.cancelled), (1_000, n - 1_000));
        assert_eq!(r.spans.len(), (n / 50) as usize + 1);
        assert!(r.spans.iter().any(|s| s.task == 1_001));
        let small =
            StrategyResult::from_spans("x", 1.0, vec![span(0, 0, 0.0, 1.0, true)], 0, vec![]);
        assert_eq!(small.span_sample, 1);
        assert!(serde_json::to_value(&small)
            .unwrap()
            .get("spanSample")
            .is_none());
    }

    #[test]
    fn a_run_becomes_a_result_with_its_detail_and_ideal() {
        let params = Params {
            tasks: 2,
            context: crate::params::Context {
                sequential_ms: Some(100.0),
                pool_threads: 0,
                cores: 2,
            },
            ..Params::default()
        };
        let run = |spans: Vec<Span>| Run {
            spans,
            checksum: 5,
            ..Run::default()
        };
        let two = vec![span(0, 0, 0.0, 60.0, true), span(1, 1, 0.0, 60.0, true)];
        let values = Detail::cpu_values(crate::family::cpu::Kernel::Squares, &[1, 4]);
        let r = StrategyResult::of_run(Strategy::CpuRayon, &params, 2, 60.0, run(two), values);
        assert_eq!((r.strategy.as_str(), r.ok, r.checksum), ("cpu-rayon", 2, 5));
        assert_eq!(
            r.ideal_ms,
            Some(50.0),
            "the sequential 100 ms over the 2 pool threads"
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["detail"], serde_json::json!({ "values": [1, 4] }));
        assert_eq!(json["idealMs"], 50.0);

        let on_one = StrategyResult::of_run(
            Strategy::CpuRayon,
            &params,
            1,
            60.0,
            run(vec![span(0, 0, 0.0, 60.0, true)]),
            None,
        );
        assert_eq!(on_one.ideal_ms, Some(100.0));
        assert!(serde_json::to_value(&on_one)
            .unwrap()
            .get("detail")
            .is_none());
        let stopped = vec![Span::with_status(0, 0, 0.0, 0.0, Status::Cancelled)];
        let r = StrategyResult::of_run(Strategy::CpuRayon, &params, 2, 1.0, run(stopped), None);
        assert_eq!(r.ideal_ms, None, "a stopped run has no ideal");
    }

    #[test]
    fn serialises_in_camel_case() {
        let r = StrategyResult::from_spans(
            "cpu-rayon",
            1.5,
            vec![span(0, 0, 0.0, 1.5, true)],
            3,
            vec![],
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["wallMs"], 1.5);
        assert_eq!(json["spans"][0]["startMs"], 0.0);
        assert!(json.get("error").is_none());
    }
}

//! Statistics over spans and repeated timings, and the rule that reads a run's counts off its
//! spans.

use crate::model::{Phase, Span, Status};

/// A run's counts, read off its spans, so they cannot disagree with them. A task counts once
/// however many stages it has: ok if every stage was, failed if any stage failed, cancelled
/// otherwise. Peaks and lanes count each task's first stage only (for the pipeline its fetch;
/// never a worker's start-up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub tasks: u32,
    pub ok: u32,
    pub failed: u32,
    pub cancelled: u32,
    pub peak_in_flight: u32,
    /// Most requests on the wire at once, when the spans carry wire times.
    pub peak_on_wire: Option<u32>,
    pub lanes_used: u32,
}

impl Counts {
    /// The counts of `spans`, which should be sorted by task then start (the report sorts them
    /// first; others are counted from a sorted copy).
    pub fn of(spans: &[Span]) -> Counts {
        let order =
            |a: &Span, b: &Span| a.task.cmp(&b.task).then(a.start_ms.total_cmp(&b.start_ms));
        if !spans.is_sorted_by(|a, b| order(a, b).is_le()) {
            let mut sorted = spans.to_vec();
            sorted.sort_by(order);
            return Counts::of(&sorted);
        }
        let (mut tasks, mut ok, mut failed) = (0u32, 0u32, 0u32);
        for group in spans.chunk_by(|a, b| a.task == b.task) {
            tasks += 1;
            let ending = || group.iter().filter(|s| s.phase != Some(Phase::Lost));
            if ending().all(|s| s.ok) && ending().next().is_some() {
                ok += 1;
            } else if ending().any(|s| s.status() == Status::Failed) {
                failed += 1;
            }
        }
        let first_phase = || {
            spans
                .iter()
                .filter(|s| !matches!(s.phase, Some(Phase::Parse | Phase::Startup)))
        };
        let has_wire_times = first_phase().any(|s| s.sent_ms.is_some());
        let peak_on_wire = has_wire_times.then(|| {
            peak_overlap_of(first_phase().filter_map(|s| {
                s.sent_ms
                    .map(|sent| (sent, s.received_ms.unwrap_or(s.end_ms)))
            }))
        });
        Counts {
            tasks,
            ok,
            failed,
            cancelled: tasks - ok - failed,
            peak_in_flight: peak_overlap_of(first_phase().map(|s| (s.start_ms, s.end_ms))),
            peak_on_wire,
            lanes_used: distinct_lanes_of(first_phase().map(|s| s.lane)),
        }
    }
}

/// The largest number of `(start, end)` intervals open at the same instant (one ending at `t`
/// and one starting at `t` do not overlap). Starts and ends are sorted apart and merged, which
/// is cheaper than sorting tagged events for the million spans a report may hold.
///
/// Zero-length intervals are left out before the sorts, because one never raises a peak (the
/// property test below checks the result is the same) and a cancelled run is mostly them.
pub fn peak_overlap_of(intervals: impl Iterator<Item = (f64, f64)>) -> u32 {
    let (mut starts, mut ends): (Vec<f64>, Vec<f64>) =
        intervals.filter(|(start, end)| end > start).unzip();
    starts.sort_unstable_by(f64::total_cmp);
    ends.sort_unstable_by(f64::total_cmp);
    // Ends at or before a start count first. `open` may dip below zero on the way (a
    // zero-length span's end is counted before its own start), exactly as a running sum over
    // the merged events would; the peak is only read after a start.
    let (mut open, mut peak, mut e) = (0i64, 0i64, 0usize);
    for start in starts {
        while e < ends.len() && ends[e].total_cmp(&start).is_le() {
            open -= 1;
            e += 1;
        }
        open += 1;
        peak = peak.max(open);
    }
    peak as u32
}

/// How many different lane numbers there are, with a bit per lane (lanes are small numbers:
/// pool threads, in-flight slots, workers).
pub fn distinct_lanes_of(lanes: impl Iterator<Item = u32>) -> u32 {
    let mut seen: Vec<u64> = Vec::new();
    for lane in lanes {
        let (word, bit) = ((lane / 64) as usize, lane % 64);
        if word >= seen.len() {
            seen.resize(word + 1, 0);
        }
        seen[word] |= 1 << bit;
    }
    seen.iter().map(|w| w.count_ones()).sum()
}

/// Median of a non-empty sample (mean of the middle two for an even count); `None` if empty.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// Ideal wall time of tasks taking `durations_ms`, started in input order with at most `k` at
/// a time, each as soon as a slot frees: what `fetch-bounded` (and a ThreadPoolExecutor with
/// `max_workers=k`) would take with no overhead. With equal durations `d` this is
/// `ceil(n / k) * d`; with uneven ones a slow task holds its slot while the others move on.
pub fn ideal_in_order_ms(durations_ms: impl IntoIterator<Item = u32>, k: u32) -> u64 {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let k = k.max(1) as usize;
    // Min-heap of the times the busy slots free up; a new task takes the earliest one.
    let mut slots: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    for d in durations_ms {
        let start = if slots.len() < k {
            0
        } else {
            slots.pop().map_or(0, |Reverse(t)| t)
        };
        slots.push(Reverse(start + u64::from(d)));
    }
    slots.into_iter().map(|Reverse(t)| t).max().unwrap_or(0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Span;

    /// [`peak_overlap_of`] the spans' start and end times.
    pub(crate) fn peak_overlap(spans: &[Span]) -> u32 {
        peak_overlap_of(spans.iter().map(|s| (s.start_ms, s.end_ms)))
    }

    fn distinct_lanes(spans: &[Span]) -> u32 {
        distinct_lanes_of(spans.iter().map(|s| s.lane))
    }

    fn s(start_ms: f64, end_ms: f64, lane: u32) -> Span {
        Span::new(0, lane, start_ms, end_ms, true)
    }

    #[test]
    fn overlap_of_sequential_spans_is_one() {
        assert_eq!(
            peak_overlap(&[s(0.0, 1.0, 0), s(1.0, 2.0, 0), s(2.0, 3.0, 0)]),
            1
        );
    }

    #[test]
    fn overlap_counts_simultaneous_spans() {
        let spans = [
            s(0.0, 10.0, 0),
            s(1.0, 5.0, 1),
            s(2.0, 3.0, 2),
            s(6.0, 7.0, 1),
        ];
        assert_eq!(peak_overlap(&spans), 3);
        assert_eq!(peak_overlap(&[]), 0);
    }

    #[test]
    fn zero_length_spans_at_one_instant_do_not_overlap() {
        // A cancelled run: every task not started gets the same zero-length span.
        let mut spans = vec![s(0.0, 10.0, 0), s(5.0, 10.0, 1)];
        spans.extend((0..1000).map(|_| s(10.0, 10.0, 0)));
        assert_eq!(peak_overlap(&spans), 2);
    }

    /// The plain definition: every start and end as an event, ends first at equal times.
    fn peak_by_events(spans: &[Span]) -> u32 {
        let mut events: Vec<(f64, i32)> = spans
            .iter()
            .flat_map(|s| [(s.start_ms, 1), (s.end_ms, -1)])
            .collect();
        events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let (mut open, mut peak) = (0, 0);
        for (_, delta) in events {
            open += delta;
            peak = peak.max(open);
        }
        peak as u32
    }

    #[test]
    fn overlap_agrees_with_the_plain_definition() {
        // Small integer times, so ties (shared starts and ends, zero-length spans) are common.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for _ in 0..500 {
            let spans: Vec<Span> = (0..next(30))
                .map(|_| {
                    let start = next(20) as f64;
                    s(start, start + next(5) as f64, 0)
                })
                .collect();
            assert_eq!(peak_overlap(&spans), peak_by_events(&spans), "{spans:?}");
        }
    }

    #[test]
    fn lanes() {
        assert_eq!(
            distinct_lanes(&[s(0.0, 1.0, 3), s(0.0, 1.0, 3), s(0.0, 1.0, 0)]),
            2
        );
        assert_eq!(distinct_lanes(&[s(0.0, 1.0, 999), s(0.0, 1.0, 64)]), 2);
        assert_eq!(distinct_lanes(&[]), 0);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn ideal_in_order() {
        let equal = |n: usize, k: u32, d: u32| ideal_in_order_ms(vec![d; n], k);
        assert_eq!(equal(6, 6, 1000), 1000);
        assert_eq!(equal(6, 1, 1000), 6000);
        assert_eq!(equal(24, 6, 500), 2000, "ceil(n / k) * d for equal tasks");
        assert_eq!(equal(7, 3, 100), 300);
        assert_eq!(equal(5, 0, 100), 500, "k = 0 is treated as 1");
        assert_eq!(equal(0, 3, 100), 0);
        // One slow task holds its slot while the other slot runs the rest.
        assert_eq!(ideal_in_order_ms([900, 100, 100, 100], 2), 900);
        assert_eq!(ideal_in_order_ms([100, 100, 100, 900], 2), 1000);
        assert_eq!(ideal_in_order_ms([100, 100, 900, 100, 100], 2), 1000);
        assert_eq!(
            ideal_in_order_ms([300, 500, 200], 1),
            1000,
            "one slot: the sum"
        );
        assert_eq!(
            ideal_in_order_ms([300, 500, 200], 3),
            500,
            "no limit: the longest"
        );
    }
}

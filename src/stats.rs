//! Statistics over spans and repeated timings.

use crate::report::Span;

/// The largest number of spans open at the same instant (a span ending at `t` and one starting
/// at `t` do not overlap).
pub fn peak_overlap(spans: &[Span]) -> u32 {
    let mut events: Vec<(f64, i32)> = spans
        .iter()
        .flat_map(|s| [(s.start_ms, 1), (s.end_ms, -1)])
        .collect();
    // Ends sort before starts at the same time.
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut open, mut peak) = (0i32, 0i32);
    for (_, delta) in events {
        open += delta;
        peak = peak.max(open);
    }
    peak as u32
}

/// How many different lanes ran at least one span.
pub fn distinct_lanes(spans: &[Span]) -> u32 {
    let mut lanes: Vec<u32> = spans.iter().map(|s| s.lane).collect();
    lanes.sort_unstable();
    lanes.dedup();
    lanes.len() as u32
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

/// Ideal wall time for `tasks` requests of `latency_ms` with at most `k` in flight:
/// `ceil(tasks / k) * latency`.
pub fn ideal_io_ms(tasks: u32, k: u32, latency_ms: f64) -> f64 {
    let k = k.max(1);
    f64::from(tasks.div_ceil(k)) * latency_ms
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn lanes() {
        assert_eq!(
            distinct_lanes(&[s(0.0, 1.0, 3), s(0.0, 1.0, 3), s(0.0, 1.0, 0)]),
            2
        );
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }

    #[test]
    fn ideal_io() {
        assert_eq!(ideal_io_ms(6, 6, 1000.0), 1000.0);
        assert_eq!(ideal_io_ms(6, 1, 1000.0), 6000.0);
        assert_eq!(ideal_io_ms(24, 6, 500.0), 2000.0);
        assert_eq!(ideal_io_ms(7, 3, 100.0), 300.0);
        assert_eq!(ideal_io_ms(5, 0, 100.0), 500.0, "k = 0 is treated as 1");
    }
}

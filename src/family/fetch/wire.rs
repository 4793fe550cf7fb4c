//! Wire times: when the browser really sent each request and had its whole answer (Resource
//! Timing), paired with the spans of the tasks that asked.

use crate::model::Span;

/// One answer the browser recorded (a Resource Timing entry): its URL, when the request was
/// sent and when the whole answer had arrived, in ms on the spans' clock.
#[derive(Debug, Clone, PartialEq)]
pub struct WireEntry {
    pub url: String,
    pub sent_ms: f64,
    pub received_ms: f64,
}

/// Gives each span the wire times of its request. `urls[task]` is the URL that answered the
/// task (None if it got no answer). A URL asked for once pairs with its one entry. A URL asked
/// for by several tasks (`fetch-same-url`, a real target) pairs by completion order: the n-th
/// of its tasks to finish with the n-th of its answers to arrive, since the browser hands each
/// answer to its caller as it completes. A URL with more or fewer entries than answered tasks (an
/// aborted request may or may not leave one) gets no times rather than wrong ones.
pub fn attach_wire_times(spans: &mut [Span], urls: &[Option<String>], entries: Vec<WireEntry>) {
    use std::collections::HashMap;
    let mut answers: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    for e in entries {
        answers
            .entry(e.url)
            .or_default()
            .push((e.sent_ms, e.received_ms));
    }
    let mut asked: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, span) in spans.iter().enumerate() {
        if let Some(Some(url)) = urls.get(span.task as usize) {
            asked.entry(url.as_str()).or_default().push(i);
        }
    }
    for (url, mut tasks) in asked {
        let Some(times) = answers.get_mut(url) else {
            continue;
        };
        if times.len() != tasks.len() {
            continue;
        }
        tasks.sort_by(|&a, &b| spans[a].end_ms.total_cmp(&spans[b].end_ms));
        times.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (&i, &(sent, received)) in tasks.iter().zip(times.iter()) {
            spans[i].sent_ms = Some(sent);
            spans[i].received_ms = Some(received);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(task: u32, lane: u32, start_ms: f64, end_ms: f64, ok: bool) -> Span {
        Span::new(task, lane, start_ms, end_ms, ok)
    }

    #[test]
    fn wire_times_pair_by_url_and_by_completion_for_a_shared_url() {
        let entry = |url: &str, sent_ms: f64, received_ms: f64| WireEntry {
            url: url.into(),
            sent_ms,
            received_ms,
        };
        let mut spans = vec![
            span(0, 0, 0.0, 105.0, true),
            span(1, 1, 0.0, 310.0, true),
            span(2, 2, 0.0, 205.0, true),
            span(3, 3, 0.0, 50.0, true),
            span(4, 4, 0.0, 60.0, false),
        ];
        let urls: Vec<Option<String>> = vec![
            Some("same".into()),
            Some("same".into()),
            Some("same".into()),
            Some("own".into()),
            None,
        ];
        let entries = vec![
            entry("same", 200.0, 300.0),
            entry("own", 1.0, 48.0),
            entry("same", 0.5, 100.0),
            entry("same", 100.0, 200.0),
        ];
        attach_wire_times(&mut spans, &urls, entries);
        let times = |i: usize| (spans[i].sent_ms, spans[i].received_ms);
        // The shared URL's answers go to its tasks in the order the tasks finished.
        assert_eq!(times(0), (Some(0.5), Some(100.0)));
        assert_eq!(times(2), (Some(100.0), Some(200.0)));
        assert_eq!(times(1), (Some(200.0), Some(300.0)));
        assert_eq!(times(3), (Some(1.0), Some(48.0)));
        assert_eq!(times(4), (None, None), "no answer, no times");

        // One entry short (an aborted request left none): no guessing.
        let mut spans = vec![span(0, 0, 0.0, 10.0, true), span(1, 1, 0.0, 20.0, true)];
        let urls = vec![Some("same".to_string()), Some("same".to_string())];
        attach_wire_times(&mut spans, &urls, vec![entry("same", 1.0, 9.0)]);
        assert!(spans.iter().all(|s| s.sent_ms.is_none()));
    }
}

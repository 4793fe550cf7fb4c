//! The pipeline (seed 003): fetch N HTML pages and parse each one.
//!
//! Seed 003 fetched 50 pages and parsed them with BeautifulSoup: 69.4 s one after another,
//! 19.5 s in a thread pool. Here the fetch runs on the worker's event loop and the parse (a real
//! HTML parser, `tl`) runs either inline or on the rayon pool. Three ways to combine them.
//!
//! Each task has two spans, phase `fetch` (lane = in-flight slot) and phase `parse` (lane = the
//! thread that parsed it). How a parse gets onto a thread is the caller's: `submit_parse(i, body)`
//! starts parsing page `i` *when called* (the browser glue hands it to the pool) and returns a
//! future of its span and result.

use crate::model::{failures_of, status_of, Phase, Run, Span, TaskError, TaskOutcome};
use crate::schedule::run_bounded;
use std::cell::RefCell;
use std::future::Future;

/// What parsing one page found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSummary {
    pub title: String,
    pub links: u32,
    pub words: u32,
}

impl PageSummary {
    /// A number summarising the page, summed into the strategy's checksum.
    pub fn checksum(&self) -> u64 {
        u64::from(self.links) * 100_000 + u64::from(self.words)
    }
}

/// Parses an HTML page: its title, how many links, how many words in its paragraphs.
pub fn parse_page(html: &str) -> Result<PageSummary, String> {
    let dom = tl::parse(html, tl::ParserOptions::default())
        .map_err(|e| format!("HTML not parsed: {e}"))?;
    let parser = dom.parser();
    let texts = |selector: &str| -> Vec<String> {
        dom.query_selector(selector)
            .map(|nodes| {
                nodes
                    .filter_map(|h| h.get(parser))
                    .map(|n| n.inner_text(parser).into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let title = texts("title").into_iter().next().unwrap_or_default();
    let links = dom.query_selector("a[href]").map_or(0, |n| n.count()) as u32;
    let words = texts("p")
        .iter()
        .map(|t| t.split_whitespace().count() as u32)
        .sum();
    Ok(PageSummary {
        title,
        links,
        words,
    })
}

/// Parses on the current thread and times it: the building block of every `submit_parse`.
pub fn timed_parse(
    task: u32,
    lane: u32,
    body: &str,
    clock: &dyn Fn() -> f64,
) -> (Span, TaskOutcome) {
    let start_ms = clock();
    let outcome = parse_page(body)
        .map(|p| p.checksum())
        .map_err(TaskError::Failed);
    let span = Span {
        phase: Some(Phase::Parse),
        ..Span::with_status(task, lane, start_ms, clock(), status_of(&outcome))
    };
    (span, outcome)
}

/// A parse that did not run (Cancel came first, or its pool thread died): a zero-length parse
/// span at `at_ms`, cancelled or failed as `error` says.
pub fn parse_not_run(task: u32, lane: u32, at_ms: f64, error: TaskError) -> (Span, TaskOutcome) {
    let span = Span {
        phase: Some(Phase::Parse),
        ..Span::with_status(task, lane, at_ms, at_ms, error.status())
    };
    (span, Err(error))
}

fn as_fetch(mut spans: Vec<Span>) -> Vec<Span> {
    for s in &mut spans {
        s.phase = Some(Phase::Fetch);
    }
    spans
}

fn finish(fetched: Run, parsed: Vec<(Span, TaskOutcome)>) -> Run {
    let mut spans = as_fetch(fetched.spans);
    let mut failures = fetched.failures;
    failures.extend(failures_of(parsed.iter().map(|(s, o)| (s.task, o))));
    failures.sort_by_key(|(task, _)| *task);
    let checksum = parsed.iter().filter_map(|(_, o)| o.as_ref().ok()).sum();
    spans.extend(parsed.into_iter().map(|(s, _)| s));
    Run {
        spans,
        checksum,
        failures,
        values: Vec::new(),
    }
}

/// Fetches every page with at most `k` in flight, handing each body to `on_body` as it
/// arrives; an `Err` from `on_body` fails that task's fetch with its reason.
async fn fetch_all<F, Fut>(
    tasks: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_span: &dyn Fn(Span),
    fetch: F,
    on_body: &dyn Fn(u32, String) -> Result<(), TaskError>,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<String, TaskError>>,
{
    let on_done = |_: u32, s: &Span| {
        on_span(Span {
            phase: Some(Phase::Fetch),
            ..*s
        })
    };
    run_bounded(tasks, k, clock, &on_done, |i| {
        let body = fetch(i);
        async move {
            let body = body.await?;
            let len = body.len() as u64;
            on_body(i, body)?;
            Ok(len)
        }
    })
    .await
}

/// `for url in urls: parse(requests.get(url).text)` — seed 003's plain loop.
///
/// Fetch a page, parse it, then the next. Expect `tasks x (latency + parse time)` and a
/// timeline where fetch and parse spans alternate and never overlap.
pub async fn pipeline_sequential<F, Fut>(
    tasks: u32,
    clock: &dyn Fn() -> f64,
    on_span: &dyn Fn(Span),
    fetch: F,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<String, TaskError>>,
{
    let parsed = RefCell::new(Vec::new());
    let fetched = fetch_all(tasks, 1, clock, on_span, fetch, &|i, body| {
        let (span, outcome) = timed_parse(i, 0, &body, clock);
        on_span(span);
        parsed.borrow_mut().push((span, outcome));
        Ok(())
    })
    .await;
    finish(fetched, parsed.into_inner())
}

/// How many bytes of pages `pipeline-fetch-then-parse` may keep waiting for its parse phase.
/// Keeping every page until the last one arrives is the strategy (`list(executor.map(...))`),
/// but the module's memory stops at `constants.maxMemoryBytes`; half of it leaves room for the
/// parses and the rest. The page warns with the same number (both read www/spec.json).
pub const HELD_PAGES_MAX_BYTES: usize = crate::spec::HELD_PAGES_MAX_BYTES as usize;

/// `pages = list(executor.map(fetch, urls))`, then `pool.map(parse, pages)` — two phases.
///
/// All fetches first (at most `k` in flight), then every parse on the pool. Expect about
/// `ceil(tasks / k) x latency + parse time / P`: the pool idles during the fetch phase and the
/// network idles during the parse phase. Pages wait in memory for the parse phase, at most
/// `held_max_bytes` of them: a page past that is not kept and its task fails saying why.
pub async fn pipeline_fetch_then_parse<F, Fut, S, SFut>(
    tasks: u32,
    k: u32,
    held_max_bytes: usize,
    clock: &dyn Fn() -> f64,
    on_span: &dyn Fn(Span),
    fetch: F,
    submit_parse: S,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<String, TaskError>>,
    S: Fn(u32, String) -> SFut,
    SFut: Future<Output = (Span, TaskOutcome)>,
{
    let bodies = RefCell::new(Vec::new());
    let held = std::cell::Cell::new(0usize);
    let fetched = fetch_all(tasks, k, clock, on_span, fetch, &|i, body| {
        if held.get() + body.len() > held_max_bytes {
            // One wording for every dropped page, so the report groups them as one reason.
            return Err(TaskError::Failed(format!(
                "page not kept: the pages waiting for the parse phase would pass the {} MiB \
                 this strategy may keep (the module's memory stops at 1 GiB); use fewer or \
                 smaller pages, or pipeline-overlapped, which parses each page as it arrives",
                held_max_bytes >> 20
            )));
        }
        held.set(held.get() + body.len());
        bodies.borrow_mut().push((i, body));
        Ok(())
    })
    .await;
    let pending: Vec<SFut> = bodies
        .into_inner()
        .into_iter()
        .map(|(i, body)| submit_parse(i, body))
        .collect();
    let parsed = futures::future::join_all(pending).await;
    finish(fetched, parsed)
}

/// Fetch with at most `k` in flight and hand each page to the pool **the moment it arrives**
/// (a producer/consumer pipeline, or `as_completed` feeding a process pool).
///
/// Parsing overlaps the remaining fetches, so expect about `ceil(tasks / k) x latency` plus the
/// parse of the last page only: the best of the three whenever both phases take real time.
pub async fn pipeline_overlapped<F, Fut, S, SFut>(
    tasks: u32,
    k: u32,
    clock: &dyn Fn() -> f64,
    on_span: &dyn Fn(Span),
    fetch: F,
    submit_parse: S,
) -> Run
where
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<String, TaskError>>,
    S: Fn(u32, String) -> SFut,
    SFut: Future<Output = (Span, TaskOutcome)>,
{
    let pending = RefCell::new(Vec::new());
    let fetched = fetch_all(tasks, k, clock, on_span, fetch, &|i, body| {
        // `submit_parse` starts the parse now; the future only collects it later.
        pending.borrow_mut().push(submit_parse(i, body));
        Ok(())
    })
    .await;
    let parsed = futures::future::join_all(pending.into_inner()).await;
    finish(fetched, parsed)
}

/// Which of the three pipelines runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Sequential,
    FetchThenParse,
    Overlapped,
}

impl Schedule {
    /// Runs the pipeline's function; `submit_parse` hands a page to the pool (the sequential
    /// one parses where it fetched and never calls it).
    pub async fn run<F, Fut, S, SFut>(
        self,
        tasks: u32,
        k: u32,
        clock: &dyn Fn() -> f64,
        on_span: &dyn Fn(Span),
        fetch: F,
        submit_parse: S,
    ) -> Run
    where
        F: Fn(u32) -> Fut,
        Fut: Future<Output = Result<String, TaskError>>,
        S: Fn(u32, String) -> SFut,
        SFut: Future<Output = (Span, TaskOutcome)>,
    {
        let held_max = HELD_PAGES_MAX_BYTES;
        match self {
            Schedule::Sequential => pipeline_sequential(tasks, clock, on_span, fetch).await,
            Schedule::FetchThenParse => {
                pipeline_fetch_then_parse(tasks, k, held_max, clock, on_span, fetch, submit_parse)
                    .await
            }
            Schedule::Overlapped => {
                pipeline_overlapped(tasks, k, clock, on_span, fetch, submit_parse).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::testing::Yield;
    use crate::stats::Counts;
    use futures::executor::block_on;

    const PAGE: &str = r#"<!doctype html><html><head><title>Example Domain</title></head>
        <body><nav><a href="/a">A</a> <a href="/b">B</a> <a name="x">no href</a></nav>
        <p>This domain is for use in examples.</p><p>Two  more</p></body></html>"#;

    #[test]
    fn parses_title_links_and_words() {
        let p = parse_page(PAGE).unwrap();
        assert_eq!(p.title, "Example Domain");
        assert_eq!(p.links, 2);
        assert_eq!(p.words, 9);
        assert_eq!(p.checksum(), 200_009);
    }

    async fn fake_fetch(i: u32) -> Result<String, TaskError> {
        Yield(2).await;
        if i == 3 {
            Err(TaskError::Failed("HTTP 500".into()))
        } else {
            Ok(PAGE.to_string())
        }
    }

    fn check(run: Run) {
        let r = Counts::of(&run.spans);
        assert_eq!((r.tasks, r.ok, r.failed), (5, 4, 1));
        assert_eq!(run.checksum, 4 * 200_009);
        assert_eq!(run.failures, [(3, "HTTP 500".to_string())]);
        // Four parse spans, five fetch spans.
        let parses = run
            .spans
            .iter()
            .filter(|s| s.phase == Some(Phase::Parse))
            .count();
        assert_eq!(parses, 4);
    }

    #[test]
    fn all_three_do_the_same_work_and_count_failures_once() {
        let clock = || 0.0;
        let none = |_| {};
        let inline = |i: u32, body: String| {
            let done = timed_parse(i, 0, &body, &clock);
            async move { done }
        };
        check(block_on(pipeline_sequential(5, &clock, &none, fake_fetch)));
        check(block_on(pipeline_fetch_then_parse(
            5,
            2,
            HELD_PAGES_MAX_BYTES,
            &clock,
            &none,
            fake_fetch,
            inline,
        )));
        check(block_on(pipeline_overlapped(
            5, 2, &clock, &none, fake_fetch, inline,
        )));
    }

    #[test]
    fn fetch_then_parse_keeps_pages_up_to_its_budget_and_fails_the_rest_with_a_reason() {
        let clock = || 0.0;
        let none = |_| {};
        let inline = |i: u32, body: String| {
            let done = timed_parse(i, 0, &body, &clock);
            async move { done }
        };
        // Room for two pages: of the four that arrive (task 3 fails with HTTP 500), two are
        // kept and parsed, two are dropped and fail saying why.
        let budget = PAGE.len() * 5 / 2;
        let run = block_on(pipeline_fetch_then_parse(
            5, 1, budget, &clock, &none, fake_fetch, inline,
        ));
        let r = Counts::of(&run.spans);
        assert_eq!((r.tasks, r.ok, r.failed, r.cancelled), (5, 2, 3, 0));
        assert_eq!(run.checksum, 2 * 200_009);
        let reasons: Vec<&str> = run.failures.iter().map(|(_, r)| r.as_str()).collect();
        assert!(reasons.contains(&"HTTP 500"), "{reasons:?}");
        assert!(
            reasons
                .iter()
                .any(|m| m.starts_with("page not kept") && m.contains("1 GiB")),
            "{reasons:?}"
        );
    }

    #[test]
    fn overlapped_submits_each_parse_before_the_fetches_end() {
        let clock = || 0.0;
        let submitted = RefCell::new(Vec::new());
        let fetches_done = std::cell::Cell::new(0);
        let on_span = |s: Span| {
            if s.phase == Some(Phase::Fetch) {
                fetches_done.set(fetches_done.get() + 1);
            }
        };
        let submit = |i: u32, body: String| {
            submitted.borrow_mut().push(fetches_done.get());
            let done = timed_parse(i, 0, &body, &clock);
            async move { done }
        };
        block_on(pipeline_overlapped(
            5, 1, &clock, &on_span, fake_fetch, submit,
        ));
        // With one fetch in flight, page i is submitted right after its own fetch, not after all.
        assert_eq!(submitted.into_inner(), [0, 1, 2, 4]);
    }

    #[test]
    fn a_parse_that_did_not_run_is_a_parse_span_with_its_reason() {
        let (span, outcome) = parse_not_run(3, 1, 7.0, TaskError::Cancelled);
        assert_eq!(span.phase, Some(Phase::Parse));
        assert_eq!((span.start_ms, span.end_ms, span.lane), (7.0, 7.0, 1));
        assert_eq!(span.status(), crate::model::Status::Cancelled);
        assert_eq!(outcome, Err(TaskError::Cancelled));
        let failed = TaskError::Failed("the pool thread stopped".into());
        let (span, outcome) = parse_not_run(3, 0, 7.0, failed.clone());
        assert_eq!(span.status(), crate::model::Status::Failed);
        assert_eq!(outcome, Err(failed));
    }
}

//! Run parameters and their ranges.
//!
//! The ranges live in `www/spec.json`, shared with the page: the page clamps what a person
//! types (with a visible note), and this module refuses anything that still arrives out of range,
//! so a bad value can never reach a workload as a panic or a runaway loop.

use crate::family::cpu::Kernel;
pub use crate::spec::{range, Range, Workload, SLOW_BODY_MS};
use crate::strategy::Strategy;
use serde::{Deserialize, Serialize};

/// Everything one run needs. Field names match the URL query and `window.playground.run()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Params {
    pub workload: Workload,
    /// Strategy ids to run; empty runs the workload's usual set.
    #[serde(default)]
    pub strategies: Vec<String>,
    /// The CPU kernel.
    #[serde(default = "default_kernel")]
    pub kernel: Kernel,
    pub tasks: u32,
    /// Mock API delay per request, in ms.
    pub latency: u32,
    /// Per-task latency spread, in % of `latency` (deterministic per task index).
    #[serde(default)]
    pub jitter: u32,
    /// Per-task timeout in ms for fetches (0 = none): the request is aborted and the task fails.
    #[serde(default)]
    pub timeout: u32,
    /// % of mock API requests answering HTTP 500.
    #[serde(default)]
    pub errors: u32,
    /// % of mock API requests that never answer.
    #[serde(default)]
    pub hangs: u32,
    /// % of mock API requests whose body arrives slowly.
    #[serde(default)]
    pub slow: u32,
    /// % of mock API requests whose connection is dropped without an answer.
    #[serde(default)]
    pub drops: u32,
    /// A real URL the fetch strategies GET instead of the mock API; empty = the mock API.
    #[serde(default)]
    pub target: String,
    /// In-flight limit for `fetch-bounded`.
    pub concurrency: u32,
    /// Workers of `fetch-threads` / `fetch-processes`; 0 = Python's default for each.
    #[serde(default)]
    pub max_workers: u32,
    /// Thousands of numbers each CPU task tests for primality.
    pub work: u32,
    /// Response body size, in bytes.
    pub bytes: u32,
    /// Requested pool size (0 = hardwareConcurrency). Informational here: the pool is built
    /// once per worker, before any run.
    pub threads: u32,
    /// The broker's visibility timeout for the queue family: how long a silent worker keeps a
    /// task before another worker gets it.
    #[serde(default = "default_reclaim_ms")]
    pub reclaim_ms: u32,
    /// Deliveries of one task before the broker fails it (the dead letter).
    #[serde(default = "default_max_deliveries")]
    pub max_deliveries: u32,
    /// Repeats per strategy; the page's worker loops over them, the core runs one at a time.
    #[serde(default = "one")]
    pub repeat: u32,
    /// Base URL of the mock API (`/api/delay` on the page's own server by default).
    #[serde(default = "default_api")]
    pub api: String,
    /// The same mock API on other ports (`fetch-multiport` spreads requests over them).
    #[serde(default)]
    pub mirrors: Vec<String>,
    /// The same server under other host names (`s0.localhost`, ...): `fetch-sharded` spreads
    /// requests over them; empty where the page's server does not offer them.
    #[serde(default)]
    pub shards: Vec<String>,
    /// Base URL of the mock HTML pages for the pipeline strategies.
    #[serde(default = "default_pages")]
    pub pages: String,
    /// What the ideal time depends on beyond these parameters (sent by the page's worker).
    #[serde(default)]
    pub context: Context,
}

/// What the ideal of a CPU strategy depends on beyond the parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Context {
    /// `cpu-sequential`'s wall time earlier in the same run, if it ran to its end.
    pub sequential_ms: Option<f64>,
    /// Threads in the pool the strategy ran on (the glue fills it in).
    pub pool_threads: u32,
    /// The machine's cores (`navigator.hardwareConcurrency`); 0 = unknown, taken as the pool's.
    pub cores: u32,
}

fn one() -> u32 {
    1
}

fn default_reclaim_ms() -> u32 {
    range("reclaimMs").map_or(2000, |r| r.default as u32)
}

fn default_max_deliveries() -> u32 {
    range("maxDeliveries").map_or(3, |r| r.default as u32)
}

fn default_api() -> String {
    "/api/delay".to_string()
}

fn default_pages() -> String {
    "/api/page".to_string()
}

fn default_kernel() -> Kernel {
    Kernel::Primes
}

impl Default for Params {
    fn default() -> Self {
        let d = |name| range(name).map_or(0, |r| r.default as u32);
        Params {
            workload: Workload::All,
            strategies: Vec::new(),
            kernel: Kernel::Primes,
            tasks: d("tasks"),
            latency: d("latency"),
            jitter: d("jitter"),
            timeout: d("timeout"),
            errors: d("errors"),
            hangs: d("hangs"),
            slow: d("slow"),
            drops: d("drops"),
            target: String::new(),
            concurrency: d("concurrency"),
            max_workers: d("maxWorkers"),
            work: d("work"),
            bytes: d("bytes"),
            threads: d("threads"),
            reclaim_ms: d("reclaimMs"),
            max_deliveries: d("maxDeliveries"),
            repeat: d("repeat"),
            api: default_api(),
            mirrors: Vec::new(),
            shards: Vec::new(),
            pages: default_pages(),
            context: Context::default(),
        }
    }
}

impl Params {
    /// Parses and validates parameters sent by the page. Errors name the parameter and its range.
    pub fn from_json(json: &str) -> Result<Params, String> {
        let params: Params =
            serde_json::from_str(json).map_err(|e| format!("invalid parameters: {e}"))?;
        params.validate()?;
        Ok(params)
    }

    /// Checks every integer parameter against its documented range.
    pub fn validate(&self) -> Result<(), String> {
        let values = [
            ("tasks", self.tasks),
            ("latency", self.latency),
            ("jitter", self.jitter),
            ("timeout", self.timeout),
            ("errors", self.errors),
            ("hangs", self.hangs),
            ("slow", self.slow),
            ("drops", self.drops),
            ("concurrency", self.concurrency),
            ("maxWorkers", self.max_workers),
            ("work", self.work),
            ("bytes", self.bytes),
            ("threads", self.threads),
            ("reclaimMs", self.reclaim_ms),
            ("maxDeliveries", self.max_deliveries),
            ("repeat", self.repeat),
        ];
        for (name, value) in values {
            let r = range(name).ok_or_else(|| format!("no range for {name} in spec.json"))?;
            if u64::from(value) < r.min || u64::from(value) > r.max {
                return Err(format!(
                    "{name} = {value} is outside its range {}..={}",
                    r.min, r.max
                ));
            }
        }
        if self.api.trim().is_empty() || self.pages.trim().is_empty() {
            return Err("api and pages must be URLs".to_string());
        }
        let faults = self.errors + self.hangs + self.slow + self.drops;
        if faults > 100 {
            return Err(format!(
                "errors + hangs + slow + drops = {faults}%, more than 100% of the requests"
            ));
        }
        // Only what requests anything needs a usable target: a CPU run with a half-typed URL
        // in the box goes ahead.
        let requests = self.selected().iter().any(|s| s.makes_requests());
        if !self.target.is_empty() && requests {
            check_target(&self.target)?;
        }
        if let Some(bad) = self
            .strategies
            .iter()
            .find(|id| Strategy::from_id(id).is_none())
        {
            return Err(format!("unknown strategy `{bad}`"));
        }
        self.check_task_limits()
    }

    /// What the parameters ask to run: the `strategies` list if given (in registry order),
    /// else the workload's usual set.
    pub fn selected(&self) -> Vec<Strategy> {
        Strategy::selected_from(&self.strategies, self.workload)
    }

    /// Every selected strategy takes this many tasks: its own limit, then its family's.
    fn check_task_limits(&self) -> Result<(), String> {
        for strategy in self.selected() {
            let Some(max) = strategy.max_tasks() else {
                continue;
            };
            if self.tasks > max {
                let whose = match strategy.own_max_tasks() {
                    Some(own) if own == max => String::new(),
                    _ => format!(" ({} strategies)", strategy.family().name()),
                };
                return Err(format!(
                    "{} runs at most {max} tasks{whose}, got tasks = {}",
                    strategy.id(),
                    self.tasks
                ));
            }
        }
        Ok(())
    }

    /// Which fault the mock API injects into task `task`'s request, if any: a fixed
    /// pseudo-random pick per task index, so the same tasks fail in every strategy and the
    /// comparison between strategies stays fair.
    pub fn task_fault(&self, task: u32) -> Option<Fault> {
        let unit = unit_hash(task, 0x5EED_FA17);
        let mut edge = 0.0;
        for (share, fault) in [
            (self.errors, Fault::Error),
            (self.hangs, Fault::Hang),
            (self.slow, Fault::Slow),
            (self.drops, Fault::Drop),
        ] {
            edge += f64::from(share) / 100.0;
            if unit < edge {
                return Some(fault);
            }
        }
        None
    }

    /// Latency of task `task` in ms: `latency` moved by up to `jitter`% either way, by a fixed
    /// pseudo-random amount per task index, so every strategy sees the same per-task latencies.
    pub fn task_latency(&self, task: u32) -> u32 {
        if self.jitter == 0 {
            return self.latency;
        }
        let unit = unit_hash(task, 0) * 2.0 - 1.0;
        let spread = f64::from(self.latency) * f64::from(self.jitter) / 100.0;
        (f64::from(self.latency) + unit * spread).round().max(0.0) as u32
    }

    /// `fetch-threads`' thread count: `maxWorkers`, or with 0 `ThreadPoolExecutor`'s default
    /// `min(32, os.cpu_count() + 4)` on `cores` cores (0 = unknown, taken as 1), never more
    /// threads than tasks.
    pub fn thread_workers(&self, cores: u32) -> u32 {
        let k = match self.max_workers {
            0 => (cores.max(1) + 4).min(32),
            k => k,
        };
        k.min(self.tasks).max(1)
    }

    /// `fetch-processes`' process count: `maxWorkers`, or with 0 `ProcessPoolExecutor`'s
    /// default `os.cpu_count()` (`cores`, 0 = unknown, taken as 1), never more than tasks.
    pub fn process_workers(&self, cores: u32) -> u32 {
        let k = match self.max_workers {
            0 => cores.max(1),
            k => k,
        };
        k.min(self.tasks).max(1)
    }

    /// The least time task `task`'s request can take against the mock API, in ms, if it ends
    /// at all: its latency (an HTTP 500 and a dropped connection also come after it), plus
    /// [`SLOW_BODY_MS`] for a slow body; a hang never ends. The timeout, when set, caps each.
    pub fn task_floor_ms(&self, task: u32) -> Option<u32> {
        let floor = match self.task_fault(task) {
            Some(Fault::Hang) => None,
            Some(Fault::Slow) => Some(self.task_latency(task).saturating_add(SLOW_BODY_MS)),
            Some(Fault::Error | Fault::Drop) | None => Some(self.task_latency(task)),
        };
        match (floor, self.timeout) {
            (floor, 0) => floor,
            (Some(ms), timeout) => Some(ms.min(timeout)),
            (None, timeout) => Some(timeout),
        }
    }
}

/// A fault the mock API can inject (its `fault=` query parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    /// HTTP 500 after the latency.
    Error,
    /// No answer at all.
    Hang,
    /// Headers on time, the body dribbled over seconds.
    Slow,
    /// The connection closed without an answer.
    Drop,
}

impl Fault {
    pub fn query_value(self) -> &'static str {
        match self {
            Fault::Error => "error",
            Fault::Hang => "hang",
            Fault::Slow => "slow",
            Fault::Drop => "drop",
        }
    }
}

/// A fixed pseudo-random number in [0, 1) for a task index (splitmix64), one stream per salt.
fn unit_hash(task: u32, salt: u64) -> f64 {
    let mut x = (u64::from(task) ^ salt).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// A target URL must be absolute http(s), without spaces: checked again by the browser glue,
/// which asks the browser's own URL parser.
fn check_target(target: &str) -> Result<(), String> {
    let rest = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
        .ok_or_else(|| format!("target `{target}` is not an http:// or https:// URL"))?;
    if rest.is_empty() || rest.starts_with('/') || target.chars().any(char::is_whitespace) {
        return Err(format!(
            "target `{target}` is not a valid URL (no host, or spaces)"
        ));
    }
    // `user:pass@host`: fetch() refuses URLs with credentials, which would otherwise surface as
    // an unreachable host on every task.
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(format!(
            "target `{target}` carries a user name or password; fetch refuses URLs with credentials"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_workers_zero_is_pythons_default_per_executor() {
        let p = Params {
            tasks: 1000,
            ..Params::default()
        };
        assert_eq!(p.max_workers, 0);
        assert_eq!(
            p.thread_workers(8),
            12,
            "min(32, 8 + 4): seed 002's machine"
        );
        assert_eq!(p.thread_workers(2), 6);
        assert_eq!(p.thread_workers(64), 32);
        assert_eq!(p.thread_workers(0), 5, "unknown cores count as one");
        assert_eq!(p.process_workers(8), 8);
        let six = Params {
            tasks: 6,
            max_workers: 9,
            ..p.clone()
        };
        assert_eq!((six.thread_workers(8), six.process_workers(2)), (6, 6));
        let bad = Params {
            max_workers: 65,
            ..p
        };
        assert!(bad.validate().unwrap_err().contains("maxWorkers"));
    }

    #[test]
    fn defaults_are_inside_their_ranges() {
        Params::default().validate().unwrap();
    }

    #[test]
    fn jitter_moves_latency_within_its_spread_and_is_stable() {
        let p = Params {
            latency: 1000,
            jitter: 50,
            ..Params::default()
        };
        let all: Vec<u32> = (0..200).map(|t| p.task_latency(t)).collect();
        assert!(all.iter().all(|&l| (500..=1500).contains(&l)), "{all:?}");
        assert!(all.iter().any(|&l| l < 800) && all.iter().any(|&l| l > 1200));
        assert_eq!(p.task_latency(7), p.task_latency(7));
        let flat = Params::default();
        assert_eq!(flat.task_latency(3), flat.latency);
    }

    #[test]
    fn a_task_floor_is_its_latency_its_fault_and_the_timeout() {
        let p = Params {
            latency: 300,
            errors: 25,
            hangs: 25,
            slow: 25,
            drops: 25,
            ..Params::default()
        };
        let task_with = |f| (0..1000).find(|&t| p.task_fault(t) == Some(f)).unwrap();
        assert_eq!(p.task_floor_ms(task_with(Fault::Error)), Some(300));
        assert_eq!(p.task_floor_ms(task_with(Fault::Drop)), Some(300));
        assert_eq!(
            p.task_floor_ms(task_with(Fault::Slow)),
            Some(300 + SLOW_BODY_MS)
        );
        assert_eq!(
            p.task_floor_ms(task_with(Fault::Hang)),
            None,
            "a hang never ends"
        );
        let cut = Params {
            timeout: 1000,
            ..p.clone()
        };
        assert_eq!(
            cut.task_floor_ms(task_with(Fault::Hang)),
            Some(1000),
            "the timeout ends it"
        );
        assert_eq!(cut.task_floor_ms(task_with(Fault::Slow)), Some(1000));
        assert_eq!(cut.task_floor_ms(task_with(Fault::Error)), Some(300));
        let jittery = Params {
            jitter: 50,
            ..Params::default()
        };
        assert_eq!(jittery.task_floor_ms(9), Some(jittery.task_latency(9)));
    }

    #[test]
    fn faults_hit_their_share_of_tasks_the_same_way_every_time() {
        let p = Params {
            errors: 20,
            hangs: 5,
            slow: 10,
            drops: 5,
            ..Params::default()
        };
        let picks: Vec<Option<Fault>> = (0..10_000).map(|t| p.task_fault(t)).collect();
        let share = |f| picks.iter().filter(|&&x| x == Some(f)).count() as f64 / 10_000.0;
        for (fault, expected) in [
            (Fault::Error, 0.20),
            (Fault::Hang, 0.05),
            (Fault::Slow, 0.10),
            (Fault::Drop, 0.05),
        ] {
            let got = share(fault);
            assert!((got - expected).abs() < 0.02, "{fault:?}: {got}");
        }
        assert_eq!(p.task_fault(42), p.task_fault(42));
        assert!((0..1000).all(|t| Params::default().task_fault(t).is_none()));
        let all = Params {
            errors: 100,
            ..Params::default()
        };
        assert!((0..1000).all(|t| all.task_fault(t) == Some(Fault::Error)));
    }

    #[test]
    fn fault_shares_over_100_percent_are_refused() {
        let p = Params {
            errors: 60,
            drops: 50,
            ..Params::default()
        };
        assert!(p.validate().unwrap_err().contains("110%"));
    }

    #[test]
    fn worker_per_task_has_a_limit_of_its_own() {
        let p = Params {
            workload: Workload::Cpu,
            strategies: vec!["cpu-rayon".into(), "cpu-worker-per-task".into()],
            tasks: 100,
            ..Params::default()
        };
        let err = p.validate().unwrap_err();
        assert!(
            err.contains("cpu-worker-per-task runs at most 64 tasks"),
            "{err}"
        );
        let pool_only = Params {
            strategies: vec!["cpu-rayon".into()],
            ..p
        };
        pool_only.validate().unwrap();
    }

    #[test]
    fn targets_must_be_absolute_http_urls() {
        for good in [
            "http://example.com/x?y=1",
            "https://127.0.0.1:9/",
            "https://example.com/a@b?c=d@e",
        ] {
            let p = Params {
                target: good.into(),
                ..Params::default()
            };
            p.validate().unwrap();
        }
        for bad in [
            "example.com",
            "ftp://x",
            "http://",
            "http:///x",
            "http://a b",
            "javascript:alert(1)",
            "http://u:p@127.0.0.1:8790/api/delay",
            "https://user@example.com",
        ] {
            let p = Params {
                target: bad.into(),
                ..Params::default()
            };
            assert!(p.validate().is_err(), "{bad} should be refused");
            let cpu = Params {
                workload: Workload::Cpu,
                ..p
            };
            assert!(cpu.validate().is_ok(), "{bad} is not used by a CPU run");
        }
    }

    #[test]
    fn task_limits_depend_on_the_strategies() {
        let cpu = Params {
            workload: Workload::Cpu,
            tasks: 1_000_000,
            ..Params::default()
        };
        cpu.validate().unwrap();
        let fetch = Params {
            workload: Workload::Fetch,
            tasks: 100_000,
            ..Params::default()
        };
        fetch.validate().unwrap();
        let too_many = Params {
            tasks: 100_001,
            ..fetch
        };
        assert!(too_many.validate().unwrap_err().contains("at most 100000"));
        let race = Params {
            workload: Workload::Race,
            tasks: 65,
            ..Params::default()
        };
        assert!(race.validate().is_err());
    }

    #[test]
    fn unknown_strategies_are_refused() {
        let p = Params {
            strategies: vec!["cpu-rayon".into(), "cpu-magic".into()],
            ..Params::default()
        };
        assert!(p.validate().unwrap_err().contains("cpu-magic"));
    }

    #[test]
    fn every_integer_parameter_has_a_sane_range() {
        for name in [
            "tasks",
            "latency",
            "jitter",
            "timeout",
            "errors",
            "hangs",
            "slow",
            "drops",
            "concurrency",
            "work",
            "bytes",
            "threads",
            "repeat",
        ] {
            let r = range(name).unwrap();
            assert!(r.min <= r.default && r.default <= r.max, "{name}: {r:?}");
        }
        assert_eq!(range("workload"), None, "workload is a choice, not an int");
        assert_eq!(range("nope"), None);
    }

    #[test]
    fn parses_the_page_json() {
        let p = Params::from_json(
            r#"{"workload":"cpu","tasks":4,"latency":0,"concurrency":2,"work":10,"bytes":0,"threads":2}"#,
        )
        .unwrap();
        assert_eq!(p.workload, Workload::Cpu);
        assert_eq!(p.tasks, 4);
        assert_eq!(p.api, "/api/delay");
    }

    #[test]
    fn refuses_out_of_range_values_by_name() {
        let mut p = Params {
            tasks: 0,
            ..Params::default()
        };
        assert!(p.validate().unwrap_err().contains("tasks = 0"));
        p.tasks = 6;
        p.concurrency = 10_000;
        assert!(p.validate().unwrap_err().contains("concurrency"));
    }

    #[test]
    fn refuses_malformed_json_and_unknown_fields() {
        assert!(Params::from_json("not json").is_err());
        assert!(Params::from_json(r#"{"tasks": -1}"#).is_err());
        let mut v = serde_json::to_value(Params::default()).unwrap();
        v["bogus"] = 1.into();
        assert!(Params::from_json(&v.to_string())
            .unwrap_err()
            .contains("bogus"));
    }
}

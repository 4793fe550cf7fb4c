//! The fetch family's glue: the event-loop strategies with this worker's requests plugged in,
//! and the executors' Workers.
//! - [`http`] (requests through gloo-net and [`off_stack`]) and [`urls`] (the mock API's URLs);
//! - `thread_workers` (threaded build): `fetch-threads`' Workers on the shared memory;
//!   [`process_workers`]: `fetch-processes`' Workers with their own; [`xhr`]: their blocking
//!   requests.

pub mod http;
mod off_stack;
pub mod process_workers;
#[cfg(feature = "threads")]
pub mod thread_workers;
pub mod urls;
pub mod xhr;

use crate::family::fetch::detail::{Hosts, Ports};
use crate::family::fetch::{shard_count, Schedule, Spread};
use crate::model::Span;
use crate::params::Params;
use crate::report::{Detail, Outcome};
use crate::web::progress::Progress;
use http::WireTimedGets;
use urls::{next_run_nonce, same_url, task_url};

const NO_MIRRORS: &str = "fetch-multiport needs the mock API on other ports (`mirrors`); the \
                          page asks the server for them at start";

const NO_SHARDS: &str = "fetch-sharded needs the playground's own server (`npm start`), which \
                         answers under s0.localhost, s1.localhost, ...; this page's server \
                         does not (a static host, or a page not on localhost)";

/// Whether the server offers what the strategy spreads its requests over.
fn check_endpoints(spread: Spread, params: &Params) -> Result<(), String> {
    match spread {
        Spread::Mirrors if params.mirrors.is_empty() => Err(NO_MIRRORS.into()),
        Spread::Shards if params.shards.is_empty() => Err(NO_SHARDS.into()),
        Spread::OwnUrl | Spread::OneUrl | Spread::Mirrors | Spread::Shards => Ok(()),
    }
}

/// Runs `schedule` on this worker's event loop, each task asking the URL `spread` gives it.
pub async fn run(
    schedule: Schedule,
    spread: Spread,
    params: &Params,
    clock: &dyn Fn() -> f64,
    progress: &Progress,
) -> Outcome {
    check_endpoints(spread, params)?;
    let nonce = next_run_nonce();
    let gets = WireTimedGets::start(params, clock);
    let on_done = |_: u32, s: &Span| progress.record(*s);
    let mirrors: Vec<&str> = std::iter::once(params.api.as_str())
        .chain(params.mirrors.iter().map(String::as_str))
        .collect();
    let hosts = shard_count(params.tasks, params.shards.len());
    let one_url = same_url(params, nonce);
    let get = |i: u32| match spread {
        Spread::OwnUrl => gets.get(i, task_url(&params.api, params, nonce, i), true),
        Spread::Mirrors => {
            let base = mirrors[i as usize % mirrors.len()];
            gets.get(i, task_url(base, params, nonce, i), true)
        }
        Spread::Shards => {
            let base = &params.shards[(i % hosts) as usize];
            gets.get(i, task_url(base, params, nonce, i), true)
        }
        // The default cache mode, so the HTTP cache lock queues them: what this one shows.
        Spread::OneUrl => gets.get(i, one_url.clone(), false),
    };
    let (tasks, k) = (params.tasks, params.concurrency);
    let (run, delivery) = schedule.run(tasks, k, clock, &on_done, get).await;
    let detail = match (delivery, spread) {
        (Some(delivery), _) => Some(Detail::delivery(&delivery)),
        (None, Spread::Mirrors) => Some(Detail::Ports(Ports {
            ports: mirrors.len() as u32,
        })),
        (None, Spread::Shards) => Some(Detail::Hosts(Hosts { hosts })),
        (None, Spread::OwnUrl | Spread::OneUrl) => None,
    };
    Ok((gets.with_wire_times(run), detail))
}

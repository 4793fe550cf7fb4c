//! What the fetch strategies show beyond their times: the delivery order, the ports or host
//! names spread over, the executors' workers. The report's `detail` wraps one of these.

use super::Delivery;
use serde::{Deserialize, Serialize};

/// Entries of a delivery order a result carries: the page lists a dozen, and all of a
/// 100,000-task run would be megabytes of JSON.
pub const DELIVERY_SHOWN: usize = 200;

/// The first [`DELIVERY_SHOWN`] entries of a [`Delivery`], and when the first result arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryShown {
    /// Task indices in the order the caller received them.
    pub order: Vec<u32>,
    /// ms (since the strategy started) at which each entry of `order` was received.
    pub delivered_ms: Vec<f64>,
    /// When the caller had its first result; null when no task ran.
    pub first_result_ms: Option<f64>,
}

impl DeliveryShown {
    /// The order `delivery` handed results back in, cut to [`DELIVERY_SHOWN`] entries.
    pub fn of(delivery: &Delivery) -> DeliveryShown {
        let shown = delivery.order.len().min(DELIVERY_SHOWN);
        DeliveryShown {
            order: delivery.order[..shown].to_vec(),
            delivered_ms: delivery.at_ms.iter().take(shown).copied().collect(),
            first_result_ms: delivery.at_ms.first().copied(),
        }
    }
}

/// How many copies of the mock API (on different ports) a run spread its requests over.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ports {
    pub ports: u32,
}

/// How many host names (`s0.localhost`, ...) of the same server a run spread its requests over.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Hosts {
    pub hosts: u32,
}

/// The workers of `fetch-threads` (threads) or `fetch-processes` (processes): how many ran
/// (`max_workers`, resolved), and for processes what starting each cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workers {
    pub workers: u32,
    /// Per process (lane): ms from asking for it to it taking tasks; null if it failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub startup_ms: Vec<Option<f64>>,
    /// The longest start-up: what the run waited before its last worker took a task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_startup_ms: Option<f64>,
}

impl Workers {
    /// `fetch-threads`' threads: only how many.
    pub fn threads(workers: u32) -> Workers {
        Workers {
            workers,
            startup_ms: Vec::new(),
            max_startup_ms: None,
        }
    }

    /// `fetch-processes`' processes, with what starting each cost.
    pub fn processes(startup_ms: Vec<Option<f64>>) -> Workers {
        let max_startup_ms = startup_ms.iter().flatten().copied().reduce(f64::max);
        Workers {
            workers: startup_ms.len() as u32,
            startup_ms,
            max_startup_ms,
        }
    }
}

//! What a strategy shows beyond its times: a result's `detail`, one typed shape per strategy,
//! serialised as camelCase JSON (the README's "The report" lists the shapes; the page reads them).

use crate::fetch::Delivery;
use crate::race::Count;
use crate::workload::Kernel;
use serde::{Deserialize, Serialize};

/// A result's `detail`. Untagged: the JSON is the inner shape itself, told apart by its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Detail {
    /// `fetch-map` and `fetch-as-completed`: the order results reached the caller.
    Delivery(DeliveryShown),
    /// The race strategies: the counter at the end.
    Count(Count),
    /// `cpu-worker-per-task`: what starting each task's Worker cost.
    Startup(Startup),
    /// A CPU run of the squares kernel: the values computed.
    Values(Values),
    /// `fetch-multiport`: how many ports the requests were spread over.
    Ports(Ports),
    /// `fetch-sharded`: how many host names the requests were spread over.
    Hosts(Hosts),
    /// `cpu-threads-gil`: how often the GIL changed hands.
    Switches(Switches),
    /// `cpu-event-loop`: how long the event loop could not answer.
    LoopBlocked(LoopBlocked),
    /// `fetch-threads` and `fetch-processes`: how many workers, and the processes' start-up.
    Workers(Workers),
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
    pub fn threads(workers: u32) -> Detail {
        Detail::Workers(Workers {
            workers,
            startup_ms: Vec::new(),
            max_startup_ms: None,
        })
    }

    pub fn processes(startup_ms: Vec<Option<f64>>) -> Detail {
        let max_startup_ms = startup_ms.iter().flatten().copied().reduce(f64::max);
        Detail::Workers(Workers {
            workers: startup_ms.len() as u32,
            startup_ms,
            max_startup_ms,
        })
    }
}

/// How often the modelled GIL passed from one thread to another.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Switches {
    pub gil_switches: u64,
}

/// The longest time a 0 ms ticker on the event loop waited for its turn, and its ticks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoopBlocked {
    pub longest_blocked_ms: f64,
    pub ticks: u32,
}

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

/// When each task's Worker started working, counted from when it was spawned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    /// Per task (by index): ms from spawning its Worker to the start of its kernel; 0 for a
    /// task whose Worker failed.
    pub startup_ms: Vec<f64>,
    pub mean_startup_ms: f64,
}

/// What each task computed, by task index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Values {
    pub values: Vec<u64>,
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

/// Squares values are shown up to this many tasks: enough for the `pool-map-squares` preset,
/// few enough to read in one line.
pub const VALUES_SHOWN_UP_TO: usize = 50;

impl Detail {
    /// The order `delivery` handed results back in, cut to [`DELIVERY_SHOWN`] entries.
    pub fn delivery(delivery: &Delivery) -> Detail {
        let shown = delivery.order.len().min(DELIVERY_SHOWN);
        Detail::Delivery(DeliveryShown {
            order: delivery.order[..shown].to_vec(),
            delivered_ms: delivery.at_ms.iter().take(shown).copied().collect(),
            first_result_ms: delivery.at_ms.first().copied(),
        })
    }

    /// The values a CPU run computed, when they mean something to read: the squares kernel's,
    /// up to [`VALUES_SHOWN_UP_TO`] tasks. Other kernels' values are checksums of work.
    pub fn cpu_values(kernel: Kernel, values: &[u64]) -> Option<Detail> {
        (kernel == Kernel::Squares && values.len() <= VALUES_SHOWN_UP_TO).then(|| {
            Detail::Values(Values {
                values: values.to_vec(),
            })
        })
    }

    /// Each task's Worker start-up and their mean (0 with no tasks).
    pub fn startup(startup_ms: Vec<f64>) -> Detail {
        let mean_startup_ms = startup_ms.iter().sum::<f64>() / startup_ms.len().max(1) as f64;
        Detail::Startup(Startup {
            startup_ms,
            mean_startup_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn delivery_keeps_the_first_entries_and_the_first_result() {
        let delivery = Delivery {
            order: (0..300).rev().collect(),
            at_ms: (0..300).map(f64::from).collect(),
        };
        let json = serde_json::to_value(Detail::delivery(&delivery)).unwrap();
        assert_eq!(json["order"].as_array().unwrap().len(), DELIVERY_SHOWN);
        assert_eq!(json["order"][0], 299);
        assert_eq!(
            json["deliveredMs"].as_array().unwrap().len(),
            DELIVERY_SHOWN
        );
        assert_eq!(json["firstResultMs"], 0.0);
        let none = Delivery {
            order: vec![],
            at_ms: vec![],
        };
        assert_eq!(
            serde_json::to_value(Detail::delivery(&none)).unwrap(),
            json!({ "order": [], "deliveredMs": [], "firstResultMs": null })
        );
    }

    #[test]
    fn only_a_short_run_of_squares_shows_its_values() {
        assert_eq!(
            serde_json::to_value(Detail::cpu_values(Kernel::Squares, &[1, 4, 9])).unwrap(),
            json!({ "values": [1, 4, 9] })
        );
        assert_eq!(Detail::cpu_values(Kernel::Primes, &[1, 4, 9]), None);
        assert_eq!(Detail::cpu_values(Kernel::Squares, &[1; 51]), None);
    }

    #[test]
    fn startup_has_its_mean() {
        assert_eq!(
            serde_json::to_value(Detail::startup(vec![10.0, 30.0])).unwrap(),
            json!({ "startupMs": [10.0, 30.0], "meanStartupMs": 20.0 })
        );
        assert_eq!(
            serde_json::to_value(Detail::startup(vec![])).unwrap()["meanStartupMs"],
            0.0
        );
    }

    #[test]
    fn each_shape_is_its_own_fields_and_reads_back() {
        let all = [
            Detail::Count(Count {
                expected: 10,
                actual: 7,
                lost: 3,
            }),
            Detail::Ports(Ports { ports: 6 }),
            Detail::Hosts(Hosts { hosts: 17 }),
            Detail::startup(vec![5.0]),
            Detail::cpu_values(Kernel::Squares, &[1]).unwrap(),
            Detail::delivery(&Delivery {
                order: vec![1, 0],
                at_ms: vec![2.0, 3.0],
            }),
        ];
        let texts = [
            r#"{"expected":10,"actual":7,"lost":3}"#,
            r#"{"ports":6}"#,
            r#"{"hosts":17}"#,
            r#"{"startupMs":[5.0],"meanStartupMs":5.0}"#,
            r#"{"values":[1]}"#,
            r#"{"order":[1,0],"deliveredMs":[2.0,3.0],"firstResultMs":2.0}"#,
        ];
        for (detail, text) in all.iter().zip(texts) {
            assert_eq!(serde_json::to_string(detail).unwrap(), text);
            assert_eq!(&serde_json::from_str::<Detail>(text).unwrap(), detail);
        }
    }
}

//! What a strategy shows beyond its times: a result's `detail`, one typed shape per strategy,
//! serialised as camelCase JSON (the README's "The report" lists the shapes; the page reads them).
//! Each family owns its shapes; this enum only gathers them.

use crate::family::cpu::detail::{LoopBlocked, Startup, Switches, Values};
use crate::family::cpu::Kernel;
use crate::family::fetch::detail::{DeliveryShown, Hosts, Ports, Workers};
use crate::family::fetch::Delivery;
use crate::family::queue::QueueDetail;
use crate::family::race::Count;
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
    /// `queue-broker`: the workers, their lanes and what the broker cost.
    Queue(QueueDetail),
    /// `fetch-threads` and `fetch-processes`: how many workers, and the processes' start-up.
    Workers(Workers),
}

impl Detail {
    /// The order `delivery` handed results back in ([`DeliveryShown::of`]).
    pub fn delivery(delivery: &Delivery) -> Detail {
        Detail::Delivery(DeliveryShown::of(delivery))
    }

    /// The values a CPU run computed, when they mean something to read ([`Values::of`]).
    pub fn cpu_values(kernel: Kernel, values: &[u64]) -> Option<Detail> {
        Values::of(kernel, values).map(Detail::Values)
    }

    /// Each task's Worker start-up and their mean (0 with no tasks).
    pub fn startup(startup_ms: Vec<f64>) -> Detail {
        Detail::Startup(Startup::of(startup_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::family::fetch::detail::DELIVERY_SHOWN;
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

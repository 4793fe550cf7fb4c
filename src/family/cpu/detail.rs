//! What the CPU strategies show beyond their times: the values computed, each Worker's
//! start-up, the GIL's switches, how long the event loop was blocked. The report's `detail`
//! wraps one of these.

use super::Kernel;
use serde::{Deserialize, Serialize};

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

/// Squares values are shown up to this many tasks: enough for the `pool-map-squares` preset,
/// few enough to read in one line.
pub const VALUES_SHOWN_UP_TO: usize = 50;

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

impl Values {
    /// The values a CPU run computed, when they mean something to read: the squares kernel's,
    /// up to [`VALUES_SHOWN_UP_TO`] tasks. Other kernels' values are checksums of work.
    pub fn of(kernel: Kernel, values: &[u64]) -> Option<Values> {
        (kernel == Kernel::Squares && values.len() <= VALUES_SHOWN_UP_TO).then(|| Values {
            values: values.to_vec(),
        })
    }
}

impl Startup {
    /// Each task's Worker start-up and their mean (0 with no tasks).
    pub fn of(startup_ms: Vec<f64>) -> Startup {
        let mean_startup_ms = startup_ms.iter().sum::<f64>() / startup_ms.len().max(1) as f64;
        Startup {
            startup_ms,
            mean_startup_ms,
        }
    }
}

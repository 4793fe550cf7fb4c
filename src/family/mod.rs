//! One folder per family of strategies, each with its strategies, its executors and the
//! `detail` shapes it reports. A family uses the model, the statistics, the scheduler and the GIL
//! model, never another family or the report.

pub mod cpu;
pub mod fetch;
pub mod pipeline;
pub mod queue;
pub mod race;

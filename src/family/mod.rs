//! One folder per family of strategies, each with its strategies, its executors and the
//! `detail` shapes it reports. A family depends on the model, the scheduler and the GIL model,
//! never on another family or on the report.

pub mod cpu;
pub mod fetch;
pub mod pipeline;
pub mod race;

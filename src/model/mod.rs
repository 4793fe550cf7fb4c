//! The vocabulary every family speaks, depending on nothing else in the crate: spans and how
//! tasks end ([`span`]), a run's outcome ([`run`]), the clock and the stop flag ([`clock`]).
//! The families, the ideal model and the report are built on it.

pub mod clock;
pub mod run;
pub mod span;

pub use clock::{Clock, OnSpan, RunClock, StopFlag, NEVER_STOP};
pub use run::{failures_of, status_of, Run, TaskError, TaskOutcome};
pub use span::{Phase, Span, Status};

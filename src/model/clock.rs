//! The clock every strategy times its spans with, where spans go as they end, and the stop flag
//! a job checks for Cancel.

use super::span::Span;
use std::sync::atomic::AtomicBool;

/// A shared clock in ms, callable from any thread.
pub type Clock<'a> = dyn Fn() -> f64 + Sync + 'a;
/// Receives each span as its task ends, from any thread.
pub type OnSpan<'a> = dyn Fn(Span) + Sync + 'a;

/// A strategy's clock by value, ms since it started: copied into pool threads and Workers, so
/// `Send + Copy`.
pub trait RunClock: Fn() -> f64 + Send + Sync + Copy + 'static {}
impl<C: Fn() -> f64 + Send + Sync + Copy + 'static> RunClock for C {}

/// A stop flag raised by Cancel; jobs check it before each task and at checkpoints inside one.
pub type StopFlag = &'static AtomicBool;

/// A stop flag that is never raised, for jobs nobody cancels.
pub static NEVER_STOP: AtomicBool = AtomicBool::new(false);

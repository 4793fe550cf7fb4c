//! # parallel-playground
//!
//! The Python seed articles time sequential loops against thread pools, process pools and
//! `asyncio.gather`. This crate runs the same experiments in a browser: I/O through the
//! browser's async `fetch`, CPU work on a rayon pool whose threads are Web Workers.
//!
//! Layout (the "pure core, thin glue" split of wasm-bindgen's raytrace-parallel example), in
//! layers, each using only those above it in this list (`tests/layers.rs` fails on a circle):
//! - [`spec`]: what build.rs generated from `www/spec.json`: strategies, families, constants;
//! - [`model`]: spans, task outcomes, a run, the clock and the stop flag: every family's words;
//! - [`stats`]: the rule that counts a run off its spans, peak overlap, ideal schedules, medians;
//! - [`schedule`]: N asynchronous tasks with at most k in flight, and the start pacer;
//! - [`gil`]: a model of CPython's GIL, for the threads of the cpu and fetch families;
//! - [`family`]: a folder per family (fetch, cpu, race, pipeline): strategies, executors, detail;
//! - [`strategy`]: the registry on the generated enum (lookup, task limits, selection);
//! - [`params`]: the run parameters, checked against the spec's ranges;
//! - [`ideal`]: the one ideal-time model;
//! - [`plan`]: how each strategy runs, one exhaustive match the glue follows;
//! - [`report`]: a run's result as the page gets it, with each family's `detail`;
//! - `web` (wasm32 only): the `#[wasm_bindgen]` exports and the browser's side of each family.

// Functions stay under 60 lines of code (clippy.toml); tests may be longer.
#![warn(clippy::too_many_lines)]
#![cfg_attr(test, allow(clippy::too_many_lines))]
// fetch-threads' threads sleep with `memory.atomic.wait32` between runs (the toolchain is the
// pinned nightly anyway, for build-std).
#![cfg_attr(
    all(target_arch = "wasm32", feature = "threads"),
    feature(stdarch_wasm_atomic_wait)
)]

pub mod family;
pub mod gil;
pub mod ideal;
pub mod model;
pub mod params;
pub mod plan;
pub mod report;
pub mod schedule;
pub mod spec;
pub mod stats;
pub mod strategy;

#[cfg(target_arch = "wasm32")]
pub mod web;

//! # parallel-playground
//!
//! The Python seed articles time sequential loops against thread pools, process pools and
//! `asyncio.gather`. This crate runs the same experiments in a browser: I/O through the
//! browser's async `fetch`, CPU work on a rayon pool whose threads are Web Workers.
//!
//! Layout (the "pure core, thin glue" split of wasm-bindgen's raytrace-parallel example):
//! - [`spec`], [`params`], [`workload`], [`schedule`], [`strategy`], [`fetch`], [`cpu`],
//!   [`race`], [`pipeline`], [`ideal`], [`stats`], [`detail`], [`report`]: plain Rust, no browser
//!   types, tested on the host with `cargo test`; the strategies, and the results they become;
//! - `web` (wasm32 only, `src/web/`): the `#[wasm_bindgen]` exports and what plugs the browser
//!   into the core: requests via gloo-net, the clock, the thread pool, one Worker per task.

// Functions stay under 60 lines of code (clippy.toml); tests may be longer.
#![warn(clippy::too_many_lines)]
#![cfg_attr(test, allow(clippy::too_many_lines))]
// fetch-threads' threads sleep with `memory.atomic.wait32` between runs (the toolchain is the
// pinned nightly anyway, for build-std).
#![cfg_attr(
    all(target_arch = "wasm32", feature = "threads"),
    feature(stdarch_wasm_atomic_wait)
)]

pub mod cpu;
pub mod detail;
pub mod event_loop;
pub mod fetch;
pub mod gil;
pub mod ideal;
pub mod params;
pub mod pipeline;
pub mod process_io;
pub mod race;
pub mod report;
pub mod schedule;
pub mod spec;
pub mod stats;
pub mod strategy;
pub mod thread_io;
pub mod threads;
pub mod workload;

#[cfg(target_arch = "wasm32")]
pub mod web;

//! Native baseline for the benchmark (`npm run bench`): the crate's own `cpu::cpu_sequential` and
//! `cpu::cpu_rayon` on the primes kernel, compiled for the host instead of wasm32, so wasm and
//! native run literally the same core code on the same kernel and sizes.
//!
//! ```sh
//! cargo run --release --example native_bench -- --tasks 6 --work 2000 --threads 2 --repeats 5
//! ```
//!
//! `--strategies cpu-rayon` runs only the listed ones (comma-separated; both by default): the
//! scaling section times rayon alone at each thread count.
//!
//! Prints one JSON line: per strategy the timed runs (ms, warm-up excluded) and the checksum
//! (primes found), which the bench compares with the page's.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

// The wasm32 clippy pass compiles every target; there is nothing to run in a browser here.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use parallel_playground::family::cpu::{cpu_rayon, cpu_sequential, CpuJob, Kernel};
    use serde_json::json;
    use std::time::Instant;

    struct Args {
        tasks: u32,
        work: u32,
        threads: usize,
        repeats: usize,
        warmup: usize,
        strategies: Vec<String>,
    }

    const STRATEGIES: [&str; 2] = ["cpu-sequential", "cpu-rayon"];

    fn parse_args() -> Result<Args, String> {
        let mut args = Args {
            tasks: 6,
            work: 2000,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            repeats: 5,
            warmup: 1,
            strategies: STRATEGIES.map(String::from).to_vec(),
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let number = |v: &str| {
                v.parse::<usize>()
                    .map_err(|_| format!("{flag} wants a whole number, got {v:?}"))
            };
            match flag.as_str() {
                "--tasks" => args.tasks = number(&value)? as u32,
                "--work" => args.work = number(&value)? as u32,
                "--threads" => args.threads = number(&value)?.max(1),
                "--repeats" => args.repeats = number(&value)?.max(1),
                "--warmup" => args.warmup = number(&value)?,
                "--strategies" => {
                    args.strategies = value.split(',').map(String::from).collect();
                    if let Some(bad) = args
                        .strategies
                        .iter()
                        .find(|s| !STRATEGIES.contains(&s.as_str()))
                    {
                        return Err(format!("unknown strategy {bad:?} (known: {STRATEGIES:?})"));
                    }
                }
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        Ok(args)
    }

    /// Runs `f` warm-up + repeats times; returns the timed wall times (ms) and the checksum,
    /// failing if two runs disagree on it.
    fn timed(args: &Args, f: impl Fn(&(dyn Fn() -> f64 + Sync)) -> u64) -> (Vec<f64>, u64) {
        let mut runs = Vec::with_capacity(args.repeats);
        let mut checksum = None;
        for i in 0..args.warmup + args.repeats {
            let t0 = Instant::now();
            let clock = move || t0.elapsed().as_secs_f64() * 1e3;
            let sum = f(&clock);
            let ms = clock();
            if *checksum.get_or_insert(sum) != sum {
                panic!("checksums differ between runs: {checksum:?} and {sum}");
            }
            if i >= args.warmup {
                runs.push(ms);
            }
        }
        (runs, checksum.unwrap_or(0))
    }

    pub fn main() {
        let args = parse_args().unwrap_or_else(|e| {
            eprintln!("native_bench: {e}");
            std::process::exit(2);
        });
        // A pool of exactly `threads`, like the page's pool of `navigator.hardwareConcurrency`
        // Web Workers; the sequential strategy runs on the calling thread, as in the page's worker.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads)
            .build()
            .expect("rayon pool");
        let job = CpuJob::new(Kernel::Primes, args.tasks, args.work);
        // The page streams each span to the timeline; the baseline has nobody to tell.
        let on_span = |_| {};
        let mut results = serde_json::Map::new();
        for id in &args.strategies {
            let (runs, sum) = match id.as_str() {
                "cpu-sequential" => timed(&args, |clock| {
                    cpu_sequential(&job, clock, &on_span).checksum
                }),
                _ => timed(&args, |clock| {
                    pool.install(|| cpu_rayon(&job, clock, &on_span).checksum)
                }),
            };
            results.insert(id.clone(), json!({ "runs_ms": runs, "checksum": sum }));
        }
        let out = json!({
            "tasks": args.tasks,
            "work": args.work,
            "threads": pool.current_num_threads(),
            "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
            "results": results,
        });
        println!("{out}");
    }
}

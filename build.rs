//! Turns `www/spec.json`, the spec the page and the benchmark also read, into Rust: the
//! strategy, family and workload enums, the parameter ranges and the shared constants.
//! `src/spec.rs` includes the result, so the core cannot disagree with the page.

use serde_json::{Map, Value};
use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=www/spec.json");
    // tests/web_*.rs: the tests that need the mock API run when `npm run test:wasm` passes its
    // address, and are reported as ignored (with how to run them) when it does not.
    println!("cargo:rerun-if-env-changed=PLAYGROUND_ORIGIN");
    println!("cargo::rustc-check-cfg=cfg(mock_api)");
    if std::env::var_os("PLAYGROUND_ORIGIN").is_some() {
        println!("cargo:rustc-cfg=mock_api");
    }
    let text = std::fs::read_to_string("www/spec.json").expect("www/spec.json is readable");
    let spec: Value = serde_json::from_str(&text).expect("www/spec.json is valid JSON");
    let mut out = String::new();
    families(&spec, &mut out);
    workloads(&spec, &mut out);
    strategies(&spec, &mut out);
    ranges(&spec, &mut out);
    constants(&spec, &mut out);
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("spec.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}

fn object<'a>(spec: &'a Value, key: &str) -> &'a Map<String, Value> {
    spec[key]
        .as_object()
        .unwrap_or_else(|| panic!("spec.json: `{key}` is an object"))
}

/// `fetch-as-completed` -> `FetchAsCompleted`.
fn camel(id: &str) -> String {
    id.split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `maxStartedAtOnce` -> `MAX_STARTED_AT_ONCE`.
fn screaming(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            s.push('_');
        }
        s.push(c.to_ascii_uppercase());
    }
    s
}

fn option_u32(v: &Value) -> String {
    v.as_u64()
        .map_or("None".to_string(), |n| format!("Some({n})"))
}

fn families(spec: &Value, out: &mut String) {
    let families = object(spec, "families");
    out.push_str("/// Which kind of work a strategy does; decides how the glue runs it.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]\n");
    out.push_str("pub enum Family {\n");
    for name in families.keys() {
        writeln!(out, "    #[serde(rename = {name:?})] {},", camel(name)).unwrap();
    }
    out.push_str("}\n\nimpl Family {\n");
    out.push_str("    /// The family's name, as in strategy ids (`fetch-...`).\n");
    out.push_str("    pub fn name(self) -> &'static str {\n        match self {\n");
    for name in families.keys() {
        writeln!(out, "            Family::{} => {name:?},", camel(name)).unwrap();
    }
    out.push_str("        }\n    }\n\n");
    out.push_str(
        "    /// The most tasks the family's strategies take, if below the general limit.\n",
    );
    out.push_str("    pub fn max_tasks(self) -> Option<u32> {\n        match self {\n");
    for (name, f) in families {
        let max = option_u32(&f["maxTasks"]);
        writeln!(out, "            Family::{} => {max},", camel(name)).unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");
}

fn workloads(spec: &Value, out: &mut String) {
    let workloads = object(spec, "workloads");
    out.push_str("/// Which families of strategies a run offers (the page's workload radios).\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]\n");
    out.push_str("pub enum Workload {\n");
    for name in workloads.keys() {
        writeln!(out, "    #[serde(rename = {name:?})] {},", camel(name)).unwrap();
    }
    out.push_str("}\n\nimpl Workload {\n");
    out.push_str("    /// The families whose usual strategies this workload runs.\n");
    out.push_str("    pub fn families(self) -> &'static [Family] {\n        match self {\n");
    for (name, w) in workloads {
        let list: Vec<String> = w["families"]
            .as_array()
            .expect("workloads.*.families is a list")
            .iter()
            .map(|f| format!("Family::{}", camel(f.as_str().unwrap())))
            .collect();
        writeln!(
            out,
            "            Workload::{} => &[{}],",
            camel(name),
            list.join(", ")
        )
        .unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");
}

fn ideal(entry: &Value) -> String {
    let ideal = &entry["ideal"];
    let pick = |key: &str| ideal[key].as_str().map(camel).unwrap_or_default();
    match ideal["model"].as_str() {
        None => "Ideal::None".to_string(),
        Some("requests") => format!("Ideal::Requests(InFlight::{})", pick("inFlight")),
        Some("one-url") => format!("Ideal::OneUrl(InFlight::{})", pick("inFlight")),
        Some("cpu") => format!("Ideal::Cpu(Threads::{})", pick("threads")),
        Some(other) => panic!("spec.json: unknown ideal model `{other}`"),
    }
}

fn strategies(spec: &Value, out: &mut String) {
    let list = spec["strategies"]
        .as_array()
        .expect("spec.json: `strategies` is a list");
    let field = |s: &Value, key: &str| s[key].clone();
    let id = |s: &Value| s["id"].as_str().expect("a strategy has an id").to_string();
    out.push_str("/// Stable strategy ids, as they appear in reports, the docs and the page.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]\n");
    out.push_str("pub enum Strategy {\n");
    for s in list {
        writeln!(out, "    #[serde(rename = {:?})] {},", id(s), camel(&id(s))).unwrap();
    }
    out.push_str("}\n\nimpl Strategy {\n");
    out.push_str("    /// Every strategy, in the order the page shows them.\n");
    out.push_str("    pub const ALL: &'static [Strategy] = &[");
    for s in list {
        write!(out, "Strategy::{}, ", camel(&id(s))).unwrap();
    }
    out.push_str("];\n\n");
    let arms = |out: &mut String, doc: &str, sig: &str, value: &dyn Fn(&Value) -> String| {
        writeln!(
            out,
            "    /// {doc}\n    pub fn {sig} {{\n        match self {{"
        )
        .unwrap();
        for s in list {
            writeln!(
                out,
                "            Strategy::{} => {},",
                camel(&id(s)),
                value(s)
            )
            .unwrap();
        }
        out.push_str("        }\n    }\n\n");
    };
    arms(
        out,
        "The id in reports and the URL.",
        "id(self) -> &'static str",
        &|s| format!("{:?}", id(s)),
    );
    arms(out, "Its family.", "family(self) -> Family", &|s| {
        format!("Family::{}", camel(field(s, "family").as_str().unwrap()))
    });
    arms(
        out,
        "Part of its workload's usual set (what runs when `strategies` is empty).",
        "usual(self) -> bool",
        &|s| field(s, "usual").as_bool().unwrap_or(false).to_string(),
    );
    arms(
        out,
        "Needs the rayon pool, so shared memory, so a cross-origin isolated page.",
        "needs_pool(self) -> bool",
        &|s| field(s, "needsPool").as_bool().unwrap_or(false).to_string(),
    );
    arms(
        out,
        "A task limit of its own, below its family's.",
        "own_max_tasks(self) -> Option<u32>",
        &|s| option_u32(&field(s, "maxTasks")),
    );
    arms(
        out,
        "How its ideal time is modelled (see `crate::ideal`).",
        "ideal(self) -> Ideal",
        &ideal,
    );
    out.push_str("}\n\n");
}

fn ranges(spec: &Value, out: &mut String) {
    out.push_str("/// The documented range of an integer parameter, or `None` for other names.\n");
    out.push_str("pub fn range(name: &str) -> Option<Range> {\n    match name {\n");
    for (name, p) in object(spec, "params") {
        if p["kind"].as_str() != Some("int") {
            continue;
        }
        let n = |k: &str| p[k].as_u64().unwrap_or_else(|| panic!("params.{name}.{k}"));
        writeln!(
            out,
            "        {name:?} => Some(Range {{ min: {}, max: {}, default: {} }}),",
            n("min"),
            n("max"),
            n("default")
        )
        .unwrap();
    }
    out.push_str("        _ => None,\n    }\n}\n\n");
}

fn constants(spec: &Value, out: &mut String) {
    for (name, value) in object(spec, "constants") {
        let n = value
            .as_u64()
            .unwrap_or_else(|| panic!("constants.{name} is a whole number"));
        writeln!(out, "/// `constants.{name}` in www/spec.json.").unwrap();
        writeln!(out, "pub const {}: u32 = {n};", screaming(name)).unwrap();
    }
}

//! The crate's modules form layers: no module reaches, directly or round about, a module that
//! reaches it back. Read from the source text, so it checks every build (host, both wasm32)
//! at once: each `crate::...` and `super::...` path (and a parent's path into a child it
//! declares) is an edge between the modules it joins. A module is a file of `src/`, or a
//! folder with its `mod.rs`; under `src/family/` and `src/web/` each child is a module of its
//! own, so a family folder is one module and its files are its inside.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Folders whose children are modules of their own rather than the folder's inside.
const CONTAINERS: &[&str] = &["family", "web"];

/// The Rust module path of a file under `src/`: `src/web/fetch/http.rs` -> `[web, fetch, http]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The module (graph node) a module path belongs to.
fn node(path: &[String]) -> String {
    match path {
        [] => "lib".into(),
        [first, second, ..] if CONTAINERS.contains(&first.as_str()) => format!("{first}::{second}"),
        [first, ..] => first.clone(),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The paths a line names after `crate::`, `super::` or a declared child `name::`, each as a
/// list of segments; a `{a, b::c}` group gives one path per item.
fn paths_after(line: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut head: Vec<String> = Vec::new();
        let mut tail = rest;
        loop {
            let word: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if word.is_empty() {
                break;
            }
            tail = &tail[word.len()..];
            head.push(word);
            match tail.strip_prefix("::") {
                Some(t) => tail = t,
                None => break,
            }
        }
        if let Some(group) = tail.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let first: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !first.is_empty() {
                    found.push(head.iter().cloned().chain([first]).collect());
                }
            }
        } else if !head.is_empty() {
            found.push(head);
        }
    }
    found
}

/// Every edge `from -> to` between different modules, with the file and line that makes it.
fn edges(src: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in &files {
        let here = module_path(src, file);
        let from = node(&here);
        graph.entry(from.clone()).or_default();
        let text = std::fs::read_to_string(file).unwrap();
        let children: Vec<String> = text
            .lines()
            .filter_map(|l| {
                let l = l.trim_start();
                let l = l.strip_prefix("pub ").unwrap_or(l);
                l.strip_prefix("mod ")?
                    .strip_suffix(';')
                    .map(str::to_string)
            })
            .collect();
        let mut in_tests = false;
        for (n, line) in text.lines().enumerate() {
            in_tests |= line.starts_with("#[cfg(test)]");
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let mut targets: Vec<Vec<String>> = paths_after(code, "crate::");
            for rel in paths_after(code, "super::") {
                // `super` in a file's own test module is the file itself.
                let base = if in_tests {
                    &here[..]
                } else {
                    &here[..here.len().saturating_sub(1)]
                };
                targets.push(base.iter().cloned().chain(rel).collect());
            }
            for child in &children {
                for rel in paths_after(code, &format!("{child}::")) {
                    let mut full = here.clone();
                    full.push(child.clone());
                    targets.push(full.into_iter().chain(rel).collect());
                }
            }
            for target in targets {
                let to = node(&target);
                if to != from && src_has(src, &target) {
                    let at = format!("{}:{}", file.display(), n + 1);
                    graph
                        .entry(from.clone())
                        .or_default()
                        .entry(to)
                        .or_insert(at);
                }
            }
        }
    }
    graph
}

/// Whether a path's first segment names a module of the crate (not a type re-exported at the root).
fn src_has(src: &Path, target: &[String]) -> bool {
    let Some(first) = target.first() else {
        return false;
    };
    src.join(format!("{first}.rs")).exists() || src.join(first).is_dir()
}

/// A circle in the graph, as the modules along it, if there is one.
fn find_circle(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        at: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|m| m == at) {
            let mut circle = stack[i..].to_vec();
            circle.push(at.to_string());
            return Some(circle);
        }
        if done.contains(at) {
            return None;
        }
        stack.push(at.to_string());
        for to in graph.get(at).into_iter().flat_map(|m| m.keys()) {
            if let Some(circle) = visit(to, graph, stack, done) {
                return Some(circle);
            }
        }
        stack.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

/// The groups of modules that reach one another (the graph's strongly connected parts).
fn tangles(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<BTreeSet<String>> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for to in graph.get(&m).into_iter().flat_map(|t| t.keys()) {
                if seen.insert(to.clone()) {
                    todo.push(to.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut groups: Vec<BTreeSet<String>> = Vec::new();
    for (m, r) in &reaches {
        let group: BTreeSet<String> = r
            .iter()
            .filter(|o| reaches.get(o).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        if group.len() > 1 && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn no_module_imports_its_way_back_to_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = edges(&src);
    if let Some(circle) = find_circle(&graph) {
        let steps: Vec<String> = circle
            .windows(2)
            .map(|w| format!("  {} -> {}  ({})", w[0], w[1], graph[&w[0]][&w[1]]))
            .collect();
        panic!(
            "an import circle among src/ modules:\n{}\nmodules that reach each other: {:?}",
            steps.join("\n"),
            tangles(&graph)
        );
    }
}

#[test]
fn the_reader_sees_paths_groups_and_children() {
    let found = paths_after("use crate::{model::Span, spec};", "crate::");
    assert_eq!(found, vec![vec!["model"], vec!["spec"]]);
    assert_eq!(
        paths_after("x = super::js::now_ms();", "super::"),
        vec![vec!["js", "now_ms"]]
    );
    assert!(paths_after("my_crate::x", "crate::").is_empty());
    let circle = BTreeMap::from([
        (
            "a".to_string(),
            BTreeMap::from([("b".to_string(), String::new())]),
        ),
        (
            "b".to_string(),
            BTreeMap::from([("a".to_string(), String::new())]),
        ),
    ]);
    assert_eq!(
        find_circle(&circle),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
    let web = |p: &[&str]| node(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(web(&["web", "fetch", "http"]), "web::fetch");
    assert_eq!(web(&["model", "span"]), "model");
}

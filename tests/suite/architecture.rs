//! The shape of the code, held to what ARCHITECTURE.md says of it: no circle of imports between
//! modules (each stage reads the ones before it, never one after), and no source file over 800
//! lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every module of the crate (`site::link`, `entities`, ``, …) → its source file.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src").with_extension("");
        let mut parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
            parts.pop();
        }
        if parts.first().is_some_and(|p| p == "bin") {
            continue;
        }
        out.insert(parts.join("::"), path.to_path_buf());
    }
    out
}

/// The code of a file without its tests and comments: what it uses to do its work.
fn working_code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `module` refers to: `crate::a::b`, `super::x`, `self::x` and child modules named
/// at the start of a `use`, each resolved to the longest module path that exists.
fn references(module: &str, code: &str, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    // `use super::{a, b::c}` names `super::a` and `super::b::c`.
    let group =
        regex::Regex::new(r"\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^{}]*)\}").expect("regex");
    let code = group.replace_all(code, |c: &regex::Captures| {
        c[2].split(',')
            .filter_map(|item| item.split(" as ").next().map(str::trim).filter(|i| !i.is_empty()))
            .map(|item| format!("{}::{item}", &c[1]))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let code = code.as_ref();
    let path = regex::Regex::new(r"\b((?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+)").expect("regex");
    let child_use = regex::Regex::new(r"(?m)^\s*(?:pub(?:\([^)]*\))? )?use ([a-z_][a-z0-9_]*)::").expect("regex");
    let here: Vec<&str> = if module.is_empty() { Vec::new() } else { module.split("::").collect() };
    let mut candidates: Vec<Vec<String>> = Vec::new();
    for m in path.captures_iter(code) {
        let mut segments = m[1].split("::");
        let mut base: Vec<String> = match segments.next() {
            Some("crate") => Vec::new(),
            Some("super") => here[..here.len().saturating_sub(1)].iter().map(|s| s.to_string()).collect(),
            _ => here.iter().map(|s| s.to_string()).collect(),
        };
        let mut rest: Vec<&str> = segments.collect();
        // `super::super::x`
        while rest.first() == Some(&"super") {
            base.pop();
            rest.remove(0);
        }
        base.extend(rest.iter().map(|s| s.to_string()));
        candidates.push(base);
    }
    for m in child_use.captures_iter(code) {
        let mut base: Vec<String> = here.iter().map(|s| s.to_string()).collect();
        base.push(m[1].to_string());
        candidates.push(base);
    }
    let mut out = BTreeSet::new();
    for mut candidate in candidates {
        while !candidate.is_empty() {
            let name = candidate.join("::");
            if known.contains_key(&name) {
                out.insert(name);
                break;
            }
            candidate.pop();
        }
    }
    out.remove(module);
    out
}

/// Tarjan's strongly connected components with more than one module: the circles.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules(&src());
    known
        .iter()
        .map(|(module, file)| {
            let code = working_code(&std::fs::read_to_string(file).expect("read source"));
            (module.clone(), references(module, &code, &known))
        })
        .collect()
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = import_graph();
    // The test sees the edges it must: the orchestrator reads its stages, a stage its inputs.
    assert!(graph["site::engine"].contains("site::link"), "{:?}", graph["site::engine"]);
    assert!(graph["site::link"].contains("site::sources"), "{:?}", graph["site::link"]);
    assert!(graph["site::view"].contains("site::model"), "{:?}", graph["site::view"]);
    let circles = circles(&graph);
    assert!(circles.is_empty(), "modules that import each other, in circles: {circles:#?}");
}

#[test]
fn the_circle_finder_finds_circles() {
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec!["a"])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
            .collect();
    assert_eq!(circles(&graph), vec![vec!["a".to_string(), "b".into(), "c".into()]]);
    let known = ["site", "site::link", "site::engine", "site::sources", "entities", "entities::scan"]
        .into_iter()
        .map(|m| (m.to_string(), PathBuf::new()))
        .collect();
    let code = "use super::{engine::Engine, sources};\nuse crate::entities::scan::Scanner;\nfn f() { super::super::entities::x(); }";
    let found = references("site::link", code, &known);
    let expected = ["entities", "entities::scan", "site::engine", "site::sources"];
    assert_eq!(found, expected.into_iter().map(String::from).collect());
}

#[test]
fn no_source_file_is_over_800_lines() {
    let long: Vec<(String, usize)> = walkdir::WalkDir::new(src())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| {
            let lines = std::fs::read_to_string(e.path()).ok()?.lines().count();
            (lines > 800).then(|| (e.path().display().to_string(), lines))
        })
        .collect();
    assert!(long.is_empty(), "over 800 lines: {long:?}");
}

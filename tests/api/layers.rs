//! The house keeps its shape: every `crate::` path in `src/` points to its own layer or down, and the two
//! features never name each other. Layers, top to bottom: wiring, features, shared mechanisms, kernel
//! (docs/DESIGN.md, "The house").
use std::{
    fs,
    path::{Path, PathBuf},
};

/// The layer of each top-level module of `src/`: 1 wiring, 2 features, 3 shared mechanisms, 4 kernel.
const LAYERS: &[(&str, u8)] = &[
    ("main", 1),
    ("cli", 1),
    ("startup", 1),
    ("specs", 1),
    ("demo", 1),
    ("graphql", 1),
    ("admin", 1),
    ("archive", 1),
    ("content", 2),
    ("democracy", 2),
    ("publishing", 3),
    ("media", 3),
    ("search", 3),
    ("error", 4),
    ("config", 4),
    ("db", 4),
    ("state", 4),
    ("pagination", 4),
    ("preconditions", 4),
    ("body", 4),
    ("telemetry", 4),
    ("health", 4),
    ("tenancy", 4),
    ("auth", 4),
    ("calendar", 4),
    ("formats", 4),
    ("cors", 4),
    ("links", 4),
    ("mail", 4),
    ("text", 4),
    ("known_paths", 4),
    ("audit", 4),
    ("clock", 4),
    ("keys", 4),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code without comments, so that prose naming a module is not read as an import.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of each path in a use tree that starts at `text` (just after `crate::`).
fn first_segments(text: &str) -> Vec<String> {
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 1;
        let mut items = Vec::new();
        let mut current = String::new();
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => {
                    items.push(std::mem::take(&mut current));
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
        items.push(current);
        items
            .iter()
            .filter_map(|item| {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                (!name.is_empty() && name != "self").then_some(name)
            })
            .collect()
    } else {
        let name: String = text
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        vec![name]
    }
}

/// Every `crate::<module>` a file names, with its line.
fn references(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let line = code[..at].matches('\n').count() + 1;
        for module in first_segments(&code[at + "crate::".len()..]) {
            found.push((line, module));
        }
    }
    found
}

#[test]
fn every_import_points_to_its_own_layer_or_down_and_the_features_never_meet() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 100, "found only {} source files", files.len());
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or_default()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" {
            continue;
        }
        let from = layer(&top).unwrap_or_else(|| {
            panic!("src/{top} has no layer: add it to LAYERS and to docs/DESIGN.md")
        });
        let code = strip_comments(&fs::read_to_string(file).expect("read file"));
        for (line, module) in references(&code) {
            if module == top {
                continue;
            }
            checked += 1;
            let to = layer(&module).unwrap_or_else(|| {
                panic!(
                    "src/{}:{line} names crate::{module}, which has no layer",
                    relative.display()
                )
            });
            if to < from || (from == 2 && to == 2) {
                wrong.push(format!(
                    "src/{}:{line}: {top} (layer {from}) -> {module} (layer {to})",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        checked > 300,
        "only {checked} references read: is the reader broken?"
    );
    assert!(
        wrong.is_empty(),
        "imports that point up a layer or between the features:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_and_nested_imports() {
    let code = "use crate::{\n    content::{a, b},\n    error::ApiError,\n    state::AppState,\n};\nlet x = crate::search::run();";
    let found: Vec<String> = references(code).into_iter().map(|(_, m)| m).collect();
    assert_eq!(found, ["content", "error", "state", "search"]);
    assert_eq!(
        references("// crate::startup::AppState"),
        vec![(1, "startup".to_owned())]
    );
    assert!(references(&strip_comments("// crate::startup::AppState")).is_empty());
}

#[test]
fn no_source_file_passes_800_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = fs::read_to_string(file).expect("read file").lines().count();
            (lines > 800).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these along their jobs: {long:?}");
}

/// One clock (issue 25): nothing in `src/` reads the system's time but `clock.rs`, so that a test moving the
/// server's clock moves every deadline, expiry, schedule and timestamp, and every time is kept to the microsecond.
#[test]
fn only_the_clock_reads_the_system_time() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // Named or called: `Utc::now()` and `.unwrap_or_else(Utc::now)` alike.
    let readers = ["Utc::now", "Local::now", "SystemTime::now", "london::today"];
    let found: Vec<String> = files
        .iter()
        .filter(|file| !file.ends_with("clock.rs"))
        .flat_map(|file| {
            let code = strip_comments(&fs::read_to_string(file).expect("read file"));
            code.lines()
                .enumerate()
                .filter(|(_, line)| readers.iter().any(|r| line.contains(r)))
                .map(|(n, line)| format!("{}:{}: {}", file.display(), n + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "read the time from the server's Clock (tenant.now(), state.clock.now()): {found:?}"
    );
}

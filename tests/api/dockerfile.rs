//! The Dockerfile keeps up with the binary: every file or folder the source embeds (`include_str!`,
//! `include_bytes!`, `include_dir!`) is under a folder the build stage copies. No image can be built on the project's machines, so this is the check.
use std::{
    fs,
    path::{Component, Path, PathBuf},
};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The paths named by `include_str!("...")`, `include_bytes!("...")` (relative to the file) and
/// `include_dir!("$CARGO_MANIFEST_DIR/...")` (written here relative to the file too, as `$ROOT/...`) in `text`.
fn embedded_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for macro_name in [
        "include_str!(\"",
        "include_bytes!(\"",
        "include_dir!(\"$CARGO_MANIFEST_DIR/",
    ] {
        let mut rest = text;
        while let Some(start) = rest.find(macro_name) {
            rest = &rest[start + macro_name.len()..];
            if let Some(end) = rest.find('"') {
                let path = &rest[..end];
                paths.push(if macro_name.starts_with("include_dir") {
                    format!("$ROOT/{path}")
                } else {
                    path.to_owned()
                });
            }
        }
    }
    paths
}

/// `path` relative to the repository root, with `..` resolved.
fn normalise(root: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.strip_prefix(root).unwrap_or(path).components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The sources of the build stage's `COPY` lines (before the first `FROM` after it, i.e. in the first stage).
fn copied(dockerfile: &str) -> Vec<String> {
    dockerfile
        .lines()
        .skip_while(|l| !l.starts_with("FROM"))
        .skip(1)
        .take_while(|l| !l.starts_with("FROM"))
        .filter_map(|l| l.strip_prefix("COPY "))
        .filter(|l| !l.starts_with("--"))
        .flat_map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            parts[..parts.len().saturating_sub(1)]
                .iter()
                .map(|p| p.trim_start_matches("./").trim_end_matches('/').to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_dockerfile_copies_every_file_the_binary_embeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dockerfile = fs::read_to_string(root.join("Dockerfile")).expect("Dockerfile");
    let copied = copied(&dockerfile);
    assert!(copied.contains(&"src".to_owned()), "{copied:?}");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("migrations"), &mut files);
    let mut embedded = 0;
    let mut missing = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("read");
        for path in embedded_paths(&text) {
            let full = match path.strip_prefix("$ROOT/") {
                Some(from_root) => root.join(from_root),
                None => file.parent().expect("parent").join(&path),
            };
            let relative = normalise(root, &full);
            assert!(
                root.join(&relative).exists(),
                "{} embeds {path}, which does not exist",
                file.display()
            );
            embedded += 1;
            let covered = copied
                .iter()
                .any(|c| relative == Path::new(c) || relative.starts_with(c));
            if !covered {
                missing.push(format!(
                    "{} (embedded by {})",
                    relative.display(),
                    file.display()
                ));
            }
        }
    }
    assert!(
        embedded >= 6,
        "the GraphiQL page and its five files at least; found {embedded}"
    );
    assert!(
        missing.is_empty(),
        "the Dockerfile's build stage does not COPY: {missing:#?}"
    );
}

#[test]
fn the_reader_finds_embeds_and_copies() {
    assert_eq!(
        embedded_paths(
            r#"const A: &str = include_str!("../x/a.html"); static B: &[u8] = include_bytes!("b.js");"#
        ),
        vec!["../x/a.html", "b.js"]
    );
    assert_eq!(
        copied(
            "FROM rust AS build\nCOPY Cargo.toml Cargo.lock ./\nCOPY src ./src\nFROM debian\nCOPY --from=build /a /b\n"
        ),
        vec!["Cargo.toml", "Cargo.lock", "src"]
    );
}

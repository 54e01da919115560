//! Files kept in the repository for tests (`tests/fixtures/`).

/// A file or folder under `tests/fixtures/`: real data kept in the repository (origins in its README), so the
/// suite never reads outside it.
pub fn fixture(path: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    assert!(
        path.exists(),
        "the test fixture {} is missing",
        path.display()
    );
    path
}

/// One real ModernGov `GetCouncillorsByWard` response from `tests/fixtures/moderngov/councillors-by-ward/`.
pub fn councillors_by_ward(file: &str) -> String {
    std::fs::read_to_string(fixture(&format!("moderngov/councillors-by-ward/{file}")))
        .expect("a readable ModernGov fixture")
}

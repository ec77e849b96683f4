//! The repository stands on its own: no file cites a document that is not in
//! it, and none names a package-mirror host (scripts read the mirror from the
//! machine's apt configuration).

use std::fs;
use std::path::Path;

/// What a citation of an outside document, or a mirror host, looks like.
/// Written in pieces so this file does not match itself.
fn forbidden() -> Vec<String> {
    [
        ["PIT", "FALLS"],
        ["SPEC-", "FORMAT"],
        ["PRODUCT", ".md"],
        ["E2E", ".md"],
        ["../", "shared/"],
        ["shared/", "design"],
        ["shared/", "reference"],
        ["deb.", "debian.org"],
        ["archive.", "ubuntu.com"],
    ]
    .iter()
    .map(|p| p.concat())
    .collect()
}

/// Directories that are not the repository's content.
const SKIP: &[&str] = &["target", ".git"];

fn scan(dir: &Path, root: &Path, patterns: &[String], hits: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if !SKIP.iter().any(|s| name == *s) && !path.is_symlink() {
                scan(&path, root, patterns, hits);
            }
            continue;
        }
        // Binary files (and anything not UTF-8) cannot hold a citation a reader sees.
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if let Some(p) = patterns.iter().find(|p| line.contains(p.as_str())) {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                hits.push(format!("{}:{}: {p}", rel.display(), n + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_cites_a_document_outside_the_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut hits = Vec::new();
        scan(root, root, &forbidden(), &mut hits);
        assert!(hits.is_empty(), "outside references:\n{}", hits.join("\n"));
    }

    #[test]
    fn the_scan_finds_a_planted_citation() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cite = format!("# see {}\n", forbidden()[0]);
        fs::create_dir(dir.path().join("docs")).expect("mkdir");
        fs::write(dir.path().join("docs/a.md"), format!("fine\n{cite}")).expect("write");
        fs::create_dir(dir.path().join("target")).expect("mkdir");
        fs::write(dir.path().join("target/b.md"), &cite).expect("write");
        let mut hits = Vec::new();
        scan(dir.path(), dir.path(), &forbidden(), &mut hits);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].starts_with("docs/a.md:2:"), "{hits:?}");
    }
}

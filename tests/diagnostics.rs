//! One bad spec per directory under tests/bad-specs/, each with a snapshot of
//! the diagnostics devbox-gen prints for it.

use std::fs;
use std::path::Path;

use camino::Utf8Path;
use devbox_gen::diagnostics::render_text;
use devbox_gen::pipeline::compile;

const SPEC_FILES: &[&str] = &["users.nix", "containers.nix"];

/// Copies the case over the valid base spec into a fresh directory.
fn assemble(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = case.parent().expect("bad-specs dir").join("base");
    let omit = fs::read_to_string(case.join(".omit")).unwrap_or_default();
    for name in SPEC_FILES {
        if !omit.lines().any(|l| l.trim() == *name) {
            fs::copy(base.join(name), dir.path().join(name)).expect("copy base file");
        }
    }
    for entry in fs::read_dir(case).expect("read case") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name != ".omit" {
            fs::copy(entry.path(), dir.path().join(name)).expect("copy case file");
        }
    }
    dir
}

#[test]
fn base_spec_is_valid() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs/base");
    let compiled = compile(Utf8Path::from_path(&base).expect("utf8"), None);
    let text = render_text(&compiled.diagnostics, &compiled.sources, false);
    assert!(compiled.diagnostics.is_empty(), "{text}");
    assert!(compiled.tree.is_some());
}

#[test]
fn every_bad_spec_is_reported() {
    insta::glob!("bad-specs/*", |case| {
        if case.ends_with("base") || !case.is_dir() {
            return;
        }
        let dir = assemble(case);
        let spec = Utf8Path::from_path(dir.path()).expect("utf8 temp dir");
        let compiled = compile(spec, None);
        assert!(
            compiled.has_errors(),
            "{} should be rejected",
            case.display()
        );
        assert!(
            compiled.tree.is_none(),
            "{}: nothing may be rendered",
            case.display()
        );
        for d in &compiled.diagnostics {
            // Only a missing spec file has no place in a file to point at.
            assert!(
                !d.labels.is_empty() || d.code == "spec::missing-file",
                "{}: diagnostic without a span: {}",
                case.display(),
                d.message
            );
        }
        let text = render_text(&compiled.diagnostics, &compiled.sources, false);
        insta::assert_snapshot!(text);
    });
}

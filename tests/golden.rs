//! The whole generated tree of every example, one snapshot per example, and of
//! every small per-feature spec of `tests/specs/<feature>/` (one feature each:
//! awkward strings, tailnet rules, a container off the tailnet, …), with its
//! warnings if it has any.

mod support;

use camino::Utf8Path;
use devbox_gen::diagnostics::render_text;
use devbox_gen::pipeline::compile;

#[test]
fn examples_render_to_their_snapshots() {
    insta::glob!("../examples", "*/users.nix", |users| {
        let dir = Utf8Path::from_path(users.parent().expect("example dir")).expect("utf8 path");
        let compiled = compile(dir, None);
        let text = render_text(&compiled.diagnostics, &compiled.sources, false);
        assert!(!compiled.has_errors(), "{dir}:\n{text}");
        let tree = compiled.tree.expect("a tree for a valid example");
        support::scan_output_tree(dir.as_str(), &tree);
        insta::assert_snapshot!(tree.to_text());
    });
}

#[test]
fn feature_specs_render_to_their_snapshots() {
    insta::glob!("specs", "*/users.nix", |users| {
        let dir = Utf8Path::from_path(users.parent().expect("spec dir")).expect("utf8 path");
        let compiled = compile(dir, None);
        let text = render_text(&compiled.diagnostics, &compiled.sources, false);
        assert!(!compiled.has_errors(), "{dir}:\n{text}");
        let tree = compiled.tree.expect("a tree for a valid spec");
        support::scan_output_tree(dir.as_str(), &tree);
        let warnings = if text.is_empty() {
            String::new()
        } else {
            format!("=== (warnings) ===\n{text}")
        };
        insta::assert_snapshot!(format!("{warnings}{}", tree.to_text()));
    });
}

#[test]
fn rendering_is_byte_stable() {
    let dir = Utf8Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/team");
    let first = compile(&dir, None).tree.expect("tree").to_text();
    let second = compile(&dir, None).tree.expect("tree").to_text();
    assert_eq!(first, second);
    assert!(
        !first.contains(env!("CARGO_MANIFEST_DIR")),
        "no build-machine path in the output"
    );
}

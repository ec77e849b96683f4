//! The pipeline's order, kept by a test: a module may use what is below it
//! (or beside it, at the shared levels), never a stage after it. Reads every
//! `crate::` path of the non-test code under `src/`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level modules from the bottom up. Modules on one line share a level
/// and may use each other; a pipeline stage is alone on its level.
const LEVELS: &[&[&str]] = &[
    &["diagnostics", "source", "parallel"],
    // Knowledge several stages share.
    &["secrets", "aerospace"],
    &["syntax"],
    &["eval"],
    &["model"],
    &["validate"],
    &["render"],
    &["emit"],
    &["pipeline"],
    &["cli"],
];

fn level(module: &str) -> Option<usize> {
    LEVELS.iter().position(|l| l.contains(&module))
}

/// The code of a file without its comments and its `#[cfg(test)]` module (a
/// test may drive the whole pipeline).
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split_once("//").map_or(line, |(c, _)| c);
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The first segment of the path at the start of `rest`, or of each item of a
/// `{a, b::c}` group there.
fn path_heads(rest: &str, out: &mut BTreeSet<String>) {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = rest.strip_prefix('{') else {
        out.insert(ident(rest));
        return;
    };
    let mut depth = 0usize;
    let mut item = String::new();
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.insert(ident(&item));
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    out.insert(ident(&item));
}

/// The top-level modules `code` names through `crate::`, or through a chain of
/// `super::` that climbs out of its top-level module (a file `depth` modules
/// below it: `model.rs` 0, `model/decode.rs` 1), including each item of a
/// `{a, b::c}` group.
fn used_modules(code: &str, depth: usize) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (i, m) in code.match_indices("crate::") {
        path_heads(&code[i + m.len()..], &mut used);
    }
    for (i, _) in code.match_indices("super::") {
        if code[..i].ends_with("super::") {
            continue; // inside a chain counted from its start
        }
        let mut rest = &code[i..];
        let mut climbs = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            climbs += 1;
        }
        if climbs > depth {
            path_heads(rest, &mut used);
        }
    }
    used.remove("");
    used
}

/// The top-level module a file under `src/` belongs to (`render/views.rs` → `render`).
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().map_or_else(String::new, |c| {
        c.as_os_str().to_string_lossy().into_owned()
    });
    first.trim_end_matches(".rs").to_owned()
}

/// Every import that runs back up: `file: uses crate::module`.
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let module = module_of(rel);
        let Some(own) = level(&module) else {
            continue;
        };
        let depth = rel.components().count().saturating_sub(1);
        for used in used_modules(&code(text), depth) {
            match level(&used) {
                Some(l) if l <= own => {}
                Some(_) => out.push(format!("{}: uses crate::{used}", rel.display())),
                // `crate::Foo` items of lib.rs, or a module missing from LEVELS.
                None => out.push(format!(
                    "{}: uses crate::{used}, which has no level",
                    rel.display()
                )),
            }
        }
    }
    out
}

fn rust_files(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read src dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under src").to_path_buf();
            out.push((rel, fs::read_to_string(&path).expect("read source")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_import_runs_back_up_the_pipeline() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &src, &mut files);
        let modules: BTreeSet<String> = files.iter().map(|(p, _)| module_of(p)).collect();
        for m in &modules {
            assert!(
                level(m).is_some()
                    || ["lib", "main", "layering", "self_contained"].contains(&m.as_str()),
                "src/{m}: add the module to LEVELS"
            );
        }
        let bad = violations(&files);
        assert!(
            bad.is_empty(),
            "imports against the pipeline:\n{}",
            bad.join("\n")
        );
    }

    #[test]
    fn the_check_sees_single_grouped_and_inline_paths() {
        let file = |rel: &str, text: &str| (PathBuf::from(rel), text.to_owned());
        let bad = violations(&[
            file(
                "model/decode.rs",
                "use crate::validate::looks_like_secret;\n",
            ),
            file(
                "validate/x.rs",
                "use crate::{diagnostics::D,\n    render::{a, b}};\n",
            ),
            file("syntax.rs", "fn f() { crate::eval::MAX_DEPTH }\n"),
            file("model.rs", "use super::render::views;\n"),
            file(
                "model/decode.rs",
                "use super::units;\nuse super::super::validate;\n",
            ),
            file(
                "secrets.rs",
                "use crate::aerospace::keys;\nuse crate::model::X;\n",
            ),
            file("render/x.rs", "// crate::emit::FileMode in a comment\n"),
            file(
                "eval.rs",
                "#[cfg(test)]\nmod tests { use crate::pipeline::check; }\n",
            ),
        ]);
        assert_eq!(
            bad,
            [
                "model/decode.rs: uses crate::validate",
                "validate/x.rs: uses crate::render",
                "syntax.rs: uses crate::eval",
                "model.rs: uses crate::render",
                "model/decode.rs: uses crate::validate",
                "secrets.rs: uses crate::model",
            ]
        );
    }
}

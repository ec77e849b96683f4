//! The fuzz input format, shared by the fuzz target (`fuzz_targets/pipeline.rs`)
//! and the corpus replay test (`tests/suite/fuzz_corpus.rs`), both of which include
//! this file with `#[path]`.
//!
//! An input is up to four files separated by a line `#%%`: `users.nix`,
//! `containers.nix`, `darwin.nix` and `part.nix` (which the others may
//! `import ./part.nix`). A missing part means a missing file (no `darwin.nix`
//! is the common case). The bytes are written as they are: not UTF-8, NUL
//! bytes, a BOM all reach the compiler.

use camino::Utf8PathBuf;

/// The stack of the binary's compiler thread (`src/main.rs`).
const STACK_SIZE: usize = 512 << 20;

/// The line between two files of an input.
pub const SEPARATOR: &[u8] = b"\n#%%\n";
/// The files of an input, in order.
pub const FILES: [&str; 4] = ["users.nix", "containers.nix", "darwin.nix", "part.nix"];

/// Splits an input into its files (at most four; a fifth separator and
/// everything after it stay in `part.nix`).
pub fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::with_capacity(FILES.len());
    let mut rest = data;
    while parts.len() + 1 < FILES.len() {
        match rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(i) => {
                parts.push(&rest[..i]);
                rest = &rest[i + SEPARATOR.len()..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

/// Joins files into one input (the inverse of [`split`]).
pub fn join(files: &[&[u8]]) -> Vec<u8> {
    files.join(SEPARATOR)
}

/// A spec directory reused for every input of a process.
pub struct Workdir {
    dir: Utf8PathBuf,
}

impl Workdir {
    /// `<tmp>/devbox-gen-fuzz-<tag>-<pid>`, created empty.
    pub fn new(tag: &str) -> Workdir {
        let base =
            std::env::temp_dir().join(format!("devbox-gen-fuzz-{tag}-{}", std::process::id()));
        let dir = Utf8PathBuf::from_path_buf(base).expect("the temp dir is UTF-8");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the fuzz spec dir");
        Workdir { dir }
    }

    /// Writes the files of `data`, removes those it lacks.
    pub fn load(&self, data: &[u8]) {
        let parts = split(data);
        for (i, name) in FILES.iter().enumerate() {
            let path = self.dir.join(name);
            match parts.get(i) {
                Some(bytes) => std::fs::write(&path, bytes).expect("write a fuzz spec file"),
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
    }

    /// Loads `data` and runs the whole compiler on it, on a thread with the
    /// binary's stack (`src/main.rs`: deep nesting must end in the
    /// evaluator's depth diagnostic, as in the CLI, not in a small test or
    /// fuzzer stack); panics on a broken invariant (the fuzzer's "crash").
    pub fn run(&self, data: &[u8]) -> Outcome {
        self.load(data);
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, || {
                    let compiled = devbox_gen::pipeline::compile(&self.dir, None);
                    check(&compiled);
                    if compiled.tree.is_some() {
                        Outcome::Rendered
                    } else {
                        Outcome::Refused
                    }
                })
                .expect("spawn the compiler thread");
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Rendered,
    Refused,
}

/// What must hold for any input: errors and a tree exclude each other, a
/// render failure is never the spec's fault (`render::*` is our bug), and
/// every output path stays inside `--out`.
pub fn check(compiled: &devbox_gen::pipeline::Compiled) {
    assert!(
        !compiled.is_internal_failure(),
        "a template failed on a spec that passed validation: {:?}",
        compiled.diagnostics
    );
    match &compiled.tree {
        Some(tree) => {
            assert!(!compiled.has_errors(), "a tree despite errors");
            for (path, _, _) in tree.iter() {
                assert!(
                    !path.as_str().is_empty()
                        && path
                            .components()
                            .all(|c| matches!(c, camino::Utf8Component::Normal(_)))
                        && !path.as_str().contains('\0'),
                    "output path {path:?} could leave --out"
                );
            }
        }
        None => assert!(
            compiled.has_errors(),
            "no tree and no error: {:?}",
            compiled.diagnostics
        ),
    }
}

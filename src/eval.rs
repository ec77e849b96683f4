//! Lazy evaluator for the static Nix subset the spec language allows (the
//! README's "The spec language").
//!
//! Values are computed on demand through memoised [`Thunk`]s, so a field the model
//! never reads is never evaluated. Organised like nil's lowering: one function per
//! expression kind in `expr`, bindings in `scope`/`attrs`, builtins and `lib`
//! functions in their own files.

mod attrs;
pub mod builtins;
mod errors;
mod expr;
pub mod function;
mod json;
mod lib_functions;
pub mod limits;
mod ops;
mod scope;
mod strings;
pub mod thunk;
pub mod value;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use camino::{Utf8Path, Utf8PathBuf};

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceMap, Span};

pub use thunk::Thunk;
pub use value::{AttrEntry, Attrs, SymbolicRef, Value, ValueKind};

use scope::{Env, FileCtx, Scope};

/// Why a value could not be produced. Usually one diagnostic; all the syntax errors
/// of a file when an imported file does not parse.
#[derive(Debug, Clone)]
pub struct EvalError {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Diagnostic> for EvalError {
    fn from(d: Diagnostic) -> Self {
        EvalError {
            diagnostics: vec![d],
        }
    }
}

impl From<Vec<Diagnostic>> for EvalError {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        EvalError { diagnostics }
    }
}

/// Nested forces and calls allowed before we report instead of overflowing the
/// stack. The binary runs the pipeline on a thread with a large stack; this bound
/// keeps well inside it.
pub const MAX_DEPTH: usize = 2_000;

pub struct Evaluator {
    sources: Rc<SourceMap>,
    /// The spec directory: files are named relative to it in messages.
    root_dir: Utf8PathBuf,
    /// What `import`, `readFile`, `readDir`, `pathExists` may reach: the spec
    /// directory unless `--root` (or the enclosing git repository) widens it.
    read_root: Utf8PathBuf,
    /// A zero-length pseudo file that builtin values point into.
    builtin_file: FileId,
    globals: Rc<Scope>,
    builtins: Rc<Attrs>,
    /// One thunk per imported file (by normalised path): imports are shared.
    imports: RefCell<HashMap<Utf8PathBuf, Thunk>>,
    /// Files whose top-level value is being computed, outermost first.
    import_stack: RefCell<Vec<Utf8PathBuf>>,
    depth: Cell<usize>,
}

/// Decrements the depth counter when a force or call returns.
pub(crate) struct DepthGuard<'a>(&'a Cell<usize>);

impl Drop for DepthGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

impl Evaluator {
    pub fn new(sources: Rc<SourceMap>, root_dir: Utf8PathBuf) -> Self {
        let builtin_file = sources.add(
            Utf8PathBuf::from("<builtins>"),
            "<builtins>".to_owned(),
            Rc::from(""),
        );
        let span = Span::file_start(builtin_file);
        let builtins = Rc::new(builtins::builtins_attrs(span));
        let globals = Rc::new(builtins::global_scope(span, &builtins));
        Evaluator {
            sources,
            read_root: absolute(&root_dir),
            root_dir: absolute(&root_dir),
            builtin_file,
            globals,
            builtins,
            imports: RefCell::new(HashMap::new()),
            import_stack: RefCell::new(Vec::new()),
            depth: Cell::new(0),
        }
    }

    pub fn sources(&self) -> &Rc<SourceMap> {
        &self.sources
    }

    pub fn root_dir(&self) -> &Utf8Path {
        &self.root_dir
    }

    /// Lets reads reach `root` (which holds the spec directory).
    #[must_use]
    pub fn with_read_root(mut self, root: &Utf8Path) -> Self {
        self.read_root = absolute(root);
        self
    }

    /// The file's value in weak head normal form; a function is returned uncalled.
    pub fn eval_file(&self, path: &Utf8Path) -> Result<Value, EvalError> {
        let path = absolute(path);
        let thunk = self.file_thunk(&path, None)?;
        self.force_file(&path, &thunk, None)
    }

    /// Like [`Evaluator::eval_file`], but a file that is a function of a formals set
    /// (`{ pkgs, lib, ... }:`) is called with opaque references for its arguments.
    pub fn eval_spec_file(&self, path: &Utf8Path) -> Result<Value, EvalError> {
        let value = self.eval_file(path)?;
        self.call_spec_function(value)
    }

    /// nix-instantiate's `--arg NAME EXPR` / `--argstr NAME STR`: a top-level
    /// function is called with them as its argument set; another value is left as it is.
    pub fn call_with_arguments(
        &self,
        value: Value,
        exprs: &[(&str, &str)],
        strings: &[(&str, &str)],
        dir: &Utf8Path,
    ) -> Result<Value, EvalError> {
        if !matches!(value.kind, ValueKind::Function(_)) {
            return Ok(value);
        }
        let span = value.span;
        let mut args: Vec<(Rc<str>, AttrEntry)> = Vec::new();
        for (name, text) in exprs {
            let v = self.eval_text(&format!("(--arg {name})"), text, dir)?;
            args.push((
                Rc::from(*name),
                AttrEntry {
                    value: Thunk::ready(v),
                    key_span: span,
                },
            ));
        }
        for (name, text) in strings {
            let v = Value {
                kind: ValueKind::Str(Rc::from(*text)),
                span,
            };
            args.push((
                Rc::from(*name),
                AttrEntry {
                    value: Thunk::ready(v),
                    key_span: span,
                },
            ));
        }
        // As Nix: the last of several arguments of one name wins.
        let attrs: Attrs = args.into_iter().collect();
        let arg = Value {
            kind: ValueKind::Attrs(Rc::new(attrs)),
            span,
        };
        function::apply(self, &value, Thunk::ready(arg), span)
    }

    /// A module of users.nix's `imports`: the file's value, called like a spec file.
    pub fn import_module(&self, path: &Utf8Path, at: Span) -> Result<Value, EvalError> {
        let value = self.import(path, at)?;
        self.call_spec_function(value)
    }

    /// A function of a formals set called with opaque references for its
    /// arguments (NixOS's module arguments); any other value as it is.
    pub fn call_spec_function(&self, value: Value) -> Result<Value, EvalError> {
        match &value.kind {
            ValueKind::Function(f) => match function::spec_arguments(f) {
                Some(args) => {
                    let span = value.span;
                    function::apply(self, &value, Thunk::ready(args), span)
                }
                None => Ok(value),
            },
            _ => Ok(value),
        }
    }

    pub fn force(&self, thunk: &Thunk) -> Result<Value, EvalError> {
        thunk.force(self)
    }

    /// Deep, strict conversion, as `nix-instantiate --eval --strict --json`.
    pub fn to_json(&self, value: &Value) -> Result<serde_json::Value, EvalError> {
        json::to_json(self, value)
    }

    /// Forces a value's thunks all the way down, like `builtins.deepSeq`.
    pub fn deep_force(&self, value: &Value) -> Result<(), EvalError> {
        json::deep_force(self, value, 0)
    }

    pub(crate) fn enter(&self, span: Span) -> Result<DepthGuard<'_>, EvalError> {
        let d = self.depth.get();
        if d >= MAX_DEPTH {
            return Err(Diagnostic::error(
                "eval::depth",
                format!("evaluation nested more than {MAX_DEPTH} levels deep"),
            )
            .with_label(span, "while evaluating this")
            .with_help("this is usually unbounded recursion in a function")
            .into());
        }
        self.depth.set(d + 1);
        Ok(DepthGuard(&self.depth))
    }

    pub(crate) fn infinite_recursion(&self, span: Span) -> EvalError {
        Diagnostic::error("eval::infinite-recursion", "infinite recursion encountered")
            .with_label(span, "this value depends on itself")
            .into()
    }

    pub(crate) fn builtin_span(&self) -> Span {
        Span::file_start(self.builtin_file)
    }

    pub(crate) fn builtins_attrs(&self) -> &Rc<Attrs> {
        &self.builtins
    }

    /// How diagnostics name a file: relative to the root directory when inside it.
    /// (`../keys/a.pub` for one beside it in the readable root).
    pub(crate) fn display_name(&self, path: &Utf8Path) -> String {
        match path.strip_prefix(&self.root_dir) {
            Ok(inside) => inside.to_string(),
            Err(_) if path.starts_with(&self.read_root) => relative_to(path, &self.root_dir),
            Err(_) => path.to_string(),
        }
    }

    /// The shared thunk of a file's top-level value, loading and parsing it on
    /// first use. `at` is the `import` expression, for I/O errors.
    fn file_thunk(&self, path: &Utf8Path, at: Option<Span>) -> Result<Thunk, EvalError> {
        if let Some(t) = self.imports.borrow().get(path) {
            return Ok(t.clone());
        }
        let bytes = crate::source::read_regular(path.as_std_path(), limits::MAX_FILE_BYTES)
            .map_err(|e| {
                let d = Diagnostic::error(
                    "eval::io",
                    format!("cannot read `{}`: {e}", self.display_name(path)),
                );
                match at {
                    Some(span) => d.with_label(span, "imported here"),
                    None => d.with_label(self.builtin_span(), "while loading the input file"),
                }
            })?;
        let thunk = self.parse(path, self.display_name(path), &bytes);
        self.imports
            .borrow_mut()
            .insert(path.to_owned(), thunk.clone());
        Ok(thunk)
    }

    /// An expression given on the command line (`--arg NAME EXPR`), named
    /// `name` in messages; relative paths in it are relative to `dir`.
    pub fn eval_text(&self, name: &str, text: &str, dir: &Utf8Path) -> Result<Value, EvalError> {
        let thunk = self.parse(&dir.join(name), name.to_owned(), text.as_bytes());
        thunk.force(self)
    }

    /// A file's (or a command-line expression's) top-level value, not yet forced.
    fn parse(&self, path: &Utf8Path, name: String, bytes: &[u8]) -> Thunk {
        let parsed = crate::syntax::load(&self.sources, path.to_owned(), name, bytes);
        match parsed {
            Err(diags) => Thunk::ready_error(self.builtin_span(), EvalError::from(diags)),
            Ok(parsed) => {
                // As Nix's `resolveExprPath`: a file that is a symlink is
                // evaluated where its target lives, so `./x` in it means the
                // target's neighbour.
                let target = resolve_symlinks(path);
                let file = Rc::new(FileCtx {
                    id: parsed.file,
                    dir: target
                        .parent()
                        .map_or_else(|| Utf8PathBuf::from("/"), Utf8Path::to_owned),
                });
                let env = Env {
                    scope: Rc::clone(&self.globals),
                    file,
                };
                expr::delay(&parsed.expr, &env)
            }
        }
    }

    /// Forces a file's top-level value, reporting an import cycle by its chain of files.
    fn force_file(
        &self,
        path: &Utf8Path,
        thunk: &Thunk,
        at: Option<Span>,
    ) -> Result<Value, EvalError> {
        if thunk.is_forcing() {
            let stack = self.import_stack.borrow();
            let start = stack.iter().position(|p| p == path).unwrap_or(0);
            let chain: Vec<String> = stack[start..]
                .iter()
                .map(|p| self.display_name(p))
                .chain(std::iter::once(self.display_name(path)))
                .collect();
            let span = at.unwrap_or_else(|| self.builtin_span());
            return Err(Diagnostic::error(
                "eval::import-cycle",
                format!("import cycle: {}", chain.join(" → ")),
            )
            .with_label(span, "this import needs the value of a file that is still being evaluated")
            .with_help("a file may import another that imports it back only if neither needs the other's value to produce its own")
            .into());
        }
        self.import_stack.borrow_mut().push(path.to_owned());
        let result = thunk.force(self);
        self.import_stack.borrow_mut().pop();
        result
    }

    /// `import path`: the file's value, shared between all imports of that file.
    pub(crate) fn import(&self, path: &Utf8Path, at: Span) -> Result<Value, EvalError> {
        let path = self.resolve_import(path, at)?;
        let thunk = self.file_thunk(&path, Some(at))?;
        self.force_file(&path, &thunk, Some(at))
    }

    fn resolve_import(&self, path: &Utf8Path, at: Span) -> Result<Utf8PathBuf, EvalError> {
        let path = self.check_inside_root(path, at, "import")?;
        if path.is_dir() {
            return Ok(path.join("default.nix"));
        }
        Ok(path)
    }

    /// `builtins.readFile`: a UTF-8 text file inside the root directory.
    pub fn read_text_file(&self, path: &Utf8Path, at: Span) -> Result<String, EvalError> {
        let path = self.check_inside_root(path, at, "read")?;
        let io = |message: String| errors::error("eval::io", message, at, "read here");
        let bytes = crate::source::read_regular(path.as_std_path(), limits::MAX_FILE_BYTES)
            .map_err(|e| io(format!("cannot read `{}`: {e}", self.display_name(&path))))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| io(format!("`{}` is not valid UTF-8", self.display_name(&path))))?;
        if text.contains('\0') {
            return Err(io(format!(
                "`{}` contains a NUL byte",
                self.display_name(&path)
            )));
        }
        Ok(text)
    }

    /// Refuses to read outside the root directory (also through symlinks).
    pub(crate) fn check_inside_root(
        &self,
        path: &Utf8Path,
        at: Span,
        what: &str,
    ) -> Result<Utf8PathBuf, EvalError> {
        let path = normalise(path);
        let outside = || -> EvalError {
            let (place, help) = if self.read_root == self.root_dir {
                (
                    "the spec directory",
                    "devbox-gen reads only files inside the spec directory (or `--root DIR`, a directory holding it)",
                )
            } else {
                (
                    "the readable root",
                    "devbox-gen reads only files inside the readable root: `--root DIR`, else the enclosing git repository",
                )
            };
            Diagnostic::error(
                "eval::io",
                format!(
                    "cannot {what} `{}`: it is outside {place}",
                    relative_to(&path, &self.root_dir)
                ),
            )
            .with_label(at, format!("{what} outside {place}"))
            .with_help(help)
            .into()
        };
        if !path.starts_with(&self.read_root) {
            return Err(outside());
        }
        if let (Ok(real), Ok(root)) = (
            std::fs::canonicalize(&path),
            std::fs::canonicalize(&self.read_root),
        ) && !real.starts_with(root)
        {
            return Err(outside());
        }
        Ok(path)
    }
}

/// `path` written relative to `base` (`../x/y`), for messages that must not
/// depend on where the spec lives on this machine.
fn relative_to(path: &Utf8Path, base: &Utf8Path) -> String {
    let p: Vec<&str> = path.as_str().split('/').filter(|c| !c.is_empty()).collect();
    let b: Vec<&str> = base.as_str().split('/').filter(|c| !c.is_empty()).collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts = vec![".."; b.len() - common];
    parts.extend(&p[common..]);
    parts.join("/")
}

/// The file a chain of symlinks ends at, each link read relative to its own
/// directory and normalised lexically (Nix's `resolveExprPath`); the path
/// itself when it is no symlink. Gives up after 40 links (the kernel's ELOOP
/// bound); reading then fails with the I/O error.
fn resolve_symlinks(path: &Utf8Path) -> Utf8PathBuf {
    let mut path = path.to_owned();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&path) else {
            break;
        };
        let Ok(target) = Utf8PathBuf::from_path_buf(target) else {
            break;
        };
        let dir = path
            .parent()
            .map_or_else(|| Utf8PathBuf::from("/"), Utf8Path::to_owned);
        path = normalise(&dir.join(target));
    }
    path
}

/// `path` made absolute against the working directory, then normalised.
fn absolute(path: &Utf8Path) -> Utf8PathBuf {
    if path.is_absolute() {
        return normalise(path);
    }
    match std::env::current_dir()
        .ok()
        .and_then(|d| Utf8PathBuf::from_path_buf(d).ok())
    {
        Some(cwd) => normalise(&cwd.join(path)),
        None => normalise(path),
    }
}

/// Lexical normalisation as Nix's `canonPath`: drops `.` and empty components,
/// resolves `..` textually (no symlinks), keeps the path absolute.
pub(crate) fn normalise(path: &Utf8Path) -> Utf8PathBuf {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.as_str().split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let mut out = String::from(if path.is_absolute() { "/" } else { "" });
    out.push_str(&parts.join("/"));
    Utf8PathBuf::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evaluates `files[0]` (with the others beside it) as a spec file.
    fn with_files<T>(files: &[(&str, &str)], f: impl FnOnce(&Evaluator, Value) -> T) -> T {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = Utf8PathBuf::from_path_buf(dir.path().to_owned()).expect("utf-8");
        for (name, text) in files {
            let p = root.join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(&p, text).expect("write");
        }
        let ev = Evaluator::new(Rc::new(SourceMap::new()), root.clone());
        let v = ev
            .eval_spec_file(&root.join(files[0].0))
            .expect("evaluates");
        f(&ev, v)
    }

    fn attr(ev: &Evaluator, v: &Value, name: &str) -> Result<Value, EvalError> {
        let ValueKind::Attrs(a) = &v.kind else {
            panic!("not a set: {v:?}");
        };
        ev.force(&a.get(name).expect("attribute present").value)
    }

    fn text(ev: &Evaluator, v: &Value) -> String {
        let src = ev.sources().get(v.span.file);
        src.text[v.span.start as usize..v.span.end as usize].to_owned()
    }

    #[test]
    fn lib_attr_paths_follow_sets_and_fall_back() {
        let src = "{ lib, ... }: let s = { x.y = 1; x.z = \"no\"; }; in {
            found = lib.attrByPath [ \"x\" \"y\" ] 0 s;
            missing = lib.attrByPath [ \"x\" \"q\" ] 7 s;
            through_non_set = lib.attrByPath [ \"x\" \"z\" \"w\" ] 8 s;
            has = lib.hasAttrByPath [ \"x\" \"y\" ] s;
            has_not = lib.hasAttrByPath [ \"x\" \"y\" \"w\" ] s;
        }";
        with_files(&[("spec.nix", src)], |ev, v| {
            let json = |name| {
                ev.to_json(&attr(ev, &v, name).expect("evaluates"))
                    .expect("json")
            };
            assert_eq!(json("found"), serde_json::json!(1));
            assert_eq!(json("missing"), serde_json::json!(7));
            assert_eq!(json("through_non_set"), serde_json::json!(8));
            assert_eq!(json("has"), serde_json::json!(true));
            assert_eq!(json("has_not"), serde_json::json!(false));
        });
    }

    /// lib functions that Nix 2.8 cannot check here (no nixpkgs): the examples
    /// of their nixpkgs documentation.
    #[test]
    fn lib_string_and_file_functions_follow_their_documentation() {
        let src = "{ lib, ... }: {
            trim = lib.trim \"   hello, world!   \";
            trim_lines = lib.trim \"\\n\\t  foo \\r\\n\";
            infix = map (x: lib.hasInfix x \"abcd\") [ \"bc\" \"ab\" \"cd\" \"foo\" ];
            version = lib.fileContents ./version;
            key = lib.fileContents ./key.pub;
        }";
        with_files(
            &[
                ("spec.nix", src),
                ("version", "1.0\n"),
                ("key.pub", "ssh-ed25519 AAAA k\n\n"),
            ],
            |ev, v| {
                let json = |name| {
                    ev.to_json(&attr(ev, &v, name).expect("evaluates"))
                        .expect("json")
                };
                assert_eq!(json("trim"), serde_json::json!("hello, world!"));
                assert_eq!(json("trim_lines"), serde_json::json!("foo"));
                assert_eq!(json("infix"), serde_json::json!([true, true, true, false]));
                assert_eq!(json("version"), serde_json::json!("1.0"));
                // Only one newline goes (removeSuffix "\n").
                assert_eq!(json("key"), serde_json::json!("ssh-ed25519 AAAA k\n"));
            },
        );
    }

    #[test]
    fn spec_function_gets_opaque_arguments() {
        let src = "{ pkgs, lib, config, n ? 2, ... }: {\n  p = with pkgs; [ git python3Packages.ipython ];\n  q = pkgs.ripgrep;\n  j = lib.concatStringsSep \",\" [ \"a\" \"b\" ];\n  t = lib.types.str;\n  off = lib.mkIf false 1;\n  on = lib.mkIf true n;\n  c = config.x;\n}";
        with_files(&[("users.nix", src)], |ev, v| {
            let p = attr(ev, &v, "p").expect("p");
            let ValueKind::List(items) = &p.kind else {
                panic!("list")
            };
            let refs: Vec<String> = items
                .iter()
                .map(|t| match &ev.force(t).expect("item").kind {
                    ValueKind::Ref(r) => r.to_string(),
                    _ => panic!("not a ref"),
                })
                .collect();
            assert_eq!(refs, ["pkgs.git", "pkgs.python3Packages.ipython"]);
            let q = attr(ev, &v, "q").expect("q");
            assert_eq!(text(ev, &q), "pkgs.ripgrep");
            assert!(
                matches!(&attr(ev, &v, "j").expect("j").kind, ValueKind::Str(s) if &**s == "a,b")
            );
            assert!(
                matches!(&attr(ev, &v, "t").expect("t").kind, ValueKind::Ref(r) if r.to_string() == "lib.types.str")
            );
            // The module system's properties are nixpkgs' marker sets.
            let json = |name| {
                ev.to_json(&attr(ev, &v, name).expect("evaluates"))
                    .expect("json")
            };
            assert_eq!(
                json("off"),
                serde_json::json!({ "_type": "if", "condition": false, "content": 1 })
            );
            assert_eq!(
                json("on"),
                serde_json::json!({ "_type": "if", "condition": true, "content": 2 })
            );
            assert!(
                matches!(&attr(ev, &v, "c").expect("c").kind, ValueKind::Ref(r) if r.attr_path() == "x")
            );
        });
    }

    #[test]
    fn spans_follow_values_through_let_inherit_import_and_calls() {
        let main = "let\n  mk = name: { inherit name; shell = \"zsh\"; };\n  uid = 1000;\nin {\n  a = mk \"alice\";\n  inherit uid;\n  other = import ./other.nix;\n}";
        with_files(
            &[("users.nix", main), ("other.nix", "{ k = 42; }")],
            |ev, v| {
                let a = attr(ev, &v, "a").expect("a");
                assert_eq!(text(ev, &attr(ev, &a, "name").expect("name")), "\"alice\"");
                assert_eq!(text(ev, &attr(ev, &a, "shell").expect("shell")), "\"zsh\"");
                assert_eq!(text(ev, &attr(ev, &v, "uid").expect("uid")), "1000");
                let other = attr(ev, &v, "other").expect("other");
                let k = attr(ev, &other, "k").expect("k");
                assert_eq!(text(ev, &k), "42");
                assert_eq!(ev.sources().get(k.span.file).name, "other.nix");
            },
        );
    }

    #[test]
    fn errors_are_lazy_and_memoised() {
        with_files(&[("a.nix", "{ ok = 1; bad = throw \"no\"; }")], |ev, v| {
            assert!(matches!(
                attr(ev, &v, "ok").expect("ok").kind,
                ValueKind::Int(1)
            ));
            let ValueKind::Attrs(a) = &v.kind else {
                panic!("set")
            };
            let bad = &a.get("bad").expect("bad").value;
            let e1 = ev.force(bad).expect_err("throws");
            let e2 = ev.force(bad).expect_err("still throws");
            assert_eq!(e1.diagnostics, e2.diagnostics);
            assert_eq!(e1.diagnostics[0].code, "eval::throw");
        });
    }

    #[test]
    fn deep_recursion_is_a_diagnostic() {
        let src = "let f = n: 1 + f (n + 1); in { x = f 0; }";
        // A big stack, as the binary has: the depth limit must trigger first.
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || {
                with_files(&[("a.nix", src)], |ev, v| {
                    let e = attr(ev, &v, "x").expect_err("too deep");
                    assert_eq!(e.diagnostics[0].code, "eval::depth");
                });
            })
            .expect("spawn")
            .join()
            .expect("no crash");
    }

    #[test]
    fn relative_paths_for_messages() {
        assert_eq!(relative_to("/a/b/c".into(), "/a/b".into()), "c");
        assert_eq!(relative_to("/a/x/y".into(), "/a/b".into()), "../x/y");
        assert_eq!(
            normalise("/a/./b/../c//d".into()),
            Utf8PathBuf::from("/a/c/d")
        );
    }
}

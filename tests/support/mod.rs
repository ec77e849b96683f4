//! Real-consumer validators for integration tests.
//!
//! Every artifact devbox-gen emits is checked by the program that will consume it:
//! Podman's `quadlet` generator (5.4, from Debian 13) for `.container`/`.volume` files,
//! `systemd-analyze verify` (systemd 252) for the units quadlet produces and for our own
//! units and timers, `shellcheck` and `bash -n` for scripts, `nix-instantiate` (Nix 2.8)
//! for Nix files and Python's `tomllib` for TOML. `scripts/install-test-tools.sh`
//! installs all of them.
//!
//! Include it from an integration test with `mod support;`.
//!
//! # Missing tools
//! Each function returns `None` when its tool is not on `PATH` *and* the `CI`
//! environment variable is unset or empty: a loud `SKIPPED:` line goes to stderr and the
//! caller should return early (`let Some(x) = support::…(…) else { return };`).
//! When `CI` is set, a missing tool panics instead, so CI can never pass by skipping.
//!
//! # Errors
//! A tool that runs and rejects its input gives `Err(..)` (or problem lines) carrying
//! the tool's own output. A tool that cannot be started, or whose output cannot be
//! understood, is reported the same way, never with a panic from `unwrap()`.
#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Is this a CI run? True when the `CI` environment variable is set to a non-empty value.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Finds the validator `name` on `PATH`.
///
/// Missing in CI (`CI` set): panics with a message telling how to install it.
/// Missing locally: prints `SKIPPED: NAME not found …` to stderr and returns `None`.
pub fn tool(name: &str) -> Option<PathBuf> {
    if let Some(found) = find_on_path(name) {
        return Some(found);
    }
    if in_ci() {
        panic!(
            "validator `{name}` is required in CI (CI is set) but was not found on PATH; \
             run scripts/install-test-tools.sh"
        );
    }
    // Written to the process's stderr directly: libtest captures `eprintln!` of passing
    // tests, and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {name} not found on PATH; the check that needs it did NOT run. \
         Install the validators with `sudo bash scripts/install-test-tools.sh`."
    );
    None
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            std::fs::metadata(candidate)
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

/// Runs `cmd` with no standard input and collects its output; a failure to start it is
/// an `Err` naming the program.
fn run(cmd: &mut Command) -> Result<Output, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.output()
        .map_err(|e| format!("failed to run {}: {e}", cmd.get_program().to_string_lossy()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Standard output and standard error of a finished command, with its exit status, as
/// one message for an `Err`.
fn describe(what: &str, out: &Output) -> String {
    let mut msg = format!("{what} failed ({})", out.status);
    for (label, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let s = text(bytes);
        if !s.trim().is_empty() {
            msg.push_str(&format!("\n--- {label} ---\n{}", s.trim_end()));
        }
    }
    msg
}

/// Runs a checker that accepts or rejects one file by its exit code.
fn check_file(tool_name: &str, args: &[&OsStr], path: &Path) -> Option<Result<(), String>> {
    let exe = tool(tool_name)?;
    let mut cmd = Command::new(exe);
    cmd.args(args).arg(path);
    Some(match run(&mut cmd) {
        Err(e) => Err(e),
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(describe(&format!("{tool_name} {}", path.display()), &out)),
    })
}

// ---------------------------------------------------------------------------------------
// quadlet
// ---------------------------------------------------------------------------------------

/// What `quadlet -dryrun -user` made of a directory of quadlet files.
#[derive(Debug, Clone)]
pub struct QuadletOutput {
    /// Generated unit file name (`dev.service`, `home-volume.service`) → its text, exactly
    /// as quadlet would write the file.
    pub units: BTreeMap<String, String>,
    /// Quadlet's log: `quadlet-generator[PID]: Loading source unit file …` lines and, on
    /// failure, `converting "x.container": unsupported key …`. Harness problems (output
    /// that could not be parsed, a tool that could not start) are appended as
    /// `support: …` lines.
    pub stderr: String,
    /// Quadlet exited 0 (podman ≥ 4.6 exits 1 when any file fails to convert) and its
    /// output could be parsed. A file quadlet skips (wrong extension) does not make this
    /// false: check `units` for the names you expect.
    pub success: bool,
}

/// Runs podman 5.4's `quadlet -dryrun -user` over the quadlet files in `unit_dir`.
///
/// Runs with `QUADLET_UNIT_DIRS=<absolute unit_dir>` (which replaces every default
/// search path) and `PODMAN=/bin/true`, so `ExecStart=` names an existing binary and the
/// generated units can go on to [`systemd_verify`].
///
/// Output format (podman `cmd/quadlet/main.go`): for each generated unit,
/// `fmt.Printf("---%s---\n%s\n", service.Path, data)`, i.e. a header line
/// `---NAME.service---`, the unit text, then one extra newline. In dry-run mode the
/// output directory is empty so `service.Path` is the bare file name; the file name of
/// whatever is between the dashes is used either way.
pub fn quadlet_dryrun_user(unit_dir: &Path) -> Option<QuadletOutput> {
    let exe = tool("quadlet")?;
    let failed = |stderr: String| QuadletOutput {
        units: BTreeMap::new(),
        stderr,
        success: false,
    };
    let dir = match std::path::absolute(unit_dir) {
        Ok(d) => d,
        Err(e) => return Some(failed(format!("support: bad unit dir {unit_dir:?}: {e}"))),
    };
    // quadlet itself exits 0 with "No files parsed" for a missing directory.
    if !dir.is_dir() {
        return Some(failed(format!(
            "support: quadlet unit dir {} is not a directory",
            dir.display()
        )));
    }
    let mut cmd = Command::new(exe);
    cmd.args(["-dryrun", "-user"])
        .env("QUADLET_UNIT_DIRS", &dir)
        .env("PODMAN", "/bin/true");
    let out = match run(&mut cmd) {
        Ok(out) => out,
        Err(e) => return Some(failed(format!("support: {e}"))),
    };
    let mut stderr = text(&out.stderr);
    let mut success = out.status.success();
    let units = match parse_quadlet_dryrun(&text(&out.stdout)) {
        Ok(units) => units,
        Err(e) => {
            success = false;
            stderr.push_str(&format!("support: {e}\n"));
            BTreeMap::new()
        }
    };
    Some(QuadletOutput {
        units,
        stderr,
        success,
    })
}

/// Splits `quadlet -dryrun` stdout into unit name → unit text.
pub fn parse_quadlet_dryrun(stdout: &str) -> Result<BTreeMap<String, String>, String> {
    fn finish(
        cur: Option<(String, String)>,
        units: &mut BTreeMap<String, String>,
    ) -> Result<(), String> {
        if let Some((name, mut body)) = cur {
            // Undo the "\n" that the Printf format adds after the unit text.
            if body.ends_with('\n') {
                body.pop();
            }
            if units.insert(name.clone(), body).is_some() {
                return Err(format!("quadlet printed unit {name} twice"));
            }
        }
        Ok(())
    }
    let mut units: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in stdout.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        let header = bare
            .strip_prefix("---")
            .and_then(|s| s.strip_suffix("---"))
            .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace));
        if let Some(path) = header {
            finish(current.take(), &mut units)?;
            let name = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| format!("quadlet header without a file name: {bare:?}"))?;
            current = Some((name, String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
        } else if !bare.trim().is_empty() {
            return Err(format!(
                "unexpected quadlet output before the first ---NAME--- header: {bare:?}"
            ));
        }
    }
    finish(current.take(), &mut units)?;
    Ok(units)
}

// ---------------------------------------------------------------------------------------
// systemd-analyze verify
// ---------------------------------------------------------------------------------------

/// Verifies user units with systemd's own loader and returns the problems it reports.
///
/// `units` maps file names (`dev.service`, `backup.timer`) to their text. An empty
/// vector means systemd found nothing wrong; `None` means `systemd-analyze` is missing
/// (local runs only, see [`tool`]).
///
/// # Invocation
/// The units are written into a fresh temporary directory and checked with
///
/// ```text
/// env -i HOME=$T/home XDG_RUNTIME_DIR=$T/run XDG_CONFIG_HOME=$T/home/.config \
///        XDG_DATA_HOME=$T/home/.local/share SYSTEMD_LOG_LEVEL=info SYSTEMD_LOG_TARGET=console SYSTEMD_COLORS=0 \
///   systemd-analyze --user --man=no --generators=no \
///   verify $T/units/<each unit> [<unit a timer triggers>…]
/// ```
///
/// * `--user`: the units are user units (`WantedBy=default.target`, `%t`, `%h`); the
///   user manager's search path and specifier values apply. It needs
///   `XDG_RUNTIME_DIR` (without it: "Failed to initialize manager"), and it runs
///   offline with no user manager or D-Bus; `HOME`, `XDG_*` point into the temporary
///   directory so the invoking user's own `~/.config/systemd/user` cannot leak in.
/// * `env -i` + `SYSTEMD_LOG_LEVEL=info`: a developer's `SYSTEMD_LOG_LEVEL=err` would
///   silently hide the "Unknown key" warnings.
/// * `--man=no`: otherwise every `Documentation=man:…` page is looked up with `man` on
///   the host (quadlet's own `man:podman-systemd.unit(5)` fails here: no podman man
///   pages); whether the host has a man page says nothing about the unit.
/// * `--generators=no`: host generators must not add units (the default, made explicit).
/// * `--recursive-errors=` stays at its default (`yes`): with `no`, systemd 252 skips
///   the start-job check, and a `Requires=` of a unit that exists nowhere goes unseen.
/// * Every unit file is passed by path; systemd adds their directory to the search
///   path, so `Requires=`/`Unit=` between them resolve, and a `Requires=` of a unit that
///   exists nowhere is reported ("Unit x.service not found").
/// * A `.timer` whose triggered unit (`Unit=`, else the same-named `.service`) is not
///   among `units` gets that unit name appended: `verify` alone is silent about a timer
///   that triggers a missing unit, but then reports "Unit x.service not found."
///
/// # What is returned
/// systemd-analyze's stderr and stdout lines, with the temporary directory stripped from
/// paths (`dev.service:3: Unknown key 'Foo' in section [Service], ignoring.`), minus the
/// noise described at [`verify_problem_lines`]. Unknown keys, unknown sections, invalid
/// values, missing `=`, bad specifiers and deprecated settings (e.g. `MemoryLimit=`)
/// are only warnings to systemd (exit status 0) and are returned like errors. If the
/// exit status is non-zero but systemd printed nothing at all, a `support:` line says so
/// (a non-zero status that comes with filtered host-unit lines only is host noise).
pub fn systemd_verify(units: &BTreeMap<String, String>) -> Option<Vec<String>> {
    let exe = tool("systemd-analyze")?;
    let mut problems = Vec::new();
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => return Some(vec![format!("support: cannot create temp dir: {e}")]),
    };
    let unit_dir = tmp.path().join("units");
    let home = tmp.path().join("home");
    let runtime = tmp.path().join("run");
    for d in [&unit_dir, &home, &runtime] {
        if let Err(e) = std::fs::create_dir_all(d) {
            return Some(vec![format!("support: cannot create {}: {e}", d.display())]);
        }
    }

    let mut ours: BTreeSet<String> = BTreeSet::new();
    let mut paths = Vec::new();
    for (name, body) in units {
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            problems.push(format!("support: invalid unit file name {name:?}"));
            continue;
        }
        let path = unit_dir.join(name);
        if let Err(e) = std::fs::write(&path, body) {
            problems.push(format!("support: cannot write {}: {e}", path.display()));
            continue;
        }
        ours.insert(name.clone());
        paths.push(path);
    }
    if paths.is_empty() {
        problems.push("support: no units to verify".to_string());
        return Some(problems);
    }
    let mut extra = Vec::new();
    for (name, body) in units {
        if let Some(target) = timer_trigger(name, body)
            && !ours.contains(&target)
        {
            extra.push(target);
        }
    }
    let mut mentioned = ours.clone();
    mentioned.extend(extra.iter().cloned());

    let mut cmd = Command::new(exe);
    cmd.env_clear()
        .env("HOME", &home)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("SYSTEMD_LOG_LEVEL", "info")
        .env("SYSTEMD_LOG_TARGET", "console")
        .env("SYSTEMD_COLORS", "0")
        .args(["--user", "--man=no", "--generators=no", "verify"])
        .args(&paths)
        .args(&extra);
    let out = match run(&mut cmd) {
        Ok(out) => out,
        Err(e) => {
            problems.push(format!("support: {e}"));
            return Some(problems);
        }
    };
    let all = format!("{}\n{}", text(&out.stderr), text(&out.stdout));
    let (kept, dropped) = split_verify_output(&all, &unit_dir, &mentioned);
    problems.extend(kept);
    if !out.status.success() && problems.is_empty() && dropped == 0 {
        problems.push(format!(
            "support: systemd-analyze verify exited with {} but printed nothing about \
             the units; full output:\n{}",
            out.status,
            all.trim()
        ));
    }
    Some(problems)
}

/// The unit a `.timer` triggers: its `[Timer] Unit=`, else `NAME.service`.
fn timer_trigger(name: &str, body: &str) -> Option<String> {
    let stem = name.strip_suffix(".timer")?;
    let mut section = "";
    let mut unit = None;
    for line in body.lines() {
        let line = line.trim();
        if line.starts_with('[') && line.ends_with(']') {
            section = &line[1..line.len() - 1];
        } else if section == "Timer"
            && let Some(v) = line.strip_prefix("Unit=")
        {
            unit = Some(v.trim().to_string());
        }
    }
    Some(unit.unwrap_or_else(|| format!("{stem}.service")))
}

/// Keeps the lines of `systemd-analyze verify` output that are problems with the units
/// named in `ours` (files in `unit_dir`), with `unit_dir/` stripped from paths.
///
/// Filters, each for a reason:
/// * blank lines: carry nothing.
/// * lines about *another* unit file (they start with `/path/x.unit:LINE:` outside
///   `unit_dir`, `x.unit: …` or `Unit x.unit …` with `x.unit` not in `ours`) that name
///   none of `ours`: problems of the host's own unit files that got loaded as
///   dependencies (e.g. a deprecated key in some `/usr/lib/systemd/user/*.service`).
///   They would differ from host to host and say nothing about our units. A line such
///   as an ordering cycle that names one of ours anywhere is kept.
///
/// Everything else is kept, including lines whose subject cannot be recognised:
/// an unknown message counts as a problem until proven otherwise.
pub fn verify_problem_lines(output: &str, unit_dir: &Path, ours: &BTreeSet<String>) -> Vec<String> {
    split_verify_output(output, unit_dir, ours).0
}

/// [`verify_problem_lines`], plus how many non-blank lines were dropped as host noise.
fn split_verify_output(
    output: &str,
    unit_dir: &Path,
    ours: &BTreeSet<String>,
) -> (Vec<String>, usize) {
    let prefix = format!("{}/", unit_dir.display());
    let mut kept = Vec::new();
    let mut dropped = 0;
    for raw in output.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(subject) = line_subject(line, &prefix)
            && !ours.contains(&subject)
            && !ours.iter().any(|u| mentions_unit(line, u))
        {
            dropped += 1; // about a host unit, see above
            continue;
        }
        kept.push(line.replace(&prefix, ""));
    }
    (kept, dropped)
}

/// The unit a verify message is about, when it has the shape of one:
/// `/dir/NAME:LINE: …`, `NAME: …` or `Unit NAME …`. Messages about files in our own
/// directory (`prefix`) always count as ours and yield their bare name.
fn line_subject(line: &str, prefix: &str) -> Option<String> {
    if let Some(rest) = line.strip_prefix(prefix) {
        // A file in our own directory: one of ours by construction.
        return rest.split(':').next().map(str::to_string);
    }
    if line.starts_with('/') {
        let path = line.split(':').next()?;
        return Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
    }
    let candidate = match line.strip_prefix("Unit ") {
        Some(rest) => rest.split_whitespace().next()?,
        None => line.split(": ").next()?,
    };
    looks_like_unit_name(candidate).then(|| candidate.to_string())
}

fn looks_like_unit_name(s: &str) -> bool {
    const SUFFIXES: [&str; 11] = [
        ".service",
        ".socket",
        ".target",
        ".timer",
        ".path",
        ".mount",
        ".automount",
        ".slice",
        ".scope",
        ".swap",
        ".device",
    ];
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && !s.contains('/')
        && SUFFIXES
            .iter()
            .any(|suf| s.ends_with(suf) && s.len() > suf.len())
}

/// Does `line` name unit `unit` as a whole word (not as part of `xunit.service`)?
fn mentions_unit(line: &str, unit: &str) -> bool {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || "-_.@\\".contains(c);
    line.match_indices(unit).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + unit.len()..].chars().next();
        !before.is_some_and(is_name_char) && !after.is_some_and(|c| is_name_char(c) && c != '.')
    })
}

// ---------------------------------------------------------------------------------------
// shell
// ---------------------------------------------------------------------------------------

/// Lints a shell script with `shellcheck --norc` (all severities; the shell is taken
/// from its `#!` line, and a script without one is an error, SC2148). `--norc` keeps a
/// `.shellcheckrc` near the file or in `$HOME` from changing the verdict.
/// `Err` holds shellcheck's report.
pub fn shellcheck(path: &Path) -> Option<Result<(), String>> {
    check_file(
        "shellcheck",
        &[OsStr::new("--norc"), OsStr::new("--color=never")],
        path,
    )
}

/// Parses a script with `bash -n` (syntax only, nothing runs). `Err` holds bash's message.
pub fn bash_n(path: &Path) -> Option<Result<(), String>> {
    check_file("bash", &[OsStr::new("-n")], path)
}

// ---------------------------------------------------------------------------------------
// Nix 2.8
// ---------------------------------------------------------------------------------------

/// What [`nix_eval_json`] evaluates.
#[derive(Debug, Clone, Copy)]
pub enum NixInput<'a> {
    /// A Nix expression given on the command line (`-E`); relative paths in it resolve
    /// against the test's working directory.
    Expr(&'a str),
    /// A `.nix` file.
    File(&'a Path),
}

/// A `nix-instantiate` command with no inherited environment (`env -i`: no `NIX_PATH`,
/// so `<nixpkgs>` cannot sneak in, no `HOME`, and `builtins.getEnv` sees nothing) and
/// the dummy store, which needs no daemon and no `/nix` (without it Nix 2.8 wants the
/// daemon socket even for `--parse`).
fn nix_command(exe: PathBuf) -> Command {
    let mut cmd = Command::new(exe);
    cmd.env_clear().args(["--store", "dummy://"]);
    cmd
}

/// Parses a Nix file with `nix-instantiate --store dummy:// --parse` (nothing is
/// evaluated). `Err` holds Nix's error.
pub fn nix_parse(path: &Path) -> Option<Result<(), String>> {
    let exe = tool("nix-instantiate")?;
    let mut cmd = nix_command(exe);
    cmd.arg("--parse").arg(path);
    Some(match run(&mut cmd) {
        Err(e) => Err(e),
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(describe(
            &format!("nix-instantiate --parse {}", path.display()),
            &out,
        )),
    })
}

/// Evaluates with `nix-instantiate --store dummy:// --eval --strict --json`, hermetically
/// (see `nix_command`), and returns the value as JSON.
///
/// `args` are `--arg NAME EXPR` pairs; as in Nix, a top-level function is called with
/// them (and without any `--arg` a function is returned unevaluated, which `--json`
/// rejects). The exit code decides, not stdout: non-zero is `Err` with Nix's stderr,
/// whatever stdout holds. Nix 2.8 prints floats with 6 significant digits and wraps
/// integer overflow silently; don't rely on either.
pub fn nix_eval_json(
    input: NixInput<'_>,
    args: &[(&str, &str)],
) -> Option<Result<serde_json::Value, String>> {
    let exe = tool("nix-instantiate")?;
    let mut cmd = nix_command(exe);
    cmd.args(["--eval", "--strict", "--json"]);
    for (name, expr) in args {
        cmd.arg("--arg").arg(name).arg(expr);
    }
    let what = match input {
        NixInput::Expr(e) => {
            cmd.arg("-E").arg(e);
            format!("nix-instantiate --eval -E {e:?}")
        }
        NixInput::File(p) => {
            cmd.arg(p);
            format!("nix-instantiate --eval {}", p.display())
        }
    };
    Some(match run(&mut cmd) {
        Err(e) => Err(e),
        Ok(out) if !out.status.success() => Err(describe(&what, &out)),
        Ok(out) => serde_json::from_slice(&out.stdout).map_err(|e| {
            format!(
                "{what}: stdout is not JSON ({e})\n{}",
                describe(&what, &out)
            )
        }),
    })
}

// ---------------------------------------------------------------------------------------
// TOML
// ---------------------------------------------------------------------------------------

/// Parses a TOML file with Python 3.11's `tomllib` (a TOML 1.0 parser) and returns it as
/// JSON (dates and times become their TOML text). `Err` holds Python's error.
pub fn toml_parse(path: &Path) -> Option<Result<serde_json::Value, String>> {
    const SCRIPT: &str = "import json, sys, tomllib\n\
        with open(sys.argv[1], 'rb') as f:\n    data = tomllib.load(f)\n\
        json.dump(data, sys.stdout, default=lambda o: o.isoformat())\n";
    let exe = tool("python3")?;
    let mut cmd = Command::new(exe);
    // -I: isolated mode, no PYTHON* variables, no user site-packages.
    cmd.args(["-I", "-c", SCRIPT]).arg(path);
    let what = format!("tomllib {}", path.display());
    Some(match run(&mut cmd) {
        Err(e) => Err(e),
        Ok(out) if !out.status.success() => Err(describe(&what, &out)),
        Ok(out) => serde_json::from_slice(&out.stdout).map_err(|e| {
            format!(
                "{what}: output is not JSON ({e})\n{}",
                describe(&what, &out)
            )
        }),
    })
}

/// Secret material in a generated tree: what `scan_tree_for_secrets` looks for.
/// Independent of devbox-gen's own detector (which it also applies): any
/// Tailscale key prefix, any 1Password service-account token or `op_` token
/// prefix, any PEM/OpenSSH private key header, and everything
/// `devbox_gen::secrets::looks_like_secret` recognises (GitHub, GitLab, Slack,
/// AWS, API tokens). The generated scripts name the 1Password item
/// (`op://…/password`) and the token file's path, never a value.
pub const SECRET_MARKERS: &[&str] = &["tskey-", "ops_ey", "PRIVATE KEY", "BEGIN OPENSSH"];

/// Panics naming the file and line of every piece of secret material in the
/// rendered tree `files` (path, contents).
pub fn scan_tree_for_secrets<'a>(what: &str, files: impl IntoIterator<Item = (&'a str, &'a str)>) {
    let mut found = Vec::new();
    let mut scanned = 0;
    for (path, text) in files {
        scanned += 1;
        for (n, line) in text.lines().enumerate() {
            let marker = SECRET_MARKERS.iter().find(|m| line.contains(**m)).copied();
            let kind = devbox_gen::secrets::looks_like_secret(line).map(|s| s.what);
            if let Some(why) = marker.or(kind) {
                found.push(format!("{path}:{}: {why}: {line}", n + 1));
            }
        }
    }
    assert!(scanned > 0, "{what}: no files to scan");
    assert!(
        found.is_empty(),
        "{what}: secret material in the generated tree:\n{}",
        found.join("\n")
    );
}

/// [`scan_tree_for_secrets`] over an in-memory tree.
pub fn scan_output_tree(what: &str, tree: &devbox_gen::emit::OutputTree) {
    scan_tree_for_secrets(what, tree.iter().map(|(p, text, _)| (p.as_str(), text)));
}

//! Injection: every user-controlled string that reaches an artifact is either
//! rejected by a rule or escaped so that the artifact's consumer itself sees
//! exactly the literal. Each test builds a spec holding hostile values
//! ([`HOSTILE`]: newline, `%`, `%n`, `$`, `$$`, `${`, `$(…)`, `"`, `'`, `''`,
//! `\`, a trailing `\`, `\x41`, `;`, backtick, `#`, tab, CR, unicode, …) and
//! asks the real consumer what it makes of the generated file.
//!
//! | field | reaches | outcome | proof (test) |
//! |---|---|---|---|
//! | `containers.<c>.env` values | `.container` `Environment=` → quadlet → `ExecStart=` | escaped: `keyval_word` (C escapes in `"…"`, `%%`, `$$`); NUL rejected by `spec::env-value` | `container_env_reaches_podman_exactly`: quadlet 5.4 `-dryrun`, then the `ExecStart=` words split and unescaped per systemd's rules |
//! | `images.<i>.env` values | `images/<i>/default.nix` `config.Env` | escaped: `nix_string`; NUL rejected by `spec::env-value` | `image_env_reaches_nix_exactly`: `nix-instantiate --eval` against the stub `pkgs` |
//! | `env` names | both of the above | rejected: `spec::env-name` (`[A-Za-z_][A-Za-z0-9_]*`, not `DEVBOX_*`) | `names_and_paths_are_rejected` |
//! | `users.users.<u>.devbox.opVault`, `onePassword.vault` | `users/<u>/bin/devbox-authkey` `op_ref=` | escaped: `shell_quote`; `/`, control characters rejected by `spec::op-vault` | `op_vault_reaches_bash_exactly`: bash runs the generated assignment and prints the variable |
//! | `hosts.<h>.defaults` keys and values | `darwin/<h>/default.nix` `system.defaults` | escaped: `nix_value` (`nix_attr`, `nix_string`); domains checked by `spec::darwin-defaults` | `darwin_defaults_reach_nix_exactly`: `nix-instantiate --eval` of the module |
//! | `aerospace.onWindowDetected[].appId` | `aerospace.toml` `if.app-id` | escaped: `toml_string`; empty, whitespace, control characters rejected by `spec::aerospace-app-id` | `aerospace_strings_reach_toml_exactly`: Python's `tomllib` |
//! | `aerospace.bindings` commands (`exec-and-forget …`) | `aerospace.toml` `[mode.main.binding]` | escaped: `toml_string`; the command grammar is checked (`spec::aerospace-command`) | `aerospace_strings_reach_toml_exactly` |
//! | `aerospace.workspaces` | `aerospace.toml` | rejected unless a workspace name (`spec::aerospace-workspace`), then `toml_value` | `names_and_paths_are_rejected` |
//! | user names, `hosts.<h>.user` | paths `users/<u>/…`, units, scripts, Nix attrs | rejected: `spec::user-name` (POSIX name) | `names_and_paths_are_rejected` |
//! | container names | paths, unit and volume names, `ExecCondition=` | rejected: `spec::container-name` (`[a-z][a-z0-9-]*`) | `names_and_paths_are_rejected` |
//! | image names | paths `images/<i>/`, `Image=` | rejected: `spec::image-name` | `names_and_paths_are_rejected` |
//! | darwin host names, `hostName` | paths `darwin/<h>/`, `networking.hostName` | rejected: `spec::darwin-host` (DNS label) | `names_and_paths_are_rejected` |
//! | `hostname` | `HostName=`, `DEVBOX_HOSTNAME`, ssh/Zed entries | rejected: `spec::hostname` (DNS label) | `names_and_paths_are_rejected` |
//! | image `tag` | `Image=`, Nix `tag`, the loader's `ExecStart` | rejected: `spec::image-tag` (OCI tag) | `names_and_paths_are_rejected` |
//! | `packages` (images, hosts) | `pkgs.<path>` in Nix | rejected: `spec::package` (attribute path), then `pkgs_ref` refuses anything else | `names_and_paths_are_rejected` |
//! | `casks` | Nix `homebrew.casks` | rejected: `spec::cask` | `names_and_paths_are_rejected` |
//! | `tailscale.tags` | `DEVBOX_TAILSCALE_TAGS`, ACL snippet | rejected: `spec::tailscale-tag` (`tag:[a-z0-9-]+`) | `names_and_paths_are_rejected` |
//! | `ports` | `PublishPort=` | rejected: `spec::port` | `names_and_paths_are_rejected` |
//! | image `user.home`, `syncthing.folder` | `Volume=`, `WorkingDir`, passwd line, `extraCommands` (`shell_quote`), comments | rejected: `spec::image-user`, `spec::syncthing-folder` (clean absolute path: no whitespace, control, `:` `%` `$` `\` `"` `'`, `..`) | `names_and_paths_are_rejected` |
//! | image `user.name` | passwd/group lines | rejected: `spec::image-user` (POSIX name) | `names_and_paths_are_rejected` |
//! | `resources.memory`, durations, `cleanup.onCalendar` | `MemoryMax=` (`token`), scripts (numbers), `OnCalendar=` (`unit`) | rejected: `spec::memory`, `spec::duration`, `spec::on-calendar` | `names_and_paths_are_rejected` |
//! | `users.users.<u>.description` | nothing: not written to any artifact | — | `user_description_reaches_no_artifact` |
//! | `openssh.authorizedKeys.keys`, `keyFiles` | nothing yet: validated (`spec::ssh-key`) only | — | — |
//!
//! # How a consumer is asked
//! * **quadlet/systemd**: podman 5.4's `quadlet -dryrun -user` turns the
//!   `.container` into a service; its `ExecStart=` line is split into words the
//!   way systemd's `extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE)` does
//!   (`"…"` and `'…'` quoting, C escapes `\n \t \\ \" \xNN \NNN \uXXXX`), then each
//!   word's specifiers are resolved (`%%` → `%`; any other `%` fails the test: it
//!   would be expanded) and its variables (`$$` → `$`; any other `$` fails: systemd
//!   would substitute it) — what systemd would pass to podman as argv.
//! * **bash**: the generated assignment line is run by `bash -c` followed by
//!   `printf %s "$var"`; the output is compared byte for byte.
//! * **Nix**: `nix-instantiate --eval --strict --json` of the generated file
//!   (against the stub `pkgs` where needed); JSON strings compared exactly.
//! * **TOML**: Python's `tomllib` reads `aerospace.toml`.
//!
//! Hostile values are written into the spec with [`nix::string`]; the
//! comparison is always with the original Rust string, so a wrong spec
//! literal would fail the test, not hide a hole.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use camino::Utf8Path;
use devbox_gen::emit;
use devbox_gen::pipeline::{Compiled, compile};
use devbox_gen::render::filters::nix;
use serde_json::Value;
use support::NixInput;

/// Values that try to break out of some target syntax.
const HOSTILE: &[&str] = &[
    "plain",
    "",
    "line 1\nline 2",
    "cr\r\nlf",
    "tab\there",
    "100% sure",
    "%n %h %u %%",
    "$HOME",
    "$$",
    "${HOME}",
    "$(id)",
    "`id`",
    "\"double\"",
    "'single'",
    "''",
    "'''",
    "''${x}",
    "back\\slash",
    "trailing\\",
    "\\x41 \\n \\t \\\\",
    "a;b && c | d",
    "# not a comment",
    " leading and trailing ",
    "key=value=more",
    "héllo — ✓ 日本 🦀",
    "\u{7f}\u{1}\u{1b}[31m",
    "\\",
    "\"",
    "'",
    "$",
    "%",
    "${",
    "}",
];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A spec directory holding `files` (name, text).
fn spec(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write spec file");
    }
    dir
}

fn compile_dir(dir: &Path) -> Compiled {
    compile(Utf8Path::from_path(dir).expect("utf8"), None)
}

/// Compiles and writes the tree; panics with the diagnostics when the spec
/// is refused.
fn render(dir: &Path) -> tempfile::TempDir {
    let compiled = compile_dir(dir);
    let codes: Vec<_> = compiled
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    let tree = compiled
        .tree
        .unwrap_or_else(|| panic!("spec refused: {codes:#?}"));
    let out = tempfile::tempdir().expect("tmp");
    emit::write(&tree, Utf8Path::from_path(out.path()).expect("utf8")).expect("write tree");
    out
}

const USERS: &str = "{ users.users.coal = { uid = 1001; devbox.containers.enable = true; }; }";

/// `{ V0 = "…"; V1 = "…"; … }` of every hostile value, by name.
fn env_of(values: &[&str]) -> (String, BTreeMap<String, String>) {
    let mut text = String::from("{\n");
    let mut map = BTreeMap::new();
    for (i, v) in values.iter().enumerate() {
        let name = format!("V{i:02}");
        text.push_str(&format!("      {name} = {};\n", nix::string(v)));
        map.insert(name, (*v).to_owned());
    }
    text.push_str("    }");
    (text, map)
}

// ---------------------------------------------------------------------------
// systemd's view of an ExecStart= line
// ---------------------------------------------------------------------------

/// Splits an `ExecStart=` value into words as systemd does
/// (`EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE`); [`resolve`] then does the
/// specifiers and variables of a word (quadlet's own `%t/%N.cid` keeps its).
fn systemd_argv(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        while let Some(c) = chars.next() {
            match (quote, c) {
                (None, c) if c.is_ascii_whitespace() => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (_, '\\') => word.push_str(&cunescape_one(&mut chars)?),
                (_, c) => word.push(c),
            }
        }
        if quote.is_some() {
            return Err(format!("unterminated quote in {line:?}"));
        }
        words.push(word);
    }
    Ok(words)
}

/// One C escape after a `\` (systemd's `cunescape_one`).
fn cunescape_one(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let c = chars.next().ok_or("trailing backslash")?;
    let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| {
        let digits: String = (0..n).filter_map(|_| chars.next()).collect();
        u32::from_str_radix(&digits, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or(format!("bad hex escape {digits:?}"))
    };
    Ok(match c {
        'a' => "\u{7}".into(),
        'b' => "\u{8}".into(),
        'f' => "\u{c}".into(),
        'n' => "\n".into(),
        'r' => "\r".into(),
        't' => "\t".into(),
        'v' => "\u{b}".into(),
        's' => " ".into(),
        '\\' | '"' | '\'' => c.to_string(),
        'x' => hex(chars, 2)?.to_string(),
        'u' => hex(chars, 4)?.to_string(),
        'U' => hex(chars, 8)?.to_string(),
        '0'..='7' => {
            let mut digits = c.to_string();
            digits.extend((0..2).filter_map(|_| chars.next()));
            let n = u32::from_str_radix(&digits, 8).map_err(|e| e.to_string())?;
            char::from_u32(n).ok_or("bad octal")?.to_string()
        }
        other => return Err(format!("invalid escape \\{other}")),
    })
}

/// `%%` → `%` (specifiers), then `$$` → `$` (variables).
fn resolve(word: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' || c == '$' {
            if chars.peek() == Some(&c) {
                chars.next();
            } else {
                return Err(format!(
                    "{word:?}: a lone `{c}` would be expanded by systemd"
                ));
            }
        }
        out.push(c);
    }
    Ok(out)
}

#[test]
fn systemd_argv_follows_systemds_rules() {
    let argv =
        systemd_argv(r#"/bin/true run --env "A=b c" --env 'Q=\"x\"' x\x41 "%%n $$HOME" "l\n""#)
            .and_then(|w| w.iter().map(|w| resolve(w)).collect::<Result<Vec<_>, _>>());
    assert_eq!(
        argv.ok(),
        Some(vec![
            "/bin/true".to_owned(),
            "run".into(),
            "--env".into(),
            "A=b c".into(),
            "--env".into(),
            "Q=\"x\"".into(),
            "xA".into(),
            "%n $HOME".into(),
            "l\n".into(),
        ])
    );
    assert!(resolve("%n").is_err());
    assert!(resolve("$HOME").is_err());
    assert!(systemd_argv("\"open").is_err());
}

// ---------------------------------------------------------------------------
// quadlet: container env
// ---------------------------------------------------------------------------

#[test]
fn container_env_reaches_podman_exactly() {
    let (env, expected) = env_of(HOSTILE);
    let dir = spec(&[
        ("users.nix", USERS.into()),
        (
            "containers.nix",
            format!(
                "{{\n  images.img = {{ }};\n  containers.box = {{\n    owner = \"coal\";\n    env = {env};\n  }};\n}}\n"
            ),
        ),
    ]);
    let out = render(dir.path());
    let Some(q) = support::quadlet_dryrun_user(&out.path().join("users/coal/quadlet")) else {
        return;
    };
    assert!(q.success, "quadlet failed: {}", q.stderr);
    let service = q.units.get("box.service").expect("box.service");
    let exec = service
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("ExecStart=");
    let argv = systemd_argv(exec).unwrap_or_else(|e| panic!("{e}\n{exec}"));
    let mut seen = BTreeMap::new();
    for pair in argv.windows(2) {
        if pair[0] == "--env"
            && let Some((k, v)) = pair[1].split_once('=')
            && k.starts_with('V')
        {
            let v = resolve(v).unwrap_or_else(|e| panic!("{e}\n{exec}"));
            seen.insert(k.to_owned(), v);
        }
    }
    assert_eq!(seen, expected, "ExecStart={exec}");
}

// ---------------------------------------------------------------------------
// Nix: image env, darwin defaults
// ---------------------------------------------------------------------------

fn nix_path(p: &Path) -> String {
    format!("(/. + {})", nix::string(&p.display().to_string()))
}

#[test]
fn image_env_reaches_nix_exactly() {
    let (env, expected) = env_of(HOSTILE);
    let dir = spec(&[
        ("users.nix", USERS.into()),
        (
            "containers.nix",
            format!("{{\n  images.img.env = {env};\n  containers.box.owner = \"coal\";\n}}\n"),
        ),
    ]);
    let out = render(dir.path());
    let expr = format!(
        "import {} {{ tree = {}; image = \"img\"; }}",
        nix_path(&manifest_dir().join("tests/nix-stubs/eval-image.nix")),
        nix_path(out.path())
    );
    let Some(v) = support::nix_eval_json(NixInput::Expr(&expr), &[]) else {
        return;
    };
    let v = v.unwrap_or_else(|e| panic!("{e}"));
    let seen: BTreeMap<String, String> = v["config"]["Env"]
        .as_array()
        .expect("config.Env")
        .iter()
        .filter_map(|e| e.as_str()?.split_once('='))
        .filter(|(k, _)| k.starts_with('V'))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn darwin_defaults_reach_nix_exactly() {
    // Hostile strings as keys (of a custom domain) and as values.
    let mut body = String::new();
    let mut expected = serde_json::Map::new();
    for (i, v) in HOSTILE.iter().enumerate() {
        body.push_str(&format!(
            "        {} = {};\n",
            nix::string(v),
            nix::string(v)
        ));
        expected.insert((*v).to_owned(), Value::from(*v));
        body.push_str(&format!("        k{i} = [ {} ];\n", nix::string(v)));
        expected.insert(format!("k{i}"), Value::from(vec![*v]));
    }
    let domain = "com.example.${x}\"''";
    let darwin = format!(
        "{{\n  hosts.mac = {{\n    user = \"coal\";\n    defaults.CustomUserPreferences = {{\n      {} = {{\n{body}      }};\n    }};\n  }};\n}}\n",
        nix::string(domain)
    );
    let dir = spec(&[
        ("users.nix", USERS.into()),
        (
            "containers.nix",
            "{ images.img = { }; containers.box.owner = \"coal\"; }".into(),
        ),
        ("darwin.nix", darwin),
    ]);
    let out = render(dir.path());
    let expr = format!(
        "(import {} {{ config = {{ }}; lib = {{ }}; pkgs = {{ }}; }}).system.defaults",
        nix_path(&out.path().join("darwin/mac/default.nix"))
    );
    let Some(v) = support::nix_eval_json(NixInput::Expr(&expr), &[]) else {
        return;
    };
    let v = v.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["CustomUserPreferences"][domain], Value::Object(expected));
}

// ---------------------------------------------------------------------------
// TOML: AeroSpace app ids and exec-and-forget commands
// ---------------------------------------------------------------------------

#[test]
fn aerospace_strings_reach_toml_exactly() {
    // An app id has no whitespace or control characters (spec::aerospace-app-id);
    // an exec-and-forget command is any text after the space.
    let ids: Vec<&str> = HOSTILE
        .iter()
        .copied()
        .filter(|v| !v.is_empty() && !v.chars().any(|c| c.is_whitespace() || c.is_control()))
        .collect();
    let rules: String = ids
        .iter()
        .map(|id| {
            format!(
                "        {{ appId = {}; run = \"layout floating\"; }}\n",
                nix::string(id)
            )
        })
        .collect();
    let commands: Vec<String> = HOSTILE
        .iter()
        .map(|v| format!("exec-and-forget x {v}"))
        .collect();
    let list: String = commands
        .iter()
        .map(|c| format!(" {}", nix::string(c)))
        .collect();
    let darwin = format!(
        "{{\n  hosts.mac = {{\n    user = \"coal\";\n    aerospace = {{\n      bindings.alt-e = [{list} ];\n      onWindowDetected = [\n{rules}      ];\n    }};\n  }};\n}}\n"
    );
    let dir = spec(&[
        ("users.nix", USERS.into()),
        (
            "containers.nix",
            "{ images.img = { }; containers.box.owner = \"coal\"; }".into(),
        ),
        ("darwin.nix", darwin),
    ]);
    let out = render(dir.path());
    let Some(toml) = support::toml_parse(&out.path().join("darwin/mac/aerospace.toml")) else {
        return;
    };
    let toml = toml.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        toml["mode"]["main"]["binding"]["alt-e"],
        Value::from(commands.clone())
    );
    let seen: Vec<&str> = toml["on-window-detected"]
        .as_array()
        .expect("on-window-detected")
        .iter()
        .filter_map(|r| r["if"]["app-id"].as_str())
        .collect();
    assert_eq!(seen, ids);
}

// ---------------------------------------------------------------------------
// bash: the 1Password vault
// ---------------------------------------------------------------------------

#[test]
fn op_vault_reaches_bash_exactly() {
    let vaults: Vec<&str> = HOSTILE
        .iter()
        .copied()
        .filter(|v| !v.trim().is_empty() && !v.contains('/') && !v.chars().any(char::is_control))
        .collect();
    let Some(bash) = support::tool("bash") else {
        return;
    };
    for vault in vaults {
        let users = format!(
            "{{ users.users.coal = {{ uid = 1001; devbox.containers.enable = true; devbox.opVault = {v};
               devbox.secrets.s = {{ reference = {r}; containers = [ \"box\" ]; }}; }}; }}",
            v = nix::string(vault),
            r = nix::string(&format!("op://v/{vault}/f"))
        );
        let dir = spec(&[
            ("users.nix", users),
            (
                "containers.nix",
                "{ images.img = { }; containers.box.owner = \"coal\"; }".into(),
            ),
        ]);
        let out = render(dir.path());
        let script = std::fs::read_to_string(out.path().join("users/coal/bin/devbox-authkey"))
            .expect("devbox-authkey");
        // The key's reference, then the secret's (an item named so too).
        let line = script
            .lines()
            .find(|l| l.starts_with("item_refs=("))
            .expect("item_refs= line");
        let probe = std::process::Command::new(&bash)
            .arg("-c")
            .arg(format!("{line}\nprintf '%s\\n' \"${{item_refs[@]}}\""))
            .output()
            .expect("run bash");
        assert!(probe.status.success(), "{line}");
        assert_eq!(
            String::from_utf8_lossy(&probe.stdout),
            format!("op://{vault}/coal-tailscale-authkey/password\nop://v/{vault}/f\n"),
            "{line}"
        );
    }
}

#[test]
fn user_description_reaches_no_artifact() {
    let marker = "DESCRIPTION-MARKER $(id) %n";
    let users = format!(
        "{{ users.users.coal = {{ uid = 1001; description = {}; devbox.containers.enable = true; }}; }}",
        nix::string(marker)
    );
    let dir = spec(&[
        ("users.nix", users),
        (
            "containers.nix",
            "{ images.img = { }; containers.box.owner = \"coal\"; }".into(),
        ),
    ]);
    let tree = compile_dir(dir.path()).tree.expect("tree");
    for (path, text, _) in tree.iter() {
        assert!(!text.contains("DESCRIPTION-MARKER"), "{path}");
    }
}

// ---------------------------------------------------------------------------
// Rejected: names (path components) and every constrained field
// ---------------------------------------------------------------------------

/// The base spec with `users`, `containers`, `darwin` replaced where given.
fn case(users: Option<&str>, containers: Option<&str>, darwin: Option<&str>) -> Compiled {
    let mut files = vec![
        ("users.nix", users.unwrap_or(USERS).to_owned()),
        (
            "containers.nix",
            containers
                .unwrap_or("{ images.img = { }; containers.box.owner = \"coal\"; }")
                .to_owned(),
        ),
    ];
    if let Some(d) = darwin {
        files.push(("darwin.nix", d.to_owned()));
    }
    let dir = spec(&files);
    compile_dir(dir.path())
}

/// Nix source of a string holding a NUL byte.
const NUL: &str = r#"(builtins.fromJSON "\"a\\u0000b\"")"#;

/// Names that try to leave `--out` or break a path.
const BAD_NAMES: &[&str] = &[
    "../evil", "..", ".", "/abs", "a/b", "a\\b", "a b", "a\nb", "", "A", "-x", "x;y", "$x",
];

#[test]
fn names_and_paths_are_rejected() {
    let mut cases: Vec<(String, &str, Compiled)> = Vec::new();
    let mut add = |what: String, code: &'static str, c: Compiled| cases.push((what, code, c));
    for name in BAD_NAMES {
        let n = nix::string(name);
        // A DNS label may be upper case: `A` is a fine host name (and directory).
        let host_ok = *name == "A";
        add(
            format!("user {name:?}"),
            "spec::user-name",
            case(
                Some(&format!(
                    "{{ users.users.{n} = {{ uid = 1001; devbox.containers.enable = true; }}; }}"
                )),
                Some(&format!(
                    "{{ images.img = {{ }}; containers.box.owner = {n}; }}"
                )),
                None,
            ),
        );
        add(
            format!("container {name:?}"),
            "spec::container-name",
            case(
                None,
                Some(&format!(
                    "{{ images.img = {{ }}; containers.{n}.owner = \"coal\"; }}"
                )),
                None,
            ),
        );
        add(
            format!("image {name:?}"),
            "spec::image-name",
            case(
                None,
                Some(&format!(
                    "{{ images.{n} = {{ }}; containers.box = {{ owner = \"coal\"; image = {n}; }}; }}"
                )),
                None,
            ),
        );
        if !host_ok {
            add(
                format!("darwin host {name:?}"),
                "spec::darwin-host",
                case(
                    None,
                    None,
                    Some(&format!("{{ hosts.{n}.user = \"coal\"; }}")),
                ),
            );
        }
    }
    // A user name with a NUL byte (a NUL cannot be written in a Nix string
    // literal; fromJSON makes one).
    add(
        format!("user {NUL}"),
        "spec::user-name",
        case(
            Some(&format!(
                "{{ users.users = builtins.listToAttrs [ {{ name = {NUL}; value = {{ uid = 1001; devbox.containers.enable = true; }}; }} ]; }}"
            )),
            None,
            None,
        ),
    );
    let named =
        |value: &str| format!("builtins.listToAttrs [ {{ name = {NUL}; value = {value}; }} ]");
    add(
        format!("container {NUL}"),
        "spec::container-name",
        case(
            None,
            Some(&format!(
                "{{ images.img = {{ }}; containers = {}; }}",
                named("{ owner = \"coal\"; }")
            )),
            None,
        ),
    );
    add(
        format!("image {NUL}"),
        "spec::image-name",
        case(
            None,
            Some(&format!(
                "{{ images = {}; containers.box.owner = \"coal\"; }}",
                named("{ }")
            )),
            None,
        ),
    );
    add(
        format!("darwin host {NUL}"),
        "spec::darwin-host",
        case(
            None,
            None,
            Some(&format!("{{ hosts = {}; }}", named("{ user = \"coal\"; }"))),
        ),
    );
    // Constrained fields of a container / image / user / host.
    let container = |field: &str| {
        format!("{{ images.img = {{ }}; containers.box = {{ owner = \"coal\"; {field} }}; }}")
    };
    let image =
        |field: &str| format!("{{ images.img = {{ {field} }}; containers.box.owner = \"coal\"; }}");
    let host = |field: &str| format!("{{ hosts.mac = {{ user = \"coal\"; {field} }}; }}");
    let hostile = |s: &str| nix::string(s);
    let fields: Vec<(&str, String, &str)> = vec![
        (
            "containers",
            container(&format!("hostname = {};", hostile("a.b;c"))),
            "spec::hostname",
        ),
        (
            "containers",
            container(&format!("hostname = {};", hostile("x\nHostName=y"))),
            "spec::hostname",
        ),
        (
            "containers",
            container(&format!("tailscale.tags = [ {} ];", hostile("tag:$(id)"))),
            "spec::tailscale-tag",
        ),
        (
            "containers",
            container(&format!(
                "tailscale.tags = [ {} ];",
                hostile("tag:a\",\"tag:b")
            )),
            "spec::tailscale-tag",
        ),
        (
            "containers",
            container(&format!(
                "ports = [ {} ];",
                hostile("127.0.0.1:80:80\nExecStart=/bin/sh")
            )),
            "spec::port",
        ),
        (
            "containers",
            container(&format!(
                "ports = [ {} ];",
                hostile("127.0.0.1:80:80 -v /:/host")
            )),
            "spec::port",
        ),
        (
            "containers",
            container(&format!(
                "resources.memory = {};",
                hostile("4G\nExecStart=/bin/sh")
            )),
            "spec::memory",
        ),
        (
            "containers",
            container(&format!("idle.stopAfter = {};", hostile("1d;rm"))),
            "spec::duration",
        ),
        (
            "containers",
            container(&format!(
                "syncthing = {{ enable = true; folder = {}; }};",
                hostile("/home/dev/sync\nx")
            )),
            "spec::syncthing-folder",
        ),
        (
            "containers",
            container(&format!(
                "syncthing = {{ enable = true; folder = {}; }};",
                hostile("/home/dev/../../etc")
            )),
            "spec::syncthing-folder",
        ),
        (
            "containers",
            container(&format!("env.{} = \"x\";", hostile("A B"))),
            "spec::env-name",
        ),
        (
            "containers",
            container(&format!("env.{} = \"x\";", hostile("A=B"))),
            "spec::env-name",
        ),
        (
            "containers",
            container(&format!("env.{} = \"x\";", hostile("A\nB"))),
            "spec::env-name",
        ),
        (
            "containers",
            container(&format!("env.A = {NUL};")),
            "spec::env-value",
        ),
        (
            "containers",
            image(&format!("env.A = {NUL};")),
            "spec::env-value",
        ),
        (
            "containers",
            image(&format!("tag = {};", hostile("v1 --privileged"))),
            "spec::image-tag",
        ),
        (
            "containers",
            image(&format!("tag = {};", hostile("${x}"))),
            "spec::image-tag",
        ),
        (
            "containers",
            image(&format!("packages = [ {} ];", hostile("git; rm -rf /"))),
            "spec::package",
        ),
        (
            "containers",
            image(&format!("packages = [ {} ];", hostile("a.${b}"))),
            "spec::package",
        ),
        (
            "containers",
            image(&format!("user.home = {};", hostile("/home/dev;rm -rf /"))),
            "spec::image-user",
        ),
        (
            "containers",
            image(&format!("user.home = {};", hostile("/home/../etc"))),
            "spec::image-user",
        ),
        (
            "containers",
            image(&format!("user.home = {};", hostile("/home/$USER"))),
            "spec::image-user",
        ),
        (
            "containers",
            image(&format!("user.home = {};", hostile("/home/dev:/etc"))),
            "spec::image-user",
        ),
        (
            "containers",
            image(&format!("user.name = {};", hostile("dev:x:0:0"))),
            "spec::image-user",
        ),
        (
            "containers",
            format!(
                "{{ images.img = {{ }}; containers.box.owner = \"coal\"; cleanup.onCalendar = {}; }}",
                hostile("daily\nExecStart=/bin/sh")
            ),
            "spec::on-calendar",
        ),
        (
            "containers",
            format!(
                "{{ images.img = {{ }}; containers.box.owner = \"coal\"; cleanup.onCalendar = {}; }}",
                hostile("*-*-* 03:00 Europe/Paris\nExecStart=/bin/sh")
            ),
            "spec::on-calendar",
        ),
        (
            "containers",
            format!(
                "{{ images.img = {{ }}; containers.box.owner = \"coal\"; cleanup.onCalendar = {}; }}",
                hostile("*-*-* 03:00 Europe/%n")
            ),
            "spec::on-calendar",
        ),
        (
            "containers",
            format!(
                "{{ images.img = {{ }}; containers.box.owner = \"coal\"; cleanup.randomizedDelay = {}; }}",
                hostile("1h\nx")
            ),
            "spec::duration",
        ),
        (
            "users",
            format!(
                "{{ users.users.coal = {{ uid = 1001; devbox.containers.enable = true; devbox.opVault = {}; }}; }}",
                hostile("a/b")
            ),
            "spec::op-vault",
        ),
        (
            "users",
            format!(
                "{{ users.users.coal = {{ uid = 1001; devbox.containers.enable = true; devbox.opVault = {}; }}; }}",
                hostile("a\nb")
            ),
            "spec::op-vault",
        ),
        (
            "darwin",
            host(&format!(
                "hostName = {};",
                hostile("mac\"; evil = true; x = \"")
            )),
            "spec::darwin-host",
        ),
        (
            "darwin",
            host(&format!("packages = [ {} ];", hostile("git ${x}"))),
            "spec::package",
        ),
        (
            "darwin",
            host(&format!("casks = [ {} ];", hostile("a\" ]; evil = [ \""))),
            "spec::cask",
        ),
        (
            "darwin",
            host(&format!("aerospace.workspaces = [ {} ];", hostile("a\"b"))),
            "spec::aerospace-workspace",
        ),
        (
            "darwin",
            host(&format!(
                "aerospace.onWindowDetected = [ {{ appId = {}; run = \"layout floating\"; }} ];",
                hostile("a\nb")
            )),
            "spec::aerospace-app-id",
        ),
        (
            "darwin",
            host(&format!(
                "aerospace.bindings.alt-e = {};",
                hostile("layout floating\nalt-x = 'y'")
            )),
            "spec::aerospace-command",
        ),
        (
            "darwin",
            host(&format!(
                "aerospace.bindings.{} = \"fullscreen\";",
                hostile("alt-e\" = 1\n\"x")
            )),
            "spec::aerospace-key",
        ),
    ];
    for (file, text, code) in fields {
        let c = match file {
            "users" => case(Some(&text), None, None),
            "containers" => case(None, Some(&text), None),
            _ => case(None, None, Some(&text)),
        };
        add(text, code, c);
    }
    let mut failures = Vec::new();
    for (what, code, compiled) in &cases {
        let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code).collect();
        if compiled.tree.is_some() || !codes.contains(code) || compiled.is_internal_failure() {
            failures.push(format!("{what}: expected {code}, got {codes:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

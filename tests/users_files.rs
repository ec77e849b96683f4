//! users.nix files in the idioms real NixOS configurations use
//! (tests/users-files/<idiom>/users.nix, read unmodified, next to a minimal
//! containers.nix naming the owners): `devbox-gen eval DIR` must find the
//! owners with what NixOS gives them (uid, shell, SSH keys) and their devbox
//! settings, and print a warning for each user it skips. One snapshot per idiom.
//! tests/nixos_users.rs evaluates the same files with Nix against the
//! generated module's option declarations.

#![allow(clippy::print_stderr)] // the loud SKIPPED lines

use std::path::Path;
use std::process::Command;

use serde_json::{Map, Value, json};

/// What devbox-gen made of a spec directory: the owners, the other users it
/// found, and its diagnostics as `severity code at file:line:column: message`.
fn summary(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_devbox-gen"))
        .env("NO_COLOR", "1")
        .args(["--message-format", "json", "eval"])
        .arg(dir)
        .output()
        .expect("run devbox-gen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let diagnostics: Vec<Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let d: Value = serde_json::from_str(l).expect("a diagnostic is JSON");
            let at = d["labels"].get(0).map_or_else(String::new, |l| {
                format!(" at {}:{}:{}", str_of(&l["file"]), l["line"], l["column"])
            });
            Value::String(format!(
                "{} {}{at}: {}",
                str_of(&d["severity"]),
                str_of(&d["code"]),
                str_of(&d["message"])
            ))
        })
        .collect();
    let mut summary = Map::new();
    summary.insert("exit".into(), json!(out.status.code()));
    if out.status.success() {
        let spec: Value = serde_json::from_slice(&out.stdout).expect("eval prints JSON");
        let users = spec["users"].as_object().expect("users");
        let mut owners = Map::new();
        let mut others = Vec::new();
        for (name, u) in users {
            if u["devbox"]["containers"]["enable"] == json!(true) {
                owners.insert(
                    name.clone(),
                    json!({
                        "enable": u["enable"],
                        "uid": u["uid"],
                        "description": u["description"],
                        "shell": u["shell"],
                        "sshKeys": u["sshKeys"],
                        "opVault": u["devbox"]["opVault"],
                        "max": u["devbox"]["containers"]["max"],
                        "secrets": u["devbox"]["secrets"],
                    }),
                );
            } else {
                others.push(json!(name));
            }
        }
        summary.insert("owners".into(), Value::Object(owners));
        summary.insert("others".into(), Value::Array(others));
        summary.insert("defaultOpVault".into(), spec["opVault"].clone());
    }
    summary.insert("diagnostics".into(), Value::Array(diagnostics));
    serde_json::to_string_pretty(&Value::Object(summary)).expect("json")
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or("?")
}

#[test]
fn users_files_in_nixos_idioms() {
    insta::glob!("users-files/*/users.nix", |users_nix| {
        let dir = users_nix.parent().expect("spec dir");
        insta::assert_snapshot!(summary(dir));
    });
}

//! Escaping, one small pure function per target language, registered as
//! minijinja filters. Templates never escape by hand: every interpolated value
//! goes through the filter of the language it lands in.

pub mod nix;
pub mod shell;
pub mod systemd;
pub mod toml;

use minijinja::Environment;

pub fn register(env: &mut Environment<'static>) {
    env.add_filter("unit", systemd::unit);
    env.add_filter("token", systemd::token);
    env.add_filter("exec_value", systemd::exec_value);
    env.add_filter("keyval_word", |k: &str, v: &str| systemd::keyval_word(k, v));
    env.add_filter("nix_string", |s: &str| nix::string(s));
    env.add_filter("nix_attr", |s: &str| nix::attr_name(s));
    env.add_filter("nix_value", nix::value_filter);
    env.add_filter("pkgs_ref", nix::pkgs_ref);
    env.add_filter("shell_quote", |s: &str| shell::quote(s));
    env.add_filter("shell_words", shell::words);
    env.add_filter("toml_string", |s: &str| toml::string(s));
    env.add_filter("toml_key", |s: &str| toml::key(s));
    env.add_filter("toml_value", |v: minijinja::Value| toml::value(&v));
}

/// The error every filter gives for a value it cannot write safely: validation
/// should have rejected it, so this is a bug, reported as a template error.
fn refuse(what: &str, value: &str) -> minijinja::Error {
    minijinja::Error::new(
        minijinja::ErrorKind::InvalidOperation,
        format!("{what}: {value:?} cannot be written safely (validation should have rejected it)"),
    )
}

//! An offline checker of Tailscale's tailnet policy format, run on every
//! generated ACL snippet (examples/team, each tests/specs/* spec) and on a set
//! of must-refuse policies (tests/tailnet-policy/refuse/*.hujson), so that it
//! is shown able to fail. It checks what the published syntax says, with the
//! page each fact comes from:
//!
//! - The policy file is HuJSON: JSON plus `//` and `/* */` comments and
//!   trailing commas (<https://tailscale.com/kb/1337/acl-syntax>, "human JSON").
//! - Top-level sections: `acls`, `grants`, `groups`, `hosts`, `postures`,
//!   `tagOwners`, `autoApprovers`, `ssh`, `nodeAttrs`, `tests`, `sshTests`,
//!   `ipsets`, and the settings `derpMap`, `disableIPv4`, `randomizeClientPort`
//!   (kb/1337, its list of sections).
//! - `acls`: each rule has `action` (only `accept`: rules deny by default),
//!   `src`, `dst` and optionally `proto` (kb/1337, "action", "src", "dst").
//!   A source is `*`, a user (a login, `name@domain`), `group:<name>`, a Tailscale
//!   IP, a subnet CIDR, a host alias of `hosts`, `tag:<name>` or an
//!   `autogroup:` (kb/1337, "src"). A destination is `<host>:<ports>`, the host
//!   as a source (or `autogroup:self`, `autogroup:internet`), the ports `*`,
//!   a port, a range `first-last` or a comma-separated list of those
//!   (kb/1337, "dst"); ports are 16-bit, so at most 65535, and a range runs
//!   upward.
//! - Tags are `tag:<name>`, the name starting with a letter then letters,
//!   digits or `-` (kb/1068/tags; `tailcfg.CheckTag` in the tailscale
//!   repository), and a tag must be defined in `tagOwners` before any rule or
//!   owner list uses it (kb/1068/tags: "Tags are defined in the tailnet policy
//!   file in the tagOwners section"; kb/1337, "tagOwners").
//! - Groups are `group:<name>` keys of `groups` whose members are users; a
//!   group a rule names must be defined there (kb/1337, "groups").
//! - `ssh`: each rule has `action` `accept` or `check`, `src`, `dst`, `users`
//!   and optionally `checkPeriod`, `acceptEnv`; `dst` holds tags,
//!   `autogroup:self` or users, without ports; with `autogroup:self` in `dst`
//!   the sources may only be users, groups or `autogroup:member` (tags have no
//!   "self"); `users` are login names, `root`, `autogroup:nonroot` or
//!   `localpart:*@<domain>` (<https://tailscale.com/kb/1193/tailscale-ssh>,
//!   "Configure Tailscale SSH").

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::Path;

use camino::Utf8Path;
use devbox_gen::pipeline::compile;
use serde_json::{Map, Value};

/// Comments and trailing commas out, the rest as it is: standard JSON.
fn hujson_to_json(text: &str) -> Result<String, String> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if i >= b.len() {
                    return Err("unterminated string".into());
                }
                i += 1;
                out.push_str(&text[start..i]);
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .ok_or("unterminated block comment")?;
                i += 2 + end + 2;
                out.push(' ');
            }
            b',' => {
                // A comma followed (past blanks and comments) by `]` or `}` is trailing.
                if !matches!(b.get(next_token(b, i + 1)), Some(b']' | b'}')) {
                    out.push(',');
                }
                i += 1;
            }
            _ => {
                let ch = text[i..].chars().next().ok_or("bad text")?;
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    Ok(out)
}

/// Where the next token starts, past blanks and comments.
fn next_token(b: &[u8], mut i: usize) -> usize {
    loop {
        match (b.get(i), b.get(i + 1)) {
            (Some(c), _) if c.is_ascii_whitespace() => i += 1,
            (Some(b'/'), Some(b'/')) => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            (Some(b'/'), Some(b'*')) => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            _ => return i,
        }
    }
}

fn parse(text: &str) -> Result<Value, String> {
    let json = hujson_to_json(text)?;
    serde_json::from_str(&json).map_err(|e| format!("not HuJSON: {e}"))
}

const SECTIONS: &[&str] = &[
    "acls",
    "grants",
    "groups",
    "hosts",
    "postures",
    "tagOwners",
    "autoApprovers",
    "ssh",
    "nodeAttrs",
    "tests",
    "sshTests",
    "ipsets",
    "derpMap",
    "disableIPv4",
    "randomizeClientPort",
];

/// The autogroups a rule's source may name (kb/1337, "src").
const SRC_AUTOGROUPS: &[&str] = &[
    "autogroup:member",
    "autogroup:tagged",
    "autogroup:shared",
    "autogroup:admin",
    "autogroup:owner",
    "autogroup:network-admin",
    "autogroup:it-admin",
    "autogroup:billing-admin",
    "autogroup:auditor",
    "autogroup:nonroot",
];

/// The autogroups only a destination may name (kb/1337, "dst").
const DST_AUTOGROUPS: &[&str] = &["autogroup:self", "autogroup:internet"];

fn is_tag(s: &str) -> bool {
    s.strip_prefix("tag:").is_some_and(|n| {
        n.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

fn is_group(s: &str) -> bool {
    s.strip_prefix("group:")
        .is_some_and(|n| !n.is_empty() && !n.contains([':', ' ', '@']))
}

fn is_user(s: &str) -> bool {
    s.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !s.contains([' ', ':', '*'])
    })
}

fn is_ip_or_cidr(s: &str) -> bool {
    match s.split_once('/') {
        Some((ip, bits)) => ip.parse::<IpAddr>().is_ok_and(|ip| {
            let max = if ip.is_ipv4() { 32 } else { 128 };
            bits.parse::<u8>().is_ok_and(|b| b <= max)
        }),
        None => s.parse::<IpAddr>().is_ok(),
    }
}

/// `*`, a port, `first-last` (upward), or a comma-separated list of those.
fn check_ports(ports: &str) -> Result<(), String> {
    if ports == "*" {
        return Ok(());
    }
    let port = |p: &str| -> Result<u32, String> {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{p}` is not a port"));
        }
        let n: u32 = p.parse().map_err(|_| format!("`{p}` is past 65535"))?;
        if n > 65535 {
            return Err(format!("port {n} is past 65535"));
        }
        Ok(n)
    };
    for part in ports.split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (port(a)?, port(b)?);
                if a > b {
                    return Err(format!("range {a}-{b} runs backwards"));
                }
            }
            None => {
                port(part)?;
            }
        }
    }
    Ok(())
}

struct Checker<'p> {
    policy: &'p Map<String, Value>,
    errors: Vec<String>,
    tags_used: BTreeSet<String>,
    groups_used: BTreeSet<String>,
}

impl<'p> Checker<'p> {
    fn err(&mut self, e: String) {
        self.errors.push(e);
    }

    fn section(&self, name: &str) -> Option<&'p Map<String, Value>> {
        self.policy.get(name).and_then(Value::as_object)
    }

    fn strings(&mut self, v: Option<&'p Value>, what: &str) -> Vec<&'p str> {
        let Some(items) = v.and_then(Value::as_array) else {
            self.err(format!("{what}: not a list"));
            return Vec::new();
        };
        if items.is_empty() {
            self.err(format!("{what}: empty"));
        }
        items
            .iter()
            .filter_map(|i| {
                let s = i.as_str();
                if s.is_none() {
                    self.errors.push(format!("{what}: {i} is not a string"));
                }
                s
            })
            .collect()
    }

    /// A source of an ACL (or an SSH rule, or a tag owner): kb/1337 "src".
    fn source(&mut self, s: &str, what: &str) -> bool {
        if is_tag(s) {
            self.tags_used.insert(s.to_owned());
        } else if is_group(s) {
            self.groups_used.insert(s.to_owned());
        } else if s.starts_with("tag:") || s.starts_with("group:") {
            self.err(format!("{what}: `{s}` is a malformed tag or group"));
            return false;
        } else if !(s == "*"
            || SRC_AUTOGROUPS.contains(&s)
            || is_user(s)
            || is_ip_or_cidr(s)
            || self.section("hosts").is_some_and(|h| h.contains_key(s)))
        {
            self.err(format!("{what}: `{s}` is not a valid source"));
            return false;
        }
        true
    }

    /// `<host>:<ports>`; the host part is split at the last `:` (tags,
    /// groups and autogroups carry a `:` of their own).
    fn destination(&mut self, d: &str, what: &str) {
        let Some((host, ports)) = d.rsplit_once(':') else {
            self.err(format!("{what}: `{d}` has no `:<ports>`"));
            return;
        };
        if let Err(e) = check_ports(ports) {
            self.err(format!("{what}: `{d}`: {e}"));
        }
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if !DST_AUTOGROUPS.contains(&host) {
            self.source(host, what);
        }
    }

    /// The rules of list `section` (`acls`, `ssh`), each named for errors
    /// (`acls[0]`); a rule that is not an object, or has a field outside
    /// `fields`, is an error.
    fn rules(&mut self, section: &str, fields: &[&str]) -> Vec<(String, &'p Map<String, Value>)> {
        let Some(rules) = self.policy.get(section) else {
            return Vec::new();
        };
        let Some(rules) = rules.as_array() else {
            self.err(format!("{section}: not a list"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            let what = format!("{section}[{i}]");
            let Some(r) = r.as_object() else {
                self.err(format!("{what}: not an object"));
                continue;
            };
            for k in r.keys() {
                if !fields.contains(&k.as_str()) {
                    self.err(format!("{what}: unknown field `{k}`"));
                }
            }
            out.push((what, r));
        }
        out
    }

    fn acls(&mut self) {
        for (what, r) in self.rules("acls", &["action", "src", "dst", "proto"]) {
            if r.get("action").and_then(Value::as_str) != Some("accept") {
                self.err(format!("{what}: action must be \"accept\""));
            }
            for s in self.strings(r.get("src"), &format!("{what}.src")) {
                self.source(s, &format!("{what}.src"));
            }
            for d in self.strings(r.get("dst"), &format!("{what}.dst")) {
                self.destination(d, &format!("{what}.dst"));
            }
        }
    }

    fn ssh(&mut self) {
        const FIELDS: &[&str] = &["action", "src", "dst", "users", "checkPeriod", "acceptEnv"];
        for (what, r) in self.rules("ssh", FIELDS) {
            if !matches!(
                r.get("action").and_then(Value::as_str),
                Some("accept" | "check")
            ) {
                self.err(format!("{what}: action must be \"accept\" or \"check\""));
            }
            let src = self.strings(r.get("src"), &format!("{what}.src"));
            for s in &src {
                self.source(s, &format!("{what}.src"));
            }
            let dst = self.strings(r.get("dst"), &format!("{what}.dst"));
            for d in &dst {
                if is_tag(d) {
                    self.tags_used.insert((*d).to_owned());
                } else if !(*d == "autogroup:self" || is_user(d)) {
                    self.err(format!(
                        "{what}.dst: `{d}` is not a tag, `autogroup:self` or a user (no ports in SSH rules)"
                    ));
                }
            }
            if dst.contains(&"autogroup:self") {
                for s in &src {
                    if !(is_user(s) || is_group(s) || *s == "autogroup:member") {
                        self.err(format!(
                            "{what}: `autogroup:self` in dst takes users, groups or autogroup:member as src, not `{s}`"
                        ));
                    }
                }
            }
            for u in self.strings(r.get("users"), &format!("{what}.users")) {
                let ok = u == "root"
                    || u == "autogroup:nonroot"
                    || u.strip_prefix("localpart:*@")
                        .is_some_and(|d| !d.is_empty())
                    || (!u.is_empty()
                        && u.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')));
                if !ok {
                    self.err(format!("{what}.users: `{u}` is not a login name"));
                }
            }
        }
    }

    fn tag_owners(&mut self) {
        let Some(owners) = self.policy.get("tagOwners") else {
            return;
        };
        let Some(owners) = owners.as_object() else {
            return self.err("tagOwners: not an object".into());
        };
        for (tag, list) in owners {
            if !is_tag(tag) {
                self.err(format!("tagOwners: `{tag}` is not a valid tag"));
            }
            let Some(list) = list.as_array() else {
                self.err(format!("tagOwners.{tag}: not a list"));
                continue;
            };
            for o in list {
                match o.as_str() {
                    Some(o) => {
                        self.source(o, &format!("tagOwners.{tag}"));
                    }
                    None => self.err(format!("tagOwners.{tag}: {o} is not a string")),
                }
            }
        }
    }

    fn groups(&mut self) {
        let Some(groups) = self.policy.get("groups") else {
            return;
        };
        let Some(groups) = groups.as_object() else {
            return self.err("groups: not an object".into());
        };
        for (g, members) in groups {
            if !is_group(g) {
                self.err(format!("groups: `{g}` is not `group:<name>`"));
            }
            for m in members.as_array().into_iter().flatten() {
                if !m.as_str().is_some_and(is_user) {
                    self.err(format!("groups.{g}: {m} is not a user"));
                }
            }
        }
    }
}

/// Every problem of `text` as a tailnet policy file; empty when it is valid.
fn check_policy(text: &str) -> Vec<String> {
    let v = match parse(text) {
        Ok(v) => v,
        Err(e) => return vec![e],
    };
    let Some(policy) = v.as_object() else {
        return vec!["the policy is not an object".into()];
    };
    let mut c = Checker {
        policy,
        errors: Vec::new(),
        tags_used: BTreeSet::new(),
        groups_used: BTreeSet::new(),
    };
    for k in policy.keys() {
        if !SECTIONS.contains(&k.as_str()) {
            c.err(format!("`{k}` is not a section of the policy file"));
        }
    }
    c.groups();
    c.tag_owners();
    c.acls();
    c.ssh();
    let owned: BTreeSet<&String> = c
        .section("tagOwners")
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    for t in &c.tags_used {
        if !owned.contains(t) {
            c.errors
                .push(format!("tag `{t}` is not defined in tagOwners"));
        }
    }
    let defined: BTreeSet<&String> = c
        .section("groups")
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    for g in &c.groups_used {
        if !defined.contains(g) {
            c.errors
                .push(format!("group `{g}` is not defined in groups"));
        }
    }
    c.errors
}

/// The snippet merged as its header asks: the groups it names defined in the
/// user's policy (here, each with one member).
fn merged_with_groups(snippet: &str) -> Result<String, String> {
    let mut v = parse(snippet)?;
    let mut groups = BTreeSet::new();
    for rule in v["acls"].as_array().into_iter().flatten() {
        for s in rule["src"].as_array().into_iter().flatten() {
            if let Some(g) = s.as_str().filter(|s| s.starts_with("group:")) {
                groups.insert(g.to_owned());
            }
        }
    }
    if !groups.is_empty() {
        let defs: Map<String, Value> = groups
            .into_iter()
            .map(|g| (g, serde_json::json!(["someone@example.com"])))
            .collect();
        v["groups"] = Value::Object(defs);
    }
    serde_json::to_string(&v).map_err(|e| e.to_string())
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn snippet_of(spec: &Path) -> String {
    let spec = Utf8Path::from_path(spec).expect("utf8");
    let compiled = compile(spec, None);
    assert!(!compiled.has_errors(), "{spec} must be valid");
    let tree = compiled.tree.expect("tree");
    tree.iter()
        .find(|(p, _, _)| p.as_str() == "tailscale/acl-snippet.hujson")
        .map(|(_, text, _)| text.to_owned())
        .unwrap_or_else(|| panic!("{spec}: no ACL snippet"))
}

#[test]
fn every_generated_snippet_is_a_valid_policy() {
    let mut specs = vec![manifest_dir().join("examples/team")];
    let mut dirs: Vec<_> = std::fs::read_dir(manifest_dir().join("tests/specs"))
        .expect("tests/specs")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    specs.extend(dirs);
    assert!(specs.len() >= 5, "{specs:?}");
    for spec in specs {
        let snippet = snippet_of(&spec);
        let merged = merged_with_groups(&snippet).unwrap_or_else(|e| panic!("{e}"));
        let errors = check_policy(&merged);
        assert!(
            errors.is_empty(),
            "{}: {errors:#?}\n{snippet}",
            spec.display()
        );
    }
}

/// Each must-refuse policy names, in its first line (`// refuse: <text>`),
/// a piece of the problem the checker must report.
#[test]
fn the_checker_refuses_each_invalid_policy() {
    let dir = manifest_dir().join("tests/tailnet-policy/refuse");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("refuse dir")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    let mut failures = Vec::new();
    for case in cases {
        let text = std::fs::read_to_string(&case).expect("read case");
        let want = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// refuse: "))
            .unwrap_or_else(|| panic!("{}: no `// refuse:` line", case.display()));
        let errors = check_policy(&text);
        if !errors.iter().any(|e| e.contains(want)) {
            failures.push(format!("{}: want `{want}`, got {errors:?}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The accepting side of the same checker: a policy using every form the
/// syntax allows (and HuJSON's comments and trailing commas) passes.
#[test]
fn the_checker_accepts_the_published_forms() {
    let policy = r#"{
      // comment, /* block */ comment, trailing commas
      "groups": { "group:eng": ["alice@example.com", "bob@github",], },
      "hosts": { "db": "100.64.0.5", "lan": "192.168.1.0/24" },
      "tagOwners": { "tag:web": ["group:eng"], "tag:db": ["autogroup:admin", "tag:web"] },
      "acls": [
        { "action": "accept", "src": ["*"], "dst": ["tag:web:80,443"] },
        { "action": "accept", "src": ["group:eng", "alice@example.com", "tag:web", "100.64.0.1", "10.0.0.0/8", "db", "autogroup:member"],
          "dst": ["tag:db:5432", "db:*", "lan:8000-8099", "autogroup:self:22", "autogroup:internet:*", "*:0-65535", "100.64.0.9:22,80,1000-2000"], "proto": "tcp" },
        /* a block comment between rules */
      ],
      "ssh": [
        { "action": "check", "src": ["group:eng"], "dst": ["autogroup:self"], "users": ["autogroup:nonroot", "root"], "checkPeriod": "12h" },
        { "action": "accept", "src": ["tag:web"], "dst": ["tag:db"], "users": ["dev", "localpart:*@example.com"] },
      ],
    }"#;
    assert_eq!(check_policy(policy), Vec::<String>::new());
}

/// A share whose every tag other owners' containers carry: a warning, and the
/// snippet has no rule for its port (it would open theirs too).
#[test]
fn a_share_on_a_tag_of_two_owners_is_left_out_with_a_warning() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(
        tmp.path().join("users.nix"),
        "{ users.users = { coal = { uid = 1001; devbox.containers.enable = true; }; \
         ash = { uid = 1002; devbox.containers.enable = true; }; }; }",
    )
    .expect("write");
    std::fs::write(
        tmp.path().join("containers.nix"),
        r#"{
          images.base.packages = [ "git" ];
          containers.coal-web = {
            owner = "coal";
            tailscale.tags = [ "tag:devbox" ];
            tailscale.share = [ { ports = [ 3000 ]; to = [ "ash" ]; } ];
          };
          containers.ash-dev = { owner = "ash"; tailscale.tags = [ "tag:devbox" ]; };
        }"#,
    )
    .expect("write");
    let spec = Utf8Path::from_path(tmp.path()).expect("utf8");
    let compiled = compile(spec, None);
    assert!(!compiled.has_errors());
    let leak: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code == "spec::tailscale-share-leak")
        .collect();
    assert_eq!(leak.len(), 1, "{:?}", compiled.diagnostics);
    assert!(leak[0].message.contains("coal-web"), "{}", leak[0].message);
    let snippet = snippet_of(tmp.path());
    assert!(!snippet.contains(":3000"), "{snippet}");
    assert!(
        snippet.contains("WARNING: the share of `coal-web` with ash is left out"),
        "{snippet}"
    );
    assert_eq!(check_policy(&snippet), Vec::<String>::new());
}

/// tests/specs/tailnet-sharing: exactly the teammates, exactly the ports, on
/// the narrowest tag; the owners' own rules as without sharing.
#[test]
fn the_sharing_spec_grants_exactly_the_shares() {
    let snippet = snippet_of(&manifest_dir().join("tests/specs/tailnet-sharing"));
    let v = parse(&snippet).expect("HuJSON");
    assert_eq!(
        v["acls"],
        serde_json::json!([
            { "action": "accept", "src": ["ash@example.com"], "dst": ["tag:ash-demo:22"] },
            { "action": "accept", "src": ["coal@example.com"], "dst": ["tag:coal-web:22", "tag:coal:22"] },
            { "action": "accept", "src": ["autogroup:member"], "dst": ["tag:ash-demo:4000"] },
            { "action": "accept", "src": ["ash@example.com"], "dst": ["tag:coal:5432"] },
            { "action": "accept", "src": ["bob@example.com", "group:design"],
              "dst": ["tag:coal-web:3000,8000-8010"] }
        ])
    );
    // No share touches the SSH rules.
    assert_eq!(
        v["ssh"],
        serde_json::json!([
            { "action": "accept", "src": ["ash@example.com"], "dst": ["tag:ash-demo"], "users": ["dev"] },
            { "action": "accept", "src": ["coal@example.com"], "dst": ["tag:coal", "tag:coal-web"], "users": ["dev"] }
        ])
    );
}

/// Tailscale's tag names start with a letter (kb/1068/tags, `tailcfg.CheckTag`):
/// `tag:1dev` would give a snippet the policy refuses, so the spec is refused.
#[test]
fn a_tag_starting_with_a_digit_is_refused_at_compile_time() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(
        tmp.path().join("users.nix"),
        "{ users.users.coal = { uid = 1001; devbox.containers.enable = true; }; }",
    )
    .expect("write");
    std::fs::write(
        tmp.path().join("containers.nix"),
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; tailscale.tags = [ "tag:1dev" ]; }; }"#,
    )
    .expect("write");
    let compiled = compile(Utf8Path::from_path(tmp.path()).expect("utf8"), None);
    assert!(
        compiled
            .diagnostics
            .iter()
            .any(|d| d.code == "spec::tailscale-tag" && d.message.contains("tag:1dev")),
        "{:?}",
        compiled.diagnostics
    );
    // What the checker says of the snippet such a tag would give.
    let errors = check_policy(
        r#"{ "tagOwners": { "tag:1dev": ["autogroup:admin"] },
             "ssh": [ { "action": "accept", "src": ["coal@example.com"], "dst": ["tag:1dev"], "users": ["dev"] } ] }"#,
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`tag:1dev` is not a valid tag")),
        "{errors:?}"
    );
}

/// Ports are sorted and ranges that overlap or touch merged into one; a
/// user listed twice is one source; the edges 1 and 65535 are ports.
#[test]
fn shared_ports_are_sorted_and_merged() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(
        tmp.path().join("users.nix"),
        "{ users.users = { coal = { uid = 1001; devbox.containers.enable = true; }; \
         bob = { uid = 1003; }; }; }",
    )
    .expect("write");
    std::fs::write(
        tmp.path().join("containers.nix"),
        r#"{
          images.base.packages = [ "git" ];
          containers.coal-web = {
            owner = "coal";
            tailscale.tags = [ "tag:coal-web" ];
            tailscale.share = [
              { ports = [ 65535 8011 "8000-8010" "1-2" 3 "8005-8006" ]; to = [ "bob" "bob" ]; }
            ];
          };
        }"#,
    )
    .expect("write");
    let v = parse(&snippet_of(tmp.path())).expect("HuJSON");
    assert_eq!(
        v["acls"][1],
        serde_json::json!({ "action": "accept", "src": ["bob@example.com"],
                            "dst": ["tag:coal-web:1-3,8000-8011,65535"] })
    );
}

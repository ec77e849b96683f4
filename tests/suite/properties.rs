//! Property tests (proptest) over small valid specs generated from
//! strategies (users, images, containers with a few fields each):
//!
//! * **deterministic**: the same spec compiled twice gives the same bytes;
//! * **independent of attribute order**: every attribute set of the spec text
//!   written in a shuffled order gives the same tree;
//! * **independent of how the spec is split**: the same values written inline,
//!   through `let` bindings, and through `import ./part.nix` give the same tree;
//! * **idempotent**: rendering into a directory, then rendering again writes
//!   nothing, and `--check` finds it up to date.
//!
//! The number of cases is kept moderate (the whole file runs in a few seconds).

use std::collections::BTreeMap;
use std::path::Path;

use camino::Utf8Path;
use devbox_gen::emit;
use devbox_gen::pipeline::compile;
use devbox_gen::render::filters::nix;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct User {
    name: String,
    uid: u32,
    shell: &'static str,
}

#[derive(Debug, Clone)]
struct Image {
    name: String,
    tag: String,
    packages: Vec<&'static str>,
    env: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
struct Container {
    name: String,
    owner: usize,
    image: usize,
    cpus: u32,
    memory: u32,
    tailscale: bool,
    syncthing: bool,
    stop_after: Option<&'static str>,
    env: BTreeMap<String, String>,
    ports: Vec<String>,
}

#[derive(Debug, Clone)]
struct Spec {
    users: Vec<User>,
    images: Vec<Image>,
    containers: Vec<Container>,
}

/// Env values with characters that every target language treats specially.
fn env_value() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z0-9 %$\"'\\\\{}\n]{0,8}").expect("regex")
}

fn env() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map("[A-Z][A-Z0-9_]{0,4}", env_value(), 0..3)
}

fn spec() -> impl Strategy<Value = Spec> {
    let users = prop::collection::vec(
        (
            "[a-z]{1,4}",
            prop::sample::select(vec!["bash", "zsh", "fish"]),
        ),
        1..3,
    )
    .prop_map(|us| {
        us.into_iter()
            .enumerate()
            .map(|(i, (suffix, shell))| User {
                name: format!("u{i}{suffix}"),
                uid: 1001 + u32::try_from(i).unwrap_or(0),
                shell,
            })
            .collect::<Vec<_>>()
    });
    let images = prop::collection::vec(
        (
            "[a-z]{1,4}",
            prop::sample::select(vec!["latest", "2025.11", "v1_rc-2"]),
            prop::sample::subsequence(vec!["git", "curl", "jq", "python3Packages.ipython"], 0..3),
            env(),
        ),
        1..3,
    )
    .prop_map(|is| {
        is.into_iter()
            .enumerate()
            .map(|(i, (suffix, tag, packages, env))| Image {
                name: format!("i{i}{suffix}"),
                tag: tag.to_owned(),
                packages,
                env,
            })
            .collect::<Vec<_>>()
    });
    let containers = prop::collection::vec(
        (
            "[a-z]{1,4}",
            0usize..8,
            0usize..8,
            (1u32..5, 1u32..9),
            (any::<bool>(), any::<bool>()),
            prop::sample::select(vec![None, Some("30m"), Some("12h"), Some("1d")]),
            env(),
            prop::collection::vec(1024u32..9000, 0..2),
        ),
        0..4,
    )
    .prop_map(|cs| {
        cs.into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (
                        suffix,
                        owner,
                        image,
                        (cpus, memory),
                        (tailscale, syncthing),
                        stop_after,
                        env,
                        ports,
                    ),
                )| {
                    Container {
                        name: format!("c{i}{suffix}"),
                        owner,
                        image,
                        cpus,
                        memory,
                        tailscale,
                        syncthing,
                        stop_after,
                        env,
                        // A host port per container: one host binds each port once.
                        ports: ports
                            .into_iter()
                            .map(|p| {
                                format!(
                                    "127.0.0.1:{}:{p}",
                                    p * 4 + u32::try_from(i).expect("few containers")
                                )
                            })
                            .collect(),
                    }
                },
            )
            .collect::<Vec<_>>()
    });
    (users, images, containers).prop_map(|(users, images, containers)| Spec {
        users,
        images,
        containers,
    })
}

/// An attribute set as Nix text, its entries in the given order.
fn set(entries: &[(String, String)], order: &mut Order) -> String {
    let mut entries = entries.to_vec();
    order.shuffle(&mut entries);
    let body: String = entries
        .iter()
        .map(|(k, v)| format!("{} = {v}; ", nix::attr_name(k)))
        .collect();
    format!("{{ {body}}}")
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    format!("[ {} ]", items.join(" "))
}

/// A deterministic shuffler (identity for seed 0).
struct Order(u64);

impl Order {
    fn shuffle<T>(&mut self, items: &mut [T]) {
        if self.0 == 0 {
            return;
        }
        for i in (1..items.len()).rev() {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from((self.0 >> 33) % (i as u64 + 1)).unwrap_or(0);
            items.swap(i, j);
        }
    }
}

fn env_set(env: &BTreeMap<String, String>, order: &mut Order) -> String {
    let entries: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.clone(), nix::string(v)))
        .collect();
    set(&entries, order)
}

impl Spec {
    fn user_entries(&self, order: &mut Order) -> Vec<(String, String)> {
        self.users
            .iter()
            .map(|u| {
                let fields = vec![
                    ("uid".to_owned(), u.uid.to_string()),
                    ("shell".to_owned(), nix::string(u.shell)),
                    (
                        "devbox".to_owned(),
                        "{ containers.enable = true; }".to_owned(),
                    ),
                ];
                (u.name.clone(), set(&fields, order))
            })
            .collect()
    }

    fn image_entries(&self, order: &mut Order) -> Vec<(String, String)> {
        self.images
            .iter()
            .map(|i| {
                let fields = vec![
                    ("tag".to_owned(), nix::string(&i.tag)),
                    (
                        "packages".to_owned(),
                        list(i.packages.iter().map(|p| nix::string(p))),
                    ),
                    ("env".to_owned(), env_set(&i.env, order)),
                ];
                (i.name.clone(), set(&fields, order))
            })
            .collect()
    }

    fn container_entries(&self, order: &mut Order) -> Vec<(String, String)> {
        self.containers
            .iter()
            .map(|c| {
                let owner = &self.users[c.owner % self.users.len()].name;
                let image = &self.images[c.image % self.images.len()].name;
                let resources = vec![
                    ("cpus".to_owned(), c.cpus.to_string()),
                    ("memory".to_owned(), nix::string(&format!("{}G", c.memory))),
                ];
                let fields = vec![
                    ("owner".to_owned(), nix::string(owner)),
                    ("image".to_owned(), nix::string(image)),
                    ("resources".to_owned(), set(&resources, order)),
                    (
                        "tailscale".to_owned(),
                        format!("{{ enable = {}; }}", c.tailscale),
                    ),
                    (
                        "syncthing".to_owned(),
                        format!("{{ enable = {}; }}", c.syncthing),
                    ),
                    (
                        "idle".to_owned(),
                        format!(
                            "{{ stopAfter = {}; }}",
                            c.stop_after.map_or("null".to_owned(), nix::string)
                        ),
                    ),
                    ("env".to_owned(), env_set(&c.env, order)),
                    (
                        "ports".to_owned(),
                        list(c.ports.iter().map(|p| nix::string(p))),
                    ),
                ];
                (c.name.clone(), set(&fields, order))
            })
            .collect()
    }

    /// users.nix and containers.nix with every value inline.
    fn inline(&self, order: &mut Order) -> Vec<(&'static str, String)> {
        let users = set(&self.user_entries(order), order);
        let top = vec![
            ("images".to_owned(), set(&self.image_entries(order), order)),
            (
                "containers".to_owned(),
                set(&self.container_entries(order), order),
            ),
        ];
        vec![
            ("users.nix", format!("{{ users.users = {users}; }}\n")),
            ("containers.nix", format!("{}\n", set(&top, order))),
        ]
    }

    /// The same values, each user, image and container bound by a `let`.
    fn with_let(&self) -> Vec<(&'static str, String)> {
        let order = &mut Order(0);
        let bind = |entries: Vec<(String, String)>, prefix: &str| {
            let mut lets = String::new();
            let mut body = Vec::new();
            for (i, (k, v)) in entries.into_iter().enumerate() {
                lets.push_str(&format!("  {prefix}{i} = {v};\n"));
                body.push((k, format!("{prefix}{i}")));
            }
            (lets, body)
        };
        let (ulets, ubody) = bind(self.user_entries(order), "user");
        let (ilets, ibody) = bind(self.image_entries(order), "image");
        let (clets, cbody) = bind(self.container_entries(order), "ctr");
        vec![
            (
                "users.nix",
                format!(
                    "let\n{ulets}in\n{{ users.users = {}; }}\n",
                    set(&ubody, order)
                ),
            ),
            (
                "containers.nix",
                format!(
                    "let\n{ilets}{clets}  images = {};\nin\n{{ inherit images; containers = {}; }}\n",
                    set(&ibody, order),
                    set(&cbody, order)
                ),
            ),
        ]
    }

    /// The same values, the sets in files of their own, `import`ed.
    fn with_import(&self) -> Vec<(&'static str, String)> {
        let order = &mut Order(0);
        vec![
            (
                "users.nix",
                "{ users.users = import ./users-part.nix; }\n".into(),
            ),
            (
                "users-part.nix",
                format!("{}\n", set(&self.user_entries(order), order)),
            ),
            (
                "containers.nix",
                "{ images = import ./images.nix; containers = import ./parts/containers.nix; }\n"
                    .into(),
            ),
            (
                "images.nix",
                format!("{}\n", set(&self.image_entries(order), order)),
            ),
            (
                "parts/containers.nix",
                format!("{}\n", set(&self.container_entries(order), order)),
            ),
        ]
    }
}

fn write_spec(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn utf8(p: &Path) -> &Utf8Path {
    Utf8Path::from_path(p).expect("utf8")
}

/// The rendered tree as text, or the diagnostics (a generated spec must be valid).
fn tree_text(files: &[(&str, String)]) -> Result<String, TestCaseError> {
    let dir = write_spec(files);
    let compiled = compile(utf8(dir.path()), None);
    match compiled.tree {
        Some(tree) => Ok(tree.to_text()),
        None => Err(TestCaseError::fail(format!(
            "spec refused: {:?}\n{files:#?}",
            compiled
                .diagnostics
                .iter()
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect::<Vec<_>>()
        ))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rendering_is_deterministic(spec in spec()) {
        let files = spec.inline(&mut Order(0));
        let first = tree_text(&files)?;
        let second = tree_text(&files)?;
        prop_assert_eq!(first, second);
    }

    #[test]
    fn attribute_order_does_not_matter(spec in spec(), seed in 1u64..) {
        let straight = tree_text(&spec.inline(&mut Order(0)))?;
        let shuffled = spec.inline(&mut Order(seed));
        prop_assert_eq!(&straight, &tree_text(&shuffled)?, "shuffled: {:#?}", shuffled);
    }

    #[test]
    fn let_and_import_do_not_matter(spec in spec()) {
        let inline = tree_text(&spec.inline(&mut Order(0)))?;
        prop_assert_eq!(&inline, &tree_text(&spec.with_let())?, "let");
        prop_assert_eq!(&inline, &tree_text(&spec.with_import())?, "import");
    }

    #[test]
    fn rendering_is_idempotent(spec in spec()) {
        let dir = write_spec(&spec.inline(&mut Order(0)));
        let tree = compile(utf8(dir.path()), None).tree.ok_or_else(|| TestCaseError::fail("refused"))?;
        let out = tempfile::tempdir().expect("tmp");
        let first = emit::write(&tree, utf8(out.path())).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(first.written > 0);
        // Compile again from scratch: the second render must find nothing to do.
        let again = compile(utf8(dir.path()), None).tree.ok_or_else(|| TestCaseError::fail("refused"))?;
        let second = emit::write(&again, utf8(out.path())).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(second.written, 0, "second render wrote files");
        let report = emit::check(&again, utf8(out.path())).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(report.is_clean(), "{}", report.to_text());
    }
}

/// One part of a package attribute path: identifier-like text, a Nix keyword,
/// or characters no identifier has.
fn path_part() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z_][A-Za-z0-9_'-]{0,4}",
        2 => prop::sample::select(vec![
            "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or",
        ])
        .prop_map(str::to_owned),
        1 => "[A-Za-z0-9_ .$\"{}'-]{0,4}",
    ]
}

fn package_string() -> impl Strategy<Value = String> {
    prop::collection::vec(path_part(), 1..4).prop_map(|parts| parts.join("."))
}

/// The bad-specs base spec with `package` in an image's packages, or in a Mac's.
fn spec_with_package(package: &str, on_mac: bool) -> tempfile::TempDir {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs/base");
    let users = std::fs::read_to_string(base.join("users.nix")).expect("base users.nix");
    let p = nix::string(package);
    let mut files = vec![("users.nix", users)];
    if on_mac {
        files.push((
            "containers.nix",
            std::fs::read_to_string(base.join("containers.nix")).expect("base containers.nix"),
        ));
        files.push((
            "darwin.nix",
            format!("{{ hosts.mac = {{ user = \"coal\"; packages = [ {p} ]; }}; }}\n"),
        ));
    } else {
        files.push((
            "containers.nix",
            format!(
                "{{ images.base.packages = [ {p} ]; containers.coal-dev.owner = \"coal\"; }}\n"
            ),
        ));
    }
    write_spec(&files)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// What validation lets through, the renderer writes: a package the
    /// validator accepts never reaches a filter that refuses it.
    #[test]
    fn every_package_the_validator_accepts_renders(package in package_string(), on_mac in any::<bool>()) {
        let dir = spec_with_package(&package, on_mac);
        let compiled = compile(utf8(dir.path()), None);
        let codes: Vec<&str> = compiled.diagnostics.iter().map(|d| d.code).collect();
        prop_assert!(!compiled.is_internal_failure(), "{package:?} (mac: {on_mac}): {codes:?}");
        prop_assert!(compiled.has_errors() || compiled.tree.is_some(), "{package:?}: {codes:?}");
    }
}

/// Every string field that reaches a generated file, as `(file, text)` with the
/// string's place written `@S@`; the rest is the bad-specs base spec.
const STRING_FIELDS: &[(&str, &str)] = &[
    (
        "containers.nix",
        r#"{ images.base.packages = [ @S@ ]; containers.coal-dev.owner = "coal"; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base.tag = @S@; containers.coal-dev.owner = "coal"; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base.env.X = @S@; containers.coal-dev.owner = "coal"; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base.user.name = @S@; containers.coal-dev.owner = "coal"; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base.user.home = @S@; containers.coal-dev.owner = "coal"; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; hostname = @S@; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; server = @S@; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; servers.build = { podman = @S@; memory = @S@; gpus = [ @S@ ]; }; containers.coal-dev.owner = "coal"; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; env.X = @S@; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; env.${@S@} = "v"; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; ports = [ @S@ ]; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; tailscale.tags = [ @S@ ]; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; syncthing = { enable = true; folder = @S@; }; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; idle.stopAfter = @S@; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev = { owner = "coal"; resources.memory = @S@; }; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev.owner = "coal"; cleanup.onCalendar = @S@; }"#,
    ),
    (
        "containers.nix",
        r#"{ images.base = { }; containers.coal-dev.owner = "coal"; cleanup.randomizedDelay = @S@; }"#,
    ),
    (
        "darwin.nix",
        r#"{ hosts.mac = { user = "coal"; packages = [ @S@ ]; }; }"#,
    ),
    (
        "darwin.nix",
        r#"{ hosts.mac = { user = "coal"; casks = [ @S@ ]; }; }"#,
    ),
    (
        "darwin.nix",
        r#"{ hosts.mac = { user = "coal"; hostName = @S@; }; }"#,
    ),
    (
        "darwin.nix",
        r#"{ hosts.mac = { user = "coal"; defaults.dock.${@S@} = @S@; }; }"#,
    ),
    (
        "darwin.nix",
        r#"{ hosts.mac = { user = "coal"; aerospace.workspaces = [ @S@ ]; }; }"#,
    ),
    (
        "darwin.nix",
        r#"{ hosts.mac = { user = "coal"; aerospace.bindings.alt-x = @S@; }; }"#,
    ),
];

/// Strings near the edges of what fields accept: plausible values, and the
/// characters every target language treats specially.
fn field_string() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => package_string(),
        2 => "[a-z0-9:./_ -]{0,12}",
        1 => prop::sample::select(vec![
            "latest", "/home/dev", "/home/dev/sync", "127.0.0.1:8080:80", "tag:dev", "12h",
            "4G", "daily", "dev-box", "com.apple.Terminal", "workspace 1", "1",
        ])
        .prop_map(str::to_owned),
        2 => "[a-z0-9/%$\"'\\\\{}\n\t\r\u{0}\u{7f}é; -]{0,8}",
    ]
}

fn spec_with_string(field: usize, s: &str) -> tempfile::TempDir {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs/base");
    let read = |name: &str| std::fs::read_to_string(base.join(name)).expect("base file");
    let (file, text) = STRING_FIELDS[field];
    let text = text.replace("@S@", &nix::string(s));
    let mut files = vec![("users.nix", read("users.nix"))];
    if file == "darwin.nix" {
        files.push(("containers.nix", read("containers.nix")));
    }
    files.push((file, text));
    write_spec(&files)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same for every string field that reaches a generated file: a value
    /// is either refused by a rule (exit 2) or written (never a refusing filter,
    /// exit 3).
    #[test]
    fn every_string_the_validator_accepts_renders(field in 0..STRING_FIELDS.len(), s in field_string()) {
        let dir = spec_with_string(field, &s);
        let compiled = compile(utf8(dir.path()), None);
        let what: Vec<String> = compiled.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
        prop_assert!(!compiled.is_internal_failure(), "{:?} in {}: {what:?}", s, STRING_FIELDS[field].1);
        prop_assert!(compiled.has_errors() || compiled.tree.is_some(), "{:?}: {what:?}", s);
    }
}

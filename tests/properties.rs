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
                            .map(|p| format!("127.0.0.1:{}:{p}", p * 4 + i as u32))
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

//! Every diagnostic code devbox-gen reports, with one line saying what it
//! means. A new code is one line here; the tests below keep this table, the
//! code strings in `src/` and docs/diagnostics.md in step.
//!
//! The family says who is at fault and how the run ends: `syntax::`, `eval::`
//! and `spec::` are the spec's (exit 2, or a warning that still exits 0),
//! `cli::` the command line's (exit 2), `render::` devbox-gen's own (exit 3).

/// `(code, what it means)`, grouped by family, in the order of the pipeline:
/// one line per code.
#[rustfmt::skip]
pub const CODES: &[(&str, &str)] = &[
    // syntax: reading and parsing a file
    ("syntax::encoding", "the file is not UTF-8, starts with a byte-order mark or holds a NUL byte"),
    ("syntax::empty", "the file holds no expression, only whitespace or comments"),
    ("syntax::parse", "the file does not parse as Nix"),
    ("syntax::too-deep", "brackets nested deeper than the parser's limit"),
    ("syntax::too-long", "a run of characters without a space or bracket longer than the parser's limit"),
    // eval: evaluating the static subset of Nix
    ("eval::undefined-variable", "a name that no `let`, argument or built-in defines"),
    ("eval::type-mismatch", "a value of the wrong type for an operator or function"),
    ("eval::missing-attribute", "selecting an attribute that the set does not have"),
    ("eval::duplicate-attribute", "an attribute defined twice in one set"),
    ("eval::argument", "a function called without a required argument or with an unexpected one, or a built-in given an argument it refuses"),
    ("eval::unsupported", "a construct outside devbox-gen's static subset of Nix"),
    ("eval::reference", "an opaque reference (`pkgs.…`, `config.…`) used where its value is needed"),
    ("eval::index", "a list index out of range, or `head`, `tail`, `lib.last` or `lib.init` of an empty list"),
    ("eval::division-by-zero", "integer division by zero"),
    ("eval::overflow", "an integer result that does not fit in 64 bits"),
    ("eval::infinite-recursion", "a value that needs itself to be computed"),
    ("eval::depth", "evaluation nested deeper than the evaluator's limit"),
    ("eval::import-cycle", "files that import each other in a cycle"),
    ("eval::io", "a file that cannot be read, or a read outside the readable root (`--root`, else the enclosing git repository, else the spec directory)"),
    ("eval::throw", "`throw` or `abort` reached"),
    ("eval::assertion", "an `assert` whose condition is false"),
    ("eval::limit", "a string or list past the evaluator's size cap (README, \"Limits\")"),
    ("eval::internal", "a built-in function misconfigured inside devbox-gen"),
    // spec: the spec directory and its files
    ("spec::dir", "the spec directory does not exist or is not a directory"),
    ("spec::missing-file", "users.nix or containers.nix is missing"),
    ("spec::unreadable-file", "a spec file cannot be read (a directory, a broken symlink, no permission)"),
    // spec: the shape of the fields
    ("spec::unknown-field", "a field devbox-gen does not know (with the closest known one)"),
    ("spec::missing-field", "a required field is not set"),
    ("spec::non-finite", "infinity or NaN where a number is written into Nix"),
    ("spec::too-large", "more string data in the spec than the model reads (README, \"Limits\")"),
    ("spec::too-deep", "a value nested deeper than the model reads (a darwin `defaults` built by recursion)"),
    ("spec::type-mismatch", "a field's value has the wrong type"),
    ("spec::secret-in-spec", "a string that looks like secret material (auth key, token, private key)"),
    // spec: users
    ("spec::user-name", "a user name that is not a POSIX user name"),
    ("spec::missing-uid", "a user who may own containers has no `uid`"),
    ("spec::uid-range", "a uid outside the range of regular users"),
    ("spec::duplicate-uid", "two users with the same uid"),
    ("spec::shell", "a login shell devbox-gen does not support"),
    ("spec::ssh-key", "an SSH public key that is malformed, or a private key where a public one belongs"),
    ("spec::ssh-no-keys", "a container with plain SSH (`tailscale.ssh = false`) whose owner has no SSH public key"),
    ("spec::op-vault", "a 1Password vault name that cannot be used in an `op://` reference"),
    // spec: images
    ("spec::image-name", "an image name that is not `[a-z][a-z0-9-]*`"),
    ("spec::image-tag", "an image tag that is not a valid OCI tag"),
    ("spec::image-user", "an image user with a bad name, a uid out of range or a home that is not a clean absolute path"),
    ("spec::max-layers", "`maxLayers` outside 2–125"),
    ("spec::package", "a package that is not a nixpkgs attribute path, or listed twice"),
    // spec: containers
    ("spec::container-name", "a container name that is not `[a-z][a-z0-9-]*`"),
    ("spec::unknown-owner", "a container owner who is not in users.nix"),
    ("spec::owner-not-enabled", "a container owner whose `devbox.containers.enable` is not set"),
    ("spec::owner-disabled", "a container owner whose account has `enable = false`"),
    ("spec::owner-system-user", "a container owner whose account has `isSystemUser = true`"),
    ("spec::undecided-owner", "a container owner whose users.nix entry or `devbox` depends on what devbox-gen does not evaluate"),
    ("spec::undecided-user", "warning: a user skipped because whether they own containers depends on what devbox-gen does not evaluate"),
    ("spec::undecided-users", "`users.users` itself depends on what devbox-gen does not evaluate"),
    ("spec::undecided", "an owner's field that depends on what devbox-gen does not evaluate"),
    ("spec::users-shape", "users.nix in devbox-gen's old `users.<name>` shape instead of NixOS's `users.users.<name>`"),
    ("spec::moved-field", "a setting that moved: `containers.opVault` of users.nix is containers.nix's `onePassword.vault`; `containers.<n>.host` is `server`"),
    ("spec::conflicting-definitions", "two different values of one single-valued option at the same priority, in users.nix's modules"),
    ("spec::module-shape", "a module that has `config` (or `options`) and settings beside it"),
    ("spec::too-many-containers", "an owner with more containers than their `containers.max`"),
    ("spec::missing-image", "a container that does not name an image"),
    ("spec::unknown-image", "a container image that containers.nix does not define"),
    ("spec::hostname", "a container host name that is not a valid DNS label"),
    ("spec::duplicate-hostname", "two containers with the same host name"),
    ("spec::server-name", "a `servers.<name>` that is not a valid server name"),
    ("spec::unknown-server", "a container on a server that `servers` does not declare"),
    ("spec::podman-version", "a server's `podman` that is not a version such as `5.4`"),
    ("spec::gpu", "a server's `gpus` entry that is not a CDI device name"),
    ("spec::server-capacity", "warning: a server's containers together may use more memory or CPU than its declared `memory` or `cpus`"),
    ("spec::secret-name", "an owner secret's name that is not 1-64 letters, digits, `-` and `_`, or that would be mounted over the Tailscale key"),
    ("spec::secret-reference", "an owner secret without a reference, or one that is not `op://<vault>/<item>/[<section>/]<field>`"),
    ("spec::secret-container", "an owner secret for no container, an unknown one, or another owner's"),
    ("spec::secret-delivery", "an owner secret that sets both `env` and `file`"),
    ("spec::secret-path", "an owner secret's file without a path, outside the image user's home and /run/secrets, or with a bad mode or owner"),
    ("spec::secret-env", "an owner secret's variable name that is invalid or set by devbox (`DEVBOX_*`, `TS_*`, HOME, PATH, …)"),
    ("spec::secret-duplicate", "two owner secrets (or a secret and the container's `env`) delivering the same file or variable in one container"),
    ("spec::env-name", "an environment variable name that is invalid or uses the reserved `DEVBOX_` prefix"),
    ("spec::env-value", "an environment variable value with a NUL byte"),
    ("spec::port", "a port mapping that is not `HOST_IP:HOST_PORT:CONTAINER_PORT`"),
    ("spec::cpus", "`resources.cpus` out of range, or a server's `cpus` not above zero"),
    ("spec::memory", "`resources.memory` (or a server's `memory`) that is not a size such as `8G`, or out of range"),
    ("spec::pids", "`resources.pids` out of range"),
    ("spec::io-weight", "`resources.ioWeight` outside systemd's `IOWeight=` range 1–10000"),
    ("spec::swap", "`resources.swap` that is not a size such as `2G` or `0`"),
    ("spec::home-size", "`resources.homeSize` that is not a size such as `20G`, or is 2^63 bytes or more"),
    ("spec::home-size-too-small", "`resources.homeSize` below 64M, the least a home needs for the image's files and the entrypoint's first start"),
    ("spec::extra-host", "an `extraHosts` entry whose name is not a host name or whose value is not an IP address"),
    ("spec::podman-too-old", "a feature whose Quadlet key the target podman (`servers.<name>.podman`, else `--podman-version`, else 5.0) does not know"),
    ("spec::podman-unsupported", "a server's `podman` older than 5.0 or newer than 5.4, the releases devbox-gen writes and tests units for"),
    ("spec::duration", "a duration that is not such as `30m` or `12h`, or out of range"),
    ("spec::destroy-before-stop", "an idle container that would be destroyed before it is stopped"),
    ("spec::on-calendar", "an idle-check schedule that is not a systemd calendar expression"),
    ("spec::tailscale-share-leak", "warning: a container's share left out of the tailnet snippet, since each of its tags is on other owners' containers too"),
    ("spec::tailscale-share-off-tailnet", "a container with `tailscale.share` that is not on the tailnet (`tailscale.enable = false`)"),
    ("spec::tailscale-share-port", "a shared port that is not 1–65535 or an ascending range, one of devbox's own services, or a share with no port"),
    ("spec::tailscale-share-untagged", "a container with `tailscale.share` and no tag: no grant can name it for a teammate"),
    ("spec::tailscale-share-with", "a share with someone who is not a user of users.nix, a `group:<name>` or `autogroup:member` (`*`, a tag, a login), or with no one"),
    ("spec::tailscale-tag", "a Tailscale tag that is not `tag:<name>`"),
    ("spec::tailscale-unreachable", "warning: a container whose tags other owners' containers share, so no SSH rule of the tailnet snippet can reach it"),
    ("spec::cleanup-cadence", "warning: `cleanup.onCalendar` runs the idle cleanup less often than the smallest `idle.stopAfter`"),
    ("spec::mount-source", "a mount with no source or several (`volume`, `hostPath`, `tmpfs`), or a read-only tmpfs"),
    ("spec::mount-target", "a mount target that is not a clean absolute path, or over `/nix`, `/run/secrets`, `/proc`, … or the home volume's root"),
    ("spec::mount-clash", "two mounts of one container on one target"),
    ("spec::host-path", "a `hostPath` outside the owner's `/var/lib/devbox/<owner>`, or with `..`"),
    ("spec::tmpfs-size", "a tmpfs size that is not such as `512M`, zero, or larger than the container's memory"),
    ("spec::unknown-volume", "a mount of a volume that `volumes` does not define"),
    ("spec::volume-name", "a volume name that is not `[a-z][a-z0-9-]{0,62}`"),
    ("spec::volume-owners", "a volume mounted by the containers of two owners"),
    ("spec::volume-servers", "a volume mounted by containers of different servers"),
    ("spec::volume-user", "a volume mounted by image users of different uids"),
    ("spec::device", "a device that is not a CDI GPU, `/dev/fuse` or a path of `allowedDevices`"),
    ("spec::gpu-server", "a GPU request of a container whose server declares no such GPU (`servers.<s>.gpus`)"),
    ("spec::syncthing-folder", "a Syncthing folder that is not a clean absolute path"),
    // spec: the Macs (darwin.nix)
    ("spec::darwin-host", "a Mac name or `hostName` that is not valid"),
    ("spec::darwin-system", "a Mac `system` that is not a Darwin platform"),
    ("spec::darwin-user", "a Mac whose user is not in users.nix"),
    ("spec::darwin-state-version", "a nix-darwin state version or home-manager release that does not exist"),
    ("spec::darwin-defaults", "a `defaults` domain that nix-darwin's `system.defaults` does not have"),
    ("spec::cask", "a Homebrew cask that is not a cask token, or listed twice"),
    ("spec::aerospace-key", "an AeroSpace binding key that is not `modifier-…-key` with AeroSpace's key names"),
    ("spec::aerospace-modifier", "a workspace modifier other than `alt`, `ctrl` or `cmd`"),
    ("spec::aerospace-command", "an AeroSpace command that AeroSpace does not accept"),
    ("spec::aerospace-duplicate-binding", "two bindings of the same key in one mode"),
    ("spec::aerospace-workspace", "a workspace name AeroSpace refuses, listed twice, or bound to the key of another"),
    ("spec::aerospace-gaps", "a negative gap"),
    ("spec::aerospace-app-id", "a window rule whose app id is not a bundle id"),
    // cli: the command line
    ("cli::out-dir", "an output directory that would overwrite the spec"),
    ("cli::root", "a `--root` that is not a directory holding the spec directory"),
    // render: devbox-gen's own bug (or a `--templates` directory's)
    ("render::template", "a template failed or refused a value; validation should have caught it"),
    ("render::unvalidated", "a renderer found a missing image, uid or malformed value that validation should have refused"),
];

/// What `code` means, if it is a known code.
pub fn describe(code: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, about)| *about)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::Path;

    use super::*;

    const FAMILIES: &[&str] = &["syntax::", "eval::", "spec::", "cli::", "render::"];

    /// Every `"family::name"` string literal in `text`.
    fn code_literals(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            if !FAMILIES.iter().any(|f| rest.starts_with(f)) {
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, ':' | '-')))
                .unwrap_or(rest.len());
            let (family, name) = rest[..end].split_once("::").unwrap_or_default();
            if rest[end..].starts_with('"') && !name.is_empty() && !family.is_empty() {
                out.push(rest[..end].to_owned());
            }
        }
        out
    }

    fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).expect("read src").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("codes.rs") {
                let text = fs::read_to_string(&path).expect("read source");
                out.push((path.display().to_string(), text));
            }
        }
    }

    #[test]
    fn codes_are_unique_well_formed_and_described() {
        let mut seen = BTreeSet::new();
        for (code, about) in CODES {
            assert!(seen.insert(code), "{code} twice");
            assert_eq!(code_literals(&format!("\"{code}\"")), [*code], "{code}");
            assert!(!about.is_empty() && !about.contains('\n'), "{code}");
        }
    }

    #[test]
    fn every_code_the_sources_use_is_in_the_catalogue_and_back() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut used = BTreeSet::new();
        for (path, text) in &files {
            for code in code_literals(text) {
                assert!(
                    describe(&code).is_some(),
                    "{path}: `{code}` is not in src/diagnostics/codes.rs: add a line there"
                );
                used.insert(code);
            }
        }
        for (code, _) in CODES {
            assert!(
                used.contains(*code),
                "`{code}` is catalogued but never reported"
            );
        }
    }

    #[test]
    fn the_docs_list_every_code_with_its_description() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
        let doc = fs::read_to_string(&path).expect("docs/diagnostics.md");
        let listed: Vec<String> = doc
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(str::to_owned)
            .collect();
        let expected: Vec<String> = CODES
            .iter()
            .map(|(code, about)| format!("| `{code}` | {about} |"))
            .collect();
        assert_eq!(
            listed,
            expected,
            "docs/diagnostics.md's table must be the catalogue, in order:\n{}",
            expected.join("\n")
        );
    }

    #[test]
    fn the_literal_scan_finds_codes_and_only_codes() {
        let text = r#"error("spec::port", x); "eval::io"; "spec::" "a::b" "render::template!""#;
        assert_eq!(code_literals(text), ["spec::port", "eval::io"]);
    }
}

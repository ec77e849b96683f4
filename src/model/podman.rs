//! The podman a host runs, as far as the generated units care: which Quadlet
//! keys its quadlet knows ([`super::quadlet_keys`]).

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::quadlet_keys::KEYS;

/// A podman release, `major.minor` (quadlet's key set changes only with a minor release).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PodmanVersion {
    pub major: u16,
    pub minor: u16,
}

impl PodmanVersion {
    pub const fn new(major: u16, minor: u16) -> Self {
        PodmanVersion { major, minor }
    }

    /// The oldest podman the units are written for, and the target when
    /// neither the server nor `--podman-version` names one.
    pub const OLDEST: PodmanVersion = PodmanVersion::new(5, 0);
    /// The newest podman whose quadlet the test suite runs (`quadlet -dryrun`
    /// and the booted harness): a newer target would be an untested claim.
    pub const NEWEST: PodmanVersion = PodmanVersion::new(5, 4);

    pub fn is_supported(self) -> bool {
        (Self::OLDEST..=Self::NEWEST).contains(&self)
    }

    /// Why a version is refused, or `None` when it is supported.
    pub fn refusal(self) -> Option<String> {
        if self < Self::OLDEST {
            Some(format!(
                "podman {self} is older than {}, the oldest podman devbox-gen writes units for",
                Self::OLDEST
            ))
        } else if self > Self::NEWEST {
            Some(format!(
                "podman {self} is newer than {}, the newest podman whose quadlet devbox-gen is tested with",
                Self::NEWEST
            ))
        } else {
            None
        }
    }
}

impl fmt::Display for PodmanVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for PodmanVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `5.4` or `5.4.2` (the patch release changes no key, so it is dropped).
impl FromStr for PodmanVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{}` is not a podman version like `5.4`", s.escape_debug());
        let mut parts = s.split('.');
        let mut number = |required: bool| -> Result<Option<u16>, String> {
            match parts.next() {
                None if !required => Ok(None),
                Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                _ => Err(bad()),
            }
        };
        let major = number(true)?.ok_or_else(bad)?;
        let minor = number(true)?.ok_or_else(bad)?;
        number(false)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(PodmanVersion::new(major, minor))
    }
}

/// What quadlet's key table says about `section`/`key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySince {
    /// Added in this release.
    Release(PodmanVersion),
    /// Only on podman's main branch: in no release yet.
    Unreleased,
    /// Not a Quadlet key of that section.
    Unknown,
}

pub fn key_since(section: &str, key: &str) -> KeySince {
    match KEYS.binary_search_by(|(s, k, _)| (*s, *k).cmp(&(section, key))) {
        Ok(i) => match KEYS[i].2 {
            Some(v) => KeySince::Release(v),
            None => KeySince::Unreleased,
        },
        Err(_) => KeySince::Unknown,
    }
}

/// Whether podman `target`'s quadlet accepts `section`/`key`.
pub fn key_available(section: &str, key: &str, target: PodmanVersion) -> bool {
    matches!(key_since(section, key), KeySince::Release(v) if v <= target)
}

/// The sections quadlet reads itself; the others (`[Unit]`, `[Service]`,
/// `[Install]`, …) it passes to systemd.
pub fn is_quadlet_section(section: &str) -> bool {
    KEYS.iter().any(|(s, _, _)| *s == section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_without_repeats_so_lookups_find_every_key() {
        for pair in KEYS.windows(2) {
            assert!((pair[0].0, pair[0].1) < (pair[1].0, pair[1].1), "{pair:?}");
        }
        for (s, k, since) in KEYS {
            let found = key_since(s, k);
            match since {
                Some(v) => assert_eq!(found, KeySince::Release(*v)),
                None => assert_eq!(found, KeySince::Unreleased),
            }
        }
    }

    #[test]
    fn keys_are_gated_by_the_release_that_added_them() {
        let v50 = PodmanVersion::new(5, 0);
        let v54 = PodmanVersion::new(5, 4);
        assert!(key_available("Container", "Image", v50));
        // AddHost= came with podman 5.3; Memory= with 5.5.
        assert!(!key_available("Container", "AddHost", v50));
        assert!(key_available("Container", "AddHost", v54));
        assert!(!key_available("Container", "Memory", v54));
        assert!(!key_available("Volume", "UID", v54));
        assert!(!key_available("Container", "MemoryMax", v54));
        assert_eq!(key_since("Container", "MemoryMax"), KeySince::Unknown);
        assert!(is_quadlet_section("Volume"));
        assert!(!is_quadlet_section("Service"));
    }

    #[test]
    fn versions_parse_compare_and_refuse_outside_the_tested_range() {
        assert_eq!("5.4".parse(), Ok(PodmanVersion::new(5, 4)));
        assert_eq!("5.4.2".parse(), Ok(PodmanVersion::new(5, 4)));
        assert!(PodmanVersion::new(4, 9) < PodmanVersion::new(5, 0));
        assert!(PodmanVersion::new(5, 10) > PodmanVersion::new(5, 9));
        for bad in [
            "", "5", "5.", ".4", "5.4.2.1", "v5.4", "5.x", "5.4-rc1", "99999.0",
        ] {
            assert!(bad.parse::<PodmanVersion>().is_err(), "{bad}");
        }
        assert!(PodmanVersion::new(5, 0).refusal().is_none());
        assert!(PodmanVersion::new(5, 4).refusal().is_none());
        assert!(
            PodmanVersion::new(5, 5)
                .refusal()
                .unwrap()
                .contains("newer")
        );
        assert!(
            PodmanVersion::new(4, 9)
                .refusal()
                .unwrap()
                .contains("older")
        );
    }
}

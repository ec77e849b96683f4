//! The small value languages of the spec, durations and memory sizes, parsed
//! once when the spec is decoded: the model holds the text as written (what
//! messages quote, what `eval` prints, what `MemoryMax=` gets) with its
//! meaning. A malformed value has no meaning; validation reports it, so a
//! renderer never sees one.

use serde::{Serialize, Serializer};

/// A duration (`30m`, `1d12h`) and its length in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duration {
    pub text: String,
    /// `None`: malformed (validation reports it).
    pub seconds: Option<u64>,
}

impl Duration {
    pub fn parse(text: String) -> Self {
        let seconds = parse_duration(&text);
        Duration { text, seconds }
    }
}

/// A memory size (`4G`, `512M`) and its size in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Memory {
    pub text: String,
    /// `None`: malformed or zero (validation reports it).
    pub bytes: Option<u64>,
}

impl Memory {
    pub fn parse(text: String) -> Self {
        let bytes = parse_memory(&text);
        Memory { text, bytes }
    }
}

/// A Podman version (`5.4`, `5.4.1`): major, minor and an optional patch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodmanVersion {
    pub text: String,
    /// `None`: malformed (validation reports it).
    pub parts: Option<(u32, u32, Option<u32>)>,
}

impl PodmanVersion {
    pub fn parse(text: String) -> Self {
        let parts = parse_version(&text);
        PodmanVersion { text, parts }
    }
}

/// `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`, decimal numbers without sign or
/// leading zeros (as `podman --version` prints them).
pub fn parse_version(s: &str) -> Option<(u32, u32, Option<u32>)> {
    let number = |p: &str| -> Option<u32> {
        let plain = !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p == "0" || !p.starts_with('0'));
        plain.then(|| p.parse().ok()).flatten()
    };
    let mut it = s.split('.');
    let major = number(it.next()?)?;
    let minor = number(it.next()?)?;
    let patch = match it.next() {
        Some(p) => Some(number(p)?),
        None => None,
    };
    it.next().is_none().then_some((major, minor, patch))
}

impl Serialize for PodmanVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Both serialise as written, as the spec said them.
impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl Serialize for Memory {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// `30m`, `12h`, `7d`, `1w`, `90s`, or several run together (`1h30m`): seconds.
pub fn parse_duration(s: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit: u64 = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        let n: u64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
        any = true;
    }
    (any && digits.is_empty()).then_some(total)
}

/// `<n>[KMGT]` (binary units, as systemd and podman read them): bytes.
pub fn parse_memory(s: &str) -> Option<u64> {
    // The last character, not the last byte: `é` must not split a character.
    let unit = s.chars().next_back()?;
    let num = &s[..s.len() - unit.len_utf8()];
    let shift = match unit {
        'K' => 10,
        'M' => 20,
        'G' => 30,
        'T' => 40,
        _ => return None,
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = num.parse().ok()?;
    if n == 0 {
        return None;
    }
    n.checked_mul(1u64 << shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("7d"), Some(604_800));
        assert_eq!(parse_duration("7"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("d"), None);
        assert_eq!(parse_duration("1 d"), None);
        assert_eq!(parse_duration("99999999999999999999d"), None);
    }

    #[test]
    fn typed_values_keep_the_text() {
        assert_eq!(Duration::parse("1h30m".into()).seconds, Some(5400));
        assert_eq!(Duration::parse("1 d".into()).seconds, None);
        assert_eq!(Memory::parse("4G".into()).bytes, Some(4 << 30));
        assert_eq!(Memory::parse("4GB".into()).text, "4GB");
        assert_eq!(Memory::parse("4GB".into()).bytes, None);
    }

    #[test]
    fn memory() {
        assert_eq!(parse_memory("4G"), Some(4 << 30));
        assert_eq!(parse_memory("512M"), Some(512 << 20));
        assert_eq!(parse_memory("4"), None);
        assert_eq!(parse_memory("4g"), None);
        assert_eq!(parse_memory("0G"), None);
        assert_eq!(parse_memory("G"), None);
        assert_eq!(parse_memory(""), None);
        assert_eq!(parse_memory("-1G"), None);
        // Found by the property test: a multi-byte last character panicked.
        assert_eq!(parse_memory("é"), None);
        assert_eq!(parse_memory("4é"), None);
        assert_eq!(parse_memory("éG"), None);
    }

    #[test]
    fn podman_versions() {
        assert_eq!(parse_version("5.4"), Some((5, 4, None)));
        assert_eq!(parse_version("5.4.1"), Some((5, 4, Some(1))));
        assert_eq!(parse_version("10.0.0"), Some((10, 0, Some(0))));
        for bad in [
            "5", "5.", ".4", "5.4.1.2", "v5.4", "5.04", "5.4-rc1", "", "5..4", "+5.4", "é.4",
        ] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
        assert_eq!(PodmanVersion::parse("5.x".into()).text, "5.x");
    }
}

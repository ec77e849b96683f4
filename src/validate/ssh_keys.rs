//! ## What it does
//! Checks that every SSH public key of an owner (`openssh.authorizedKeys.keys`
//! and the lines of `keyFiles`) is one OpenSSH public key line:
//! a known key type, base64 key data, an optional comment.
//! ## Why is this bad?
//! A private key pasted here would be published in the tree; a malformed line
//! silently locks the user out of containers that use plain SSH.
//! ## Example
//! `"AAAAC3Nza… coal@mac"` → `"ssh-ed25519 AAAAC3Nza… coal@mac"`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

const KEY_TYPES: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ssh-dss",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

fn is_base64(s: &str) -> bool {
    !s.is_empty()
        && s.trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// `Err(reason)` when the line is not one public key.
pub fn check_public_key(line: &str) -> Result<(), &'static str> {
    if super::looks_like_secret(line).is_some() {
        return Err("this is private key material, not a public key");
    }
    let line = line.trim_end_matches('\n');
    if line.contains('\n') || super::has_control(line) {
        return Err("one key per list entry, on one line");
    }
    let mut words = line.split(' ');
    let kind = words.next().unwrap_or_default();
    if !KEY_TYPES.contains(&kind) {
        return Err("unknown key type (expected e.g. ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256)");
    }
    match words.next() {
        Some(data) if is_base64(data) && data.len() >= 16 => Ok(()),
        _ => Err("the key data after the type is missing or not base64"),
    }
}

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for user in spec.users.values().filter(|u| u.is_owner()) {
        for key in &user.ssh_keys {
            // Private key material is already reported by the decoder.
            if super::looks_like_secret(&key.value).is_some() {
                continue;
            }
            if let Err(reason) = check_public_key(&key.value) {
                diags.push(super::invalid(
                    "spec::ssh-key",
                    format!("invalid SSH public key for user `{}`", user.name.value),
                    key.span,
                    reason,
                    "paste the single line of `~/.ssh/id_ed25519.pub` (or use `builtins.readFile ./keys/<user>.pub`)",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_public_key;

    #[test]
    fn accepts_real_shapes_and_rejects_others() {
        assert!(check_public_key("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx3 coal@mac").is_ok());
        assert!(check_public_key("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx3\n").is_ok());
        assert!(check_public_key("AAAAC3NzaC1lZDI1NTE5AAAAIGx3").is_err());
        assert!(check_public_key("ssh-ed25519").is_err());
        assert!(check_public_key("ssh-ed25519 not*base64*at*all*here").is_err());
        assert!(check_public_key("-----BEGIN OPENSSH PRIVATE KEY-----\nabc").is_err());
    }
}

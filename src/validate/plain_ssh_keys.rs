//! ## What it does
//! Checks that the owner of a container with `tailscale.ssh = false` has at
//! least one SSH public key in users.nix (`openssh.authorizedKeys.keys` or
//! `keyFiles`).
//! ## Why is this bad?
//! Such a container runs its own OpenSSH server, key-only, with exactly the
//! owner's keys as `authorized_keys`: without a key nobody can log in.
//! ## Example
//! `openssh.authorizedKeys.keys = [ ];` →
//! `openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3Nza… coal@mac" ];`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values().filter(|c| c.tailscale.plain_ssh()) {
        // An unknown owner is reported by the owner rule.
        let Some(user) = spec.users.get(&c.owner.value) else {
            continue;
        };
        if !user.is_owner() || !user.ssh_keys.is_empty() {
            continue;
        }
        diags.push(super::invalid(
            "spec::ssh-no-keys",
            format!(
                "container `{}` has no way in: plain SSH, and its owner `{}` has no SSH public key",
                c.name.value, c.owner.value
            ),
            c.tailscale.ssh_span,
            "OpenSSH in the container instead of Tailscale SSH",
            &format!(
                "add a key to `users.users.{}.openssh.authorizedKeys.keys` (or `keyFiles`), or use Tailscale SSH (`tailscale.ssh = true`)",
                c.owner.value
            ),
        ));
    }
}

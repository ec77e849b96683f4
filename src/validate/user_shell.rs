//! ## What it does
//! Checks that a container owner's shell is `bash`, `zsh` or `fish`
//! (a string or `pkgs.<shell>`).
//! ## Why is this bad?
//! The images install the shell by that name; another would not exist there.
//! ## Example
//! `shell = "tcsh";` → `shell = "zsh";`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

pub const SHELLS: &[&str] = &["bash", "zsh", "fish"];

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for user in spec.users.values().filter(|u| u.is_owner()) {
        let shell = &user.shell;
        if !SHELLS.contains(&shell.value.as_str()) {
            let help = crate::model::guess_or(
                &shell.value,
                SHELLS.iter().copied(),
                "supported shells: bash, zsh, fish",
            );
            diags.push(super::invalid(
                "spec::shell",
                format!(
                    "unsupported shell `{}` for user `{}`",
                    shell.value, user.name.value
                ),
                shell.span,
                "expected bash, zsh or fish",
                &help,
            ));
        }
    }
}

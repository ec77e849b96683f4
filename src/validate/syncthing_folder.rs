//! ## What it does
//! Checks `syncthing.folder`: an absolute path inside the image user's home.
//! ## Why is this bad?
//! Only the home is on the persistent volume; a folder elsewhere is lost on
//! every restart, and the image user cannot write outside it.
//! ## Example
//! `folder = "/srv/sync";` → `folder = "/home/dev/sync";`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

use super::image_fields::is_clean_abs_path;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let Some(folder) = &c.syncthing.folder else {
            continue;
        };
        let home = spec.image_of(c).map(|i| i.user.home.value.as_str());
        let inside = home.is_none_or(|h| {
            folder
                .value
                .strip_prefix(h)
                .is_some_and(|rest| rest.starts_with('/'))
        });
        if !is_clean_abs_path(&folder.value) || !inside {
            diags.push(super::invalid(
                "spec::syncthing-folder",
                format!(
                    "`{}` is not a folder inside the container's home",
                    folder.value.escape_debug()
                ),
                folder.span,
                &format!(
                    "expected an absolute path under {}",
                    home.unwrap_or("the home")
                ),
                "only the home is on the persistent volume",
            ));
        }
    }
}

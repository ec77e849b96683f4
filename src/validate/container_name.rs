//! ## What it does
//! Checks container names: `[a-z][a-z0-9-]{0,62}`.
//! ## Why is this bad?
//! The name becomes `<name>.container`, `<name>.service` and the podman
//! container and volume names; anything else breaks one of them.
//! ## Example
//! `containers.Coal_Dev` → `containers.coal-dev`

use crate::diagnostics::Diagnostics;
use crate::model::Spec;

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        let name = &c.name;
        if !super::is_simple_name(&name.value) {
            diags.push(super::invalid(
                "spec::container-name",
                format!(
                    "`{}` is not a valid container name",
                    name.value.escape_debug()
                ),
                name.span,
                "expected `[a-z][a-z0-9-]*`, at most 63 characters",
                "container names become unit, container and volume names",
            ));
        }
    }
}

//! ## What it does
//! Checks that each container names an image of containers.nix (it may omit
//! `image` only when there is exactly one).
//! ## Why is this bad?
//! The container's `Image=` is built from the image; without one there is
//! nothing to run.
//! ## Example
//! `image = "rustt";` → `image = "rust";`

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Spec, guess_or};

pub fn check(spec: &Spec, diags: &mut Diagnostics) {
    for c in spec.containers.values() {
        match &c.image {
            None if !spec.broken_images.is_empty() => {}
            None => diags.push(
                Diagnostic::error(
                    "spec::missing-image",
                    format!(
                        "container `{}` does not say which image it runs",
                        c.name.value
                    ),
                )
                .with_label(c.name.span, "no `image`")
                .with_help(if spec.images.is_empty() {
                    "define an image under `images.<name>` in containers.nix".to_owned()
                } else {
                    let names: Vec<&str> = spec.images.keys().map(String::as_str).collect();
                    format!("set `image` to one of: {}", names.join(", "))
                }),
            ),
            Some(image)
                if !spec.images.contains_key(&image.value)
                    && !spec.image_is_broken(&image.value) =>
            {
                let mut d = Diagnostic::error(
                    "spec::unknown-image",
                    format!(
                        "container `{}` uses image `{}`, which is not defined",
                        c.name.value, image.value
                    ),
                )
                .with_label(image.span, "no such image");
                d = d.with_help(guess_or(
                    &image.value,
                    spec.images.keys().map(String::as_str),
                    "define it under `images` in containers.nix",
                ));
                diags.push(d);
            }
            Some(_) => {}
        }
    }
}

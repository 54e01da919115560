//! The live documents and the projection into them, at the path the delivery read path still names: each kind's
//! document and projection live with the kind in [`super::kinds`].
use super::kinds::Content;
pub use super::kinds::{Projection, alert::AlertDoc, menu::MenuDoc};

/// Projects `content` into `locale`, or `None` when it has no translation in that locale.
pub fn project(content: &Content, locale: &str) -> Option<Projection> {
    content.project(locale)
}

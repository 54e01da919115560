//! The content of web items, at the path code outside the kinds still names: the types live with their kinds in
//! [`super::kinds`] (the delivery read path and the job runner's wiring use these names).
pub use super::kinds::{Content, alert::AlertKind, menu::MenuItem};

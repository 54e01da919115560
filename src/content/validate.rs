//! Field checks shared by the content kinds; each error names the path of the field.
use std::collections::BTreeMap;

use super::blocks::{Block, validate_body};
use crate::{publishing::PublishingError, tenancy::Tenant};

/// A number within `min..=max`.
pub fn check_range(path: &str, value: u32, min: u32, max: u32) -> Result<(), PublishingError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(PublishingError::invalid(
            path,
            format!("must be between {min} and {max}"),
        ))
    }
}

/// Required text: not blank, at most `max` characters.
pub fn check_text(path: &str, value: &str, max: usize) -> Result<(), PublishingError> {
    if value.trim().is_empty() {
        return Err(PublishingError::invalid(path, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(PublishingError::invalid(
            path,
            format!("at most {max} characters"),
        ));
    }
    Ok(())
}

/// Optional text: when given, as [`check_text`].
pub fn check_opt_text(
    path: &str,
    value: &Option<String>,
    max: usize,
) -> Result<(), PublishingError> {
    match value {
        Some(v) => check_text(path, v, max),
        None => Ok(()),
    }
}

/// A URL path segment: 1 to 100 lowercase letters, digits and single hyphens.
pub fn check_slug(path: &str, slug: &str) -> Result<(), PublishingError> {
    let ok = (1..=100).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if ok {
        Ok(())
    } else {
        Err(PublishingError::invalid(
            path,
            "use 1 to 100 lowercase letters, digits and single hyphens",
        ))
    }
}

/// A link: `https://`, `http://`, `mailto:`, `tel:` or a path on the council's site.
pub fn check_url(path: &str, url: &str) -> Result<(), PublishingError> {
    let ok = url.len() <= 2000
        && !url.chars().any(char::is_whitespace)
        && (url.starts_with("https://")
            || url.starts_with("http://")
            || url.starts_with("mailto:")
            || url.starts_with("tel:")
            || (url.starts_with('/') && !url.starts_with("//")));
    if ok {
        Ok(())
    } else {
        Err(PublishingError::invalid(
            path,
            "give an https:// address, a mailto: or tel: link, or a path starting with /",
        ))
    }
}

/// A structured body: its blocks as [`validate_body`] checks them.
pub fn check_body(path: &str, blocks: &[Block]) -> Result<(), PublishingError> {
    validate_body(path, blocks).map_err(|e| PublishingError::invalid(e.path, e.message))
}

/// Translations: English required, and only locales the council has enabled.
pub fn check_locales<T>(
    path: &str,
    translations: &BTreeMap<String, T>,
    tenant: &Tenant,
) -> Result<(), PublishingError> {
    if !translations.contains_key("en") {
        return Err(PublishingError::invalid(
            format!("{path}.en"),
            "an English translation is required",
        ));
    }
    if let Some(other) = translations
        .keys()
        .find(|l| !tenant.locales().iter().any(|enabled| enabled == *l))
    {
        return Err(PublishingError::invalid(
            format!("{path}.{other}"),
            format!("the council does not publish in {other:?}"),
        ));
    }
    Ok(())
}

//! The `councils` table and the validated values a council is made of.
use sea_orm::entity::prelude::*;

use super::{Nation, TenancyError, is_supported_locale};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "councils")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub nation: String,
    pub gss_code: Option<String>,
    /// Comma-separated locale codes, `en` first.
    pub locales: String,
    /// The council's website (`https://www.example.gov.uk`), which content paths are relative to.
    pub website_url: Option<String>,
    /// Web origins allowed to call Townhall with a token for this council (CORS), comma-separated; empty for none.
    pub allowed_origins: String,
    /// The largest file the council's users may upload, when it differs from the platform's default.
    pub media_max_bytes: Option<i64>,
    /// Where the council's files are served from when a CDN stands in front of Townhall (`https://cdn.example.gov.uk`);
    /// none for Townhall's own address.
    pub media_base_url: Option<String>,
    /// How long a meeting lasts when its end is not recorded, for calendar feeds; none to leave the end out.
    pub meeting_minutes: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// A council's own row is the council's: [`super::scoped`] on it reads the council of the scope, and
/// [`super::versioned_update`] edits it with `If-Match`.
impl super::CouncilOwned for Entity {
    fn council_column() -> Column {
        Column::Id
    }
}

super::versioned!(self);

pub fn split_locales(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A URL-safe council slug: lowercase letters, digits and single hyphens, 2 to 63 characters.
pub fn validate_slug(slug: &str) -> Result<String, TenancyError> {
    let ok = (2..=63).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if ok {
        Ok(slug.to_owned())
    } else {
        Err(TenancyError::Validation {
            field: "slug",
            message: "use 2 to 63 lowercase letters, digits and single hyphens".into(),
        })
    }
}

pub fn validate_name(name: &str) -> Result<String, TenancyError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(TenancyError::Validation {
            field: "name",
            message: "give a name of 1 to 200 characters".into(),
        });
    }
    Ok(name.to_owned())
}

/// A GSS code as the ONS issues them: a nation letter and eight digits (e.g. `E06000023`).
pub fn validate_gss_code(code: &str) -> Result<Option<String>, TenancyError> {
    let code = code.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Ok(None);
    }
    let bytes = code.as_bytes();
    let ok = bytes.len() == 9
        && matches!(bytes[0], b'E' | b'W' | b'S' | b'N')
        && bytes[1..].iter().all(u8::is_ascii_digit);
    if ok {
        Ok(Some(code))
    } else {
        Err(TenancyError::Validation {
            field: "gss_code",
            message: "a GSS code is a letter E, W, S or N and eight digits".into(),
        })
    }
}

/// A website address: `https://` and a host, no path, query or trailing slash. Empty clears it.
pub fn validate_website_url(url: &str) -> Result<Option<String>, TenancyError> {
    let url = url.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(None);
    }
    let host = url.strip_prefix("https://").unwrap_or("");
    let ok = !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':');
    if ok {
        Ok(Some(url.to_ascii_lowercase()))
    } else {
        Err(TenancyError::Validation {
            field: "website_url",
            message:
                "give the site's https:// address without a path, e.g. https://www.example.gov.uk"
                    .into(),
        })
    }
}

/// A CDN address for the council's files: `http://` or `https://`, a host and an optional path, no query; the
/// CDN serves Townhall's `/media/...` and `/files/...` paths under it. Empty clears it.
pub fn validate_media_base_url(url: &str) -> Result<Option<String>, TenancyError> {
    let url = url.trim().trim_end_matches('/');
    if url.is_empty() {
        return Ok(None);
    }
    if url.len() <= 500 && crate::links::valid_public_url(url) {
        Ok(Some(url.to_owned()))
    } else {
        Err(TenancyError::Validation {
            field: "media_base_url",
            message: "give the CDN's https:// address, e.g. https://cdn.example.gov.uk/townhall"
                .into(),
        })
    }
}

/// Most minutes a default meeting length may be (a day).
pub const MAX_MEETING_MINUTES: i32 = 24 * 60;

/// A default meeting length: 1 minute to a day. Zero clears it.
pub fn validate_meeting_minutes(minutes: i32) -> Result<Option<i32>, TenancyError> {
    match minutes {
        0 => Ok(None),
        1..=MAX_MEETING_MINUTES => Ok(Some(minutes)),
        _ => Err(TenancyError::Validation {
            field: "meeting_minutes",
            message: format!("give minutes from 1 to {MAX_MEETING_MINUTES}, or 0 for none"),
        }),
    }
}

/// Most origins one council may list.
pub const MAX_ALLOWED_ORIGINS: usize = 20;

/// The origins a council allows (CORS for requests with a token): each an origin as [`crate::cors::parse_origin`]
/// reads it,
/// at most [`MAX_ALLOWED_ORIGINS`], repeats dropped. Stored comma-separated.
pub fn validate_allowed_origins(origins: &[String]) -> Result<String, TenancyError> {
    let mut valid: Vec<String> = Vec::new();
    for origin in origins {
        let Some(parsed) = crate::cors::parse_origin(origin) else {
            return Err(TenancyError::Validation {
                field: "allowed_origins",
                message: format!(
                    "{origin:?} is not a web origin; give the scheme, host and any port, without a path, e.g. \
                     https://www.example.gov.uk or http://localhost:3000"
                ),
            });
        };
        if !valid.contains(&parsed) {
            valid.push(parsed);
        }
    }
    if valid.len() > MAX_ALLOWED_ORIGINS {
        return Err(TenancyError::Validation {
            field: "allowed_origins",
            message: format!("list at most {MAX_ALLOWED_ORIGINS} origins"),
        });
    }
    Ok(valid.join(","))
}

/// Locales: known codes only, `en` always present and first, no repeats.
pub fn validate_locales(
    locales: Option<&[String]>,
    nation: Nation,
) -> Result<String, TenancyError> {
    let requested: Vec<String> = match locales {
        Some(list) => list.iter().map(|l| l.trim().to_ascii_lowercase()).collect(),
        None if nation == Nation::Wales => vec!["en".into(), "cy".into()],
        None => vec!["en".into()],
    };
    if let Some(bad) = requested.iter().find(|l| !is_supported_locale(l)) {
        return Err(TenancyError::Validation {
            field: "locales",
            message: format!("unsupported locale {bad:?}; use en and optionally cy"),
        });
    }
    if !requested.iter().any(|l| l == "en") {
        return Err(TenancyError::Validation {
            field: "locales",
            message: "en is always enabled".into(),
        });
    }
    let mut ordered: Vec<&str> = vec!["en"];
    if requested.iter().any(|l| l == "cy") {
        ordered.push("cy");
    }
    Ok(ordered.join(","))
}

pub fn parse_nation(value: &str) -> Result<Nation, TenancyError> {
    Nation::parse(value).ok_or_else(|| TenancyError::Validation {
        field: "nation",
        message: "use england, wales, scotland or northern_ireland".into(),
    })
}

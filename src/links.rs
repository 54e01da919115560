//! Absolute links to this server, for documents read away from it (feeds, calendars): Atom and iCalendar readers
//! need whole addresses. The base is `TOWNHALL_PUBLIC_URL` when set (behind a proxy, a CDN or TLS termination,
//! set it: the address readers use), else `http://` and the request's `Host`.
use std::sync::Arc;

use actix_web::{HttpRequest, http::header};

use crate::config::Settings;

/// This server's address as a request's readers reach it (see [`base`]), carried with the council being read so
/// that every URL in an answer can be whole: [`crate::tenancy::Tenant::reached_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(Arc<str>);

impl Base {
    /// The address for this request.
    pub fn of(settings: &Settings, req: &HttpRequest) -> Self {
        Self(base(settings, req).into())
    }

    /// The address without a request (background work), when `TOWNHALL_PUBLIC_URL` is set.
    pub fn configured(settings: &Settings) -> Option<Self> {
        settings
            .public_url
            .as_deref()
            .map(|url| Self(url.trim_end_matches('/').into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The address of this server as readers reach it, without a trailing slash.
pub fn base(settings: &Settings, req: &HttpRequest) -> String {
    if let Some(url) = &settings.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// `path` (starting with `/`) as an absolute address on this server.
pub fn absolute(settings: &Settings, req: &HttpRequest, path: &str) -> String {
    format!("{}{path}", base(settings, req))
}

/// Whether `url` can be the public address setting: `http://` or `https://`, a host, an optional port and path.
pub fn valid_public_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split('/').next().unwrap_or("");
        !host.is_empty() && !rest.contains(['?', '#', ' '])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_are_http_addresses_without_query() {
        assert!(valid_public_url("https://democracy.example.gov.uk"));
        assert!(valid_public_url("http://127.0.0.1:8080/townhall"));
        assert!(!valid_public_url("democracy.example.gov.uk"));
        assert!(!valid_public_url("https://"));
        assert!(!valid_public_url("https://x.gov.uk/?a=b"));
    }
}

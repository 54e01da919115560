//! Absolute links to this server, for documents read away from it (emails, feeds, calendars, media URLs, Open
//! Referral): readers need whole addresses. The base comes from configuration only, never from a request's
//! `Host`, `X-Forwarded-Host` or `X-Forwarded-Proto` (a forged header must not put another site's address in a
//! password reset email, nor make answers vary by host): `TOWNHALL_PUBLIC_URL` (required in production mode), or
//! else the address the server is bound to ([`bound_address`], filled in at start-up).
use std::{net::SocketAddr, sync::Arc};

use crate::config::Settings;

/// This server's address as readers reach it, carried with the council being read so that every URL in an
/// answer can be whole: [`crate::tenancy::Tenant::reached_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(Arc<str>);

impl Base {
    /// The configured address.
    pub fn of(settings: &Settings) -> Self {
        Self(base(settings).into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The address of this server as readers reach it, without a trailing slash.
pub fn base(settings: &Settings) -> String {
    settings
        .public_url
        .as_deref()
        .map_or("http://localhost", |url| url.trim_end_matches('/'))
        .to_owned()
}

/// `path` (starting with `/`) as an absolute address on this server.
pub fn absolute(settings: &Settings, path: &str) -> String {
    format!("{}{path}", base(settings))
}

/// The public address of a server bound to `addr` when none is configured: `http://` and the bound address, with
/// `localhost` for an unspecified one (`0.0.0.0`, `::`).
pub fn bound_address(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://localhost:{}", addr.port())
    } else {
        format!("http://{addr}")
    }
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

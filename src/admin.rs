//! Townhall Admin at `/admin/`: the web app editors use, built from `admin-ui/` into `admin-ui/dist/` and embedded
//! in the binary, so it needs no Node and no second server. It is a client of the REST management API like any
//! other: it has no private door. Every path under `/admin/` that is not a file is the app (it routes in the
//! browser). Served with a strict Content-Security-Policy: scripts and styles from this server only, no framing.
use std::sync::LazyLock;

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

use crate::preconditions::not_modified;

/// The built app. `EMBEDDED_PATHS` in the Dockerfile test lists this folder.
static DIST: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/admin-ui/dist");

/// What the app may load and where it may connect. Images may come from a council's CDN (`media_base_url`).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: blob: https:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Each file's strong ETag (the first 16 bytes of its SHA-256), computed once.
static ETAGS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    collect(&DIST, &mut out);
    out
});

fn collect(dir: &Dir<'_>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        let digest = Sha256::digest(file.contents());
        let tag: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        out.push((file.path().display().to_string(), format!("\"{tag}\"")));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// `/admin` and everything under it: a file of the app, or the app's page for the routes it handles itself.
pub async fn serve(req: HttpRequest, path: Option<web::Path<String>>) -> HttpResponse {
    let asked = path.map(web::Path::into_inner).unwrap_or_default();
    let (name, file) = match DIST.get_file(&asked).filter(|_| !asked.is_empty()) {
        Some(file) => (asked.as_str(), file),
        None => match DIST.get_file("index.html") {
            Some(file) => ("index.html", file),
            None => return HttpResponse::NotFound().finish(),
        },
    };
    // A file the app does not have, asked for with an extension, is missing rather than a route of the app.
    if name == "index.html" && asked.rsplit('/').next().unwrap_or("").contains('.') {
        return HttpResponse::NotFound()
            .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
            .body("Not found");
    }
    let etag = ETAGS
        .iter()
        .find(|(path, _)| path == name)
        .map(|(_, tag)| tag.clone())
        .unwrap_or_default();
    let unchanged = not_modified(&req, &etag);
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        // Revalidated on each load: an upgraded binary serves its own app at once.
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        .insert_header((header::X_FRAME_OPTIONS, "DENY"));
    if unchanged {
        return response.finish();
    }
    response
        .insert_header((header::CONTENT_TYPE, content_type(name)))
        .body(file.contents())
}

//! `POST /api/v1/councils/{council}/imports/moderngov/councillors-by-ward`: upload a ModernGov XML response.
use actix_web::{post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    calendar::{self, CalendarReport},
    import::{self, Counts, ImportReport, Mode},
    parse, records,
};
use crate::{
    auth::{CouncilAccess, DemocraticServicesRole},
    error::{ApiError, ErrorBody, ErrorCode},
    state::AppState,
};

/// `?dry_run=true`: a preview that answers the same report and writes nothing.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Answer what the import would do, and write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

impl ImportQuery {
    fn mode(&self) -> Mode {
        if self.dry_run {
            Mode::DryRun
        } else {
            Mode::Write
        }
    }
}

/// The body of an XML upload, refusing other content types and oversized or non-UTF-8 bodies.
async fn xml_body(req: &actix_web::HttpRequest, payload: web::Payload) -> Result<String, ApiError> {
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !(content_type.starts_with("application/xml") || content_type.starts_with("text/xml")) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the file as application/xml.",
        ));
    }
    let body = crate::body::read_limited(payload, MAX_XML_BYTES).await?;
    let xml = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::new(ErrorCode::ValidationFailed, "The file is not UTF-8 text."))?;
    check_xml_text(&xml)?;
    Ok(xml)
}

/// The first numeric character reference (`&#1;`, `&#x1B;`) to a character the text rule refuses, or to no
/// character at all: where it is and the code point.
fn forbidden_reference(text: &str) -> Option<(usize, u32)> {
    text.match_indices("&#").find_map(|(at, _)| {
        let rest = text.get(at + 2..)?;
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let number = digits.split(';').next()?;
        let code = u32::from_str_radix(number, radix).ok()?;
        match char::from_u32(code) {
            Some(c) if !crate::text::is_forbidden(c) => None,
            _ => Some((at, code)),
        }
    })
}

/// The text rule for an imported file: no control character, written as it is or as a character reference
/// (`&#1;`, also encoded twice, since ModernGov's text is decoded up to three times), anywhere in it. Refused
/// whole, naming the line.
fn check_xml_text(xml: &str) -> Result<(), ApiError> {
    let mut text = std::borrow::Cow::Borrowed(xml);
    for _ in 0..4 {
        let line = |at: usize| xml[..at.min(xml.len())].matches('\n').count() + 1;
        if let Some(at) = text.find(crate::text::is_forbidden) {
            let reason = crate::text::problem(&text[at..], true).unwrap_or_default();
            return Err(ApiError::validation(
                "body",
                format!("line {} of the file {reason}", line(at)),
            ));
        }
        if let Some((at, code)) = forbidden_reference(&text) {
            return Err(ApiError::validation(
                "body",
                format!(
                    "line {} of the file holds a character reference to U+{code:04X}, a control character \
                     or noncharacter, which is not allowed in text",
                    line(at)
                ),
            ));
        }
        let decoded = html_escape::decode_html_entities(&text).into_owned();
        if decoded == text {
            break;
        }
        text = std::borrow::Cow::Owned(decoded);
    }
    Ok(())
}

/// Import committees from a `GetCommittees` response (matched by committeeid; all or nothing). With
/// `dry_run=true`, answers what it would do and writes nothing.
#[utoipa::path(
    tag = "imports",
    params(("council" = String, Path, description = "Council slug"), ImportQuery),
    request_body(content = String, content_type = "application/xml", description = "The XML returned by mgWebService.asmx/GetCommittees"),
    responses(
        (status = 200, body = CalendarReport),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/imports/moderngov/committees")]
pub async fn import_committees(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    query: web::Query<ImportQuery>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<CalendarReport>, ApiError> {
    let xml = xml_body(&req, payload).await?;
    let parsed = records::parse_committees(&xml)?;
    let report = calendar::import_committees(
        &access.tenant,
        &state.db,
        parsed,
        access.principal.user_id(),
        query.mode(),
    )
    .await?;
    let counts = [&report.committees, &report.meetings];
    audit_import(&state, &access, &query, "moderngov_committees", &counts).await;
    Ok(web::Json(report))
}

/// Import meetings from a `GetMeetings` response (matched by meetingid; times are London times; all or nothing).
/// With `dry_run=true`, answers what it would do and writes nothing.
#[utoipa::path(
    tag = "imports",
    params(("council" = String, Path, description = "Council slug"), ImportQuery),
    request_body(content = String, content_type = "application/xml", description = "The XML returned by mgWebService.asmx/GetMeetings"),
    responses(
        (status = 200, body = CalendarReport),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/imports/moderngov/meetings")]
pub async fn import_meetings(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    query: web::Query<ImportQuery>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<CalendarReport>, ApiError> {
    let xml = xml_body(&req, payload).await?;
    let parsed = records::parse_meetings(&xml)?;
    let report = calendar::import_meetings(
        &access.tenant,
        &state.db,
        parsed,
        access.principal.user_id(),
        query.mode(),
    )
    .await?;
    let counts = [&report.committees, &report.meetings];
    audit_import(&state, &access, &query, "moderngov_meetings", &counts).await;
    Ok(web::Json(report))
}

/// An import that wrote (not a dry run) goes in the audit log: one entry per run, with its counts over every
/// kind of record it touched.
async fn audit_import(
    state: &AppState,
    access: &CouncilAccess<DemocraticServicesRole>,
    query: &ImportQuery,
    what: &str,
    counts: &[&Counts],
) {
    if query.dry_run {
        return;
    }
    let (created, updated, unchanged) = counts.iter().fold((0, 0, 0), |(c, u, n), k| {
        (c + k.created, u + k.updated, n + k.unchanged)
    });
    let event = crate::audit::Event::new(Some(access.tenant.id()), "import.completed").detail(
        format!("source={what} created={created} updated={updated} unchanged={unchanged}"),
    );
    crate::audit::record(&state.db, event).await;
}

/// Largest XML file accepted (the biggest real councils' responses are well under 1 MiB).
pub const MAX_XML_BYTES: usize = 10 * 1024 * 1024;

/// Import wards, parties, councillors and terms of office from a `GetCouncillorsByWard` response.
/// All or nothing: a file that cannot be imported writes nothing. Importing the same file again changes nothing.
/// With `dry_run=true`, answers what it would do and writes nothing (a preview).
#[utoipa::path(
    tag = "imports",
    params(("council" = String, Path, description = "Council slug"), ImportQuery),
    request_body(content = String, content_type = "application/xml", description = "The XML returned by mgWebService.asmx/GetCouncillorsByWard"),
    responses(
        (status = 200, description = "Imported", body = ImportReport),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, description = "Not a usable GetCouncillorsByWard response; nothing was written", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/imports/moderngov/councillors-by-ward")]
pub async fn import_councillors_by_ward(
    state: web::Data<AppState>,
    access: CouncilAccess<DemocraticServicesRole>,
    query: web::Query<ImportQuery>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<ImportReport>, ApiError> {
    let text = xml_body(&req, payload).await?;
    let wards = parse::parse_councillors_by_ward(&text)?;
    let report = import::import_councillors_by_ward(
        &access.tenant,
        &state.db,
        wards,
        access.principal.user_id(),
        query.mode(),
    )
    .await?;
    let counts = [
        &report.wards,
        &report.parties,
        &report.councillors,
        &report.seats,
    ];
    audit_import(
        &state,
        &access,
        &query,
        "moderngov_councillors_by_ward",
        &counts,
    )
    .await;
    Ok(web::Json(report))
}

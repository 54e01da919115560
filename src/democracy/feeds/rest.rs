//! `/feeds/{council}/decisions.atom` and `/feeds/{council}/meetings.ics` (also per committee and per ward).
//! Public: only published decisions, live meetings, and published agendas count.
use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Months;
use uuid::Uuid;

use crate::{
    democracy::{
        DemocracyError, agenda, committees, decisions,
        meetings::{
            model::{self as meeting, MeetingStatus},
            store::{self as meetings, MeetingFilter},
        },
    },
    error::ApiError,
    formats::{atom, ical},
    links,
    preconditions::cacheable_document,
    state::AppState,
    tenancy::{self, Tenant},
};

/// How many decisions the Atom feed carries.
const FEED_DECISIONS: u64 = 50;
/// Most meetings in one calendar.
const FEED_MEETINGS: u64 = 500;

async fn tenant(state: &AppState, council: &str) -> Result<Tenant, ApiError> {
    Ok(tenancy::store::resolve(&state.db, &state.clock, council)
        .await?
        .reached_at(&links::Base::of(&state.settings)))
}

/// How long a CDN or reader may keep a feed.
const FEED_CACHE: &str = "public, max-age=300";

pub async fn decisions_atom(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let council = path.into_inner();
    let tenant = tenant(&state, &council).await?;
    let name = tenancy::store::get(&tenant, &state.db).await?.name;
    let rows = decisions::store::recently_published(&tenant, &state.db, FEED_DECISIONS).await?;
    let papers = decision_papers(&state, &tenant, &rows).await?;
    let entries: Vec<atom::Entry> = rows
        .into_iter()
        .map(|d| {
            // The paper the decision was made on, else the council's website.
            let link = d
                .agenda_item_id
                .and_then(|item| papers.get(&item))
                .map(|paper| agenda::rest::document_url(&tenant, paper))
                .or_else(|| tenant.website_url().map(str::to_owned));
            let mut content = d.decision_text.clone();
            if let Some(reasons) = &d.reasons {
                content += &format!("\n\nReasons: {reasons}");
            }
            atom::Entry {
                id: format!("urn:uuid:{}", d.id),
                title: d.title,
                updated: d.updated_at,
                published: d.published_at,
                summary: Some(format!(
                    "{} on {}{}",
                    d.decision_maker,
                    d.date_made.format("%-d %B %Y"),
                    if d.key_decision {
                        " (key decision)"
                    } else {
                        ""
                    }
                )),
                content,
                link,
            }
        })
        .collect();
    let updated = entries.iter().map(|e| e.updated).max();
    let body = atom::feed(
        &format!("urn:townhall:{}:decisions", tenant.id()),
        &format!("Decisions: {name}"),
        &tenant.server_url(&format!("/feeds/{council}/decisions.atom")),
        &entries,
    );
    Ok(cacheable_document(
        &req,
        "application/atom+xml; charset=utf-8",
        FEED_CACHE,
        updated,
        body.into_bytes(),
    ))
}

/// For the agenda items decisions were made on: the public paper a reader would want, by item: the decision
/// notice, else the report, else any other paper the public may see (never a restricted or exempt one).
async fn decision_papers(
    state: &AppState,
    tenant: &Tenant,
    decisions: &[decisions::model::decision::Model],
) -> Result<HashMap<Uuid, agenda::model::document::Model>, DemocracyError> {
    use agenda::model::DocumentKind;
    let item_ids: Vec<Uuid> = decisions.iter().filter_map(|d| d.agenda_item_id).collect();
    if item_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let decided = agenda::store::items_by_ids(tenant, &state.db, item_ids).await?;
    let meeting_ids: Vec<Uuid> = decided.iter().map(|i| i.meeting_id).collect();
    let meetings = meetings::live_by_ids(tenant, &state.db, &meeting_ids).await?;
    let items = agenda::store::items_of(tenant, &state.db, meeting_ids.clone()).await?;
    let docs = agenda::store::documents_of(tenant, &state.db, meeting_ids).await?;
    let rank = |doc: &agenda::model::document::Model| match DocumentKind::parse(&doc.kind) {
        Some(DocumentKind::DecisionNotice) => 0,
        Some(DocumentKind::Report) => 1,
        _ => 2,
    };
    let mut best = HashMap::new();
    for item in &decided {
        let Some(meeting) = meetings.iter().find(|m| m.id == item.meeting_id) else {
            continue;
        };
        let its_items: Vec<_> = items
            .iter()
            .filter(|i| i.meeting_id == meeting.id)
            .cloned()
            .collect();
        let paper = docs
            .iter()
            .filter(|d| d.agenda_item_id == Some(item.id))
            .filter(|d| agenda::public::document_visible(meeting, &its_items, d))
            .min_by_key(|d| rank(d));
        if let Some(paper) = paper {
            best.insert(item.id, paper.clone());
        }
    }
    Ok(best)
}

/// Which meetings a calendar holds.
enum Scope {
    Council,
    Committee(Uuid),
    Ward(Uuid),
}

async fn calendar(
    state: &AppState,
    req: &HttpRequest,
    council: &str,
    scope: Scope,
) -> Result<HttpResponse, ApiError> {
    let tenant = tenant(state, council).await?;
    let council = tenancy::store::get(&tenant, &state.db).await?.name;
    let council = council.as_str();
    let today = tenant.today();
    let mut filter = MeetingFilter {
        from: today.checked_sub_months(Months::new(3)),
        to: today.checked_add_months(Months::new(12)),
        ..MeetingFilter::default()
    };
    let mut name = format!("Meetings: {council}");
    match scope {
        Scope::Council => {}
        Scope::Committee(id) => {
            let committee = committees::store::get(&tenant, &state.db, id, false).await?;
            name = format!("{}: {council}", committee.name);
            filter.committee = Some(id);
        }
        Scope::Ward(id) => {
            let ward = crate::democracy::people::store::get_ward(&tenant, &state.db, id).await?;
            name = format!("Meetings affecting {}: {council}", ward.name);
        }
    }
    let mut rows = meetings::list(&tenant, &state.db, &filter, FEED_MEETINGS, None).await?;
    rows.truncate(FEED_MEETINGS as usize);
    if let Scope::Ward(ward) = scope {
        rows = affecting_ward(&tenant, state, rows, ward).await?;
    }
    let ids: Vec<Uuid> = rows.iter().map(|m| m.committee_id).collect();
    let committees = committees::store::by_ids(&tenant, &state.db, ids).await?;
    let events: Vec<ical::Event> = rows
        .into_iter()
        .map(|m| {
            let committee = committees
                .iter()
                .find(|c| c.id == m.committee_id)
                .map(|c| c.name.clone());
            event(&tenant, m, committee.unwrap_or_else(|| "Meeting".into()))
        })
        .collect();
    let updated = events.iter().map(|e| e.last_modified).max();
    let body = ical::calendar(&name, "-//Townhall//Council meetings//EN", &events);
    Ok(cacheable_document(
        req,
        "text/calendar; charset=utf-8",
        FEED_CACHE,
        updated,
        body.into_bytes(),
    ))
}

/// Meetings whose published agenda has an item for the ward (or for all wards).
async fn affecting_ward(
    tenant: &Tenant,
    state: &AppState,
    rows: Vec<meeting::Model>,
    ward: Uuid,
) -> Result<Vec<meeting::Model>, DemocracyError> {
    let ids: Vec<Uuid> = rows.iter().map(|m| m.id).collect();
    let items = agenda::store::items_of(tenant, &state.db, ids).await?;
    Ok(rows
        .into_iter()
        .filter(|m| {
            let mine: Vec<_> = items
                .iter()
                .filter(|i| i.meeting_id == m.id)
                .cloned()
                .collect();
            agenda::public::items(m, mine).iter().any(|i| {
                i.ward_ids.is_empty() || agenda::store::parse_wards(&i.ward_ids).contains(&ward)
            })
        })
        .collect())
}

fn event(tenant: &Tenant, m: meeting::Model, committee: String) -> ical::Event {
    let status = match MeetingStatus::parse(&m.status) {
        MeetingStatus::Cancelled => ical::EventStatus::Cancelled,
        MeetingStatus::Scheduled => ical::EventStatus::Tentative,
        _ => ical::EventStatus::Confirmed,
    };
    ical::Event {
        uid: format!("{}@{}.townhall", m.id, tenant.slug()),
        summary: committee,
        description: m.webcast_url.as_ref().map(|u| format!("Webcast: {u}")),
        location: m.venue,
        url: m.webcast_url,
        start: m.starts_at,
        // The recorded end, else the council's usual meeting length, else none (no end is invented).
        end: m.ends_at.or_else(|| {
            tenant
                .meeting_minutes()
                .map(|minutes| m.starts_at + chrono::Duration::minutes(i64::from(minutes)))
        }),
        all_day: false,
        status,
        last_modified: m.updated_at.min(tenant.now()),
        sequence: m.version.max(0) as u32,
    }
}

pub async fn council_meetings(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    calendar(&state, &req, &path.into_inner(), Scope::Council).await
}

pub async fn committee_meetings(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (council, id) = path.into_inner();
    calendar(&state, &req, &council, Scope::Committee(id)).await
}

pub async fn ward_meetings(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (council, id) = path.into_inner();
    calendar(&state, &req, &council, Scope::Ward(id)).await
}

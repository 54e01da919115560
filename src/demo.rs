//! `townhall seed-demo`: realistic demonstration data (real ModernGov councillors, generated committees, meetings
//! and agendas), used to try the APIs and as the data set of the benchmark in `BENCHMARKS.md`.
pub mod councils;

use std::path::Path;

use chrono::{Duration, NaiveDate};
use sea_orm::DatabaseConnection;

use crate::{
    democracy::{
        agenda::store::{ItemFields, create_item},
        committees::{model::CommitteeKind, store as committees},
        meetings::{
            model::MeetingStatus,
            store::{self as meetings, MeetingFields},
        },
        moderngov::{import, parse},
    },
    tenancy::{self, Nation, model as council_model, store::NewCouncil},
};

const COMMITTEES: [(&str, CommitteeKind); 6] = [
    ("Full Council", CommitteeKind::FullCouncil),
    ("Cabinet", CommitteeKind::Executive),
    ("Planning Committee", CommitteeKind::Committee),
    ("Licensing Committee", CommitteeKind::Committee),
    ("Overview and Scrutiny", CommitteeKind::Scrutiny),
    ("Audit and Governance", CommitteeKind::Committee),
];

/// Seeds up to `councils` councils and returns a one-line summary.
pub async fn seed(
    db: &DatabaseConnection,
    clock: &crate::clock::Clock,
    dir: &Path,
    councils: usize,
    meetings_each: usize,
) -> anyhow::Result<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let (mut made, mut councillors, mut meetings_made, mut content_made) = (0, 0, 0, 0);
    for file in files {
        if made >= councils {
            break;
        }
        let Ok(xml) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(wards) = parse::parse_councillors_by_ward(&xml) else {
            continue;
        };
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug: String = stem
            .split('.')
            .next()
            .unwrap_or("council")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let slug = council_model::validate_slug(&format!("demo-{slug}"))?;
        let nation =
            if slug.contains("cardiff") || slug.contains("wrexham") || slug.contains("torfaen") {
                Nation::Wales
            } else {
                Nation::England
            };
        let council = tenancy::store::create(
            db,
            clock,
            NewCouncil {
                slug: slug.clone(),
                name: format!("{stem} (demo)"),
                nation,
                gss_code: None,
                locales: council_model::validate_locales(None, nation)?,
                website_url: None,
                allowed_origins: String::new(),
                media_base_url: None,
                meeting_minutes: None,
            },
        )
        .await?;
        let tenant = tenancy::store::resolve(db, clock, &council.slug).await?;
        councillors += wards.iter().map(|w| w.councillors.len()).sum::<usize>();
        import::import_councillors_by_ward(&tenant, db, wards, None, import::Mode::Write).await?;
        let mut committee_ids = Vec::new();
        for (name, kind) in COMMITTEES {
            let c = committees::create(
                &tenant,
                db,
                committees::CommitteeFields {
                    name: name.into(),
                    kind,
                    parent_id: None,
                    purpose: None,
                },
            )
            .await?;
            committee_ids.push(c.id);
        }
        let start = NaiveDate::from_ymd_opt(2026, 1, 5)
            .and_then(|d| d.and_hms_opt(18, 0, 0))
            .unwrap_or_default()
            .and_utc();
        for i in 0..meetings_each {
            let starts_at = start + Duration::days((i as i64) * 3);
            let meeting = meetings::create(
                &tenant,
                db,
                MeetingFields {
                    committee_id: committee_ids[i % committee_ids.len()],
                    starts_at,
                    ends_at: Some(starts_at + Duration::hours(2)),
                    venue: Some("Council Chamber".into()),
                    status: if starts_at < tenant.now() {
                        MeetingStatus::Held
                    } else {
                        MeetingStatus::Scheduled
                    },
                    webcast_url: None,
                },
            )
            .await?;
            for n in 1..=5 {
                create_item(
                    &tenant,
                    db,
                    meeting.id,
                    ItemFields {
                        parent_id: None,
                        position: n,
                        order_label: n.to_string(),
                        title: format!("Item {n}"),
                        description: Some("Report of the Director.".into()),
                        exempt_paragraph: (n == 5).then_some(3),
                        key_decision: n == 3,
                        ward_ids: Vec::new(),
                        minutes: None,
                        resolution: None,
                    },
                )
                .await?;
            }
            if starts_at < tenant.now() {
                let rules = crate::democracy::deadlines::settings::rules_for(&tenant, db).await?;
                meetings::publish_agenda(
                    &tenant,
                    db,
                    &rules,
                    meeting.id,
                    None,
                    Some("Seeded demonstration data".into()),
                )
                .await?;
            }
            meetings_made += 1;
        }
        // A directory big enough that "near a point" has most of it to leave out (see BENCHMARKS.md).
        let directory = crate::content::demo::DemoDirectory {
            centre: (51.4816, -3.1791),
            entries: 300,
        };
        content_made += crate::content::demo::seed(&tenant, db, 10, directory).await?;
        made += 1;
    }
    Ok(format!(
        "seeded {made} councils, {councillors} councillors, {meetings_made} meetings, {content_made} web content items"
    ))
}

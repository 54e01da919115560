//! `townhall demo`: two real councils to try Townhall with, from data shipped in the binary (`assets/demo/`):
//! Cardiff (Wales, English and Welsh) and Southwark (England), with their real councillors, generated
//! committees, web content, and meetings from three months ago to six months ahead whose statuses and papers
//! match their dates: past meetings held, with agendas published before them and minutes after; upcoming ones
//! scheduled, the next few with agendas already out, some due this week, the rest still to come.
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sea_orm::DatabaseConnection;
use secrecy::SecretString;

use crate::{
    auth::{self, Role, password},
    calendar::london,
    democracy::{
        agenda::store::{ItemFields, create_item},
        committees::{model::CommitteeKind, store as committees},
        deadlines::settings::rules_for,
        decisions::{
            model::CallInStatus,
            store::{self as decisions, DecisionFields},
        },
        meetings::{
            model::MeetingStatus,
            store::{self as meetings, MeetingFields},
        },
        moderngov::{import, parse},
    },
    tenancy::{self, Nation, model as council_model, store::NewCouncil},
};

/// The demo editor's sign-in. A demo database is for trying Townhall, never for real data; `townhall demo`
/// refuses to run in production mode.
pub const EDITOR_EMAIL: &str = "editor@demo.townhall.test";
pub const EDITOR_PASSWORD: &str = "townhall demo editor";
/// A democratic services officer of both demo councils, to try the desk.
pub const OFFICER_EMAIL: &str = "officer@demo.townhall.test";
pub const OFFICER_PASSWORD: &str = "townhall demo officer";

/// Origins a front-end in development usually runs on, allowed to preview with a token.
const DEV_ORIGINS: &str = "http://localhost:3000,http://localhost:5173,http://localhost:8000";

/// How long the demo councils' meetings last in their calendar feeds (their meetings record no end).
const DEMO_MEETING_MINUTES: i32 = 150;

struct DemoCouncil {
    slug: &'static str,
    name: &'static str,
    nation: Nation,
    gss_code: &'static str,
    website: &'static str,
    councillors: &'static str,
    /// The middle of its area (WGS 84), where its demonstration directory's places are.
    centre: (f64, f64),
}

const COUNCILS: [DemoCouncil; 2] = [
    DemoCouncil {
        slug: "cardiff",
        name: "Cardiff Council",
        nation: Nation::Wales,
        gss_code: "W06000015",
        website: "https://www.cardiff.gov.uk",
        councillors: include_str!("../../assets/demo/cardiff.co.uk.xml"),
        centre: (51.4816, -3.1791),
    },
    DemoCouncil {
        slug: "southwark",
        name: "Southwark Council",
        nation: Nation::England,
        gss_code: "E09000028",
        website: "https://www.southwark.gov.uk",
        councillors: include_str!("../../assets/demo/southwark.gov.uk.xml"),
        centre: (51.5030, -0.0900),
    },
];

/// Committees, with the business a meeting of each typically has.
const COMMITTEES: [(&str, CommitteeKind, &str); 5] = [
    (
        "Full Council",
        CommitteeKind::FullCouncil,
        "Council tax and budget setting",
    ),
    (
        "Cabinet",
        CommitteeKind::Executive,
        "Budget monitoring report",
    ),
    (
        "Planning Committee",
        CommitteeKind::Committee,
        "Planning application: 12 High Street, change of use to flats",
    ),
    (
        "Licensing Committee",
        CommitteeKind::Committee,
        "Review of the statement of licensing policy",
    ),
    (
        "Overview and Scrutiny Committee",
        CommitteeKind::Scrutiny,
        "Call-in of the Cabinet decision on waste collection",
    ),
];

/// What the demo made.
#[derive(Debug, Default)]
pub struct Seeded {
    pub councils: Vec<String>,
    pub councillors: usize,
    pub meetings: usize,
    pub held: usize,
    pub upcoming_with_agenda: usize,
    pub agendas_due_this_week: usize,
    /// Published decisions, one for each held meeting's main business.
    pub decisions: usize,
    pub content_items: usize,
}

/// Seeds the demo councils unless they are there already (`Ok(None)`).
pub async fn seed(
    db: &DatabaseConnection,
    clock: &crate::clock::Clock,
) -> anyhow::Result<Option<Seeded>> {
    if tenancy::store::resolve(db, clock, COUNCILS[0].slug)
        .await
        .is_ok()
    {
        return Ok(None);
    }
    let mut seeded = Seeded::default();
    let hash = password::hash_password(
        password::HashCost::OWASP,
        SecretString::from(EDITOR_PASSWORD.to_owned()),
    )
    .await?;
    let editor = match auth::store::find_user_by_email(db, EDITOR_EMAIL).await? {
        Some(user) => user,
        None => {
            auth::store::create_user(db, EDITOR_EMAIL, "Demo Editor", hash, false, clock.now())
                .await?
        }
    };
    let hash = password::hash_password(
        password::HashCost::OWASP,
        SecretString::from(OFFICER_PASSWORD.to_owned()),
    )
    .await?;
    let officer = match auth::store::find_user_by_email(db, OFFICER_EMAIL).await? {
        Some(user) => user,
        None => {
            auth::store::create_user(db, OFFICER_EMAIL, "Demo Officer", hash, false, clock.now())
                .await?
        }
    };
    for council in &COUNCILS {
        let row = tenancy::store::create(
            db,
            clock,
            NewCouncil {
                slug: council.slug.into(),
                name: council.name.into(),
                nation: council.nation,
                gss_code: Some(council.gss_code.into()),
                locales: council_model::validate_locales(None, council.nation)?,
                website_url: Some(council.website.into()),
                allowed_origins: DEV_ORIGINS.into(),
                media_base_url: None,
                meeting_minutes: Some(DEMO_MEETING_MINUTES),
            },
        )
        .await?;
        let tenant = tenancy::store::resolve(db, clock, &row.slug).await?;
        auth::store::add_member(&tenant, db, editor.id, Role::Editor).await?;
        auth::store::add_member(&tenant, db, officer.id, Role::DemocraticServices).await?;
        let wards = parse::parse_councillors_by_ward(council.councillors)?;
        seeded.councillors += wards.iter().map(|w| w.councillors.len()).sum::<usize>();
        import::import_councillors_by_ward(&tenant, db, wards, None, import::Mode::Write).await?;
        meetings_of(&tenant, db, &mut seeded).await?;
        let directory = crate::content::demo::DemoDirectory {
            centre: council.centre,
            entries: 12,
        };
        seeded.content_items += crate::content::demo::seed(&tenant, db, 5, directory).await?;
        seeded
            .councils
            .push(format!("{} ({})", council.name, council.slug));
    }
    Ok(Some(seeded))
}

/// The next weekday (Monday to Thursday, when committees meet) on or after `date`.
fn meeting_day(mut date: NaiveDate) -> NaiveDate {
    while matches!(date.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun) {
        date += Duration::days(1);
    }
    date
}

async fn meetings_of(
    tenant: &tenancy::Tenant,
    db: &DatabaseConnection,
    seeded: &mut Seeded,
) -> anyhow::Result<()> {
    let mut committee_ids = Vec::new();
    for (name, kind, _) in COMMITTEES {
        let c = committees::create(
            tenant,
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
    let rules = rules_for(tenant, db).await?;
    let today = tenant.today();
    let now = tenant.now();
    let week_end = today + Duration::days(7);
    let mut day = today - Duration::days(91);
    let mut n = 0usize;
    while day <= today + Duration::days(183) {
        let date = meeting_day(day);
        day = date + Duration::days(2);
        let (name, _, business) = COMMITTEES[n % COMMITTEES.len()];
        let committee_id = committee_ids[n % COMMITTEES.len()];
        n += 1;
        let starts_at =
            london::parse_time(&format!("{date}T18:00:00")).map_err(|e| anyhow::anyhow!("{e}"))?;
        let held = starts_at < now;
        let meeting = meetings::create(
            tenant,
            db,
            MeetingFields {
                committee_id,
                starts_at,
                // A held meeting's end is known; an upcoming one's is not invented.
                ends_at: held.then(|| starts_at + Duration::minutes(105)),
                venue: Some(if name == "Full Council" {
                    "Council Chamber".into()
                } else {
                    "Committee Room 1".into()
                }),
                status: if held {
                    MeetingStatus::Held
                } else {
                    MeetingStatus::Scheduled
                },
                webcast_url: None,
            },
        )
        .await?;
        let items = [
            ("Apologies for absence", None, false),
            ("Declarations of interest", None, false),
            ("Minutes of the previous meeting", None, false),
            (business, Some("Report of the Director."), name == "Cabinet"),
        ];
        for (position, (title, description, key_decision)) in items.into_iter().enumerate() {
            let item = create_item(
                tenant,
                db,
                meeting.id,
                ItemFields {
                    parent_id: None,
                    position: position as i32 + 1,
                    order_label: (position + 1).to_string(),
                    title: title.into(),
                    description: description.map(Into::into),
                    exempt_paragraph: None,
                    key_decision,
                    ward_ids: Vec::new(),
                    minutes: held.then(|| "Members considered the item.".into()),
                    resolution: (held && description.is_some())
                        .then(|| "That the recommendations in the report be agreed.".into()),
                },
            )
            .await?;
            // The main business of a held meeting ends in a decision, published for call-in.
            if held && description.is_some() {
                let decision = decisions::create(
                    tenant,
                    db,
                    DecisionFields {
                        title: title.into(),
                        decision_maker: name.into(),
                        committee_id: Some(committee_id),
                        date_made: date,
                        key_decision,
                        decision_text: "That the recommendations in the report be agreed.".into(),
                        reasons: Some("As set out in the report of the Director.".into()),
                        alternatives: None,
                        interests_declared: None,
                        agenda_item_id: Some(item.id),
                        forward_plan_entry_id: None,
                        call_in_status: CallInStatus::Open,
                    },
                )
                .await?;
                decisions::publish(tenant, db, &rules, decision.id, None).await?;
                seeded.decisions += 1;
            }
        }
        // The agenda goes out the day before it is due; minutes ten days after the meeting.
        let due = rules.agenda_due_by(date);
        let agenda_at = due
            .map(|d| london::start_of(d) - Duration::hours(6))
            .filter(|at| *at <= now);
        let minutes_at = Some(starts_at + Duration::days(10)).filter(|at| held && *at <= now);
        if agenda_at.is_some() || minutes_at.is_some() {
            meetings::record_past_publication(tenant, db, meeting.id, agenda_at, minutes_at)
                .await?;
        }
        seeded.meetings += 1;
        if held {
            seeded.held += 1;
        } else if agenda_at.is_some() {
            seeded.upcoming_with_agenda += 1;
        } else if due.is_some_and(|d| d >= today && d <= week_end) {
            seeded.agendas_due_this_week += 1;
        }
    }
    Ok(())
}

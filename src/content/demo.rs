//! Demonstration web content for `townhall seed-demo` (and the benchmark): topics, a tree of pages, services with
//! LGSL codes, news, an alert, a main menu, a directory of places with facets and opening hours spread around the
//! council's centre, events (weekly, monthly and all-day) and a guide, all published through the same functions
//! editors use.
use chrono::Duration;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use uuid::Uuid;

use super::kinds::Content;
use crate::{
    publishing::{
        Action,
        store::{self, Actor},
    },
    tenancy::Tenant,
};

const TOPICS: [&str; 5] = [
    "Bins and recycling",
    "Council tax",
    "Parking",
    "Housing",
    "Planning",
];
/// (title, LGSL code) of demonstration services.
const SERVICES: [(&str, u32); 10] = [
    ("Report a missed bin", 524),
    ("Order a new bin", 1152),
    ("Pay your council tax", 838),
    ("Apply for a parking permit", 1080),
    ("Pay a parking fine", 1101),
    ("Apply for housing", 8),
    ("Report a housing repair", 1136),
    ("Comment on a planning application", 1),
    ("Apply for planning permission", 2),
    ("Book a bulky waste collection", 1152),
];

fn slugify(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn body(title: &str) -> Value {
    json!([
        {"type": "heading", "level": 2, "text": format!("About {title}")},
        {"type": "paragraph", "content": [{"text": "Find out what you need to know about "}, {"text": title.to_lowercase(), "bold": true}, {"text": "."}]},
        {"type": "list", "style": "unordered", "items": [[{"text": "Check what you need"}], [{"text": "Apply online", "link": "/services"}]]},
        {"type": "callout", "style": "info", "content": [{"text": "You can also phone us."}]}
    ])
}

async fn publish(
    tenant: &Tenant,
    db: &DatabaseConnection,
    value: Value,
    kind: crate::content::kinds::ContentKind,
) -> anyhow::Result<Uuid> {
    let content = Content::parse(kind, value, tenant)?;
    let item = store::create(tenant, db, content, None, Actor(None)).await?;
    let item = store::transition::<Content>(
        tenant,
        db,
        kind,
        item.id,
        item.version,
        Action::Publish,
        None,
        Actor(None),
    )
    .await?;
    Ok(item.id)
}

/// Where a council's demonstration directory is: its centre (WGS 84) and how many entries it has.
#[derive(Debug, Clone, Copy)]
pub struct DemoDirectory {
    pub centre: (f64, f64),
    pub entries: usize,
}

/// Kinds of places in the demonstration directory, with the facilities they have.
const PLACES: [(&str, &[&str]); 5] = [
    ("Library", &["wifi", "study-space", "toilets"]),
    ("Community centre", &["wifi", "cafe", "toilets"]),
    ("Family hub", &["baby-change", "toilets"]),
    ("Leisure centre", &["cafe", "toilets", "parking"]),
    ("Customer service point", &["wifi"]),
];

/// A directory of places around `centre`, with facets and opening hours; returns the number of items published and
/// the first place.
async fn seed_directory(
    tenant: &Tenant,
    db: &DatabaseConnection,
    plan: DemoDirectory,
) -> anyhow::Result<(usize, Option<Uuid>)> {
    use crate::content::kinds::ContentKind::*;
    let facilities = [
        ("wifi", "Free wifi", "Wifi am ddim"),
        ("cafe", "Café", "Caffi"),
        ("study-space", "Study space", "Lle astudio"),
        ("toilets", "Accessible toilets", "Toiledau hygyrch"),
        ("baby-change", "Baby changing", "Newid cewynnau"),
        ("parking", "Parking", "Parcio"),
    ];
    let kinds: Vec<Value> = PLACES
        .iter()
        .map(|(name, _)| json!({"key": slugify(name), "names": {"en": name}}))
        .collect();
    let values: Vec<Value> = facilities
        .iter()
        .map(|(key, en, cy)| json!({"key": key, "names": {"en": en, "cy": cy}}))
        .collect();
    let channel = publish(
        tenant,
        db,
        json!({
            "facet_groups": [
                {"key": "kind", "names": {"en": "Kind of place", "cy": "Math o le"}, "values": kinds},
                {"key": "facilities", "names": {"en": "Facilities", "cy": "Cyfleusterau"}, "values": values}
            ],
            "translations": {"en": {"title": "Find a place near you", "slug": "places", "summary": "Libraries, community centres, family hubs and leisure centres."}}
        }),
        Directory,
    )
    .await?;
    let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    let mut first = None;
    for n in 0..plan.entries {
        // Spread on a spiral out to about 10 km, deterministic so that benchmarks compare like with like.
        let turn = n as f64 * 2.399_963;
        let metres = 10_000.0 * ((n as f64 + 0.5) / plan.entries.max(1) as f64).sqrt();
        let lat = plan.centre.0 + metres * turn.cos() / 111_195.0;
        let lon =
            plan.centre.1 + metres * turn.sin() / (111_195.0 * plan.centre.0.to_radians().cos());
        let (kind, has) = PLACES[n % PLACES.len()];
        let title = format!("{kind} {}", n + 1);
        let closes = if n % 3 == 0 { "20:00" } else { "17:00" };
        let mut weekly: Vec<Value> = weekdays
            .iter()
            .map(|d| json!({"day": d, "opens": "09:00", "closes": closes}))
            .collect();
        if n % 2 == 0 {
            weekly.push(json!({"day": "saturday", "opens": "10:00", "closes": "16:00"}));
        }
        let entry = publish(
            tenant,
            db,
            json!({
                "channels": [channel],
                "facets": {"kind": [slugify(kind)], "facilities": has},
                "contact": {"phone": "01234 567890", "email": "places@example.gov.uk"},
                "venue": {
                    "address": {"lines": [format!("{} High Street", n + 1)], "town": "Demo Town", "postcode": "AB1 2CD"},
                    "latitude": (lat * 1e6).round() / 1e6,
                    "longitude": (lon * 1e6).round() / 1e6,
                    "opening_hours": {"weekly": weekly, "bank_holidays": if n % 4 == 0 { "normal" } else { "closed" }}
                },
                "translations": {"en": {"title": title, "slug": slugify(&title), "summary": format!("A {} in the demo directory.", kind.to_lowercase()), "accessibility": "Step-free entrance; a hearing loop at reception."}}
            }),
            DirectoryEntry,
        )
        .await?;
        first.get_or_insert(entry);
    }
    Ok((plan.entries + 1, first))
}

/// Events: a weekly one at the directory's first place, a monthly one, and an all-day one; returns how many.
async fn seed_events(
    tenant: &Tenant,
    db: &DatabaseConnection,
    venue: Option<Uuid>,
    centre: (f64, f64),
) -> anyhow::Result<usize> {
    use crate::content::kinds::ContentKind::Event;
    let today = tenant.today();
    let mut weekly = json!({
        "date": today, "start_time": "10:30", "end_time": "11:15",
        "recurrence": {"frequency": "weekly", "days": ["tuesday", "thursday"]},
        "categories": ["Family", "Libraries"],
        "translations": {"en": {"title": "Rhymetime", "slug": "rhymetime", "summary": "Songs and rhymes for babies and under-fives with their grown-ups.", "price": "Free", "body": body("Rhymetime")}}
    });
    if let Some(venue) = venue {
        weekly["venue"] = json!({"entry": venue});
    }
    let events = [
        weekly,
        json!({
            "date": today + Duration::days(3), "start_time": "13:00", "end_time": "16:00",
            "recurrence": {"frequency": "monthly", "monthly_by": "weekday"},
            "venue": {"name": "Community hall", "address": {"lines": ["1 Market Square"], "town": "Demo Town", "postcode": "AB1 2CD"}, "latitude": centre.0, "longitude": centre.1},
            "categories": ["Environment"],
            "translations": {"en": {"title": "Repair café", "slug": "repair-cafe", "summary": "Bring broken things; volunteers help you fix them.", "price": "Free, donations welcome"}}
        }),
        json!({
            "date": today + Duration::days(40),
            "categories": ["Family"],
            "booking_url": "https://tickets.example.gov.uk/winter-fair",
            "translations": {"en": {"title": "Winter fair", "slug": "winter-fair", "summary": "Stalls, music and food all day.", "price": "£2, under-16s free"}}
        }),
    ];
    let made = events.len();
    for content in events {
        publish(tenant, db, content, Event).await?;
    }
    Ok(made)
}

/// Seeds one council's web content; returns the number of items published.
pub async fn seed(
    tenant: &Tenant,
    db: &DatabaseConnection,
    sections: usize,
    directory: DemoDirectory,
) -> anyhow::Result<usize> {
    use crate::content::kinds::ContentKind::*;
    let mut made = 0;
    let mut topics = Vec::new();
    for name in TOPICS {
        topics.push(
            publish(
                tenant,
                db,
                json!({"translations": {"en": {"name": name, "slug": slugify(name)}}}),
                Topic,
            )
            .await?,
        );
        made += 1;
    }
    let mut sections_made = Vec::new();
    for s in 0..sections {
        // Numbered only when there are more sections than topics (the benchmark's data set).
        let title = if sections <= TOPICS.len() {
            TOPICS[s].to_owned()
        } else {
            format!("{} {}", TOPICS[s % TOPICS.len()], s / TOPICS.len() + 1)
        };
        let section = publish(
            tenant,
            db,
            json!({"topics": [topics[s % topics.len()]], "translations": {"en": {"title": title, "slug": slugify(&title), "summary": format!("Everything about {title}."), "body": body(&title)}}}),
            Page,
        )
        .await?;
        sections_made.push(section);
        made += 1;
        for c in 1..=4 {
            let child = format!("{title} guide {c}");
            publish(
                tenant,
                db,
                json!({"parent_id": section, "topics": [topics[s % topics.len()]], "translations": {"en": {"title": child, "slug": format!("guide-{c}"), "body": body(&child)}}}),
                Page,
            )
            .await?;
            made += 1;
        }
    }
    for (i, (title, lgsl)) in SERVICES.iter().enumerate() {
        publish(
            tenant,
            db,
            json!({"lgsl": [lgsl], "lgil": [8], "topics": [topics[i % topics.len()]], "contact": {"phone": "01234 567890"}, "translations": {"en": {"title": title, "slug": slugify(title), "summary": format!("{title} online."), "body": body(title), "top_tasks": [{"label": title, "url": "https://forms.example.gov.uk/start", "kind": "action"}]}}}),
            Service,
        )
        .await?;
        made += 1;
    }
    for n in 0..20 {
        let title = format!("Council news {n}");
        let date = tenant.now() - Duration::days(n);
        publish(
            tenant,
            db,
            json!({"date": date, "topics": [topics[n as usize % topics.len()]], "translations": {"en": {"title": title, "slug": slugify(&title), "summary": "News from the council.", "body": body(&title)}}}),
            News,
        )
        .await?;
        made += 1;
    }
    publish(
        tenant,
        db,
        json!({"kind": "announcement", "everywhere": true, "translations": {"en": {"title": "Christmas collections", "message": "Bin collections change over Christmas."}}}),
        Alert,
    )
    .await?;
    let items: Vec<Value> = sections_made
        .iter()
        .take(6)
        .enumerate()
        .map(|(i, id)| json!({"labels": {"en": TOPICS[i % TOPICS.len()]}, "page_id": id}))
        .collect();
    publish(tenant, db, json!({"name": "main", "items": items}), Menu).await?;
    let (places, first_place) = seed_directory(tenant, db, directory).await?;
    made += places;
    made += seed_events(tenant, db, first_place, directory.centre).await?;
    publish(
        tenant,
        db,
        json!({"topics": [topics[0]], "translations": {"en": {
            "title": "Recycling at home", "slug": "recycling-at-home", "summary": "What goes in which bin, and what happens to it.",
            "body": body("Recycling at home"),
            "pages": [
                {"title": "What goes in which bin", "slug": "which-bin", "body": body("What goes in which bin")},
                {"title": "Collection days", "slug": "collection-days", "body": body("Collection days")},
                {"title": "What happens to your recycling", "slug": "what-happens", "body": body("What happens to your recycling")}
            ]}}}),
        crate::content::kinds::ContentKind::Guide,
    )
    .await?;
    made += 1;
    Ok(made + 2)
}

//! Demonstration web content for `townhall seed-demo` (and the benchmark): topics, a tree of pages, services with
//! LGSL codes, news, an alert and a main menu, all published through the same functions editors use.
use chrono::{Duration, Utc};
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

/// Seeds one council's web content; returns the number of items published.
pub async fn seed(
    tenant: &Tenant,
    db: &DatabaseConnection,
    sections: usize,
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
        let date = Utc::now() - Duration::days(n);
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
    Ok(made + 2)
}

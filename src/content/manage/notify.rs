//! Emails about the workflow: the council's publishers hear when an item is submitted for review; the person who
//! wrote the working copy hears when it is published or sent back. Nobody is told about their own action. The
//! recipients are found before the answer (so a request's work is done when it answers); the emails go after it,
//! through [`crate::mail`].
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::{
    auth::{Role, store as people},
    config::Settings,
    links, mail,
    pagination::PageRequest,
    publishing::{Action, model::item, store as publishing},
    tenancy::Tenant,
};

/// What the emails need from the request.
pub struct Context {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub tenant: Tenant,
    pub base: links::Base,
    pub collection: String,
    /// Who acted (none for an API token).
    pub actor: Option<Uuid>,
}

/// Sends the emails `action` on `item` calls for. A failure to prepare them is logged; the action stands.
pub async fn after(context: Context, item: item::Model, action: Action, note: Option<String>) {
    if !matches!(action, Action::Submit | Action::Publish | Action::Withdraw) {
        return;
    }
    if let Err(error) = send(&context, &item, action, note).await {
        tracing::warn!(item = %item.id, error = %error, "workflow emails could not be prepared");
    }
}

async fn send(
    context: &Context,
    item: &item::Model,
    action: Action,
    note: Option<String>,
) -> anyhow::Result<()> {
    let Context {
        db,
        settings,
        tenant,
        ..
    } = context;
    let link = if context.collection == "pages" {
        format!(
            "{}/admin/c/{}/pages/{}",
            context.base.as_str(),
            tenant.slug(),
            item.id
        )
    } else {
        format!(
            "{}/admin/c/{}/{}",
            context.base.as_str(),
            tenant.slug(),
            context.collection
        )
    };
    let members = people::list_members(
        tenant,
        db,
        PageRequest {
            limit: 1000,
            after: None,
        },
    )
    .await?;
    // The person who wrote the working copy.
    let author = publishing::revision(tenant, db, item.id, item.latest_revision)
        .await
        .ok()
        .and_then(|r| r.created_by);
    let (to, subject, what): (Vec<String>, String, String) = match action {
        Action::Submit => (
            members
                .iter()
                .filter(|m| Role::parse(&m.membership.role) == Some(Role::Admin))
                .filter(|m| Some(m.user.id) != context.actor)
                .map(|m| m.user.email.clone())
                .collect(),
            format!("Ready for review: {}", item.title),
            "has been submitted for review".into(),
        ),
        Action::Publish => (
            author_email(&members, author, context.actor),
            format!("Published: {}", item.title),
            "is now published".into(),
        ),
        _ => (
            author_email(&members, author, context.actor),
            format!("Sent back for changes: {}", item.title),
            "was sent back to draft for changes".into(),
        ),
    };
    for address in to {
        let mut body = format!("“{}” {what}.\n\n{link}\n", item.title);
        if let Some(note) = &note {
            body += &format!("\nNote: {note}\n");
        }
        mail::send_later(
            settings,
            mail::Email {
                to: address,
                subject: subject.clone(),
                body,
            },
        );
    }
    Ok(())
}

fn author_email(
    members: &[people::MemberRow],
    author: Option<Uuid>,
    actor: Option<Uuid>,
) -> Vec<String> {
    match author {
        Some(author) if Some(author) != actor => members
            .iter()
            .filter(|m| m.user.id == author)
            .map(|m| m.user.email.clone())
            .collect(),
        _ => Vec::new(),
    }
}

//! Townhall's database migrations: append-only, timestamped, each with a working `down`.
pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_councils;
mod m20261122_000002_create_users_and_auth;
mod m20261122_000003_create_wards_parties_councillors;
mod m20261122_000004_create_committees_meetings;
mod m20261122_000005_create_agenda_items_documents;
mod m20261122_000006_create_decisions_forward_plan;
mod m20261122_000007_create_memberships_attendance_votes;
mod m20261122_000008_create_councillor_roles_interests;
mod m20261122_000009_create_content_publishing;
mod m20261122_000010_create_webhooks;
mod m20261122_000011_create_search;
mod m20261122_000012_create_media;
mod m20261122_000013_add_councillor_photo_media;
mod m20261126_000014_add_paper_text_and_record_revisions;
mod m20261129_000015_add_council_allowed_origins;
mod m20261129_000016_add_media_dimensions;
mod m20261129_000017_add_council_media_base_and_meeting_length;
mod m20261129_000018_add_invitations_and_password_resets;
mod m20261129_000019_add_content_owner_and_review;
mod m20261129_000020_create_content_redirects;
mod m20261129_000021_create_deadline_reminders;
mod m20261129_000022_create_audit_events;
mod m20261130_000023_add_content_live_location;
mod m20261207_000025_add_audit_keys_and_anchors;
mod m20261207_000026_create_throttle_hits;
mod m20261208_000027_timestamps_to_microseconds;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_councils::Migration),
            Box::new(m20261122_000002_create_users_and_auth::Migration),
            Box::new(m20261122_000003_create_wards_parties_councillors::Migration),
            Box::new(m20261122_000004_create_committees_meetings::Migration),
            Box::new(m20261122_000005_create_agenda_items_documents::Migration),
            Box::new(m20261122_000006_create_decisions_forward_plan::Migration),
            Box::new(m20261122_000007_create_memberships_attendance_votes::Migration),
            Box::new(m20261122_000008_create_councillor_roles_interests::Migration),
            Box::new(m20261122_000009_create_content_publishing::Migration),
            Box::new(m20261122_000010_create_webhooks::Migration),
            Box::new(m20261122_000011_create_search::Migration),
            Box::new(m20261122_000012_create_media::Migration),
            Box::new(m20261122_000013_add_councillor_photo_media::Migration),
            Box::new(m20261126_000014_add_paper_text_and_record_revisions::Migration),
            Box::new(m20261129_000015_add_council_allowed_origins::Migration),
            Box::new(m20261129_000016_add_media_dimensions::Migration),
            Box::new(m20261129_000017_add_council_media_base_and_meeting_length::Migration),
            Box::new(m20261129_000018_add_invitations_and_password_resets::Migration),
            Box::new(m20261129_000019_add_content_owner_and_review::Migration),
            Box::new(m20261129_000020_create_content_redirects::Migration),
            Box::new(m20261129_000021_create_deadline_reminders::Migration),
            Box::new(m20261129_000022_create_audit_events::Migration),
            Box::new(m20261130_000023_add_content_live_location::Migration),
            Box::new(m20261207_000025_add_audit_keys_and_anchors::Migration),
            Box::new(m20261207_000026_create_throttle_hits::Migration),
            Box::new(m20261208_000027_timestamps_to_microseconds::Migration),
        ]
    }
}

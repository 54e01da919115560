//! The directory fields of the `Council` object: its channels and their entries.
use async_graphql::{Context, Object, connection::Connection};

use super::{channel::DirectoryGql, entry::DirectoryEntryGql};
use crate::{
    content::{
        delivery::ListFilter,
        graphql::connection,
        graphql::council::{one_by_slug, scope},
        kinds::ContentKind,
    },
    pagination::Counted,
    tenancy::graphql::CouncilView,
};

/// A council's directories.
pub struct CouncilDirectories(pub CouncilView);

#[Object]
impl CouncilDirectories {
    /// The council's directory channels ("Find a library", "Family hubs").
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn directories(
        &self,
        ctx: &Context<'_>,
        locale: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<Connection<String, DirectoryGql, Counted>>> {
        // Nullable, so that a bad argument nulls this field alone, not the whole council.
        let answer: async_graphql::Result<Connection<String, DirectoryGql, Counted>> = async {
            let scope = scope(&self.0, locale)?;
            connection(
                ctx,
                &scope,
                ContentKind::Directory,
                ListFilter::default(),
                first,
                after,
                DirectoryGql::new,
            )
            .await
        }
        .await;
        answer.map(Some)
    }

    /// A directory channel by its slug, with its entries (`entries`: filtered, near a point, open now).
    async fn directory(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<DirectoryGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(
            ctx,
            &scope,
            ContentKind::Directory,
            &slug,
            DirectoryGql::new,
        )
        .await
    }

    /// A directory entry by its slug.
    async fn directory_entry(
        &self,
        ctx: &Context<'_>,
        slug: String,
        locale: Option<String>,
    ) -> async_graphql::Result<Option<DirectoryEntryGql>> {
        let scope = scope(&self.0, locale)?;
        one_by_slug(
            ctx,
            &scope,
            ContentKind::DirectoryEntry,
            &slug,
            DirectoryEntryGql::new,
        )
        .await
    }
}

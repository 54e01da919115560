//! Paths: what lives at a path of a council's site (an item, a redirect after a move, or gone).

use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use super::{Delivered, Mode, Route, by_ids, locales};
use crate::content::{
    kinds::ContentKind,
    tables::{live, path_history, slug},
};
use crate::{
    publishing::PublishingError,
    tenancy::{Tenant, scoped},
};

/// What lives at `path` in `locale`.
pub async fn route(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    path: &str,
) -> Result<Route, PublishingError> {
    let path = normalise_path(path);
    if let Some(found) = item_at(tenant, db, mode, locale, &path).await? {
        return Ok(found);
    }
    // A page of a guide or publication: its path and the page's slug.
    if let Some((parent, part)) = path.rsplit_once('/')
        && !parent.is_empty()
        && let Some(Route::Item(mut guide)) = item_at(tenant, db, mode, locale, parent).await?
        && has_part(&guide, part)
    {
        guide.part = Some(part.to_owned());
        return Ok(Route::Item(guide));
    }
    // A redirect an editor made (a live item at the path wins; an item's own old paths come after).
    if let Some(to) = crate::content::redirects::target(tenant, db, &path).await? {
        return Ok(Route::Redirect { to, item: None });
    }
    let history = scoped::<path_history::Entity>(tenant)
        .filter(path_history::Column::Path.eq(&path))
        .filter(path_history::Column::Locale.is_in(locales(locale)))
        .all(db)
        .await?;
    let Some(old) = history
        .iter()
        .find(|h| h.locale == locale)
        .or_else(|| history.first())
    else {
        return Ok(Route::NotFound);
    };
    let now_live = by_ids(tenant, db, Mode::Live, &old.locale, &[old.item_id]).await?;
    match now_live.into_iter().next().and_then(|d| d.path) {
        Some(to) if to != path => Ok(Route::Redirect {
            to,
            item: Some(old.item_id),
        }),
        _ => Ok(Route::Gone),
    }
}

/// The item whose own path is `path` (or, for an English path asked in Welsh, a redirect to its Welsh path).
async fn item_at(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
    mode: Mode,
    locale: &str,
    path: &str,
) -> Result<Option<Route>, PublishingError> {
    let path = path.to_owned();
    if mode == Mode::Preview {
        let claims = scoped::<slug::Entity>(tenant)
            .filter(slug::Column::Path.eq(&path))
            .filter(slug::Column::Locale.is_in(locales(locale)))
            .all(db)
            .await?;
        let claim = claims
            .iter()
            .find(|c| c.locale == locale)
            .or_else(|| claims.first());
        if let Some(claim) = claim
            && let Some(found) = by_ids(tenant, db, mode, locale, &[claim.item_id])
                .await?
                .pop()
        {
            return Ok(Some(Route::Item(found)));
        }
    }
    for try_locale in locales(locale) {
        let row = scoped::<live::Entity>(tenant)
            .filter(live::Column::Locale.eq(&try_locale))
            .filter(live::Column::Path.eq(&path))
            .one(db)
            .await?;
        if let Some(row) = row {
            if try_locale != locale {
                // An English path asked for in Welsh: send the reader to the Welsh page when there is one.
                let own = scoped::<live::Entity>(tenant)
                    .filter(live::Column::ItemId.eq(row.item_id))
                    .filter(live::Column::Locale.eq(locale))
                    .one(db)
                    .await?;
                if let Some(own_path) = own.and_then(|o| o.path) {
                    return Ok(Some(Route::Redirect {
                        to: own_path,
                        item: Some(row.item_id),
                    }));
                }
            }
            return Ok(Some(Route::Item(Delivered::from_row(row, locale)?)));
        }
    }
    Ok(None)
}

/// Whether an item is made of pages (a guide, a publication) with one whose slug is `part`, at any depth.
fn has_part(item: &Delivered, part: &str) -> bool {
    fn find(pages: Option<&serde_json::Value>, part: &str) -> bool {
        pages.and_then(|p| p.as_array()).is_some_and(|pages| {
            pages.iter().any(|p| {
                p.get("slug").and_then(|s| s.as_str()) == Some(part)
                    || find(p.get("children"), part)
            })
        })
    }
    matches!(item.kind, ContentKind::Guide | ContentKind::Publication)
        && find(item.data.get("pages"), part)
}

/// `/a/b/` and `a/b` both mean `/a/b`.
pub fn normalise_path(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
}

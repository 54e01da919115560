//! `/api/v1/councils/{council}/members`: the council's users and their roles, managed by its admins.
use actix_web::{HttpResponse, delete, get, patch, post, web};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AdminRole, AuthError, CouncilAccess, Role, password, store, validate_email};
use crate::{
    error::{ApiError, ErrorBody},
    pagination::{Page, PageQuery},
    state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct MemberResponse {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub member_since: chrono::DateTime<chrono::Utc>,
}

impl From<store::MemberRow> for MemberResponse {
    fn from(row: store::MemberRow) -> Self {
        Self {
            user_id: row.user.id,
            email: row.user.email,
            display_name: row.user.display_name,
            role: Role::parse(&row.membership.role).unwrap_or(Role::Viewer),
            member_since: row.membership.created_at,
        }
    }
}

/// Add someone to the council directly (platform administrators, who manage every account). An existing account is
/// added by email; a new account also needs a display name and an initial password. A council's own admins invite
/// people instead (`POST /councils/{council}/invitations`), which tells them nothing about accounts.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "clerk@example.gov.uk", "role": "democratic_services", "display_name": "Sam Clerk", "password": "a long initial passphrase"}))]
pub struct AddMemberRequest {
    pub email: String,
    pub role: Role,
    pub display_name: Option<String>,
    #[schema(format = Password)]
    pub password: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateMemberRequest {
    pub role: Role,
}

/// List the council's members.
#[utoipa::path(
    tag = "members",
    params(("council" = String, Path, description = "Council slug"), PageQuery),
    responses(
        (status = 200, body = Page<MemberResponse>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/councils/{council}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Page<MemberResponse>>, ApiError> {
    let page = query.validate()?;
    let rows = store::list_members(&access.tenant, &state.db, page).await?;
    Ok(web::Json(Page::from_rows(
        rows,
        page,
        |r| r.user.id,
        MemberResponse::from,
    )))
}

/// Add a member (creating the account if it does not exist yet).
#[utoipa::path(
    tag = "members",
    params(("council" = String, Path, description = "Council slug")),
    request_body = AddMemberRequest,
    responses(
        (status = 201, body = MemberResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already a member", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/members")]
pub async fn add_member(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    body: web::Json<AddMemberRequest>,
) -> Result<HttpResponse, ApiError> {
    if !matches!(
        access.principal,
        super::Principal::User {
            platform_admin: true,
            ..
        }
    ) {
        return Err(ApiError::new(
            crate::error::ErrorCode::Forbidden,
            "Invite people instead: POST /api/v1/councils/{council}/invitations. Only platform administrators add \
             accounts directly.",
        ));
    }
    let body = body.into_inner();
    let email = validate_email(&body.email)?;
    let user = match store::find_user_by_email(&state.db, &email).await? {
        Some(user) => user,
        None => {
            let (Some(name), Some(pw)) =
                (body.display_name.as_deref().map(str::trim), body.password)
            else {
                return Err(AuthError::Validation {
                    field: "password",
                    message:
                        "no account has that email; give display_name and password to create one"
                            .into(),
                }
                .into());
            };
            if name.is_empty() || name.chars().count() > 200 {
                return Err(ApiError::validation(
                    "display_name",
                    "give a name of 1 to 200 characters",
                ));
            }
            let pw = SecretString::from(pw);
            password::validate_new_password(&pw)?;
            let hash = password::hash_password(password::HashCost::of(&state.settings), pw).await?;
            store::create_user(&state.db, &email, name, hash, false, state.clock.now()).await?
        }
    };
    store::add_member(&access.tenant, &state.db, user.id, body.role).await?;
    let row = store::get_member(&access.tenant, &state.db, user.id).await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "member.added")
        .target("user", user.id)
        .detail(format!("role={}", body.role.as_str()));
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::Created().json(MemberResponse::from(row)))
}

/// Change a member's role. The last admin cannot be demoted.
#[utoipa::path(
    tag = "members",
    params(("council" = String, Path, description = "Council slug"), ("user_id" = Uuid, Path)),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, body = MemberResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Would leave the council without an admin", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[patch("/councils/{council}/members/{user_id}")]
pub async fn update_member(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid)>,
    body: web::Json<UpdateMemberRequest>,
) -> Result<web::Json<MemberResponse>, ApiError> {
    let (_, user_id) = path.into_inner();
    store::set_member_role(&access.tenant, &state.db, user_id, body.role).await?;
    let row = store::get_member(&access.tenant, &state.db, user_id).await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "member.role_changed")
        .target("user", user_id)
        .detail(format!("role={}", body.role.as_str()));
    crate::audit::record(&state.db, event).await;
    Ok(web::Json(row.into()))
}

/// Remove a member's access to the council (their account stays). The last admin cannot be removed.
#[utoipa::path(
    tag = "members",
    params(("council" = String, Path, description = "Council slug"), ("user_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Would leave the council without an admin", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/members/{user_id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (_, user_id) = path.into_inner();
    store::remove_member(&access.tenant, &state.db, user_id).await?;
    let event = crate::audit::Event::new(Some(access.tenant.id()), "member.removed")
        .target("user", user_id);
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::NoContent().finish())
}

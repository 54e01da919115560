//! Invitations: how a council's admins bring people in. An invitation goes by email to the address given, whether
//! or not it has an account, and the admin's answer is the same either way: nothing tells them about accounts
//! elsewhere. The person accepts with the link (signing in with their password, or setting one for a new
//! account); until then they are not a member. The token works once, for seven days, and is stored only hashed.
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    AdminRole, AuthError, CouncilAccess, Role, model::invitation, normalize_email, password, store,
    tokens, validate_email,
};
use crate::{
    error::{ApiError, ErrorBody},
    links, mail,
    state::AppState,
    tenancy::{self, Tenant, scoped, scoped_update},
};

/// How long an invitation can be accepted.
pub const VALID_DAYS: i64 = 7;
const PREFIX: &str = "thi_";

#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "sam.clerk@example.gov.uk", "role": "editor"}))]
pub struct InviteRequest {
    pub email: String,
    pub role: Role,
}

/// An invitation as the council's admins see it (never its token).
#[derive(Serialize, ToSchema)]
pub struct InvitationResponse {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<invitation::Model> for InvitationResponse {
    fn from(m: invitation::Model) -> Self {
        Self {
            id: m.id,
            role: Role::parse(&m.role).unwrap_or(Role::Viewer),
            email: m.email,
            created_at: m.created_at,
            expires_at: m.expires_at,
        }
    }
}

/// What the invitation link shows its holder.
#[derive(Serialize, ToSchema)]
pub struct InvitationView {
    pub council: String,
    pub council_name: String,
    pub email: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    /// Whether the address already has an account: then accepting takes its password; otherwise a name and a new
    /// password create one. Only the link's holder (the address's owner) learns this.
    pub has_account: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptRequest {
    /// For a new account: the name colleagues see.
    pub display_name: Option<String>,
    /// The account's password, or, for a new account, the password to set (at least 12 characters).
    #[schema(format = Password)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct AcceptedResponse {
    /// The council joined (its slug).
    pub council: String,
    pub email: String,
    pub role: Role,
}

/// A pending invitation by its token: not accepted, not revoked, not expired.
async fn pending_by_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: chrono::DateTime<Utc>,
) -> Result<invitation::Model, ApiError> {
    let gone = || ApiError::not_found("Invitation");
    if !token.starts_with(PREFIX) {
        return Err(gone());
    }
    let found = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::sha256_hex(token)))
        .one(db)
        .await
        .map_err(AuthError::from)?
        .ok_or_else(gone)?;
    if found.accepted_at.is_some() || found.revoked_at.is_some() || found.expires_at < now {
        return Err(gone());
    }
    Ok(found)
}

/// The council's pending invitations, newest first.
async fn pending_of(
    tenant: &Tenant,
    db: &impl ConnectionTrait,
) -> Result<Vec<invitation::Model>, AuthError> {
    Ok(scoped::<invitation::Entity>(tenant)
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(tenant.now()))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Invite someone to the council by email. The answer is the same whether or not the address has an account;
/// an earlier pending invitation of the same address is replaced.
#[utoipa::path(
    tag = "members",
    params(("council" = String, Path, description = "Council slug")),
    request_body = InviteRequest,
    responses(
        (status = 202, description = "The invitation is on its way", body = InvitationResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already a member of this council", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[post("/councils/{council}/invitations")]
pub async fn invite(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    body: web::Json<InviteRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = validate_email(&body.email)?;
    let tenant = &access.tenant;
    if let Some(user) = store::find_user_by_email(&state.db, &email).await?
        && store::role_in(tenant, &state.db, user.id).await?.is_some()
    {
        return Err(
            AuthError::Conflict("That person is already a member of this council.".into()).into(),
        );
    }
    let normalized = normalize_email(&email);
    scoped_update::<invitation::Entity>(tenant)
        .col_expr(
            invitation::Column::RevokedAt,
            Expr::value(Some(tenant.now())),
        )
        .filter(invitation::Column::EmailNormalized.eq(normalized.clone()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await
        .map_err(AuthError::from)?;
    let token = tokens::generate_opaque(PREFIX);
    let now = tenant.now();
    let row = invitation::Entity::insert(invitation::ActiveModel {
        id: Set(Uuid::now_v7()),
        council_id: Set(tenant.id()),
        email: Set(email.clone()),
        email_normalized: Set(normalized),
        role: Set(body.role.as_str().to_owned()),
        token_hash: Set(tokens::sha256_hex(&token)),
        invited_by: Set(access.principal.user_id()),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(VALID_DAYS)),
        accepted_at: Set(None),
        accepted_by: Set(None),
        revoked_at: Set(None),
    })
    .exec_with_returning(&state.db)
    .await
    .map_err(AuthError::from)?;
    let council = tenancy::store::get(tenant, &state.db).await?;
    let link = format!(
        "{}/admin/invitations/{token}",
        links::Base::of(&state.settings).as_str()
    );
    mail::send_later(
        &state.settings,
        mail::Email {
            to: email,
            subject: format!("You are invited to work on {} in Townhall", council.name),
            body: format!(
                "You have been invited to join {} in Townhall as {}.\n\nTo accept, open this link within {VALID_DAYS} \
                 days:\n\n{link}\n\nIf you were not expecting this, you can ignore this email.\n",
                council.name,
                body.role.as_str().replace('_', " "),
            ),
        },
    );
    tracing::info!(council = %tenant.slug(), invitation = %row.id, "invitation sent");
    let event = crate::audit::Event::new(Some(tenant.id()), "invitation.created")
        .target("invitation", row.id)
        .detail(format!("role={}", body.role.as_str()));
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::Accepted().json(InvitationResponse::from(row)))
}

/// The council's pending invitations.
#[utoipa::path(
    tag = "members",
    params(("council" = String, Path, description = "Council slug")),
    responses(
        (status = 200, body = Vec<InvitationResponse>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/councils/{council}/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
) -> Result<web::Json<Vec<InvitationResponse>>, ApiError> {
    let rows = pending_of(&access.tenant, &state.db).await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Withdraw a pending invitation: its link stops working.
#[utoipa::path(
    tag = "members",
    params(("council" = String, Path, description = "Council slug"), ("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[delete("/councils/{council}/invitations/{id}")]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    access: CouncilAccess<AdminRole>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let changed = scoped_update::<invitation::Entity>(&access.tenant)
        .col_expr(
            invitation::Column::RevokedAt,
            Expr::value(Some(access.tenant.now())),
        )
        .filter(invitation::Column::Id.eq(path.1))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await
        .map_err(AuthError::from)?;
    if changed.rows_affected == 0 {
        return Err(ApiError::not_found("Invitation"));
    }
    let event = crate::audit::Event::new(Some(access.tenant.id()), "invitation.revoked")
        .target("invitation", path.1);
    crate::audit::record(&state.db, event).await;
    Ok(HttpResponse::NoContent().finish())
}

/// What an invitation link is for (public: the token is the credential).
#[utoipa::path(
    tag = "auth",
    params(("token" = String, Path, description = "The token from the invitation email")),
    responses(
        (status = 200, body = InvitationView),
        (status = 404, description = "No such invitation, or it was used, withdrawn or has expired", body = ErrorBody),
    )
)]
#[get("/invitations/{token}")]
pub async fn view_invitation(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<InvitationView>, ApiError> {
    let found = pending_by_token(&state.db, &path, state.clock.now()).await?;
    let tenant = tenancy::store::resolve_id(&state.db, &state.clock, found.council_id).await?;
    let council = tenancy::store::get(&tenant, &state.db).await?;
    let has_account = store::find_user_by_email(&state.db, &found.email)
        .await?
        .is_some();
    Ok(web::Json(InvitationView {
        council: council.slug,
        council_name: council.name,
        role: Role::parse(&found.role).unwrap_or(Role::Viewer),
        email: found.email,
        expires_at: found.expires_at,
        has_account,
    }))
}

/// Accept an invitation: with the account's password, or, for an address without an account, a name and a new
/// password. The person is then a member of the council, and signs in as usual.
#[utoipa::path(
    tag = "auth",
    params(("token" = String, Path, description = "The token from the invitation email")),
    request_body = AcceptRequest,
    responses(
        (status = 200, description = "Accepted: the person is a member", body = AcceptedResponse),
        (status = 401, description = "The account's password is not correct", body = ErrorBody),
        (status = 404, description = "No such invitation, or it was used, withdrawn or has expired", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Too many refused attempts from this client, or wrong passwords for the account; see Retry-After", body = ErrorBody),
    )
)]
#[post("/invitations/{token}/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<AcceptRequest>,
) -> Result<web::Json<AcceptedResponse>, ApiError> {
    let body = body.into_inner();
    // Refused attempts from one client (tokens that are not pending) are slowed down like failed sign-ins.
    let client = super::rest::client_addr(&req, &state);
    let limit = super::throttle::Limit {
        scope: "invitation_client",
        free: state.settings.login_max_failures_per_client,
        window: chrono::Duration::seconds(
            i64::try_from(state.settings.login_window_secs).unwrap_or(900),
        ),
    };
    let client_key = super::throttle::client_key(&client);
    let counted = super::throttle::attempt(&state.db, &limit, &client_key, state.clock.now())
        .await?
        .map_err(|retry_after_secs| AuthError::Throttled { retry_after_secs })?;
    let found = pending_by_token(&state.db, &path, state.clock.now()).await?;
    super::throttle::forget(&state.db, counted).await?;
    let tenant = tenancy::store::resolve_id(&state.db, &state.clock, found.council_id).await?;
    let role = Role::parse(&found.role).unwrap_or(Role::Viewer);
    let secret = SecretString::from(body.password);
    let user = match store::find_user_by_email(&state.db, &found.email).await? {
        Some(user) => {
            // Checked as a sign-in is, throttled alike: the link is no way round the limit on guesses.
            let keys = super::session::SignInKeys::new(
                &user.email,
                &super::rest::client_addr(&req, &state),
            );
            super::session::check_password(&state, &user.email, secret, keys).await?;
            user
        }
        None => {
            let name = body.display_name.as_deref().map(str::trim).unwrap_or("");
            if name.is_empty() || name.chars().count() > 200 {
                return Err(ApiError::validation(
                    "display_name",
                    "enter your name (1 to 200 characters)",
                ));
            }
            password::validate_new_password(&secret)?;
            let hash =
                password::hash_password(password::HashCost::of(&state.settings), secret).await?;
            store::create_user(
                &state.db,
                &found.email,
                name,
                hash,
                false,
                state.clock.now(),
            )
            .await?
        }
    };
    let txn = crate::db::begin_write(&state.db).await?;
    // Used once: only the first of two racing accepts marks it.
    let marked = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::AcceptedAt,
            Expr::value(Some(state.clock.now())),
        )
        .col_expr(invitation::Column::AcceptedBy, Expr::value(Some(user.id)))
        .filter(invitation::Column::Id.eq(found.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await
        .map_err(AuthError::from)?;
    if marked.rows_affected != 1 {
        return Err(ApiError::not_found("Invitation"));
    }
    if store::role_in(&tenant, &txn, user.id).await?.is_none() {
        store::add_member(&tenant, &txn, user.id, role).await?;
    }
    txn.commit().await.map_err(AuthError::from)?;
    tracing::info!(council = %tenant.slug(), user_id = %user.id, "invitation accepted");
    let event = crate::audit::Event::new(Some(tenant.id()), "invitation.accepted")
        .by(crate::audit::Actor::User(user.id))
        .target("user", user.id)
        .detail(format!("role={}", role.as_str()));
    crate::audit::record(&state.db, event).await;
    Ok(web::Json(AcceptedResponse {
        council: tenant.slug().to_owned(),
        email: user.email,
        role,
    }))
}

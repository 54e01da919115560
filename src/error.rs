//! The one error shape of the API: `{"error": {"code", "message", "details"}}` with a stable machine code,
//! and the one place where every module's error becomes an HTTP status and a GraphQL `extensions.code`.
use actix_web::{
    HttpRequest, HttpResponse, ResponseError,
    error::{JsonPayloadError, PathError, QueryPayloadError},
    http::{StatusCode, header},
};
use async_graphql::ErrorExtensions;
use sea_orm::{DbErr, SqlErr};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::{auth::AuthError, pagination::PageError, tenancy::TenancyError};

/// Stable machine-readable error codes, shared by REST and GraphQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    ValidationFailed,
    Unauthorized,
    Forbidden,
    /// A request with a token from a web origin that is not allowed (CORS).
    OriginNotAllowed,
    NotFound,
    MethodNotAllowed,
    Conflict,
    /// The thing is still used elsewhere (a file by published content).
    InUse,
    PreconditionFailed,
    PreconditionRequired,
    PayloadTooLarge,
    /// The address (path and query string) is longer than the server reads.
    UriTooLong,
    UnsupportedMediaType,
    RateLimited,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::OriginNotAllowed => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict | Self::InUse => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UriTooLong => StatusCode::URI_TOO_LONG,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::ValidationFailed => "validation_failed",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::InUse => "in_use",
            Self::PreconditionFailed => "precondition_failed",
            Self::PreconditionRequired => "precondition_required",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UriTooLong => "uri_too_long",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::RateLimited => "rate_limited",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
        }
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": {"code": "not_found", "message": "Council not found.", "details": null}}))]
pub struct ErrorBody {
    pub error: ErrorObject,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorObject {
    pub code: ErrorCode,
    pub message: String,
    /// Extra facts for the client, e.g. `{"fields": [{"field": "email", "message": "..."}]}`.
    pub details: Option<Value>,
}

/// An error on its way to a client. Internal causes are logged, never sent.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after_secs: Option<u64>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: None,
            retry_after_secs: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found."))
    }

    /// A 422 naming the offending field.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::new(ErrorCode::ValidationFailed, "The request is not valid.")
            .with_details(serde_json::json!({"fields": [{"field": field, "message": message}]}))
    }

    /// A 500 whose cause is logged and not sent.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(ErrorCode::Internal, "Something went wrong on our side.")
    }

    /// The GraphQL form of this error, with `extensions.code`.
    pub fn into_graphql(self) -> async_graphql::Error {
        let code = self.code.as_str();
        let details = self.details;
        async_graphql::Error::new(self.message).extend_with(|_, ext| {
            ext.set("code", code);
            if let Some(details) = &details
                && let Ok(value) = async_graphql::Value::from_json(details.clone())
            {
                ext.set("details", value);
            }
        })
    }
}

/// A GraphQL argument that is not valid: the message names the argument as the query wrote it, and
/// `extensions.details.fields` names it for programs, as REST's 422 does.
pub fn argument_error(argument: &str, message: &str) -> async_graphql::Error {
    let mut error = ApiError::validation(argument, message);
    error.message = format!("Argument {argument}: {message}.");
    error.into_graphql()
}

/// Any module error as a GraphQL error with `extensions.code`.
pub fn gql(err: impl Into<ApiError>) -> async_graphql::Error {
    err.into().into_graphql()
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Some(secs) = self.retry_after_secs {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.code == ErrorCode::Unauthorized {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(ErrorBody {
            error: ErrorObject {
                code: self.code,
                message: self.message.clone(),
                details: self.details.clone(),
            },
        })
    }
}

/// Whether a database error means the database cannot be reached (no connection to be had, or the one in use
/// broke), rather than a fault of the request or of Townhall.
pub fn database_away(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx::Error as SqlxError};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => matches!(
            e.as_ref(),
            SqlxError::Io(_)
                | SqlxError::PoolTimedOut
                | SqlxError::PoolClosed
                | SqlxError::WorkerCrashed
        ),
        _ => false,
    }
}

/// Seconds a client is asked to wait before trying again when the database is away.
pub const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

impl ApiError {
    /// 503 `unavailable` with `Retry-After`: the database is away (the cause is logged).
    pub fn unavailable(cause: &dyn std::fmt::Display) -> Self {
        tracing::warn!(error = %cause, "database unavailable");
        Self {
            retry_after_secs: Some(UNAVAILABLE_RETRY_AFTER_SECS),
            ..Self::new(
                ErrorCode::Unavailable,
                "The service is briefly unavailable; try again shortly.",
            )
        }
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        if database_away(&err) {
            return Self::unavailable(&err);
        }
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::new(
                ErrorCode::Conflict,
                "That conflicts with an existing record.",
            ),
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Self::new(
                ErrorCode::Conflict,
                "That refers to a record that does not exist or is still in use.",
            ),
            _ => Self::internal(&err),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(err: AuthError) -> Self {
        match err {
            AuthError::InvalidCredentials => {
                Self::new(ErrorCode::Unauthorized, "Email or password is incorrect.")
            }
            AuthError::MissingToken => {
                Self::new(ErrorCode::Unauthorized, "This needs a bearer token.")
            }
            AuthError::InvalidToken => Self::new(
                ErrorCode::Unauthorized,
                "The token is invalid, expired or revoked.",
            ),
            AuthError::Throttled { retry_after_secs } => Self {
                retry_after_secs: Some(retry_after_secs),
                ..Self::new(
                    ErrorCode::RateLimited,
                    "Too many failed sign-in attempts. Try again later.",
                )
            },
            AuthError::Forbidden => Self::new(
                ErrorCode::Forbidden,
                "Your role does not allow this action.",
            ),
            AuthError::Validation { field, message } => Self::validation(field, message),
            AuthError::Conflict(message) => Self::new(ErrorCode::Conflict, message),
            AuthError::NotFound(what) => Self::not_found(what),
            AuthError::Db(err) => err.into(),
            AuthError::Internal(message) => Self::internal(&message),
        }
    }
}

impl From<TenancyError> for ApiError {
    fn from(err: TenancyError) -> Self {
        match err {
            TenancyError::NotFound => Self::not_found("Council"),
            TenancyError::Validation { field, message } => Self::validation(field, message),
            TenancyError::SlugTaken => Self::new(
                ErrorCode::Conflict,
                "A council with that slug already exists.",
            )
            .with_details(serde_json::json!({"field": "slug"})),
            TenancyError::PreconditionRequired => Self::new(
                ErrorCode::PreconditionRequired,
                "Send If-Match with the ETag you last read, so that edits never overwrite each other.",
            ),
            TenancyError::VersionMismatch { current } => Self::new(
                ErrorCode::PreconditionFailed,
                "The council was changed since you read it; read it again and reapply your change.",
            )
            .with_details(serde_json::json!({"current_version": current})),
            TenancyError::Db(err) => err.into(),
        }
    }
}

impl From<PageError> for ApiError {
    fn from(err: PageError) -> Self {
        match err {
            PageError::Limit => Self::validation("limit", "limit must be between 1 and 100"),
            PageError::Cursor => Self::validation("after", "the cursor is not valid"),
        }
    }
}

/// Turns JSON body failures into 400 (syntax), 413 (too large), 415 (wrong type) or 422 (wrong shape).
pub fn json_error_handler(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send the body as application/json.",
        ),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::new(ErrorCode::PayloadTooLarge, "The request body is too large.")
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => ApiError::new(
            ErrorCode::ValidationFailed,
            "The request body has the wrong shape.",
        )
        .with_details(serde_json::json!({"reason": e.to_string()})),
        JsonPayloadError::Deserialize(e) => {
            ApiError::new(ErrorCode::BadRequest, "The request body is not valid JSON.")
                .with_details(serde_json::json!({"reason": e.to_string()}))
        }
        _ => ApiError::new(ErrorCode::BadRequest, "The request body could not be read."),
    };
    api.into()
}

pub fn query_error_handler(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorCode::BadRequest, "The query string is not valid.")
        .with_details(serde_json::json!({"reason": err.to_string()}))
        .into()
}

pub fn path_error_handler(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::not_found("Resource").into()
}

/// A middleware that answers 500 in the error shape when a handler panics, instead of dropping the connection;
/// the panic is logged with the route, never sent.
pub async fn catch_panic(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use futures_util::FutureExt;
    // The path only: the request itself must not be held (the layers inside change it in place).
    let path = req.path().to_owned();
    match std::panic::AssertUnwindSafe(next.call(req))
        .catch_unwind()
        .await
    {
        Ok(result) => result.map(actix_web::dev::ServiceResponse::map_into_boxed_body),
        Err(panic) => {
            let what = panic_message(panic.as_ref());
            tracing::error!(path = %path, panic = %what, "a request handler panicked");
            // Answered by the server from the error itself: the error shape, status 500.
            Err(ApiError::new(ErrorCode::Internal, "Something went wrong on our side.").into())
        }
    }
}

/// The text of a panic's payload, for the log.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod panic_tests {
    use actix_web::{App, test, web};

    #[actix_web::test]
    async fn a_handler_that_panics_answers_500_in_the_error_shape() {
        let app = test::init_service(
            App::new()
                .wrap(actix_web::middleware::from_fn(super::catch_panic))
                .route(
                    "/boom",
                    web::get().to(|| async {
                        let parts: Vec<&str> = Vec::new();
                        // An index out of bounds: the kind of mistake the layer is there for.
                        #[allow(clippy::indexing_slicing)]
                        parts[3].to_owned()
                    }),
                )
                .route("/fine", web::get().to(|| async { "fine" })),
        )
        .await;
        // The server answers an error from the layers with the error's own response.
        let answer =
            test::try_call_service(&app, test::TestRequest::get().uri("/boom").to_request()).await;
        let Err(error) = answer else {
            panic!("the panic was not turned into an error");
        };
        let response = error.error_response();
        assert_eq!(response.status().as_u16(), 500);
        let bytes = actix_web::body::to_bytes(response.into_body())
            .await
            .expect("body");
        let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(body["error"]["code"], "internal");
        assert!(!body.to_string().contains("index out of bounds"), "{body}");
        let fine =
            test::call_service(&app, test::TestRequest::get().uri("/fine").to_request()).await;
        assert_eq!(fine.status().as_u16(), 200);
    }
}

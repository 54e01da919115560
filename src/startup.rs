//! `Application::build`: the one wiring of the HTTP server, used by `townhall serve` and by the tests.
use std::{net::TcpListener, sync::Arc};

use actix_web::{
    App, HttpMessage, HttpResponse, HttpServer,
    body::MessageBody,
    dev::{Server, Service, ServiceRequest, ServiceResponse},
    http::header::{self, HeaderName, HeaderValue},
    middleware::DefaultHeaders,
    web,
};
use futures_util::FutureExt;
use sea_orm::DatabaseConnection;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder, TracingLogger};
use utoipa_actix_web::{AppExt, scope, service_config::ServiceConfig};
use utoipa_swagger_ui::SwaggerUi;

use crate::{
    auth::{self, tokens::JwtKeys},
    config::Settings,
    content, db, democracy, error, graphql, health, media, search,
    state::{AppState, BlobStore, GqlState},
    tenancy,
};

/// A bound, not yet running server.
/// The Content-Security-Policy of Swagger UI at `/docs/`: its embedded files only (it styles elements inline and
/// draws icons from data: addresses), no frames.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = db::connect(&settings).await?;
        db::migrate(&db).await?;
        let keys = crate::keys::Keys::from_settings(&settings)?;
        let sealed = crate::audit::seal::seal_legacy(&db, &keys, settings.clock.now()).await?;
        if sealed > 0 {
            tracing::info!(
                sealed,
                "audit entries from before keys sealed under the audit key"
            );
        }
        Self::build_with_db(settings, db)
    }

    /// Binds the server over an already migrated database.
    pub fn build_with_db(mut settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let secret = settings.resolve_jwt_secret()?;
        let keys = crate::keys::Keys::from_settings(&settings)?;
        crate::audit::install_key(keys.audit());
        let audit_key = keys.audit().clone();
        let jwt = Arc::new(JwtKeys::new(
            &secret,
            &settings.jwt_issuer,
            &settings.jwt_audience,
            settings.access_token_ttl_secs,
            settings.clock.clone(),
        ));
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        // Every absolute link is made from configuration, never from a request's `Host`: without
        // `TOWNHALL_PUBLIC_URL` (refused in production mode), the address this server is bound to.
        if settings.production && settings.public_url.is_none() {
            anyhow::bail!(
                "production mode needs TOWNHALL_PUBLIC_URL: links are made from it, never from a request"
            );
        }
        if settings.public_url.is_none() {
            settings.public_url = Some(crate::links::bound_address(listener.local_addr()?));
        }
        let schema = web::Data::new(graphql::build_schema(
            Some(GqlState {
                db: db.clone(),
                clock: settings.clock.clone(),
            }),
            &settings,
        ));
        let settings = Arc::new(settings);
        crate::publishing::jobs::spawn_runner::<content::kinds::Content>(
            db.clone(),
            settings.clone(),
        );
        democracy::reminders::spawn(db.clone(), settings.clone());
        crate::audit::spawn_pruning(
            db.clone(),
            settings.audit_retention_days,
            keys,
            settings.clock.clone(),
        );
        let blobs: Arc<dyn BlobStore> = crate::media::storage::from_settings(&settings)?;
        let state = web::Data::new(AppState {
            db,
            settings: settings.clone(),
            jwt,
            blobs,
            clock: settings.clock.clone(),
        });
        // Records of one feature that another's content may link to.
        crate::publishing::linked::install(|| {
            crate::publishing::linked::Registry::new()
                .register("meeting", democracy::meetings::linked::Meetings)
        });
        // Where a library file is used: content first, then councillors, then forward plan entries.
        let usage_checks = web::Data::new(
            media::usage::UsageChecks::new()
                .register(content::media_usage::PublishedContent)
                .register(democracy::media_usage::CouncillorPhotos)
                .register(democracy::media_usage::ForwardPlanDocuments),
        );
        let json_limit = settings.max_json_body_bytes;
        let cors_policy = web::Data::new(
            crate::cors::Policy::from_settings(&settings).map_err(anyhow::Error::msg)?,
        );
        // Sent on every answer when TLS terminates in front of Townhall.
        let dev_clock = settings.dev_clock;
        let hsts = settings
            .hsts_max_age_secs
            .and_then(|secs| HeaderValue::from_str(&format!("max-age={secs}")).ok());
        let mut server = HttpServer::new(move || {
            let hsts = hsts.clone();
            let audit_key = audit_key.clone();
            let audit_clock = state.clock.clone();
            let (app, mut api) = App::new()
                .app_data(state.clone())
                .app_data(schema.clone())
                .app_data(usage_checks.clone())
                .app_data(cors_policy.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(json_limit)
                        .error_handler(error::json_error_handler),
                )
                .app_data(web::QueryConfig::default().error_handler(error::query_error_handler))
                .app_data(web::PathConfig::default().error_handler(error::path_error_handler))
                .into_utoipa_app()
                .openapi(crate::specs::base_openapi())
                .configure(operations_routes)
                .service(scope("/api/v1").configure(api_v1_routes))
                .service(scope("/delivery/v1").configure(delivery_routes))
                .split_for_parts();
            crate::specs::complete(&mut api);
            let known_paths = web::Data::new(crate::known_paths::KnownPaths::of(&api));
            // Swagger UI's files are embedded; its online validator badge (a request to swagger.io) is off.
            app.service(
                SwaggerUi::new("/docs/{_:.*}")
                    .url("/openapi.json", api)
                    .config(
                        utoipa_swagger_ui::Config::new(["/openapi.json"]).validator_url("none"),
                    ),
            )
            .route(
                "/docs",
                web::get().to(|| async {
                    HttpResponse::PermanentRedirect()
                        .insert_header((header::LOCATION, "/docs/"))
                        .finish()
                }),
            )
            .route(
                "/files/{council}/documents/{id}/{name}",
                web::get().to(democracy::agenda::files::download),
            )
            .route(
                "/feeds/{council}/decisions.atom",
                web::get().to(democracy::feeds::rest::decisions_atom),
            )
            .route(
                "/media/{council}/{id}",
                web::get().to(crate::media::download::download),
            )
            .route(
                "/media/{council}/{id}/{name}",
                web::get().to(crate::media::download::download_named),
            )
            .route(
                "/feeds/{council}/news.atom",
                web::get().to(content::feeds::news_atom),
            )
            .route(
                "/feeds/{council}/events.ics",
                web::get().to(content::kinds::event::rest::council_events),
            )
            .route(
                "/feeds/{council}/events/{category}",
                web::get().to(content::kinds::event::rest::category_events),
            )
            .route(
                "/feeds/{council}/meetings.ics",
                web::get().to(democracy::feeds::rest::council_meetings),
            )
            .route(
                "/feeds/{council}/committees/{id}/meetings.ics",
                web::get().to(democracy::feeds::rest::committee_meetings),
            )
            .route(
                "/feeds/{council}/wards/{id}/meetings.ics",
                web::get().to(democracy::feeds::rest::ward_meetings),
            )
            .route(
                "/graphiql/assets/{name}",
                web::get().to(graphql::graphiql::asset),
            )
            .route(
                "/admin",
                web::get().to(|| async {
                    HttpResponse::MovedPermanently()
                        .insert_header((actix_web::http::header::LOCATION, "/admin/"))
                        .finish()
                }),
            )
            .configure(|cfg| {
                if dev_clock {
                    cfg.route("/dev/clock", web::post().to(crate::clock::advance));
                }
            })
            .route("/admin/", web::get().to(crate::admin::serve))
            .route("/admin/{path:.*}", web::get().to(crate::admin::serve))
            .service(
                web::resource("/graphql")
                    .route(web::post().to(graphql::http::graphql_post))
                    .route(web::get().to(graphql::http::graphql_get))
                    .default_service(web::to(graphql::http::method_not_allowed)),
            )
            .app_data(known_paths)
            .default_service(web::to(crate::specs::no_route))
            // No control character reaches a handler (inside CORS, so that a refusal is readable cross-origin).
            .wrap(actix_web::middleware::from_fn(
                crate::text::boundary::text_rule,
            ))
            .wrap(actix_web::middleware::from_fn(crate::cors::cors))
            // gzip, brotli or zstd, as the client accepts; files and images are sent as they are.
            .wrap(actix_web::middleware::Compress::default())
            .wrap(
                DefaultHeaders::new()
                    .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                    .add((header::REFERRER_POLICY, "no-referrer"))
                    // No page of Townhall is meant to be shown inside another site's frame.
                    .add((header::X_FRAME_OPTIONS, "DENY")),
            )
            // Swagger UI's pages: their own files only, and never in a frame; HTTPS only when so configured.
            .wrap_fn(move |req, srv| {
                let docs = req.path().starts_with("/docs/");
                // What depends on who asks is never kept by a cache: the management API, and anything asked with
                // a token or the session cookie (unless the answer says otherwise itself).
                let personal = req.path().starts_with("/api/")
                    || req.headers().contains_key(header::AUTHORIZATION)
                    || req.cookie(auth::rest::SESSION_COOKIE).is_some();
                let hsts = hsts.clone();
                srv.call(req).map(move |res| {
                    res.map(|mut res| {
                        if personal && !res.headers().contains_key(header::CACHE_CONTROL) {
                            res.headers_mut().insert(
                                header::CACHE_CONTROL,
                                HeaderValue::from_static("private, no-store"),
                            );
                        }
                        if docs && !res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
                            res.headers_mut().insert(
                                header::CONTENT_SECURITY_POLICY,
                                HeaderValue::from_static(DOCS_CSP),
                            );
                        }
                        if let Some(value) = hsts {
                            res.headers_mut()
                                .insert(header::STRICT_TRANSPORT_SECURITY, value);
                        }
                        res
                    })
                })
            })
            .wrap_fn(move |req, srv| {
                let request_id = req.extensions().get::<RequestId>().copied();
                // The audit log's entries name the request they were made in and who made it, and are MAC'd
                // under this server's key.
                let context = crate::audit::Context {
                    request_id: request_id.map(|id| id.to_string()),
                    actor: crate::audit::Actor::Anonymous,
                    key: Some(audit_key.clone()),
                    clock: audit_clock.clone(),
                };
                crate::audit::within(context, srv.call(req)).map(move |res| {
                    res.map(|mut res| {
                        if let Some(id) = request_id
                            && let Ok(value) = HeaderValue::from_str(&id.to_string())
                        {
                            res.headers_mut()
                                .insert(HeaderName::from_static("x-request-id"), value);
                        }
                        res
                    })
                })
            })
            // HEAD is answered wherever GET is: the same handler, headers only (the server sends no body).
            .wrap_fn(|mut req, srv| {
                if req.method() == actix_web::http::Method::HEAD {
                    req.head_mut().method = actix_web::http::Method::GET;
                }
                srv.call(req)
            })
            // A handler that panics answers 500 in the error shape; the connection is not dropped.
            .wrap(actix_web::middleware::from_fn(crate::error::catch_panic))
            .wrap(TracingLogger::<PathOnlySpan>::new())
        })
        .listen(listener)?
        .shutdown_timeout(settings.shutdown_timeout_secs);
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        Ok(Self {
            port,
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT/SIGTERM, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// `/healthz` and `/readyz`.
pub fn operations_routes(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz);
}

/// Everything under `/api/v1`.
pub fn api_v1_routes(cfg: &mut ServiceConfig) {
    cfg.service(auth::rest::login)
        .service(auth::rest::refresh)
        .service(auth::rest::logout)
        .service(auth::rest::me)
        .service(crate::audit::rest::council_log)
        .service(crate::audit::rest::platform_log)
        .service(auth::rest::change_password)
        .service(auth::reset::request_reset)
        .service(auth::reset::reset_password)
        .service(auth::invitations::view_invitation)
        .service(auth::invitations::accept_invitation)
        .service(auth::invitations::invite)
        .service(auth::invitations::list_invitations)
        .service(auth::invitations::revoke_invitation)
        // Before the content routes, whose `{collection}` would take these paths.
        .service(content::redirects::list_redirects)
        .service(content::redirects::create_redirect)
        .service(content::redirects::delete_redirect)
        .service(content::redirects::import_redirects)
        .service(tenancy::rest::create_council)
        .service(tenancy::rest::list_councils)
        .service(tenancy::rest::get_council)
        .service(tenancy::rest::update_council)
        .service(crate::archive::rest::export_archive)
        .service(crate::archive::rest::import_archive)
        .service(auth::members::list_members)
        .service(auth::members::add_member)
        .service(auth::members::update_member)
        .service(auth::members::remove_member)
        .service(auth::api_tokens::list_api_tokens)
        .service(auth::api_tokens::create_api_token)
        .service(auth::api_tokens::revoke_api_token)
        .service(democracy::people::rest::list_wards)
        .service(democracy::people::rest::list_parties)
        .service(democracy::people::rest::list_councillors)
        .service(democracy::people::rest::get_councillor)
        .service(democracy::people::edit::create_councillor)
        .service(democracy::people::edit::update_councillor)
        .service(democracy::people::edit::delete_councillor)
        .service(democracy::people::edit::restore_councillor)
        .service(democracy::people::edit::create_ward)
        .service(democracy::people::edit::update_ward)
        .service(democracy::people::edit::create_party)
        .service(democracy::people::edit::update_party)
        .service(democracy::people::edit::delete_party)
        .service(democracy::people::edit::restore_party)
        .service(democracy::people::edit::delete_ward)
        .service(democracy::people::edit::restore_ward)
        .service(democracy::people::register::get_roles)
        .service(democracy::people::register::put_roles)
        .service(democracy::people::register::get_interests)
        .service(democracy::people::register::put_interests)
        .service(democracy::moderngov::rest::import_councillors_by_ward)
        .service(democracy::moderngov::rest::import_committees)
        .service(democracy::moderngov::rest::import_meetings)
        .service(democracy::committees::rest::list_committees)
        .service(democracy::committees::rest::create_committee)
        .service(democracy::committees::rest::get_committee)
        .service(democracy::committees::rest::update_committee)
        .service(democracy::committees::rest::delete_committee)
        .service(democracy::committees::rest::restore_committee)
        .service(democracy::meetings::rest::list_meetings)
        .service(democracy::meetings::rest::create_meeting)
        .service(democracy::meetings::rest::get_meeting)
        .service(democracy::meetings::rest::update_meeting)
        .service(democracy::meetings::rest::publish_agenda)
        .service(democracy::meetings::rest::publish_minutes)
        .service(democracy::meetings::rest::delete_meeting)
        .service(democracy::meetings::rest::restore_meeting)
        .service(democracy::agenda::rest::get_agenda)
        .service(democracy::agenda::rest::reorder_agenda)
        .service(democracy::agenda::rest::create_agenda_item)
        .service(democracy::agenda::rest::update_agenda_item)
        .service(democracy::agenda::rest::delete_agenda_item)
        .service(democracy::agenda::rest::restore_agenda_item)
        .service(democracy::revisions::list_revisions)
        .service(democracy::agenda::rest::upload_document)
        .service(democracy::agenda::rest::delete_document)
        .service(democracy::agenda::rest::restore_document)
        .service(democracy::decisions::rest::list_decisions)
        .service(democracy::decisions::rest::create_decision)
        .service(democracy::decisions::rest::get_decision)
        .service(democracy::decisions::rest::update_decision)
        .service(democracy::decisions::rest::publish_decision)
        .service(democracy::decisions::rest::delete_decision)
        .service(democracy::decisions::rest::restore_decision)
        .service(democracy::decisions::rest::list_forward_plan)
        .service(democracy::decisions::rest::create_forward_plan_entry)
        .service(democracy::decisions::rest::publish_forward_plan_entry)
        .service(democracy::decisions::rest::update_forward_plan_entry)
        .service(democracy::decisions::rest::delete_forward_plan_entry)
        .service(democracy::decisions::rest::restore_forward_plan_entry)
        .service(democracy::popolo::popolo_export)
        .service(democracy::committees::members::get_members)
        .service(democracy::committees::members::put_members)
        .service(democracy::proceedings::rest::get_attendance)
        .service(democracy::proceedings::rest::put_attendance)
        .service(democracy::proceedings::rest::list_motions)
        .service(democracy::proceedings::rest::create_motion)
        .service(democracy::deadlines::settings::get_settings)
        .service(democracy::deadlines::settings::put_settings)
        .service(content::rest::missing_translations)
        .service(content::rest::local_links_csv)
        .service(content::changes::list_changes)
        .service(search::rest::editor_search)
        .service(media::rest::upload_media)
        .service(media::rest::list_media)
        .service(media::rest::get_media)
        .service(media::rest::delete_media)
        .service(media::rest::media_usage)
        .service(media::rest::purge_media)
        .service(media::rest::restore_media)
        .service(content::manage::webhooks::create_webhook)
        .service(content::manage::webhooks::list_webhooks)
        .service(content::manage::webhooks::delete_webhook)
        .service(content::manage::webhooks::list_deliveries)
        .service(content::manage::webhooks::replay_delivery)
        // Web content last: its `{collection}` segment would otherwise shadow the routes above.
        .service(content::manage::rest::list_items)
        .service(content::manage::rest::create_item)
        .service(content::manage::rest::get_item)
        .service(content::manage::rest::update_item)
        .service(content::manage::rest::delete_item)
        .service(content::manage::rest::restore_item)
        .service(content::manage::rest::submit_item)
        .service(content::manage::rest::withdraw_item)
        .service(content::manage::rest::publish_item)
        .service(content::manage::rest::unpublish_item)
        .service(content::manage::rest::archive_item)
        .service(content::manage::rest::unarchive_item)
        .service(content::manage::rest::schedule_item)
        .service(content::manage::review::set_review)
        .service(content::manage::rest::list_revisions)
        .service(content::manage::rest::get_revision)
        .service(content::manage::rest::diff_revisions)
        .service(content::manage::rest::restore_revision)
        .service(content::manage::rest::item_history);
}

/// Everything under `/delivery/v1`: the public REST delivery API.
pub fn delivery_routes(cfg: &mut ServiceConfig) {
    cfg.service(content::rest::get_route)
        .service(content::rest::list_pages)
        .service(content::rest::get_page)
        .service(content::rest::list_services)
        .service(content::rest::get_service)
        .service(content::rest::list_news)
        .service(content::rest::get_news_article)
        .service(content::rest::list_alerts)
        .service(content::kinds::alert::rest::service_status)
        .service(content::kinds::directory::rest::list_directories)
        .service(content::kinds::directory::rest::get_directory)
        .service(content::kinds::directory::rest::list_directory_entries)
        .service(content::kinds::directory::rest::directory_venues)
        .service(content::kinds::directory::rest::get_directory_entry)
        .service(content::kinds::event::rest::list_events)
        .service(content::kinds::event::rest::get_event)
        .service(content::kinds::guide::rest::list_guides)
        .service(content::kinds::guide::rest::get_guide)
        .service(content::kinds::publication::rest::list_publications)
        .service(content::kinds::publication::rest::get_publication)
        .service(content::kinds::step_by_step::rest::list_step_by_steps)
        .service(content::kinds::step_by_step::rest::get_step_by_step)
        .service(content::rest::list_topics)
        .service(content::rest::get_menu)
        .service(content::openreferral::rest::openreferral_info)
        .service(content::openreferral::rest::openreferral_services)
        .service(content::openreferral::rest::openreferral_service)
        .service(content::openreferral::rest::openreferral_service_at_locations)
        .service(content::openreferral::rest::openreferral_service_at_location)
        .service(content::openreferral::rest::openreferral_organizations)
        .service(content::openreferral::rest::openreferral_organization)
        .service(content::openreferral::rest::openreferral_taxonomies)
        .service(content::openreferral::rest::openreferral_taxonomy)
        .service(content::openreferral::rest::openreferral_taxonomy_terms)
        .service(content::openreferral::rest::openreferral_taxonomy_term);
}

/// Request spans that record the path but not the query string, which may carry tokens.
pub struct PathOnlySpan;

impl RootSpanBuilder for PathOnlySpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request.extensions().get::<RequestId>().copied();
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %request.path(),
            request_id = %request_id.map(|r| r.to_string()).unwrap_or_default(),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let status = match outcome {
            Ok(response) => response.status().as_u16(),
            Err(error) => error.as_response_error().status_code().as_u16(),
        };
        tracing::info!(parent: &span, status, "request finished");
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

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
use utoipa_actix_web::service_config::ServiceConfig;
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
        // The OpenAPI document is collected once (collecting it costs more than all else a worker sets up), and each
        // worker registers the same routes on a plain App.
        let api = crate::specs::openapi();
        let known_paths = web::Data::new(crate::known_paths::KnownPaths::of(&api));
        let mut server = HttpServer::new(move || {
            let hsts = hsts.clone();
            let audit_key = audit_key.clone();
            let audit_clock = state.clock.clone();
            let app = App::new()
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
                .configure(operations_routes)
                .service(web::scope("/api/v1").configure(api_v1_routes))
                .service(web::scope("/delivery/v1").configure(delivery_routes));
            // Swagger UI's files are embedded; its online validator badge (a request to swagger.io) is off.
            app.service(
                SwaggerUi::new("/docs/{_:.*}")
                    .url("/openapi.json", api.clone())
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
            .app_data(known_paths.clone())
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

/// Where routes are registered: the OpenAPI collector (once, for the document) or a worker's plain App. Every
/// route is a handler with its OpenAPI description, so none can be served without being documented.
pub trait Routes {
    fn add<F>(&mut self, factory: F) -> &mut Self
    where
        F: actix_web::dev::HttpServiceFactory + utoipa_actix_web::OpenApiFactory + 'static;
}

impl Routes for ServiceConfig<'_> {
    fn add<F>(&mut self, factory: F) -> &mut Self
    where
        F: actix_web::dev::HttpServiceFactory + utoipa_actix_web::OpenApiFactory + 'static,
    {
        self.service(factory)
    }
}

impl Routes for web::ServiceConfig {
    fn add<F>(&mut self, factory: F) -> &mut Self
    where
        F: actix_web::dev::HttpServiceFactory + utoipa_actix_web::OpenApiFactory + 'static,
    {
        self.service(factory)
    }
}

/// `/healthz` and `/readyz`.
pub fn operations_routes(cfg: &mut impl Routes) {
    cfg.add(health::healthz).add(health::readyz);
}

/// Everything under `/api/v1`.
pub fn api_v1_routes(cfg: &mut impl Routes) {
    cfg.add(auth::rest::login)
        .add(auth::rest::refresh)
        .add(auth::rest::logout)
        .add(auth::rest::me)
        .add(crate::audit::rest::council_log)
        .add(crate::audit::rest::platform_log)
        .add(auth::rest::change_password)
        .add(auth::reset::request_reset)
        .add(auth::reset::reset_password)
        .add(auth::invitations::view_invitation)
        .add(auth::invitations::accept_invitation)
        .add(auth::invitations::invite)
        .add(auth::invitations::list_invitations)
        .add(auth::invitations::revoke_invitation)
        // Before the content routes, whose `{collection}` would take these paths.
        .add(content::redirects::list_redirects)
        .add(content::redirects::create_redirect)
        .add(content::redirects::delete_redirect)
        .add(content::redirects::import_redirects)
        .add(tenancy::rest::create_council)
        .add(tenancy::rest::list_councils)
        .add(tenancy::rest::get_council)
        .add(tenancy::rest::update_council)
        .add(crate::archive::rest::export_archive)
        .add(crate::archive::rest::import_archive)
        .add(auth::members::list_members)
        .add(auth::members::add_member)
        .add(auth::members::update_member)
        .add(auth::members::remove_member)
        .add(auth::api_tokens::list_api_tokens)
        .add(auth::api_tokens::create_api_token)
        .add(auth::api_tokens::revoke_api_token)
        .add(democracy::people::rest::list_wards)
        .add(democracy::people::rest::list_parties)
        .add(democracy::people::rest::list_councillors)
        .add(democracy::people::rest::get_councillor)
        .add(democracy::people::edit::create_councillor)
        .add(democracy::people::edit::update_councillor)
        .add(democracy::people::edit::delete_councillor)
        .add(democracy::people::edit::restore_councillor)
        .add(democracy::people::edit::create_ward)
        .add(democracy::people::edit::update_ward)
        .add(democracy::people::edit::create_party)
        .add(democracy::people::edit::update_party)
        .add(democracy::people::edit::delete_party)
        .add(democracy::people::edit::restore_party)
        .add(democracy::people::edit::delete_ward)
        .add(democracy::people::edit::restore_ward)
        .add(democracy::people::register::get_roles)
        .add(democracy::people::register::put_roles)
        .add(democracy::people::register::get_interests)
        .add(democracy::people::register::put_interests)
        .add(democracy::moderngov::rest::import_councillors_by_ward)
        .add(democracy::moderngov::rest::import_committees)
        .add(democracy::moderngov::rest::import_meetings)
        .add(democracy::committees::rest::list_committees)
        .add(democracy::committees::rest::create_committee)
        .add(democracy::committees::rest::get_committee)
        .add(democracy::committees::rest::update_committee)
        .add(democracy::committees::rest::delete_committee)
        .add(democracy::committees::rest::restore_committee)
        .add(democracy::meetings::rest::list_meetings)
        .add(democracy::meetings::rest::create_meeting)
        .add(democracy::meetings::rest::get_meeting)
        .add(democracy::meetings::rest::update_meeting)
        .add(democracy::meetings::rest::publish_agenda)
        .add(democracy::meetings::rest::publish_minutes)
        .add(democracy::meetings::rest::delete_meeting)
        .add(democracy::meetings::rest::restore_meeting)
        .add(democracy::agenda::rest::get_agenda)
        .add(democracy::agenda::rest::reorder_agenda)
        .add(democracy::agenda::rest::create_agenda_item)
        .add(democracy::agenda::rest::update_agenda_item)
        .add(democracy::agenda::rest::delete_agenda_item)
        .add(democracy::agenda::rest::restore_agenda_item)
        .add(democracy::revisions::list_revisions)
        .add(democracy::agenda::rest::upload_document)
        .add(democracy::agenda::rest::delete_document)
        .add(democracy::agenda::rest::restore_document)
        .add(democracy::decisions::rest::list_decisions)
        .add(democracy::decisions::rest::create_decision)
        .add(democracy::decisions::rest::get_decision)
        .add(democracy::decisions::rest::update_decision)
        .add(democracy::decisions::rest::publish_decision)
        .add(democracy::decisions::rest::delete_decision)
        .add(democracy::decisions::rest::restore_decision)
        .add(democracy::decisions::rest::list_forward_plan)
        .add(democracy::decisions::rest::create_forward_plan_entry)
        .add(democracy::decisions::rest::publish_forward_plan_entry)
        .add(democracy::decisions::rest::update_forward_plan_entry)
        .add(democracy::decisions::rest::delete_forward_plan_entry)
        .add(democracy::decisions::rest::restore_forward_plan_entry)
        .add(democracy::popolo::popolo_export)
        .add(democracy::committees::members::get_members)
        .add(democracy::committees::members::put_members)
        .add(democracy::proceedings::rest::get_attendance)
        .add(democracy::proceedings::rest::put_attendance)
        .add(democracy::proceedings::rest::list_motions)
        .add(democracy::proceedings::rest::create_motion)
        .add(democracy::deadlines::settings::get_settings)
        .add(democracy::deadlines::settings::put_settings)
        .add(content::rest::missing_translations)
        .add(content::rest::local_links_csv)
        .add(content::changes::list_changes)
        .add(search::rest::editor_search)
        .add(media::rest::upload_media)
        .add(media::rest::list_media)
        .add(media::rest::get_media)
        .add(media::rest::delete_media)
        .add(media::rest::media_usage)
        .add(media::rest::purge_media)
        .add(media::rest::restore_media)
        .add(content::manage::webhooks::create_webhook)
        .add(content::manage::webhooks::list_webhooks)
        .add(content::manage::webhooks::delete_webhook)
        .add(content::manage::webhooks::list_deliveries)
        .add(content::manage::webhooks::replay_delivery)
        // Web content last: its `{collection}` segment would otherwise shadow the routes above.
        .add(content::manage::rest::list_items)
        .add(content::manage::rest::create_item)
        .add(content::manage::rest::get_item)
        .add(content::manage::rest::update_item)
        .add(content::manage::rest::delete_item)
        .add(content::manage::rest::restore_item)
        .add(content::manage::rest::submit_item)
        .add(content::manage::rest::withdraw_item)
        .add(content::manage::rest::publish_item)
        .add(content::manage::rest::unpublish_item)
        .add(content::manage::rest::archive_item)
        .add(content::manage::rest::unarchive_item)
        .add(content::manage::rest::schedule_item)
        .add(content::manage::review::set_review)
        .add(content::manage::rest::list_revisions)
        .add(content::manage::rest::get_revision)
        .add(content::manage::rest::diff_revisions)
        .add(content::manage::rest::restore_revision)
        .add(content::manage::rest::item_history);
}

/// Everything under `/delivery/v1`: the public REST delivery API.
pub fn delivery_routes(cfg: &mut impl Routes) {
    cfg.add(content::rest::get_route)
        .add(content::rest::list_pages)
        .add(content::rest::get_page)
        .add(content::rest::list_services)
        .add(content::rest::get_service)
        .add(content::rest::list_news)
        .add(content::rest::get_news_article)
        .add(content::rest::list_alerts)
        .add(content::kinds::alert::rest::service_status)
        .add(content::kinds::directory::rest::list_directories)
        .add(content::kinds::directory::rest::get_directory)
        .add(content::kinds::directory::rest::list_directory_entries)
        .add(content::kinds::directory::rest::directory_venues)
        .add(content::kinds::directory::rest::get_directory_entry)
        .add(content::kinds::event::rest::list_events)
        .add(content::kinds::event::rest::get_event)
        .add(content::kinds::guide::rest::list_guides)
        .add(content::kinds::guide::rest::get_guide)
        .add(content::kinds::publication::rest::list_publications)
        .add(content::kinds::publication::rest::get_publication)
        .add(content::kinds::step_by_step::rest::list_step_by_steps)
        .add(content::kinds::step_by_step::rest::get_step_by_step)
        .add(content::rest::list_topics)
        .add(content::rest::get_menu)
        .add(content::openreferral::rest::openreferral_info)
        .add(content::openreferral::rest::openreferral_services)
        .add(content::openreferral::rest::openreferral_service)
        .add(content::openreferral::rest::openreferral_service_at_locations)
        .add(content::openreferral::rest::openreferral_service_at_location)
        .add(content::openreferral::rest::openreferral_organizations)
        .add(content::openreferral::rest::openreferral_organization)
        .add(content::openreferral::rest::openreferral_taxonomies)
        .add(content::openreferral::rest::openreferral_taxonomy)
        .add(content::openreferral::rest::openreferral_taxonomy_terms)
        .add(content::openreferral::rest::openreferral_taxonomy_term);
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

# Townhall: multi-stage build, small non-root runtime image.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY migrations ./migrations
COPY src ./src
COPY graphql ./graphql
COPY admin-spec ./admin-spec
# Files the binary embeds (include_str!/include_bytes!): GraphiQL's page and the vendored GraphiQL and React builds.
COPY assets ./assets
COPY admin-ui/dist ./admin-ui/dist
RUN cargo build --release --locked --bin townhall

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin townhall \
    && mkdir -p /data/uploads && chown -R townhall:townhall /data
COPY --from=build /src/target/release/townhall /usr/local/bin/townhall
USER townhall
WORKDIR /data
ENV TOWNHALL_BIND=0.0.0.0:8080 \
    DATABASE_URL=sqlite:///data/townhall.db?mode=rwc \
    TOWNHALL_UPLOAD_DIR=/data/uploads \
    TOWNHALL_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["townhall"]
CMD ["serve"]

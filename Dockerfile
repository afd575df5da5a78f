# syntax=docker/dockerfile:1
# DataHub image: a release `datahub` built with the official Swift image, run on a slim Debian.
#   docker build -t datahub .        (or: docker compose build; see docker-compose.yml)
# The builder tag follows the toolchain the project is developed and tested with (Swift 6.3.1, Debian 12);
# override with --build-arg SWIFT_IMAGE=swift:6.1-bookworm or another official bookworm tag.
ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS builder
# Headers of the C libraries the CCrypto, CCurl and CNCurses shims link against.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libcurl4-openssl-dev libssl-dev libncurses-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Tests/ too: SwiftPM checks that every target's folder exists before it builds anything.
COPY Package.* ./
COPY Sources ./Sources
COPY Tests ./Tests
# The Swift runtime and Foundation are linked in statically; libcurl, libcrypto and ncurses stay shared.
# The cache mount keeps fetched dependencies and build products between image builds.
RUN --mount=type=cache,target=/build/.build,id=datahub-build \
    swift build -c release --product datahub --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && install -D -m 0755 "$bin/datahub" /out/datahub \
    && cp -R "$bin/datahub_DataHubService.resources" /out/

FROM ${RUNTIME_IMAGE}
# Only the shared libraries the binary needs, and the CA certificates for https:// S3 endpoints.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libcurl4 libssl3 libncursesw6 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin datahub \
    && install -d -o datahub -g datahub -m 0750 /app /app/logs /app/logs/data-app /app/data
# The binary reads its OpenAPI document from the resource folder SwiftPM puts beside it: the two travel together.
COPY --from=builder /out/datahub /usr/local/bin/datahub
COPY --from=builder /out/datahub_DataHubService.resources /usr/local/bin/datahub_DataHubService.resources
WORKDIR /app
USER 10001:10001
ENV DATAHUB_LOG_DIR=/app/logs/data-app \
    DATAHUB_DATA_DIR=/app/data \
    DATAHUB_PORT=5000
EXPOSE 5000
# The binary checks itself (GET /health and /storage/health must be 200), so the image needs no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD ["datahub", "healthcheck", "--url", "http://127.0.0.1:5000"]
ENTRYPOINT ["datahub", "--api-only", "--host", "0.0.0.0"]

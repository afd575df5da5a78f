# shellcheck shell=bash disable=SC2154  # repo, state_dir and opt_* are set by bin/deploy.sh, which sources this
# The Docker path of bin/deploy.sh (sourced after common.sh): .env, `docker compose up`, health, bucket.
# Inputs set by deploy.sh: repo.

compose=()   # the compose command: `docker compose` (plugin) or the standalone `docker-compose`

# Picks the compose command, or stops with what to install.
find_compose() {
    if docker compose version >/dev/null 2>&1; then
        compose=(docker compose)
    elif command -v docker-compose >/dev/null; then
        compose=(docker-compose)
    else
        die "Docker answers but Compose v2 is missing: install the docker-compose-plugin package (or run with --local)"
    fi
}

# Writes .env with fresh random MinIO credentials and an API key (mode 600), unless it exists.
ensure_env_file() {
    local env_file="$repo/.env"
    if [[ -f "$env_file" ]]; then
        say ".env exists: keeping its credentials"
        return 0
    fi
    write_private "$env_file" "# Made by bin/deploy.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Keep it secret; see .env.example.
MINIO_ACCESS_KEY=datahub-$(random_hex 8)
MINIO_SECRET_KEY=$(random_hex 24)
BUCKET_NAME=${BUCKET_NAME:-analytics-data}
DATAHUB_API_KEYS=$(random_hex 32)"
    say "created .env with random MinIO credentials and an API key (mode 600)"
}

# Prints a variable's value from .env (empty when absent).
env_value() {
    state_get "$repo/.env" "$1"
}

# True when the app container of this project is running.
app_running() {
    "${compose[@]}" ps --status running --services 2>/dev/null | grep -qx app
}

# Undoes this run's `up` when the stack was not running before; then exits 1.
docker_rollback() {
    say "failed: $1"
    if [[ $was_running -eq 0 ]]; then
        say "rolling back: docker compose down (volumes are kept)"
        "${compose[@]}" down || true
    else
        say "the stack was running before this run: left as it is; see: ${compose[*]} logs app"
    fi
    exit 1
}

# Waits until the app container's own HEALTHCHECK says healthy (at most 180 s).
wait_container_healthy() {
    local state=""
    for _ in {1..90}; do
        state="$(docker inspect -f '{{.State.Health.Status}}' data-analytics-app 2>/dev/null || true)"
        [[ "$state" == healthy ]] && return 0
        sleep 2
    done
    docker_rollback "data-analytics-app is not healthy after 180 s (last state: ${state:-none}); see: ${compose[*]} logs app"
}

# The whole Docker deployment.
deploy_docker() {
    local port
    install_debian_packages curl || die "curl is needed to check the deployment's health"
    require_curl
    find_compose
    ensure_env_file
    was_running=0
    app_running && was_running=1
    say "docker compose up -d --build (only what changed is rebuilt or recreated)"
    "${compose[@]}" up -d --build || docker_rollback "docker compose up failed"
    wait_container_healthy
    say "verifying the bucket (re-running the idempotent minio-init)"
    "${compose[@]}" run --rm --no-deps minio-init >/dev/null || docker_rollback "the bucket check failed"
    port="$(env_value DATAHUB_PORT)"
    port="${port:-5000}"
    DATAHUB_API_KEY="" "$repo/bin/health-check.sh" --url "http://127.0.0.1:$port" ||
        docker_rollback "bin/health-check.sh failed"
    echo "DataHub API:    http://127.0.0.1:$port   (GET /health, /storage/health, /data with the key)"
    echo "MinIO console:  http://127.0.0.1:$(env_value MINIO_CONSOLE_PORT | grep . || echo 9001)"
    echo "API key:        DATAHUB_API_KEYS in $repo/.env (mode 600); send it as 'Authorization: Bearer <key>'"
    echo "Stop:           ${compose[*]} down   (add -v to delete the MinIO volume too)"
}

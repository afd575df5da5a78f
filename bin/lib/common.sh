# shellcheck shell=bash
# Helpers shared by bin/deploy.sh and bin/stop.sh (sourced, never run). They need `repo` set by the caller.
# The state directory (DATAHUB_DEPLOY_STATE, default <repo>/.deploy) holds everything a local deployment
# started: pid files, the ports and settings chosen, generated credentials (0600) and SeaweedFS's data.

# shellcheck disable=SC2034  # used by the scripts that source this file
state_dir="${DATAHUB_DEPLOY_STATE:-$repo/.deploy}"

# Prints a message to stderr, prefixed with the script's name.
say() { echo "${0##*/}: $*" >&2; }

# Prints a message to stderr and exits 1.
die() { say "error: $*"; exit 1; }

# Reads one pid file; prints the pid when the process lives and its command line contains `marker`
# (so a recycled pid is never taken for ours). Fails otherwise.
live_pid() {
    local file=$1 marker=$2 pid cmdline
    [[ -f "$file" ]] || return 1
    read -r pid <"$file" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
    [[ "$cmdline" == *"$marker"* ]] || return 1
    echo "$pid"
}

# Waits (at most 5 s) until a process just started in the background has exec'd the program `marker`:
# until then its command line is still the forking shell's. Fails when it dies first.
await_exec() {
    local pid=$1 marker=$2 cmdline
    for _ in {1..50}; do
        kill -0 "$pid" 2>/dev/null || return 1
        cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || true
        [[ "$cmdline" == *"$marker"* && "$cmdline" != setsid* && "$cmdline" != nohup* ]] && return 0
        sleep 0.1
    done
    return 1
}

# True when something accepts TCP connections on 127.0.0.1:port.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints a free loopback port in 20000-59999 that is not among the arguments (at most 200 tries).
free_port() {
    local port taken tries
    for ((tries = 0; tries < 200; tries++)); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        taken=0
        for used in "$@"; do [[ "$used" == "$port" ]] && taken=1; done
        if [[ $taken -eq 0 ]] && ! port_open "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free loopback port found after 200 tries"
}

# Prints `bytes` random bytes from /dev/urandom as lowercase hex.
random_hex() {
    od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# Prints the HTTP status of a GET (000 when nothing answered); 2 s to connect, 5 s in all.
http_status() {
    curl -s -o /dev/null -w '%{http_code}' --connect-timeout 2 --max-time 5 "$1" 2>/dev/null || true
}

# Waits until GET url answers 200, polling every 0.5 s for at most `seconds`. Fails on timeout.
wait_for_200() {
    local url=$1 seconds=$2 deadline
    deadline=$((SECONDS + seconds))
    while ((SECONDS < deadline)); do
        [[ "$(http_status "$url")" == 200 ]] && return 0
        sleep 0.5
    done
    return 1
}

# Sends SIGTERM to pid, waits up to `seconds` for it to exit, then SIGKILLs it. Only that pid.
stop_pid() {
    local pid=$1 seconds=$2 deadline
    kill -TERM "$pid" 2>/dev/null || return 0
    deadline=$((SECONDS + seconds))
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
    say "pid $pid did not exit within ${seconds} s of SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in {1..20}; do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

# Prints the value of KEY in a KEY=VALUE state file (empty when absent).
state_get() {
    local file=$1 wanted=$2 key value
    [[ -f "$file" ]] || return 0
    while IFS='=' read -r key value; do
        if [[ "$key" == "$wanted" ]]; then
            printf '%s\n' "$value"
            return 0
        fi
    done <"$file"
}

# Writes a file readable by its owner only, with the given content (umask 077 from the start, so no window).
write_private() {
    local file=$1 content=$2
    (umask 077 && printf '%s\n' "$content" >"$file")
    chmod 600 "$file"
}

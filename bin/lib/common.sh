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
    local port taken tries low=20000 high=59999 ephemeral_low
    # Below the kernel's ephemeral range when it leaves room: there an outgoing connection can take the port
    # between this check and the server's bind (SeaweedFS then exits at start).
    read -r ephemeral_low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || ephemeral_low=0
    if ((ephemeral_low > low + 2000)); then high=$((ephemeral_low - 1)); fi
    for ((tries = 0; tries < 200; tries++)); do
        port=$((low + (RANDOM * 32768 + RANDOM) % (high - low + 1)))
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

# Stops the script (die) when curl is not installed: every check here speaks HTTP through it, and a missing
# curl must never read as a server that does not answer.
require_curl() {
    command -v curl >/dev/null || die "curl is not installed (apt-get install curl): cannot check any HTTP endpoint"
}

# True when curl's exit status means that it could not do its work at all (not installed, bad option or URL,
# out of memory, internal error), as opposed to a server that did not answer (refused, timed out, reset).
curl_broken() {
    case "$1" in
        1 | 2 | 3 | 4 | 26 | 27 | 43 | 48 | 126 | 127) return 0 ;;
        *) return 1 ;;
    esac
}

# Prints the HTTP status of a GET (000 when nothing answered); 2 s to connect, 5 s in all. Fails with status 2
# and a line on stderr when curl is missing or could not run, so that is never taken for "no answer".
http_status() {
    local code status=0
    command -v curl >/dev/null || { say "error: curl is not installed (apt-get install curl)"; return 2; }
    code="$(curl -s -o /dev/null -w '%{http_code}' --connect-timeout 2 --max-time 5 "$1" 2>/dev/null)" || status=$?
    if curl_broken "$status"; then
        say "error: curl could not run (exit $status) for GET $1"
        return 2
    fi
    echo "${code:-000}"
}

# Waits until GET url answers 200, polling every 0.5 s for at most `seconds`. Fails with 1 on timeout, with 2
# at once when curl cannot run (see http_status).
wait_for_200() {
    local url=$1 seconds=$2 deadline code
    deadline=$((SECONDS + seconds))
    while ((SECONDS < deadline)); do
        code="$(http_status "$url")" || return 2
        [[ "$code" == 200 ]] && return 0
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

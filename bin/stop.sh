#!/usr/bin/env bash
# Stops what `bin/deploy.sh --local` started, and only that: the pids recorded in the state directory
# ($DATAHUB_DEPLOY_STATE, default <repo>/.deploy/). datahub first (SIGTERM, up to 15 s for a clean exit),
# then SeaweedFS (SIGTERM, up to 20 s); SIGKILL only after those waits. A pid whose process is gone or is
# no longer the recorded program is skipped. Credentials, ports and SeaweedFS's data stay for the next deploy.
# The Docker stack is stopped with `docker compose down` instead.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bin/lib/common.sh
source "$repo/bin/lib/common.sh"

if [[ $# -gt 0 ]]; then
    sed -n '2,6s/^# \{0,1\}//p' "$0"
    [[ "$1" == -h || "$1" == --help ]] && exit 0
    exit 64
fi

# Stops the process recorded in `pid_file` if it still runs `marker`; removes the pid file.
stop_recorded() {
    local name=$1 pid_file=$2 marker=$3 seconds=$4 pid
    [[ -f "$pid_file" ]] || return 0
    if [[ -n "$marker" ]] && pid="$(live_pid "$pid_file" "$marker")"; then
        say "stopping $name (pid $pid)"
        stop_pid "$pid" "$seconds" || say "warning: $name (pid $pid) is still there"
    else
        say "$name (pid $(head -c 20 "$pid_file")) is not running"
    fi
    rm -f "$pid_file"
}

if [[ ! -d "$state_dir" ]]; then
    say "no state directory at $state_dir: nothing to stop"
    exit 0
fi
stop_recorded datahub "$state_dir/datahub.pid" "$(state_get "$state_dir/datahub.conf" BINARY)" 15
stop_recorded SeaweedFS "$state_dir/weed.pid" "$(state_get "$state_dir/weed.conf" BINARY)" 20
say "stopped; state kept in $state_dir"

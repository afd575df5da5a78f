#!/usr/bin/env bash
# Runs DataHub from a fresh checkout on Debian: installs the missing system packages (as root; otherwise
# prints the apt-get command and stops), builds the debug binary, and runs it with your arguments.
#   bin/run.sh                      the dashboard, on the embedded store under ./data
#   bin/run.sh --api-only           headless API on http://127.0.0.1:5000
#   bin/run.sh --s3-endpoint http://127.0.0.1:9000 ...   against MinIO/S3 (MINIO_ACCESS_KEY, MINIO_SECRET_KEY)
# Needs the Swift toolchain (6.1 or later) on PATH. For a production-style deployment see bin/deploy.sh.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apt_packages=(libcurl4-openssl-dev libssl-dev libncurses-dev)
# shellcheck source=bin/lib/debian.sh
source "$repo/bin/lib/debian.sh"

main() {
    install_debian_packages "${apt_packages[@]}" || exit 1
    if ! command -v swift >/dev/null; then
        echo "swift not found: install the Swift toolchain (6.1 or later, https://www.swift.org/install/linux/)" >&2
        exit 1
    fi
    cd "$repo"
    echo "Building datahub (swift build --product datahub); the first build takes a few minutes" >&2
    swift build --product datahub >&2
    exec "$repo/.build/debug/datahub" "$@"
}

main "$@"

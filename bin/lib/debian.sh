# shellcheck shell=bash
# Debian packages for bin/test.sh, bin/run.sh and bin/deploy.sh (sourced, never run).

# Installs those of the given Debian packages that are missing: as root with apt-get; otherwise prints the
# command to run and fails. Without dpkg (not Debian) it only names them. Fails when any step fails.
install_debian_packages() {
    local missing=() package
    if ! command -v dpkg-query >/dev/null; then
        echo "dpkg-query not found: not a Debian system; make sure these are installed: $*" >&2
        return 0
    fi
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "Missing Debian packages. Run, then try again:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        return 1
    fi
    echo "Installing Debian packages: ${missing[*]}" >&2
    apt-get update || { echo "apt-get update failed" >&2; return 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
        { echo "apt-get install ${missing[*]} failed" >&2; return 1; }
}

# Prints python3-venv when python3 cannot make a venv (Debian splits ensurepip out of python3).
venv_package() {
    python3 -c 'import ensurepip, venv' 2>/dev/null || echo python3-venv
}

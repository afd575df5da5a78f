# shellcheck shell=bash
# Shared by the shell suites (sourced, never run): a PATH without curl, for the "curl is missing" checks.

# Fills folder `dir` with links to every command of the usual system folders except curl, and prints `dir`:
# `PATH="$(path_without_curl DIR)" cmd` runs cmd on a machine that has everything but curl.
path_without_curl() {
    local bin=$1 dir file
    mkdir -p "$bin"
    for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
        for file in "$dir"/*; do
            [[ "${file##*/}" == curl || -e "$bin/${file##*/}" ]] || ln -s "$file" "$bin/${file##*/}"
        done
    done
    echo "$bin"
}

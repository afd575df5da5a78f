# shellcheck shell=bash
# Sourced by the benchmarks' run.sh scripts: the CPU layout of their split rows.

# Prints the CPUs the clients get when the store is pinned to CPU 0 ("1", or "1-<last>"), or nothing when the
# rows cannot be split: fewer than 2 CPUs, no taskset, or BENCH_SPLIT=0.
split_client_cpus() {
  local cpus
  cpus=$(nproc)
  [ "$cpus" -ge 2 ] && command -v taskset >/dev/null && [ "${BENCH_SPLIT:-1}" = 1 ] || return 0
  if [ "$cpus" -gt 2 ]; then echo "1-$((cpus - 1))"; else echo 1; fi
}

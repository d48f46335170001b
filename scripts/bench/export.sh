#!/usr/bin/env bash
# Export benchmark: seeds ROWS (default 1,000,000) correlated call records (95 % matched, 2.5 % unmatched
# recordings, 2.5 % unrecorded dialogs), starts CorrelationHub on loopback, downloads /api/calls/export as CSV
# RUNS times (default 3), and prints for each the seconds, the rows received and the server's peak resident
# memory (VmHWM, the whole process), then the medians. Other work on the machine changes the numbers.
#   scripts/bench/export.sh
#   ROWS=200000 RUNS=5 scripts/bench/export.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
rows="${ROWS:-1000000}"; runs="${RUNS:-3}"
dotnet build backend/src/CorrelationHub.Web -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build scripts/bench/CorrelationBench -c Release --nologo -v quiet -clp:ErrorsOnly >&2
work="$(mktemp -d "${TMPDIR:-/tmp}/correlationhub-export.XXXXXX")"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet scripts/bench/CorrelationBench/bin/Release/net10.0/CorrelationBench.dll seed-export "$work/export.db" "$rows"

source "$root/scripts/bench/host.sh"
start_host "$work/export.db" "$work"
echo "server ready, resident $(( $(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024 )) MB before exporting"

lines=()
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  received=$(curl -sf "http://127.0.0.1:$port/api/calls/export?format=csv" | wc -l)
  end=$(date +%s.%N)
  peak=$(( $(awk '/VmHWM/ {print $2}' "/proc/$server/status") / 1024 ))
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')
  printf 'run %d: %.2f s, %d rows (header excluded), server peak resident %d MB\n' "$run" "$seconds" "$((received - 1))" "$peak"
  lines+=("$seconds $peak")
done
printf '%s\n' "${lines[@]}" | sort -n | awk -v n="$runs" '{s[NR]=$1; if ($2 > m) m=$2} END {printf "median of %d runs: %.2f s for the CSV export; server peak resident memory %d MB (highest of all runs)\n", n, s[int((n+1)/2)], m}'
